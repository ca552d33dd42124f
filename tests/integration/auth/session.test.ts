// Password sign-in, access-token claims, refresh-token rotation and reuse, sign-out.
import { signWithStackKey } from "../../support/stack-keys.ts";
import { AuthSessionMissingError } from "@supabase/supabase-js";
import { describe, expect, it } from "vitest";
import { TEST_STACK } from "../../support/test-env.ts";
import { anonClient, authFetch, confirmedUser, decodeJwt, signedInUser, sql, uniqueEmail } from "./helpers.ts";

describe("POST /token?grant_type=password", () => {
  it("returns a session whose access token carries Supabase's claims", async () => {
    const user = await confirmedUser({ display_name: "Zhang" });
    const { data, error } = await anonClient().auth.signInWithPassword({ email: user.email, password: user.password });
    expect(error).toBeNull();
    const session = data.session!;
    expect(session.token_type).toBe("bearer");
    expect(session.expires_in).toBe(3600);
    expect(session.expires_at).toBeGreaterThan(Date.now() / 1000 + 3500);
    expect(session.user.id).toBe(user.id);
    expect(session.user.last_sign_in_at).toBeTruthy();

    const claims = decodeJwt(session.access_token);
    expect(claims).toMatchObject({
      iss: `${TEST_STACK.apiUrl}/auth/v1`,
      sub: user.id,
      aud: "authenticated",
      email: user.email,
      phone: "",
      role: "authenticated",
      aal: "aal1",
      is_anonymous: false,
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: { display_name: "Zhang" },
    });
    expect(claims.exp).toBe(session.expires_at);
    expect(claims.amr).toEqual([{ method: "password", timestamp: expect.any(Number) }]);
    const sessions = await sql("select user_id from auth.sessions where id = $1", [claims.session_id]);
    expect(sessions).toEqual([{ user_id: user.id }]);
  });

  it("answers a wrong password and an unknown address alike with invalid_credentials", async () => {
    const user = await confirmedUser();
    const wrong = await anonClient().auth.signInWithPassword({ email: user.email, password: "wrong-password" });
    expect(wrong.error).toMatchObject({ status: 400, code: "invalid_credentials", message: "Invalid login credentials" });
    const unknown = await anonClient().auth.signInWithPassword({ email: uniqueEmail("nobody"), password: "whatever1" });
    expect(unknown.error).toMatchObject({ status: 400, code: "invalid_credentials" });
  });

  it("refuses a banned user", async () => {
    const user = await confirmedUser();
    await sql("update auth.users set banned_until = now() + interval '1 hour' where id = $1", [user.id]);
    const { error } = await anonClient().auth.signInWithPassword({ email: user.email, password: user.password });
    expect(error).toMatchObject({ status: 400, code: "user_banned" });
  });
});

describe("POST /token?grant_type=refresh_token", () => {
  it("rotates the refresh token, revoking the old one and linking the new one to it", async () => {
    const { client, session } = await signedInUser();
    const { data, error } = await client.auth.refreshSession({ refresh_token: session.refresh_token });
    expect(error).toBeNull();
    const next = data.session!;
    expect(next.refresh_token).not.toBe(session.refresh_token);
    expect(decodeJwt(next.access_token).session_id).toBe(decodeJwt(session.access_token).session_id);
    const rows = await sql<{ token: string; revoked: boolean; parent: string | null }>(
      "select token, revoked, parent from auth.refresh_tokens where token = any($1) order by id",
      [[session.refresh_token, next.refresh_token]],
    );
    expect(rows).toEqual([
      { token: session.refresh_token, revoked: true, parent: null },
      { token: next.refresh_token, revoked: false, parent: session.refresh_token },
    ]);
  });

  it("gives the current token back when a just-rotated token is reused within the reuse interval", async () => {
    const { session } = await signedInUser();
    const first = await authFetch("/token?grant_type=refresh_token", { body: { refresh_token: session.refresh_token } });
    expect(first.status).toBe(200);
    const again = await authFetch("/token?grant_type=refresh_token", { body: { refresh_token: session.refresh_token } });
    expect(again.status).toBe(200);
    expect(again.body.refresh_token).toBe(first.body.refresh_token);
  });

  it("treats reuse after the interval as theft: refresh_token_already_used and the family is revoked", async () => {
    const { session } = await signedInUser();
    const first = await authFetch("/token?grant_type=refresh_token", { body: { refresh_token: session.refresh_token } });
    await sql("update auth.refresh_tokens set updated_at = now() - interval '1 minute' where token = $1", [
      session.refresh_token,
    ]);
    const reuse = await anonClient().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(reuse.error).toMatchObject({ status: 400, code: "refresh_token_already_used" });
    const current = await authFetch("/token?grant_type=refresh_token", {
      body: { refresh_token: first.body.refresh_token },
    });
    expect(current.status).toBe(400);
    expect(current.body.code).toBe("refresh_token_already_used");
  });

  it("answers an unknown token with refresh_token_not_found", async () => {
    const { error } = await anonClient().auth.refreshSession({ refresh_token: "no-such-token" });
    expect(error).toMatchObject({ status: 400, code: "refresh_token_not_found" });
  });
});

