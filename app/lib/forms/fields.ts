// Field schemas shared by many forms, with their messages as dictionary keys; the database
// re-checks the same rules (e.g. the phone pattern is the profiles.phone check constraint).
import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, isCommonPassword } from "~/lib/auth/password-policy";
import { LOCALES, type MessageKey } from "~/lib/i18n/translate";

/** The auth server's policy (app/lib/auth/password-policy.ts): one rule in both places. */
export const PASSWORD_MIN = PASSWORD_MIN_LENGTH;
/** bcrypt only looks at the first 72 bytes. */
export const PASSWORD_MAX = PASSWORD_MAX_LENGTH;
export const DISPLAY_NAME_MAX = 80;
export const EMAIL_MAX = 254;
/** Same rule as the `profiles.phone` check constraint. */
export const PHONE_PATTERN = /^\+?[0-9][0-9 -]{4,19}$/;

export function msg(message: MessageKey): { message: MessageKey } {
  return { message };
}

/**
 * Control characters other than tab and line breaks: Postgres cannot store NUL in text at all
 * (22P05), and the others are invisible in a page or an e-mail. Text fields refuse them.
 */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

/** Free text as a form sends it: trimmed, without control characters (a translated message says so). */
export function text(options: { required_error?: string; invalid_type_error?: string } = {}) {
  return z
    .string({ required_error: "validation.required", invalid_type_error: "validation.invalid", ...options })
    .trim()
    .regex(NO_CONTROL_CHARACTERS, msg("validation.controlCharacters"));
}

/** Empty form fields arrive as "" — treat them as missing. */
export const trimmed = text();

export const emailSchema = trimmed
  .min(1, msg("validation.required"))
  .max(EMAIL_MAX, msg("validation.tooLong"))
  .email(msg("validation.email"))
  .transform((value) => value.toLowerCase());

export const passwordSchema = z
  .string({ required_error: "validation.required" })
  .min(1, msg("validation.required"))
  .min(PASSWORD_MIN, msg("validation.passwordTooShort"))
  .max(PASSWORD_MAX, msg("validation.passwordTooLong"))
  .refine((value) => value.length < PASSWORD_MIN || !isCommonPassword(value), msg("validation.passwordCommon"));

/** Sign-in accepts whatever the user typed: the auth server decides. */
export const currentPasswordSchema = z
  .string({ required_error: "validation.required" })
  .min(1, msg("validation.required"))
  .max(1024, msg("validation.passwordTooLong"));

export const displayNameSchema = trimmed
  .min(1, msg("validation.required"))
  .max(DISPLAY_NAME_MAX, msg("validation.tooLong"));

/** Optional: a blank field (Conform passes it as `undefined`) means "no phone", stored as null. */
export const phoneSchema = trimmed
  .max(20, msg("validation.phone"))
  .refine((value) => value === "" || PHONE_PATTERN.test(value), msg("validation.phone"))
  .optional()
  .transform((value) => (value ? value : null));

export const localeSchema = z.enum(LOCALES, { errorMap: () => msg("validation.locale") });

export const redirectToSchema = z.string().max(2048).optional();

/** Params for messages that need them (`{max}`, `{min}`), keyed by the message. */
export const messageParams: Partial<Record<MessageKey, Record<string, number>>> = {
  "validation.passwordTooShort": { min: PASSWORD_MIN },
  "validation.passwordTooLong": { max: PASSWORD_MAX },
};
