// Bad input through PostgREST: reversed and empty ranges, unknown ids, other users' bookings,
// 100 kB strings, malformed timestamps, ids and enums, infinite dates, anonymous callers. Each gets
// the stable code (P0001, HTTP 400) or PostgREST's own 4xx for malformed types, and writes nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addDays, Fixtures, shanghai, shanghaiDate, type Engineer, type LabWorld } from "../../support/fixtures.ts";
import { anonClient } from "../../support/supabase.ts";
import { cancelBooking, completeBooking, decideBooking, freeSlots, instrumentBusy, ok, refused, requestBooking, type Booking } from "./helpers.ts";

const f = new Fixtures();
let world: LabWorld;
let engineer: Engineer;
let other: Engineer;
let instrument: string;
let booking: Booking;
let before: { bookings: number; events: number; outbox: number };
const day = shanghaiDate(14);
const huge = "字".repeat(100 * 1024);
const UNKNOWN = "00000000-0000-4000-8000-00000000dead";

const footprint = () => f.bookingFootprint({ instrumentIds: [instrument], userIds: [engineer.id, other.id, world.manager.id] });

beforeAll(async () => {
  [world, engineer, other] = await Promise.all([f.labWorld(), f.engineer(), f.engineer()]);
  instrument = await f.instrument(world.labId);
  booking = ok(await requestBooking(engineer.client, instrument, { start: shanghai(day, "14:00"), end: shanghai(day, "15:00") }));
});
afterAll(() => f.end());
beforeEach(async () => {
  before = await footprint();
});

const slot = { start: shanghai(day, "09:00"), end: shanghai(day, "10:00") };

describe("request_booking", () => {
  it("refuses reversed and empty ranges", async () => {
    refused(await requestBooking(engineer.client, instrument, { start: slot.end, end: slot.start }), "BOOKING_INVALID_RANGE");
    refused(await requestBooking(engineer.client, instrument, { start: slot.start, end: slot.start }), "BOOKING_INVALID_RANGE");
    expect(await footprint()).toEqual(before);
  });

  it("refuses unknown instruments", async () => {
    refused(await requestBooking(engineer.client, UNKNOWN, slot), "BOOKING_INSTRUMENT_NOT_FOUND");
    expect(await footprint()).toEqual(before);
  });

  it("refuses 100 kB strings and empty purposes", async () => {
    refused(await requestBooking(engineer.client, instrument, { ...slot, purpose: huge }), "BOOKING_INVALID_INPUT");
    refused(await requestBooking(engineer.client, instrument, { ...slot, purpose: "x".repeat(2001) }), "BOOKING_INVALID_INPUT");
    refused(await requestBooking(engineer.client, instrument, { ...slot, sampleDescription: huge }), "BOOKING_INVALID_INPUT");
    refused(await requestBooking(engineer.client, instrument, { ...slot, contactPhone: huge }), "BOOKING_INVALID_INPUT");
    refused(await requestBooking(engineer.client, instrument, { ...slot, contactPhone: "call me" }), "BOOKING_INVALID_INPUT");
    refused(await requestBooking(engineer.client, instrument, { ...slot, purpose: "" }), "BOOKING_INVALID_INPUT");
    refused(await requestBooking(engineer.client, instrument, { ...slot, purpose: "  \n " }), "BOOKING_INVALID_INPUT");
    refused(await requestBooking(engineer.client, instrument, { ...slot, purpose: "\u3000\t" }), "BOOKING_INVALID_INPUT");
    expect(await footprint()).toEqual(before);
    // 2000 characters is the limit, inclusive.
    ok(await requestBooking(engineer.client, instrument, { ...slot, purpose: "字".repeat(2000) }));
  });

  it("refuses missing and infinite values with the stable code", async () => {
    const base = { p_instrument_id: instrument, p_purpose: "x", p_service_mode: "sample_submission" };
    for (const args of [
      { ...base, p_starts_at: "infinity", p_ends_at: slot.end.toISOString() },
      { ...base, p_starts_at: slot.start.toISOString(), p_ends_at: "infinity" },
      { ...base, p_starts_at: null, p_ends_at: slot.end.toISOString() },
      { ...base, p_starts_at: slot.start.toISOString(), p_ends_at: slot.end.toISOString(), p_purpose: null },
      { ...base, p_starts_at: slot.start.toISOString(), p_ends_at: slot.end.toISOString(), p_service_mode: null },
    ]) {
      const { error, status } = await engineer.client.rpc("request_booking", args);
      expect([error?.message, status]).toEqual(["BOOKING_INVALID_INPUT", 400]);
    }
    expect(await footprint()).toEqual(before);
  });

  it("answers malformed timestamps, ids and enums with PostgREST's 400", async () => {
    const good = {
      p_instrument_id: instrument,
      p_starts_at: slot.start.toISOString(),
      p_ends_at: slot.end.toISOString(),
      p_purpose: "x",
      p_service_mode: "sample_submission",
    };
    for (const [args, code] of [
      [{ ...good, p_starts_at: "next tuesday-ish" }, "22007"],
      [{ ...good, p_ends_at: "2026-13-45T25:61:00Z" }, "22008"],
      [{ ...good, p_instrument_id: "not-a-uuid" }, "22P02"],
      [{ ...good, p_service_mode: "teleportation" }, "22P02"],
    ] as const) {
      const { error, status } = await engineer.client.rpc("request_booking", args);
      expect(status).toBe(400);
      expect(error?.code).toBe(code);
    }
    // An unknown parameter matches no function.
    const { status } = await engineer.client.rpc("request_booking", { ...good, p_drop_table: "bookings" });
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(await footprint()).toEqual(before);
  });

  it("does not let anonymous visitors call the write functions", async () => {
    const anon = anonClient();
    for (const result of [
      await requestBooking(anon, instrument, slot),
      await decideBooking(anon, booking.id, true),
      await cancelBooking(anon, booking.id),
      await completeBooking(anon, booking.id, 60),
    ]) {
      expect(result.status).toBe(401);
      expect(result.pgCode).toBe("42501");
    }
    expect(await footprint()).toEqual(before);
  });
});

