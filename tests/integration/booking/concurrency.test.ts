// The no-double-booking invariant under concurrency, through supabase-js and the real PostgREST:
// 50 engineers request one slot at once (exactly one wins, 49 get BOOKING_SLOT_TAKEN), and 500
// random overlapping requests over 10 instruments leave no two live bookings overlapping.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMinutes, everyDay, Fixtures, shanghai, shanghaiDate, type Engineer, type LabWorld } from "../../support/fixtures.ts";
import { TEST_STACK } from "../../support/test-env.ts";
import { requestBooking, type RpcResult } from "./helpers.ts";

const f = new Fixtures(undefined, 8);
let world: LabWorld;
let engineers: Engineer[];

beforeAll(async () => {
  world = await f.labWorld();
  const organisations = await Promise.all(Array.from({ length: 5 }, (_, i) => f.organisation(i % 2 ? "sme" : "enterprise")));
  engineers = [];
  // Sign 50 engineers in, 10 at a time (each sign-up hashes a password).
  for (let batch = 0; batch < 5; batch++) {
    engineers.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => f.engineer(organisations[(batch * 10 + i) % 5])))));
  }
}, 120_000);
afterAll(() => f.end());

/** Runs tasks with at most `limit` in flight. */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]();
      }
    }),
  );
  return results;
}

describe("concurrent requests", () => {
  it("50 simultaneous requests for one slot: exactly one wins, 49 get BOOKING_SLOT_TAKEN", async () => {
    const instrument = await f.instrument(world.labId, { requires_approval: false });
    const day = shanghaiDate(5);
    const slot = { start: shanghai(day, "10:00"), end: shanghai(day, "12:00") };
    const results = await Promise.all(engineers.map((e) => requestBooking(e.client, instrument, slot)));

    // Counted by answer, so that a failure says what the others got (e.g. PostgREST's pool timeout).
    const answers: Record<string, number> = {};
    for (const r of results) answers[`${r.status} ${r.code ?? "ok"}`] = (answers[`${r.status} ${r.code ?? "ok"}`] ?? 0) + 1;
    // (the message names every answer: the diff of an object is cut after two keys)
    expect(answers, `answers: ${JSON.stringify(answers)}`).toEqual({ "200 ok": 1, "400 BOOKING_SLOT_TAKEN": 49 });
    const winners = results.filter((r) => r.code === null);

    const rows = await f.q<{ requester_id: string; status: string }>(`select requester_id, status from public.bookings where instrument_id = $1`, [instrument]);
    expect(rows).toEqual([{ requester_id: winners[0].data?.requester_id, status: "confirmed" }]);
    // The losers left nothing behind: one event, and e-mails for that event only (requester, 2 staff).
    expect(await f.bookingFootprint({ instrumentIds: [instrument] })).toEqual({ bookings: 1, events: 1, outbox: 3 });
  });

  it("writes of one instrument's live bookings wait in line before writing their row; other instruments do not wait", async () => {
    // Without the line each request writes its row and then waits for the ones it overlaps: two can
    // wait for each other, and Postgres breaks each such cycle only after deadlock_timeout (1 s).
    const [a, b] = await Promise.all([f.instrument(world.labId), f.instrument(world.labId)]);
    const [e1, e2, e3] = engineers;
    const day = shanghaiDate(6);
    const row = (instrument: string, e: Engineer, from: string, to: string) => ({
      text: `insert into public.bookings (instrument_id, requester_id, organisation_id, during, status, service_mode, purpose, rate_cny, estimated_cost_cny)
       values ($1, $2, $3, tstzrange($4, $5), 'pending', 'sample_submission', 'Queue', 300, 600) returning id`,
      values: [instrument, e.id, e.organisationId, shanghai(day, from).toISOString(), shanghai(day, to).toISOString()],
    });
    const first = new pg.Client({ connectionString: TEST_STACK.dbUrl });
    const second = new pg.Client({ connectionString: TEST_STACK.dbUrl });
    await Promise.all([first.connect(), second.connect()]);
    try {
      await first.query("begin");
      await first.query(row(a, e1, "10:00", "12:00"));
      await second.query("begin");
      await second.query("set local lock_timeout = '10s'");
      // another instrument: no wait
      await second.query(row(b, e2, "10:00", "12:00"));
      // the same instrument, a time that does not even overlap: waits for the first to commit
      const pid = (await second.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0].pid;
      const waiting = second.query(row(a, e3, "14:00", "16:00"));
      let lock: { locktype: string } | undefined;
      for (let i = 0; i < 100 && !lock; i++) {
        lock = (await f.q<{ locktype: string }>(`select locktype from pg_locks where pid = $1 and not granted`, [pid]))[0];
        if (!lock) await new Promise((r) => setTimeout(r, 20));
      }
      // it waits on the instrument's line, before its row exists (not on the first one's row)
      expect(lock?.locktype).toBe("advisory");
      expect(await f.count("public.bookings", "instrument_id = $1", [a])).toBe(0);
      await first.query("commit");
      expect((await waiting).rowCount).toBe(1);
      await second.query("commit");
      expect(await f.count("public.bookings", "instrument_id = any($1::uuid[])", [[a, b]])).toBe(3);
    } finally {
      await Promise.allSettled([first.end(), second.end()]);
    }
  });

  it("500 random overlapping requests over 10 instruments, 10 at a time: no two live bookings overlap", async () => {
    const instruments = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        f.instrument(
          world.labId,
          { requires_approval: i % 2 === 0, slot_minutes: 30, min_booking_minutes: 30, max_booking_minutes: 240 },
          everyDay("00:00", "24:00"),
        ),
      ),
    );
    // Starts on the half-hour grid within two Shanghai days; lengths 30 to 240 minutes.
    const windowStart = shanghai(shanghaiDate(3), "00:00");
    let seed = 20261127;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const tasks = Array.from({ length: 500 }, (_, i) => {
      const instrument = instruments[random(10)];
      const start = addMinutes(windowStart, random(96) * 30);
      const end = addMinutes(start, (1 + random(8)) * 30);
      const engineer = engineers[i % engineers.length];
      return () => requestBooking(engineer.client, instrument, { start, end });
    });
    const results: RpcResult<unknown>[] = await pool(tasks, 10);

    const unexpected = results.filter((r) => r.code !== null && r.code !== "BOOKING_SLOT_TAKEN");
    expect(unexpected.map((r) => r.code)).toEqual([]);
    const won = results.filter((r) => r.code === null).length;
    expect(won).toBeGreaterThan(10);
    expect(results.filter((r) => r.code === "BOOKING_SLOT_TAKEN").length).toBe(500 - won);

    const overlaps = await f.one<{ n: number }>(
      `select count(*)::int as n
       from public.bookings a
       join public.bookings b on b.instrument_id = a.instrument_id and a.id < b.id and a.during && b.during
       where a.instrument_id = any($1::uuid[])
         and a.status in ('pending', 'confirmed') and b.status in ('pending', 'confirmed')`,
      [instruments],
    );
    expect(overlaps.n).toBe(0);
    const footprint = await f.bookingFootprint({ instrumentIds: instruments });
    expect(footprint.bookings).toBe(won);
    expect(footprint.events).toBe(won);
  }, 120_000);
});
