// Which language a request is served in: the signed-in user's profile, else the `lang`
// cookie, else Chinese.
import { parseCookieHeader, serializeCookieHeader } from "@supabase/ssr";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/lib/i18n/translate";

export const LANG_COOKIE = "lang";
const ONE_YEAR = 60 * 60 * 24 * 365;

export function getCookieLocale(request: Request): Locale | null {
  const cookie = parseCookieHeader(request.headers.get("Cookie") ?? "").find((c) => c.name === LANG_COOKIE);
  return isLocale(cookie?.value) ? cookie.value : null;
}

export function resolveLocale(request: Request, profileLocale?: string | null): Locale {
  if (isLocale(profileLocale)) return profileLocale;
  return getCookieLocale(request) ?? DEFAULT_LOCALE;
}

export function serializeLangCookie(locale: Locale, secure: boolean): string {
  return serializeCookieHeader(LANG_COOKIE, locale, {
    path: "/",
    maxAge: ONE_YEAR,
    sameSite: "lax",
    httpOnly: true,
    secure,
  });
}
