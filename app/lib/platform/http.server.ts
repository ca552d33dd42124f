// Responses that carry the headers collected from the per-request Supabase client
// (refreshed session cookies), so a token refresh is never lost.
import { json, redirect } from "@remix-run/node";
import { env } from "~/lib/platform/env.server";

function merge(collected: Headers, init?: ResponseInit): Headers {
  const headers = new Headers(init?.headers);
  // Iteration yields each Set-Cookie on its own, both in Node's Headers and in the
  // @remix-run/web-fetch polyfill remix-serve installs (which has no getSetCookie()).
  for (const [key, value] of collected.entries()) {
    if (key.toLowerCase() === "set-cookie") headers.append(key, value);
    else headers.set(key, value);
  }
  return headers;
}

export function jsonWithHeaders<T>(data: T, collected: Headers, init?: ResponseInit) {
  return json(data, { ...init, headers: merge(collected, init) });
}

export function redirectWithHeaders(url: string, collected: Headers, init?: ResponseInit) {
  return redirect(url, { ...init, headers: merge(collected, init) });
}

/**
 * Whether cookies must be `Secure`: the app's public URL is https (a TLS proxy in front), or this
 * request arrived over https (server/index.ts honours X-Forwarded-Proto only with TRUST_PROXY).
 */
export function isSecureRequest(request: Request): boolean {
  return env.APP_URL.startsWith("https:") || new URL(request.url).protocol === "https:";
}
