// The organisation functions' error codes (supabase/migrations/20261202000100_organisations.sql,
// the comment block listing public.organisation_error_codes) → a translated message, the form
// field it belongs to and the HTTP status. The code arrives as the PostgREST error's `message`.
import type { MessageKey } from "~/lib/i18n/translate";
import { isUnavailable } from "~/lib/platform/upstream";

export const ORGANISATION_ERROR_CODES = [
  "ORG_NOT_SIGNED_IN",
  "ORG_INVALID_INPUT",
  "ORG_INVALID_EMAIL",
  "ORG_CREDIT_CODE_INVALID",
  "ORG_CREDIT_CODE_TAKEN",
  "ORG_NOT_FOUND",
  "ORG_FORBIDDEN",
  "ORG_NOT_MEMBER",
  "ORG_ALREADY_MEMBER",
  "ORG_LAST_OWNER",
  "ORG_INVITATION_EXISTS",
  "ORG_INVITATION_NOT_FOUND",
  "ORG_INVITATION_NOT_YOURS",
  "ORG_INVITATION_EXPIRED",
  "ORG_REQUEST_EXISTS",
  "ORG_REQUEST_NOT_FOUND",
  "ORG_INVALID_STATE",
  "ORG_NOT_SME",
  "ORG_EVIDENCE_REQUIRED",
  "ORG_REASON_REQUIRED",
] as const;

export type OrganisationErrorCode = (typeof ORGANISATION_ERROR_CODES)[number];

interface OrganisationErrorInfo {
  /** Where the message is shown: a field of the form that caused it, or above the form. */
  field: "uscc" | "email" | "evidence" | "reason" | "form";
  status: number;
}

const info: Record<OrganisationErrorCode, OrganisationErrorInfo> = {
  ORG_NOT_SIGNED_IN: { field: "form", status: 401 },
  ORG_INVALID_INPUT: { field: "form", status: 400 },
  ORG_INVALID_EMAIL: { field: "email", status: 400 },
  ORG_CREDIT_CODE_INVALID: { field: "uscc", status: 400 },
  ORG_CREDIT_CODE_TAKEN: { field: "uscc", status: 409 },
  ORG_NOT_FOUND: { field: "form", status: 404 },
  ORG_FORBIDDEN: { field: "form", status: 403 },
  ORG_NOT_MEMBER: { field: "form", status: 409 },
  ORG_ALREADY_MEMBER: { field: "form", status: 409 },
  ORG_LAST_OWNER: { field: "form", status: 409 },
  ORG_INVITATION_EXISTS: { field: "email", status: 409 },
  ORG_INVITATION_NOT_FOUND: { field: "form", status: 404 },
  ORG_INVITATION_NOT_YOURS: { field: "form", status: 403 },
  ORG_INVITATION_EXPIRED: { field: "form", status: 410 },
  ORG_REQUEST_EXISTS: { field: "form", status: 409 },
  ORG_REQUEST_NOT_FOUND: { field: "form", status: 404 },
  ORG_INVALID_STATE: { field: "form", status: 409 },
  ORG_NOT_SME: { field: "form", status: 409 },
  ORG_EVIDENCE_REQUIRED: { field: "evidence", status: 400 },
  ORG_REASON_REQUIRED: { field: "reason", status: 400 },
};

export interface MappedOrganisationError extends OrganisationErrorInfo {
  code: OrganisationErrorCode | null;
  message: MessageKey;
}

export function isOrganisationErrorCode(value: unknown): value is OrganisationErrorCode {
  return typeof value === "string" && (ORGANISATION_ERROR_CODES as readonly string[]).includes(value);
}

/** A PostgREST error → what to show; unknown errors are a 500, an outage a 503. */
export function mapOrganisationError(error: { message?: string | null; code?: string | null }): MappedOrganisationError {
  const code = error.message?.trim();
  if (isOrganisationErrorCode(code)) return { code, message: `orgError.${code}`, ...info[code] };
  if (isUnavailable({ message: error.message ?? undefined, code: error.code ?? undefined })) {
    return { code: null, message: "form.busy", field: "form", status: 503 };
  }
  return { code: null, message: "orgError.unknown", field: "form", status: 500 };
}
