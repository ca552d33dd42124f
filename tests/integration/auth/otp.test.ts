// Magic links and e-mail OTPs, e-mail links (GET /verify), password recovery, rate limits.
import { describe, expect, it } from "vitest";
import { hookEmails, latestHookEmail } from "../../support/hook-receiver.ts";
import { TEST_STACK } from "../../support/test-env.ts";
import { anonClient, authFetch, authUrl, confirmedUser, fragmentParams, sql, uniqueEmail } from "./helpers.ts";

describe("POST /otp", () => {
  it("sends a magic link to an existing user; the 6-digit code signs in once", async () => {
    const user = await confirmedUser();
    const client = anonClient();
    const sent = await client.auth.signInWithOtp({ email: user.email, options: { shouldCreateUser: false } });
    expect(sent.error).toBeNull();
    const mail = await latestHookEmail(user.email, "magiclink");
    expect(mail.email_data.redirect_to).toBe(TEST_STACK.siteUrl);

    const { data, error } = await client.auth.verifyOtp({ email: user.email, token: mail.email_data.token, type: "email" });
    expect(error).toBeNull();
    expect(data.session?.user.id).toBe(user.id);
    const amr = JSON.parse(Buffer.from(data.session!.access_token.split(".")[1]!, "base64url").toString()).amr;
    expect(amr[0].method).toBe("otp");

    const reused = await anonClient().auth.verifyOtp({ email: user.email, token: mail.email_data.token, type: "email" });
    expect(reused.error).toMatchObject({ status: 403, code: "otp_expired", message: "Token has expired or is invalid" });
  });

  it("signs up a new address with a signup e-mail when create_user is on", async () => {
    const email = uniqueEmail("otpnew");
    const { error } = await anonClient().auth.signInWithOtp({ email, options: { data: { locale: "en" } } });
    expect(error).toBeNull();
    const mail = await latestHookEmail(email, "signup");
    expect(mail.user.user_metadata).toEqual({ locale: "en" });
    const verified = await anonClient().auth.verifyOtp({ email, token: mail.email_data.token, type: "email" });
    expect(verified.error).toBeNull();
    expect(verified.data.user?.email_confirmed_at).toBeTruthy();
  });

  it("answers an unknown address with create_user off as a known one, sending nothing (not GoTrue's 422 otp_disabled)", async () => {
    const email = uniqueEmail("otpoff");
    const known = await confirmedUser();
    const unknownAnswer = await authFetch("/otp", { body: { email, create_user: false } });
    const knownAnswer = await authFetch("/otp", { body: { email: known.email, create_user: false } });
    expect(unknownAnswer).toMatchObject({ status: 200, body: {} });
    expect(knownAnswer).toMatchObject({ status: 200, body: {} });
    expect(await hookEmails(email)).toEqual([]);
    expect((await hookEmails(known.email)).length).toBe(1);
    // Asking again within the interval: the same 429 for both.
    const unknownAgain = await authFetch("/otp", { body: { email, create_user: false } });
    const knownAgain = await authFetch("/otp", { body: { email: known.email, create_user: false } });
    expect(unknownAgain.status).toBe(429);
    expect(knownAgain.status).toBe(429);
    expect(unknownAgain.body.code).toBe(knownAgain.body.code);
    const { error } = await anonClient().auth.signInWithOtp({ email: uniqueEmail("otpoff"), options: { shouldCreateUser: false } });
    expect(error).toBeNull();
  });

  it("limits one address to one e-mail per interval", async () => {
    const user = await confirmedUser();
    expect((await anonClient().auth.signInWithOtp({ email: user.email })).error).toBeNull();
    const second = await anonClient().auth.signInWithOtp({ email: user.email });
    expect(second.error).toMatchObject({ status: 429, code: "over_email_send_rate_limit" });
    expect(second.error?.message).toMatch(/you can only request this after \d+ seconds/);
    // Once the interval has passed (aged in the database rather than waited for), it sends again.
    await sql("update auth.users set recovery_sent_at = now() - interval '1 hour' where id = $1", [user.id]);
    expect((await anonClient().auth.signInWithOtp({ email: user.email })).error).toBeNull();
    expect((await hookEmails(user.email)).length).toBe(2);
  });

  it("rejects expired codes and links with otp_expired", async () => {
    const user = await confirmedUser();
    await anonClient().auth.signInWithOtp({ email: user.email });
    const mail = await latestHookEmail(user.email, "magiclink");
    await sql("update auth.users set recovery_sent_at = now() - interval '2 hours' where id = $1", [user.id]);
    const byCode = await anonClient().auth.verifyOtp({ email: user.email, token: mail.email_data.token, type: "email" });
    expect(byCode.error).toMatchObject({ status: 403, code: "otp_expired" });
    const byHash = await anonClient().auth.verifyOtp({ token_hash: mail.email_data.token_hash, type: "magiclink" });
    expect(byHash.error).toMatchObject({ status: 403, code: "otp_expired", message: "Email link is invalid or has expired" });
  });
});

