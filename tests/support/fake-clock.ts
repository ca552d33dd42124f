// A faked wall clock for `npm run test:dates` (scripts/test-dates.ts): datefudge, preloaded into
// the Postgres server and into vitest's worker processes, moves their real-time clock by one fixed
// offset, so SQL's now(), `new Date()` in tests and in the app code they call all read the chosen
// instant, and agree with each other to the second whenever each process started. PostgREST (a
// static binary no preload can reach) and the auth server, gateway and mailbox (in vitest's main
// process) keep the real clock: PostgREST refuses tokens whose `iat` is in its future.
//
// Why datefudge and not libfaketime (docs/decisions/014-fake-clock-datefudge.md): libfaketime
// also wraps epoll_wait, poll and friends, and a signal handler that runs while one of them waits
// reads the *real* time. Postgres's timeouts run in its SIGALRM handler, so under libfaketime they
// never fire: no statement_timeout, and no deadlock detection, which request_booking's race
// depends on (two requests for one slot can deadlock; the loser must get BOOKING_SLOT_TAKEN).
// datefudge only wraps time(), gettimeofday() and clock_gettime(CLOCK_REALTIME).
import fs from "node:fs";

const CANDIDATES = [
  "/usr/lib/x86_64-linux-gnu/datefudge/datefudge.so",
  "/usr/lib/aarch64-linux-gnu/datefudge/datefudge.so",
  "/usr/lib/datefudge/datefudge.so",
];

/** The datefudge preload library (DATEFUDGE_LIB overrides), or null when it is not installed. */
export function findDatefudge(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = env.DATEFUDGE_LIB ? [env.DATEFUDGE_LIB] : CANDIDATES;
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

export const DATEFUDGE_MISSING =
  "datefudge is not installed: `apt-get install -y datefudge` (Debian/Ubuntu), or set DATEFUDGE_LIB to its datefudge.so.";

export interface FakeClock {
  /** The instant asked for. */
  target: Date;
  /** Whole seconds added to the real clock. */
  offsetSeconds: number;
  /** Environment that makes a (dynamically linked) process read the faked clock. */
  env: Record<string, string>;
}

/**
 * A clock that reads `target` now and runs on from there: a fixed offset from the real clock, so
 * every process preloaded with it agrees whatever time it started.
 */
export function fakeClock(target: string, env: NodeJS.ProcessEnv = process.env): FakeClock {
  const at = new Date(target);
  if (Number.isNaN(at.getTime())) throw new Error(`TEST_FAKE_NOW is not a date: ${target}`);
  const lib = findDatefudge(env);
  if (!lib) throw new Error(DATEFUDGE_MISSING);
  const offsetSeconds = Math.round((at.getTime() - Date.now()) / 1000);
  return {
    target: at,
    offsetSeconds,
    env: {
      LD_PRELOAD: lib,
      // datefudge subtracts this many seconds from the real clock.
      DATEFUDGE: String(-offsetSeconds),
    },
  };
}
