// Service-role client: bypasses RLS. Server-only, for work no signed-in user owns
// (the Send Email Hook looking up a profile's language, later the outbox worker).
// Never import this from a module that reaches the browser.
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { env } from "~/lib/platform/env.server";
import { realtimeOptions } from "~/lib/platform/supabase.server";

let admin: SupabaseClient | undefined;

export function getSupabaseAdmin(): SupabaseClient {
  admin ??= createClient(env.SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: realtimeOptions,
  });
  return admin;
}
