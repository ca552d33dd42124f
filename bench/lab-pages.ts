// Server time of the lab workspace's pages over the bench data set (`npm run bench:data --
// --if-missing` and `npm run build` first), for a technician of the bench's largest lab (most
// bookings): the built app (server/index.ts, as `npm start` runs it) on a spare port against the bench stack,
// GET /lab, /lab/requests and /lab/calendar (this week, all instruments) as HTML with the
// technician's session cookie, next to the SQL alone — lab_overview, lab_requests and
// lab_calendar in role authenticated with the technician's JWT claims, as PostgREST calls them.
// p50/p95 of --runs requests after 3 warm-ups. The generator leaves only future bookings pending,
// and its span ends near today, so the lab's queue is put in place for the run: --queue pending
// requests (default 60, a busy lab's morning) from the lab's past requesters, each waiting since a
// different hour, on its instruments after their last booking; written and removed without the
// booking triggers (no e-mails, audit or rollups: they are the bench's, not a user's), so the
// bench database is left as it was. Prints figures, asserts nothing.
// Run: npx tsx bench/lab-pages.ts [-- --runs 30 --queue 60]   (TEST_PORT_OFFSET=N moves the bench stack's ports)
import pg from "pg";
import { machineLoad, startAppServer } from "./app-server.ts";
import { numberArg } from "./args.ts";
import { benchClient, benchConfig, percentile, startBenchStack } from "./bench-stack.ts";

const RUNS = numberArg("runs", 30);
const QUEUE = numberArg("queue", 60);
const TECHNICIAN = { email: "lab-technician@bench.cz-instruments.test", password: "bench-lab-technician-password-2026" };

/** The Asia/Shanghai Monday of this week, as an instant, and the Monday after. */
function thisWeek(): [string, string] {
  const local = new Date(Date.now() + 8 * 3_600_000);
  const isoDay = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
  const monday = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - (isoDay - 1)) - 8 * 3_600_000;
  return [new Date(monday).toISOString(), new Date(monday + 7 * 86_400_000).toISOString()];
}