describe("decide, cancel, complete", () => {
  it("refuse unknown booking ids", async () => {
    refused(await decideBooking(world.manager.client, UNKNOWN, true), "BOOKING_NOT_FOUND");
    refused(await cancelBooking(world.manager.client, UNKNOWN), "BOOKING_NOT_FOUND");
    refused(await completeBooking(world.manager.client, UNKNOWN, 60), "BOOKING_NOT_FOUND");
    expect(await footprint()).toEqual(before);
  });

  it("refuse other users' bookings", async () => {
    refused(await cancelBooking(other.client, booking.id), "BOOKING_FORBIDDEN");
    refused(await decideBooking(other.client, booking.id, true), "BOOKING_FORBIDDEN");
    refused(await completeBooking(other.client, booking.id, 60), "BOOKING_FORBIDDEN");
    expect(await footprint()).toEqual(before);
  });

  it("refuse 100 kB reasons", async () => {
    refused(await decideBooking(world.manager.client, booking.id, false, huge), "BOOKING_INVALID_INPUT");
    refused(await decideBooking(world.manager.client, booking.id, true, "x".repeat(1001)), "BOOKING_INVALID_INPUT");
    refused(await cancelBooking(engineer.client, booking.id, huge), "BOOKING_INVALID_INPUT");
    expect(await footprint()).toEqual(before);
  });

  it("answer malformed ids and numbers with PostgREST's 400", async () => {
    for (const [fn, args] of [
      ["decide_booking", { p_booking_id: "nope", p_approve: true }],
      ["decide_booking", { p_booking_id: booking.id, p_approve: "perhaps" }],
      ["cancel_booking", { p_booking_id: "'; drop table bookings; --" }],
      ["complete_booking", { p_booking_id: booking.id, p_actual_minutes: "ninety" }],
      ["complete_booking", { p_booking_id: booking.id, p_actual_minutes: 99999999999 }],
    ] as const) {
      const { status, error } = await world.manager.client.rpc(fn, args);
      expect(status, `${fn} ${JSON.stringify(args)}`).toBe(400);
      expect(error?.code).toMatch(/^22/);
    }
    expect(await footprint()).toEqual(before);
  });
});

describe("calendar functions", () => {
  it("refuse reversed, missing and over-long windows and bad lengths", async () => {
    const from = shanghai(day);
    refused(await instrumentBusy(engineer.client, instrument, from, shanghai(addDays(day, 94))), "BOOKING_RANGE_TOO_LONG");
    refused(await freeSlots(engineer.client, instrument, from, shanghai(addDays(day, 94)), 60), "BOOKING_RANGE_TOO_LONG");
    refused(await instrumentBusy(engineer.client, instrument, from, from), "BOOKING_INVALID_RANGE");
    refused(await freeSlots(engineer.client, instrument, shanghai(addDays(day, 1)), from, 60), "BOOKING_INVALID_RANGE");
    refused(await freeSlots(engineer.client, instrument, from, shanghai(addDays(day, 1)), 45), "BOOKING_NOT_ALIGNED");
    refused(await freeSlots(engineer.client, instrument, from, shanghai(addDays(day, 1)), 30), "BOOKING_TOO_SHORT");
    refused(await freeSlots(engineer.client, instrument, from, shanghai(addDays(day, 1)), 600), "BOOKING_TOO_LONG");
    refused(await instrumentBusy(engineer.client, UNKNOWN, from, shanghai(addDays(day, 1))), "BOOKING_INSTRUMENT_NOT_FOUND");
    refused(await freeSlots(anonClient(), UNKNOWN, from, shanghai(addDays(day, 1)), 60), "BOOKING_INSTRUMENT_NOT_FOUND");
    const { error, status } = await anonClient().rpc("instrument_busy", { p_instrument_id: instrument, p_from: "yesterday-ish", p_to: from.toISOString() });
    expect([status, error?.code]).toEqual([400, "22007"]);
    const missing = await anonClient().rpc("instrument_busy", { p_instrument_id: instrument, p_from: null, p_to: from.toISOString() });
    expect(missing.error?.message).toBe("BOOKING_INVALID_INPUT");
  });
});
