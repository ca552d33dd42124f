// One zod schema per form, shared by the browser (early feedback) and the server (the real check).
// Messages are dictionary keys; the UI translates them. The database re-checks the same rules.
import { parseWithZod, type Submission, type SubmissionResult } from "@conform-to/zod";
import { z, type ZodIssue } from "zod";
import { isMessageKey, LOCALES, type MessageKey } from "~/lib/i18n/translate";

export const PASSWORD_MIN = 8;
/** bcrypt only looks at the first 72 bytes. */
export const PASSWORD_MAX = 72;
export const DISPLAY_NAME_MAX = 80;
export const EMAIL_MAX = 254;
/** Same rule as the `profiles.phone` check constraint. */
export const PHONE_PATTERN = /^\+?[0-9][0-9 -]{4,19}$/;

/** One translatable problem: a dictionary key and the params its message needs. */
export type FormIssue = { message: MessageKey; params?: Record<string, string | number> };

function msg(message: MessageKey): { message: MessageKey } {
  return { message };
}

/** Empty form fields arrive as "" — treat them as missing. */
const trimmed = z
  .string({ required_error: "validation.required", invalid_type_error: "validation.invalid" })
  .trim();

export const emailSchema = trimmed
  .min(1, msg("validation.required"))
  .max(EMAIL_MAX, msg("validation.tooLong"))
  .email(msg("validation.email"))
  .transform((value) => value.toLowerCase());

export const passwordSchema = z
  .string({ required_error: "validation.required" })
  .min(1, msg("validation.required"))
  .min(PASSWORD_MIN, msg("validation.passwordTooShort"))
  .max(PASSWORD_MAX, msg("validation.passwordTooLong"));

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

const redirectToSchema = z.string().max(2048).optional();

export const signupSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  displayName: displayNameSchema,
});

export const loginSchema = z.object({
  email: emailSchema,
  password: currentPasswordSchema,
  redirectTo: redirectToSchema,
});

export const magicLinkSchema = z.object({
  email: emailSchema,
  redirectTo: redirectToSchema,
});

export const forgotPasswordSchema = z.object({
  email: emailSchema,
});

export const resetPasswordSchema = z
  .object({
    password: passwordSchema,
    confirmPassword: z.string({ required_error: "validation.required" }).min(1, msg("validation.required")),
  })
  .superRefine((value, ctx) => {
    if (value.confirmPassword && value.password !== value.confirmPassword) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["confirmPassword"], message: "validation.passwordMismatch" });
    }
  });

export const profileSchema = z.object({
  displayName: displayNameSchema,
  phone: phoneSchema,
  locale: localeSchema,
});

export const langSchema = z.object({
  lang: localeSchema,
  redirectTo: redirectToSchema,
});

/** The 6-digit code from an auth e-mail, with the e-mail kind it came from. */
export const verifyCodeSchema = z.object({
  email: emailSchema,
  code: z
    .string({ required_error: "validation.required" })
    .trim()
    .transform((value) => value.replace(/\s+/g, ""))
    .pipe(z.string().min(1, msg("validation.required")).regex(/^[0-9]{6}$/, msg("validation.code"))),
  type: z.enum(["signup", "magiclink", "recovery"]),
  redirectTo: redirectToSchema,
});
export type CodeKind = z.infer<typeof verifyCodeSchema>["type"];

export const emailOtpTypeSchema = z.enum(["signup", "invite", "magiclink", "recovery", "email_change", "email"]);
export type EmailOtpType = z.infer<typeof emailOtpTypeSchema>;

export const confirmQuerySchema = z.object({
  token_hash: z.string().min(1).max(512),
  type: emailOtpTypeSchema,
  next: z.string().max(2048).optional(),
});

/** Params for messages that need them (`{max}`, `{min}`), keyed by the message. */
const messageParams: Partial<Record<MessageKey, Record<string, number>>> = {
  "validation.passwordTooShort": { min: PASSWORD_MIN },
  "validation.passwordTooLong": { max: PASSWORD_MAX },
};

/**
 * A field's errors as Conform carries them: translatable keys with their params. One message per
 * field, the first problem found, so the user fixes one thing at a time.
 */
export type FormIssues = FormIssue[];

