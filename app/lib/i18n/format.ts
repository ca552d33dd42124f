// Display formatting shared by pages, e-mails and downloads: dates and times in Asia/Shanghai on
// the 24-hour clock, durations, money (CNY) and lists, in the reader's language. Intl formatters
// are built once per locale and options and reused: building one costs far more than using it.
import type { Locale, TFunction } from "~/lib/i18n/translate";
import { shanghaiDate, TIME_ZONE } from "~/lib/time/shanghai";

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const listFormats = new Map<string, Intl.ListFormat>();

function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    // hour12 would override hourCycle: drop it. Always Shanghai time, always 24-hour.
    const { hour12: _hour12, ...rest } = options;
    format = new Intl.DateTimeFormat(locale, { ...rest, timeZone: TIME_ZONE, hourCycle: "h23" });
    dateFormats.set(key, format);
  }
  return format;
}

/**
 * Formats an instant in Asia/Shanghai, whatever the server's or browser's time zone, and always
 * on the 24-hour clock (13:14, never 1:14 PM), in both languages.
 */
export function formatDateTime(
  value: Date | string | number,
  locale: Locale,
  options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" },
): string {
  return dateFormat(locale, options).format(value instanceof Date ? value : new Date(value));
}

export function formatDate(value: Date | string | number, locale: Locale): string {
  return formatDateTime(value, locale, { dateStyle: "long" });
}

export function formatDuration(minutes: number, t: TFunction): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return t("duration.minutes", { n: m });
  if (m === 0) return t("duration.hours", { n: h });
  return t("duration.hoursMinutes", { h, m });
}

/**
 * CNY as the app and the e-mails show it: no decimals when the amount is whole ("¥380" /
 * "CN¥380"), otherwise two ("¥380.50" / "CN¥380.50").
 */
export function formatPrice(value: number, locale: Locale): string {
  const digits = Math.round(value * 100) % 100 === 0 ? 0 : 2;
  const key = `${locale}|${digits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: "currency",
      currency: "CNY",
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

function listFormat(locale: Locale): Intl.ListFormat {
  let format = listFormats.get(locale);
  if (!format) {
    // "narrow" conjunction: 新材料、新能源、智能制造 / New materials, New energy, Smart manufacturing.
    format = new Intl.ListFormat(locale, { type: "conjunction", style: "narrow" });
    listFormats.set(locale, format);
  }
  return format;
}

/** Names joined as a list in the locale's way: "A、B、C" / "A, B, C". */
export function formatList(items: readonly string[], locale: Locale): string {
  return listFormat(locale).format(items);
}

export type ListPart<T> = { type: "element"; value: T } | { type: "literal"; value: string };

/**
 * The same list as formatList, for rendering items that are not strings (links): each item in
 * order, with the locale's separators between them as literal parts.
 */
export function formatListParts<T>(items: readonly T[], locale: Locale): ListPart<T>[] {
  let next = 0;
  return listFormat(locale)
    .formatToParts(items.map((_, i) => String(i)))
    .map((part): ListPart<T> => (part.type === "element" ? { type: "element", value: items[next++] } : { type: "literal", value: part.value }));
}

export function formatTime(value: string | Date, locale: Locale): string {
  return formatDateTime(value, locale, { hour: "2-digit", minute: "2-digit" });
}

export function formatDay(value: string | Date, locale: Locale): string {
  return formatDateTime(value, locale, { month: "long", day: "numeric", weekday: "short" });
}

/** "12月1日 周二 09:00–10:00" style range within one day, or full both ends across days. */
export function formatRange(start: string, end: string, locale: Locale): string {
  if (shanghaiDate(start) === shanghaiDate(end)) {
    return `${formatDateTime(start, locale, { year: "numeric", month: "long", day: "numeric", weekday: "short" })} ${formatTime(start, locale)}–${formatTime(end, locale)}`;
  }
  return `${formatDateTime(start, locale)} – ${formatDateTime(end, locale)}`;
}

/**
 * A booking's time span in full, as the e-mails give it: "2026年12月1日星期二 09:00–11:00" /
 * "Tuesday, December 1, 2026, 09:00–11:00"; a span across midnight names both days.
 */
export function formatFullRange(start: Date | string, end: Date | string, locale: Locale): string {
  const separator = locale === "en" ? ", " : " ";
  const fullDate = (value: Date | string) => formatDateTime(value, locale, { dateStyle: "full" });
  if (shanghaiDate(start) === shanghaiDate(end)) {
    return `${fullDate(start)}${separator}${formatTime(start, locale)}–${formatTime(end, locale)}`;
  }
  return `${fullDate(start)}${separator}${formatTime(start, locale)} – ${fullDate(end)}${separator}${formatTime(end, locale)}`;
}

/** A short start time for subject lines: "12月1日 09:00" / "Dec 1, 09:00". */
export function formatShortStart(start: Date | string, locale: Locale): string {
  return formatDateTime(start, locale, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

export function groupByDay<T extends { startsAt: string }>(items: T[]): { day: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const day = shanghaiDate(item.startsAt);
    const list = groups.get(day) ?? [];
    list.push(item);
    groups.set(day, list);
  }
  return [...groups.entries()].map(([day, list]) => ({ day, items: list }));
}

/** Picks the zh or en form of a bilingual record field. */
export function localName(record: { name_zh: string; name_en: string | null } | null | undefined, locale: Locale): string {
  if (!record) return "";
  return locale === "en" ? record.name_en || record.name_zh : record.name_zh;
}
