// A faked wall clock for `npm run test:dates` (scripts/test-dates.ts): libfaketime, preloaded into
// the Postgres server and into vitest's worker processes, moves their CLOCK_REALTIME by one fixed
// offset, so SQL's now(), `new Date()` in tests and in the app code they call all read the chosen
// instant, and agree with each other to the second whenever each process started. PostgREST (a
// static binary libfaketime cannot reach) and the auth server, gateway and mailbox (in vitest's
// main process) keep the real clock: PostgREST refuses tokens whose `iat` is in its future.
import fs from "node:fs";

const CANDIDATES = [
  "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
  "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
  "/usr/lib/faketime/libfaketime.so.1",
  "/usr/local/lib/faketime/libfaketime.so.1",
];

/** The libfaketime shared library (FAKETIME_LIB overrides), or null when it is not installed. */
export function findLibfaketime(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = env.FAKETIME_LIB ? [env.FAKETIME_LIB] : CANDIDATES;
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

export const FAKETIME_MISSING =
  "libfaketime is not installed: `apt-get install -y faketime` (Debian/Ubuntu), or set FAKETIME_LIB to libfaketime.so.1.";

export interface FakeClock {
  /** The instant asked for. */
  target: Date;
  /** Whole seconds added to the real clock. */
  offsetSeconds: number;
  /** Environment that makes a (dynamically linked) process read the faked clock. */
  env: Record<string, string>;
}

/**
 * A clock that reads `target` now and runs on from there: a *relative* offset ("+N" seconds), not
 * an absolute "@date", so every process preloaded with it agrees whatever time it started.
 */
export function fakeClock(target: string, env: NodeJS.ProcessEnv = process.env): FakeClock {
  const at = new Date(target);
  if (Number.isNaN(at.getTime())) throw new Error(`TEST_FAKE_NOW is not a date: ${target}`);
  const lib = findLibfaketime(env);
  if (!lib) throw new Error(FAKETIME_MISSING);
  const offsetSeconds = Math.round((at.getTime() - Date.now()) / 1000);
  return {
    target: at,
    offsetSeconds,
    env: {
      LD_PRELOAD: lib,
      FAKETIME: `${offsetSeconds >= 0 ? "+" : ""}${offsetSeconds}`,
      // Timers, timeouts and durations keep measuring real time.
      FAKETIME_DONT_FAKE_MONOTONIC: "1",
    },
  };
}
