// The public calendar: instrument_busy (busy intervals without personal data, `mine` for the
// caller's own bookings, callable by visitors) and free_slots (aligned starts that pass every rule
// except the caller's own: opening hours, exceptions, other bookings, lengths, lead time, horizon).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, addMinutes, everyDay, Fixtures, isoWeekday, shanghai, shanghaiDate, type Engineer, type LabWorld } from "../../support/fixtures.ts";
import { anonClient } from "../../support/supabase.ts";
import { cancelBooking, decideBooking, freeSlots, instrumentBusy, ms, ok, refused, requestBooking } from "./helpers.ts";

const f = new Fixtures();
let world: LabWorld;
let engineer: Engineer;
let other: Engineer;
const day = shanghaiDate(8);
const next = addDays(day, 1);

beforeAll(async () => {
  [world, engineer, other] = await Promise.all([f.labWorld(), f.engineer(), f.engineer()]);
});
afterAll(() => f.end());

const hhmm = (t: string) => {
  const local = new Date(ms(t) + 8 * 3600_000).toISOString();
  return `${local.slice(0, 10) === day ? "" : `${local.slice(0, 10)} `}${local.slice(11, 16)}`;
};

describe("instrument_busy", () => {
  it("shows live bookings, closures and maintenance, marks the caller's own, and leaks no personal data", async () => {
    const instrument = await f.instrument(world.labId);
    const mine = ok(await requestBooking(engineer.client, instrument, { start: shanghai(day, "09:00"), end: shanghai(day, "10:00"), purpose: "Secret alloy project" }));
    const theirs = ok(await requestBooking(other.client, instrument, { start: shanghai(day, "11:00"), end: shanghai(day, "12:00") }));
    ok(await decideBooking(world.manager.client, theirs.id, true));
    const cancelled = ok(await requestBooking(other.client, instrument, { start: shanghai(day, "13:00"), end: shanghai(day, "14:00") }));
    ok(await cancelBooking(other.client, cancelled.id));
    const rejected = ok(await requestBooking(other.client, instrument, { start: shanghai(day, "14:00"), end: shanghai(day, "15:00") }));
    ok(await decideBooking(world.manager.client, rejected.id, false, "No"));
    await f.exception(instrument, "closure", shanghai(day, "16:00"), shanghai(day, "17:00"));
    await f.exception(instrument, "maintenance", shanghai(next, "08:00"), shanghai(next, "12:00"));
    await f.exception(instrument, "extra_opening", shanghai(next, "18:00"), shanghai(next, "20:00"));

    const from = shanghai(day);
    const to = shanghai(addDays(day, 2));
    const asEngineer = ok(await instrumentBusy(engineer.client, instrument, from, to));
    expect(asEngineer.map((b) => [hhmm(b.starts_at), hhmm(b.ends_at), b.kind, b.mine])).toEqual([
      ["09:00", "10:00", "booking", true],
      ["11:00", "12:00", "booking", false],
      ["16:00", "17:00", "closure", false],
      [`${next} 08:00`, `${next} 12:00`, "maintenance", false],
    ]);
    for (const row of asEngineer) expect(Object.keys(row).sort()).toEqual(["ends_at", "kind", "mine", "starts_at"]);

    const asVisitor = ok(await instrumentBusy(anonClient(), instrument, from, to));
    expect(asVisitor.map((b) => b.mine)).toEqual([false, false, false, false]);
    const asOther = ok(await instrumentBusy(other.client, instrument, from, to));
    expect(asOther.map((b) => b.mine)).toEqual([false, true, false, false]);

    const text = JSON.stringify([asEngineer, asVisitor, asOther]);
    for (const secret of [engineer.id, other.id, engineer.email, other.email, engineer.organisationId, mine.id, theirs.id, "Secret alloy"]) {
      expect(text).not.toContain(secret);
    }
  });

  it("returns only intervals overlapping the window", async () => {
    const instrument = await f.instrument(world.labId);
    ok(await requestBooking(engineer.client, instrument, { start: shanghai(day, "09:00"), end: shanghai(day, "11:00") }));
    ok(await requestBooking(engineer.client, instrument, { start: shanghai(next, "09:00"), end: shanghai(next, "11:00") }));
    const rows = ok(await instrumentBusy(anonClient(), instrument, shanghai(day, "10:00"), shanghai(day, "23:00")));
    expect(rows.map((r) => [hhmm(r.starts_at), hhmm(r.ends_at)])).toEqual([["09:00", "11:00"]]);
    expect(ok(await instrumentBusy(anonClient(), instrument, shanghai(day, "11:00"), shanghai(next, "09:00")))).toEqual([]);
  });

  it("shows visitors public instruments only; a lab's staff also see their unpublished ones", async () => {
    const retired = await f.instrument(world.labId, { status: "retired" });
    const pendingLab = await f.lab(world.organisationId, "pending");
    const unpublished = await f.instrument(pendingLab);
    const staff = await f.labStaff(pendingLab);
    const window = [shanghai(day), shanghai(next)] as const;
    refused(await instrumentBusy(anonClient(), retired, ...window), "BOOKING_INSTRUMENT_NOT_FOUND");
    refused(await instrumentBusy(anonClient(), unpublished, ...window), "BOOKING_INSTRUMENT_NOT_FOUND");
    refused(await instrumentBusy(engineer.client, unpublished, ...window), "BOOKING_INSTRUMENT_NOT_FOUND");
    refused(await freeSlots(anonClient(), unpublished, ...window, 60), "BOOKING_INSTRUMENT_NOT_FOUND");
    expect(ok(await instrumentBusy(staff.client, unpublished, ...window))).toEqual([]);
    expect(ok(await instrumentBusy(world.manager.client, retired, ...window))).toEqual([]);
    // Not open for bookings: no free slots, but no error either.
    expect(ok(await freeSlots(staff.client, unpublished, ...window, 60))).toEqual([]);
    expect(ok(await freeSlots(anonClient(), await f.instrument(world.labId, { status: "maintenance" }), ...window, 60))).toEqual([]);
  });
});

