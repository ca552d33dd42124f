// A lab's four-week booking list over the bench data set (`npm run bench:data -- --if-missing`
// first): what the lab portal's calendar page asks for — the bookings of one lab's instruments that
// overlap four weeks (the three weeks before this Asia/Shanghai week and this week), each with its
// instrument's name, the requester's display name and the organisation's name — as a manager of
// the bench's largest lab (most bookings), so that every row passes through the row-level security
// of bookings, instruments, profiles and organisations. Three ways:
//   embed      supabase-js: the bookings with their instrument embedded and filtered by lab
//              (`instruments!inner`, `instrument.lab_id=eq.…`) and the organisation embedded, then
//              the requesters' profiles by id (bookings reference auth.users, not profiles, so
//              PostgREST cannot embed them). PostgREST joins the instrument laterally (with a
//              LIMIT), so Postgres must find the window's bookings of every lab first;
//   by ids     supabase-js: the lab's instruments, then the bookings with `instrument_id=in.(…)`
//              and the organisation embedded, then the profiles;
//   SQL        the same rows in one query, raw SQL in role authenticated with the manager's JWT
//              claims (as PostgREST runs it).
// All must return the same bookings and names (checked). Organisations the manager may not read
// (row-level security) come back without a name, in all three alike. p50/p95 of --runs runs after
// 2 warm-ups; a way that hits the statement timeout (8 s for authenticated) is reported as such.
// With --label NAME the figures are kept in .local/bench-results/lab-bookings-NAME.json, and a run
// with another label prints the ratio to each kept run (--label before on the old policies,
// --label after on the new ones). The manager and the bench users' missing profiles (the generator
// loads users with triggers off) are created on first use. Prints figures, asserts nothing else.
// Run: npx tsx bench/lab-bookings.ts [-- --runs 30 --label after]
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { ROOT_DIR } from "../supabase/local/config.ts";
import { argValue, numberArg } from "./args.ts";
import { benchClient, benchConfig, percentile, startBenchStack, summary, time } from "./bench-stack.ts";

const RUNS = numberArg("runs", 30);
const LABEL = argValue("label");
const RESULTS_DIR = path.join(ROOT_DIR, ".local", "bench-results");
const MANAGER = { email: "lab-manager@bench.cz-instruments.test", password: "bench-lab-manager-password-2026" };

interface Row {
  id: string;
  instrument: string;
  requester: string | null;
  organisation: string | null;
}

/** The Asia/Shanghai Monday of this week, minus `weeks` weeks, as an instant. */
function shanghaiMonday(weeks: number): Date {
  const local = new Date(Date.now() + 8 * 3_600_000);
  const isoDay = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
  const monday = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - (isoDay - 1) - 7 * weeks));
  return new Date(monday.getTime() - 8 * 3_600_000);
}

