import { describe, expect, it } from "vitest";
import { bookingRequestSchema, cancelBookingSchema, slotQuerySchema, slotValue } from "~/lib/validation";
import { firstError, submit } from "../support/forms";

const valid = {
  slot: "2026-12-01T01:00:00.000Z/2026-12-01T02:00:00.000Z",
  serviceMode: "sample_submission",
  purpose: "  SEM 形貌观察  ",
  sampleDescription: "",
  contactPhone: "",
};

describe("bookingRequestSchema", () => {
  it("parses a valid request", () => {
    expect(bookingRequestSchema.parse(valid)).toEqual({
      slot: { startsAt: "2026-12-01T01:00:00.000Z", endsAt: "2026-12-01T02:00:00.000Z" },
      serviceMode: "sample_submission",
      purpose: "SEM 形貌观察",
      sampleDescription: "",
      contactPhone: null,
    });
  });

  it("accepts slots written with an offset", () => {
    const parsed = bookingRequestSchema.parse({ ...valid, slot: "2026-12-01T09:00:00+08:00/2026-12-01T10:00:00+08:00" });
    expect(parsed.slot).toEqual({ startsAt: "2026-12-01T01:00:00.000Z", endsAt: "2026-12-01T02:00:00.000Z" });
  });

  it("explains each problem at its field", () => {
    const result = submit(bookingRequestSchema, {
      slot: "2026-12-01T02:00:00Z/2026-12-01T01:00:00Z",
      serviceMode: "teleport",
      purpose: "   ",
      sampleDescription: "x".repeat(2001),
      contactPhone: "call me",
    });
    expect(result.success).toBe(false);
    expect(firstError(result, "slot")).toBe("bookingError.BOOKING_INVALID_RANGE");
    expect(firstError(result, "serviceMode")).toBe("validation.serviceMode");
    expect(firstError(result, "purpose")).toBe("validation.required");
    expect(result.error.sampleDescription).toEqual([{ message: "validation.tooLong", params: { max: 2000 } }]);
    expect(firstError(result, "contactPhone")).toBe("validation.phone");
  });

  it("rejects malformed and missing slots", () => {
    for (const slot of ["", "tomorrow", "2026-12-01/2026-12-02", "2026-12-01T01:00:00Z", "2026-13-01T01:00:00Z/2026-12-01T02:00:00Z", "a/b/c"]) {
      const result = submit(bookingRequestSchema, { ...valid, slot });
      expect(result.success, slot).toBe(false);
    }
    const missing = submit(bookingRequestSchema, { ...valid, slot: undefined });
    expect(missing.success).toBe(false);
    expect(firstError(missing, "slot")).toBe("validation.slotRequired");
  });

  it("limits the purpose to 2000 characters", () => {
    expect(submit(bookingRequestSchema, { ...valid, purpose: "x".repeat(2000) }).success).toBe(true);
    expect(submit(bookingRequestSchema, { ...valid, purpose: "x".repeat(2001) }).success).toBe(false);
  });
});

describe("slots in URLs and forms", () => {
  it("writes and reads the same slot", () => {
    const value = slotValue("2026-12-01T09:00:00+08:00", "2026-12-01T10:00:00+08:00");
    expect(value).toBe("2026-12-01T01:00:00.000Z/2026-12-01T02:00:00.000Z");
    expect(bookingRequestSchema.parse({ ...valid, slot: value }).slot.startsAt).toBe("2026-12-01T01:00:00.000Z");
  });

  it("checks the query's start and end", () => {
    expect(slotQuerySchema.safeParse({ start: "2026-12-01T01:00:00.000Z", end: "2026-12-01T02:00:00.000Z" }).success).toBe(true);
    expect(slotQuerySchema.safeParse({ start: "x", end: "2026-12-01T02:00:00.000Z" }).success).toBe(false);
  });
});

describe("cancelBookingSchema", () => {
  it("makes the reason optional and at most 1000 characters", () => {
    expect(cancelBookingSchema.parse({})).toEqual({ reason: null });
    expect(cancelBookingSchema.parse({ reason: "  " })).toEqual({ reason: null });
    expect(cancelBookingSchema.parse({ reason: " 计划变更 " })).toEqual({ reason: "计划变更" });
    expect(submit(cancelBookingSchema, { reason: "x".repeat(1001) }).success).toBe(false);
  });
});
