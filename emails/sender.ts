// The From header of every e-mail, in the recipient's language: the address is EMAIL_FROM's, the
// display name is the Chinese one for zh-CN (EMAIL_FROM's own name if it has one, which is the
// Chinese name by default) and the English one for en. No env here, so it is unit-tested directly.
import { emailT, type EmailLocale } from "./i18n";

/** Splits `Name <addr>` (or a bare `addr`) into its display name and address. */
export function parseMailbox(value: string): { name: string; address: string } {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(value);
  if (!match) return { name: "", address: value.trim() };
  return { name: match[1].replace(/^"(.*)"$/, "$1").replace(/\\(.)/g, "$1").trim(), address: match[2].trim() };
}

/** A display name as RFC 5322 wants it: quoted when it holds specials such as `,` or `.`. */
function displayName(name: string): string {
  return /[()<>[\]:;@\\,."]/.test(name) ? `"${name.replace(/(["\\])/g, "\\$1")}"` : name;
}

/** The sender's display name in the recipient's language. */
export function senderName(locale: EmailLocale, configuredFrom: string): string {
  if (locale === "zh-CN") return parseMailbox(configuredFrom).name || emailT("zh-CN")("sender.name");
  return emailT(locale)("sender.name");
}

/** `常州仪器共享 <noreply@…>` / `Changzhou Instrument Sharing <noreply@…>`, same address. */
export function senderFrom(locale: EmailLocale, configuredFrom: string): string {
  return `${displayName(senderName(locale, configuredFrom))} <${parseMailbox(configuredFrom).address}>`;
}