describe("free_slots", () => {
  it("lists every aligned start that fits between opening hours, exceptions and bookings", async () => {
    const wd = isoWeekday(day);
    const instrument = await f.instrument(world.labId, { slot_minutes: 30, min_booking_minutes: 60, max_booking_minutes: 240 }, [
      { weekday: wd, start: "08:00", end: "12:00" },
      { weekday: wd, start: "13:00", end: "17:15" },
    ]);
    ok(await requestBooking(engineer.client, instrument, { start: shanghai(day, "09:00"), end: shanghai(day, "10:00") }));
    await f.exception(instrument, "closure", shanghai(day, "14:00"), shanghai(day, "15:00"));
    await f.exception(instrument, "extra_opening", shanghai(day, "17:15"), shanghai(day, "19:00"));

    const hour = ok(await freeSlots(anonClient(), instrument, shanghai(day), shanghai(next), 60));
    expect(hour.map((s) => `${hhmm(s.starts_at)}-${hhmm(s.ends_at)}`)).toEqual([
      "08:00-09:00",
      "10:00-11:00",
      "10:30-11:30",
      "11:00-12:00",
      "13:00-14:00",
      // 15:00 onwards: 13:00-17:15 and the extra opening 17:15-19:00 touch, so they merge.
      "15:00-16:00",
      "15:30-16:30",
      "16:00-17:00",
      "16:30-17:30",
      "17:00-18:00",
      "17:30-18:30",
      "18:00-19:00",
    ]);
    const twoHours = ok(await freeSlots(engineer.client, instrument, shanghai(day), shanghai(next), 120));
    expect(twoHours.map((s) => hhmm(s.starts_at))).toEqual(["10:00", "15:00", "15:30", "16:00", "16:30", "17:00"]);
    // Every slot offered is accepted by the rules request_booking applies.
    const errors = await f.q<{ e: string | null }>(
      `select private.booking_policy_error(i, s.starts_at, s.ends_at, now()) as e
       from public.instruments i, jsonb_to_recordset($2::jsonb) as s (starts_at timestamptz, ends_at timestamptz)
       where i.id = $1`,
      [instrument, JSON.stringify([...hour, ...twoHours])],
    );
    expect(errors.map((r) => r.e)).toEqual(Array(hour.length + twoHours.length).fill(null));
    // …and actually bookable.
    const last = hour[hour.length - 1];
    ok(await requestBooking(other.client, instrument, { start: new Date(ms(last.starts_at)), end: new Date(ms(last.ends_at)) }));
    expect(ok(await freeSlots(anonClient(), instrument, shanghai(day), shanghai(next), 60))).toHaveLength(hour.length - 2);
  });

  it("counts starts within [from, to) and lets the last booking end after to", async () => {
    const instrument = await f.instrument(world.labId, { slot_minutes: 60, min_booking_minutes: 60 }, everyDay("08:00", "12:00"));
    const slots = ok(await freeSlots(anonClient(), instrument, shanghai(day, "09:00"), shanghai(day, "11:00"), 120));
    expect(slots.map((s) => `${hhmm(s.starts_at)}-${hhmm(s.ends_at)}`)).toEqual(["09:00-11:00", "10:00-12:00"]);
  });

  it("respects the lead time and the booking horizon", async () => {
    const instrument = await f.instrument(
      world.labId,
      { slot_minutes: 15, min_booking_minutes: 15, lead_time_hours: 3, max_advance_days: 2 },
      everyDay("00:00", "24:00"),
    );
    const now = Date.now();
    const slots = ok(await freeSlots(anonClient(), instrument, new Date(now - 24 * 3600_000), new Date(now + 5 * 24 * 3600_000), 15));
    const first = ms(slots[0].starts_at);
    const last = ms(slots[slots.length - 1].starts_at);
    expect(first).toBeGreaterThanOrEqual(now + 3 * 3600_000);
    expect(first).toBeLessThan(Date.now() + 3 * 3600_000 + 15 * 60_000);
    expect(last).toBeLessThanOrEqual(Date.now() + 2 * 24 * 3600_000);
    expect(last).toBeGreaterThan(now + 2 * 24 * 3600_000 - 15 * 60_000);
    // Consecutive quarter hours, all on the grid.
    expect(slots).toHaveLength((last - first) / 900_000 + 1);
    for (const s of slots) expect(ms(s.starts_at) % 900_000).toBe(0);
  });

  it("covers 93 days of a round-the-clock instrument in one call", async () => {
    const instrument = await f.instrument(
      world.labId,
      { slot_minutes: 15, min_booking_minutes: 15, lead_time_hours: 0, max_advance_days: 365 },
      everyDay("00:00", "24:00"),
    );
    const from = shanghai(day);
    const to = addMinutes(from, 93 * 24 * 60);
    const count = await f.asUser(null, async (c) => {
      const { rows } = await c.query(`select count(*)::int as n from public.free_slots($1, $2, $3, 15)`, [instrument, from, to]);
      return rows[0].n as number;
    });
    expect(count).toBe(93 * 96);
    // Through PostgREST a response holds at most max_rows (1000) rows: the calendar pages with range().
    const args = { p_instrument_id: instrument, p_from: from.toISOString(), p_to: to.toISOString(), p_minutes: 15 };
    const first = await anonClient().rpc("free_slots", args);
    expect(first.data).toHaveLength(1000);
    const tail = await anonClient().rpc("free_slots", args).range(8000, 8999);
    expect(tail.data).toHaveLength(93 * 96 - 8000);
    expect(ms((tail.data as { ends_at: string }[])[927].ends_at)).toBe(to.getTime());
  });
});
