// decide_booking, cancel_booking and complete_booking through supabase-js: who may do what
// (requester, a colleague, another engineer, staff of this lab, staff of another lab, the bureau),
// which states allow it, the cancellation deadline to the microsecond, and the audit trail and
// e-mail outbox each transition writes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMinutes, Fixtures, shanghai, shanghaiDate, type Engineer, type LabWorld } from "../../support/fixtures.ts";
import type { TestUser } from "../../support/supabase.ts";
import { cancelBooking, completeBooking, decideBooking, ok, refused, requestBooking, type Booking } from "./helpers.ts";

const f = new Fixtures();
let world: LabWorld;
let otherLabStaff: TestUser;
let requester: Engineer;
let colleague: Engineer;
let otherEngineer: Engineer;
let bureau: TestUser;
const day = shanghaiDate(12);

beforeAll(async () => {
  [world, requester, otherEngineer, bureau] = await Promise.all([f.labWorld(), f.engineer(undefined, { locale: "en" }), f.engineer(), f.bureau("admin")]);
  colleague = await f.engineer(requester.organisationId);
  otherLabStaff = (await f.labWorld("institute")).manager;
});
afterAll(() => f.end());

/** A fresh instrument and a pending (or auto-confirmed) booking on it by `requester`. */
async function newBooking(policy: Parameters<Fixtures["instrument"]>[1] = {}): Promise<{ instrument: string; booking: Booking }> {
  const instrument = await f.instrument(world.labId, policy);
  const booking = ok(await requestBooking(requester.client, instrument, { start: shanghai(day, "09:00"), end: shanghai(day, "11:00") }));
  return { instrument, booking };
}

const status = async (id: string) => (await f.one<{ status: string }>(`select status from public.bookings where id = $1`, [id])).status;
const eventCount = async (id: string) => f.count("public.booking_events", "booking_id = $1", [id]);
const outboxCount = async (id: string) => f.count("public.email_outbox", "booking_id = $1", [id]);

describe("decide_booking", () => {
  it("lets only staff of the instrument's lab decide; everyone else is forbidden and nothing changes", async () => {
    const { booking } = await newBooking();
    for (const user of [requester, colleague, otherEngineer, otherLabStaff, bureau]) {
      refused(await decideBooking(user.client, booking.id, true), "BOOKING_FORBIDDEN");
      refused(await decideBooking(user.client, booking.id, false, "no"), "BOOKING_FORBIDDEN");
    }
    expect(await status(booking.id)).toBe("pending");
    expect(await eventCount(booking.id)).toBe(1);
    const approved = ok(await decideBooking(world.technician.client, booking.id, true));
    expect(approved.status).toBe("confirmed");
    expect(approved.decided_by).toBe(world.technician.id);
  });

  it("decides only pending bookings", async () => {
    const { booking } = await newBooking();
    ok(await decideBooking(world.manager.client, booking.id, true));
    refused(await decideBooking(world.manager.client, booking.id, true), "BOOKING_INVALID_STATE");
    refused(await decideBooking(world.manager.client, booking.id, false, "changed my mind"), "BOOKING_INVALID_STATE");
    const { booking: auto } = await newBooking({ requires_approval: false });
    refused(await decideBooking(world.manager.client, auto.id, true), "BOOKING_INVALID_STATE");
  });

  it("needs a reason to reject, and a rejection frees the slot", async () => {
    const { instrument, booking } = await newBooking();
    refused(await decideBooking(world.manager.client, booking.id, false), "BOOKING_REASON_REQUIRED");
    refused(await decideBooking(world.manager.client, booking.id, false, "   "), "BOOKING_REASON_REQUIRED");
    expect(await eventCount(booking.id)).toBe(1);
    const rejected = ok(await decideBooking(world.manager.client, booking.id, false, "  样品不符合要求 Sample unsuitable "));
    expect(rejected.status).toBe("rejected");
    expect(rejected.decision_reason).toBe("样品不符合要求 Sample unsuitable");
    ok(await requestBooking(otherEngineer.client, instrument, { start: shanghai(day, "09:00"), end: shanghai(day, "11:00") }));
  });

  it("does not approve a pending booking whose time has passed", async () => {
    const instrument = await f.instrument(world.labId);
    const past = shanghaiDate(-2);
    const id = await f.booking({
      instrumentId: instrument,
      requesterId: requester.id,
      organisationId: requester.organisationId,
      start: shanghai(past, "09:00"),
      end: shanghai(past, "10:00"),
      status: "pending",
    });
    refused(await decideBooking(world.manager.client, id, true), "BOOKING_INVALID_STATE");
    expect(ok(await decideBooking(world.manager.client, id, false, "Expired")).status).toBe("rejected");
  });
});

