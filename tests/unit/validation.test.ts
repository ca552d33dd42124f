import { describe, expect, it } from "vitest";
import {
  DISPLAY_NAME_MAX,
  fieldErrors,
  langSchema,
  loginSchema,
  PASSWORD_MAX,
  PASSWORD_MIN,
  profileSchema,
  resetPasswordSchema,
  signupSchema,
  confirmQuerySchema,
  verifyCodeSchema,
} from "~/lib/validation";

const firstError = (result: { success: boolean; error?: unknown }, field: string) => {
  if (result.success) return undefined;
  return fieldErrors(result.error as never)[field]?.[0]?.message;
};

describe("signupSchema", () => {
  const valid = { email: "Wang@Example.com ", password: "a".repeat(PASSWORD_MIN), displayName: " 王工 " };

  it("accepts a valid sign-up and normalises e-mail and name", () => {
    const result = signupSchema.parse(valid);
    expect(result).toEqual({ email: "wang@example.com", password: "a".repeat(PASSWORD_MIN), displayName: "王工" });
  });

  it("rejects a password one character too short, accepts the maximum, rejects one more", () => {
    const short = signupSchema.safeParse({ ...valid, password: "a".repeat(PASSWORD_MIN - 1) });
    expect(firstError(short, "password")).toBe("validation.passwordTooShort");
    expect(signupSchema.safeParse({ ...valid, password: "a".repeat(PASSWORD_MAX) }).success).toBe(true);
    const long = signupSchema.safeParse({ ...valid, password: "a".repeat(PASSWORD_MAX + 1) });
    expect(firstError(long, "password")).toBe("validation.passwordTooLong");
  });

  it("accepts a display name of exactly the maximum and rejects one more", () => {
    expect(signupSchema.safeParse({ ...valid, displayName: "仪".repeat(DISPLAY_NAME_MAX) }).success).toBe(true);
    const long = signupSchema.safeParse({ ...valid, displayName: "仪".repeat(DISPLAY_NAME_MAX + 1) });
    expect(firstError(long, "displayName")).toBe("validation.tooLong");
    if (!long.success) expect(fieldErrors(long.error).displayName?.[0]?.params).toEqual({ max: DISPLAY_NAME_MAX });
  });

  it("reports missing and blank fields as required", () => {
    const result = signupSchema.safeParse({ email: "", password: "", displayName: "   " });
    expect(result.success).toBe(false);
    if (!result.success) {
      const errors = fieldErrors(result.error);
      expect(errors.email?.[0]?.message).toBe("validation.required");
      expect(errors.password?.[0]?.message).toBe("validation.required");
      expect(errors.displayName?.[0]?.message).toBe("validation.required");
    }
    const missing = signupSchema.safeParse({});
    expect(firstError(missing, "email")).toBe("validation.required");
  });

  it("rejects malformed e-mail addresses", () => {
    for (const email of ["wang", "wang@", "@example.com", "wang example.com"]) {
      expect(firstError(signupSchema.safeParse({ ...valid, email }), "email")).toBe("validation.email");
    }
  });
});

describe("loginSchema", () => {
  it("accepts any non-empty password (the auth server decides)", () => {
    expect(loginSchema.safeParse({ email: "a@b.cn", password: "x" }).success).toBe(true);
    expect(firstError(loginSchema.safeParse({ email: "a@b.cn", password: "" }), "password")).toBe(
      "validation.required",
    );
  });
});

describe("resetPasswordSchema", () => {
  it("requires both passwords to match", () => {
    const ok = resetPasswordSchema.safeParse({ password: "new-secret-1", confirmPassword: "new-secret-1" });
    expect(ok.success).toBe(true);
    const mismatch = resetPasswordSchema.safeParse({ password: "new-secret-1", confirmPassword: "new-secret-2" });
    expect(firstError(mismatch, "confirmPassword")).toBe("validation.passwordMismatch");
  });
});

describe("profileSchema", () => {
  const valid = { displayName: "Li", phone: "", locale: "en" };

  it("turns an empty phone into null", () => {
    expect(profileSchema.parse(valid).phone).toBeNull();
  });

  it("follows the database's phone rule at its boundaries", () => {
    // ^\+?[0-9][0-9 -]{4,19}$ : 5 to 20 characters after an optional +
    expect(profileSchema.safeParse({ ...valid, phone: "12345" }).success).toBe(true);
    expect(profileSchema.safeParse({ ...valid, phone: "+86 138-0000-0000" }).success).toBe(true);
    expect(profileSchema.safeParse({ ...valid, phone: "1".repeat(20) }).success).toBe(true);
    for (const phone of ["1234", "1".repeat(21), "-12345", "+ 12345", "138abc00000", "+861380000000000000000"]) {
      expect(firstError(profileSchema.safeParse({ ...valid, phone }), "phone")).toBe("validation.phone");
    }
  });

  it("accepts only the two locales", () => {
    expect(profileSchema.safeParse({ ...valid, locale: "zh-CN" }).success).toBe(true);
    expect(firstError(profileSchema.safeParse({ ...valid, locale: "fr" }), "locale")).toBe("validation.locale");
    expect(langSchema.safeParse({ lang: "zh-TW" }).success).toBe(false);
  });
});

describe("confirmQuerySchema", () => {
  it("accepts the link types the e-mails use and rejects others", () => {
    for (const type of ["signup", "magiclink", "recovery", "email_change", "invite", "email"]) {
      expect(confirmQuerySchema.safeParse({ token_hash: "abc", type }).success).toBe(true);
    }
    expect(confirmQuerySchema.safeParse({ token_hash: "abc", type: "sms" }).success).toBe(false);
    expect(confirmQuerySchema.safeParse({ token_hash: "", type: "signup" }).success).toBe(false);
  });
});

describe("verifyCodeSchema", () => {
  const base = { email: "a@b.cn", type: "signup" };

  it("accepts exactly six digits, ignoring spaces", () => {
    expect(verifyCodeSchema.parse({ ...base, code: " 123 456 " }).code).toBe("123456");
    expect(verifyCodeSchema.safeParse({ ...base, code: "000000" }).success).toBe(true);
  });

  it("rejects five or seven digits, letters and an empty code", () => {
    for (const code of ["12345", "1234567", "12a456"]) {
      expect(firstError(verifyCodeSchema.safeParse({ ...base, code }), "code")).toBe("validation.code");
    }
    expect(firstError(verifyCodeSchema.safeParse({ ...base, code: "" }), "code")).toBe("validation.required");
    expect(verifyCodeSchema.safeParse({ ...base, code: "123456", type: "email_change" }).success).toBe(false);
  });
});
