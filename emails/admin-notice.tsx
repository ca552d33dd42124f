// The bureau's administration e-mails (docs/decisions/022): to an applicant (application received,
// approved, rejected with the reason), a lab's new manager, a lab's managers (suspended with the
// reason, reinstated) and a bureau analyst (added, removed). One component, a heading, a body and
// a button per message; the text lives in emails/i18n.ts under the template's name.
import { Button, Heading, Link, Section, Text } from "@react-email/components";
import { Layout } from "./components/layout";
import { emailT, type EmailLocale, type EmailMessageKey } from "./i18n";
import { styles } from "./theme";

export const ADMIN_EMAIL_TEMPLATES = [
  "lab_application_submitted",
  "lab_application_approved",
  "lab_application_rejected",
  "lab_manager_assigned",
  "lab_suspended",
  "lab_reinstated",
  "bureau_analyst_added",
  "bureau_analyst_removed",
] as const;
export type AdminEmailTemplate = (typeof ADMIN_EMAIL_TEMPLATES)[number];

export function isAdminEmailTemplate(value: string): value is AdminEmailTemplate {
  return (ADMIN_EMAIL_TEMPLATES as readonly string[]).includes(value);
}

/** Where each message's button leads (a path of the app) and what it says. */
export const ADMIN_EMAIL_LINKS: Record<AdminEmailTemplate, { path: string; button: EmailMessageKey }> = {
  lab_application_submitted: { path: "/labs/apply", button: "admin.button.applications" },
  lab_application_approved: { path: "/lab", button: "admin.button.lab" },
  lab_application_rejected: { path: "/labs/apply", button: "admin.button.applications" },
  lab_manager_assigned: { path: "/lab", button: "admin.button.lab" },
  lab_suspended: { path: "/lab", button: "admin.button.lab" },
  lab_reinstated: { path: "/lab", button: "admin.button.lab" },
  bureau_analyst_added: { path: "/bureau", button: "admin.button.bureau" },
  bureau_analyst_removed: { path: "/", button: "admin.button.site" },
};

export interface AdminEmailProps {
  template: AdminEmailTemplate;
  locale: EmailLocale;
  recipientName?: string;
  /** The lab's (or the applied-for lab's) name in the recipient's language. */
  labName: string;
  organisationName: string;
  /** Why (a rejection, a suspension), if the admin said. */
  reason?: string;
  /** The button's full URL. */
  url: string;
}

function vars(props: AdminEmailProps): Record<string, string> {
  return { lab: props.labName, organisation: props.organisationName };
}

export function subject(props: AdminEmailProps): string {
  return emailT(props.locale)(`${props.template}.subject` as EmailMessageKey, vars(props));
}

export default function AdminNoticeEmail(props: AdminEmailProps) {
  const t = emailT(props.locale);
  const key = (suffix: string) => `${props.template}.${suffix}` as EmailMessageKey;
  return (
    <Layout locale={props.locale} preview={t(key("subject"), vars(props))} footer={t("admin.footer")}>
      <Heading as="h1" style={styles.heading}>
        {t(key("heading"), vars(props))}
      </Heading>
      <Text style={styles.paragraph}>{props.recipientName ? t("greeting", { name: props.recipientName }) : t("greetingAnonymous")}</Text>
      <Text style={styles.paragraph}>{t(key("body"), vars(props))}</Text>
      {props.reason ? (
        <Section style={styles.reason}>
          <Text style={styles.codeLabel}>{t("admin.reason")}</Text>
          <Text style={{ ...styles.paragraph, margin: 0 }}>{props.reason}</Text>
        </Section>
      ) : null}
      <Section style={styles.buttonSection}>
        <Button href={props.url} style={styles.button}>
          {t(ADMIN_EMAIL_LINKS[props.template].button)}
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

AdminNoticeEmail.PreviewProps = {
  template: "lab_application_rejected",
  locale: "zh-CN",
  recipientName: "沈工",
  labName: "常州轨道交通装备材料试验室",
  organisationName: "常州轨道交通装备有限公司",
  reason: "请补充 CMA 资质证书编号及有效期。",
  url: "http://localhost:3000/labs/apply",
} satisfies AdminEmailProps;
