// Server time of the catalogue page over the bench data set's 10,000 instruments
// (`npm run bench:data -- --if-missing` and `npm run build` first): the built app (server/index.ts,
// NODE_ENV=production, as `npm start` runs it) on a spare loopback port against the bench stack,
// GET /instruments?q=… as HTML (gzip, as browsers ask) for ~20 terms × 3 rounds, next to
//  - the page's own SQL: the one catalogue_page() call its loader makes, raw, in the anon role,
//  - raw SQL in the anon role for the same search (the query shape of bench/catalogue-search.ts),
//  - the page's data: its loader's Supabase calls (loadCataloguePage through supabase-js as anon),
//  - the floor under any page showing it: the loader alone over HTTP (`?_data=`), a page without
//    data (a 404: the root layout only) and a static file (the HTTP round trip alone).
// p50/p95 over the requests, interleaved so that all see the same machine load. Prints
// figures, asserts nothing. Run: npx tsx bench/catalogue-page.ts [--rounds 3] [--cpu-prof DIR]
import pg from "pg";
import { appEnvForStack } from "../scripts/app-env.ts";
import { machineLoad, startAppServer } from "./app-server.ts";
import { argValue, numberArg } from "./args.ts";
import { benchClient, benchConfig, percentile, startBenchStack } from "./bench-stack.ts";

const TERMS = [
  "电镜", "扫描电子显微镜", "质谱", "色谱", "衍射", "光谱", "热分析", "试验机", "盐雾", "电池",
  "microscope", "spectrometer", "x-ray", "battery", "chamber", "zeiss", "bruker", "icp", "raman", "tester",
];
const ROUNDS = numberArg("rounds", 3);
const cpuProf = argValue("cpu-prof") ?? "";