describe("cancel_booking", () => {
  it("lets the requester and the lab's staff cancel, and forbids everyone else", async () => {
    const { booking } = await newBooking();
    for (const user of [colleague, otherEngineer, otherLabStaff, bureau]) {
      refused(await cancelBooking(user.client, booking.id, "not mine"), "BOOKING_FORBIDDEN");
    }
    expect(await status(booking.id)).toBe("pending");
    const cancelled = ok(await cancelBooking(requester.client, booking.id, "Plans changed"));
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.cancelled_by).toBe(requester.id);
    expect(cancelled.cancel_reason).toBe("Plans changed");
    refused(await cancelBooking(requester.client, booking.id), "BOOKING_INVALID_STATE");

    const { booking: confirmed } = await newBooking({ requires_approval: false });
    expect(ok(await cancelBooking(world.technician.client, confirmed.id, "Instrument fault")).status).toBe("cancelled");
  });

  it("lets the requester cancel a confirmed booking exactly at the deadline, not a microsecond later", async () => {
    const instrument = await f.instrument(world.labId, { cancellation_deadline_hours: 48 });
    const cancelAt = async (offset: string) =>
      f.asUser(requester.id, async (c) => {
        await c.query("reset role");
        const { id } = (
          await c.query(
            `insert into public.bookings (instrument_id, requester_id, organisation_id, during, status, service_mode, purpose, rate_cny, estimated_cost_cny)
             values ($1, $2, $3, tstzrange(now() + interval '48 hours' + $4::interval, now() + interval '49 hours'), 'confirmed',
                     'sample_submission', 'deadline', 300, 300) returning id`,
            [instrument, requester.id, requester.organisationId, offset],
          )
        ).rows[0] as { id: string };
        await c.query("set local role authenticated");
        try {
          return (await c.query(`select status from public.cancel_booking($1)`, [id])).rows[0].status as string;
        } catch (error) {
          return (error as Error).message;
        }
      });
    expect(await cancelAt("0")).toBe("cancelled");
    expect(await cancelAt("-1 microsecond")).toBe("BOOKING_CANCEL_DEADLINE");
  });

  it("lets staff cancel after the requester's deadline until the end; the requester may withdraw a pending request until its start", async () => {
    const instrument = await f.instrument(world.labId, { cancellation_deadline_hours: 48 });
    const now = Date.now();
    const confirmed = await f.booking({
      instrumentId: instrument,
      requesterId: requester.id,
      organisationId: requester.organisationId,
      start: new Date(now + 3600_000),
      end: new Date(now + 3 * 3600_000),
    });
    refused(await cancelBooking(requester.client, confirmed, "too late"), "BOOKING_CANCEL_DEADLINE");
    expect(ok(await cancelBooking(world.manager.client, confirmed, "Lab closed")).status).toBe("cancelled");

    const pending = await f.booking({
      instrumentId: instrument,
      requesterId: requester.id,
      organisationId: requester.organisationId,
      start: new Date(now + 3600_000),
      end: new Date(now + 3 * 3600_000),
      status: "pending",
    });
    expect(ok(await cancelBooking(requester.client, pending)).status).toBe("cancelled");

    const running = await f.booking({
      instrumentId: instrument,
      requesterId: requester.id,
      organisationId: requester.organisationId,
      start: new Date(now - 3600_000),
      end: new Date(now + 600_000),
      status: "pending",
    });
    refused(await cancelBooking(requester.client, running), "BOOKING_CANCEL_DEADLINE");
    expect(ok(await cancelBooking(world.manager.client, running)).status).toBe("cancelled");

    const ended = await f.booking({
      instrumentId: instrument,
      requesterId: requester.id,
      organisationId: requester.organisationId,
      start: new Date(now - 2 * 3600_000),
      end: new Date(now - 3600_000),
    });
    refused(await cancelBooking(world.manager.client, ended), "BOOKING_INVALID_STATE");
  });
});

