// Figures for the booking engine: request_booking throughput at concurrency 10 through supabase-js
// (gateway → PostgREST → Postgres) against calling the SQL function directly with `pg` (role
// authenticated and JWT claims set, as PostgREST does), and the latency of the public calendar
// functions (instrument_busy, free_slots) for one instrument over 4 weeks with ~100 bookings.
// Figures only, no assertions.
// Run: npx tsx bench/booking.ts   (uses ports 574xx and .local/bench-booking)
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import { stackConfig } from "../supabase/local/config.ts";
import { startStack } from "../supabase/local/stack.ts";
import { clientOptions as options, percentile } from "./bench-stack.ts";

const config = stackConfig({
  ...process.env,
  STACK_API_PORT: "57421",
  STACK_DB_PORT: "57422",
  STACK_MAIL_PORT: "57424",
  STACK_REST_PORT: "57430",
  STACK_DATA_DIR: ".local/bench-booking",
  STACK_SEND_EMAIL_HOOK_URL: "http://127.0.0.1:9/unused",
});
const CONCURRENCY = 10;
const REQUESTS = 1000;
const WARM_UP = 50;
const LATENCY_SAMPLES = 200;



/** Runs `count` tasks with `limit` in flight; returns elapsed milliseconds. */
async function run(count: number, limit: number, task: (i: number, worker: number) => Promise<void>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: limit }, async (_, worker) => {
      while (next < count) await task(next++, worker);
    }),
  );
  return performance.now() - start;
}