describe("GET /verify", () => {
  it("redirects with the session in the fragment, and with an error once the link is used", async () => {
    const email = uniqueEmail("link");
    const redirectTo = `${TEST_STACK.siteUrl}/auth/callback`;
    await anonClient().auth.signUp({ email, password: "a-good-password", options: { emailRedirectTo: redirectTo } });
    const mail = await latestHookEmail(email, "signup");
    const link = `${authUrl}/verify?token=${mail.email_data.token_hash}&type=signup&redirect_to=${encodeURIComponent(redirectTo)}`;

    const res = await fetch(link, { redirect: "manual" });
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location.startsWith(`${redirectTo}#`)).toBe(true);
    const params = fragmentParams(location);
    expect(params.get("token_type")).toBe("bearer");
    expect(params.get("type")).toBe("signup");
    expect(params.get("expires_in")).toBe("3600");
    const { data } = await anonClient().auth.getUser(params.get("access_token")!);
    expect(data.user?.email).toBe(email);
    expect(data.user?.email_confirmed_at).toBeTruthy();

    const again = await fetch(link, { redirect: "manual" });
    expect(again.status).toBe(303);
    const error = fragmentParams(again.headers.get("location")!);
    expect(Object.fromEntries(error)).toEqual({
      error: "access_denied",
      error_code: "otp_expired",
      error_description: "Email link is invalid or has expired",
    });
  });

  it("ignores redirect URLs outside the site and falls back to the site URL", async () => {
    const user = await confirmedUser();
    await anonClient().auth.signInWithOtp({ email: user.email, options: { emailRedirectTo: "https://evil.example/steal" } });
    const mail = await latestHookEmail(user.email, "magiclink");
    expect(mail.email_data.redirect_to).toBe(TEST_STACK.siteUrl);
    const res = await fetch(
      `${authUrl}/verify?token=${mail.email_data.token_hash}&type=magiclink&redirect_to=https://evil.example/steal`,
      { redirect: "manual" },
    );
    expect(res.headers.get("location")!.startsWith(`${TEST_STACK.siteUrl}#access_token=`)).toBe(true);
  });
});

describe("POST /recover", () => {
  it("sends a recovery e-mail whose token signs in and allows a new password", async () => {
    const user = await confirmedUser();
    const client = anonClient();
    const sent = await client.auth.resetPasswordForEmail(user.email, { redirectTo: `${TEST_STACK.siteUrl}/reset` });
    expect(sent.error).toBeNull();
    expect(sent.data).toEqual({});
    const mail = await latestHookEmail(user.email, "recovery");
    expect(mail.email_data.redirect_to).toBe(`${TEST_STACK.siteUrl}/reset`);

    const verified = await client.auth.verifyOtp({ token_hash: mail.email_data.token_hash, type: "recovery" });
    expect(verified.error).toBeNull();
    const updated = await client.auth.updateUser({ password: "brand-new-password" });
    expect(updated.error).toBeNull();
    const old = await anonClient().auth.signInWithPassword({ email: user.email, password: user.password });
    expect(old.error).toMatchObject({ code: "invalid_credentials" });
    const fresh = await anonClient().auth.signInWithPassword({ email: user.email, password: "brand-new-password" });
    expect(fresh.error).toBeNull();
  });

  it("answers an unknown address the same way without sending anything", async () => {
    const email = uniqueEmail("ghost");
    const res = await anonClient().auth.resetPasswordForEmail(email);
    expect(res.error).toBeNull();
    expect(res.data).toEqual({});
    expect(await hookEmails(email)).toEqual([]);
  });

  it("is rate limited per address", async () => {
    const user = await confirmedUser();
    expect((await anonClient().auth.resetPasswordForEmail(user.email)).error).toBeNull();
    const again = await anonClient().auth.resetPasswordForEmail(user.email);
    expect(again.error).toMatchObject({ status: 429, code: "over_email_send_rate_limit" });
  });

  it("validates the address", async () => {
    const res = await authFetch("/recover", { body: { email: "nope" } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("validation_failed");
  });
});
