// The sign-up, sign-in, magic-link, code, password and e-mail-link forms.
import { z } from "zod";
import { currentPasswordSchema, displayNameSchema, emailSchema, msg, passwordSchema, redirectToSchema } from "~/lib/forms/fields";

export const signupSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  displayName: displayNameSchema,
  /** Where to go after confirming (an invitation link); a path on this site. */
  next: redirectToSchema,
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
    /**
     * The code from the reauthentication e-mail, once the auth server asked for one (secure
     * password change, session older than a day). Left empty, a new code is sent.
     */
    code: z
      .string()
      .trim()
      .transform((value) => value.replace(/\s+/g, ""))
      .pipe(z.string().regex(/^[0-9]{6}$/, msg("validation.code")))
      .optional(),
  })
  .superRefine((value, ctx) => {
    if (value.confirmPassword && value.password !== value.confirmPassword) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["confirmPassword"], message: "validation.passwordMismatch" });
    }
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
