// Per-request Supabase client acting as the signed-in user (cookie session), so RLS applies.
import { createServerClient, parseCookieHeader, serializeCookieHeader } from "@supabase/ssr";
import type { SupabaseClient as UntypedSupabaseClient } from "@supabase/supabase-js";
import WebSocket from "ws";
import type { Database } from "~/lib/platform/database.types";
import { env } from "~/lib/platform/env.server";
import { isSecureRequest } from "~/lib/platform/http.server";
import { upstreamFetch } from "~/lib/platform/keep-alive.server";
import { clientAddress } from "~/lib/auth/throttle.server";

/** A session cookie lasts a week after its last refresh (the access token refreshes hourly while used). */
export const SESSION_COOKIE_MAX_AGE = 7 * 24 * 60 * 60;

/** A supabase-js client typed with the generated database types: queries and rpc calls need no casts. */
export type SupabaseClient = UntypedSupabaseClient<Database>;

export interface SupabaseContext {
  supabase: SupabaseClient;
  /** Set-Cookie (and cache) headers the client produced; return them on the response. */
  headers: Headers;
}

/**
 * Node 20 has no global WebSocket; supabase-js's realtime client needs one even when unused.
 * The cast bridges `ws`'s constructor type and realtime-js's structural type.
 */
export const realtimeOptions = {
  transport: WebSocket as unknown as NonNullable<
    NonNullable<Parameters<typeof createServerClient>[2]["realtime"]>["transport"]
  >,
};

export function createSupabaseServerClient(request: Request): SupabaseContext {
  const headers = new Headers();
  // The auth server's per-address limits key on the visitor, not on this server (Sb-Forwarded-For).
  const address = clientAddress(request);
  const supabase = createServerClient<Database>(env.SUPABASE_URL, env.SUPABASE_ANON_KEY, {
    // The session (access and refresh token) is for the server only: no page script reads it.
    cookieOptions: { httpOnly: true, secure: isSecureRequest(request), sameSite: "lax", path: "/", maxAge: SESSION_COOKIE_MAX_AGE },
    cookies: {
      getAll() {
        return parseCookieHeader(request.headers.get("Cookie") ?? "").map(({ name, value }) => ({
          name,
          value: value ?? "",
        }));
      },
      setAll(cookiesToSet, cacheHeaders) {
        for (const { name, value, options } of cookiesToSet) {
          // @supabase/ssr always asks for 400 days; a session cookie lives SESSION_COOKIE_MAX_AGE
          // after its last refresh (a removal keeps its maxAge 0).
          const maxAge = options.maxAge === 0 ? 0 : SESSION_COOKIE_MAX_AGE;
          headers.append("Set-Cookie", serializeCookieHeader(name, value, { ...options, maxAge }));
        }
        for (const [key, value] of Object.entries(cacheHeaders ?? {})) {
          headers.set(key, value);
        }
      },
    },
    realtime: realtimeOptions,
    // A stalled API answers "busy" in seconds rather than holding the page for the whole stall.
    global: { fetch: upstreamFetch(), headers: address ? { "Sb-Forwarded-For": address } : {} },
  });
  return { supabase, headers };
}
