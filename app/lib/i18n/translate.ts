// In-house i18n: two dictionaries, one `t(key, vars)`, dates in Asia/Shanghai.
// Shared by server and browser; no I/O here.
import { en } from "~/locales/en";
import { zhCN, type MessageKey } from "~/locales/zh-CN";

export type { MessageKey };

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";
export const TIME_ZONE = "Asia/Shanghai";

const dictionaries: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

export type TranslateVars = Record<string, string | number>;
export type TFunction = (key: MessageKey, vars?: TranslateVars) => string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(zhCN, value);
}

/** Replaces `{name}` placeholders; unknown placeholders are left as they are. */
export function interpolate(template: string, vars?: TranslateVars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : match,
  );
}

export function translate(locale: Locale, key: MessageKey, vars?: TranslateVars): string {
  const template = dictionaries[locale][key] ?? dictionaries[DEFAULT_LOCALE][key] ?? key;
  return interpolate(template, vars);
}

export function createT(locale: Locale): TFunction {
  return (key, vars) => translate(locale, key, vars);
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
  const date = value instanceof Date ? value : new Date(value);
  // hour12 would override hourCycle: drop it.
  const { hour12: _hour12, ...rest } = options;
  return new Intl.DateTimeFormat(locale, { ...rest, timeZone: TIME_ZONE, hourCycle: "h23" }).format(date);
}

export function formatDate(value: Date | string | number, locale: Locale): string {
  return formatDateTime(value, locale, { dateStyle: "long" });
}
