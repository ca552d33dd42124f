// PKCE: e-mail links that come back with ?code=, exchanged with the stored code verifier.
import { createClient } from "@supabase/supabase-js";
import WebSocket from "ws";
import { describe, expect, it } from "vitest";
import { latestHookEmail } from "../../support/hook-receiver.ts";
import { TEST_STACK } from "../../support/test-env.ts";
import { authFetch, authUrl, confirmedUser, sql, uniqueEmail } from "./helpers.ts";

function pkceClient() {
  return createClient(TEST_STACK.apiUrl, TEST_STACK.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false, flowType: "pkce" },
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
  });
}

/** Opens the e-mail link as a browser would and returns the `code` it redirects with. */
async function followLink(tokenHash: string, type: string, redirectTo: string): Promise<string> {
  const res = await fetch(
    `${authUrl}/verify?token=${tokenHash}&type=${type}&redirect_to=${encodeURIComponent(redirectTo)}`,
    { redirect: "manual" },
  );
  expect(res.status).toBe(303);
  const location = new URL(res.headers.get("location")!);
  const expected = new URL(redirectTo);
  expect(`${location.origin}${location.pathname}`).toBe(`${expected.origin}${expected.pathname}`);
  const code = location.searchParams.get("code");
  if (!code) throw new Error(`no code in ${location.toString()}`);
  return code;
}

describe("PKCE flows", () => {
  it("confirms a sign-up: link → ?code= → exchangeCodeForSession", async () => {
    const client = pkceClient();
    const email = uniqueEmail("pkce");
    const redirectTo = `${TEST_STACK.siteUrl}/auth/callback`;
    const { error } = await client.auth.signUp({ email, password: "pkce-password", options: { emailRedirectTo: redirectTo } });
    expect(error).toBeNull();
    const mail = await latestHookEmail(email, "signup");
    expect(mail.email_data.token_hash.startsWith("pkce_")).toBe(true);
    expect(mail.email_data.redirect_to.startsWith(redirectTo)).toBe(true);

    const code = await followLink(mail.email_data.token_hash, "signup", mail.email_data.redirect_to);
    const exchanged = await client.auth.exchangeCodeForSession(code);
    expect(exchanged.error).toBeNull();
    expect(exchanged.data.session?.user.email).toBe(email);
    expect(exchanged.data.user?.email_confirmed_at).toBeTruthy();
    // The flow state is consumed.
    expect(await sql("select 1 from auth.flow_state where auth_code = $1", [code])).toEqual([]);
  });

  it("recovers a password with a PKCE link", async () => {
    const user = await confirmedUser();
    const client = pkceClient();
    await client.auth.resetPasswordForEmail(user.email, { redirectTo: `${TEST_STACK.siteUrl}/reset` });
    const mail = await latestHookEmail(user.email, "recovery");
    const code = await followLink(mail.email_data.token_hash, "recovery", mail.email_data.redirect_to);
    const { data, error } = await client.auth.exchangeCodeForSession(code);
    expect(error).toBeNull();
    expect(data.user?.id).toBe(user.id);
    const amr = JSON.parse(Buffer.from(data.session!.access_token.split(".")[1]!, "base64url").toString()).amr;
    expect(amr[0].method).toBe("recovery");
  });

  it("rejects a wrong verifier, an unknown code and an expired flow", async () => {
    const user = await confirmedUser();
    const client = pkceClient();
    await client.auth.signInWithOtp({ email: user.email, options: { emailRedirectTo: TEST_STACK.siteUrl } });
    const mail = await latestHookEmail(user.email, "magiclink");
    const code = await followLink(mail.email_data.token_hash, "magiclink", mail.email_data.redirect_to);

    const wrong = await authFetch("/token?grant_type=pkce", {
      body: { auth_code: code, code_verifier: "x".repeat(64) },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe("bad_code_verifier");

    const unknown = await authFetch("/token?grant_type=pkce", {
      body: { auth_code: "00000000-0000-0000-0000-000000000000", code_verifier: "x".repeat(64) },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe("flow_state_not_found");

    const empty = await authFetch("/token?grant_type=pkce", { body: { auth_code: code } });
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe("validation_failed");

    await sql("update auth.flow_state set auth_code_issued_at = now() - interval '1 hour' where auth_code = $1", [code]);
    const expired = await client.auth.exchangeCodeForSession(code);
    expect(expired.error).toMatchObject({ status: 422, code: "flow_state_expired" });
  });

  it("accepts plain code challenges", async () => {
    const user = await confirmedUser();
    const verifier = "v".repeat(50);
    const sent = await authFetch("/otp", {
      body: { email: user.email, code_challenge: verifier, code_challenge_method: "plain" },
    });
    expect(sent.status).toBe(200);
    const mail = await latestHookEmail(user.email, "magiclink");
    const code = await followLink(mail.email_data.token_hash, "magiclink", TEST_STACK.siteUrl);
    const ok = await authFetch("/token?grant_type=pkce", { body: { auth_code: code, code_verifier: verifier } });
    expect(ok.status).toBe(200);
    expect((ok.body.user as { id: string }).id).toBe(user.id);
  });

  it("requires both code_challenge and code_challenge_method", async () => {
    const res = await authFetch("/otp", { body: { email: uniqueEmail("half"), code_challenge: "c".repeat(50) } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("validation_failed");
  });
});
