// In-house i18n: two dictionaries and one `t(key, vars)`; formatting of dates, money and lists is
// in format.ts.
// Shared by server and browser. The server holds both dictionaries from the start; a browser gets
// only the reader's (each is ~20 KB of gzipped JavaScript), loaded before the page hydrates
// (entry.client.tsx) and, when the language changes without a page load, by the root layout
// (useShownLocale).
import * as serverDictionaries from "~/locales/dictionaries.server";
import type { MessageKey } from "~/locales/zh-CN";

export type { MessageKey };

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

type Dictionary = Record<MessageKey, string>;

// In the browser the `.server` module is empty: both entries start undefined.
const dictionaries: Partial<Record<Locale, Dictionary>> = {
  "zh-CN": serverDictionaries.zhCN,
  en: serverDictionaries.en,
};

export function hasDictionary(locale: Locale): boolean {
  return dictionaries[locale] !== undefined;
}

/** Makes `locale`'s messages available (a no-op on the server and once loaded). */
export async function loadDictionary(locale: Locale): Promise<void> {
  if (dictionaries[locale]) return;
  dictionaries[locale] = locale === "en" ? (await import("~/locales/en")).en : (await import("~/locales/zh-CN")).zhCN;
}

function anyDictionary(): Dictionary | undefined {
  return dictionaries[DEFAULT_LOCALE] ?? dictionaries.en;
}

export type TranslateVars = Record<string, string | number>;
export type TFunction = (key: MessageKey, vars?: TranslateVars) => string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function isMessageKey(value: unknown): value is MessageKey {
  // Both dictionaries have exactly the same keys (checked by the compiler and a unit test).
  const dictionary = anyDictionary();
  return typeof value === "string" && dictionary !== undefined && Object.prototype.hasOwnProperty.call(dictionary, value);
}

/** Replaces `{name}` placeholders; unknown placeholders are left as they are. */
export function interpolate(template: string, vars?: TranslateVars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : match,
  );
}

export function translate(locale: Locale, key: MessageKey, vars?: TranslateVars): string {
  const template = dictionaries[locale]?.[key] ?? anyDictionary()?.[key] ?? key;
  return interpolate(template, vars);
}

export function createT(locale: Locale): TFunction {
  return (key, vars) => translate(locale, key, vars);
}
