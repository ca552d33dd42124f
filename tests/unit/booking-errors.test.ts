import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BOOKING_ERROR_CODES, bookingErrors, mapBookingError } from "~/lib/bookings/errors";
import { en } from "~/locales/en";
import { zhCN } from "~/locales/zh-CN";

/** The codes listed in the engine migration's comment block (public.booking_error_codes). */
function codesInMigration(): string[] {
  const sql = fs.readFileSync(
    path.resolve(import.meta.dirname, "../../supabase/migrations/20261127020000_booking_engine.sql"),
    "utf8",
  );
  const start = sql.indexOf("public.booking_error_codes");
  expect(start).toBeGreaterThan(0);
  const block = sql.slice(start).split("\n");
  const codes: string[] = [];
  for (const line of block.slice(1)) {
    if (!line.startsWith("--")) break;
    const match = /^--\s{3}(BOOKING_[A-Z_]+)\s/.exec(line);
    if (match) codes.push(match[1]);
  }
  return codes;
}

describe("booking error codes", () => {
  it("cover exactly the codes the engine documents", () => {
    const documented = codesInMigration();
    expect(documented.length).toBeGreaterThanOrEqual(20);
    expect([...BOOKING_ERROR_CODES].sort()).toEqual([...documented].sort());
  });

  it("have a non-empty zh-CN and en message each", () => {
    for (const code of BOOKING_ERROR_CODES) {
      const key = bookingErrors[code].message;
      expect(zhCN[key], code).toBeTruthy();
      expect(en[key], code).toBeTruthy();
      expect(zhCN[key]).not.toBe(en[key]);
    }
  });

  it("are 4xx", () => {
    for (const code of BOOKING_ERROR_CODES) {
      expect(bookingErrors[code].status).toBeGreaterThanOrEqual(400);
      expect(bookingErrors[code].status).toBeLessThan(500);
    }
  });
});

describe("mapBookingError", () => {
  it("maps a PostgREST error's message to the field and message", () => {
    expect(mapBookingError({ message: "BOOKING_SLOT_TAKEN", code: "P0001" })).toEqual({
      code: "BOOKING_SLOT_TAKEN",
      message: "bookingError.BOOKING_SLOT_TAKEN",
      field: "start",
      status: 409,
    });
    expect(mapBookingError({ message: "BOOKING_TOO_LONG" }).field).toBe("minutes");
    expect(mapBookingError({ message: "BOOKING_CLOSED" }).field).toBe("start");
    expect(mapBookingError({ message: "BOOKING_SERVICE_MODE" }).field).toBe("serviceMode");
    expect(mapBookingError({ message: "BOOKING_REASON_REQUIRED" }).field).toBe("reason");
    expect(mapBookingError({ message: "BOOKING_ORGANISATION_REQUIRED" }).field).toBe("form");
  });

  it("treats anything else as an unexpected 500", () => {
    expect(mapBookingError({ message: "connection refused" })).toEqual({
      code: null,
      message: "bookingError.unknown",
      field: "form",
      status: 500,
    });
    expect(mapBookingError({ message: null })).toMatchObject({ status: 500 });
  });
});
