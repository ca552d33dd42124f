// The administration functions' error codes (supabase/migrations/20261208010000_lab_administration.sql)
// → a translated message, the form field (the database names it in the error's hint) and a status.
import type { MessageKey } from "~/lib/i18n/translate";
import { isUnavailable } from "~/lib/platform/upstream";

export const ADMIN_ERROR_CODES = [
  "ADMIN_NOT_SIGNED_IN",
  "ADMIN_FORBIDDEN",
  "ADMIN_INVALID_INPUT",
  "ADMIN_NOT_FOUND",
  "ADMIN_USER_NOT_FOUND",
  "ADMIN_INVALID_STATE",
  "ADMIN_REASON_REQUIRED",
  "ADMIN_SELF",
] as const;
export type AdminErrorCode = (typeof ADMIN_ERROR_CODES)[number];

const STATUS: Record<AdminErrorCode, number> = {
  ADMIN_NOT_SIGNED_IN: 401,
  ADMIN_FORBIDDEN: 403,
  ADMIN_INVALID_INPUT: 400,
  ADMIN_NOT_FOUND: 404,
  ADMIN_USER_NOT_FOUND: 400,
  ADMIN_INVALID_STATE: 409,
  ADMIN_REASON_REQUIRED: 400,
  ADMIN_SELF: 400,
};

export interface MappedAdminError {
  code: AdminErrorCode | null;
  message: MessageKey;
  /** The form field the database named (hint), or "form". */
  field: string;
  status: number;
}

export function isAdminErrorCode(value: unknown): value is AdminErrorCode {
  return typeof value === "string" && (ADMIN_ERROR_CODES as readonly string[]).includes(value);
}

export function mapAdminError(error: { message?: string | null; code?: string | null; hint?: string | null }): MappedAdminError {
  const code = error.message?.trim();
  if (isAdminErrorCode(code)) {
    const field = error.hint && /^[a-zA-Z]{1,40}$/.test(error.hint) ? error.hint : "form";
    return { code, message: `adminError.${code}`, field, status: STATUS[code] };
  }
  if (isUnavailable({ message: error.message ?? undefined, code: error.code ?? undefined })) {
    return { code: null, message: "form.busy", field: "form", status: 503 };
  }
  return { code: null, message: "adminError.unknown", field: "form", status: 500 };
}
