// `npm run test:faults`: what happens to acknowledged bookings when the whole stack is killed
// (issue 12, item 7), and to the app when PostgREST dies (item 9). Slow (a few minutes), so not part
// of `npm test`.
//
//   1. Crash: a stack (durable, as `npm run dev` runs it) in its own process group; 200 engineers'
//      requests for distinct slots, 20 at a time, through supabase-js; once 150 have been
//      acknowledged, `kill -9` of the whole group (Node, Postgres, PostgREST) mid-flood; a restart on
//      the same data; every booking a client saw acknowledged must be there. `-- --unsafe` runs the
//      same with STACK_DURABLE=false to show what the test is for (losses are likely, not certain).
//   2. PostgREST dies: kill -9 of PostgREST; the stack restarts it and the API answers again.
//
// Ports 594xx; data in .local/test-faults (replaced at each run).
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import WebSocket from "ws";
import { ROOT_DIR, stackConfig } from "../supabase/local/config.ts";

const unsafe = process.argv.includes("--unsafe");
const env = {
  STACK_API_PORT: "59421",
  STACK_DB_PORT: "59422",
  STACK_MAIL_PORT: "59424",
  STACK_REST_PORT: "59430",
  STACK_DATA_DIR: ".local/test-faults",
  STACK_SEND_EMAIL_HOOK_URL: "http://127.0.0.1:9/unused",
  STACK_DURABLE: unsafe ? "false" : "true",
};
const config = stackConfig({ ...process.env, ...env });
const clientOptions = {
  auth: { persistSession: false, autoRefreshToken: false },
  realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
};

function startStackProcess(reset: boolean): ChildProcess {
  return spawn(path.join(ROOT_DIR, "node_modules", ".bin", "tsx"), ["supabase/local/cli.ts", ...(reset ? ["--reset"] : [])], {
    cwd: ROOT_DIR,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so that one kill reaches Postgres and PostgREST too
  });
}

async function waitReady(child: ChildProcess, ms = 120_000): Promise<void> {
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the stack exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${config.apiUrl}/rest/v1/districts?select=id&limit=1`, { headers: { apikey: config.anonKey } });
      if (res.ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the stack did not become ready:\n${output}`);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid) process.kill(-child.pid, signal);
}

async function world(db: pg.Client) {
  const tag = randomUUID().slice(0, 8);
  const one = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows[0] as { id: string };
  const district = await one(`select id from public.districts limit 1`);
  const category = await one(`select id from public.instrument_categories where parent_id is not null limit 1`);
  const org = await one(`insert into public.organisations (name_zh, kind) values ($1, 'enterprise') returning id`, [`故障测试公司 ${tag}`]);
  const lab = await one(
    `insert into public.labs (organisation_id, name_zh, name_en, district_id, address_zh, status) values ($1, $2, 'Fault lab', $3, '测试路 1 号', 'approved') returning id`,
    [org.id, `故障测试实验室 ${tag}`, district.id],
  );
  const instrument = await one(
    `insert into public.instruments (lab_id, category_id, name_zh, name_en, hourly_rate_cny, sme_rate_cny, requires_approval,
       slot_minutes, min_booking_minutes, max_booking_minutes, lead_time_hours, max_advance_days)
     values ($1, $2, $3, 'Fault instrument', 100, 80, false, 15, 15, 60, 0, 365) returning id`,
    [lab.id, category.id, `故障测试仪器 ${tag}`],
  );
  await db.query(
    `insert into public.availability_rules (instrument_id, weekday, start_time, end_time) select $1, d, '00:00', '24:00' from generate_series(1, 7) d`,
    [instrument.id],
  );
  const admin = createClient(config.apiUrl, config.serviceRoleKey, clientOptions);
  const email = `fault-${tag}@example.test`;
  const password = `pw-${randomUUID()}`;
  const created = await admin.auth.admin.createUser({ email, password, email_confirm: true });
  if (created.error || !created.data.user) throw created.error ?? new Error("no user");
  await db.query(`insert into public.organisation_members (organisation_id, user_id, role) values ($1, $2, 'owner')`, [org.id, created.data.user.id]);
  await db.query(`update public.profiles set organisation_id = $1 where id = $2`, [org.id, created.data.user.id]);
  const engineer = createClient(config.apiUrl, config.anonKey, clientOptions);
  const signIn = await engineer.auth.signInWithPassword({ email, password });
  if (signIn.error) throw signIn.error;
  return { instrumentId: instrument.id, engineer };
}

