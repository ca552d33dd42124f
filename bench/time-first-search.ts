// Time-first catalogue search ("free for N minutes between A and B") over the bench data set's
// 10,000 instruments (`npm run bench:data -- --if-missing` first): windows of 1, 7 and 31 days
// from the day after tomorrow (Asia/Shanghai midnight), 60 and 240 minutes, the catalogue's first
// page of 20 by name, as a visitor (role anon, RLS):
//   reference  the booking engine's free_slots once per active instrument (the length rounded up to
//              the instrument's slot and minimum, as the search does), counting the instruments
//              whose first slot ends by the window's end: what the app did until search_instruments
//              (then in a plpgsql loop, instruments_free_between, since removed). Raw SQL in the
//              anon role without a statement timeout: it takes seconds, beyond anon's 3 s;
//   search     search_instruments (one set-wise call: the page's ids and the total), then the page's
//              rows by id, as the app does (app/lib/catalogue.server.ts), through PostgREST
//              (supabase-js, anon key); and the function alone as raw SQL in the anon role.
// Both must find the same number of instruments (checked). p50/p95 per window.
// Prints figures, asserts nothing else.
// Run: npx tsx bench/time-first-search.ts [-- --runs-before 3 --runs-after 15]
import pg from "pg";
import { numberArg } from "./args.ts";
import { benchClient, benchConfig, startBenchStack, summary, time } from "./bench-stack.ts";

const RUNS_BEFORE = numberArg("runs-before", 3);
const RUNS_AFTER = numberArg("runs-after", 15);
const WINDOWS = [1, 7, 31];
const MINUTES = [60, 240];

const ITEM_COLUMNS =
  "id, name_zh, name_en, model, manufacturer, hourly_rate_cny, sme_rate_cny, service_modes, requires_approval, status, " +
  "category:instrument_categories(code, name_zh, name_en), " +
  "labs!inner(id, name_zh, name_en, accreditations, district:districts(code, name_zh, name_en))";

/** Asia/Shanghai midnight `days` days after today's Shanghai date. */
function shanghaiMidnight(days: number): Date {
  const date = new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
  return new Date(`${date}T00:00:00+08:00`);
}

const stack = await startBenchStack();
const db = new pg.Client({ connectionString: benchConfig.dbUrl });
await db.connect();
try {
  const { rows: n } = await db.query<{ n: string }>("select count(*) as n from public.instruments");
  if (Number(n[0].n) < 10_000) throw new Error("No bench data: run `npm run bench:data -- --if-missing` first.");
  const anon = benchClient();

  const asAnon = async <T extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<T[]> => {
    await db.query("begin");
    try {
      await db.query("set local role anon; set local statement_timeout = 0");
      return (await db.query<T>(sql, params)).rows;
    } finally {
      await db.query("commit");
    }
  };
  const before = async (from: string, to: string, minutes: number) => {
    const rows = await asAnon<{ id: string }>(
      `select i.id
       from public.instruments i
       join public.labs l on l.id = i.lab_id
       cross join lateral (
         select greatest(ceil($3::numeric / i.slot_minutes), ceil(i.min_booking_minutes::numeric / i.slot_minutes))::int
                * i.slot_minutes as len
       ) as m
       where i.status = 'active' and l.status = 'approved' and m.len <= i.max_booking_minutes
         and (select f.ends_at from public.free_slots(i.id, $1, $2, m.len) as f order by f.starts_at limit 1) <= $2`,
      [from, to, minutes],
    );
    return rows.map((row) => row.id);
  };
  const afterSql = async (from: string, to: string, minutes: number) => {
    const rows = await asAnon<{ total: string }>(
      "select total from public.search_instruments(p_free_from => $1, p_free_to => $2, p_free_minutes => $3, p_sort => 'name')",
      [from, to, minutes],
    );
    return Number(rows[0].total);
  };
  const after = async (from: string, to: string, minutes: number) => {
    const { data, error } = await anon.rpc("search_instruments", {
      p_free_from: from,
      p_free_to: to,
      p_free_minutes: minutes,
      p_sort: "name",
      p_limit: 20,
    });
    if (error) throw error;
    const { ids, total } = (data as { ids: string[]; total: number }[])[0];
    if (ids.length) {
      const page = await anon.from("instruments").select(ITEM_COLUMNS).in("id", ids);
      if (page.error) throw page.error;
    }
    return total;
  };

  console.log(
    `time-first search over ${n[0].n} instruments as a visitor (role anon), first page of 20; ` +
      `reference ${RUNS_BEFORE} runs, search ${RUNS_AFTER} runs (+1 warm-up) per window:`,
  );
  const start = shanghaiMidnight(2);
  for (const days of WINDOWS) {
    for (const minutes of MINUTES) {
      const from = start.toISOString();
      const to = new Date(start.getTime() + days * 86_400_000).toISOString();
      let freeIds: string[] = [];
      const beforeSamples = await time(async () => (freeIds = await before(from, to, minutes)), RUNS_BEFORE, 0);
      let total = 0;
      const afterSamples = await time(async () => (total = await after(from, to, minutes)), RUNS_AFTER, 1);
      if (total !== freeIds.length) throw new Error(`${days} d, ${minutes} min: reference ${freeIds.length} free, search ${total}`);
      const afterSqlSamples = await time(async () => (total = await afterSql(from, to, minutes)), RUNS_AFTER, 1);
      if (total !== freeIds.length) throw new Error(`${days} d, ${minutes} min: reference ${freeIds.length} free, search (SQL) ${total}`);
      const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      console.log(`  ${String(days).padStart(2)} d, ${String(minutes).padStart(3)} min: ${total} free instruments`);
      console.log(`      reference  free_slots per instrument (SQL)       ${summary(beforeSamples)}`);
      console.log(`      search     search_instruments (SQL)              ${summary(afterSqlSamples)}   (${(p50(beforeSamples) / p50(afterSqlSamples)).toFixed(0)}× faster at p50)`);
      console.log(`                 search_instruments + page (PostgREST) ${summary(afterSamples)}`);
    }
  }
} finally {
  await db.end();
  await stack.stop();
}
