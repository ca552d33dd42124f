// Supabase Auth error codes → dictionary keys. User mistakes become a translated message
// and a 4xx, never a 500. https://supabase.com/docs/guides/auth/debugging/error-codes
import type { MessageKey } from "~/lib/i18n/translate";

const byCode: Record<string, MessageKey> = {
  invalid_credentials: "authError.invalidCredentials",
  email_not_confirmed: "authError.emailNotConfirmed",
  user_already_exists: "authError.userAlreadyExists",
  email_exists: "authError.userAlreadyExists",
  weak_password: "authError.weakPassword",
  over_email_send_rate_limit: "authError.emailRateLimited",
  over_request_rate_limit: "authError.rateLimited",
  over_sms_send_rate_limit: "authError.rateLimited",
  otp_expired: "authError.otpExpired",
  flow_state_expired: "authError.otpExpired",
  flow_state_not_found: "authError.otpExpired",
  bad_code_verifier: "authError.otpExpired",
  same_password: "authError.samePassword",
  validation_failed: "authError.validationFailed",
  bad_json: "authError.validationFailed",
  signup_disabled: "authError.signupDisabled",
  email_provider_disabled: "authError.signupDisabled",
  email_address_invalid: "authError.emailInvalid",
  email_address_not_authorized: "authError.emailInvalid",
  session_not_found: "authError.sessionMissing",
  session_expired: "authError.sessionMissing",
  refresh_token_not_found: "authError.sessionMissing",
  refresh_token_already_used: "authError.sessionMissing",
  reauthentication_needed: "authError.reauthenticationNeeded",
  reauthentication_not_valid: "authError.codeInvalid",
  user_not_found: "authError.invalidCredentials",
  request_timeout: "authError.unavailable",
  unexpected_failure: "authError.unavailable",
};

export interface AuthErrorLike {
  code?: string | undefined;
  status?: number | undefined;
  name?: string | undefined;
  message?: string | undefined;
}

export interface MappedAuthError {
  message: MessageKey;
  /** HTTP status for our response: 4xx for anything the user can fix, 503/500 otherwise. */
  status: number;
}

export function mapAuthError(error: AuthErrorLike): MappedAuthError {
  const code = error.code ?? "";
  const known = byCode[code];
  if (known === "authError.unavailable") return { message: known, status: 503 };
  if (known) {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 400;
    return { message: known, status };
  }
  if (error.name === "AuthSessionMissingError") return { message: "authError.sessionMissing", status: 401 };
  if (error.name === "AuthRetryableFetchError" || (error.status ?? 0) >= 500 || error.status === 0) {
    return { message: "authError.unavailable", status: 503 };
  }
  if (error.status === 429) return { message: "authError.rateLimited", status: 429 };
  if (error.status && error.status >= 400 && error.status < 500) {
    return { message: "authError.validationFailed", status: error.status };
  }
  return { message: "authError.unknown", status: 500 };
}
