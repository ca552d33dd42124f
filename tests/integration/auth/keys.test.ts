// Issue 12 item 14: ES256 signing keys published as a JWKS, publishable/secret API keys beside the
// legacy JWT keys, HS256 tokens refused while ES256 is on, rotation, and HS256 by configuration.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SignJWT, createLocalJWKSet, jwtVerify } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_JWT_SECRET } from "../../../supabase/local/config.ts";
import { rotateSigningKeys } from "../../../supabase/local/auth/keys.ts";
import { anonClient, serviceClient } from "../../support/supabase.ts";
import { TEST_STACK } from "../../support/test-env.ts";
import { signWithStackKey } from "../../support/stack-keys.ts";
import { authFetch, confirmedUser, decodeJwt, signedInUser } from "./helpers.ts";
import { sideFetch, startSideStack } from "./side-stack.ts";

const restUrl = `${TEST_STACK.apiUrl}/rest/v1`;

async function jwks() {
  const res = await fetch(`${TEST_STACK.apiUrl}/auth/v1/.well-known/jwks.json`);
  expect(res.status).toBe(200);
  return (await res.json()) as { keys: Record<string, unknown>[] };
}

describe("ES256 signing keys", () => {
  it("publishes the public key at /auth/v1/.well-known/jwks.json, without an API key", async () => {
    const { keys } = await jwks();
    expect(keys.length).toBeGreaterThanOrEqual(1);
    expect(keys[0]).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
    expect(keys[0]).not.toHaveProperty("d");
  });

  it("signs access tokens with ES256 and the published kid; they verify against the JWKS alone", async () => {
    const user = await signedInUser();
    const header = JSON.parse(Buffer.from(user.session.access_token.split(".")[0]!, "base64url").toString());
    const { keys } = await jwks();
    expect(header).toMatchObject({ alg: "ES256", kid: keys[0]!.kid });
    const { payload } = await jwtVerify(user.session.access_token, createLocalJWKSet({ keys: keys as never }));
    expect(payload.sub).toBe(user.id);
    // supabase-js verifies it locally through the JWKS.
    const { data, error } = await user.client.auth.getClaims();
    expect(error).toBeNull();
    expect(data?.claims.sub).toBe(user.id);
  });

  it("refuses a forged HS256 token (signed with the well-known demo secret) in auth, PostgREST and storage", async () => {
    const user = await signedInUser();
    const forged = await new SignJWT({ ...decodeJwt(user.session.access_token), role: "service_role" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(new TextEncoder().encode(DEMO_JWT_SECRET));
    const auth = await authFetch("/user", { token: forged });
    expect(auth).toMatchObject({ status: 403, body: { code: "bad_jwt" } });
    const rest = await fetch(`${restUrl}/profiles?select=id`, { headers: { apikey: TEST_STACK.anonKey, authorization: `Bearer ${forged}` } });
    expect(rest.status).toBe(401);
    const storage = await fetch(`${TEST_STACK.apiUrl}/storage/v1/bucket`, { headers: { apikey: TEST_STACK.anonKey, authorization: `Bearer ${forged}` } });
    expect(storage.status).toBe(400);
    expect(await storage.json()).toMatchObject({ statusCode: "403" });
  });
});

describe("PostgREST's JWT cache", () => {
  // The stack lets PostgREST keep verified tokens (PGRST_JWT_CACHE_MAX_LIFETIME): a cached token
  // must still stop working at its own expiry, not at the cache's. PostgREST allows 30 s of clock
  // skew past `exp`, so the token is made to leave that window two seconds from now.
  const SKEW_SECONDS = 30;
  it("refuses a token it has already accepted once the token expires", async () => {
    const user = await signedInUser();
    const exp = Math.floor(Date.now() / 1000) - SKEW_SECONDS + 2;
    const token = await signWithStackKey({ ...decodeJwt(user.session.access_token), exp });
    const ask = () => fetch(`${restUrl}/profiles?select=id`, { headers: { apikey: TEST_STACK.anonKey, authorization: `Bearer ${token}` } });
    const before = await ask();
    expect(before.status).toBe(200);
    expect(await before.json()).toEqual([{ id: user.id }]);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, (exp + SKEW_SECONDS) * 1000 - Date.now()) + 1500));
    const after = await ask();
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ code: "PGRST301" });
  });
});

