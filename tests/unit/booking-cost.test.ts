import { describe, expect, it } from "vitest";
import { estimateBookingCost, rateFor } from "~/lib/bookings/cost";

const base = { hourlyRateCny: 500, smeRateCny: 380 };

describe("estimateBookingCost (TZ=UTC, instants given in +08:00)", () => {
  it("uses the SME rate for SMEs", () => {
    expect(
      estimateBookingCost({ ...base, organisationKind: "sme", startsAt: "2026-12-01T09:00:00+08:00", endsAt: "2026-12-01T10:30:00+08:00" }),
    ).toEqual({ rateCny: 380, hours: 1.5, costCny: 570, smeRate: true });
  });

  it("uses the standard rate for every other kind and for no organisation", () => {
    for (const kind of ["university", "institute", "testing_centre", "enterprise", "government", null, undefined] as const) {
      expect(rateFor(kind, 500, 380)).toBe(500);
    }
    expect(
      estimateBookingCost({ ...base, organisationKind: "enterprise", startsAt: "2026-12-01T01:00:00Z", endsAt: "2026-12-01T03:00:00Z" })
        ?.costCny,
    ).toBe(1000);
  });

  it("rounds to the fen", () => {
    expect(
      estimateBookingCost({
        hourlyRateCny: 333.33,
        smeRateCny: 333.33,
        organisationKind: "sme",
        startsAt: "2026-12-01T01:00:00Z",
        endsAt: "2026-12-01T01:15:00Z",
      })?.costCny,
    ).toBe(83.33);
  });

  it("returns null for an empty, reversed or malformed range", () => {
    expect(estimateBookingCost({ ...base, organisationKind: "sme", startsAt: "2026-12-01T01:00:00Z", endsAt: "2026-12-01T01:00:00Z" })).toBeNull();
    expect(estimateBookingCost({ ...base, organisationKind: "sme", startsAt: "2026-12-01T02:00:00Z", endsAt: "2026-12-01T01:00:00Z" })).toBeNull();
    expect(estimateBookingCost({ ...base, organisationKind: "sme", startsAt: "nonsense", endsAt: "2026-12-01T01:00:00Z" })).toBeNull();
  });

  it("handles multi-day bookings", () => {
    expect(
      estimateBookingCost({ ...base, organisationKind: "sme", startsAt: "2026-12-01T00:00:00+08:00", endsAt: "2026-12-03T00:00:00+08:00" }),
    ).toMatchObject({ hours: 48, costCny: 18240 });
  });
});
