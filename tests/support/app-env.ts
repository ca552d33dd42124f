// App modules (env.server.ts) parse process.env when first imported: tests that import them point
// the app at the vitest stack first, then import the module dynamically.
import WebSocket from "ws";
import { TEST_STACK } from "./test-env.ts";

export function useTestStackEnv(overrides: Record<string, string> = {}): void {
  Object.assign(process.env, {
    SUPABASE_URL: TEST_STACK.apiUrl,
    SUPABASE_ANON_KEY: TEST_STACK.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: TEST_STACK.serviceRoleKey,
    SEND_EMAIL_HOOK_SECRET: TEST_STACK.hookSecret,
    RESEND_API_KEY: "re_test",
    RESEND_BASE_URL: TEST_STACK.mailUrl,
    APP_URL: "http://localhost:3000",
    EMAIL_FROM: "常州仪器共享 <noreply@instruments.changzhou.example>",
    ...overrides,
  });
}

/**
 * A request to the app carrying a signed-in session cookie, made the way the app makes it: the
 * user signs in through @supabase/ssr's server client, whose cookies become the request's.
 */
export async function signedInRequest(url: string, user: { email: string; password: string }): Promise<Request> {
  const { createServerClient, serializeCookieHeader } = await import("@supabase/ssr");
  const jar = new Map<string, string>();
  const client = createServerClient(TEST_STACK.apiUrl, TEST_STACK.anonKey, {
    // Node 20 has no global WebSocket; supabase-js's realtime client needs one even when unused.
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
    cookies: {
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      setAll: (cookies) => {
        for (const { name, value } of cookies) {
          if (value) jar.set(name, value);
          else jar.delete(name);
        }
      },
    },
  });
  const { error } = await client.auth.signInWithPassword(user);
  if (error) throw error;
  const cookie = [...jar].map(([name, value]) => serializeCookieHeader(name, value, {}).split(";")[0]).join("; ");
  return new Request(url, { headers: { Cookie: cookie } });
}
