// Issue 12 item 13: POST /resend and GET /reauthenticate, through supabase-js.
import { describe, expect, it } from "vitest";
import { hookEmails, latestHookEmail } from "../../support/hook-receiver.ts";
import { anonClient, authFetch, decodeJwt, newPassword, signedInUser, sql, uniqueEmail } from "./helpers.ts";
import { startSideStack } from "./side-stack.ts";

describe("POST /resend", () => {
  it("sends the sign-up confirmation again; the new code confirms, the old one no longer does", async () => {
    const email = uniqueEmail("resend");
    expect((await anonClient().auth.signUp({ email, password: newPassword() })).error).toBeNull();
    const first = await latestHookEmail(email, "signup");
    const tooSoon = await anonClient().auth.resend({ type: "signup", email });
    expect(tooSoon.error).toMatchObject({ status: 429, code: "over_email_send_rate_limit" });
    await sql("update auth.users set confirmation_sent_at = now() - interval '2 minutes' where email = $1", [email]);
    const again = await anonClient().auth.resend({ type: "signup", email });
    expect(again.error).toBeNull();
    expect(again.data).toEqual({ user: null, session: null, messageId: undefined });
    const second = await latestHookEmail(email, "signup");
    expect(second.email_data.token).not.toBe(first.email_data.token);
    expect((await hookEmails(email)).length).toBe(2);
    const stale = await anonClient().auth.verifyOtp({ email, token: first.email_data.token, type: "signup" });
    expect(stale.error).toMatchObject({ code: "otp_expired" });
    const fresh = await anonClient().auth.verifyOtp({ email, token: second.email_data.token, type: "signup" });
    expect(fresh.error).toBeNull();
    // Confirmed now: nothing more to resend, same neutral answer.
    await sql("update auth.users set confirmation_sent_at = now() - interval '2 minutes' where email = $1", [email]);
    expect((await anonClient().auth.resend({ type: "signup", email })).error).toBeNull();
    expect((await hookEmails(email)).length).toBe(2);
  });

  it("answers unknown addresses as known ones and validates type and address as GoTrue does", async () => {
    expect((await anonClient().auth.resend({ type: "signup", email: uniqueEmail("nobody") })).error).toBeNull();
    const badType = await authFetch("/resend", { body: { type: "recovery", email: uniqueEmail("x") } });
    expect(badType).toMatchObject({ status: 400, body: { code: "validation_failed", message: "Missing one of these types: signup, email_change, sms, phone_change" } });
    const noEmail = await authFetch("/resend", { body: { type: "signup" } });
    expect(noEmail).toMatchObject({ status: 400, body: { code: "validation_failed", message: "Type provided requires an email address" } });
    const phone = await anonClient().auth.resend({ type: "sms", phone: "+8613800000000" });
    expect(phone.error).toMatchObject({ status: 400, code: "phone_provider_disabled" });
  });

  it("sends the e-mail-change mail again for a pending change", async () => {
    const user = await signedInUser();
    const newEmail = uniqueEmail("moving");
    expect((await user.client.auth.updateUser({ email: newEmail })).error).toBeNull();
    await sql("update auth.users set email_change_sent_at = now() - interval '2 minutes' where id = $1", [user.id]);
    const { error } = await anonClient().auth.resend({ type: "email_change", email: user.email });
    expect(error).toBeNull();
    const mails = (await hookEmails(user.email)).filter((m) => m.email_data.email_action_type === "email_change");
    expect(mails.length).toBe(2);
  });
});

describe("GET /reauthenticate", () => {
  it("e-mails a nonce; with secure password change on, an old session needs it to change the password", async () => {
    const side = await startSideStack({ STACK_AUTH_SECURE_PASSWORD_CHANGE: "true" });
    try {
      const user = await signedInUser();
      const client = anonClient(side);
      const signIn = await client.auth.signInWithPassword({ email: user.email, password: user.password });
      expect(signIn.error).toBeNull();
      // A session from more than a day ago (GoTrue asks for a nonce then).
      const sessionId = decodeJwt(signIn.data.session!.access_token).session_id;
      await sql("update auth.sessions set created_at = now() - interval '25 hours' where id = $1", [sessionId]);
      const without = await client.auth.updateUser({ password: newPassword() });
      expect(without.error).toMatchObject({ status: 400, code: "reauthentication_needed" });

      expect((await client.auth.reauthenticate()).error).toBeNull();
      const mail = await latestHookEmail(user.email, "reauthentication");
      const wrongNonce = mail.email_data.token === "000000" ? "111111" : "000000";
      const wrong = await client.auth.updateUser({ password: newPassword(), nonce: wrongNonce });
      expect(wrong.error).toMatchObject({ status: 422, code: "reauthentication_not_valid" });
      const password = newPassword();
      const right = await client.auth.updateUser({ password, nonce: mail.email_data.token });
      expect(right.error).toBeNull();
      // The nonce is used up.
      const reused = await client.auth.updateUser({ password: newPassword(), nonce: mail.email_data.token });
      expect(reused.error).toMatchObject({ code: "reauthentication_not_valid" });
      expect((await anonClient().auth.signInWithPassword({ email: user.email, password })).error).toBeNull();
    } finally {
      await side.close();
    }
  });

  it("needs a signed-in user", async () => {
    const res = await authFetch("/reauthenticate");
    expect(res).toMatchObject({ status: 401, body: { code: "no_authorization" } });
  });
});