/** Requests distinct 15-minute slots; resolves with the ids the API acknowledged before the kill. */
async function flood(engineer: SupabaseClient, instrumentId: string, killAfter: number, kill: () => void): Promise<string[]> {
  const acknowledged: string[] = [];
  // Start tomorrow at midnight (UTC): every slot is inside the around-the-clock opening hours.
  const base = new Date();
  base.setUTCHours(24, 0, 0, 0);
  let next = 0;
  let killed = false;
  const worker = async () => {
    while (next < 200) {
      const i = next++;
      const start = new Date(base.getTime() + i * 15 * 60_000);
      const { data, error } = await engineer.rpc("request_booking", {
        p_instrument_id: instrumentId,
        p_starts_at: start.toISOString(),
        p_ends_at: new Date(start.getTime() + 15 * 60_000).toISOString(),
        p_purpose: "fault test",
        p_service_mode: "sample_submission",
      });
      if (!error && data) acknowledged.push((data as { id: string }).id);
      if (!killed && acknowledged.length >= killAfter) {
        killed = true;
        kill();
      }
      if (killed) return;
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
  return acknowledged;
}

async function crashTest(): Promise<boolean> {
  console.log(`▶ crash during a booking flood (${unsafe ? "synchronous_commit=off, to show the failure mode" : "durable, as npm run dev runs"})`);
  let stack = startStackProcess(true);
  await waitReady(stack);
  const db = new pg.Client({ connectionString: config.dbUrl });
  await db.connect();
  const { instrumentId, engineer } = await world(db);
  await db.end();
  const started = Date.now();
  const acknowledged = await flood(engineer, instrumentId, 150, () => killGroup(stack, "SIGKILL"));
  console.log(`  ${acknowledged.length} bookings acknowledged, then kill -9 of the stack's process group after ${Date.now() - started} ms`);
  await new Promise((r) => setTimeout(r, 1_000));
  stack = startStackProcess(false);
  await waitReady(stack);
  const check = new pg.Client({ connectionString: config.dbUrl });
  await check.connect();
  const { rows } = await check.query<{ id: string }>(`select id from public.bookings where id = any($1::uuid[])`, [acknowledged]);
  await check.end();
  const found = new Set(rows.map((r) => r.id));
  const lost = acknowledged.filter((id) => !found.has(id));
  console.log(`  after the restart: ${found.size} of ${acknowledged.length} acknowledged bookings are there; ${lost.length} lost`);
  killGroup(stack, "SIGTERM");
  await new Promise((r) => stack.once("exit", r));
  return lost.length === 0;
}

async function postgrestTest(): Promise<boolean> {
  console.log("▶ PostgREST killed: the stack restarts it");
  const stack = startStackProcess(false);
  await waitReady(stack);
  const pids = (await new Promise<string>((resolve) => {
    const ps = spawn("pgrep", ["-f", "-g", String(stack.pid), "postgrest"], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    ps.stdout.on("data", (c: Buffer) => (out += c.toString()));
    ps.on("exit", () => resolve(out));
  }))
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  if (pids.length !== 1) throw new Error(`expected one PostgREST in the stack's group, found ${pids.length}`);
  process.kill(pids[0], "SIGKILL");
  const killedAt = Date.now();
  let down = false;
  try {
    const res = await fetch(`${config.apiUrl}/rest/v1/districts?select=id&limit=1`, { headers: { apikey: config.anonKey } });
    down = !res.ok;
  } catch {
    down = true;
  }
  await waitReady(stack, 30_000);
  console.log(`  the API answered again ${Date.now() - killedAt} ms after the kill (down in between: ${down})`);
  killGroup(stack, "SIGTERM");
  await new Promise((r) => stack.once("exit", r));
  return true;
}

const results = { crash: await crashTest(), postgrest: unsafe ? true : await postgrestTest() };
console.log(`\n${results.crash ? "✓" : "✗"} no acknowledged booking lost\n${results.postgrest ? "✓" : "✗"} PostgREST restarted`);
process.exit(results.crash && results.postgrest ? 0 : 1);
