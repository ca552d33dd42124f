// The bureau's utilisation statistics over the bench data set (1,000,000 bookings, 10,000
// instruments; `npm run bench:data` first): monthly by lab over two years, p50/p95 of 10 runs,
// through supabase-js (rpc as a bureau analyst) and as raw SQL with the same JWT claims; then
// every other grouping once. Prints figures, asserts nothing.
// Run: npx tsx bench/stats.ts
import { performance } from "node:perf_hooks";
import pg from "pg";
import { BENCH_BUREAU, benchClient, benchConfig, startBenchStack, summary, time } from "./bench-stack.ts";

const stack = await startBenchStack();
const db = new pg.Client({ connectionString: benchConfig.dbUrl });
await db.connect();
try {
  const { rows: size } = await db.query<{ bookings: string; instruments: string; day_stats: string; day_orgs: string }>(
    `select (select count(*) from public.bookings) bookings, (select count(*) from public.instruments) instruments,
       (select count(*) from public.instrument_day_stats) day_stats, (select count(*) from public.instrument_day_orgs) day_orgs`,
  );
  if (Number(size[0].bookings) < 1_000_000) throw new Error("No bench data: run `npm run bench:data` first.");
  console.log(
    `data: ${size[0].bookings} bookings, ${size[0].instruments} instruments; rollups ${size[0].day_stats} instrument-days, ${size[0].day_orgs} organisation-days`,
  );

  const client = benchClient();
  const signIn = await client.auth.signInWithPassword(BENCH_BUREAU);
  if (signIn.error || !signIn.data.user) throw signIn.error ?? new Error("bureau sign-in failed");
  const bureauId = signIn.data.user.id;

  // Two years up to today (Asia/Shanghai).
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const from = new Date(Date.parse(today) - 729 * 86_400_000).toISOString().slice(0, 10);

  /** Runs the function as the bureau analyst would through PostgREST: role and claims in a transaction. */
  const asBureau = async (group: string, period: string | null, labId: string | null = null, range: [string, string] = [from, today]) => {
    await db.query("begin");
    try {
      await db.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({ sub: bureauId, role: "authenticated" }),
      ]);
      const { rowCount } = await db.query("select * from public.utilisation($1, $2, $3, $4, $5)", [range[0], range[1], group, period, labId]);
      return rowCount ?? 0;
    } finally {
      await db.query("commit");
    }
  };
  const rpc = async (group: string, period: string | null) => {
    const { data, error } = await client.rpc("utilisation", { p_from: from, p_to: today, p_group: group, p_period: period });
    if (error) throw error;
    return (data as unknown[]).length;
  };

  console.log(`\nmonthly utilisation by lab, ${from} … ${today}:`);
  const rows = await asBureau("lab", "month");
  console.log(`  raw SQL (all ${rows} rows)         : ${summary(await time(() => asBureau("lab", "month"), 10, 2))}`);
  const rpcRows = await rpc("lab", "month");
  console.log(
    `  supabase-js rpc (${rpcRows} rows)        : ${summary(await time(() => rpc("lab", "month"), 10, 2))}` +
      (rpcRows < rows ? `  — PostgREST max-rows ${rpcRows} caps the response; the function still computes all ${rows}` : ""),
  );

  const lastMonth: [string, string] = [new Date(Date.parse(today) - 30 * 86_400_000).toISOString().slice(0, 10), today];
  const lastYear: [string, string] = [new Date(Date.parse(today) - 364 * 86_400_000).toISOString().slice(0, 10), today];
  console.log("\nshorter ranges, by lab (raw SQL, 10 runs):");
  console.log(`  last 30 days, whole range     : ${summary(await time(() => asBureau("lab", null, null, lastMonth), 10, 2))}`);
  console.log(`  last 365 days, by month       : ${summary(await time(() => asBureau("lab", "month", null, lastYear), 10, 2))}`);

  console.log("\nother groupings over the two years, once each (raw SQL as the bureau analyst):");
  const { rows: lab } = await db.query<{ id: string }>("select lab_id as id from public.instruments group by lab_id order by count(*) desc limit 1");
  const cases: [string, string, string | null, string | null][] = [
    ["network, by month", "network", "month", null],
    ["network, by week", "network", "week", null],
    ["lab, whole range", "lab", null, null],
    ["lab, by week", "lab", "week", null],
    ["category, by month", "category", "month", null],
    ["district, by month", "district", "month", null],
    ["chain, by month", "chain", "month", null],
    ["instrument, whole range", "instrument", null, null],
    ["instrument, by month", "instrument", "month", null],
    ["one lab's instruments, by week (lab filter)", "instrument", "week", lab[0].id],
  ];
  for (const [name, group, period, labId] of cases) {
    await asBureau(group, period, labId); // warm
    const start = performance.now();
    const n = await asBureau(group, period, labId);
    console.log(`  ${name.padEnd(44)} ${(performance.now() - start).toFixed(1).padStart(8)} ms  (${n} rows)`);
  }
  const start = performance.now();
  await rpc("district", "month");
  console.log(`  ${"district, by month via supabase-js rpc".padEnd(44)} ${(performance.now() - start).toFixed(1).padStart(8)} ms`);
} finally {
  await db.end();
  await stack.stop();
}
