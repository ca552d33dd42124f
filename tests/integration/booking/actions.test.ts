// What the caller may do with each booking (public.booking_actions) and what they would pay
// (public.booking_rate), through supabase-js as real users, against the state changes themselves:
// the answer a page shows must be the refusal or acceptance the engine gives. Boundaries (exactly at
// the cancellation deadline, one second after, a pending booking at its start, staff at the end)
// are checked inside one transaction, where booking_actions and the state change see the same
// now(); everything else with bookings hours away from any boundary.
import { randomUUID } from "node:crypto";
import type { SupabaseClient } from "@supabase/supabase-js";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMinutes, Fixtures, shanghai, shanghaiDate, type Engineer, type LabWorld } from "../../support/fixtures.ts";
import { anonClient, type TestUser } from "../../support/supabase.ts";
import { ok, refused, requestBooking, type Booking } from "./helpers.ts";

const f = new Fixtures();
let world: LabWorld;
let otherLabStaff: TestUser;
let requester: Engineer;
let colleague: Engineer;
let otherEngineer: Engineer;
let bureau: TestUser;

beforeAll(async () => {
  [world, requester, otherEngineer, bureau] = await Promise.all([f.labWorld(), f.engineer(), f.engineer(), f.bureau("admin")]);
  colleague = await f.engineer(requester.organisationId);
  otherLabStaff = (await f.labWorld("institute")).manager;
});
afterAll(() => f.end());

interface Actions {
  booking_id: string;
  can_cancel: boolean;
  cancel_as: "requester" | "staff" | null;
  can_approve: boolean;
  can_reject: boolean;
  can_complete: boolean;
  expired: boolean;
}

const NOTHING = { can_cancel: false, cancel_as: null, can_approve: false, can_reject: false, can_complete: false, expired: false };

async function actions(client: SupabaseClient, ids: string[]): Promise<Map<string, Actions>> {
  const { data, error } = await client.rpc("booking_actions", { p_booking_ids: ids });
  expect(error).toBeNull();
  return new Map((data as Actions[]).map((row) => [row.booking_id, row]));
}

type Action = "cancel" | "approve" | "reject" | "complete" | "no_show";
const ACTIONS: Action[] = ["cancel", "approve", "reject", "complete", "no_show"];
const CALLS: Record<Action, string> = {
  cancel: "select public.cancel_booking($1, 'Plans changed')",
  approve: "select public.decide_booking($1, true)",
  reject: "select public.decide_booking($1, false, 'No capacity that week')",
  complete: "select public.complete_booking($1, 60)",
  no_show: "select public.complete_booking($1, null, true)",
};
/** The flag of booking_actions that answers for an action. */
const FLAG: Record<Action, keyof Omit<Actions, "booking_id" | "cancel_as" | "expired">> = {
  cancel: "can_cancel",
  approve: "can_approve",
  reject: "can_reject",
  complete: "can_complete",
  no_show: "can_complete",
};

/** Runs an action in a savepoint on `c` (as whoever `c` is) and undoes it: null if accepted, else the error code. */
async function tryAction(c: pg.PoolClient, action: Action, bookingId: string): Promise<string | null> {
  await c.query("savepoint attempt");
  try {
    await c.query(CALLS[action], [bookingId]);
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await c.query("rollback to savepoint attempt");
  }
}

/** The action as `userId` with their JWT claims (as PostgREST calls it), rolled back. */
function attempt(userId: string, action: Action, bookingId: string): Promise<string | null> {
  return f.asUser(userId, (c) => tryAction(c, action, bookingId));
}

