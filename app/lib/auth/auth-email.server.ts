// Delivers what the Send Email Hook asked for: picks the language, renders, sends.
import { renderAuthEmail } from "../../../emails/auth";
import { isEmailLocale, type EmailLocale } from "../../../emails/i18n";
import { sendEmail } from "~/lib/email/email.server";
import { env } from "~/lib/platform/env.server";
import { planAuthEmails, type VerifiedHook } from "~/lib/auth/send-email-hook.server";
import { getSupabaseAdmin } from "~/lib/platform/supabase-admin.server";

async function recipientLocale(hook: VerifiedHook): Promise<EmailLocale> {
  const metadataLocale = hook.payload.user.user_metadata?.locale;
  if (isEmailLocale(metadataLocale)) return metadataLocale;
  try {
    const { data } = await getSupabaseAdmin()
      .from("profiles")
      .select("locale")
      .eq("id", hook.payload.user.id)
      .maybeSingle();
    if (isEmailLocale(data?.locale)) return data.locale;
  } catch (error) {
    console.warn("Send Email Hook: could not read the profile's locale", error);
  }
  return "zh-CN";
}

function recipientName(hook: VerifiedHook): string | undefined {
  const name = hook.payload.user.user_metadata?.display_name;
  return typeof name === "string" && name.trim() ? name.trim() : undefined;
}

export async function deliverAuthEmails(hook: VerifiedHook): Promise<number> {
  const planned = planAuthEmails(hook, env.APP_URL);
  if (planned.length === 0) {
    console.warn(`Send Email Hook: nothing to send for "${hook.payload.email_data.email_action_type}"`);
    return 0;
  }
  const locale = await recipientLocale(hook);
  const name = recipientName(hook);
  for (const email of planned) {
    const rendered =
      email.kind === "reauthentication"
        ? await renderAuthEmail(email.kind, { locale, name, code: email.code })
        : await renderAuthEmail(email.kind, {
            locale,
            name,
            code: email.code,
            confirmUrl: email.confirmUrl,
            newEmail: email.newEmail,
          });
    await sendEmail({ to: email.to, ...rendered, locale, idempotencyKey: email.idempotencyKey });
  }
  return planned.length;
}
