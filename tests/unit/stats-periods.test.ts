// The bureau overview's periods (app/lib/stats/overview.server.ts) are Shanghai calendar months,
// computed from "now" as passed in: the month so far and the whole month before, across a year
// end and a leap February. TZ=UTC; instants are written with their offset.
import { describe, expect, it } from "vitest";
import { monthToDate, previousMonth } from "~/lib/stats/overview.server";

describe("monthToDate / previousMonth", () => {
  it("start at the Shanghai month, which begins 8 hours before UTC's", () => {
    const now = new Date("2027-01-01T00:30:00+08:00"); // still 31 December in UTC
    expect(monthToDate(now)).toEqual({ from: "2027-01-01", to: "2027-01-01" });
    expect(previousMonth(now)).toEqual({ from: "2026-12-01", to: "2026-12-31" });
  });

  it("know leap Februaries", () => {
    const now = new Date("2028-03-01T09:00:00+08:00");
    expect(previousMonth(now)).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(monthToDate(new Date("2028-02-29T23:30:00+08:00"))).toEqual({ from: "2028-02-01", to: "2028-02-29" });
  });
});
