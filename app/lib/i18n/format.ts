// Display helpers shared by pages and e-mails: durations, prices, lists, and grouping instants by
// Asia/Shanghai day. Times are 24-hour in both languages (formatDateTime sets hourCycle h23).
import { formatDateTime, TIME_ZONE, type Locale, type TFunction } from "~/lib/i18n/translate";

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
  const whole = Math.round(value * 100) % 100 === 0;
  const digits = whole ? 0 : 2;
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: "CNY",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

function listFormat(locale: Locale): Intl.ListFormat {
  // "narrow" conjunction: 新材料、新能源、智能制造 / New materials, New energy, Smart manufacturing.
  return new Intl.ListFormat(locale, { type: "conjunction", style: "narrow" });
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

/** "2026-12-01" for the Asia/Shanghai day of an instant. */
export function shanghaiDay(value: string | Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(value),
  );
}

export function formatTime(value: string | Date, locale: Locale): string {
  return formatDateTime(value, locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
}

export function formatDay(value: string | Date, locale: Locale): string {
  return formatDateTime(value, locale, { month: "long", day: "numeric", weekday: "short" });
}

/** "12月1日 周二 09:00–10:00" style range within one day, or full both ends across days. */
export function formatRange(start: string, end: string, locale: Locale): string {
  if (shanghaiDay(start) === shanghaiDay(end)) {
    return `${formatDateTime(start, locale, { year: "numeric", month: "long", day: "numeric", weekday: "short" })} ${formatTime(start, locale)}–${formatTime(end, locale)}`;
  }
  return `${formatDateTime(start, locale)} – ${formatDateTime(end, locale)}`;
}

export function groupByDay<T extends { startsAt: string }>(items: T[]): { day: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const day = shanghaiDay(item.startsAt);
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