/** The Asia/Shanghai date of an instant (plus `days`). */
const shanghaiDay = (at: string, days = 0) => new Date(Date.parse(at) + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

const stack = await startBenchStack();
const db = new pg.Client({ connectionString: benchConfig.dbUrl });
await db.connect();
try {
  const { rows: size } = await db.query<{ n: string }>("select count(*) as n from public.bookings");
  if (Number(size[0].n) < 1_000_000) throw new Error("No bench data: run `npm run bench:data -- --if-missing` first.");

  // Profiles for users loaded without the sign-up trigger (idempotent).
  await db.query(
    `insert into public.profiles (id, display_name)
     select u.id, left(coalesce(u.raw_user_meta_data ->> 'display_name', split_part(u.email, '@', 1)), 80)
     from auth.users u where not exists (select 1 from public.profiles p where p.id = u.id)`,
  );
  const { rows: labs } = await db.query<{ id: string; name: string; bookings: string }>(
    `select l.id, l.name_en as name, count(*) as bookings
     from public.bookings b join public.instruments i on i.id = b.instrument_id join public.labs l on l.id = i.lab_id
     group by l.id order by count(*) desc, l.id limit 1`,
  );
  const lab = labs[0];

  const admin = benchClient(benchConfig.serviceRoleKey);
  let managerId = (await db.query<{ id: string }>("select id from auth.users where email = $1", [MANAGER.email])).rows[0]?.id;
  if (!managerId) {
    const created = await admin.auth.admin.createUser({ ...MANAGER, email_confirm: true, user_metadata: { display_name: "Bench lab manager" } });
    if (created.error || !created.data.user) throw created.error ?? new Error("no manager");
    managerId = created.data.user.id;
  }
  await db.query(`delete from public.lab_members where user_id = $1 and lab_id <> $2`, [managerId, lab.id]);
  await db.query(`insert into public.lab_members (lab_id, user_id, role) values ($1, $2, 'manager') on conflict do nothing`, [lab.id, managerId]);

  const client = benchClient();
  const signIn = await client.auth.signInWithPassword(MANAGER);
  if (signIn.error) throw signIn.error;

  const from = shanghaiMonday(3).toISOString();
  const to = shanghaiMonday(-1).toISOString();

  type Booking = { id: string; requester_id: string; instrument?: { name_zh: string }; instrument_id?: string; organisation: { name_zh: string } | null };
  const withProfiles = async (bookings: Booking[], names: (b: Booking) => string): Promise<Row[]> => {
    const ids = [...new Set(bookings.map((b) => b.requester_id))];
    const profiles = ids.length ? await client.from("profiles").select("id, display_name").in("id", ids) : { data: [], error: null };
    if (profiles.error) throw profiles.error;
    const requesters = new Map((profiles.data as { id: string; display_name: string }[]).map((p) => [p.id, p.display_name]));
    return bookings.map((b) => ({
      id: b.id,
      instrument: names(b),
      requester: requesters.get(b.requester_id) ?? null,
      organisation: b.organisation?.name_zh ?? null,
    }));
  };

  const viaEmbed = async (): Promise<Row[]> => {
    const { data, error } = await client
      .from("bookings")
      .select("id, during, status, requester_id, instrument:instruments!inner(name_zh, lab_id), organisation:organisations(name_zh)")
      .eq("instrument.lab_id", lab.id)
      .overlaps("during", `[${from},${to})`)
      .order("during");
    if (error) throw error;
    return withProfiles(data as unknown as Booking[], (b) => b.instrument?.name_zh ?? "");
  };

  const viaIds = async (): Promise<Row[]> => {
    const instruments = await client.from("instruments").select("id, name_zh").eq("lab_id", lab.id);
    if (instruments.error) throw instruments.error;
    const names = new Map((instruments.data as { id: string; name_zh: string }[]).map((i) => [i.id, i.name_zh]));
    const { data, error } = await client
      .from("bookings")
      .select("id, during, status, requester_id, instrument_id, organisation:organisations(name_zh)")
      .in("instrument_id", [...names.keys()])
      .overlaps("during", `[${from},${to})`)
      .order("during");
    if (error) throw error;
    return withProfiles(data as unknown as Booking[], (b) => names.get(b.instrument_id ?? "") ?? "");
  };

  const viaSql = async (): Promise<Row[]> => {
    await db.query("begin");
    try {
      await db.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({ sub: managerId, role: "authenticated", aud: "authenticated" }),
      ]);
      const { rows } = await db.query<Row>(
        `select b.id, i.name_zh as instrument, p.display_name as requester, o.name_zh as organisation
         from public.bookings b
         join public.instruments i on i.id = b.instrument_id
         left join public.organisations o on o.id = b.organisation_id
         left join public.profiles p on p.id = b.requester_id
         where i.lab_id = $1 and b.during && tstzrange($2, $3)
         order by b.during`,
        [lab.id, from, to],
      );
      return rows;
    } finally {
      await db.query("commit");
    }
  };

  const sql = await viaSql();
  const key = (rows: Row[]) => JSON.stringify([...rows].sort((a, b) => (a.id < b.id ? -1 : 1)));
  if (sql.some((r) => r.requester === null)) throw new Error("a requester's profile is not readable by the lab's manager");
  console.log(
    `lab "${lab.name}" (${lab.bookings} bookings in all): ${sql.length} bookings overlap the Asia/Shanghai days ${shanghaiDay(from)} … ${shanghaiDay(to, -1)}; ` +
      `${new Set(sql.map((r) => r.requester)).size} requesters; ${sql.filter((r) => r.organisation === null).length} organisations ` +
      `hidden from the manager by RLS; ${RUNS} runs after 2 warm-ups, as its manager`,
  );

  const ways: [string, string, () => Promise<Row[]>][] = [
    ["embed", "PostgREST, instrument embedded and filtered by lab, + profiles", viaEmbed],
    ["ids", "PostgREST, lab's instruments, bookings by instrument ids, + profiles", viaIds],
    ["sql", "SQL, one query in role authenticated", viaSql],
  ];
  const figures: Record<string, { p50: number; p95: number } | "timeout"> = {};
  for (const [name, label, fn] of ways) {
    let rows: Row[];
    try {
      rows = await fn();
    } catch (error) {
      if ((error as { code?: string }).code !== "57014") throw error;
      figures[name] = "timeout";
      console.log(`  ${label.padEnd(72)} times out (statement_timeout)`);
      continue;
    }
    if (key(rows) !== key(sql)) throw new Error(`${name} and SQL disagree: ${rows.length} vs ${sql.length} rows`);
    const samples = await time(fn, RUNS, 2);
    figures[name] = { p50: percentile(samples, 50), p95: percentile(samples, 95) };
    console.log(`  ${label.padEnd(72)} ${summary(samples)}`);
  }
  const fig = (name: string) => (figures[name] === "timeout" ? null : (figures[name] as { p50: number; p95: number }));
  for (const name of ["embed", "ids"]) {
    const rest = fig(name);
    const sqlFig = fig("sql");
    if (rest && sqlFig) console.log(`  ${name} / SQL at p50: ${(rest.p50 / sqlFig.p50).toFixed(2)}`);
  }

  if (LABEL) {
    const result = { label: LABEL, rows: sql.length, figures, at: new Date().toISOString() };
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.writeFileSync(path.join(RESULTS_DIR, `lab-bookings-${LABEL}.json`), JSON.stringify(result, null, 2) + "\n");
    for (const file of fs.readdirSync(RESULTS_DIR).filter((f) => f.startsWith("lab-bookings-") && f !== `lab-bookings-${LABEL}.json`)) {
      const other = JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, file), "utf8")) as typeof result;
      const parts = Object.keys(figures).map((name) => {
        const a = other.figures[name];
        const b = figures[name];
        if (!a || !b) return `${name} n/a`;
        if (a === "timeout" || b === "timeout") return `${name} ${a === "timeout" ? "timeout" : `${a.p50.toFixed(1)} ms`} → ${b === "timeout" ? "timeout" : `${b.p50.toFixed(1)} ms`}`;
        return `${name} p50 ${(a.p50 / b.p50).toFixed(1)}× / p95 ${(a.p95 / b.p95).toFixed(1)}×`;
      });
      console.log(`  ${other.label} → ${LABEL} (> 1×: ${LABEL} is faster): ${parts.join(", ")}`);
    }
  }
} finally {
  await db.end();
  await stack.stop();
}
