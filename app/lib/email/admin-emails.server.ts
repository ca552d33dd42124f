// From an administration outbox row's payload (private.record_admin_event in
// 20261208010000_lab_administration.sql) to a ready-to-send e-mail in the recipient's language.
// No I/O: the worker (outbox.server.ts) calls it; unit tests too.
import { z } from "zod";
import { ADMIN_EMAIL_LINKS, renderAdminEmail, type AdminEmailTemplate } from "../../../emails/admin";
import type { EmailLocale } from "../../../emails/i18n";

const payloadSchema = z.object({
  reason: z.string().nullish(),
  lab_name_zh: z.string().nullish(),
  lab_name_en: z.string().nullish(),
  organisation_name_zh: z.string().nullish(),
  organisation_name_en: z.string().nullish(),
  recipient_name: z.string().nullish(),
});

export async function composeAdminEmail(
  template: AdminEmailTemplate,
  payload: unknown,
  options: { locale: EmailLocale; appUrl: string },
): Promise<{ subject: string; html: string; text: string; attachments: [] } | null> {
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) return null;
  const p = parsed.data;
  const en = options.locale === "en";
  const rendered = await renderAdminEmail({
    template,
    locale: options.locale,
    recipientName: p.recipient_name || undefined,
    labName: (en && p.lab_name_en) || p.lab_name_zh || "",
    organisationName: (en && p.organisation_name_en) || p.organisation_name_zh || "",
    reason: p.reason?.trim() || undefined,
    url: `${options.appUrl.replace(/\/$/, "")}${ADMIN_EMAIL_LINKS[template].path}`,
  });
  return { ...rendered, attachments: [] };
}
