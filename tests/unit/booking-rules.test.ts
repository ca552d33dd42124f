// The booking form's restated rules (app/lib/bookings/rules.ts), at their boundaries. TZ=UTC;
// instants are written with their offset.
import { describe, expect, it } from "vitest";
import { authorisationCovers, selfOperation } from "~/lib/bookings/rules";

describe("authorisationCovers", () => {
  const end = "2027-01-04T18:00:00+08:00";
  it("holds without an expiry and when it expires at or after the booking's end", () => {
    expect(authorisationCovers(null, end)).toBe(true);
    expect(authorisationCovers("2027-01-04T10:00:00Z", end)).toBe(true); // exactly the end
    expect(authorisationCovers("2027-01-05T00:00:00+08:00", end)).toBe(true);
  });
  it("fails when it expires before the end, by a second", () => {
    expect(authorisationCovers("2027-01-04T17:59:59+08:00", end)).toBe(false);
  });
});

describe("selfOperation", () => {
  const now = new Date("2027-01-03T15:30:00Z");
  const end = "2027-01-06T12:00:00+08:00";
  it("is allowed whenever the instrument needs no authorisation", () => {
    expect(selfOperation(false, null, end, now)).toBe("allowed");
  });
  it("tells missing, expired and expiring-before-the-end apart", () => {
    expect(selfOperation(true, null, end, now)).toBe("missing");
    expect(selfOperation(true, { expiresAt: "2027-01-03T15:29:59Z" }, end, now)).toBe("expired");
    expect(selfOperation(true, { expiresAt: "2027-01-05T00:00:00+08:00" }, end, now)).toBe("expiresBeforeEnd");
    expect(selfOperation(true, { expiresAt: "2027-01-06T12:00:00+08:00" }, end, now)).toBe("allowed");
    expect(selfOperation(true, { expiresAt: null }, end, now)).toBe("allowed");
  });
  it("with no booking chosen yet, only asks whether the authorisation is valid today", () => {
    expect(selfOperation(true, { expiresAt: "2027-01-04T00:00:00Z" }, null, now)).toBe("allowed");
  });
});