describe("API keys", () => {
  it("accepts the publishable key as anon and the secret key as service_role, beside the legacy keys", async () => {
    const publishable = anonClient({ ...TEST_STACK, anonKey: TEST_STACK.publishableKey });
    const districts = await publishable.from("districts").select("id").limit(1);
    expect(districts.error).toBeNull();
    expect(districts.data?.length).toBe(1);

    const user = await confirmedUser();
    const signIn = await publishable.auth.signInWithPassword({ email: user.email, password: user.password });
    expect(signIn.error).toBeNull();
    const own = await publishable.from("profiles").select("id").eq("id", user.id);
    expect(own.data).toEqual([{ id: user.id }]);

    const secret = serviceClient({ ...TEST_STACK, serviceRoleKey: TEST_STACK.secretKey });
    const listed = await secret.auth.admin.getUserById(user.id);
    expect(listed.error).toBeNull();
    const everyone = await secret.from("profiles").select("id", { count: "exact", head: true });
    expect(everyone.error).toBeNull();
    expect(everyone.count).toBeGreaterThan(0);

    const wrong = await fetch(`${restUrl}/districts`, { headers: { apikey: "sb_publishable_not-a-key" } });
    expect(wrong.status).toBe(401);
    // The publishable key cannot act as admin.
    const notAdmin = await authFetch("/admin/users", { key: TEST_STACK.publishableKey, token: TEST_STACK.publishableKey });
    expect(notAdmin.status).toBe(403);
  });
});

describe("rotation and HS256", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("after a rotation new tokens carry the new kid, both keys are published, and old tokens stay valid until their key is removed", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "keys-"));
    dirs.push(dir);
    const first = await startSideStack({ STACK_DATA_DIR: dir });
    const user = await confirmedUser();
    const before = await sideFetch(first, "/token?grant_type=password", { body: { email: user.email, password: user.password } });
    await first.close();
    const oldToken = before.body.access_token as string;
    const oldKid = JSON.parse(Buffer.from(oldToken.split(".")[0]!, "base64url").toString()).kid;

    const newKid = rotateSigningKeys(dir);
    const second = await startSideStack({ STACK_DATA_DIR: dir });
    try {
      const published = await sideFetch(second, "/.well-known/jwks.json");
      expect((published.body.keys as { kid: string }[]).map((k) => k.kid)).toEqual([newKid, oldKid]);
      const after = await sideFetch(second, "/token?grant_type=password", { body: { email: user.email, password: user.password } });
      expect(JSON.parse(Buffer.from((after.body.access_token as string).split(".")[0]!, "base64url").toString()).kid).toBe(newKid);
      expect((await sideFetch(second, "/user", { token: oldToken })).status).toBe(200);
    } finally {
      await second.close();
    }

    // Removing the old key revokes what it signed.
    const file = path.join(dir, "signing-keys.json");
    fs.writeFileSync(file, JSON.stringify(JSON.parse(fs.readFileSync(file, "utf8")).slice(0, 1)));
    const third = await startSideStack({ STACK_DATA_DIR: dir });
    try {
      expect((await sideFetch(third, "/user", { token: oldToken })).status).toBe(403);
    } finally {
      await third.close();
    }
  });

  it("signs with the HS256 secret when configured, and publishes no keys", async () => {
    const side = await startSideStack({ STACK_JWT_ALGORITHM: "HS256" });
    try {
      const user = await confirmedUser();
      const session = await sideFetch(side, "/token?grant_type=password", { body: { email: user.email, password: user.password } });
      const token = session.body.access_token as string;
      expect(JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString())).toMatchObject({ alg: "HS256" });
      await jwtVerify(token, new TextEncoder().encode(DEMO_JWT_SECRET));
      expect((await sideFetch(side, "/.well-known/jwks.json")).body).toEqual({ keys: [] });
      // supabase-js falls back to asking the server (getUser) for HS256 tokens.
      const client = anonClient(side);
      await client.auth.setSession({ access_token: token, refresh_token: session.body.refresh_token as string });
      const { data, error } = await client.auth.getClaims();
      expect(error).toBeNull();
      expect(data?.claims.sub).toBe(user.id);
    } finally {
      await side.close();
    }
  });
});
