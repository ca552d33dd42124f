// The session cookie the app sets after sign-in (app/lib/platform/supabase.server.ts): readable by
// the server only (HttpOnly), SameSite=Lax, a week rather than @supabase/ssr's 400 days, and Secure
// whenever the request came over https (behind a proxy: when TRUST_PROXY lets the server say so).
import { beforeAll, describe, expect, it } from "vitest";
import type * as SupabaseServer from "~/lib/platform/supabase.server";
import { useTestStackEnv } from "../../support/app-env.ts";
import { createSignedInUser, type TestUser } from "../../support/supabase.ts";

let server: typeof SupabaseServer;
let user: TestUser;

beforeAll(async () => {
  useTestStackEnv();
  server = await import("~/lib/platform/supabase.server");
  user = await createSignedInUser();
});

async function signInCookies(url: string): Promise<string[]> {
  const { supabase, headers } = server.createSupabaseServerClient(new Request(url));
  const { error } = await supabase.auth.signInWithPassword({ email: user.email, password: user.password });
  expect(error).toBeNull();
  return [...headers.entries()].filter(([key]) => key.toLowerCase() === "set-cookie").map(([, value]) => value);
}

describe("the session cookie", () => {
  it("is HttpOnly, SameSite=Lax and lasts a week", async () => {
    const cookies = await signInCookies("http://localhost:3000/login");
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) {
      expect(cookie).toMatch(/^sb-[^=]+-auth-token(\.\d+)?=/);
      expect(cookie).toContain("HttpOnly");
      expect(cookie).toContain("SameSite=Lax");
      expect(cookie).toContain(`Max-Age=${server.SESSION_COOKIE_MAX_AGE}`);
      expect(cookie).not.toContain("Secure");
    }
    expect(server.SESSION_COOKIE_MAX_AGE).toBe(7 * 24 * 3600);
  });

  it("is Secure when the request came over https", async () => {
    for (const cookie of await signInCookies("https://instruments.example/login")) expect(cookie).toContain("Secure");
  });
});
