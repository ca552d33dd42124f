// Display formatting shared by pages, e-mails and downloads: dates and times in Asia/Shanghai on
// the 24-hour clock, durations, money (CNY) and lists, in the reader's language. Intl formatters
// are built once per locale and options and reused: building one costs ~1 ms and holds ICU memory
// outside V8's heap (a page that built three per slot grew the server by ~7 MB per request), using
// one costs a few microseconds. The options the app uses are constants below, looked up by
// identity; other options by their JSON. tests/unit/formatter-reuse.test.tsx keeps it so.
import type { Locale, TFunction } from "~/lib/i18n/translate";
import { shanghaiDate, TIME_ZONE, toWallClock } from "~/lib/time/shanghai";

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormatsByOptions = new WeakMap<Intl.DateTimeFormatOptions, Partial<Record<Locale, Intl.DateTimeFormat>>>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const listFormats = new Map<string, Intl.ListFormat>();

const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };
const LONG_DATE: Intl.DateTimeFormatOptions = { dateStyle: "long" };
const FULL_DATE: Intl.DateTimeFormatOptions = { dateStyle: "full" };
const TIME: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit" };
const DAY: Intl.DateTimeFormatOptions = { month: "long", day: "numeric", weekday: "short" };
const DAY_WITH_YEAR: Intl.DateTimeFormatOptions = { year: "numeric", month: "long", day: "numeric", weekday: "short" };
const SHORT_START: Intl.DateTimeFormatOptions = { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" };

function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  // Fast path: the same options object (the constants above, or a caller's own constant).
  let byLocale = dateFormatsByOptions.get(options);
  let format = byLocale?.[locale];
  if (format) return format;
  const key = `${locale}|${JSON.stringify(options)}`;
  format = dateFormats.get(key);
  if (!format) {
    // hour12 would override hourCycle: drop it. Always Shanghai time, always 24-hour.
    const { hour12: _hour12, ...rest } = options;
    format = new Intl.DateTimeFormat(locale, { ...rest, timeZone: TIME_ZONE, hourCycle: "h23" });
    dateFormats.set(key, format);
  }
  if (!byLocale) dateFormatsByOptions.set(options, (byLocale = {}));
  byLocale[locale] = format;
  return format;
}

/**
 * Formats an instant in Asia/Shanghai, whatever the server's or browser's time zone, and always
 * on the 24-hour clock (13:14, never 1:14 PM), in both languages.
 */
export function formatDateTime(
  value: Date | string | number,
  locale: Locale,
  options: Intl.DateTimeFormatOptions = DATE_TIME,
): string {
  return dateFormat(locale, options).format(value instanceof Date ? value : new Date(value));
}

export function formatDate(value: Date | string | number, locale: Locale): string {
  return formatDateTime(value, locale, LONG_DATE);
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

function numberFormat(locale: Locale, kind: "number" | "percent", maximumFractionDigits: number): Intl.NumberFormat {
  const key = `${locale}|${kind}|${maximumFractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, kind === "percent" ? { style: "percent", maximumFractionDigits } : { maximumFractionDigits });
    numberFormats.set(key, format);
  }
  return format;
}

/** A count or measure with grouping: "12,345" / "12,345.6" (at most `maximumFractionDigits`). */
export function formatNumber(value: number, locale: Locale, maximumFractionDigits = 0): string {
  return numberFormat(locale, "number", maximumFractionDigits).format(value);
}

/** A share as a percentage: 0.256 → "25.6%". */
export function formatPercent(value: number, locale: Locale, maximumFractionDigits = 1): string {
  return numberFormat(locale, "percent", maximumFractionDigits).format(value);
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

/**
 * A time of day, "13:14". Both languages write it as HH:mm on the 24-hour clock (what the Intl
 * formatter with TIME gives; tests/unit/format.test.ts checks every minute of a day), so it is cut
 * from the Shanghai wall-clock text: pages show hundreds of these (free slots, calendars).
 */
export function formatTime(value: string | Date, _locale: Locale): string {
  return toWallClock(value).slice(11, 16);
}

/** formatTime through Intl, for the test that keeps the two equal. */
export function formatTimeIntl(value: string | Date, locale: Locale): string {
  return formatDateTime(value, locale, TIME);
}

export function formatDay(value: string | Date, locale: Locale): string {
  return formatDateTime(value, locale, DAY);
}

/** "12月1日 周二 09:00–10:00" style range within one day, or full both ends across days. */
export function formatRange(start: string, end: string, locale: Locale): string {
  if (shanghaiDate(start) === shanghaiDate(end)) {
    return `${formatDateTime(start, locale, DAY_WITH_YEAR)} ${formatTime(start, locale)}–${formatTime(end, locale)}`;
  }
  return `${formatDateTime(start, locale)} – ${formatDateTime(end, locale)}`;
}

/**
 * A booking's time span in full, as the e-mails give it: "2026年12月1日星期二 09:00–11:00" /
 * "Tuesday, December 1, 2026, 09:00–11:00"; a span across midnight names both days.
 */
export function formatFullRange(start: Date | string, end: Date | string, locale: Locale): string {
  const separator = locale === "en" ? ", " : " ";
  const fullDate = (value: Date | string) => formatDateTime(value, locale, FULL_DATE);
  if (shanghaiDate(start) === shanghaiDate(end)) {
    return `${fullDate(start)}${separator}${formatTime(start, locale)}–${formatTime(end, locale)}`;
  }
  return `${fullDate(start)}${separator}${formatTime(start, locale)} – ${fullDate(end)}${separator}${formatTime(end, locale)}`;
}

/** A short start time for subject lines: "12月1日 09:00" / "Dec 1, 09:00". */
export function formatShortStart(start: Date | string, locale: Locale): string {
  return formatDateTime(start, locale, SHORT_START);
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
