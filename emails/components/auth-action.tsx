// The body shared by the auth e-mails: heading, greeting, one clear button, the 6-digit code,
// and the link spelled out for clients that block buttons.
import { Button, Heading, Link, Section, Text } from "@react-email/components";
import { emailT, type EmailLocale, type EmailMessageKey } from "../i18n";
import { styles } from "../theme";
import { Layout } from "./layout";

/** Props every auth e-mail takes. */
export interface AuthEmailProps {
  locale: EmailLocale;
  /** The link to /auth/confirm with token_hash, type and next. */
  confirmUrl: string;
  /** The 6-digit one-time code. */
  code: string;
  /** The recipient's name, if known. */
  name?: string;
}

type Prefix = "signup" | "invite" | "magicLink" | "recovery" | "emailChange";

export function AuthActionEmail({
  prefix,
  locale,
  confirmUrl,
  code,
  name,
  vars,
}: AuthEmailProps & { prefix: Prefix; vars?: Record<string, string> }) {
  const t = emailT(locale);
  const key = (suffix: "preview" | "heading" | "body" | "button") => `${prefix}.${suffix}` as EmailMessageKey;
  return (
    <Layout locale={locale} preview={t(key("preview"), vars)}>
      <Heading as="h1" style={styles.heading}>
        {t(key("heading"), vars)}
      </Heading>
      <Text style={styles.paragraph}>{name ? t("greeting", { name }) : t("greetingAnonymous")}</Text>
      <Text style={styles.paragraph}>{t(key("body"), vars)}</Text>
      <Section style={styles.buttonSection}>
        <Button href={confirmUrl} style={styles.button}>
          {t(key("button"), vars)}
        </Button>
      </Section>
      {code ? (
        <Section>
          <Text style={styles.codeLabel}>{t("code.label")}</Text>
          <Text style={styles.code}>{code}</Text>
          <Text style={styles.small}>{t("code.hint")}</Text>
        </Section>
      ) : null}
      <Text style={styles.small}>{t("link.expiry")}</Text>
      <Text style={styles.small}>
        {t("link.fallback")}{" "}
        <Link href={confirmUrl} style={styles.link}>
          {confirmUrl}
        </Link>
      </Text>
    </Layout>
  );
}
