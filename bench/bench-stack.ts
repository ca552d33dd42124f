// The benchmark stack: its own ports (575xx) and data folder (.local/bench), so the city-sized
// data set that `npm run bench:data` generates survives between bench runs and never touches the
// dev or test databases.
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import WebSocket from "ws";
import { stackConfig } from "../supabase/local/config.ts";
import { startStack, type RunningStack } from "../supabase/local/stack.ts";

// TEST_PORT_OFFSET (or BENCH_PORT_OFFSET, if set) moves the ports, so engineers sharing a machine
// can each run a bench stack; the data stays in this checkout's .local/bench.
export const BENCH_PORT_OFFSET = Number.parseInt(process.env.BENCH_PORT_OFFSET ?? process.env.TEST_PORT_OFFSET ?? "0", 10) || 0;
const port = (base: number) => String(base + BENCH_PORT_OFFSET);

export const benchConfig = stackConfig({
  ...process.env,
  STACK_API_PORT: port(57521),
  STACK_DB_PORT: port(57522),
  STACK_MAIL_PORT: port(57524),
  STACK_REST_PORT: port(57530),
  STACK_DATA_DIR: process.env.BENCH_DATA_DIR ?? ".local/bench",
  STACK_SEND_EMAIL_HOOK_URL: "http://127.0.0.1:9/unused",
});

/** The bureau analyst the data generator creates, for benchmarks through supabase-js. */
export const BENCH_BUREAU = { email: "bureau@bench.cz-instruments.test", password: "bench-bureau-password-2026" };

export function startBenchStack(reset = false): Promise<RunningStack> {
  return startStack(benchConfig, { reset, log: () => undefined });
}

/** supabase-js options for Node 20 (no global WebSocket) without a stored session. */
export const clientOptions = {
  auth: { persistSession: false, autoRefreshToken: false },
  realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
};

export function benchClient(key: string = benchConfig.anonKey): SupabaseClient {
  return createClient(benchConfig.apiUrl, key, clientOptions);
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `fn` `runs` times after `warmup` runs; returns the milliseconds of each timed run. */
export async function time(fn: () => Promise<unknown>, runs: number, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

export function summary(samples: number[]): string {
  return `p50 ${percentile(samples, 50).toFixed(1)} ms, p95 ${percentile(samples, 95).toFixed(1)} ms (n=${samples.length})`;
}
