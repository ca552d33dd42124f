// The bureau statistics pages (issue 11, docs/decisions/018) over the bench data set (1,000,000
// bookings, 10,000 instruments; `npm run bench:data -- --if-missing` and `npx remix build` first):
//   * SQL: each stats_* function for one calendar year as the bureau analyst (role and JWT claims
//     in a transaction, as PostgREST runs it), p50/p95 of BENCH_RUNS (10) runs;
//   * pages: the built app (server/index.ts) signed in as the analyst, GET of the overview, trends,
//     each breakdown, the 10,000-row instrument table and its CSV, p50/p95 of half as many;
//   * scaling: what the functions read (rollup rows) against the bookings a report from bookings would read.
// Prints figures, asserts nothing. Run: TEST_PORT_OFFSET=<yours> npx tsx bench/bureau-stats.ts [--sql-only]
// (BENCH_ONLY=<regexp> measures only the cases whose name matches)
// (BENCH_DATA_DIR=.local/bench-100k BENCH_BOOKINGS=100000: a set made the same way with a tenth of the bookings)
import pg from "pg";
import { assertBuilt, startAppServer } from "./app-server.ts";
import {
  BENCH_BUREAU,
  benchClient,
  benchConfig,
  startBenchStack,
  summary,
  time,
} from "./bench-stack.ts";

assertBuilt();