const stack = await startBenchStack();
// The app's modules read their environment when imported: point them at the bench stack first.
Object.assign(process.env, appEnvForStack(benchConfig, "http://127.0.0.1"), { ...process.env });
const { loadCataloguePage } = await import("../app/lib/catalogue/catalogue.server.ts");
const db = new pg.Client({ connectionString: benchConfig.dbUrl });
await db.connect();
const app = await startAppServer(benchConfig, cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${cpuProf}`] : []);
try {
  const { rows: n } = await db.query<{ n: string }>("select count(*) as n from public.instruments");
  if (Number(n[0].n) < 10_000) throw new Error("No bench data: run `npm run bench:data -- --if-missing` first.");

  const page = async (term: string) => {
    const res = await fetch(`${app.url}/instruments?q=${encodeURIComponent(term)}`, {
      headers: { Accept: "text/html", "Accept-Encoding": "gzip, deflate, br" },
    });
    const body = await res.arrayBuffer();
    if (!res.ok) throw new Error(`GET /instruments?q=${term}: ${res.status}`);
    return body.byteLength;
  };

  // What any page showing these results costs at least: the loader alone over HTTP (Remix's
  // `?_data=` request: session check, the one database call, JSON; no render), and a page that
  // renders only the root layout (an unknown path's 404, no database call).
  const loaderOnly = async (term: string) => {
    const res = await fetch(`${app.url}/instruments?q=${encodeURIComponent(term)}&_data=routes/instruments._index`, {
      headers: { "Accept-Encoding": "gzip, deflate, br" },
    });
    const body = await res.arrayBuffer();
    if (!res.ok) throw new Error(`GET /instruments?q=${term}&_data: ${res.status}`);
    return body.byteLength;
  };
  const emptyPage = async () => {
    const res = await fetch(`${app.url}/no-such-page`, { headers: { Accept: "text/html", "Accept-Encoding": "gzip, deflate, br" } });
    const body = await res.arrayBuffer();
    if (res.status !== 404) throw new Error(`GET /no-such-page: ${res.status}`);
    return body.byteLength;
  };

  const staticFile = async () => {
    const res = await fetch(`${app.url}/favicon.svg`, { headers: { "Accept-Encoding": "gzip, deflate, br" } });
    const body = await res.arrayBuffer();
    if (!res.ok) throw new Error(`GET /favicon.svg: ${res.status}`);
    return body.byteLength;
  };

  const sql = async (term: string) => {
    await db.query("begin");
    try {
      await db.query("set local role anon");
      const { rows } = await db.query(
        `select i.id, i.name_zh, i.name_en, i.model, i.manufacturer, i.hourly_rate_cny, i.sme_rate_cny, l.name_zh as lab,
                count(*) over () as total
         from public.instruments i join public.labs l on l.id = i.lab_id
         where i.search_text ilike $1 and i.status <> 'retired'
         order by i.sme_rate_cny, i.id limit 20`,
        [`%${term.toLowerCase()}%`],
      );
      return rows.length;
    } finally {
      await db.query("commit");
    }
  };

  const anon = benchClient();
  const data = async (term: string) => {
    const loaded = await loadCataloguePage(anon, new URLSearchParams({ q: term }), "zh-CN");
    return loaded.items.length;
  };

  // The one database call the page's loader makes, as raw SQL in the anon role: catalogue_page with
  // the reference data's version a running server holds (so, as there, without the reference data).
  const { rows: version } = await db.query<{ v: string }>(`select public.catalogue_page() ->> 'reference_version' as v`);
  const pageSql = async (term: string) => {
    await db.query("begin");
    try {
      await db.query("set local role anon");
      const { rows } = await db.query(
        `select public.catalogue_page(p_q => $1, p_locale => 'zh-CN', p_page => 1, p_limit => 20, p_reference_version => $2) as page`,
        [term, version[0].v],
      );
      return rows.length;
    } finally {
      await db.query("commit");
    }
  };

  const measures: [string, (term: string) => Promise<number>][] = [
    ["GET /instruments?q=… (built app, HTML, gzip)", page],
    ["its data (loadCataloguePage, supabase-js)", data],
    ["its loader alone over HTTP (?_data, no render)", loaderOnly],
    ["a page without data (404, root layout only)", emptyPage],
    ["a static file (the HTTP round trip alone)", staticFile],
    ["its SQL: catalogue_page(), anon role", pageSql],
    ["raw SQL, same search (anon role, first 20)", sql],
  ];
  const samples = measures.map(() => [] as number[]);
  let pageCpu = 0;
  for (const term of TERMS.slice(0, 5)) for (const [, fn] of measures) await fn(term); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const term of TERMS) {
      // Interleaved, so that all see the same machine load.
      for (const [i, [, fn]] of measures.entries()) {
        const cpu = app.cpuMs();
        const start = performance.now();
        await fn(term);
        samples[i].push(performance.now() - start);
        if (i === 0) pageCpu += app.cpuMs() - cpu;
      }
    }
  }
  console.log(`catalogue page over ${n[0].n} instruments, ${TERMS.length} terms × ${ROUNDS} rounds; ${machineLoad()}:`);
  for (const [i, [name]] of measures.entries()) {
    const p50 = percentile(samples[i], 50);
    const p95 = percentile(samples[i], 95);
    const ratio = i === 0 || !/^(its|raw)/.test(name) ? "" : `  page/this: p50 ${(percentile(samples[0], 50) / p50).toFixed(2)}×, p95 ${(percentile(samples[0], 95) / p95).toFixed(2)}×`;
    console.log(`  ${name.padEnd(48)} p50 ${p50.toFixed(1).padStart(6)} ms, p95 ${p95.toFixed(1).padStart(6)} ms (n=${samples[i].length})${ratio}`);
  }
  // The loader's round trip plus what rendering the emptiest page adds to a round trip.
  const at50 = (name: string) => percentile(samples[measures.findIndex(([n]) => n.startsWith(name))], 50);
  const floor = at50("its loader alone") + at50("a page without data") - at50("a static file");
  console.log(`  floor of any page showing this data (loader over HTTP + empty page − round trip), p50 ${floor.toFixed(1)} ms = ${(floor / at50("its SQL")).toFixed(2)}× its SQL`);
  console.log(`  server CPU per page: ${(pageCpu / samples[0].length).toFixed(1)} ms (user + system, /proc)`);
} finally {
  await app.stop();
  await db.end();
  await stack.stop();
}
