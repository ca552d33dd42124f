// The lab workspace's functions through supabase-js as each role (20261203000000_lab_requests.sql):
// lab_overview, lab_requests, lab_calendar, lab_bookings_to_record, lab_booking (staff of the lab
// only), decide_bookings and complete_bookings_as_booked (each booking through the engine, refusals
// per booking with nothing written), complete_booking with actual times (and the guard that keeps
// every other writer off those figures), and book_on_behalf.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMinutes, Fixtures, shanghai, shanghaiDate, type Engineer, type LabWorld } from "../../support/fixtures.ts";
import { serviceClient, type TestUser } from "../../support/supabase.ts";
import { ok, refused, requestBooking, type Booking, type RpcResult } from "../booking/helpers.ts";

const f = new Fixtures();
let world: LabWorld;
let other: LabWorld;
let requester: Engineer;
let bureau: TestUser;
let instrument: string;
const day = shanghaiDate(12);

async function rpc<T>(client: { rpc: (fn: string, args: Record<string, unknown>) => PromiseLike<{ data: unknown; error: { message: string; code?: string } | null; status: number }> }, fn: string, args: Record<string, unknown>): Promise<RpcResult<T>> {
  const { data, error, status } = await client.rpc(fn, args);
  return { data: (data as T | null) ?? null, code: error?.message ?? null, pgCode: error?.code ?? null, status };
}

const status = async (id: string) => (await f.one<{ status: string }>(`select status from public.bookings where id = $1`, [id])).status;
const eventCount = async (id: string) => f.count("public.booking_events", "booking_id = $1", [id]);
const outbox = async (id: string) =>
  f.q<{ template: string; recipient_id: string }>(`select template, recipient_id from public.email_outbox where booking_id = $1 order by created_at`, [id]);

/** A booking in the past, confirmed, on a fresh instrument of `labId`. */
async function pastConfirmed(labId: string, daysAgo = 2): Promise<{ id: string; start: Date; end: Date }> {
  const instrumentId = await f.instrument(labId);
  const past = shanghaiDate(-daysAgo);
  const start = shanghai(past, "09:00");
  const end = shanghai(past, "11:00");
  const id = await f.booking({ instrumentId, requesterId: requester.id, organisationId: requester.organisationId, start, end, status: "confirmed" });
  return { id, start, end };
}

beforeAll(async () => {
  [world, other, requester, bureau] = await Promise.all([f.labWorld(), f.labWorld("institute"), f.engineer(), f.bureau("admin")]);
  instrument = await f.instrument(world.labId, { requires_authorisation: true, service_modes: ["self_operation", "sample_submission"] });
});
afterAll(() => f.end());

