// The body shared by the organisation e-mails: heading, greeting, one or two paragraphs, an
// optional quoted reason or message, one button and the link spelled out.
import { Button, Heading, Link, Section, Text } from "@react-email/components";
import { emailT, type EmailLocale, type EmailMessageKey } from "../i18n";
import { styles } from "../theme";
import { Layout } from "./layout";

/** What every organisation e-mail is built from (app/lib/email/organisation-emails.server.ts fills it from the outbox payload). */
export interface OrganisationEmailProps {
  locale: EmailLocale;
  /** The recipient's name, if known. */
  recipientName?: string | null;
  /** The organisation's name in the recipient's language. */
  organisation: string;
  /** Who made the change (an owner, the invitee, …). */
  actor?: string | null;
  /** Whom the change is about (new member, requester, …), and their address. */
  subject?: string | null;
  subjectEmail?: string | null;
  role?: "owner" | "member" | null;
  /** A refusal's or rejection's reason, or a requester's message. */
  reason?: string | null;
  message?: string | null;
  /** Invitations: until when, already formatted. */
  expires?: string | null;
  /** Invitation to an address without an account (the button signs up first). */
  needsAccount?: boolean;
  /** Join decisions and SME decisions. */
  positive?: boolean;
  /** Membership changes: which change, and whether the recipient is the person it is about. */
  change?: string | null;
  toSubject?: boolean;
  url: string;
}

export type EmailVars = Record<string, string>;

export function organisationVars(props: OrganisationEmailProps): EmailVars {
  const t = emailT(props.locale);
  return {
    organisation: props.organisation,
    actor: props.actor || "—",
    subject: props.subject || props.subjectEmail || "—",
    email: props.subjectEmail || "—",
    role: props.role ? t(`org.role.${props.role}`) : "",
    date: props.expires ?? "",
  };
}

export function OrganisationEmail({
  props,
  heading,
  paragraphs,
  button,
}: {
  props: OrganisationEmailProps;
  heading: EmailMessageKey;
  paragraphs: EmailMessageKey[];
  button: EmailMessageKey;
}) {
  const t = emailT(props.locale);
  const vars = organisationVars(props);
  const body = paragraphs.map((key) => t(key, vars));
  return (
    <Layout locale={props.locale} preview={body[0] ?? ""} footer={t("org.footer")}>
      <Heading as="h1" style={styles.heading}>
        {t(heading, vars)}
      </Heading>
      <Text style={styles.paragraph}>{props.recipientName ? t("greeting", { name: props.recipientName }) : t("greetingAnonymous")}</Text>
      {body.map((paragraph) => (
        <Text key={paragraph} style={styles.paragraph}>
          {paragraph}
        </Text>
      ))}
      {props.reason ? <Text style={{ ...styles.paragraph, ...styles.reason }}>{t("org.quote.reason", { reason: props.reason })}</Text> : null}
      {props.message ? <Text style={{ ...styles.paragraph, ...styles.reason }}>{t("org.quote.message", { message: props.message })}</Text> : null}
      <Section style={styles.buttonSection}>
        <Button href={props.url} style={styles.button}>
          {t(button, vars)}
        </Button>
      </Section>
      <Text style={styles.small}>
        {t("link.fallback")}{" "}
        <Link href={props.url} style={styles.link}>
          {props.url}
        </Link>
      </Text>
    </Layout>
  );
}

export const previewOrganisation: OrganisationEmailProps = {
  locale: "zh-CN",
  recipientName: "王工",
  organisation: "常州烯材新材料科技有限公司（演示）",
  actor: "王工",
  subject: "李工",
  subjectEmail: "li@example.com",
  role: "member",
  expires: "2026年12月15日",
  url: "http://localhost:3000/account/organisation",
};