/** Conform's `formatError`: zod issues of one field → that field's translatable message. */
export function formatIssues(issues: ZodIssue[]): FormIssues {
  const issue = issues[0];
  if (!issue) return [];
  const message: MessageKey = isMessageKey(issue.message) ? issue.message : "validation.invalid";
  let params = messageParams[message];
  if (message === "validation.tooLong" && "maximum" in issue) params = { max: Number(issue.maximum) };
  return [{ message, params }];
}

/**
 * Parses a submitted form with its schema through Conform (the same call runs in the browser for
 * early feedback and on the server for the real check). Empty fields arrive as `undefined`.
 */
export function parseSubmission<S extends z.ZodTypeAny>(schema: S, formData: FormData | URLSearchParams) {
  return parseWithZod(formData, { schema, formatError: formatIssues });
}

/** What an action sends back to its form: Conform's reply with errors as translatable keys. */
export type FormResult = SubmissionResult<FormIssues>;

/** Never echoed back to the browser in a reply. */
const SECRET_FIELDS = ["password", "confirmPassword"];

/**
 * The reply to a submission: its schema errors, or one error the server found later (the auth
 * server, the booking engine) at a field or, with `field: "form"`, for the whole form. The typed
 * values come back so a form without JavaScript is refilled; passwords never do.
 */
export function replyTo(
  submission: Submission<unknown, FormIssues, unknown>,
  error?: { field: string; message: MessageKey },
): FormResult {
  if (!error) return submission.reply({ hideFields: SECRET_FIELDS });
  const issues: FormIssues = [{ message: error.message }];
  return error.field === "form"
    ? submission.reply({ formErrors: issues, hideFields: SECRET_FIELDS })
    : submission.reply({ fieldErrors: { [error.field]: issues }, hideFields: SECRET_FIELDS });
}

// Bookings ----------------------------------------------------------------------------------------

export const PURPOSE_MAX = 2000;
export const SAMPLE_MAX = 2000;
export const REASON_MAX = 1000;

/** An ISO 8601 instant with an offset or Z, as the slot list writes them. */
const instantSchema = z
  .string()
  .trim()
  .max(40)
  .refine((value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value), msg("validation.dateTime"))
  .refine((value) => !Number.isNaN(Date.parse(value)), msg("validation.dateTime"));

export const serviceModeSchema = z.enum(["self_operation", "sample_submission"], {
  errorMap: () => msg("validation.serviceMode"),
});

/** A booking's length in minutes; the engine checks it against the instrument's rules. */
export const bookingMinutesSchema = z
  .number({ required_error: "validation.durationRequired", invalid_type_error: "validation.duration" })
  .int(msg("validation.duration"))
  .min(15, msg("validation.duration"))
  .max(10080, msg("validation.duration"));

/**
 * The booking form: a start time from the free list and a length. Its output carries the slot as
 * one interval, the shape `request_booking` takes.
 */
export const bookingRequestSchema = z
  .object({
    start: z
      .string({ required_error: "validation.slotRequired" })
      .trim()
      .min(1, msg("validation.slotRequired"))
      .refine((value) => instantSchema.safeParse(value).success, msg("validation.slot"))
      .transform((value) => new Date(value).toISOString()),
    minutes: bookingMinutesSchema,
    serviceMode: serviceModeSchema,
    purpose: trimmed.min(1, msg("validation.required")).max(PURPOSE_MAX, msg("validation.tooLong")),
    sampleDescription: z
      .string()
      .trim()
      .max(SAMPLE_MAX, msg("validation.tooLong"))
      .optional()
      .transform((value) => value ?? ""),
    contactPhone: phoneSchema,
  })
  .transform(({ start, minutes, ...rest }) => ({
    ...rest,
    slot: { startsAt: start, endsAt: new Date(Date.parse(start) + minutes * 60_000).toISOString() },
  }));
export type BookingRequestInput = z.output<typeof bookingRequestSchema>;

export const cancelBookingSchema = z.object({
  reason: z
    .string()
    .trim()
    .max(REASON_MAX, msg("validation.tooLong"))
    .optional()
    .transform((value) => value || null),
});

/** The slot chosen on the instrument page, carried in the booking form's URL. */
export const slotQuerySchema = z.object({ start: instantSchema, end: instantSchema });