describe("booking_actions", () => {
  it("answers only for bookings the caller can see, and not for visitors", async () => {
    const instrument = await f.instrument(world.labId);
    const start = shanghai(shanghaiDate(12), "09:00");
    const id = await f.booking({ ...party(), instrumentId: instrument, start, end: addMinutes(start, 60), status: "pending" });
    for (const user of [requester, colleague, world.manager, world.technician, bureau]) {
      expect([...(await actions(user.client, [id])).keys()]).toEqual([id]);
    }
    for (const user of [otherEngineer, otherLabStaff]) expect((await actions(user.client, [id])).size).toBe(0);
    const { data, error } = await anonClient().rpc("booking_actions", { p_booking_ids: [id] });
    expect(data).toBeNull();
    expect(error).not.toBeNull();
  });

  it("takes at most 500 ids and ignores unknown ones", async () => {
    const many = Array.from({ length: 501 }, () => randomUUID());
    const { error, status } = await requester.client.rpc("booking_actions", { p_booking_ids: many });
    expect(error?.message).toBe("BOOKING_INVALID_INPUT");
    expect(status).toBe(400);
    expect((await actions(requester.client, many.slice(0, 500))).size).toBe(0);
    expect((await actions(requester.client, [])).size).toBe(0);
  });

  it("tells the requester, the lab's manager and technician what each may do, and everyone else nothing", async () => {
    const instrument = await f.instrument(world.labId);
    const start = shanghai(shanghaiDate(12), "09:00");
    const id = ok(await requestBooking(requester.client, instrument, { start, end: addMinutes(start, 120) })).id;
    expect((await actions(requester.client, [id])).get(id)).toEqual({ booking_id: id, ...NOTHING, can_cancel: true, cancel_as: "requester" });
    const staff = { booking_id: id, ...NOTHING, can_cancel: true, cancel_as: "staff", can_approve: true, can_reject: true };
    expect((await actions(world.manager.client, [id])).get(id)).toEqual(staff);
    expect((await actions(world.technician.client, [id])).get(id)).toEqual(staff);
    for (const user of [colleague, bureau]) expect((await actions(user.client, [id])).get(id)).toEqual({ booking_id: id, ...NOTHING });

    // Through the API as the pages will call it: the technician approves, then the answers change.
    const { data, error } = await world.technician.client.rpc("decide_booking", { p_booking_id: id, p_approve: true });
    expect(error).toBeNull();
    expect((data as Booking).status).toBe("confirmed");
    expect((await actions(world.manager.client, [id])).get(id)).toEqual({ booking_id: id, ...NOTHING, can_cancel: true, cancel_as: "staff" });
    expect((await actions(requester.client, [id])).get(id)).toEqual({ booking_id: id, ...NOTHING, can_cancel: true, cancel_as: "requester" });
    const cancelled = await requester.client.rpc("cancel_booking", { p_booking_id: id });
    expect(cancelled.error).toBeNull();
    for (const user of [requester, world.manager]) expect((await actions(user.client, [id])).get(id)).toEqual({ booking_id: id, ...NOTHING });
  });

  // A scenario: a booking of `requester` on its own instrument, at hours from now (never near a
  // boundary), with what the requester and the lab's staff may do (everyone else: nothing).
  const H = 3_600_000;
  const SCENARIOS: {
    name: string;
    status: "pending" | "confirmed" | "cancelled" | "rejected" | "completed" | "no_show";
    from: number;
    to: number;
    requester: Partial<Actions>;
    staff: Partial<Actions>;
  }[] = [
    { name: "pending, in ten days", status: "pending", from: 240 * H, to: 242 * H, requester: { can_cancel: true, cancel_as: "requester" }, staff: { can_cancel: true, cancel_as: "staff", can_approve: true, can_reject: true } },
    { name: "pending, in two hours (no deadline for a request)", status: "pending", from: 2 * H, to: 4 * H, requester: { can_cancel: true, cancel_as: "requester" }, staff: { can_cancel: true, cancel_as: "staff", can_approve: true, can_reject: true } },
    { name: "pending, running", status: "pending", from: -H, to: H, requester: {}, staff: { can_cancel: true, cancel_as: "staff", can_approve: true, can_reject: true } },
    { name: "pending, over (expired)", status: "pending", from: -3 * H, to: -2 * H, requester: { expired: true }, staff: { can_reject: true, expired: true } },
    { name: "confirmed, in ten days", status: "confirmed", from: 240 * H, to: 242 * H, requester: { can_cancel: true, cancel_as: "requester" }, staff: { can_cancel: true, cancel_as: "staff" } },
    { name: "confirmed, inside the deadline", status: "confirmed", from: 2 * H, to: 4 * H, requester: {}, staff: { can_cancel: true, cancel_as: "staff" } },
    { name: "confirmed, running", status: "confirmed", from: -H, to: H, requester: {}, staff: { can_cancel: true, cancel_as: "staff", can_complete: true } },
    { name: "confirmed, over", status: "confirmed", from: -3 * H, to: -2 * H, requester: {}, staff: { can_complete: true } },
    { name: "cancelled", status: "cancelled", from: 240 * H, to: 242 * H, requester: {}, staff: {} },
    { name: "rejected", status: "rejected", from: 240 * H, to: 242 * H, requester: {}, staff: {} },
    { name: "completed", status: "completed", from: -3 * H, to: -2 * H, requester: {}, staff: {} },
    { name: "no-show", status: "no_show", from: -3 * H, to: -2 * H, requester: {}, staff: {} },
  ];

  it("says yes exactly when the state change accepts, for every role and every kind of booking", async () => {
    const now = Date.now();
    const ids = await Promise.all(
      SCENARIOS.map(async (s) =>
        f.booking({
          ...party(),
          instrumentId: await f.instrument(world.labId, { cancellation_deadline_hours: 24 }),
          start: new Date(now + s.from),
          end: new Date(now + s.to),
          status: s.status,
        }),
      ),
    );
    const users: [string, TestUser, "requester" | "staff" | "other" | "unseen"][] = [
      ["requester", requester, "requester"],
      ["colleague", colleague, "other"],
      ["other engineer", otherEngineer, "unseen"],
      ["manager", world.manager, "staff"],
      ["technician", world.technician, "staff"],
      ["other lab's staff", otherLabStaff, "unseen"],
      ["bureau", bureau, "other"],
    ];
    let accepted = 0;
    let refusals = 0;
    for (const [who, user, kind] of users) {
      const answers = await actions(user.client, ids);
      for (const [i, scenario] of SCENARIOS.entries()) {
        const id = ids[i];
        const answer = answers.get(id);
        if (kind === "unseen") {
          expect(answer, `${who}: ${scenario.name}`).toBeUndefined();
        } else {
          const expected = kind === "other" ? {} : scenario[kind];
          // expired is a fact about the booking, whoever asks
          const facts = scenario.requester.expired ? { expired: true } : {};
          expect(answer, `${who}: ${scenario.name}`).toEqual({ booking_id: id, ...NOTHING, ...facts, ...expected });
        }
        for (const action of ACTIONS) {
          const outcome = await attempt(user.id, action, id);
          const yes = answer?.[FLAG[action]] ?? false;
          if (yes) {
            expect(outcome, `${who} may ${action}: ${scenario.name}`).toBeNull();
            accepted += 1;
          } else {
            expect(outcome, `${who} may not ${action}: ${scenario.name}`).toMatch(/^BOOKING_/);
            refusals += 1;
          }
        }
      }
    }
    // The loop exercised both answers, many times.
    expect(accepted).toBeGreaterThan(20);
    expect(refusals).toBeGreaterThan(200);
  }, 120_000);
});

