// The body shared by every booking e-mail (Cal.com's BaseScheduledEmail in spirit): heading,
// greeting, what happened, an optional reason, the booking's details, one button back to the
// booking, the link spelled out, and a note about the attached calendar file that says what the
// file does (a provisional hold, a confirmed entry, or the removal of one).
import { Button, Column, Heading, Link, Row, Section, Text } from "@react-email/components";
import { emailT, type EmailLocale, type EmailMessageKey } from "../i18n";
import { styles } from "../theme";
import { Layout } from "./layout";

/**
 * What a booking e-mail shows, already in the recipient's language and formatted by the app
 * (times in Asia/Shanghai, money in CNY), so a mail and the page it links to show the same text.
 */
export interface BookingSummary {
  id: string;
  /** The booking's time span: "2026年12月1日星期二 09:00–11:00" / "Tuesday, December 1, 2026, 09:00–11:00". */
  time: string;
  /** Its start, short, for subject lines: "12月1日 09:00" / "Dec 1, 09:00". */
  shortStart: string;
  instrumentName: string;
  instrumentModel?: string;
  labName: string;
  labAddress: string;
  labPhone?: string;
  labEmail?: string;
  requesterName: string;
  organisationName: string;
  serviceMode: "self_operation" | "sample_submission";
  purpose: string;
  /** The hourly rate charged, formatted: "¥600". */
  rate: string;
  /** The estimated cost, formatted: "¥1,200". */
  cost: string;
  /** Why the booking was rejected or cancelled, if anyone said. */
  reason?: string;
  /** For cancellations: did the requester cancel (rather than the lab)? */
  cancelledByRequester?: boolean;
  /** For the lab's "new request": the instrument needs no approval, so it is already confirmed. */
  autoConfirmed?: boolean;
  /** For the rating invitation: until when a rating is taken, formatted. */
  rateUntil?: string;
}

/** Props every booking e-mail takes. */
export interface BookingEmailProps {
  locale: EmailLocale;
  /** The recipient's name, if known. */
  recipientName?: string;
  booking: BookingSummary;
  /** `${APP_URL}/bookings/<id>`, for the requester and lab staff alike. */
  bookingUrl: string;
}

/** Placeholders the booking messages use. */
export function bookingVars(booking: BookingSummary): Record<string, string> {
  return {
    instrument: booking.instrumentName,
    lab: booking.labName,
    requester: booking.requesterName,
    organisation: booking.organisationName,
    when: booking.shortStart,
  };
}

export type Prefix =
  | "bookingRequested"
  | "bookingRequestedLab"
  | "bookingConfirmed"
  | "bookingRejected"
  | "bookingCancelled"
  | "bookingCancelledLab"
  | "bookingReminder"
  | "bookingRatingRequest";

export function bookingSubject(
  prefix: Prefix,
  locale: EmailLocale,
  booking: BookingSummary,
  variant: "subject" | "subjectAutoConfirmed" = "subject",
): string {
  return emailT(locale)(`${prefix}.${variant}` as EmailMessageKey, bookingVars(booking));
}

/**
 * What the e-mail says about its .ics attachment, which must match the file's METHOD and STATUS
 * (app/lib/booking-emails.server.ts): a pending request is a tentative REQUEST (a provisional
 * hold, updated when the lab decides), a confirmed booking a CONFIRMED REQUEST, a rejection or
 * cancellation a CANCEL that removes the entry.
 */
export function calendarHintKey(prefix: Prefix, booking: Pick<BookingSummary, "autoConfirmed">): EmailMessageKey | null {
  switch (prefix) {
    case "bookingRequested":
      return "booking.calendar.tentative";
    case "bookingRequestedLab":
      return booking.autoConfirmed ? "booking.calendar.add" : "booking.calendar.tentativeLab";
    case "bookingConfirmed":
      return booking.autoConfirmed ? "booking.calendar.add" : "booking.calendar.confirmed";
    case "bookingReminder":
      return "booking.calendar.add";
    case "bookingRejected":
      return "booking.calendar.removeRequest";
    case "bookingCancelled":
    case "bookingCancelledLab":
      return "booking.calendar.remove";
    case "bookingRatingRequest":
      // no calendar file: the booking is over
      return null;
  }
}

function DetailRow({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Row>
      <Column style={styles.detailLabel}>{label}</Column>
      <Column style={styles.detailValue}>{children}</Column>
    </Row>
  );
}

