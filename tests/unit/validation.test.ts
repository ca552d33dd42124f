import { describe, expect, it } from "vitest";
import { langSchema, profileSchema } from "~/lib/account/schemas";
import { loginSchema, resetPasswordSchema, signupSchema, confirmQuerySchema, verifyCodeSchema } from "~/lib/auth/schemas";
import { DISPLAY_NAME_MAX, PASSWORD_MAX, PASSWORD_MIN } from "~/lib/forms/fields";
import { parseSubmission, replyTo } from "~/lib/forms/submission";
import { firstError, submit } from "../support/forms";


describe("signupSchema", () => {
  // Not a repeated character: that is a common password, refused on its own.
  const pw = (n: number) => Array.from({ length: n }, (_, i) => "k7#Qz!m2"[i % 8]).join("");
  const valid = { email: "Wang@Example.com ", password: pw(PASSWORD_MIN), displayName: " 王工 " };

  it("accepts a valid sign-up and normalises e-mail and name", () => {
    const result = signupSchema.parse(valid);
    expect(result).toEqual({ email: "wang@example.com", password: pw(PASSWORD_MIN), displayName: "王工" });
  });

  it("rejects a password one character too short, accepts the maximum, rejects one more", () => {
    const short = submit(signupSchema, { ...valid, password: pw(PASSWORD_MIN - 1) });
    expect(firstError(short, "password")).toBe("validation.passwordTooShort");
    expect(submit(signupSchema, { ...valid, password: pw(PASSWORD_MAX) }).success).toBe(true);
    const long = submit(signupSchema, { ...valid, password: pw(PASSWORD_MAX + 1) });
    expect(firstError(long, "password")).toBe("validation.passwordTooLong");
  });

  it("refuses common passwords and their patterns, as the auth server does", () => {
    for (const password of ["password123", "qwertyuiop", "aaaaaaaa", "12345678", "woaini1314", "Password2024!"]) {
      expect(firstError(submit(signupSchema, { ...valid, password }), "password"), password).toBe("validation.passwordCommon");
    }
  });

  it("accepts a display name of exactly the maximum and rejects one more", () => {
    expect(submit(signupSchema, { ...valid, displayName: "仪".repeat(DISPLAY_NAME_MAX) }).success).toBe(true);
    const long = submit(signupSchema, { ...valid, displayName: "仪".repeat(DISPLAY_NAME_MAX + 1) });
    expect(firstError(long, "displayName")).toBe("validation.tooLong");
    expect(long.error.displayName?.[0]?.params).toEqual({ max: DISPLAY_NAME_MAX });
  });

  it("reports missing and blank fields as required", () => {
    const result = submit(signupSchema, { email: "", password: "", displayName: "   " });
    expect(result.success).toBe(false);
    expect(firstError(result, "email")).toBe("validation.required");
    expect(firstError(result, "password")).toBe("validation.required");
    expect(firstError(result, "displayName")).toBe("validation.required");
    const missing = submit(signupSchema, {});
    expect(firstError(missing, "email")).toBe("validation.required");
  });

  it("rejects malformed e-mail addresses", () => {
    for (const email of ["wang", "wang@", "@example.com", "wang example.com"]) {
      expect(firstError(submit(signupSchema, { ...valid, email }), "email")).toBe("validation.email");
    }
  });
});

describe("loginSchema", () => {
  it("accepts any non-empty password (the auth server decides)", () => {
    expect(submit(loginSchema, { email: "a@b.cn", password: "x" }).success).toBe(true);
    expect(firstError(submit(loginSchema, { email: "a@b.cn", password: "" }), "password")).toBe(
      "validation.required",
    );
  });
});

describe("resetPasswordSchema", () => {
  it("requires both passwords to match", () => {
    const ok = submit(resetPasswordSchema, { password: "new-secret-1", confirmPassword: "new-secret-1" });
    expect(ok.success).toBe(true);
    const mismatch = submit(resetPasswordSchema, { password: "new-secret-1", confirmPassword: "new-secret-2" });
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
    expect(submit(profileSchema, { ...valid, phone: "12345" }).success).toBe(true);
    expect(submit(profileSchema, { ...valid, phone: "+86 138-0000-0000" }).success).toBe(true);
    expect(submit(profileSchema, { ...valid, phone: "1".repeat(20) }).success).toBe(true);
    for (const phone of ["1234", "1".repeat(21), "-12345", "+ 12345", "138abc00000", "+861380000000000000000"]) {
      expect(firstError(submit(profileSchema, { ...valid, phone }), "phone")).toBe("validation.phone");
    }
  });

  it("refuses control characters (NUL cannot be stored) with a message at the field, keeps line breaks and tabs", () => {
    for (const displayName of ["Li\u0000", "\u0007Li", "Li\u001b[31m", "L\u007fi"]) {
      expect(firstError(submit(profileSchema, { ...valid, displayName }), "displayName")).toBe("validation.controlCharacters");
    }
    expect(submit(profileSchema, { ...valid, displayName: "Li\tWang" }).success).toBe(true);
  });

  it("accepts only the two locales", () => {
    expect(submit(profileSchema, { ...valid, locale: "zh-CN" }).success).toBe(true);
    expect(firstError(submit(profileSchema, { ...valid, locale: "fr" }), "locale")).toBe("validation.locale");
    expect(submit(langSchema, { lang: "zh-TW" }).success).toBe(false);
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
    expect(submit(verifyCodeSchema, { ...base, code: "000000" }).success).toBe(true);
  });

  it("rejects five or seven digits, letters and an empty code", () => {
    for (const code of ["12345", "1234567", "12a456"]) {
      expect(firstError(submit(verifyCodeSchema, { ...base, code }), "code")).toBe("validation.code");
    }
    expect(firstError(submit(verifyCodeSchema, { ...base, code: "" }), "code")).toBe("validation.required");
    expect(submit(verifyCodeSchema, { ...base, code: "123456", type: "email_change" }).success).toBe(false);
  });
});

describe("replyTo", () => {
  function submitted(values: Record<string, string>) {
    const formData = new FormData();
    for (const [name, value] of Object.entries(values)) formData.append(name, value);
    return parseSubmission(loginSchema, formData);
  }

  it("sends schema errors back with the typed values but never the password", () => {
    const result = replyTo(submitted({ email: "not-an-email", password: "secret-123" }));
    expect(result.status).toBe("error");
    expect(result.error?.email).toEqual([{ message: "validation.email" }]);
    expect(result.initialValue).toEqual({ email: "not-an-email" });
  });

  it("puts a later error at its field or on the whole form", () => {
    const submission = submitted({ email: "a@b.cn", password: "secret-123" });
    expect(submission.status).toBe("success");
    const atField = replyTo(submission, { field: "email", message: "authError.invalidCredentials" });
    expect(atField.error?.email).toEqual([{ message: "authError.invalidCredentials" }]);
    const onForm = replyTo(submission, { field: "form", message: "authError.invalidCredentials" });
    expect(onForm.status).toBe("error");
    expect(onForm.error?.[""]).toEqual([{ message: "authError.invalidCredentials" }]);
    expect(onForm.initialValue).toEqual({ email: "a@b.cn" });
  });
});
