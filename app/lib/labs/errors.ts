// The lab functions' error codes (supabase/migrations/20261207000000_lab_staff_authorisations_feeds.sql)
// → a translated message, the form field it belongs to and an HTTP status. The code arrives as the
// PostgREST error's `message`, as the booking engine's do (app/lib/bookings/errors.ts).
import type { MessageKey } from "~/lib/i18n/translate";
import { isUnavailable } from "~/lib/platform/upstream";

export const LAB_ERROR_CODES = [
  "LAB_FORBIDDEN",
  "LAB_INVALID_INPUT",
  "LAB_INVALID_EMAIL",
  "LAB_LAST_MANAGER",
  "LAB_STAFF_FORBIDDEN",
  "LAB_STAFF_NO_ACCOUNT",
  "LAB_STAFF_EXISTS",
  "LAB_STAFF_NOT_FOUND",
  "LAB_AUTH_NO_INSTRUMENT",
  "LAB_AUTH_NOT_LAB_INSTRUMENT",
  "LAB_AUTH_EXPIRY_PAST",
  "LAB_AUTH_EXPIRY_TOO_FAR",
  "LAB_AUTH_NOT_FOUND",
  "LAB_USER_NOT_FOUND",
] as const;

export type LabErrorCode = (typeof LAB_ERROR_CODES)[number];

export interface MappedLabError {
  code: LabErrorCode | null;
  message: MessageKey;
  /** A field name of the form, or "form". */
  field: string;
  status: number;
}

const info: Record<LabErrorCode, { field: string; status: number }> = {
  LAB_FORBIDDEN: { field: "form", status: 403 },
  LAB_INVALID_INPUT: { field: "form", status: 400 },
  LAB_INVALID_EMAIL: { field: "email", status: 400 },
  LAB_LAST_MANAGER: { field: "form", status: 409 },
  LAB_STAFF_FORBIDDEN: { field: "form", status: 403 },
  LAB_STAFF_NO_ACCOUNT: { field: "email", status: 404 },
  LAB_STAFF_EXISTS: { field: "email", status: 409 },
  LAB_STAFF_NOT_FOUND: { field: "form", status: 404 },
  LAB_AUTH_NO_INSTRUMENT: { field: "instruments", status: 400 },
  LAB_AUTH_NOT_LAB_INSTRUMENT: { field: "instruments", status: 400 },
  LAB_AUTH_EXPIRY_PAST: { field: "expiresOn", status: 400 },
  LAB_AUTH_EXPIRY_TOO_FAR: { field: "expiresOn", status: 400 },
  LAB_AUTH_NOT_FOUND: { field: "form", status: 404 },
  LAB_USER_NOT_FOUND: { field: "email", status: 404 },
};

export function isLabErrorCode(value: unknown): value is LabErrorCode {
  return typeof value === "string" && (LAB_ERROR_CODES as readonly string[]).includes(value);
}

/** A PostgREST error → what to show; `null` when it is neither a lab code nor an outage (a bug: 500). */
export function mapLabError(error: { message?: string | null; code?: string | null }): MappedLabError | null {
  const code = error.message?.trim();
  if (isLabErrorCode(code)) return { code, message: `labError.${code}`, ...info[code] };
  if (isUnavailable({ message: error.message ?? undefined, code: error.code ?? undefined })) {
    return { code: null, message: "form.busy", field: "form", status: 503 };
  }
  return null;
}
