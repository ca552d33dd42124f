// From an organisation outbox row (template organisation_*, the payload the organisation functions
// wrote: supabase/migrations/20261202000100_organisations.sql, private.queue_org_email) to a
// ready-to-send e-mail in the recipient's language. No I/O: the worker (outbox.server.ts) sends.
import { z } from "zod";
import { renderOrganisationEmail, type OrganisationEmailProps, type OrganisationEmailTemplate } from "../../../emails/organisation";
import type { EmailLocale } from "../../../emails/i18n";
import { formatDate, localName } from "~/lib/i18n/format";

const text = z.string().nullish();

/** The JSON private.queue_org_email stores in email_outbox.payload. */
export const organisationEmailPayloadSchema = z.object({
  organisation: z.object({ id: z.string().uuid(), name_zh: z.string(), name_en: z.string().nullish() }),
  actor: z.object({ display_name: text }).nullish(),
  subject: z.object({ user_id: z.string().uuid().nullish(), display_name: text, email: text }).nullish(),
  recipient: z.object({ display_name: text }).nullish(),
  event: z.object({ kind: z.string(), detail: z.record(z.unknown()).nullish(), created_at: z.string() }),
  // per template
  token: z.string().uuid().nullish(),
  role: z.enum(["owner", "member"]).nullish(),
  has_account: z.boolean().nullish(),
  expires_at: z.string().nullish(),
  message: text,
  reason: text,
  approved: z.boolean().nullish(),
  verified: z.boolean().nullish(),
  sme_pending: z.boolean().nullish(),
});
export type OrganisationEmailPayload = z.infer<typeof organisationEmailPayloadSchema>;

export interface ComposeOrganisationEmailOptions {
  locale: EmailLocale;
  /** The app's public URL, without a trailing slash. */
  appUrl: string;
  /** The outbox row's recipient (to tell "you" from "them" in membership changes). */
  recipientId: string | null;
}

/** Where the e-mail's button goes. */
export function organisationEmailUrl(template: OrganisationEmailTemplate, payload: OrganisationEmailPayload, appUrl: string): string {
  if (template === "organisation_invitation" && payload.token) {
    const invitation = `/invitations/${payload.token}`;
    return payload.has_account ? `${appUrl}${invitation}` : `${appUrl}/signup?${new URLSearchParams({ next: invitation })}`;
  }
  return `${appUrl}/account/organisation?id=${payload.organisation.id}`;
}

export function organisationEmailProps(
  template: OrganisationEmailTemplate,
  payload: OrganisationEmailPayload,
  options: ComposeOrganisationEmailOptions,
): OrganisationEmailProps {
  const { locale } = options;
  const detailRole = payload.event.detail?.to;
  const role = payload.role ?? (detailRole === "owner" || detailRole === "member" ? detailRole : null);
  const positive =
    template === "organisation_registered"
      ? !payload.sme_pending
      : template === "organisation_sme_decided"
        ? Boolean(payload.verified)
        : Boolean(payload.approved);
  return {
    locale,
    recipientName: payload.recipient?.display_name || null,
    organisation: localName({ name_zh: payload.organisation.name_zh, name_en: payload.organisation.name_en ?? null }, locale),
    actor: payload.actor?.display_name || null,
    subject: payload.subject?.display_name || null,
    subjectEmail: payload.subject?.email || null,
    role,
    reason: payload.reason || null,
    message: payload.message || null,
    expires: payload.expires_at ? formatDate(payload.expires_at, locale) : null,
    needsAccount: template === "organisation_invitation" && !payload.has_account,
    positive,
    change: payload.event.kind,
    toSubject: Boolean(options.recipientId && payload.subject?.user_id === options.recipientId),
    url: organisationEmailUrl(template, payload, options.appUrl),
  };
}

export async function composeOrganisationEmail(
  template: OrganisationEmailTemplate,
  payload: unknown,
  options: ComposeOrganisationEmailOptions,
): Promise<{ subject: string; html: string; text: string }> {
  const parsed = organisationEmailPayloadSchema.parse(payload);
  return renderOrganisationEmail(template, organisationEmailProps(template, parsed, options));
}