function party() {
  return { requesterId: requester.id, organisationId: requester.organisationId };
}

describe("booking_actions at the boundaries", () => {
  /**
   * Inside one transaction as `userId`: a booking of `requester` from now() + `from` to now() + `to`
   * (intervals), booking_actions for it, and the action, so both see the same now().
   */
  async function atBoundary(
    userId: string,
    b: { instrument: string; status: "pending" | "confirmed"; from: string; to: string },
    action: Action,
  ): Promise<{ answer: Actions; outcome: string | null }> {
    return f.asUser(userId, async (c) => {
      await c.query("reset role");
      const { id } = (
        await c.query(
          `insert into public.bookings (instrument_id, requester_id, organisation_id, during, status, service_mode, purpose, rate_cny, estimated_cost_cny)
           values ($1, $2, $3, tstzrange(now() + $4::interval, now() + $5::interval), $6, 'sample_submission', 'boundary', 300, 300)
           returning id`,
          [b.instrument, requester.id, requester.organisationId, b.from, b.to, b.status],
        )
      ).rows[0] as { id: string };
      await c.query("set local role authenticated");
      const answer = (await c.query(`select * from public.booking_actions(array[$1]::uuid[])`, [id])).rows[0] as Actions;
      return { answer, outcome: await tryAction(c, action, id) };
    });
  }

  let instrument: string;
  beforeAll(async () => {
    instrument = await f.instrument(world.labId, { cancellation_deadline_hours: 48 });
  });

  it("lets the requester cancel a confirmed booking exactly at the deadline, not one second after", async () => {
    const at = await atBoundary(requester.id, { instrument, status: "confirmed", from: "48 hours", to: "49 hours" }, "cancel");
    expect(at.answer).toMatchObject({ can_cancel: true, cancel_as: "requester" });
    expect(at.outcome).toBeNull();
    const after = await atBoundary(requester.id, { instrument, status: "confirmed", from: "48 hours -1 second", to: "49 hours" }, "cancel");
    expect(after.answer).toMatchObject({ can_cancel: false, cancel_as: null });
    expect(after.outcome).toBe("BOOKING_CANCEL_DEADLINE");
  });

  it("lets the requester withdraw a pending request until its start, not at it", async () => {
    const before = await atBoundary(requester.id, { instrument, status: "pending", from: "1 second", to: "1 hour" }, "cancel");
    expect(before.answer).toMatchObject({ can_cancel: true, cancel_as: "requester" });
    expect(before.outcome).toBeNull();
    const atStart = await atBoundary(requester.id, { instrument, status: "pending", from: "0", to: "1 hour" }, "cancel");
    expect(atStart.answer).toMatchObject({ can_cancel: false, cancel_as: null, expired: false });
    expect(atStart.outcome).toBe("BOOKING_CANCEL_DEADLINE");
  });

  it("lets staff cancel until the end, not at it", async () => {
    const before = await atBoundary(world.technician.id, { instrument, status: "confirmed", from: "-1 hour", to: "1 second" }, "cancel");
    expect(before.answer).toMatchObject({ can_cancel: true, cancel_as: "staff", can_complete: true });
    expect(before.outcome).toBeNull();
    const atEnd = await atBoundary(world.technician.id, { instrument, status: "confirmed", from: "-1 hour", to: "0" }, "cancel");
    expect(atEnd.answer).toMatchObject({ can_cancel: false, cancel_as: null, can_complete: true });
    expect(atEnd.outcome).toBe("BOOKING_INVALID_STATE");
  });

  it("lets staff approve a pending booking until its end; after that it has expired and can only be rejected", async () => {
    const before = await atBoundary(world.manager.id, { instrument, status: "pending", from: "-1 hour", to: "1 second" }, "approve");
    expect(before.answer).toMatchObject({ can_approve: true, can_reject: true, expired: false });
    expect(before.outcome).toBeNull();
    const atEnd = await atBoundary(world.manager.id, { instrument, status: "pending", from: "-1 hour", to: "0" }, "approve");
    expect(atEnd.answer).toMatchObject({ can_approve: false, can_reject: true, expired: true });
    expect(atEnd.outcome).toBe("BOOKING_INVALID_STATE");
    const reject = await atBoundary(world.manager.id, { instrument, status: "pending", from: "-1 hour", to: "0" }, "reject");
    expect(reject.outcome).toBeNull();
  });

  it("lets staff record completion from the start, not a second before", async () => {
    const atStart = await atBoundary(world.manager.id, { instrument, status: "confirmed", from: "0", to: "1 hour" }, "complete");
    expect(atStart.answer).toMatchObject({ can_complete: true });
    expect(atStart.outcome).toBeNull();
    const before = await atBoundary(world.manager.id, { instrument, status: "confirmed", from: "1 second", to: "1 hour" }, "no_show");
    expect(before.answer).toMatchObject({ can_complete: false });
    expect(before.outcome).toBe("BOOKING_NOT_STARTED");
  });

  it("gives another lab's staff and the requester's colleague nothing to do", async () => {
    for (const user of [otherLabStaff, colleague]) {
      const outcome = await atBoundary(user.id, { instrument, status: "pending", from: "10 hours", to: "11 hours" }, "cancel");
      expect(outcome.outcome).toBe("BOOKING_FORBIDDEN");
    }
    const seen = await atBoundary(colleague.id, { instrument, status: "pending", from: "10 hours", to: "11 hours" }, "approve");
    expect(seen.answer).toMatchObject(NOTHING);
    const unseen = await atBoundary(otherLabStaff.id, { instrument, status: "pending", from: "10 hours", to: "11 hours" }, "approve");
    expect(unseen.answer).toBeUndefined();
    expect(unseen.outcome).toBe("BOOKING_FORBIDDEN");
  });
});

