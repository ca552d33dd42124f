// The built app as users get it (`npm run build`, then server/index.ts as `npm start` runs it,
// NODE_ENV=production) on a spare loopback port against the bench stack, for the page benchmarks.
// Extra Node flags (--cpu-prof, --heapsnapshot-signal=SIGUSR2, --expose-gc …) go before the script.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { appEnvForStack, stopChild } from "../scripts/app-env.ts";
import { ROOT_DIR, type StackConfig } from "../supabase/local/config.ts";

export interface AppServer {
  url: string;
  child: ChildProcess;
  /** The server process's resident set size in MB (from /proc; 0 where there is no /proc). */
  rssMb(): number;
  /**
   * CPU time the server process has used so far, in ms (user + system, from /proc). Per request it
   * is a steadier figure than wall time on a machine shared with others.
   */
  cpuMs(): number;
  /**
   * The server's memory right after a full garbage collection, through the inspector (only when
   * started with `{ inspect: true }`): a JavaScript leak shows as heapUsed growing across runs;
   * RSS growing while heapUsed stays flat is the allocator or V8 keeping freed pages.
   */
  heapAfterGc(): Promise<{ heapUsedMb: number; heapTotalMb: number; externalMb: number; rssMb: number }>;
  stop(): Promise<void>;
}

export function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
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

export function rssMbOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return kb ? Number(kb[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) of a process in ms, from /proc/<pid>/stat (clock ticks of 10 ms). */
export function cpuMsOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 14 and 15 of stat (utime, stime); after the command name the list starts at field 3.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

export function assertBuilt(): void {
  if (!fs.existsSync(path.join(ROOT_DIR, "build", "index.js"))) throw new Error("The app is not built: run `npm run build` first.");
}

/** Evaluates `expression` in the main context of the Node process whose inspector listens on `port`. */
async function inspectorEvaluate(port: number, expression: string): Promise<unknown> {
  const [target] = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  try {
    await new Promise((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
    const answer = new Promise<{ result?: { result?: { value?: unknown } } }>((resolve) => socket.once("message", (m) => resolve(JSON.parse(String(m)))));
    socket.send(JSON.stringify({ id: 1, method: "Runtime.evaluate", params: { expression, returnByValue: true } }));
    return (await answer).result?.result?.value;
  } finally {
    socket.close();
  }
}

/** Starts server/index.ts (through tsx's loader, as `npm start` does) with NODE_ENV=production. */
export async function startAppServer(
  stack: StackConfig,
  nodeFlags: string[] = [],
  extraEnv: Record<string, string> = {},
  options: { inspect?: boolean } = {},
): Promise<AppServer> {
  assertBuilt();
  const port = await sparePort();
  const url = `http://127.0.0.1:${port}`;
  const inspectPort = options.inspect ? await sparePort() : 0;
  const inspectFlags = options.inspect ? [`--inspect=127.0.0.1:${inspectPort}`, "--expose-gc"] : [];
  const child = spawn(process.execPath, [...inspectFlags, ...nodeFlags, "--import", "tsx", "server/index.ts"], {
    cwd: ROOT_DIR,
    // The access log (morgan) would dominate a benchmark's output: drop stdout, keep errors.
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      ...appEnvForStack(stack, url),
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      ...extraEnv,
    },
  });
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code, signal) => reject(new Error(`the app exited (${code ?? signal}) before answering`))),
  );
  await Promise.race([waitFor(`${url}/`), exited]);
  exited.catch(() => undefined);
  const heapAfterGc = async () => {
    if (!options.inspect) throw new Error("start the app server with { inspect: true } to read its heap");
    const mb = (await inspectorEvaluate(
      inspectPort,
      "gc(); gc(); (({ heapUsed, heapTotal, external, rss }) => ({ heapUsed, heapTotal, external, rss }))(process.memoryUsage())",
    )) as Record<string, number>;
    const m = (bytes: number) => bytes / 1024 / 1024;
    return { heapUsedMb: m(mb.heapUsed), heapTotalMb: m(mb.heapTotal), externalMb: m(mb.external), rssMb: m(mb.rss) };
  };
  return { url, child, rssMb: () => rssMbOf(child.pid), cpuMs: () => cpuMsOf(child.pid), heapAfterGc, stop: () => stopChild(child) };
}

/** One line saying how busy the shared machine was, to print next to every figure. */
export function machineLoad(): string {
  const [one, five] = os.loadavg();
  return `load average ${one.toFixed(2)} / ${five.toFixed(2)} (1/5 min) on ${os.cpus().length} cores`;
}
