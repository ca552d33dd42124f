// Server time of the catalogue page over the bench data set's 10,000 instruments
// (`npm run bench:data -- --if-missing` and `npx remix build` first): the built app (remix-serve,
// build/index.js) on a spare port against the bench stack, GET /instruments?q=… as HTML for ~20
// terms × 3 rounds, next to raw SQL in the anon role for the same search (the query shape of
// bench/catalogue-search.ts). p50/p95 over the requests. Prints figures, asserts nothing.
// Run: npx tsx bench/catalogue-page.ts
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { ROOT_DIR } from "../supabase/local/config.ts";
import { appEnvForStack, stopChild } from "../scripts/app-env.ts";
import { benchConfig, percentile, startBenchStack } from "./bench-stack.ts";

const TERMS = [
  "电镜", "扫描电子显微镜", "质谱", "色谱", "衍射", "光谱", "热分析", "试验机", "盐雾", "电池",
  "microscope", "spectrometer", "x-ray", "battery", "chamber", "zeiss", "bruker", "icp", "raman", "tester",
];
const ROUNDS = 3;

if (!fs.existsSync(path.join(ROOT_DIR, "build", "index.js"))) throw new Error("The app is not built: run `npx remix build` first.");

function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

const stack = await startBenchStack();
const db = new pg.Client({ connectionString: benchConfig.dbUrl });
await db.connect();
const port = await sparePort();
const appUrl = `http://127.0.0.1:${port}`;
const app = spawn(path.join(ROOT_DIR, "node_modules", ".bin", "remix-serve"), ["./build/index.js"], {
  cwd: ROOT_DIR,
  stdio: ["ignore", "ignore", "inherit"],
  env: { ...process.env, ...appEnvForStack(benchConfig, appUrl), PORT: String(port), NODE_ENV: "production" },
});
try {
  const { rows: n } = await db.query<{ n: string }>("select count(*) as n from public.instruments");
  if (Number(n[0].n) < 10_000) throw new Error("No bench data: run `npm run bench:data -- --if-missing` first.");
  await waitFor(`${appUrl}/`);

  const page = async (term: string) => {
    const res = await fetch(`${appUrl}/instruments?q=${encodeURIComponent(term)}`, { headers: { Accept: "text/html" } });
    const html = await res.text();
    if (!res.ok) throw new Error(`GET /instruments?q=${term}: ${res.status}`);
    return html.length;
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

  const measure = async (name: string, fn: (term: string) => Promise<number>) => {
    for (const term of TERMS.slice(0, 3)) await fn(term); // warm-up
    const samples: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const term of TERMS) {
        const start = performance.now();
        await fn(term);
        samples.push(performance.now() - start);
      }
    }
    console.log(
      `  ${name.padEnd(44)} p50 ${percentile(samples, 50).toFixed(1).padStart(6)} ms, p95 ${percentile(samples, 95).toFixed(1).padStart(6)} ms  (n=${samples.length})`,
    );
  };

  console.log(`catalogue page over ${n[0].n} instruments, ${TERMS.length} terms × ${ROUNDS} rounds:`);
  await measure("GET /instruments?q=… (built app, HTML)", page);
  await measure("raw SQL, same search (anon role, first 20)", sql);
} finally {
  await stopChild(app);
  await db.end();
  await stack.stop();
}
