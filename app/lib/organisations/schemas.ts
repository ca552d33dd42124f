// The organisation forms' zod schemas (shared by the browser and the server through Conform).
// The database re-checks everything (create_organisation, the check constraints).
import { z } from "zod";
import { emailSchema, msg, PHONE_PATTERN, redirectToSchema, trimmed } from "~/lib/forms/fields";
import { isValidCreditCode, normaliseCreditCode, CREDIT_CODE_PATTERN } from "~/lib/organisations/credit-code";
import { ORGANISATION_ROLES, REGISTRABLE_ORGANISATION_KINDS } from "~/lib/platform/enums";

const optionalText = (max: number) =>
  trimmed
    .max(max, msg("validation.tooLong"))
    .optional()
    .transform((value) => (value ? value : null));

/** A credit code as typed: spaces dropped, upper case; 18 characters with the right check character. */
export const creditCodeSchema = trimmed
  .min(1, msg("validation.required"))
  .transform(normaliseCreditCode)
  .refine((code) => CREDIT_CODE_PATTERN.test(code), msg("org.validation.creditCodeFormat"))
  .refine((code) => !CREDIT_CODE_PATTERN.test(code) || isValidCreditCode(code), msg("org.validation.creditCodeCheck"));

export const registerOrganisationSchema = z.object({
  nameZh: trimmed.min(2, msg("org.validation.nameTooShort")).max(100, msg("validation.tooLong")),
  nameEn: trimmed
    .max(200, msg("validation.tooLong"))
    .refine((value) => value.length === 0 || value.length >= 2, msg("org.validation.nameTooShort"))
    .optional()
    .transform((value) => (value ? value : null)),
  kind: z.enum(REGISTRABLE_ORGANISATION_KINDS, { errorMap: () => msg("org.validation.kind") }),
  districtId: z.string().uuid(msg("validation.invalid")).optional(),
  uscc: creditCodeSchema,
  address: trimmed.min(2, msg("validation.required")).max(200, msg("validation.tooLong")),
  contactName: trimmed.min(1, msg("validation.required")).max(80, msg("validation.tooLong")),
  contactPhone: trimmed
    .min(1, msg("validation.required"))
    .max(20, msg("validation.phone"))
    .refine((value) => PHONE_PATTERN.test(value), msg("validation.phone")),
  contactEmail: emailSchema.optional(),
  next: redirectToSchema,
});
export type RegisterOrganisationInput = z.output<typeof registerOrganisationSchema>;

export const organisationSearchSchema = z.object({
  q: trimmed.min(2, msg("org.validation.queryTooShort")).max(100, msg("validation.tooLong")),
});

export const joinRequestSchema = z.object({
  organisationId: z.string({ required_error: "validation.required" }).uuid(msg("validation.invalid")),
  message: optionalText(500),
  next: redirectToSchema,
});

export const inviteSchema = z.object({
  email: emailSchema,
  role: z.enum(ORGANISATION_ROLES, { errorMap: () => msg("validation.invalid") }),
});

export const decideRequestSchema = z
  .object({
    requestId: z.string({ required_error: "validation.required" }).uuid(msg("validation.invalid")),
    decision: z.enum(["approve", "refuse"], { errorMap: () => msg("validation.invalid") }),
    reason: optionalText(500),
  })
  .refine((value) => value.decision === "approve" || value.reason !== null, { ...msg("org.validation.reasonRequired"), path: ["reason"] });

export const memberSchema = z.object({
  userId: z.string({ required_error: "validation.required" }).uuid(msg("validation.invalid")),
});

export const roleSchema = memberSchema.extend({
  role: z.enum(ORGANISATION_ROLES, { errorMap: () => msg("validation.invalid") }),
});

export const invitationIdSchema = z.object({
  invitationId: z.string({ required_error: "validation.required" }).uuid(msg("validation.invalid")),
});

export const verifySmeSchema = z.object({
  organisationId: z.string({ required_error: "validation.required" }).uuid(msg("validation.invalid")),
  evidence: trimmed.min(2, msg("org.validation.evidenceRequired")).max(200, msg("validation.tooLong")),
});

export const rejectSmeSchema = z.object({
  organisationId: z.string({ required_error: "validation.required" }).uuid(msg("validation.invalid")),
  reason: trimmed.min(2, msg("org.validation.reasonRequired")).max(500, msg("validation.tooLong")),
});