describe("lab pages read only the caller's lab", () => {
  it("lab_overview counts pending, unrecorded, maintenance and expiring authorisations for the lab's staff", async () => {
    const lab = await f.labWorld();
    const a = await f.instrument(lab.labId);
    const b = await f.instrument(lab.labId);
    await f.q(`update public.instruments set status = 'maintenance' where id = $1`, [b]);
    ok(await requestBooking(requester.client, a, { start: shanghai(day, "09:00"), end: shanghai(day, "10:00") }));
    ok(await requestBooking(requester.client, a, { start: shanghai(day, "11:00"), end: shanghai(day, "12:00") }));
    await pastConfirmed(lab.labId);
    await f.authorise(a, requester.id, new Date(Date.now() + 10 * 86_400_000));
    await f.authorise(b, requester.id, new Date(Date.now() + 60 * 86_400_000));
    const overview = ok(await rpc<Record<string, unknown>>(lab.technician.client, "lab_overview", { p_lab: lab.labId }));
    expect(overview).toMatchObject({ pending: 2, to_record: 1, in_maintenance: 1, expiring_authorisations: 1 });
    expect((overview.oldest_pending as unknown[]).length).toBe(2);
    expect((overview.instruments as unknown[]).length).toBe(3);
    for (const user of [other.manager, requester, bureau]) refused(await rpc(user.client, "lab_overview", { p_lab: lab.labId }), "BOOKING_FORBIDDEN");
  });

  it("lab_requests lists pending requests with organisation, authorisation and expiry; others are refused", async () => {
    const mine = ok(await requestBooking(requester.client, instrument, { start: shanghai(day, "13:00"), end: shanghai(day, "14:00") }));
    const past = shanghaiDate(-1);
    const expired = await f.booking({
      instrumentId: instrument, requesterId: requester.id, organisationId: requester.organisationId,
      start: shanghai(past, "09:00"), end: shanghai(past, "10:00"), status: "pending", serviceMode: "self_operation",
    });
    const rows = ok(await rpc<{ id: string; organisation_kind: string; needs_authorisation: boolean; authorised: boolean; expired: boolean; minutes: number; requester_email: string }[]>(
      world.technician.client, "lab_requests", { p_lab: world.labId },
    ));
    const row = rows.find((r) => r.id === mine.id);
    expect(row).toMatchObject({ organisation_kind: "sme", needs_authorisation: false, expired: false, minutes: 60, requester_email: requester.email });
    expect(rows.find((r) => r.id === expired)).toMatchObject({ needs_authorisation: true, authorised: false, expired: true });
    refused(await rpc(other.manager.client, "lab_requests", { p_lab: world.labId }), "BOOKING_FORBIDDEN");
    refused(await rpc(requester.client, "lab_requests", { p_lab: world.labId }), "BOOKING_FORBIDDEN");
  });

  it("lab_calendar returns bookings and closures of the window; other labs and too long windows are refused", async () => {
    const cal = await f.instrument(world.labId);
    const booked = ok(await requestBooking(requester.client, cal, { start: shanghai(day, "15:00"), end: shanghai(day, "16:00") }));
    await f.exception(cal, "closure", shanghai(shanghaiDate(13), "00:00"), shanghai(shanghaiDate(14), "00:00"));
    const data = ok(await rpc<{ bookings: { id: string }[]; closures: { kind: string }[] }>(world.manager.client, "lab_calendar", {
      p_lab: world.labId, p_from: shanghai(day).toISOString(), p_to: shanghai(shanghaiDate(15)).toISOString(), p_instrument_id: cal,
    }));
    expect(data.bookings.map((b) => b.id)).toEqual([booked.id]);
    expect(data.closures.map((c) => c.kind)).toEqual(["closure"]);
    refused(await rpc(other.manager.client, "lab_calendar", { p_lab: world.labId, p_from: shanghai(day).toISOString(), p_to: shanghai(shanghaiDate(15)).toISOString() }), "BOOKING_FORBIDDEN");
    refused(await rpc(world.manager.client, "lab_calendar", { p_lab: world.labId, p_from: shanghai(day).toISOString(), p_to: shanghai(shanghaiDate(120)).toISOString() }), "BOOKING_RANGE_TOO_LONG");
  });

  it("lab_booking shows a booking to its lab's staff only", async () => {
    const { id } = await pastConfirmed(world.labId);
    const detail = ok(await rpc<{ id: string; can_complete: boolean }>(world.technician.client, "lab_booking", { p_booking_id: id }));
    expect(detail).toMatchObject({ id, can_complete: true });
    for (const user of [other.manager, requester]) expect((await rpc(user.client, "lab_booking", { p_booking_id: id })).data).toBeNull();
  });
});

describe("decide_bookings", () => {
  it("approves several at once, each audited and e-mailed to the requester", async () => {
    const ids = [];
    for (const hour of ["08:00", "10:00", "12:00"]) {
      const i = await f.instrument(world.labId);
      ids.push(ok(await requestBooking(requester.client, i, { start: shanghai(day, hour), end: addMinutes(shanghai(day, hour), 60) })).id);
    }
    const result = ok(await rpc<{ booking_id: string; status: string; error: string | null }[]>(world.technician.client, "decide_bookings", { p_booking_ids: ids, p_approve: true }));
    expect(result.map((r) => r.error)).toEqual([null, null, null]);
    for (const id of ids) {
      expect(await status(id)).toBe("confirmed");
      expect(await eventCount(id)).toBe(2);
      expect((await outbox(id)).filter((m) => m.template === "booking_confirmed" && m.recipient_id === requester.id)).toHaveLength(1);
    }
  });

  it("refuses another lab's, an expired and a deleted booking one by one, writing nothing for them", async () => {
    const good = ok(await requestBooking(requester.client, await f.instrument(world.labId), { start: shanghai(day, "09:00"), end: shanghai(day, "10:00") }));
    const foreign = ok(await requestBooking(requester.client, await f.instrument(other.labId), { start: shanghai(day, "09:00"), end: shanghai(day, "10:00") }));
    const past = shanghaiDate(-3);
    const expired = await f.booking({
      instrumentId: await f.instrument(world.labId), requesterId: requester.id, organisationId: requester.organisationId,
      start: shanghai(past, "09:00"), end: shanghai(past, "10:00"), status: "pending",
    });
    const deleted = "00000000-0000-4000-8000-00000000dead";
    const result = ok(await rpc<{ booking_id: string; error: string | null }[]>(world.manager.client, "decide_bookings", {
      p_booking_ids: [good.id, foreign.id, expired, deleted], p_approve: true,
    }));
    const errors = Object.fromEntries(result.map((r) => [r.booking_id, r.error]));
    expect(errors).toEqual({ [good.id]: null, [foreign.id]: "BOOKING_FORBIDDEN", [expired]: "BOOKING_INVALID_STATE", [deleted]: "BOOKING_NOT_FOUND" });
    expect(await status(foreign.id)).toBe("pending");
    expect(await eventCount(foreign.id)).toBe(1);
    expect(await status(expired)).toBe("pending");
    // An expired request can still be rejected, with a reason.
    const rejected = ok(await rpc<{ error: string | null }[]>(world.manager.client, "decide_bookings", { p_booking_ids: [expired], p_approve: false }));
    expect(rejected[0].error).toBe("BOOKING_REASON_REQUIRED");
    const done = ok(await rpc<{ status: string }[]>(world.manager.client, "decide_bookings", { p_booking_ids: [expired], p_approve: false, p_reason: "时段已过" }));
    expect(done[0].status).toBe("rejected");
  });

  it("refuses an empty or oversized batch", async () => {
    refused(await rpc(world.manager.client, "decide_bookings", { p_booking_ids: [], p_approve: true }), "BOOKING_INVALID_INPUT");
  });
});

