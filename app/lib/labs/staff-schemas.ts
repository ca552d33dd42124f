// The lab staff, authorisation and settings forms: one zod schema per form (and intent), used by
// the page through Conform and again by the action. The database re-checks every rule.
import { z } from "zod";
import { emailSchema, msg, text } from "~/lib/forms/fields";
import { LAB_ROLES } from "~/lib/platform/enums";
import { isShanghaiDate } from "~/lib/time/shanghai";

export const AUTH_NOTE_MAX = 500;
export const REQUEST_MAIL_MODES = ["immediate", "digest", "none"] as const;
export type RequestMailMode = (typeof REQUEST_MAIL_MODES)[number];

const uuid = z.string({ required_error: "validation.required" }).uuid(msg("validation.invalid"));
const role = z.enum(LAB_ROLES, { errorMap: () => msg("validation.required") });

export const addStaffSchema = z.object({
  intent: z.literal("add"),
  email: emailSchema,
  role,
});

export const changeRoleSchema = z.object({ intent: z.literal("role"), userId: uuid, role });
export const removeStaffSchema = z.object({ intent: z.literal("remove"), userId: uuid });

const expiresOn = text()
  .min(1, msg("validation.required"))
  .refine((value) => isShanghaiDate(value), msg("labAuth.dateInvalid"));
const note = text()
  .max(AUTH_NOTE_MAX, msg("validation.tooLong"))
  .optional()
  .transform((value) => value ?? "");

/** Grant: a person found by exact e-mail or chosen from the lab's past requesters, one or more instruments. */
export const grantSchema = z
  .object({
    intent: z.literal("grant"),
    email: emailSchema.optional(),
    requester: uuid.optional(),
    instruments: z.array(uuid, { required_error: "labAuth.instrumentsRequired" }).min(1, msg("labAuth.instrumentsRequired")).max(200),
    expiresOn,
    note,
  })
  .superRefine((value, ctx) => {
    if (!value.email === !value.requester) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["email"], message: "labAuth.whoRequired" });
    }
  });

/** Renew one authorisation to a new expiry date (the note stays unless changed). */
export const renewSchema = z.object({ intent: z.literal("renew"), instrumentId: uuid, userId: uuid, expiresOn, note });
export const revokeSchema = z.object({ intent: z.literal("revoke"), instrumentId: uuid, userId: uuid });

export const requestMailSchema = z.object({
  intent: z.literal("mail"),
  requestMail: z.enum(REQUEST_MAIL_MODES, { errorMap: () => msg("validation.required") }),
});
export const feedSchema = z.object({ intent: z.enum(["feed-on", "feed-reset", "feed-off"]) });
