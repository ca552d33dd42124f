// Organisation e-mails from outbox payloads as private.queue_org_email writes them.
import { describe, expect, it } from "vitest";
import { EMAIL_LOCALES } from "../../emails/i18n";
import { ORGANISATION_EMAIL_TEMPLATES } from "../../emails/organisation";
import { composeOrganisationEmail, organisationEmailPayloadSchema, organisationEmailUrl } from "~/lib/email/organisation-emails.server";

const APP = "http://localhost:3000";
const ORG = "5f0c2a1e-8b7d-4e3f-9a61-2c4d8e0b7a35";
const TOKEN = "0b7a35aa-8b7d-4e3f-9a61-2c4d8e0b7a35";
const SUBJECT = "11111111-2222-4333-8444-555555555555";

function payload(kind: string, extra: Record<string, unknown> = {}) {
  return {
    organisation: { id: ORG, name_zh: "常州测试新材料有限公司", name_en: "Changzhou Test Materials Co.", kind: "sme", sme_status: "sme_pending" },
    actor: { display_name: "王工" },
    subject: { user_id: SUBJECT, display_name: "李工", email: "li@example.test" },
    recipient: { display_name: "张工" },
    event: { kind, detail: { to: "owner" }, created_at: "2026-12-01T10:00:00+08:00" },
    ...extra,
  };
}

describe("organisation e-mails", () => {
  for (const template of ORGANISATION_EMAIL_TEMPLATES) {
    for (const locale of EMAIL_LOCALES) {
      it(`${template} renders in ${locale} with the organisation and the link`, async () => {
        const email = await composeOrganisationEmail(template, payload("role_changed", { token: TOKEN, has_account: true, reason: "理由 R" }), {
          locale,
          appUrl: APP,
          recipientId: null,
        });
        expect(email.subject).toContain(locale === "en" ? "Changzhou Test Materials Co." : "常州测试新材料有限公司");
        expect(email.html).toContain(`lang="${locale}"`);
        expect(email.text).toContain(APP);
        expect(email.text).toContain("理由 R");
        expect(email.text).not.toMatch(/\{[a-z]+\}/);
      });
    }
  }

  it("an invitation to an address without an account links to sign-up, then back to the invitation", () => {
    const parsed = organisationEmailPayloadSchema.parse(payload("member_invited", { token: TOKEN, has_account: false }));
    const url = new URL(organisationEmailUrl("organisation_invitation", parsed, APP));
    expect(url.pathname).toBe("/signup");
    expect(url.searchParams.get("next")).toBe(`/invitations/${TOKEN}`);
    const withAccount = organisationEmailPayloadSchema.parse(payload("member_invited", { token: TOKEN, has_account: true }));
    expect(organisationEmailUrl("organisation_invitation", withAccount, APP)).toBe(`${APP}/invitations/${TOKEN}`);
  });

  it("membership changes speak to the person concerned as 'you' and to owners about them", async () => {
    const toThem = await composeOrganisationEmail("organisation_membership", payload("member_removed"), { locale: "en", appUrl: APP, recipientId: SUBJECT });
    expect(toThem.text).toContain("removed you from Changzhou Test Materials Co.");
    const toOwners = await composeOrganisationEmail("organisation_membership", payload("member_removed"), { locale: "en", appUrl: APP, recipientId: null });
    expect(toOwners.text).toContain("removed 李工 from Changzhou Test Materials Co.");
  });

  it("an SME decision says verified or not", async () => {
    const yes = await composeOrganisationEmail("organisation_sme_decided", payload("sme_verified", { verified: true }), { locale: "zh-CN", appUrl: APP, recipientId: null });
    expect(yes.subject).toContain("已通过中小企业认定");
    const no = await composeOrganisationEmail("organisation_sme_decided", payload("sme_rejected", { verified: false, reason: "规模不符" }), { locale: "zh-CN", appUrl: APP, recipientId: null });
    expect(no.subject).toContain("未通过");
    expect(no.text).toContain("规模不符");
  });
});
