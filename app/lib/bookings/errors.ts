// The booking engine's error codes (supabase/migrations/20261127020000_booking_engine.sql, the
// comment block listing public.booking_error_codes) → a translated message and the form field it
// belongs to. The code arrives as the PostgREST error's `message`.
import type { MessageKey } from "~/lib/i18n/translate";
import { isUnavailable } from "~/lib/platform/upstream";

export const BOOKING_ERROR_CODES = [
  "BOOKING_NOT_SIGNED_IN",
  "BOOKING_INVALID_INPUT",
  "BOOKING_INVALID_RANGE",
  "BOOKING_RANGE_TOO_LONG",
  "BOOKING_INSTRUMENT_NOT_FOUND",
  "BOOKING_INSTRUMENT_UNAVAILABLE",
  "BOOKING_SERVICE_MODE",
  "BOOKING_NOT_ALIGNED",
  "BOOKING_TOO_SHORT",
  "BOOKING_TOO_LONG",
  "BOOKING_LEAD_TIME",
  "BOOKING_TOO_FAR_AHEAD",
  "BOOKING_OUTSIDE_HOURS",
  "BOOKING_CLOSED",
  "BOOKING_NOT_AUTHORISED",
  "BOOKING_ORGANISATION_REQUIRED",
  "BOOKING_SLOT_TAKEN",
  "BOOKING_NOT_FOUND",
  "BOOKING_FORBIDDEN",
  "BOOKING_INVALID_STATE",
  "BOOKING_REASON_REQUIRED",
  "BOOKING_CANCEL_DEADLINE",
  "BOOKING_NOT_STARTED",
] as const;

export type BookingErrorCode = (typeof BOOKING_ERROR_CODES)[number];

/** Where the message is shown: next to a field of the booking or cancel form, or above the form. */
export type BookingErrorField = "start" | "minutes" | "serviceMode" | "purpose" | "reason" | "form";

interface BookingErrorInfo {
  message: MessageKey;
  field: BookingErrorField;
  status: number;
}

export const bookingErrors: Record<BookingErrorCode, BookingErrorInfo> = {
  BOOKING_NOT_SIGNED_IN: { message: "bookingError.BOOKING_NOT_SIGNED_IN", field: "form", status: 401 },
  BOOKING_INVALID_INPUT: { message: "bookingError.BOOKING_INVALID_INPUT", field: "form", status: 400 },
  BOOKING_INVALID_RANGE: { message: "bookingError.BOOKING_INVALID_RANGE", field: "start", status: 400 },
  BOOKING_RANGE_TOO_LONG: { message: "bookingError.BOOKING_RANGE_TOO_LONG", field: "form", status: 400 },
  BOOKING_INSTRUMENT_NOT_FOUND: { message: "bookingError.BOOKING_INSTRUMENT_NOT_FOUND", field: "form", status: 404 },
  BOOKING_INSTRUMENT_UNAVAILABLE: { message: "bookingError.BOOKING_INSTRUMENT_UNAVAILABLE", field: "form", status: 409 },
  BOOKING_SERVICE_MODE: { message: "bookingError.BOOKING_SERVICE_MODE", field: "serviceMode", status: 400 },
  BOOKING_NOT_ALIGNED: { message: "bookingError.BOOKING_NOT_ALIGNED", field: "start", status: 400 },
  BOOKING_TOO_SHORT: { message: "bookingError.BOOKING_TOO_SHORT", field: "minutes", status: 400 },
  BOOKING_TOO_LONG: { message: "bookingError.BOOKING_TOO_LONG", field: "minutes", status: 400 },
  BOOKING_LEAD_TIME: { message: "bookingError.BOOKING_LEAD_TIME", field: "start", status: 400 },
  BOOKING_TOO_FAR_AHEAD: { message: "bookingError.BOOKING_TOO_FAR_AHEAD", field: "start", status: 400 },
  BOOKING_OUTSIDE_HOURS: { message: "bookingError.BOOKING_OUTSIDE_HOURS", field: "start", status: 400 },
  BOOKING_CLOSED: { message: "bookingError.BOOKING_CLOSED", field: "start", status: 409 },
  BOOKING_NOT_AUTHORISED: { message: "bookingError.BOOKING_NOT_AUTHORISED", field: "serviceMode", status: 403 },
  BOOKING_ORGANISATION_REQUIRED: { message: "bookingError.BOOKING_ORGANISATION_REQUIRED", field: "form", status: 403 },
  BOOKING_SLOT_TAKEN: { message: "bookingError.BOOKING_SLOT_TAKEN", field: "start", status: 409 },
  BOOKING_NOT_FOUND: { message: "bookingError.BOOKING_NOT_FOUND", field: "form", status: 404 },
  BOOKING_FORBIDDEN: { message: "bookingError.BOOKING_FORBIDDEN", field: "form", status: 403 },
  BOOKING_INVALID_STATE: { message: "bookingError.BOOKING_INVALID_STATE", field: "form", status: 409 },
  BOOKING_REASON_REQUIRED: { message: "bookingError.BOOKING_REASON_REQUIRED", field: "reason", status: 400 },
  BOOKING_CANCEL_DEADLINE: { message: "bookingError.BOOKING_CANCEL_DEADLINE", field: "form", status: 409 },
  BOOKING_NOT_STARTED: { message: "bookingError.BOOKING_NOT_STARTED", field: "form", status: 409 },
};

export interface MappedBookingError extends BookingErrorInfo {
  code: BookingErrorCode | null;
}

export function isBookingErrorCode(value: unknown): value is BookingErrorCode {
  return typeof value === "string" && (BOOKING_ERROR_CODES as readonly string[]).includes(value);
}

/** A PostgREST error (or anything with a message) → what to show; unknown errors are a 500. */
export function mapBookingError(error: { message?: string | null; code?: string | null }): MappedBookingError {
  const code = error.message?.trim();
  if (isBookingErrorCode(code)) return { code, ...bookingErrors[code] };
  // The database or the API is unreachable or overloaded: the form stays filled in and says so.
  if (isUnavailable({ message: error.message ?? undefined, code: error.code ?? undefined })) {
    return { code: null, message: "form.busy", field: "form", status: 503 };
  }
  return { code: null, message: "bookingError.unknown", field: "form", status: 500 };
}
