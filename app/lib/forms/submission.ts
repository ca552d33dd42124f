// Conform + zod plumbing shared by every form: errors are translatable dictionary keys, the same
// parse runs in the browser (early feedback) and on the server (the real check), and the server's
// reply refills a form without JavaScript. Field schemas live in fields.ts, each form's schema in
// its domain (auth/schemas.ts, account/schemas.ts, bookings/schemas.ts, …).
import { parseWithZod, type Submission, type SubmissionResult } from "@conform-to/zod";
import type { z, ZodIssue } from "zod";
import { isMessageKey, type MessageKey } from "~/lib/i18n/translate";
import { messageParams } from "~/lib/forms/fields";

/** One translatable problem: a dictionary key and the params its message needs. */
export type FormIssue = { message: MessageKey; params?: Record<string, string | number> };

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
