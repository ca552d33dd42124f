// The HTTP contract around the endpoints: error shapes, bad input, keys, settings, health, and
// the Send Email Hook's signature.
import { describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { latestHookEmail } from "../../support/hook-receiver.ts";
import { TEST_STACK } from "../../support/test-env.ts";
import { anonClient, authFetch, authUrl, uniqueEmail } from "./helpers.ts";

describe("error responses", () => {
  it("uses {code, message} and echoes the API version when the client sends X-Supabase-Api-Version", async () => {
    const res = await authFetch("/token?grant_type=password", { rawBody: "{not json" });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-supabase-api-version")).toBe("2024-01-01");
    expect(res.body.code).toBe("bad_json");
    expect(typeof res.body.message).toBe("string");
  });

  it("uses the legacy {code: status, error_code, msg} shape otherwise", async () => {
    const res = await authFetch("/token?grant_type=password", { rawBody: "[1,2", apiVersion: false });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-supabase-api-version")).toBeNull();
    expect(res.body).toMatchObject({ code: 400, error_code: "bad_json" });
    expect(typeof res.body.msg).toBe("string");
  });

  it("answers wrong field types, unknown routes, wrong methods and unknown grants without a 500", async () => {
    const wrongType = await authFetch("/signup", { body: { email: 42, password: ["x"] } });
    expect(wrongType.status).toBe(400);
    const arrayBody = await authFetch("/otp", { rawBody: "[]" });
    expect(arrayBody.status).toBe(400);
    const unknown = await authFetch("/nope");
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe("not_found");
    const method = await authFetch("/signup", { method: "GET" });
    expect(method.status).toBe(405);
    const grant = await authFetch("/token?grant_type=magic", { body: {} });
    expect(grant.status).toBe(400);
    const badUuid = await authFetch("/admin/users/not-a-uuid", {
      key: TEST_STACK.serviceRoleKey,
      token: TEST_STACK.serviceRoleKey,
    });
    expect(badUuid.status).toBe(404);
    const badVerify = await authFetch("/verify", { body: { type: "signup" } });
    expect(badVerify.status).toBe(400);
    const badType = await authFetch("/verify", { body: { type: "sms-ish", token_hash: "abc" } });
    expect(badType.status).toBe(400);
  });

  it("needs an apikey except on /verify", async () => {
    const res = await fetch(`${authUrl}/settings`);
    expect(res.status).toBe(401);
    const link = await fetch(`${authUrl}/verify?token=nothing&type=signup`, { redirect: "manual" });
    expect(link.status).toBe(303);
    expect(link.headers.get("location")).toContain("error_code=otp_expired");
  });
});

describe("GET /settings and /health", () => {
  it("describe the server as supabase-js and dashboards expect", async () => {
    const settings = await authFetch("/settings");
    expect(settings.status).toBe(200);
    expect(settings.body).toMatchObject({
      external: { email: true, phone: false },
      disable_signup: false,
      mailer_autoconfirm: false,
      phone_autoconfirm: false,
      sms_provider: "",
      saml_enabled: false,
    });
    const health = await authFetch("/health");
    expect(health.body).toMatchObject({ name: "GoTrue", version: expect.any(String), description: expect.any(String) });
  });
});

describe("Send Email Hook", () => {
  it("signs every call with standard-webhooks; the receiver rejects a bad signature", async () => {
    const email = uniqueEmail("signed");
    await anonClient().auth.signUp({ email, password: "signed-password" });
    const payload = await latestHookEmail(email, "signup"); // stored only after its signature verified
    const body = JSON.stringify(payload);

    const forged = new Webhook(Buffer.from("not-the-secret-at-all").toString("base64"));
    const id = "msg_forged";
    const now = new Date();
    const res = await fetch(`${TEST_STACK.hookReceiverUrl}/hook`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": Math.floor(now.getTime() / 1000).toString(),
        "webhook-signature": forged.sign(id, now, body),
      },
      body,
    });
    expect(res.status).toBe(401);

    const genuine = new Webhook(TEST_STACK.hookSecret.replace(/^v1,whsec_/, ""));
    const ok = await fetch(`${TEST_STACK.hookReceiverUrl}/hook`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": Math.floor(now.getTime() / 1000).toString(),
        "webhook-signature": genuine.sign(id, now, body),
      },
      body,
    });
    expect(ok.status).toBe(200);
  });
});
