// rate_booking's error codes (supabase/migrations/20261208000000_booking_ratings.sql) → a translated
// message, the form field it belongs to and an HTTP status.
import type { MessageKey } from "~/lib/i18n/translate";
import { isUnavailable } from "~/lib/platform/upstream";

export const RATING_ERROR_CODES = [
  "RATING_NOT_SIGNED_IN",
  "RATING_INVALID_INPUT",
  "RATING_NOT_FOUND",
  "RATING_FORBIDDEN",
  "RATING_NOT_COMPLETED",
  "RATING_WINDOW_CLOSED",
  "RATING_ALREADY_RATED",
] as const;
export type RatingErrorCode = (typeof RATING_ERROR_CODES)[number];

const STATUS: Record<RatingErrorCode, number> = {
  RATING_NOT_SIGNED_IN: 401,
  RATING_INVALID_INPUT: 400,
  RATING_NOT_FOUND: 404,
  RATING_FORBIDDEN: 403,
  RATING_NOT_COMPLETED: 409,
  RATING_WINDOW_CLOSED: 409,
  RATING_ALREADY_RATED: 409,
};

export interface MappedRatingError {
  code: RatingErrorCode | null;
  message: MessageKey;
  field: "rating" | "form";
  status: number;
}

export function isRatingErrorCode(value: unknown): value is RatingErrorCode {
  return typeof value === "string" && (RATING_ERROR_CODES as readonly string[]).includes(value);
}

export function mapRatingError(error: { message?: string | null; code?: string | null }): MappedRatingError {
  const code = error.message?.trim();
  if (isRatingErrorCode(code)) {
    return { code, message: `ratingError.${code}`, field: code === "RATING_INVALID_INPUT" ? "rating" : "form", status: STATUS[code] };
  }
  if (isUnavailable({ message: error.message ?? undefined, code: error.code ?? undefined })) {
    return { code: null, message: "form.busy", field: "form", status: 503 };
  }
  return { code: null, message: "ratingError.unknown", field: "form", status: 500 };
}