async function latency(samples: number, call: () => Promise<void>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 10; i++) await call(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await call();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const stack = await startStack(config, { reset: true, log: () => undefined });
const db = new pg.Pool({ connectionString: config.dbUrl, max: CONCURRENCY + 2 });
const one = async <T>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows[0] as T;

try {
  // The world: an SME, a university lab with two staff, instruments open round the clock.
  const tag = randomUUID().slice(0, 8);
  const { id: districtId } = await one<{ id: string }>(`insert into public.districts (code, name_zh, name_en) values ($1, '基准区', 'Bench') returning id`, [`b_${tag}`]);
  const { id: categoryId } = await one<{ id: string }>(
    `insert into public.instrument_categories (code, name_zh, name_en) values ($1, '基准类', 'Bench') returning id`,
    [`b_${tag}`],
  );
  const { id: smeId } = await one<{ id: string }>(`insert into public.organisations (name_zh, kind) values ('基准中小企业', 'sme') returning id`);
  const { id: uniId } = await one<{ id: string }>(`insert into public.organisations (name_zh, kind) values ('基准大学', 'university') returning id`);
  const { id: labId } = await one<{ id: string }>(
    `insert into public.labs (organisation_id, name_zh, name_en, district_id, address_zh, status)
     values ($1, '基准实验室', 'Bench lab', $2, '常州市基准路 1 号', 'approved') returning id`,
    [uniId, districtId],
  );
  const admin = createClient(config.apiUrl, config.serviceRoleKey, options);
  async function signedIn(): Promise<{ id: string; client: SupabaseClient }> {
    const email = `bench-${randomUUID().slice(0, 8)}@example.test`;
    const password = `pw-${randomUUID()}`;
    const created = await admin.auth.admin.createUser({ email, password, email_confirm: true });
    if (created.error || !created.data.user) throw created.error ?? new Error("no user");
    const client = createClient(config.apiUrl, config.anonKey, options);
    const signIn = await client.auth.signInWithPassword({ email, password });
    if (signIn.error) throw signIn.error;
    return { id: created.data.user.id, client };
  }
  const staff = await Promise.all([signedIn(), signedIn()]);
  for (const s of staff) await db.query(`insert into public.lab_members (lab_id, user_id, role) values ($1, $2, 'technician')`, [labId, s.id]);
  const engineers = await Promise.all(Array.from({ length: CONCURRENCY }, () => signedIn()));
  for (const e of engineers) {
    await db.query(`insert into public.organisation_members (organisation_id, user_id) values ($1, $2)`, [smeId, e.id]);
    await db.query(`update public.profiles set organisation_id = $1 where id = $2`, [smeId, e.id]);
  }
  async function instrument(): Promise<string> {
    const { id } = await one<{ id: string }>(
      `insert into public.instruments (lab_id, category_id, name_zh, name_en, hourly_rate_cny, sme_rate_cny, requires_approval,
         slot_minutes, min_booking_minutes, max_booking_minutes, lead_time_hours, max_advance_days)
       values ($1, $2, '基准仪器', 'Bench instrument', 500, 300, true, 15, 15, 240, 0, 365) returning id`,
      [labId, categoryId],
    );
    await db.query(
      `insert into public.availability_rules (instrument_id, weekday, start_time, end_time) select $1, d, '00:00', '24:00' from generate_series(1, 7) d`,
      [id],
    );
    return id;
  }
  // Non-overlapping quarter-hour slots from tomorrow, so every request succeeds (the full write path).
  const base = Math.ceil((Date.now() + 24 * 3600_000) / 3600_000) * 3600_000;
  const slot = (i: number) => ({ start: new Date(base + i * 900_000).toISOString(), end: new Date(base + (i + 1) * 900_000).toISOString() });

  // 1. request_booking through supabase-js.
  const viaJs = await instrument();
  const jsCall = async (i: number, worker: number) => {
    const { start, end } = slot(i);
    const { error } = await engineers[worker].client.rpc("request_booking", {
      p_instrument_id: viaJs,
      p_starts_at: start,
      p_ends_at: end,
      p_purpose: "Benchmark",
      p_service_mode: "sample_submission",
    });
    if (error) throw new Error(`${error.message} ${error.details ?? ""}`);
  };
  await run(WARM_UP, CONCURRENCY, jsCall);
  const jsMs = await run(REQUESTS, CONCURRENCY, (i, w) => jsCall(i + WARM_UP, w));

  // 2. The same function directly over pg, one transaction per request as PostgREST runs it: all
  //    on one instrument (its writes wait in line, ADR 025: the worst case), then each worker on
  //    its own instrument (the usual case: requests spread over many instruments).
  const viaPg = await instrument();
  const spread = await Promise.all(Array.from({ length: CONCURRENCY }, () => instrument()));
  const pgCallOn = (pick: (worker: number) => string) => async (i: number, worker: number) => {
    const { start, end } = slot(i);
    const client = await db.connect();
    try {
      await client.query("begin");
      await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({ sub: engineers[worker].id, role: "authenticated" }),
      ]);
      await client.query(`select * from public.request_booking($1, $2, $3, 'Benchmark', 'sample_submission')`, [pick(worker), start, end]);
      await client.query("commit");
    } catch (error) {
      await client.query("rollback");
      throw error;
    } finally {
      client.release();
    }
  };
  const pgCall = pgCallOn(() => viaPg);
  await run(WARM_UP, CONCURRENCY, pgCall);
  const pgMs = await run(REQUESTS, CONCURRENCY, (i, w) => pgCall(i + WARM_UP, w));
  const spreadCall = pgCallOn((worker) => spread[worker]);
  await run(WARM_UP, CONCURRENCY, spreadCall);
  const spreadMs = await run(REQUESTS, CONCURRENCY, (i, w) => spreadCall(i + WARM_UP, w));

  const jsRate = REQUESTS / (jsMs / 1000);
  const pgRate = REQUESTS / (pgMs / 1000);
  const spreadRate = REQUESTS / (spreadMs / 1000);

  // 3. Calendar latency: one instrument, Mon–Fri 08:00–18:00 plus Saturday mornings, 4 weeks,
  //    5 bookings per working day outside a closure day and a maintenance morning (93).
  const { id: calendar } = await one<{ id: string }>(
    `insert into public.instruments (lab_id, category_id, name_zh, name_en, hourly_rate_cny, sme_rate_cny,
       slot_minutes, min_booking_minutes, max_booking_minutes, lead_time_hours)
     values ($1, $2, '日历仪器', 'Calendar instrument', 500, 300, 30, 60, 240, 0) returning id`,
    [labId, categoryId],
  );
  await db.query(
    `insert into public.availability_rules (instrument_id, weekday, start_time, end_time)
     select $1::uuid, d, '08:00'::time, '18:00'::time from generate_series(1, 5) d
     union all select $1::uuid, 6, '09:00'::time, '12:00'::time`,
    [calendar],
  );
  const { monday } = await one<{ monday: Date }>(
    `select date_trunc('week', ((now() at time zone 'Asia/Shanghai')::date + 7)::timestamp) at time zone 'Asia/Shanghai' as monday`,
  );
  // The closure and maintenance first: the database refuses them over live bookings (the
  // stranding rule), so the bookings keep out of them.
  await db.query(
    `insert into public.availability_exceptions (instrument_id, kind, during) values
       ($1, 'closure', tstzrange($2::timestamptz + interval '9 days', $2::timestamptz + interval '10 days')),
       ($1, 'maintenance', tstzrange($2::timestamptz + interval '16 days 8 hours', $2::timestamptz + interval '16 days 12 hours'))`,
    [calendar, monday],
  );
  const inserted = await one<{ n: number }>(
    `with days as (
       select $2::timestamptz + make_interval(days => d) as day from generate_series(0, 27) d
       where extract(isodow from ($2::timestamptz + make_interval(days => d)) at time zone 'Asia/Shanghai') <= 5
     ), b as (
       insert into public.bookings (instrument_id, requester_id, organisation_id, during, status, service_mode, purpose, rate_cny, estimated_cost_cny)
       select $1, $3, $4, tstzrange(day + make_interval(hours => h), day + make_interval(hours => h + 1)),
              case when h % 4 = 0 then 'pending' else 'confirmed' end::public.booking_status, 'sample_submission', 'Bench', 300, 300
       from days, unnest(array[8, 10, 12, 14, 16]) h
       where not exists (
         select 1 from public.availability_exceptions e
         where e.instrument_id = $1 and e.during && tstzrange(day + make_interval(hours => h), day + make_interval(hours => h + 1)))
       returning 1
     )
     select count(*)::int as n from b`,
    [calendar, monday, engineers[0].id, smeId],
  );
  const from = monday.toISOString();
  const to = new Date(monday.getTime() + 28 * 24 * 3600_000).toISOString();
  const visitor = createClient(config.apiUrl, config.anonKey, options);
  const args = { p_instrument_id: calendar, p_from: from, p_to: to };
  let busyRows = 0;
  let freeRows = 0;
  const busyJs = await latency(LATENCY_SAMPLES, async () => {
    const { data, error } = await visitor.rpc("instrument_busy", args);
    if (error) throw error;
    busyRows = (data as unknown[]).length;
  });
  const freeJs = await latency(LATENCY_SAMPLES, async () => {
    const { data, error } = await visitor.rpc("free_slots", { ...args, p_minutes: 60 });
    if (error) throw error;
    freeRows = (data as unknown[]).length;
  });
  const anonSql = async (sql: string) => {
    const client = await db.connect();
    try {
      await client.query("begin");
      await client.query(`set local role anon`);
      await client.query(sql, [calendar, from, to]);
      await client.query("rollback");
    } finally {
      client.release();
    }
  };
  const busySql = await latency(LATENCY_SAMPLES, () => anonSql(`select * from public.instrument_busy($1, $2, $3)`));
  const freeSql = await latency(LATENCY_SAMPLES, () => anonSql(`select * from public.free_slots($1, $2, $3, 60)`));

  const f1 = (n: number) => n.toFixed(1);
  console.log(`request_booking, ${REQUESTS} successful requests, concurrency ${CONCURRENCY} (pending; 3 outbox rows each):`);
  console.log(`  supabase-js (gateway → PostgREST), one instrument: ${f1(jsRate)} requests/s  (mean latency ${f1((jsMs * CONCURRENCY) / REQUESTS)} ms)`);
  console.log(`  pg, SQL function directly, one instrument        : ${f1(pgRate)} requests/s  (mean latency ${f1((pgMs * CONCURRENCY) / REQUESTS)} ms)`);
  console.log(`  pg, SQL function directly, ${CONCURRENCY} instruments        : ${f1(spreadRate)} requests/s  (mean latency ${f1((spreadMs * CONCURRENCY) / REQUESTS)} ms)`);
  console.log(`  ratio pg / supabase-js (one instrument)          : ${(pgRate / jsRate).toFixed(2)}×`);
  console.log(`calendar, one instrument, 4 weeks, ${inserted.n} bookings + 2 exceptions (${busyRows} busy rows, ${freeRows} free 60-min slots), n=${LATENCY_SAMPLES}:`);
  console.log(`  instrument_busy via supabase-js: p50 ${f1(busyJs.p50)} ms, p95 ${f1(busyJs.p95)} ms`);
  console.log(`  instrument_busy via pg (anon)  : p50 ${f1(busySql.p50)} ms, p95 ${f1(busySql.p95)} ms`);
  console.log(`  free_slots via supabase-js     : p50 ${f1(freeJs.p50)} ms, p95 ${f1(freeJs.p95)} ms`);
  console.log(`  free_slots via pg (anon)       : p50 ${f1(freeSql.p50)} ms, p95 ${f1(freeSql.p95)} ms`);
} finally {
  await db.end();
  await stack.stop();
}
