// canCancel (app/lib/bookings.server.ts) is the page's TypeScript copy of cancel_booking's time
// rule, used to decide whether to offer the cancel button: it must agree with the engine at the
// boundary, given the same "now". Each case runs in one transaction, so now() is fixed and the
// same instant is passed to canCancel: a pending request until its start, a confirmed booking
// until start − cancellation deadline, both to the millisecond either side.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as BookingsServer from "~/lib/bookings.server";
import { Fixtures, type Engineer, type LabWorld } from "../../support/fixtures.ts";
import { TEST_STACK } from "../../support/test-env.ts";

const f = new Fixtures();
let world: LabWorld;
let requester: Engineer;
let canCancel: (typeof BookingsServer)["canCancel"];

beforeAll(async () => {
  // env.server.ts parses process.env when first imported: point the app at the test stack first.
  Object.assign(process.env, {
    SUPABASE_URL: TEST_STACK.apiUrl,
    SUPABASE_ANON_KEY: TEST_STACK.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: TEST_STACK.serviceRoleKey,
    SEND_EMAIL_HOOK_SECRET: TEST_STACK.hookSecret,
    RESEND_API_KEY: process.env.RESEND_API_KEY ?? "re_test_can_cancel",
  });
  ({ canCancel } = await import("~/lib/bookings.server"));
  [world, requester] = await Promise.all([f.labWorld(), f.engineer()]);
});
afterAll(() => f.end());

/**
 * A booking starting `offsetMs` after now() + `hoursAhead`, and what the engine and canCancel
 * say about the requester cancelling it at that now().
 */
async function bothSay(status: "pending" | "confirmed", hoursAhead: number, offsetMs: number, deadlineHours: number) {
  const instrument = await f.instrument(world.labId, { cancellation_deadline_hours: deadlineHours });
  return f.asUser(requester.id, async (c) => {
    await c.query("reset role");
    // Instants as whole microseconds (text), cut to milliseconds exactly: parsing timestamps into
    // Dates goes through floating point and may land either side of a millisecond.
    const { rows } = await c.query<{ id: string; now_us: string; starts_us: string }>(
      `insert into public.bookings (instrument_id, requester_id, organisation_id, during, status, service_mode, purpose, rate_cny, estimated_cost_cny)
       values ($1, $2, $3,
         tstzrange(now() + make_interval(hours => $4) + make_interval(secs => $5 / 1000.0),
                   now() + make_interval(hours => $4 + 2)),
         $6, 'sample_submission', 'canCancel', 300, 600)
       returning id, (extract(epoch from now()) * 1000000)::bigint::text as now_us,
         (extract(epoch from lower(during)) * 1000000)::bigint::text as starts_us`,
      [instrument, requester.id, requester.organisationId, hoursAhead, offsetMs, status],
    );
    const { id, now_us, starts_us } = rows[0];
    const ms = (us: string) => new Date(Number(BigInt(us) / 1000n));
    const app = canCancel(
      { status, startsAt: ms(starts_us).toISOString(), instrument: { cancellation_deadline_hours: deadlineHours } as Parameters<typeof canCancel>[0]["instrument"] },
      ms(now_us),
    );
    await c.query("set local role authenticated");
    await c.query("savepoint attempt");
    let engine: boolean;
    try {
      await c.query(`select public.cancel_booking($1)`, [id]);
      engine = true;
    } catch (error) {
      expect((error as Error).message).toBe("BOOKING_CANCEL_DEADLINE");
      await c.query("rollback to savepoint attempt");
      engine = false;
    }
    return { app, engine };
  });
}

describe("canCancel agrees with cancel_booking", () => {
  it.each([
    ["a confirmed booking 1 ms before its deadline", "confirmed", 48, 1, 48, true],
    ["a confirmed booking exactly at its deadline", "confirmed", 48, 0, 48, true],
    ["a confirmed booking 1 ms past its deadline", "confirmed", 48, -1, 48, false],
    ["a confirmed booking with no deadline, 1 ms before it starts", "confirmed", 0, 1, 0, true],
    ["a pending request 1 ms before it starts", "pending", 0, 1, 48, true],
    ["a pending request exactly at its start", "pending", 0, 0, 48, false],
  ] as const)("%s", async (_name, status, hoursAhead, offsetMs, deadlineHours, allowed) => {
    expect(await bothSay(status, hoursAhead, offsetMs, deadlineHours)).toEqual({ app: allowed, engine: allowed });
  });
});
