// Sign-up with e-mail confirmation, through supabase-js against the local auth server.
import { createHash } from "node:crypto";
import { AuthApiError, AuthWeakPasswordError } from "@supabase/supabase-js";
import { describe, expect, it } from "vitest";
import { hookEmails, latestHookEmail } from "../../support/hook-receiver.ts";
import { TEST_STACK } from "../../support/test-env.ts";
import { anonClient, authFetch, confirmedUser, newPassword, sql, uniqueEmail } from "./helpers.ts";

describe("POST /signup", () => {
  it("creates an unconfirmed user, its identity and profile, and sends a signup e-mail", async () => {
    const email = uniqueEmail("signup");
    const password = newPassword();
    const { data, error } = await anonClient().auth.signUp({
      email,
      password,
      options: { data: { display_name: "Li Wei", locale: "en" }, emailRedirectTo: `${TEST_STACK.siteUrl}/welcome` },
    });
    expect(error).toBeNull();
    expect(data.session).toBeNull();
    const user = data.user!;
    expect(user.email).toBe(email);
    expect(user.aud).toBe("authenticated");
    expect(user.role).toBe("authenticated");
    expect(user.email_confirmed_at).toBeUndefined();
    expect(user.confirmation_sent_at).toBeTruthy();
    expect(user.user_metadata).toEqual({ display_name: "Li Wei", locale: "en" });
    expect(user.app_metadata).toEqual({ provider: "email", providers: ["email"] });
    expect(user.identities).toHaveLength(1);
    expect(user.identities![0]).toMatchObject({
      id: user.id,
      provider: "email",
      identity_data: { sub: user.id, email, email_verified: false, phone_verified: false },
    });

    const mail = await latestHookEmail(email, "signup");
    expect(mail.user.id).toBe(user.id);
    expect(mail.email_data.token).toMatch(/^\d{6}$/);
    expect(mail.email_data.redirect_to).toBe(`${TEST_STACK.siteUrl}/welcome`);
    expect(mail.email_data.site_url).toBe(`${TEST_STACK.apiUrl}/auth/v1`);
    expect(mail.email_data.token_new).toBe("");
    expect(mail.email_data.token_hash_new).toBe("");
    // Stored as Supabase stores it: sha224(email + otp) in users and one_time_tokens.
    const expectedHash = createHash("sha224").update(email + mail.email_data.token).digest("hex");
    expect(mail.email_data.token_hash).toBe(expectedHash);
    const [row] = await sql<{ confirmation_token: string; encrypted_password: string }>(
      "select confirmation_token, encrypted_password from auth.users where id = $1",
      [user.id],
    );
    expect(row!.confirmation_token).toBe(expectedHash);
    expect(row!.encrypted_password).toMatch(/^\$2[abxy]\$10\$/);
    const tokens = await sql("select token_type, token_hash, relates_to from auth.one_time_tokens where user_id = $1", [
      user.id,
    ]);
    expect(tokens).toEqual([{ token_type: "confirmation_token", token_hash: expectedHash, relates_to: email }]);
    const profiles = await sql("select display_name, locale from public.profiles where id = $1", [user.id]);
    expect(profiles).toEqual([{ display_name: "Li Wei", locale: "en" }]);
  });

  it("refuses password sign-in until the address is confirmed, then confirms with the token hash", async () => {
    const email = uniqueEmail("confirm");
    const password = newPassword();
    const client = anonClient();
    await client.auth.signUp({ email, password });

    const early = await client.auth.signInWithPassword({ email, password });
    expect(early.error).toBeInstanceOf(AuthApiError);
    expect(early.error).toMatchObject({ status: 400, code: "email_not_confirmed", message: "Email not confirmed" });

    const mail = await latestHookEmail(email, "signup");
    const verified = await client.auth.verifyOtp({ type: "signup", token_hash: mail.email_data.token_hash });
    expect(verified.error).toBeNull();
    expect(verified.data.session?.access_token).toBeTruthy();
    expect(verified.data.user?.email_confirmed_at).toBeTruthy();
    const [identity] = await sql<{ identity_data: { email_verified: boolean } }>(
      "select identity_data from auth.identities where user_id = $1",
      [verified.data.user!.id],
    );
    expect(identity!.identity_data.email_verified).toBe(true);

    const later = await anonClient().auth.signInWithPassword({ email, password });
    expect(later.error).toBeNull();
    expect(later.data.session?.user.email).toBe(email);

    // The confirmation token is single-use.
    const again = await anonClient().auth.verifyOtp({ type: "signup", token_hash: mail.email_data.token_hash });
    expect(again.error).toMatchObject({ status: 403, code: "otp_expired" });
  });

  it("answers an already confirmed address with an obfuscated user and sends nothing", async () => {
    const existing = await confirmedUser();
    const { data, error } = await anonClient().auth.signUp({ email: existing.email, password: newPassword() });
    expect(error).toBeNull();
    expect(data.session).toBeNull();
    expect(data.user?.email).toBe(existing.email);
    expect(data.user?.id).not.toBe(existing.id);
    expect(data.user?.identities).toEqual([]);
    expect(await hookEmails(existing.email)).toEqual([]);
    // The real password still works: nothing about the account changed.
    const signIn = await anonClient().auth.signInWithPassword({ email: existing.email, password: existing.password });
    expect(signIn.error).toBeNull();
  });

  it("rate-limits a second confirmation e-mail to the same unconfirmed address", async () => {
    const email = uniqueEmail("resend");
    await anonClient().auth.signUp({ email, password: newPassword() });
    const second = await anonClient().auth.signUp({ email, password: newPassword() });
    expect(second.error).toMatchObject({ status: 429, code: "over_email_send_rate_limit" });
    expect(second.error?.message).toMatch(/^For security purposes, you can only request this after \d+ seconds\.$/);
    expect((await hookEmails(email)).length).toBe(1);
  });

  it("rejects short passwords as weak_password with reasons", async () => {
    const { data, error } = await anonClient().auth.signUp({ email: uniqueEmail("weak"), password: "x7#q2" });
    expect(data.user).toBeNull();
    expect(error).toBeInstanceOf(AuthWeakPasswordError);
    expect(error).toMatchObject({ status: 422, code: "weak_password", reasons: ["length"] });
  });

  it("rejects malformed e-mail addresses with 400 validation_failed", async () => {
    const { error } = await anonClient().auth.signUp({ email: "not-an-email", password: newPassword() });
    expect(error).toMatchObject({ status: 400, code: "validation_failed" });
    // Neither e-mail nor phone is an anonymous sign-in, which is off (GoTrue's answer).
    const missing = await authFetch("/signup", { body: { password: newPassword() } });
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe("anonymous_provider_disabled");
  });

  it("rolls the sign-up back when the e-mail hook fails", async () => {
    const { respondToNextHook } = await import("../../support/hook-receiver.ts");
    const email = uniqueEmail("hookfail");
    await respondToNextHook(email, 200, { error: { http_code: 422, message: "Mailbox refused" } });
    const refused = await anonClient().auth.signUp({ email, password: newPassword() });
    expect(refused.error).toMatchObject({ status: 422, message: "Mailbox refused" });
    expect(await sql("select 1 from auth.users where email = $1", [email])).toEqual([]);

    await respondToNextHook(email, 503, { message: "down" });
    const down = await authFetch("/signup", { body: { email, password: newPassword() } });
    expect(down.status).toBe(500);
    expect(down.body).toEqual({ code: "unexpected_failure", message: "Service currently unavailable due to hook" });
    expect(await sql("select 1 from auth.users where email = $1", [email])).toEqual([]);

    const ok = await anonClient().auth.signUp({ email, password: newPassword() });
    expect(ok.error).toBeNull();
  });
});
