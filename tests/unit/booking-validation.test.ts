import { describe, expect, it } from "vitest";
import { bookingRequestSchema, cancelBookingSchema, slotQuerySchema } from "~/lib/bookings/schemas";
import { firstError, submit } from "../support/forms";

const valid = {
  start: "2026-12-01T01:00:00.000Z",
  minutes: "60",
  serviceMode: "sample_submission",
  purpose: "  SEM 形貌观察  ",
  sampleDescription: "",
  contactPhone: "",
};

describe("bookingRequestSchema", () => {
  it("parses a valid form into the interval the engine takes", () => {
    expect(submit(bookingRequestSchema, valid).value).toEqual({
      slot: { startsAt: "2026-12-01T01:00:00.000Z", endsAt: "2026-12-01T02:00:00.000Z" },
      serviceMode: "sample_submission",
      purpose: "SEM 形貌观察",
      sampleDescription: "",
      contactPhone: null,
    });
  });

  it("accepts starts written with an offset and adds the length", () => {
    const parsed = submit(bookingRequestSchema, { ...valid, start: "2026-12-01T09:00:00+08:00", minutes: "150" });
    expect(parsed.value?.slot).toEqual({ startsAt: "2026-12-01T01:00:00.000Z", endsAt: "2026-12-01T03:30:00.000Z" });
  });

  it("explains each problem at its field", () => {
    const result = submit(bookingRequestSchema, {
      start: "tomorrow morning",
      minutes: "an hour",
      serviceMode: "teleport",
      purpose: "   ",
      sampleDescription: "x".repeat(2001),
      contactPhone: "call me",
    });
    expect(result.success).toBe(false);
    expect(firstError(result, "start")).toBe("validation.slot");
    expect(firstError(result, "minutes")).toBe("validation.duration");
    expect(firstError(result, "serviceMode")).toBe("validation.serviceMode");
    expect(firstError(result, "purpose")).toBe("validation.required");
    expect(result.error.sampleDescription).toEqual([{ message: "validation.tooLong", params: { max: 2000 } }]);
    expect(firstError(result, "contactPhone")).toBe("validation.phone");
  });

  it("rejects malformed and missing starts", () => {
    for (const start of ["tomorrow", "2026-12-01", "2026-12-01T01:00:00", "2026-13-01T01:00:00Z", "a/b"]) {
      expect(firstError(submit(bookingRequestSchema, { ...valid, start }), "start"), start).toBe("validation.slot");
    }
    expect(firstError(submit(bookingRequestSchema, { ...valid, start: "" }), "start")).toBe("validation.slotRequired");
    expect(firstError(submit(bookingRequestSchema, { ...valid, start: undefined }), "start")).toBe("validation.slotRequired");
  });

  it("takes lengths from 15 minutes to a week, in whole minutes", () => {
    expect(submit(bookingRequestSchema, { ...valid, minutes: "15" }).success).toBe(true);
    expect(submit(bookingRequestSchema, { ...valid, minutes: "10080" }).success).toBe(true);
    for (const minutes of ["14", "10081", "-60", "30.5"]) {
      expect(firstError(submit(bookingRequestSchema, { ...valid, minutes }), "minutes"), minutes).toBe("validation.duration");
    }
    expect(firstError(submit(bookingRequestSchema, { ...valid, minutes: "" }), "minutes")).toBe("validation.durationRequired");
  });

  it("limits the purpose to 2000 characters", () => {
    expect(submit(bookingRequestSchema, { ...valid, purpose: "x".repeat(2000) }).success).toBe(true);
    expect(submit(bookingRequestSchema, { ...valid, purpose: "x".repeat(2001) }).success).toBe(false);
  });
});

describe("the slot in the booking form's URL", () => {
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

describe("control characters in booking texts", () => {
  it("refuses a NUL byte in the purpose, the sample description and the cancel reason, at the field", () => {
    const base = { start: "2026-12-01T09:00:00+08:00", minutes: "60", serviceMode: "sample_submission", purpose: "XRD" };
    expect(firstError(submit(bookingRequestSchema, { ...base, purpose: "XRD\u0000" }), "purpose")).toBe("validation.controlCharacters");
    expect(firstError(submit(bookingRequestSchema, { ...base, sampleDescription: "powder\u0000" }), "sampleDescription")).toBe(
      "validation.controlCharacters",
    );
    expect(firstError(submit(cancelBookingSchema, { reason: "\u0000" }), "reason")).toBe("validation.controlCharacters");
    // Line breaks as browsers send them (CRLF) are text.
    expect(submit(bookingRequestSchema, { ...base, purpose: "line one\r\nline two" }).success).toBe(true);
  });
});
