// Dates, times and money as the e-mails show them: always in Asia/Shanghai time (whatever the
// server's zone), on the 24-hour clock, and in CNY, in the recipient's language. Money comes from
// the app's own formatter so that an e-mail and the page it links to show the same amount.
import { formatPrice } from "../app/lib/i18n/format";
import type { EmailLocale } from "./i18n";

export const EMAIL_TIME_ZONE = "Asia/Shanghai";

const dayKey = (date: Date) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: EMAIL_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    date,
  );

function fullDate(date: Date, locale: EmailLocale): string {
  return new Intl.DateTimeFormat(locale, { timeZone: EMAIL_TIME_ZONE, dateStyle: "full" }).format(date);
}

function clock(date: Date, locale: EmailLocale): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: EMAIL_TIME_ZONE,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(date);
}

/**
 * A booking's time span: "2026年12月1日星期二 09:00–11:00" / "Tuesday, December 1, 2026, 09:00–11:00";
 * a span across midnight names both days.
 */
export function formatTimeRange(start: Date | string, end: Date | string, locale: EmailLocale): string {
  const from = new Date(start);
  const to = new Date(end);
  const separator = locale === "en" ? ", " : " ";
  if (dayKey(from) === dayKey(to)) {
    return `${fullDate(from, locale)}${separator}${clock(from, locale)}–${clock(to, locale)}`;
  }
  return `${fullDate(from, locale)}${separator}${clock(from, locale)} – ${fullDate(to, locale)}${separator}${clock(to, locale)}`;
}

/** A short start time for subject lines: "12月1日 09:00" / "Dec 1, 09:00". */
export function formatShortStart(start: Date | string, locale: EmailLocale): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: EMAIL_TIME_ZONE,
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(start));
}

/**
 * Money exactly as the app shows it (app/lib/format.ts formatPrice): "¥1,200" / "CN¥1,200" when
 * whole, "¥380.50" / "CN¥380.50" otherwise.
 */
export function formatCny(amount: number, locale: EmailLocale): string {
  return formatPrice(amount, locale);
}