describe("recording use", () => {
  it("complete_booking takes the actual start and end and derives the minutes", async () => {
    const { id, start, end } = await pastConfirmed(world.labId);
    const actualEnd = addMinutes(end, 30);
    const done = ok(await rpc<Booking & { actual_starts_at: string; actual_ends_at: string }>(world.technician.client, "complete_booking", {
      p_booking_id: id, p_actual_starts_at: addMinutes(start, 15).toISOString(), p_actual_ends_at: actualEnd.toISOString(),
    }));
    expect(done.status).toBe("completed");
    expect(done.actual_minutes).toBe(135);
    expect(new Date(done.actual_ends_at).getTime()).toBe(actualEnd.getTime());
  });

  it("refuses an end before the start, a future end, another lab's booking, and writes nothing", async () => {
    const { id, start, end } = await pastConfirmed(world.labId);
    refused(await rpc(world.manager.client, "complete_booking", { p_booking_id: id, p_actual_starts_at: end.toISOString(), p_actual_ends_at: start.toISOString() }), "BOOKING_INVALID_RANGE");
    refused(await rpc(world.manager.client, "complete_booking", { p_booking_id: id, p_actual_starts_at: start.toISOString(), p_actual_ends_at: new Date(Date.now() + 3_600_000).toISOString() }), "BOOKING_INVALID_INPUT");
    refused(await rpc(world.manager.client, "complete_booking", { p_booking_id: id, p_no_show: true, p_actual_starts_at: start.toISOString(), p_actual_ends_at: end.toISOString() }), "BOOKING_INVALID_INPUT");
    refused(await rpc(other.manager.client, "complete_booking", { p_booking_id: id, p_actual_starts_at: start.toISOString(), p_actual_ends_at: end.toISOString() }), "BOOKING_FORBIDDEN");
    expect(await status(id)).toBe("confirmed");
    expect(await eventCount(id)).toBe(0);
  });

  it("lab_bookings_to_record lists ended confirmed bookings; complete_bookings_as_booked records them as booked", async () => {
    const lab = await f.labWorld();
    const a = await pastConfirmed(lab.labId, 2);
    const b = await pastConfirmed(lab.labId, 3);
    const foreign = await pastConfirmed(other.labId);
    const listed = ok(await rpc<{ id: string }[]>(lab.technician.client, "lab_bookings_to_record", { p_lab: lab.labId }));
    expect(listed.map((r) => r.id)).toEqual([b.id, a.id]);
    const result = ok(await rpc<{ booking_id: string; status: string | null; error: string | null }[]>(lab.technician.client, "complete_bookings_as_booked", {
      p_booking_ids: [a.id, b.id, foreign.id],
    }));
    expect(Object.fromEntries(result.map((r) => [r.booking_id, r.error]))).toEqual({ [a.id]: null, [b.id]: null, [foreign.id]: "BOOKING_NOT_FOUND" });
    const row = await f.one<{ actual_minutes: number; actual_starts_at: Date; actual_ends_at: Date }>(
      `select actual_minutes, actual_starts_at, actual_ends_at from public.bookings where id = $1`, [a.id],
    );
    expect(row.actual_minutes).toBe(120);
    expect(row.actual_starts_at.getTime()).toBe(a.start.getTime());
    expect(await status(foreign.id)).toBe("confirmed");
    expect(ok(await rpc<unknown[]>(lab.technician.client, "lab_bookings_to_record", { p_lab: lab.labId }))).toEqual([]);
  });

  it("nothing but complete_booking writes the recorded figures: the service role and lab staff are refused", async () => {
    const { id } = await pastConfirmed(world.labId);
    const service = await serviceClient().from("bookings").update({ actual_minutes: 999 }).eq("id", id).select("id");
    expect(service.error?.code).toBe("42501");
    const staff = await world.manager.client.from("bookings").update({ actual_minutes: 999 }).eq("id", id).select("id");
    expect(staff.data ?? []).toEqual([]);
    const inserted = await serviceClient().from("bookings").insert({
      instrument_id: instrument, requester_id: requester.id, organisation_id: requester.organisationId,
      during: `[${shanghai(shanghaiDate(-5), "09:00").toISOString()},${shanghai(shanghaiDate(-5), "10:00").toISOString()})`,
      status: "completed", service_mode: "sample_submission", purpose: "forged", rate_cny: 1, estimated_cost_cny: 1, actual_minutes: 60,
    });
    expect(inserted.error?.code).toBe("42501");
    expect((await f.one<{ actual_minutes: number | null }>(`select actual_minutes from public.bookings where id = $1`, [id])).actual_minutes).toBeNull();
  });
});

