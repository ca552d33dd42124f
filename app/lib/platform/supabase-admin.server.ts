// Service-role client: bypasses RLS. Server-only, for work no signed-in user owns
// (the Send Email Hook looking up a profile's language, the e-mail outbox worker).
// Never import this from a module that reaches the browser.
import { createClient } from "@supabase/supabase-js";
import type { Database } from "~/lib/platform/database.types";
import { env } from "~/lib/platform/env.server";
import { realtimeOptions, type SupabaseClient } from "~/lib/platform/supabase.server";
import { upstreamFetch } from "~/lib/platform/keep-alive.server";

let admin: SupabaseClient | undefined;

export function getSupabaseAdmin(): SupabaseClient {
  admin ??= createClient<Database>(env.SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: realtimeOptions,
    global: { fetch: upstreamFetch() },
  });
  return admin;
}
