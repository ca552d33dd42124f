// Display helpers shared by pages: durations, prices, and grouping instants by Asia/Shanghai day.
import { formatDateTime, TIME_ZONE, type Locale, type TFunction } from "~/lib/i18n";

export function formatDuration(minutes: number, t: TFunction): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return t("duration.minutes", { n: m });
  if (m === 0) return t("duration.hours", { n: h });
  return t("duration.hoursMinutes", { h, m });
}

export function formatPrice(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: "CNY",
    minimumFractionDigits: 0,
    maximumFractionDigits: 2,
  }).format(value);
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