// Runs per case (BENCH_RUNS, default 10 for SQL; pages half as many).
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
// BENCH_ONLY=<regexp>: only the cases whose name matches (e.g. "instrument"), SQL and pages.
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
const wanted = (name: string) => !ONLY || ONLY.test(name);
const PAGE_RUNS = Math.max(2, Math.floor(RUNS / 2));
const started = performance.now();
const stack = await startBenchStack();
console.log(
  `bench stack up in ${((performance.now() - started) / 1000).toFixed(1)} s (applies new migrations, e.g. the figures backfill, the first time)`,
);
const db = new pg.Client({ connectionString: benchConfig.dbUrl });
await db.connect();
// server/index.ts under node itself (not the tsx CLI, whose child outlived a SIGTERM and kept
// serving after the benchmark ended)
const app = await startAppServer(benchConfig);
const appUrl = app.url;
try {
  const { rows: size } = await db.query<Record<string, string>>(
    `select (select count(*) from public.bookings) bookings, (select count(*) from public.instruments) instruments,
       (select count(*) from public.instrument_month_figures) figures, (select count(*) from public.network_month_orgs) network_orgs,
       (select count(*) from public.lab_month_orgs) lab_orgs, (select count(*) from public.instrument_month_orgs) instrument_orgs,
       (select min(lower(during))::date::text from public.bookings) first_day, (select max(lower(during))::date::text from public.bookings) last_day`,
  );
  const s = size[0];
  if (Number(s.bookings) < Number(process.env.BENCH_BOOKINGS ?? 1_000_000))
    throw new Error("No bench data: run `npm run bench:data` first.");
  console.log(
    `data: ${s.bookings} bookings (${s.first_day} … ${s.last_day}), ${s.instruments} instruments; rollups: ${s.figures} instrument-months, ` +
      `${s.network_orgs} network-month organisations, ${s.lab_orgs} lab-month organisations, ${s.instrument_orgs} instrument-month organisations`,
  );
  const client = benchClient();
  const signIn = await client.auth.signInWithPassword(BENCH_BUREAU);
  if (signIn.error || !signIn.data.user)
    throw signIn.error ?? new Error("bureau sign-in failed");
  const claims = JSON.stringify({
    sub: signIn.data.user.id,
    role: "authenticated",
  });

  const year = Number(String(s.last_day).slice(0, 4)) - 1;
  const from = `${year}-01-01`;
  const to = `${year}-12-01`;
  const asBureau = async (sql: string, params: unknown[]) => {
    await db.query("begin");
    try {
      await db.query(
        `select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`,
        [claims],
      );
      return (await db.query(sql, params)).rowCount ?? 0;
    } finally {
      await db.query("commit");
    }
  };

  console.log(
    `\nSQL, calendar year ${year}, as the bureau analyst (machine shared with other sessions: figures are pessimistic):`,
  );
  const sqlP95: Record<string, number> = {};
  const sqlCases: [string, string, unknown[]][] = [
    ["overview", "select * from public.stats_overview($1, $2)", [from, to]],
    ["trends (24 months)", "select * from public.stats_trends($1, 24)", [to]],
    ...(
      [
        "district",
        "lab",
        "category",
        "chain",
        "value_band",
        "instrument",
      ] as const
    ).map(
      (d) =>
        [
          `breakdown ${d}`,
          "select * from public.stats_breakdown($1, $2, $3)",
          [from, to, d],
        ] as [string, string, unknown[]],
    ),
    ["evaluation", "select * from public.stats_evaluation($1)", [year]],
    ["attention", "select * from public.stats_attention($1, $2)", [from, to]],
  ];
  for (const [name, sql, params] of sqlCases) {
    if (!wanted(name)) continue;
    const rows = await asBureau(sql, params);
    const samples = await time(() => asBureau(sql, params), RUNS, 1);
    sqlP95[name] = [...samples].sort((a, b) => a - b)[
      Math.floor(0.95 * samples.length)
    ];
    console.log(
      `  ${name.padEnd(22)} ${String(rows).padStart(6)} rows  ${summary(samples)}`,
    );
  }

  // --sql-only: the functions and the scaling figures, not the pages
  if (!process.argv.includes("--sql-only")) {
    // Sign in through the app's login form; keep its session cookies.
    const form = new URLSearchParams({
      email: BENCH_BUREAU.email,
      password: BENCH_BUREAU.password,
    });
    const login = await fetch(`${appUrl}/login`, {
      method: "POST",
      body: form,
      redirect: "manual",
      headers: {
        Origin: appUrl,
        "Content-Type": "application/x-www-form-urlencoded",
      },
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    if (!cookie) throw new Error(`login failed: ${login.status}`);
    const get = async (pathname: string) => {
      const res = await fetch(`${appUrl}${pathname}`, {
        headers: { Cookie: cookie, Accept: "text/html" },
      });
      const body = await res.arrayBuffer();
      if (!res.ok) throw new Error(`GET ${pathname}: ${res.status}`);
      return body.byteLength;
    };

    console.log(
      `\npages through the app (server/index.ts, production build), calendar year ${year}:`,
    );
    const period = `period=custom&from=${year}-01&to=${year}-12`;
    const pageCases: [string, string, string | null][] = [
      ["overview", `/bureau?${period}`, "overview"],
      ["trends (24 months)", `/bureau/trends?${period}`, "trends (24 months)"],
      ...(
        [
          "district",
          "lab",
          "category",
          "chain",
          "value_band",
          "instrument",
        ] as const
      ).map(
        (d) =>
          [
            `breakdown ${d}`,
            `/bureau/breakdowns?${period}&by=${d}`,
            `breakdown ${d}`,
          ] as [string, string, string],
      ),
      [
        "instrument table CSV",
        `/bureau/export/breakdown?${period}&by=instrument&format=csv`,
        null,
      ],
      [
        "instrument table XLSX",
        `/bureau/export/breakdown?${period}&by=instrument&format=xlsx`,
        null,
      ],
      ["evaluation", `/bureau/evaluation?year=${year}`, "evaluation"],
      ["attention", `/bureau/attention?${period}`, "attention"],
    ];
    for (const [name, pathname, sqlName] of pageCases) {
      if (!wanted(name)) continue;
      const bytes = await get(pathname);
      const samples = await time(() => get(pathname), PAGE_RUNS, 1);
      const p95 = [...samples].sort((a, b) => a - b)[
        Math.floor(0.95 * samples.length)
      ];
      const ratio = sqlName && sqlP95[sqlName]
        ? `  ${(p95 / sqlP95[sqlName]).toFixed(2)}× its SQL p95`
        : "";
      console.log(
        `  ${name.padEnd(22)} ${String(Math.round(bytes / 1024)).padStart(6)} KiB  ${summary(samples)}${ratio}`,
      );
    }
  }

  console.log(
    "\nscaling: what one year reads (the functions read rollups and bitmaps only, never bookings):",
  );
  const { rows: reads } = await db.query<Record<string, string>>(
    `select (select count(*) from public.instrument_month_figures where month between $1 and $2) figures_rows,
       (select count(*) from public.lab_month_org_bits where month between $1 and $2) lab_bitmaps,
       (select count(*) from public.group_month_org_bits where month between $1 and $2) group_bitmaps,
       (select max(length(bits)) from public.lab_month_org_bits) bitmap_bits,
       (select count(*) from public.instrument_month_orgs where month between $1 and $2) instrument_org_rows,
       (select count(*) from public.bookings where lower(during) >= $1::date and lower(during) < ($2::date + interval '1 month')) bookings_in_year`,
    [from, to],
  );
  const r = reads[0];
  console.log(
    `  one year: ${r.figures_rows} instrument-month rows, ${r.lab_bitmaps} lab-month and ${r.group_bitmaps} group-month bitmaps ` +
      `of up to ${r.bitmap_bits} bits, and (instrument rows only) ${r.instrument_org_rows} instrument-month organisations; ` +
      `the year has ${r.bookings_in_year} bookings. More bookings on the same instruments add no instrument-month rows ` +
      `(at most instruments × 12) and no bitmaps (at most labs or groups × 12, one bit per organisation).`,
  );
} finally {
  await app.stop();
  await db.end();
  await stack.stop();
}
