// To a member of lab staff who chose a daily summary: the new booking requests of their labs in
// the 24 hours to 08:00 Beijing time (template lab_request_digest, one per person per day).
import { render } from "@react-email/render";
import { Button, Heading, Link, Section, Text } from "@react-email/components";
import { createElement } from "react";
import { Layout } from "./components/layout";
import { emailT, type EmailLocale } from "./i18n";
import { styles } from "./theme";

export type DigestStatus = "pending" | "confirmed" | "rejected" | "cancelled" | "completed" | "no_show";

export interface DigestRequest {
  id: string;
  /** Already formatted in the recipient's language and Beijing time. */
  when: string;
  instrument: string;
  organisation: string;
  status: DigestStatus;
  url: string;
}

export interface DigestLab {
  name: string;
  newCount: number;
  pendingCount: number;
  requests: DigestRequest[];
}

export interface LabRequestDigestEmailProps {
  locale: EmailLocale;
  recipientName?: string;
  /** The digest's day, formatted. */
  day: string;
  labs: DigestLab[];
  workspaceUrl: string;
}

function total(props: LabRequestDigestEmailProps): string {
  return String(props.labs.reduce((sum, lab) => sum + lab.newCount, 0));
}

export function subject(props: LabRequestDigestEmailProps): string {
  return emailT(props.locale)("digest.subject", { count: total(props), day: props.day });
}

export default function LabRequestDigestEmail(props: LabRequestDigestEmailProps) {
  const t = emailT(props.locale);
  const count = total(props);
  return (
    <Layout locale={props.locale} preview={t("digest.preview", { count })} footer={t("digest.footer")}>
      <Heading as="h1" style={styles.heading}>
        {t("digest.heading")}
      </Heading>
      <Text style={styles.paragraph}>{props.recipientName ? t("greeting", { name: props.recipientName }) : t("greetingAnonymous")}</Text>
      <Text style={styles.paragraph}>{t("digest.body", { day: props.day, count })}</Text>
      {props.labs.map((lab) => (
        <Section key={lab.name} style={styles.details}>
          <Heading as="h2" style={{ ...styles.paragraph, fontWeight: 700, margin: "12px 0 8px" }}>
            {lab.name}
          </Heading>
          {lab.requests.map((request) => (
            <Text key={request.id} style={{ ...styles.paragraph, margin: "0 0 8px" }}>
              <Link href={request.url} style={styles.link}>
                {request.when}
              </Link>
              {` · ${request.instrument} · ${request.organisation} · ${t(`digest.status.${request.status}`)}`}
            </Text>
          ))}
          {lab.newCount > lab.requests.length ? (
            <Text style={styles.small}>{t("digest.more", { count: String(lab.newCount - lab.requests.length) })}</Text>
          ) : null}
          <Text style={styles.small}>{t("digest.pendingTotal", { count: String(lab.pendingCount) })}</Text>
        </Section>
      ))}
      <Section style={styles.buttonSection}>
        <Button href={props.workspaceUrl} style={styles.button}>
          {t("digest.button")}
        </Button>
      </Section>
    </Layout>
  );
}

LabRequestDigestEmail.PreviewProps = {
  locale: "zh-CN",
  recipientName: "李老师",
  day: "2026年12月2日",
  workspaceUrl: "http://localhost:3000/lab",
  labs: [
    {
      name: "常州大学分析测试中心",
      newCount: 3,
      pendingCount: 5,
      requests: [
        {
          id: "5f0c2a1e-8b7d-4e3f-9a61-2c4d8e0b7a35",
          when: "12月3日 09:00–11:00",
          instrument: "场发射扫描电镜",
          organisation: "常州烯材新材料",
          status: "pending",
          url: "http://localhost:3000/bookings/5f0c2a1e-8b7d-4e3f-9a61-2c4d8e0b7a35",
        },
      ],
    },
  ],
} satisfies LabRequestDigestEmailProps;

export async function renderLabRequestDigest(props: LabRequestDigestEmailProps): Promise<{ subject: string; html: string; text: string }> {
  const element = createElement(LabRequestDigestEmail, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: subject(props), html, text };
}
