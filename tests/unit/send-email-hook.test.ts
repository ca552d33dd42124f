import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import {
  hookSecretForWebhook,
  HookVerificationError,
  planAuthEmails,
  verifySendEmailHook,
  type PlannedAuthEmail,
  type PlannedLinkEmail,
} from "~/lib/auth/send-email-hook.server";

const SECRET = "v1,whsec_bG9jYWwtZGV2LXNlbmQtZW1haWwtaG9vay1zZWNyZXQh";
const APP_URL = "http://localhost:3000";

function payload(overrides: Record<string, unknown> = {}) {
  return {
    user: {
      id: "6a7f0c7e-4c44-4d5f-9c0e-2d3c2f9b6a11",
      email: "wang@example.com",
      user_metadata: { display_name: "王工", locale: "en" },
    },
    email_data: {
      token: "493027",
      token_hash: "pkce_abcdef",
      redirect_to: "http://localhost:3000/account",
      email_action_type: "signup",
      site_url: "http://localhost:3000",
      token_new: "",
      token_hash_new: "",
      ...overrides,
    },
  };
}

function sign(body: string, id = "msg_2Lh9KXv9", timestamp = new Date(), secret = SECRET) {
  const signature = new Webhook(hookSecretForWebhook(secret)).sign(id, timestamp, body);
  return new Headers({
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": signature,
  });
}

describe("verifySendEmailHook", () => {
  it("accepts a correctly signed payload", () => {
    const body = JSON.stringify(payload());
    const hook = verifySendEmailHook(body, sign(body), SECRET);
    expect(hook.webhookId).toBe("msg_2Lh9KXv9");
    expect(hook.payload.user.email).toBe("wang@example.com");
    expect(hook.payload.email_data.email_action_type).toBe("signup");
  });

  it("rejects a tampered body", () => {
    const body = JSON.stringify(payload());
    const headers = sign(body);
    const tampered = body.replace("wang@example.com", "attacker@example.com");
    expect(() => verifySendEmailHook(tampered, headers, SECRET)).toThrow(HookVerificationError);
  });

  it("rejects a signature made with another secret", () => {
    const body = JSON.stringify(payload());
    const other = "v1,whsec_" + Buffer.from("another-secret-entirely-123456").toString("base64");
    expect(() => verifySendEmailHook(body, sign(body, "msg_1", new Date(), other), SECRET)).toThrow(
      HookVerificationError,
    );
  });

  it("rejects missing headers and stale timestamps", () => {
    const body = JSON.stringify(payload());
    expect(() => verifySendEmailHook(body, new Headers(), SECRET)).toThrow(HookVerificationError);
    const stale = sign(body, "msg_old", new Date(Date.now() - 60 * 60 * 1000));
    expect(() => verifySendEmailHook(body, stale, SECRET)).toThrow(HookVerificationError);
  });

  it("rejects a signed body that is not a hook payload", () => {
    const body = JSON.stringify({ hello: "world" });
    expect(() => verifySendEmailHook(body, sign(body), SECRET)).toThrow(HookVerificationError);
  });
});

/** The mail as a link mail (fails the test for a code-only mail). */
function linked(email: PlannedAuthEmail): PlannedLinkEmail {
  if (email.kind === "reauthentication") throw new Error("expected a mail with a link");
  return email;
}

describe("planAuthEmails", () => {
  const verified = (overrides: Record<string, unknown> = {}, user: Record<string, unknown> = {}) => {
    const p = payload(overrides);
    return { webhookId: "msg_1", payload: { ...p, user: { ...p.user, ...user } } } as Parameters<
      typeof planAuthEmails
    >[0];
  };

  it("links to /auth/confirm with token_hash, type and next taken from redirect_to", () => {
    const [email] = planAuthEmails(verified(), APP_URL);
    expect(email.to).toBe("wang@example.com");
    expect(email.code).toBe("493027");
    expect(email.idempotencyKey).toBe("auth-signup/msg_1");
    const url = new URL(linked(email).confirmUrl);
    expect(`${url.origin}${url.pathname}`).toBe("http://localhost:3000/auth/confirm");
    expect(url.searchParams.get("token_hash")).toBe("pkce_abcdef");
    expect(url.searchParams.get("type")).toBe("signup");
    expect(url.searchParams.get("next")).toBe("/account");
  });

  it("never sends next to another origin, and recovery always goes to the reset page", () => {
    const [magic] = planAuthEmails(
      verified({ email_action_type: "magiclink", redirect_to: "https://evil.example/steal" }),
      APP_URL,
    );
    expect(new URL(linked(magic).confirmUrl).searchParams.get("next")).toBe("/");
    const [recovery] = planAuthEmails(verified({ email_action_type: "recovery" }), APP_URL);
    expect(new URL(linked(recovery).confirmUrl).searchParams.get("next")).toBe("/account/reset-password");
    expect(new URL(linked(recovery).confirmUrl).searchParams.get("type")).toBe("recovery");
  });

  it("sends an invitation with type invite", () => {
    const [invite] = planAuthEmails(verified({ email_action_type: "invite" }), APP_URL);
    expect(invite.kind).toBe("invite");
    expect(new URL(linked(invite).confirmUrl).searchParams.get("type")).toBe("invite");
  });

  it("sends e-mail change mails to the new and, when secure, the current address", () => {
    const emails = planAuthEmails(
      verified(
        { email_action_type: "email_change", token_new: "111111", token_hash_new: "hash_current" },
        { new_email: "new@example.com" },
      ),
      APP_URL,
    );
    expect(emails.map((e) => [e.to, e.code, new URL(linked(e).confirmUrl).searchParams.get("token_hash")])).toEqual([
      ["new@example.com", "493027", "pkce_abcdef"],
      ["wang@example.com", "111111", "hash_current"],
    ]);
    expect(new Set(emails.map((e) => e.idempotencyKey)).size).toBe(2);
  });

  it("sends the reauthentication nonce as a code-only mail to the user's address", () => {
    const emails = planAuthEmails(
      verified({ email_action_type: "reauthentication", token: "730416", token_hash: "hash_nonce", redirect_to: "" }),
      APP_URL,
    );
    expect(emails).toEqual([
      { kind: "reauthentication", to: "wang@example.com", code: "730416", idempotencyKey: "auth-reauthentication/msg_1" },
    ]);
    expect(emails[0]).not.toHaveProperty("confirmUrl");
    // Without a code there is nothing useful to send.
    expect(planAuthEmails(verified({ email_action_type: "reauthentication", token: "" }), APP_URL)).toEqual([]);
  });

  it("sends nothing for actions it has no template for", () => {
    expect(planAuthEmails(verified({ email_action_type: "sms" }), APP_URL)).toEqual([]);
    expect(planAuthEmails(verified({ email_action_type: "phone_change" }), APP_URL)).toEqual([]);
  });
});
