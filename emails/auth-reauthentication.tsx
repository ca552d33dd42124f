// Sent by the Send Email Hook for email_action_type "reauthentication" (GET /reauthenticate).
// Code only, as Supabase's own template: there is no link to follow; the user types the code on
// the page that asked for it, which passes it as `nonce` to updateUser({ password, nonce }).
import { Heading, Section, Text } from "@react-email/components";
import { Layout } from "./components/layout";
import { emailT, type EmailLocale } from "./i18n";
import { styles } from "./theme";

export interface AuthReauthenticationEmailProps {
  locale: EmailLocale;
  /** The 6-digit nonce. */
  code: string;
  /** The recipient's name, if known. */
  name?: string;
}

export function subject(locale: EmailLocale): string {
  return emailT(locale)("reauthentication.subject");
}

export default function AuthReauthenticationEmail({ locale, code, name }: AuthReauthenticationEmailProps) {
  const t = emailT(locale);
  return (
    <Layout locale={locale} preview={t("reauthentication.preview")} footer={t("reauthentication.notYou")}>
      <Heading as="h1" style={styles.heading}>
        {t("reauthentication.heading")}
      </Heading>
      <Text style={styles.paragraph}>{name ? t("greeting", { name }) : t("greetingAnonymous")}</Text>
      <Text style={styles.paragraph}>{t("reauthentication.body")}</Text>
      <Section>
        <Text style={styles.codeLabel}>{t("code.label")}</Text>
        <Text style={styles.code}>{code}</Text>
      </Section>
      <Text style={styles.small}>{t("reauthentication.expiry")}</Text>
    </Layout>
  );
}

AuthReauthenticationEmail.PreviewProps = {
  locale: "zh-CN",
  code: "730416",
  name: "王工",
} satisfies AuthReauthenticationEmailProps;