describe("POST /logout", () => {
  it("ends the session: the old access token gets session_not_found and the refresh token is gone", async () => {
    const { client, session } = await signedInUser();
    expect((await client.auth.getUser(session.access_token)).error).toBeNull();
    const { error } = await client.auth.signOut();
    expect(error).toBeNull();

    const afterwards = await anonClient().auth.getUser(session.access_token);
    expect(afterwards.error).toBeInstanceOf(AuthSessionMissingError);
    const raw = await authFetch("/user", { token: session.access_token });
    expect(raw.status).toBe(403);
    expect(raw.body).toEqual({
      code: "session_not_found",
      message: "Session from session_id claim in JWT does not exist",
    });
    const refresh = await anonClient().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(refresh.error).toMatchObject({ code: "refresh_token_not_found" });
  });

  it("scope=others keeps the current session and ends the rest; scope=local only the current one", async () => {
    const user = await confirmedUser();
    const sign = async () =>
      (await anonClient().auth.signInWithPassword({ email: user.email, password: user.password })).data.session!;
    const [a, b, c] = [await sign(), await sign(), await sign()];

    const others = await authFetch("/logout?scope=others", { method: "POST", token: a.access_token });
    expect(others.status).toBe(204);
    expect((await authFetch("/user", { token: a.access_token })).status).toBe(200);
    expect((await authFetch("/user", { token: b.access_token })).status).toBe(403);

    const d = await sign();
    const local = await authFetch("/logout?scope=local", { method: "POST", token: a.access_token });
    expect(local.status).toBe(204);
    expect((await authFetch("/user", { token: a.access_token })).status).toBe(403);
    expect((await authFetch("/user", { token: d.access_token })).status).toBe(200);
    expect((await authFetch("/user", { token: c.access_token })).status).toBe(403);

    const bad = await authFetch("/logout?scope=everything", { method: "POST", token: d.access_token });
    expect(bad.status).toBe(400);
  });
});

describe("GET /user", () => {
  it("returns the user for a valid token and bad_jwt for invalid or expired ones", async () => {
    const { session, id } = await signedInUser();
    const ok = await authFetch("/user", { token: session.access_token });
    expect(ok.status).toBe(200);
    expect(ok.body.id).toBe(id);

    const tampered = `${session.access_token.slice(0, -4)}AAAA`;
    const bad = await authFetch("/user", { token: tampered });
    expect(bad.status).toBe(403);
    expect(bad.body.code).toBe("bad_jwt");

    const expired = await signWithStackKey({ ...decodeJwt(session.access_token), exp: Math.floor(Date.now() / 1000) - 60 });
    const old = await authFetch("/user", { token: expired });
    expect(old.status).toBe(403);
    expect(old.body.code).toBe("bad_jwt");
    expect(String(old.body.message)).toMatch(/expired/);

    const anonKeyAsUser = await authFetch("/user", { token: TEST_STACK.anonKey });
    expect(anonKeyAsUser.status).toBe(403);
    expect(anonKeyAsUser.body.code).toBe("bad_jwt");
  });
});
