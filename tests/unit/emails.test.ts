import { describe, expect, it } from "vitest";
import { authEmailKind, renderAuthEmail, type LinkAuthEmailKind } from "../../emails/auth";
import { EMAIL_LOCALES, emailDictionaries } from "../../emails/i18n";

const kinds: LinkAuthEmailKind[] = ["signup", "invite", "magiclink", "recovery", "email_change"];
const prefix = { signup: "signup", invite: "invite", magiclink: "magicLink", recovery: "recovery", email_change: "emailChange" } as const;

describe("auth e-mail templates", () => {
  for (const kind of kinds) {
    for (const locale of EMAIL_LOCALES) {
      it(`${kind} renders in ${locale} with the link and the code`, async () => {
        const confirmUrl = `http://localhost:3000/auth/confirm?token_hash=pkce_abc123&type=${kind}&next=%2Faccount`;
        const email = await renderAuthEmail(kind, {
          locale,
          confirmUrl,
          code: "493027",
          name: "王工",
          newEmail: "new@example.com",
        });
        const dictionary = emailDictionaries[locale];
        expect(email.subject).toBe(dictionary[`${prefix[kind]}.subject`]);
        // React escapes & as &amp; in attributes.
        expect(email.html).toContain(`href="${confirmUrl.replaceAll("&", "&amp;")}"`);
        expect(email.html).toContain("493027");
        expect(email.html).toContain(`lang="${locale}"`);
        expect(email.html).toContain(dictionary[`${prefix[kind]}.button`]);
        expect(email.text).toContain(confirmUrl);
        expect(email.text).toContain("493027");
        if (kind === "email_change") expect(email.html).toContain("new@example.com");
      });
    }
  }

  for (const locale of EMAIL_LOCALES) {
    it(`reauthentication renders in ${locale} with the code and no link`, async () => {
      const dictionary = emailDictionaries[locale];
      const email = await renderAuthEmail("reauthentication", { locale, code: "730416", name: "王工" });
      expect(email.subject).toBe(dictionary["reauthentication.subject"]);
      expect(email.html).toContain(`lang="${locale}"`);
      for (const part of [email.html, email.text]) {
        expect(part).toContain("730416");
        // Plain text upper-cases headings.
        expect(part.toLowerCase()).toContain(dictionary["reauthentication.heading"].toLowerCase());
        expect(part).toContain(dictionary["reauthentication.expiry"]);
        expect(part).toContain(dictionary["reauthentication.notYou"]);
      }
      expect(email.html).toContain(dictionary["reauthentication.body"]);
      expect(email.html).not.toMatch(/<a\b/);
      expect(email.text).not.toMatch(/https?:\/\//);
    });
  }

  it("renders invitations and reauthentication as such and ignores unknown actions", () => {
    expect(authEmailKind("invite")).toBe("invite");
    expect(authEmailKind("reauthentication")).toBe("reauthentication");
    expect(authEmailKind("sms")).toBeNull();
  });
});
