import { describe, expect, it } from "vitest";
import { allowedLengths, lengthsThatFit } from "~/lib/bookings/slot-lengths";

const at = (hhmm: string) => Date.parse(`2026-12-01T${hhmm}:00+08:00`);
const rules = { slotMinutes: 30, minMinutes: 60, maxMinutes: 240 };

/** Free 1-hour starts, as free_slots(…, 60) lists them, for free time 08:30–12:00 and 13:30–15:00. */
const free = new Set(["08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "13:30", "14:00"].map(at));

describe("allowedLengths", () => {
  it("steps from the minimum to the maximum by the slot", () => {
    expect(allowedLengths(rules)).toEqual([60, 90, 120, 150, 180, 210, 240]);
    expect(allowedLengths({ slotMinutes: 60, minMinutes: 120, maxMinutes: 480 })).toEqual([120, 180, 240, 300, 360, 420, 480]);
  });
});

describe("lengthsThatFit", () => {
  it("offers every length up to the end of the free run", () => {
    expect(lengthsThatFit(free, at("08:30"), rules)).toEqual([60, 90, 120, 150, 180, 210]);
    expect(lengthsThatFit(free, at("10:00"), rules)).toEqual([60, 90, 120]);
    expect(lengthsThatFit(free, at("11:00"), rules)).toEqual([60]);
  });

  it("never crosses a gap (lunch, a booking, a closure)", () => {
    expect(lengthsThatFit(free, at("13:30"), rules)).toEqual([60, 90]);
    expect(lengthsThatFit(free, at("11:30"), rules)).toEqual([]);
  });

  it("stops at the instrument's maximum", () => {
    const day = new Set(Array.from({ length: 16 }, (_, i) => at("08:00") + i * 30 * 60_000));
    expect(lengthsThatFit(day, at("08:00"), rules).at(-1)).toBe(240);
  });

  it("trusts a length the engine confirmed for a start beyond the list", () => {
    expect(lengthsThatFit(new Set(), at("09:00"), rules, 150)).toEqual([60, 90, 120, 150]);
  });
});
