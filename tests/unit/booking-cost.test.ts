// The booking form's estimate: the rate the database says applies, times the hours, rounded to the
// fen like numeric round() in request_booking (tests/integration/booking/rules-parity.test.ts
// compares it with the engine's own estimated_cost_cny).
import { describe, expect, it } from "vitest";
import { estimateBookingCost } from "~/lib/bookings/cost";

describe("estimateBookingCost (TZ=UTC, instants given with their offset)", () => {
  it("multiplies the rate by the hours", () => {
    expect(estimateBookingCost({ rateCny: 380, startsAt: "2026-12-01T09:00:00+08:00", endsAt: "2026-12-01T10:30:00+08:00" })).toEqual({
      rateCny: 380,
      hours: 1.5,
      costCny: 570,
    });
    expect(estimateBookingCost({ rateCny: 500, startsAt: "2026-12-31T23:00:00+08:00", endsAt: "2027-01-01T01:00:00+08:00" })?.costCny).toBe(1000);
  });

  it("rounds to the fen, half away from zero", () => {
    expect(estimateBookingCost({ rateCny: 333.33, startsAt: "2026-12-01T01:00:00Z", endsAt: "2026-12-01T01:15:00Z" })?.costCny).toBe(83.33);
    expect(estimateBookingCost({ rateCny: 0.1, startsAt: "2026-12-01T01:00:00Z", endsAt: "2026-12-01T01:30:00Z" })?.costCny).toBe(0.05);
  });

  it("is null for a range that is not one", () => {
    expect(estimateBookingCost({ rateCny: 100, startsAt: "2026-12-01T02:00:00Z", endsAt: "2026-12-01T01:00:00Z" })).toBeNull();
    expect(estimateBookingCost({ rateCny: 100, startsAt: "2026-12-01T02:00:00Z", endsAt: "2026-12-01T02:00:00Z" })).toBeNull();
    expect(estimateBookingCost({ rateCny: 100, startsAt: "not a date", endsAt: "2026-12-01T02:00:00Z" })).toBeNull();
  });
});
