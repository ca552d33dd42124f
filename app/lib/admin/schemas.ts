// The administration forms: applying to open a lab, deciding an application, assigning a manager,
// suspending a lab, adding an analyst. The SQL functions check the same and everything these
// cannot know (rights, states, existing users).
import { z } from "zod";
import { emailSchema, msg, phoneSchema, text, trimmed } from "~/lib/forms/fields";

const uuid = (message: "validation.organisation" | "validation.district" | "validation.invalid") =>
  z.string({ required_error: message }).uuid(msg(message));
const required = (max: number, min = 1) =>
  trimmed.min(1, msg("validation.required")).min(min, msg("validation.tooShort")).max(max, msg("validation.tooLong"));
const optional = (max: number) =>
  text()
    .max(max, msg("validation.tooLong"))
    .optional()
    .transform((value) => value || null);
const optionalEmail = trimmed
  .max(254, msg("validation.tooLong"))
  .refine((value) => value === "" || z.string().email().safeParse(value).success, msg("validation.email"))
  .optional()
  .transform((value) => (value ? value.toLowerCase() : null));

export const labApplicationSchema = z
  .object({
    organisationId: uuid("validation.organisation"),
    nameZh: required(100, 2),
    nameEn: required(200, 2),
    districtId: uuid("validation.district"),
    addressZh: required(200, 2),
    addressEn: optional(300),
    accreditations: optional(500),
    description: optional(2000),
    contactName: required(60),
    contactPhone: phoneSchema,
    contactEmail: optionalEmail,
  })
  .superRefine((value, ctx) => {
    if (!value.contactPhone && !value.contactEmail) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["contactPhone"], message: "validation.contactRequired" });
    }
  });
export type LabApplicationInput = z.output<typeof labApplicationSchema>;

export const decisionSchema = z.object({
  applicationId: uuid("validation.invalid"),
  decision: z.enum(["approve", "reject"], { errorMap: () => msg("validation.invalid") }),
  managerEmail: optionalEmail,
  reason: optional(1000),
});

export const assignManagerSchema = z.object({ labId: uuid("validation.invalid"), email: emailSchema });

export const suspendSchema = z.object({
  suspend: z.enum(["true", "false"], { errorMap: () => msg("validation.invalid") }).transform((value) => value === "true"),
  reason: optional(1000),
});

export const analystSchema = z.object({ email: emailSchema });
export const removeAnalystSchema = z.object({ userId: uuid("validation.invalid") });
