// The daily digest of new booking requests (ADR 021) over 10,000 requests: how long the worker's
// queue_lab_request_digests() takes when one lab received 10,000 requests in the digest's 24 hours
// and three of its staff read digests, then lab_request_digest_context() for one of them (what the
// worker reads at send time) and rendering that e-mail. Everything is written in one transaction
// that is rolled back, so any database with the migrations will do: the bench stack by default
// (`--db-url URL` for another, e.g. a dev stack). The figures depend on the machine's load; say so.
// Run: npx tsx bench/lab-digest.ts [-- --runs 5 --requests 10000 --db-url postgresql://…]
import { randomUUID } from "node:crypto";
import pg from "pg";
import { argValue, numberArg } from "./args.ts";
import { benchConfig, startBenchStack, summary } from "./bench-stack.ts";

const RUNS = numberArg("runs", 5);
const REQUESTS = numberArg("requests", 10_000);
const dbUrlArg = argValue("db-url");

process.env.APP_URL ??= "http://localhost:3000";
const stack = dbUrlArg ? null : await startBenchStack();
const db = new pg.Client({ connectionString: dbUrlArg ?? benchConfig.dbUrl });
await db.connect();
const { composeDigestEmail, digestContextSchema } = await import("../app/lib/email/digest-emails.server.ts");

const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows as T[];

/** Shanghai date string `days` from today. */
const shanghaiDay = (days = 0) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

const queueMs: number[] = [];
const contextMs: number[] = [];
const renderMs: number[] = [];
let rows = 0;
let listed = 0;
try {
  for (let run = 0; run < RUNS + 1; run++) {
    await q("begin");
    try {
      const [{ id: district }] = await q<{ id: string }>(`insert into public.districts (code, name_zh, name_en) values ($1, '基准区', 'Bench') returning id`, [`bd_${randomUUID().slice(0, 8)}`]);
      const [{ id: category }] = await q<{ id: string }>(`insert into public.instrument_categories (code, name_zh, name_en) values ($1, '基准类', 'Bench') returning id`, [`bk_${randomUUID().slice(0, 8)}`]);
      const [{ id: org }] = await q<{ id: string }>(`insert into public.organisations (name_zh, kind, district_id) values ('基准大学', 'university', $1) returning id`, [district]);
      const [{ id: sme }] = await q<{ id: string }>(`insert into public.organisations (name_zh, name_en, kind) values ('基准企业', 'Bench SME', 'sme') returning id`);
      const [{ id: lab }] = await q<{ id: string }>(
        `insert into public.labs (organisation_id, name_zh, name_en, district_id, address_zh, status) values ($1, '基准实验室', 'Bench lab', $2, '常州市基准路 1 号', 'approved') returning id`,
        [org, district],
      );
      const users = await q<{ id: string }>(
        `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
         select '00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated', 'digest-' || gen_random_uuid() || '@bench.test', '', now(),
                '{"provider":"email"}', jsonb_build_object('locale', case when g % 2 = 0 then 'en' else 'zh-CN' end), now(), now()
         from generate_series(1, 4) g returning id`,
      );
      const [requester, ...staff] = users.map((u) => u.id);
      await q(`insert into public.lab_members (lab_id, user_id, role) select $1, unnest($2::uuid[]), 'technician'`, [lab, staff]);
      await q(`insert into public.lab_staff_settings (user_id, request_mail) select unnest($1::uuid[]), 'digest'`, [staff]);
      const instruments = await q<{ id: string }>(
        `insert into public.instruments (lab_id, category_id, name_zh, name_en, hourly_rate_cny, sme_rate_cny)
         select $1, $2, '基准仪器 ' || g, 'Bench instrument ' || g, 300, 200 from generate_series(1, 20) g returning id`,
        [lab, category],
      );
      // REQUESTS pending requests, created through the 24 hours to 08:00 Shanghai today, one-hour
      // slots spread over 20 instruments from next week on
      const windowEnd = new Date(`${shanghaiDay(0)}T08:00:00+08:00`);
      await q(
        `insert into public.bookings (instrument_id, requester_id, organisation_id, during, status, service_mode, purpose, rate_cny, estimated_cost_cny, created_at)
         select ($1::uuid[])[1 + g % 20], $2, $3,
                tstzrange(date_trunc('hour', now()) + interval '7 days' + (g / 20) * interval '1 hour',
                          date_trunc('hour', now()) + interval '7 days' + (g / 20 + 1) * interval '1 hour'),
                'pending', 'sample_submission', 'bench', 200, 200,
                $4::timestamptz - interval '1 day' + (g * (86400.0 / $5)) * interval '1 second'
         from generate_series(0, $5 - 1) g`,
        [instruments.map((i) => i.id), requester, sme, windowEnd.toISOString(), REQUESTS],
      );

      let start = performance.now();
      const [{ queued }] = await q<{ queued: number }>(`select public.queue_lab_request_digests($1) as queued`, [new Date(windowEnd.getTime() + 60_000).toISOString()]);
      const queue = performance.now() - start;
      const [{ again }] = await q<{ again: number }>(`select public.queue_lab_request_digests($1) as again`, [new Date(windowEnd.getTime() + 3_600_000).toISOString()]);
      if (queued !== staff.length || again !== 0) throw new Error(`expected ${staff.length} digests then none, got ${queued} and ${again}`);

      if (process.argv.includes("--explain") && run === 0) {
        const plan = await q<{ "QUERY PLAN": string }>(
          `explain (analyze, buffers) select * from private.digest_bookings($1, $2)`,
          [staff[0], shanghaiDay(0)],
        );
        console.log(plan.map((r) => r["QUERY PLAN"]).join("\n"));
      }
      start = performance.now();
      const [{ context }] = await q<{ context: unknown }>(`select public.lab_request_digest_context($1, $2) as context`, [staff[0], shanghaiDay(0)]);
      const read = performance.now() - start;
      const parsed = digestContextSchema.parse(context);
      if (parsed.labs[0]?.new_count !== REQUESTS) throw new Error(`the digest counts ${parsed.labs[0]?.new_count} requests, not ${REQUESTS}`);

      start = performance.now();
      const email = await composeDigestEmail(parsed, { locale: "zh-CN", appUrl: process.env.APP_URL! });
      const render = performance.now() - start;
      if (!email.subject.includes(String(REQUESTS))) throw new Error(`unexpected subject ${email.subject}`);

      if (run > 0) {
        queueMs.push(queue);
        contextMs.push(read);
        renderMs.push(render);
      }
      rows = queued;
      listed = parsed.labs[0].requests.length;
    } finally {
      await q("rollback");
    }
  }
} finally {
  await db.end();
  await stack?.stop();
}

console.log(`digest over ${REQUESTS.toLocaleString("en")} pending requests in one lab, 3 digest readers (machine shared and loaded):`);
console.log(`  queue_lab_request_digests (the worker's pass; ${rows} rows queued, a second pass queues 0): ${summary(queueMs)}`);
console.log(`  lab_request_digest_context for one reader (${listed} listed of ${REQUESTS}): ${summary(contextMs)}`);
console.log(`  render the e-mail (react-email, HTML + text): ${summary(renderMs)}`);
