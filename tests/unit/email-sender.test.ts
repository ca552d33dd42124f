// The From header speaks the recipient's language (same address): booking e-mails from the outbox
// worker and auth e-mails from the Send Email Hook both go through sendEmail, which names the
// sender in the locale it is given. Resend, the environment and the profile lookup are stubbed.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { parseMailbox, senderFrom, senderName } from "../../emails/sender";
import type { VerifiedHook } from "~/lib/auth/send-email-hook.server";

const sent = vi.hoisted(() => [] as { from: string; to: string; subject: string }[]);

vi.mock("resend", () => ({
  Resend: class {
    emails = {
      send: async (body: { from: string; to: string; subject: string }) => {
        sent.push(body);
        return { data: { id: `msg-${sent.length}` }, error: null };
      },
    };
  },
}));

vi.mock("~/lib/platform/env.server", () => ({
  env: {
    EMAIL_FROM: "常州仪器共享 <noreply@instruments.changzhou.example>",
    RESEND_API_KEY: "re_test",
    APP_URL: "http://localhost:3000",
  },
}));

// The hook reads the profile's language only when user_metadata has none: no profile here.
vi.mock("~/lib/platform/supabase-admin.server", () => ({
  getSupabaseAdmin: () => ({
    from: () => ({ select: () => ({ eq: () => ({ maybeSingle: async () => ({ data: null }) }) }) }),
  }),
}));

const FROM = "常州仪器共享 <noreply@instruments.changzhou.example>";

beforeEach(() => {
  sent.length = 0;
});

describe("senderFrom", () => {
  it("names the sender in Chinese for zh-CN and in English for en, at the same address", () => {
    expect(senderFrom("zh-CN", FROM)).toBe("常州仪器共享 <noreply@instruments.changzhou.example>");
    expect(senderFrom("en", FROM)).toBe("Changzhou Instrument Sharing <noreply@instruments.changzhou.example>");
  });

  it("keeps a configured Chinese name, and falls back to the default one for a bare address", () => {
    expect(senderName("zh-CN", "常州市科研仪器共享平台 <a@b.cn>")).toBe("常州市科研仪器共享平台");
    expect(senderFrom("zh-CN", "noreply@b.cn")).toBe("常州仪器共享 <noreply@b.cn>");
    expect(senderFrom("en", "noreply@b.cn")).toBe("Changzhou Instrument Sharing <noreply@b.cn>");
    expect(senderFrom("en", '"常州仪器共享" <noreply@b.cn>')).toBe("Changzhou Instrument Sharing <noreply@b.cn>");
  });

  it("quotes a name with special characters", () => {
    expect(senderFrom("zh-CN", '"Lab, Changzhou" <a@b.cn>')).toBe('"Lab, Changzhou" <a@b.cn>');
    expect(parseMailbox('"Lab, Changzhou" <a@b.cn>')).toEqual({ name: "Lab, Changzhou", address: "a@b.cn" });
  });
});

describe("sendEmail", () => {
  it("sends with the From name in the recipient's language", async () => {
    const { sendEmail, senderAddress } = await import("~/lib/email/email.server");
    const base = { to: "wang@example.com", subject: "s", html: "<p>h</p>", text: "h" };
    await sendEmail({ ...base, locale: "en", idempotencyKey: "k-en" });
    await sendEmail({ ...base, locale: "zh-CN", idempotencyKey: "k-zh" });
    expect(sent.map((m) => m.from)).toEqual([
      "Changzhou Instrument Sharing <noreply@instruments.changzhou.example>",
      "常州仪器共享 <noreply@instruments.changzhou.example>",
    ]);
    expect(senderAddress()).toBe("noreply@instruments.changzhou.example");
  });
});

describe("auth e-mails (Send Email Hook)", () => {
  function hook(locale?: string) {
    return {
      webhookId: `msg_${locale ?? "none"}`,
      payload: {
        user: { id: "6a7f0c7e-4c44-4d5f-9c0e-2d3c2f9b6a11", email: "wang@example.com", user_metadata: { locale } },
        email_data: {
          token: "493027",
          token_hash: "pkce_abcdef",
          redirect_to: "http://localhost:3000/account",
          email_action_type: "magiclink",
          site_url: "http://localhost:3000",
          token_new: "",
          token_hash_new: "",
        },
      },
    } as unknown as VerifiedHook;
  }

  it("come from the English name for an English user and the Chinese name otherwise", async () => {
    const { deliverAuthEmails } = await import("~/lib/auth/auth-email.server");
    await deliverAuthEmails(hook("en"));
    await deliverAuthEmails(hook("zh-CN"));
    await deliverAuthEmails(hook());
    expect(sent.map((m) => [m.from, m.subject])).toEqual([
      ["Changzhou Instrument Sharing <noreply@instruments.changzhou.example>", "Your sign-in link"],
      ["常州仪器共享 <noreply@instruments.changzhou.example>", "您的登录链接"],
      ["常州仪器共享 <noreply@instruments.changzhou.example>", "您的登录链接"],
    ]);
  });
});
