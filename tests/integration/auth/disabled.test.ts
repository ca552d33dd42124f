// Issue 12 item 15: features that are off answer with GoTrue's "…is disabled" codes and statuses.
import { describe, expect, it } from "vitest";
import { hookEmails } from "../../support/hook-receiver.ts";
import { anonClient, authFetch, confirmedUser, newPassword, uniqueEmail } from "./helpers.ts";
import { startSideStack } from "./side-stack.ts";

describe("disabled features", () => {
  it("anonymous sign-ins: 422 anonymous_provider_disabled", async () => {
    const { error } = await anonClient().auth.signInAnonymously();
    expect(error).toMatchObject({ status: 422, code: "anonymous_provider_disabled", message: "Anonymous sign-ins are disabled" });
  });

  it("phone: phone_provider_disabled for sign-up, sign-in and OTP", async () => {
    const up = await anonClient().auth.signUp({ phone: "+8613800000000", password: newPassword() });
    expect(up.error).toMatchObject({ status: 400, code: "phone_provider_disabled" });
    const inn = await anonClient().auth.signInWithPassword({ phone: "+8613800000000", password: newPassword() });
    expect(inn.error).toMatchObject({ status: 422, code: "phone_provider_disabled", message: "Phone logins are disabled" });
    const otp = await anonClient().auth.signInWithOtp({ phone: "+8613800000000" });
    expect(otp.error).toMatchObject({ status: 400, code: "phone_provider_disabled" });
  });

  it("SSO (SAML): 404 saml_provider_disabled", async () => {
    const { error } = await anonClient().auth.signInWithSSO({ domain: "example.test" });
    expect(error).toMatchObject({ status: 404, code: "saml_provider_disabled", message: "SAML 2.0 is disabled" });
  });

  it("web3: 422 web3_provider_disabled", async () => {
    const res = await authFetch("/token?grant_type=web3", { body: { chain: "solana", message: "m", signature: "s" } });
    expect(res).toMatchObject({ status: 422, body: { code: "web3_provider_disabled", message: "Web3 provider is disabled" } });
  });

  it("settings say what is on", async () => {
    const res = await authFetch("/settings");
    expect(res.body).toMatchObject({ disable_signup: false, external: { email: true, phone: false, anonymous_users: false, saml: false } });
  });
});

describe("disable_signup", () => {
  it("refuses new users with 422 signup_disabled (sign-up and magic link), while existing users sign in", async () => {
    const side = await startSideStack({ STACK_AUTH_DISABLE_SIGNUP: "true" });
    try {
      const email = uniqueEmail("closed");
      const up = await anonClient(side).auth.signUp({ email, password: newPassword() });
      expect(up.error).toMatchObject({ status: 422, code: "signup_disabled", message: "Signups not allowed for this instance" });
      const link = await anonClient(side).auth.signInWithOtp({ email });
      expect(link.error).toMatchObject({ status: 422, code: "signup_disabled" });
      expect(await hookEmails(email)).toEqual([]);
      const user = await confirmedUser();
      expect((await anonClient(side).auth.signInWithPassword({ email: user.email, password: user.password })).error).toBeNull();
      expect((await anonClient(side).auth.signInWithOtp({ email: user.email, options: { shouldCreateUser: false } })).error).toBeNull();
      const settings = await fetch(`${side.apiUrl}/auth/v1/settings`, { headers: { apikey: side.anonKey } });
      expect(await settings.json()).toMatchObject({ disable_signup: true });
    } finally {
      await side.close();
    }
  });
});
