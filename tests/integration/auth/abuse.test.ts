// Issue 12 item 5: throttling per account and per client address, equal answers and timing for
// unknown accounts, and one password policy (length, required characters, common passwords).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hookEmails } from "../../support/hook-receiver.ts";
import { anonClient, authFetch, confirmedUser, newPassword, uniqueEmail } from "./helpers.ts";
import { type SideStack, sideFetch, startSideStack } from "./side-stack.ts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe("per-account throttling of password sign-in", () => {
  let side: SideStack;
  beforeAll(async () => {
    // Client limits off here: this is about the account.
    side = await startSideStack({ STACK_AUTH_RATE_LIMIT_ACCOUNT_SIGN_INS: "10", STACK_AUTH_RATE_LIMIT_SIGN_IN_SIGN_UPS: "0" });
  });
  afterAll(() => side.close());

  it("answers 429 over_request_rate_limit after repeated wrong passwords, then refuses the right one too", async () => {
    const user = await confirmedUser();
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const res = await sideFetch(side, "/token?grant_type=password", { body: { email: user.email, password: `wrong-${i}-password` } });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    const right = await sideFetch(side, "/token?grant_type=password", { body: { email: user.email, password: user.password } });
    expect(right.status).toBe(429);
    expect(right.body.code).toBe("over_request_rate_limit");
    // Through supabase-js as well.
    const viaJs = await anonClient(side).auth.signInWithPassword({ email: user.email, password: user.password });
    expect(viaJs.error).toMatchObject({ status: 429, code: "over_request_rate_limit" });
    // Another account is not affected.
    const other = await confirmedUser();
    expect((await sideFetch(side, "/token?grant_type=password", { body: { email: other.email, password: other.password } })).status).toBe(200);
  });
});

describe("per-client throttling ([auth.rate_limit] sign_in_sign_ups)", () => {
  let side: SideStack;
  beforeAll(async () => {
    side = await startSideStack({ STACK_AUTH_RATE_LIMIT_SIGN_IN_SIGN_UPS: "5", STACK_AUTH_RATE_LIMIT_ACCOUNT_SIGN_INS: "0" });
  });
  afterAll(() => side.close());

  it("limits sign-ups, magic links and sign-ins from one address and keys on Sb-Forwarded-For", async () => {
    const from = { "sb-forwarded-for": "203.0.113.7" };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await sideFetch(side, "/signup", { body: { email: uniqueEmail("flood"), password: newPassword() }, headers: from });
      statuses.push(res.status);
    }
    statuses.push((await sideFetch(side, "/otp", { body: { email: uniqueEmail("flood") }, headers: from })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const sixth = await sideFetch(side, "/otp", { body: { email: uniqueEmail("flood") }, headers: from });
    expect(sixth.status).toBe(429);
    expect(sixth.body).toMatchObject({ code: "over_request_rate_limit", message: "Request rate limit reached" });
    const signIn = await sideFetch(side, "/token?grant_type=password", { body: { email: "a@example.test", password: "x" }, headers: from });
    expect(signIn.status).toBe(429);
    // Another visitor of the same app is not affected.
    const other = await sideFetch(side, "/signup", {
      body: { email: uniqueEmail("flood"), password: newPassword() },
      headers: { "sb-forwarded-for": "198.51.100.9" },
    });
    expect(other.status).toBe(200);
  });

  it("limits the e-mails sent per hour for the whole project ([auth.rate_limit] email_sent)", async () => {
    const mail = await startSideStack({ STACK_AUTH_RATE_LIMIT_EMAIL_SENT: "2", STACK_AUTH_RATE_LIMIT_SIGN_IN_SIGN_UPS: "0" });
    try {
      const sent = [];
      for (let i = 0; i < 3; i++) sent.push(await sideFetch(mail, "/otp", { body: { email: uniqueEmail("mails") } }));
      expect(sent.map((r) => r.status)).toEqual([200, 200, 429]);
      expect(sent[2]!.body).toMatchObject({ code: "over_email_send_rate_limit", message: "email rate limit exceeded" });
    } finally {
      await mail.close();
    }
  });
});

describe("unknown accounts look like known ones", () => {
  it("password sign-in costs the same for an unknown e-mail as for a wrong password (medians within 25%)", async () => {
    const user = await confirmedUser();
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 12; i++) {
      const t0 = performance.now();
      const a = await authFetch("/token?grant_type=password", { body: { email: user.email, password: `wrong-${i}` } });
      known.push(performance.now() - t0);
      const t1 = performance.now();
      const b = await authFetch("/token?grant_type=password", { body: { email: uniqueEmail("nobody"), password: `wrong-${i}` } });
      unknown.push(performance.now() - t1);
      expect(a).toMatchObject({ status: 400, body: { code: "invalid_credentials" } });
      expect(b).toMatchObject({ status: 400, body: { code: "invalid_credentials" } });
    }
    const ratio = median(unknown) / median(known);
    expect(ratio, `known ${median(known).toFixed(1)} ms, unknown ${median(unknown).toFixed(1)} ms`).toBeGreaterThan(0.75);
    expect(ratio).toBeLessThan(1.25);
  });

  it("/recover answers an unknown address as a known one, including the repeat limit", async () => {
    const user = await confirmedUser();
    const email = uniqueEmail("norecover");
    const a = await authFetch("/recover", { body: { email: user.email } });
    const b = await authFetch("/recover", { body: { email } });
    expect(a).toMatchObject({ status: 200, body: {} });
    expect(b).toMatchObject({ status: 200, body: {} });
    const a2 = await authFetch("/recover", { body: { email: user.email } });
    const b2 = await authFetch("/recover", { body: { email } });
    expect(a2.status).toBe(429);
    expect(b2.status).toBe(429);
    expect(a2.body.code).toBe(b2.body.code);
    expect(await hookEmails(email)).toEqual([]);
  });
});

describe("one password policy", () => {
  it("refuses short, common and pattern passwords with weak_password and GoTrue's reasons", async () => {
    const short = await authFetch("/signup", { body: { email: uniqueEmail("pw"), password: "x7#q2k" } });
    expect(short).toMatchObject({ status: 422, body: { code: "weak_password", weak_password: { reasons: ["length"] } } });
    expect(String(short.body.message)).toBe("Password should be at least 8 characters.");
    for (const password of ["123456", "password1", "qwertyuiop", "11111111", "woaini1314", "Password2024!"]) {
      const res = await authFetch("/signup", { body: { email: uniqueEmail("pw"), password } });
      expect(res.status, password).toBe(422);
      expect((res.body.weak_password as { reasons: string[] }).reasons, password).toContain("pwned");
    }
    const user = await confirmedUser();
    const { data } = await anonClient().auth.signInWithPassword({ email: user.email, password: user.password });
    const change = await authFetch("/user", { method: "PUT", body: { password: "iloveyou" }, token: data.session!.access_token });
    expect(change).toMatchObject({ status: 422, body: { code: "weak_password" } });
  });

  it("applies password_requirements when configured", async () => {
    const side = await startSideStack({ STACK_AUTH_PASSWORD_REQUIREMENTS: "lower_upper_letters_digits" });
    try {
      const res = await sideFetch(side, "/signup", { body: { email: uniqueEmail("req"), password: "only-lower-case-words" } });
      expect(res).toMatchObject({ status: 422, body: { code: "weak_password", weak_password: { reasons: ["characters"] } } });
      const ok = await sideFetch(side, "/signup", { body: { email: uniqueEmail("req"), password: "Mixed-Case-And-7" } });
      expect(ok.status).toBe(200);
    } finally {
      await side.close();
    }
  });
});