describe("book_on_behalf", () => {
  it("books for the user found by exact e-mail, confirmed, and e-mails them", async () => {
    const i = await f.instrument(world.labId);
    const booking = ok(await rpc<Booking>(world.technician.client, "book_on_behalf", {
      p_email: `  ${requester.email.toUpperCase()} `, p_instrument_id: i, p_starts_at: shanghai(day, "14:00").toISOString(),
      p_ends_at: shanghai(day, "15:00").toISOString(), p_purpose: "电话预约 XRD", p_service_mode: "sample_submission",
    }));
    expect(booking).toMatchObject({ requester_id: requester.id, organisation_id: requester.organisationId, status: "confirmed" });
    const mails = await outbox(booking.id);
    expect(mails.filter((m) => m.template === "booking_confirmed" && m.recipient_id === requester.id)).toHaveLength(1);
    const event = await f.one<{ actor_id: string }>(`select actor_id from public.booking_events where booking_id = $1`, [booking.id]);
    expect(event.actor_id).toBe(world.technician.id);
  });

  it("refuses an unknown e-mail, another lab's staff, non-staff and the engine's rules, writing nothing", async () => {
    const i = await f.instrument(world.labId);
    const args = (over: Record<string, unknown> = {}) => ({
      p_email: requester.email, p_instrument_id: i, p_starts_at: shanghai(day, "10:00").toISOString(),
      p_ends_at: shanghai(day, "11:00").toISOString(), p_purpose: "phone", p_service_mode: "sample_submission", ...over,
    });
    const unknown = await rpc(world.manager.client, "book_on_behalf", args({ p_email: "nobody-here@example.test" }));
    expect(unknown.code).toBe("LAB_USER_NOT_FOUND");
    expect(unknown.status).toBe(400);
    refused(await rpc(other.manager.client, "book_on_behalf", args()), "BOOKING_FORBIDDEN");
    refused(await rpc(requester.client, "book_on_behalf", args()), "BOOKING_FORBIDDEN");
    refused(await rpc(world.manager.client, "book_on_behalf", args({ p_starts_at: shanghai(day, "19:00").toISOString(), p_ends_at: shanghai(day, "20:00").toISOString() })), "BOOKING_OUTSIDE_HOURS");
    refused(await rpc(world.manager.client, "book_on_behalf", args({ p_ends_at: shanghai(day, "09:00").toISOString() })), "BOOKING_INVALID_RANGE");
    refused(await rpc(world.manager.client, "book_on_behalf", args({ p_instrument_id: "00000000-0000-4000-8000-00000000dead" })), "BOOKING_INSTRUMENT_NOT_FOUND");
    expect(await f.count("public.bookings", "instrument_id = $1", [i])).toBe(0);
  });
});