export function BookingEmail({
  prefix,
  locale,
  recipientName,
  booking,
  bookingUrl,
  headingKey = "heading",
  bodyKey = "body",
  button = "view",
  showReason = false,
  children,
}: BookingEmailProps & {
  /** Shown under the button (e.g. until when a rating is taken). */
  children?: React.ReactNode;
  prefix: Prefix;
  headingKey?: "heading" | "headingAutoConfirmed";
  /** Which body text: cancellations differ by who cancelled. */
  bodyKey?: "body" | "bodyByRequester" | "bodyByLab" | "bodyAutoConfirmed";
  button?: "view" | "review" | "rate";
  showReason?: boolean;
}) {
  const t = emailT(locale);
  const vars = bookingVars(booking);
  const key = (suffix: string) => `${prefix}.${suffix}` as EmailMessageKey;
  const aside = (text: string) => (locale === "en" ? ` (${text})` : `（${text}）`);
  const instrument = booking.instrumentModel
    ? `${booking.instrumentName}${aside(booking.instrumentModel)}`
    : booking.instrumentName;
  const contact = [booking.labPhone, booking.labEmail].filter(Boolean).join(" · ");
  const hint = calendarHintKey(prefix, booking);
  return (
    <Layout locale={locale} preview={t(key("preview"), vars)} footer={t("booking.footer")}>
      <Heading as="h1" style={styles.heading}>
        {t(key(headingKey), vars)}
      </Heading>
      <Text style={styles.paragraph}>{recipientName ? t("greeting", { name: recipientName }) : t("greetingAnonymous")}</Text>
      <Text style={styles.paragraph}>{t(key(bodyKey), vars)}</Text>
      {showReason && booking.reason ? (
        <Section style={styles.reason}>
          <Text style={styles.codeLabel}>{t("booking.detail.reason")}</Text>
          <Text style={{ ...styles.paragraph, margin: 0 }}>{booking.reason}</Text>
        </Section>
      ) : null}
      <Section style={styles.details}>
        <DetailRow label={t("booking.detail.instrument")}>{instrument}</DetailRow>
        <DetailRow label={t("booking.detail.time")}>
          {booking.time}
          {aside(t("booking.timeZone"))}
        </DetailRow>
        <DetailRow label={t("booking.detail.lab")}>{booking.labName}</DetailRow>
        <DetailRow label={t("booking.detail.location")}>{booking.labAddress}</DetailRow>
        <DetailRow label={t("booking.detail.serviceMode")}>{t(`booking.serviceMode.${booking.serviceMode}`)}</DetailRow>
        <DetailRow label={t("booking.detail.requester")}>
          {booking.requesterName ? `${booking.requesterName} · ${booking.organisationName}` : booking.organisationName}
        </DetailRow>
        <DetailRow label={t("booking.detail.purpose")}>{booking.purpose}</DetailRow>
        <DetailRow label={t("booking.detail.cost")}>
          {t("booking.detail.costValue", {
            amount: booking.cost,
            rate: booking.rate,
          })}
        </DetailRow>
        {contact ? <DetailRow label={t("booking.detail.contact")}>{contact}</DetailRow> : null}
        <DetailRow label={t("booking.detail.reference")}>{booking.id.slice(0, 8).toUpperCase()}</DetailRow>
      </Section>
      <Section style={styles.buttonSection}>
        <Button href={bookingUrl} style={styles.button}>
          {t(button === "review" ? "booking.button.review" : button === "rate" ? "booking.button.rate" : "booking.button.view")}
        </Button>
      </Section>
      {children}
      {hint ? <Text style={styles.small}>{t(hint)}</Text> : null}
      <Text style={styles.small}>
        {t("link.fallback")}{" "}
        <Link href={bookingUrl} style={styles.link}>
          {bookingUrl}
        </Link>
      </Text>
    </Layout>
  );
}

/** Sample data for the react-email preview server. */
export const previewBooking: BookingSummary = {
  id: "5f0c2a1e-8b7d-4e3f-9a61-2c4d8e0b7a35",
  time: "2026年12月1日星期二 09:00–11:00",
  shortStart: "12月1日 09:00",
  instrumentName: "场发射扫描电子显微镜",
  instrumentModel: "Zeiss Sigma 300",
  labName: "常州大学分析测试中心",
  labAddress: "常州市武进区滆湖中路 21 号 分析测试楼 102 室",
  labPhone: "0519-8633 0000",
  labEmail: "ctc@example.edu.cn",
  requesterName: "王工",
  organisationName: "常州示例新材料有限公司",
  serviceMode: "self_operation",
  purpose: "锂电池正极材料断面形貌观察",
  rate: "¥600",
  cost: "¥1,200",
  reason: "该时段设备需要校准，请改约 12 月 3 日之后的时段。",
  cancelledByRequester: true,
};
