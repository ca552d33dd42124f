// Before and after on a shared machine: two built apps side by side on the same bench stack — a
// base checkout's (e.g. main, built there) and this one's — each started as `npm start` runs it
// (server/index.ts, NODE_ENV=production), with their requests interleaved, so that both see the
// same machine load. Per page: HTML size, p50/p95 wall time, and each server's CPU per request
// (user + system from /proc: steadier than wall time when others use the machine).
// Prints figures, asserts nothing. `npm run bench:data -- --if-missing` and `npm run build` (here
// and in the base checkout) first. The base checkout needs node_modules (a symlink will do).
// Run: npx tsx bench/ab-pages.ts --base DIR [--requests 60] [--path /instruments?q=电镜 …]
//   e.g. git archive main | tar -x -C .local/base && ln -s "$PWD/node_modules" .local/base/ && (cd .local/base && npx remix build)
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { appEnvForStack, stopChild } from "../scripts/app-env.ts";
import { ROOT_DIR } from "../supabase/local/config.ts";
import { cpuMsOf, machineLoad, sparePort, waitFor } from "./app-server.ts";
import { argValue, numberArg } from "./args.ts";
import { benchConfig, percentile, startBenchStack } from "./bench-stack.ts";

const base = argValue("base");
if (!base || !fs.existsSync(path.join(base, "build", "index.js"))) throw new Error("--base DIR: a checkout with a build (npx remix build there)");
const REQUESTS = numberArg("requests", 60);

async function start(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await sparePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, ...appEnvForStack(benchConfig, url), PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production" },
  });
  await waitFor(`${url}/`);
  return { url, child };
}

const stack = await startBenchStack();
const db = new pg.Client({ connectionString: benchConfig.dbUrl });
await db.connect();
const servers = { base: await start(path.resolve(base)), this: await start(ROOT_DIR) };
try {
  let paths = args("path");
  if (paths.length === 0) {
    // The catalogue with a search, and the active instrument with the most opening hours.
    const { rows } = await db.query<{ id: string }>(
      `select i.id from public.instruments i where i.status = 'active'
        order by (select sum(extract(epoch from (r.end_time - r.start_time))) from public.availability_rules r where r.instrument_id = i.id) desc nulls last, i.id
        limit 1`,
    );
    if (rows.length === 0) throw new Error("No bench data: run `npm run bench:data -- --if-missing` first.");
    paths = ["/instruments?q=电镜", "/instruments?q=microscope&sort=price", `/instruments/${rows[0].id}`];
  }
  console.log(`base ${path.resolve(base)} vs this checkout, ${REQUESTS} requests each per page, interleaved; ${machineLoad()}`);
  for (const page of paths) {
    const results = { base: { cpu: 0, wall: [] as number[], bytes: 0 }, this: { cpu: 0, wall: [] as number[], bytes: 0 } };
    const get = async (name: keyof typeof servers, record: boolean) => {
      const { url, child } = servers[name];
      const cpu = cpuMsOf(child.pid);
      const started = performance.now();
      const res = await fetch(url + encodeURI(page), { headers: { Accept: "text/html", "Accept-Encoding": "gzip, deflate, br" } });
      const body = await res.arrayBuffer();
      if (!res.ok) throw new Error(`${name}: GET ${page}: ${res.status}`);
      if (!record) return;
      results[name].wall.push(performance.now() - started);
      results[name].cpu += cpuMsOf(child.pid) - cpu;
      results[name].bytes = body.byteLength;
    };
    for (let i = 0; i < 10; i++) for (const name of ["base", "this"] as const) await get(name, false);
    for (let i = 0; i < REQUESTS; i++) for (const name of (i % 2 ? ["base", "this"] : ["this", "base"]) as const) await get(name, true);
    for (const name of ["base", "this"] as const) {
      const r = results[name];
      console.log(
        `  ${page.padEnd(52)} ${name.padEnd(4)}  HTML ${(r.bytes / 1024).toFixed(1).padStart(6)} KB, p50 ${percentile(r.wall, 50).toFixed(1).padStart(6)} ms, p95 ${percentile(r.wall, 95).toFixed(1).padStart(6)} ms, server CPU ${(r.cpu / REQUESTS).toFixed(1)} ms/request`,
      );
    }
  }
  console.log(`  ${machineLoad()}`);
} finally {
  await stopChild(servers.base.child);
  await stopChild(servers.this.child);
  await db.end();
  await stack.stop();
}