describe("complete_booking", () => {
  let daysAgo = 0;
  /** A booking that started two hours ago (a day earlier each call, so they never overlap). */
  async function startedBooking(instrument: string, status: "confirmed" | "pending" = "confirmed"): Promise<string> {
    const start = new Date(Math.floor(Date.now() / 3600_000) * 3600_000 - 2 * 3600_000 - daysAgo++ * 24 * 3600_000);
    return f.booking({ instrumentId: instrument, requesterId: requester.id, organisationId: requester.organisationId, start, end: addMinutes(start, 60), status });
  }

  it("lets only the lab's staff record completion or a no-show", async () => {
    const instrument = await f.instrument(world.labId);
    const id = await startedBooking(instrument);
    for (const user of [requester, colleague, otherEngineer, otherLabStaff, bureau]) {
      refused(await completeBooking(user.client, id, 60), "BOOKING_FORBIDDEN");
      refused(await completeBooking(user.client, id, null, true), "BOOKING_FORBIDDEN");
    }
    expect(await status(id)).toBe("confirmed");
    const done = ok(await completeBooking(world.technician.client, id, 75));
    expect(done.status).toBe("completed");
    expect(done.actual_minutes).toBe(75);
    refused(await completeBooking(world.manager.client, id, 75), "BOOKING_INVALID_STATE");

    const absent = ok(await completeBooking(world.manager.client, await startedBooking(instrument), null, true));
    expect(absent.status).toBe("no_show");
    expect(absent.actual_minutes).toBeNull();
  });

  it("checks actual minutes between 0 and a week", async () => {
    const instrument = await f.instrument(world.labId);
    const id = await startedBooking(instrument);
    refused(await completeBooking(world.manager.client, id, null), "BOOKING_INVALID_INPUT");
    refused(await completeBooking(world.manager.client, id, -1), "BOOKING_INVALID_INPUT");
    refused(await completeBooking(world.manager.client, id, 7 * 24 * 60 + 1), "BOOKING_INVALID_INPUT");
    refused(await completeBooking(world.manager.client, id, 30, true), "BOOKING_INVALID_INPUT");
    expect(await eventCount(id)).toBe(0);
    expect(ok(await completeBooking(world.manager.client, id, 7 * 24 * 60)).actual_minutes).toBe(10080);
    const zero = await startedBooking(instrument);
    expect(ok(await completeBooking(world.manager.client, zero, 0)).actual_minutes).toBe(0);
  });

  it("refuses bookings that have not started, and pending ones", async () => {
    const { booking } = await newBooking({ requires_approval: false });
    refused(await completeBooking(world.manager.client, booking.id, 60), "BOOKING_NOT_STARTED");
    refused(await completeBooking(world.manager.client, booking.id, null, true), "BOOKING_NOT_STARTED");
    const instrument = await f.instrument(world.labId);
    refused(await completeBooking(world.manager.client, await startedBooking(instrument, "pending"), 60), "BOOKING_INVALID_STATE");
  });
});

interface EventRow {
  id: string;
  actor_id: string | null;
  from_status: string | null;
  to_status: string;
  note: string | null;
}
interface OutboxRow {
  event_id: string;
  template: string;
  recipient_id: string;
  recipient_email: string;
  locale: string;
  payload: Record<string, unknown>;
  idempotency_key: string;
}

