// Base layout for every e-mail: header with the product name, content, footer.
import { Body, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import { emailT, type EmailLocale } from "../i18n";
import { styles } from "../theme";

export interface LayoutProps {
  locale: EmailLocale;
  preview: string;
  children: ReactNode;
  /** Why the recipient gets this e-mail; defaults to the auth e-mails' "ignore if not you". */
  footer?: string;
}

export function Layout({ locale, preview, children, footer }: LayoutProps) {
  const t = emailT(locale);
  return (
    <Html lang={locale}>
      <Head>
        <meta name="color-scheme" content="light" />
      </Head>
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Section style={styles.header}>
            <Text style={styles.brand}>{t("app.name")}</Text>
          </Section>
          <Section style={styles.content}>{children}</Section>
          <Section style={styles.footer}>
            <Hr style={styles.hr} />
            <Text style={styles.small}>{footer ?? t("footer.ignore")}</Text>
            <Text style={styles.small}>{t("footer.sentBy")}</Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}