describe("booking_rate", () => {
  let instrument: string;
  beforeAll(async () => {
    instrument = await f.instrument(world.labId, { hourly_rate_cny: 480, sme_rate_cny: 320 });
  });

  async function rate(client: SupabaseClient, args: Record<string, unknown>) {
    const { data, error, status } = await client.rpc("booking_rate", { p_instrument_id: instrument, ...args });
    return { row: (data as { rate_cny: number; basis: string }[] | null)?.[0] ?? null, code: error?.message ?? null, status };
  }

  it("is the SME rate for an SME and the standard rate for everyone else", async () => {
    expect((await rate(requester.client, {})).row).toEqual({ rate_cny: 320, basis: "sme" });
    const university = await f.engineer(await f.organisation("university"));
    expect((await rate(university.client, {})).row).toEqual({ rate_cny: 480, basis: "standard" });
    // The lab's own staff book for their lab's organisation when they belong to it.
    await f.addOrganisationMember(world.organisationId, world.manager.id);
    expect((await rate(world.manager.client, {})).row).toEqual({ rate_cny: 480, basis: "standard" });
  });

  it("chooses the organisation as request_booking does, and charges what it says", async () => {
    const sme = await f.organisation("sme");
    const university = await f.organisation("university");
    const both = await f.engineer(university);
    await f.addOrganisationMember(sme, both.id, false);
    // The profile's organisation unless one is given; a given one must be theirs.
    expect((await rate(both.client, {})).row).toEqual({ rate_cny: 480, basis: "standard" });
    expect((await rate(both.client, { p_organisation_id: sme })).row).toEqual({ rate_cny: 320, basis: "sme" });
    expect((await rate(both.client, { p_organisation_id: requester.organisationId })).code).toBe("BOOKING_ORGANISATION_REQUIRED");
    // Two memberships and no profile organisation: no default, as in request_booking.
    await f.q(`update public.profiles set organisation_id = null where id = $1`, [both.id]);
    expect((await rate(both.client, {})).code).toBe("BOOKING_ORGANISATION_REQUIRED");
    refused(
      await requestBooking(both.client, instrument, { start: shanghai(shanghaiDate(15), "09:00"), end: shanghai(shanghaiDate(15), "10:00") }),
      "BOOKING_ORGANISATION_REQUIRED",
    );

    // What booking_rate says is what request_booking charges.
    const day = shanghaiDate(15);
    for (const [organisationId, start, end] of [[sme, "09:00", "11:00"], [university, "11:00", "13:00"]] as const) {
      const said = (await rate(both.client, { p_organisation_id: organisationId })).row;
      const booking = ok(await requestBooking(both.client, instrument, { start: shanghai(day, start), end: shanghai(day, end), organisationId }));
      expect(Number(booking.rate_cny)).toBe(said?.rate_cny);
      expect(Number(booking.estimated_cost_cny)).toBe((said?.rate_cny ?? 0) * 2);
    }
  });

  it("refuses without an organisation, for instruments the caller cannot see, and for visitors", async () => {
    const loner = await f.engineer();
    await f.q(`delete from public.organisation_members where user_id = $1`, [loner.id]);
    expect((await rate(loner.client, {})).code).toBe("BOOKING_ORGANISATION_REQUIRED");
    const retired = await f.instrument(world.labId, { status: "retired" });
    expect((await rate(requester.client, { p_instrument_id: retired })).code).toBe("BOOKING_INSTRUMENT_NOT_FOUND");
    expect((await rate(world.manager.client, { p_instrument_id: retired })).row?.basis).toBe("standard");
    expect((await rate(requester.client, { p_instrument_id: randomUUID() })).code).toBe("BOOKING_INSTRUMENT_NOT_FOUND");
    expect((await rate(requester.client, { p_instrument_id: null })).code).toBe("BOOKING_INVALID_INPUT");
    const visitor = await rate(anonClient(), {});
    expect(visitor.row).toBeNull();
    expect(visitor.code).not.toBeNull();
  });
});