describe("audit trail and e-mail outbox", () => {
  const events = (id: string) =>
    f.q<EventRow>(`select id, actor_id, from_status, to_status, note from public.booking_events where booking_id = $1 order by created_at, id`, [id]);
  const outbox = (eventId: string) =>
    f.q<OutboxRow>(
      `select event_id, template, recipient_id, recipient_email, locale, payload, idempotency_key from public.email_outbox where event_id = $1 order by template, recipient_id`,
      [eventId],
    );
  const staff = () => [world.manager, world.technician].sort((a, b) => (a.id < b.id ? -1 : 1));

  function expectKeys(rows: OutboxRow[], bookingId: string) {
    for (const r of rows) expect(r.idempotency_key).toBe(`${r.template}/${bookingId}/${r.event_id}/${r.recipient_id}`);
  }

  it("request, approve, cancel: one event per transition and the right e-mails exactly once", async () => {
    const { instrument, booking } = await newBooking();
    ok(await decideBooking(world.manager.client, booking.id, true, "See you then"));
    ok(await cancelBooking(requester.client, booking.id, "Project stopped"));

    const ev = await events(booking.id);
    expect(ev.map((e) => [e.from_status, e.to_status, e.actor_id, e.note])).toEqual([
      [null, "pending", requester.id, null],
      ["pending", "confirmed", world.manager.id, "See you then"],
      ["confirmed", "cancelled", requester.id, "Project stopped"],
    ]);

    const created = await outbox(ev[0].id);
    expect(created.map((r) => [r.template, r.recipient_id, r.recipient_email, r.locale])).toEqual([
      ["booking_requested", requester.id, requester.email, "en"],
      ...staff().map((s) => ["booking_requested_lab", s.id, s.email, s.id === world.technician.id ? "en" : "zh-CN"]),
    ]);
    const payload = created[0].payload;
    const names = await f.one<{ name_zh: string; name_en: string; lab_zh: string }>(
      `select i.name_zh, i.name_en, l.name_zh as lab_zh from public.instruments i join public.labs l on l.id = i.lab_id where i.id = $1`,
      [instrument],
    );
    expect(payload).toMatchObject({
      booking_id: booking.id,
      instrument_name_zh: names.name_zh,
      instrument_name_en: names.name_en,
      lab_name_zh: names.lab_zh,
      starts_at: shanghai(day, "09:00").toISOString().replace(".000", ""),
      ends_at: shanghai(day, "11:00").toISOString().replace(".000", ""),
      time_zone: "Asia/Shanghai",
      status: "pending",
      reason: null,
    });

    const approved = await outbox(ev[1].id);
    expect(approved.map((r) => [r.template, r.recipient_id])).toEqual([["booking_confirmed", requester.id]]);
    expect(approved[0].payload).toMatchObject({ status: "confirmed", previous_status: "pending", reason: "See you then" });

    const cancelled = await outbox(ev[2].id);
    expect(cancelled.map((r) => [r.template, r.recipient_id])).toEqual([
      ["booking_cancelled", requester.id],
      ...staff().map((s) => ["booking_cancelled_lab", s.id]),
    ]);
    expect(cancelled[0].payload).toMatchObject({ status: "cancelled", reason: "Project stopped" });

    const all = [...created, ...approved, ...cancelled];
    expectKeys(all, booking.id);
    expect(await outboxCount(booking.id)).toBe(all.length);
    expect(new Set(all.map((r) => r.idempotency_key)).size).toBe(all.length);
  });

  it("auto-confirmation e-mails the requester a confirmation and the lab a new booking", async () => {
    const { booking } = await newBooking({ requires_approval: false });
    const ev = await events(booking.id);
    expect(ev.map((e) => [e.from_status, e.to_status])).toEqual([[null, "confirmed"]]);
    const rows = await outbox(ev[0].id);
    expect(rows.map((r) => [r.template, r.recipient_id])).toEqual([
      ["booking_confirmed", requester.id],
      ...staff().map((s) => ["booking_requested_lab", s.id]),
    ]);
    expectKeys(rows, booking.id);
  });

  it("rejection e-mails the requester with the reason; completion writes an event and invites the requester to rate it (issue 11 part 7), a no-show no e-mail", async () => {
    const { booking } = await newBooking();
    ok(await decideBooking(world.technician.client, booking.id, false, "Sample is magnetic"));
    const ev = await events(booking.id);
    expect(ev.map((e) => [e.from_status, e.to_status, e.actor_id])).toEqual([
      [null, "pending", requester.id],
      ["pending", "rejected", world.technician.id],
    ]);
    const rows = await outbox(ev[1].id);
    expect(rows.map((r) => [r.template, r.recipient_id])).toEqual([["booking_rejected", requester.id]]);
    expect(rows[0].payload).toMatchObject({ status: "rejected", reason: "Sample is magnetic" });

    const instrument = await f.instrument(world.labId);
    const start = shanghai(shanghaiDate(-1), "09:00");
    const past = await f.booking({ instrumentId: instrument, requesterId: requester.id, organisationId: requester.organisationId, start, end: addMinutes(start, 60) });
    ok(await completeBooking(world.manager.client, past, 55));
    const done = await events(past);
    expect(done.map((e) => [e.from_status, e.to_status, e.actor_id])).toEqual([["confirmed", "completed", world.manager.id]]);
    expect((await outbox(done[0].id)).map((r) => [r.template, r.recipient_id])).toEqual([["booking_rating_request", requester.id]]);
    expect(await outboxCount(past)).toBe(1);

    const missed = await f.booking({ instrumentId: instrument, requesterId: requester.id, organisationId: requester.organisationId, start: addMinutes(start, 120), end: addMinutes(start, 180) });
    ok(await completeBooking(world.manager.client, missed, null, true));
    expect((await events(missed)).map((e) => e.to_status)).toEqual(["no_show"]);
    expect(await outboxCount(missed)).toBe(0);
  });

  it("writes no event and no e-mail when a transition is refused", async () => {
    const { booking } = await newBooking();
    const before = [await eventCount(booking.id), await outboxCount(booking.id)];
    refused(await decideBooking(otherLabStaff.client, booking.id, true), "BOOKING_FORBIDDEN");
    refused(await decideBooking(world.manager.client, booking.id, false), "BOOKING_REASON_REQUIRED");
    refused(await cancelBooking(otherEngineer.client, booking.id), "BOOKING_FORBIDDEN");
    refused(await completeBooking(world.manager.client, booking.id, 60), "BOOKING_INVALID_STATE");
    expect([await eventCount(booking.id), await outboxCount(booking.id)]).toEqual(before);
    expect(await status(booking.id)).toBe("pending");
  });
});
