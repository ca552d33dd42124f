// Only ever redirect to a path on this site: "/account", never "//evil.example", "https://…",
// "/\\evil.example" or "javascript:…".
export const DEFAULT_REDIRECT = "/";

export function safeRedirect(
  to: FormDataEntryValue | string | null | undefined,
  fallback: string = DEFAULT_REDIRECT,
): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2048) return fallback;
  const value = to.trim();
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  // Control characters (tabs, newlines) are stripped by URL parsers and can turn "/\t/evil" into "//evil".
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  try {
    const base = "http://same-origin.invalid";
    const url = new URL(value, base);
    if (url.origin !== base) return fallback;
    // Check the value returned, not the one parsed: normalising dot segments can turn
    // "/.//evil.example", "/..//evil.example" or "/%2e%2e//evil.example" into "//evil.example",
    // which a browser reads as another host.
    const path = `${url.pathname}${url.search}${url.hash}`;
    if (path.startsWith("//") || path.startsWith("/\\") || new URL(path, base).origin !== base) return fallback;
    return path;
  } catch {
    return fallback;
  }
}

/** Turns an absolute URL on the app's own origin into a relative path; anything else gives the fallback. */
export function pathFromAppUrl(
  redirectTo: string | null | undefined,
  appUrl: string,
  fallback: string = DEFAULT_REDIRECT,
): string {
  if (!redirectTo) return fallback;
  try {
    const app = new URL(appUrl);
    const url = new URL(redirectTo, app);
    if (url.origin !== app.origin) return fallback;
    return safeRedirect(`${url.pathname}${url.search}${url.hash}`, fallback);
  } catch {
    return fallback;
  }
}