const stack = await startBenchStack();
const db = new pg.Client({ connectionString: benchConfig.dbUrl });
await db.connect();
const app = await startAppServer(benchConfig);
const appUrl = app.url;
try {
  const { rows: size } = await db.query<{ n: string }>("select count(*) as n from public.bookings");
  if (Number(size[0].n) < 1_000_000) throw new Error("No bench data: run `npm run bench:data -- --if-missing` first.");
  const { rows: labs } = await db.query<{ id: string; name: string; bookings: string; instruments: string; pending: string }>(
    `select l.id, l.name_en as name, count(*) as bookings, count(distinct i.id) as instruments,
            count(*) filter (where b.status = 'pending') as pending
     from public.bookings b join public.instruments i on i.id = b.instrument_id join public.labs l on l.id = i.lab_id
     group by l.id order by count(*) desc, l.id limit 1`,
  );
  const lab = labs[0];

  // The technician: created on first use, staff of the largest lab only.
  const admin = benchClient(benchConfig.serviceRoleKey);
  let userId = (await db.query<{ id: string }>("select id from auth.users where email = $1", [TECHNICIAN.email])).rows[0]?.id;
  if (!userId) {
    const created = await admin.auth.admin.createUser({ ...TECHNICIAN, email_confirm: true, user_metadata: { display_name: "Bench technician" } });
    if (created.error || !created.data.user) throw created.error ?? new Error("no technician");
    userId = created.data.user.id;
  }
  await db.query(`delete from public.lab_members where user_id = $1 and lab_id <> $2`, [userId, lab.id]);
  await db.query(`insert into public.lab_members (lab_id, user_id, role) values ($1, $2, 'technician') on conflict do nothing`, [lab.id, userId]);

  // Sign in through the app's login form; keep the session cookies it sets.
  const login = await fetch(`${appUrl}/login?index`, {
    method: "POST",
    body: new URLSearchParams(TECHNICIAN),
    redirect: "manual",
    headers: { Origin: appUrl },
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  if (!cookie.includes("auth-token")) throw new Error(`sign-in failed: ${login.status}`);

  const page = (url: string) => async () => {
    const res = await fetch(`${appUrl}${url}`, { headers: { Accept: "text/html", Cookie: cookie } });
    const html = await res.text();
    if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
    return html.length;
  };

  const claims = JSON.stringify({ sub: userId, role: "authenticated", aud: "authenticated" });
  const sql = (query: string, params: unknown[]) => async () => {
    await db.query("begin");
    try {
      await db.query("set local role authenticated");
      await db.query("select set_config('request.jwt.claims', $1, true)", [claims]);
      const { rows } = await db.query(query, params);
      return rows.length;
    } finally {
      await db.query("commit");
    }
  };

  const measure = async (name: string, fn: () => Promise<number>) => {
    for (let i = 0; i < 3; i++) await fn();
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      await fn();
      samples.push(performance.now() - start);
    }
    console.log(
      `  ${name.padEnd(52)} p50 ${percentile(samples, 50).toFixed(1).padStart(7)} ms, p95 ${percentile(samples, 95).toFixed(1).padStart(7)} ms  (n=${samples.length})`,
    );
  };

  // The queue: QUEUE pending requests, round-robin over the lab's instruments, two hours each,
  // a day apart per instrument, from a day after the instrument's last booking.
  await db.query("set session_replication_role = replica");
  const { rows: placed } = await db.query<{ id: string }>(
    `with lab_instruments as (
       select i.id, i.hourly_rate_cny, i.service_modes[1] as mode,
              row_number() over (order by i.id) - 1 as k, count(*) over () as n,
              coalesce((select max(upper(b.during)) from public.bookings b where b.instrument_id = i.id), now()) as after
       from public.instruments i where i.lab_id = $1 and i.status = 'active'),
     requesters as (
       select d.requester_id, d.organisation_id, row_number() over (order by d.requester_id) - 1 as k
       from (select distinct on (b.requester_id) b.requester_id, b.organisation_id
             from public.bookings b join public.instruments i on i.id = b.instrument_id
             where i.lab_id = $1 order by b.requester_id limit 200) d),
     q as (select g - 1 as k from generate_series(1, $2::int) g)
     insert into public.bookings (instrument_id, requester_id, organisation_id, during, status, service_mode, purpose,
       sample_description, rate_cny, estimated_cost_cny, created_at, updated_at)
     select li.id, r.requester_id, r.organisation_id,
            tstzrange(date_trunc('day', li.after) + interval '1 day' * (1 + q.k / li.n) + interval '10 hours',
                      date_trunc('day', li.after) + interval '1 day' * (1 + q.k / li.n) + interval '12 hours'),
            'pending', li.mode, '失效分析（基准测试队列）', '样品 3 件，金属断口', li.hourly_rate_cny, 2 * li.hourly_rate_cny,
            now() - make_interval(hours => q.k), now() - make_interval(hours => q.k)
     from q join lab_instruments li on li.k = q.k % li.n
     join requesters r on r.k = q.k % (select count(*) from requesters)
     returning id`,
    [lab.id, QUEUE],
  );
  await db.query("set session_replication_role = origin");
  try {
    const [from, to] = thisWeek();
    const { rows: queue } = await db.query<{ n: string }>(
      `select count(*) as n from public.bookings b join public.instruments i on i.id = b.instrument_id where i.lab_id = $1 and b.status = 'pending'`,
      [lab.id],
    );
    console.log(
      `lab workspace, largest bench lab "${lab.name}" (${lab.instruments} instruments, ${lab.bookings} bookings, ${queue[0].n} pending), ${RUNS} runs each ${machineLoad()}:`,
    );
    await measure("GET /lab (built app, HTML)", page("/lab"));
    await measure("  SQL: lab_overview", sql("select public.lab_overview($1)", [lab.id]));
    await measure("GET /lab/requests (built app, HTML)", page("/lab/requests"));
    await measure("  SQL: lab_requests", sql("select * from public.lab_requests($1)", [lab.id]));
    await measure("GET /lab/calendar this week (built app, HTML)", page("/lab/calendar?view=week"));
    await measure("  SQL: lab_calendar (this week)", sql("select public.lab_calendar($1, $2, $3)", [lab.id, from, to]));
  } finally {
    // The queue goes as it came, without the triggers.
    await db.query("set session_replication_role = replica");
    await db.query("delete from public.bookings where id = any($1::uuid[])", [placed.map((b) => b.id)]);
    await db.query("set session_replication_role = origin");
  }
} finally {
  await app.stop();
  await db.end();
  await stack.stop();
}
