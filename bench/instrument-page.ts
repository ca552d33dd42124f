// The instrument page /instruments/:id over the bench data set (issue 12, item 10): the built app
// (server/index.ts, NODE_ENV=production) on a spare loopback port against the bench stack.
//  1. alone: GET the page of the instrument with the most free slots, one request at a time, next to
//     its data (the same URL with ?_data=routes/instruments.$id: the loader's JSON as Remix answers
//     a client-side navigation, no render): the page's own time (render, HTML, compression) is
//     page − data, in wall time and in the server's CPU time (steadier on a shared machine);
//  2. under load: N requests (default 1,000) from C concurrent clients (default 10) over a few
//     instruments: requests/s, p50/p95, and the server's RSS before, during and after, and its heap
//     after a full garbage collection before and after (through the inspector: a leak or not).
// Prints figures, asserts nothing. `npm run bench:data -- --if-missing` and `npm run build` first.
// Run: npx tsx bench/instrument-page.ts [--requests 1000] [--concurrency 10] [--cpu-prof DIR]
import { performance } from "node:perf_hooks";
import pg from "pg";
import { appEnvForStack } from "../scripts/app-env.ts";
import { machineLoad, startAppServer } from "./app-server.ts";
import { argValue, numberArg } from "./args.ts";
import { benchClient, benchConfig, percentile, startBenchStack } from "./bench-stack.ts";

const REQUESTS = numberArg("requests", 1000);
const CONCURRENCY = numberArg("concurrency", 10);
const ALONE = numberArg("alone", 100);
const cpuProf = argValue("cpu-prof") ?? "";

const fmt = (samples: number[]) =>
  `p50 ${percentile(samples, 50).toFixed(1).padStart(6)} ms, p95 ${percentile(samples, 95).toFixed(1).padStart(6)} ms (n=${samples.length})`;

const stack = await startBenchStack();
// The app's modules read their environment when imported: point them at the bench stack first.
Object.assign(process.env, appEnvForStack(benchConfig, "http://127.0.0.1"), { ...process.env });
const { loadInstrumentPage } = await import("../app/lib/instruments/instrument.server.ts");
const db = new pg.Client({ connectionString: benchConfig.dbUrl });
await db.connect();
const nodeFlags = cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${cpuProf}`] : [];
const app = await startAppServer(benchConfig, nodeFlags, {}, { inspect: true });
const heapLine = (h: Awaited<ReturnType<typeof app.heapAfterGc>>) =>
  `heap used ${h.heapUsedMb.toFixed(1)} MB of ${h.heapTotalMb.toFixed(0)}, external ${h.externalMb.toFixed(1)} MB, RSS ${h.rssMb.toFixed(0)} MB`;
try {
  // Active instruments open around the clock with short slots have the longest free-slot lists.
  const { rows } = await db.query<{ id: string }>(
    `select i.id from public.instruments i
      where i.status = 'active'
      order by (select sum(extract(epoch from (r.end_time - r.start_time))) from public.availability_rules r where r.instrument_id = i.id) desc nulls last,
               i.min_booking_minutes, i.id
      limit 10`,
  );
  if (rows.length === 0) throw new Error("No bench data: run `npm run bench:data -- --if-missing` first.");
  const ids = rows.map((r) => r.id);
  const anon = benchClient();

  const get = async (path: string) => {
    const res = await fetch(`${app.url}${path}`, { headers: { Accept: "text/html", "Accept-Encoding": "gzip, deflate, br" } });
    const body = await res.arrayBuffer();
    if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
    return body.byteLength;
  };
  const page = (id: string) => get(`/instruments/${id}`);
  // The same route's loader alone, as Remix answers a client-side navigation: its data as JSON, no render.
  const data = (id: string) => get(`/instruments/${id}?_data=${encodeURIComponent("routes/instruments.$id")}`);

  const bytes = await page(ids[0]);
  const loaded = (await loadInstrumentPage(anon, ids[0]))?.slots.length ?? 0;
  console.log(`instrument page, ${loaded} free slots, ${(bytes / 1024).toFixed(1)} KB of HTML; ${machineLoad()}`);
  for (let i = 0; i < 10; i++) {
    await page(ids[0]);
    await data(ids[0]);
  }
  const pageSamples: number[] = [];
  const dataSamples: number[] = [];
  let pageCpu = 0;
  let dataCpu = 0;
  for (let i = 0; i < ALONE; i++) {
    // Interleaved, so that both see the same machine load.
    let cpu = app.cpuMs();
    let t = performance.now();
    await page(ids[0]);
    pageSamples.push(performance.now() - t);
    pageCpu += app.cpuMs() - cpu;
    cpu = app.cpuMs();
    t = performance.now();
    await data(ids[0]);
    dataSamples.push(performance.now() - t);
    dataCpu += app.cpuMs() - cpu;
  }
  console.log(`  alone  page           ${fmt(pageSamples)}, server CPU ${(pageCpu / ALONE).toFixed(1)} ms/request`);
  console.log(`  alone  its data only  ${fmt(dataSamples)}, server CPU ${(dataCpu / ALONE).toFixed(1)} ms/request  (?_data=…: the loader as JSON)`);
  console.log(
    `  alone  the page's own time (page − data): p50 ${(percentile(pageSamples, 50) - percentile(dataSamples, 50)).toFixed(1)} ms, server CPU ${((pageCpu - dataCpu) / ALONE).toFixed(1)} ms (render, root loader, HTML, compression)`,
  );

  const heapBefore = await app.heapAfterGc();
  const rssBefore = app.rssMb();
  const cpuBefore = app.cpuMs();
  let next = 0;
  let errors = 0;
  let peak = rssBefore;
  const samples: number[] = [];
  const started = performance.now();
  const sampler = setInterval(() => (peak = Math.max(peak, app.rssMb())), 200);
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const id = ids[next++ % ids.length];
        const t = performance.now();
        try {
          await page(id);
        } catch {
          errors++;
        }
        samples.push(performance.now() - t);
      }
    }),
  );
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  const rssAfter = app.rssMb();
  const cpuPerRequest = (app.cpuMs() - cpuBefore) / REQUESTS;
  await new Promise((r) => setTimeout(r, 5_000));
  console.log(
    `  ${CONCURRENCY} concurrent, ${REQUESTS} requests: ${(REQUESTS / seconds).toFixed(1)} requests/s, ${fmt(samples)}, p99 ${percentile(samples, 99).toFixed(1)} ms, errors ${errors}, server CPU ${cpuPerRequest.toFixed(1)} ms/request`,
  );
  console.log(
    `  server RSS: before ${rssBefore.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, after ${rssAfter.toFixed(0)} MB, 5 s later ${app.rssMb().toFixed(0)} MB; ${machineLoad()}`,
  );
  // after a full garbage collection (inspector): flat heap used = no JavaScript leak
  console.log(`  after full GC: before the load ${heapLine(heapBefore)}; after it ${heapLine(await app.heapAfterGc())}`);
} finally {
  await app.stop();
  await db.end();
  await stack.stop();
}
