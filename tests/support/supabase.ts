// supabase-js clients and real users for integration tests (and, given E2E's stack, for the
// Playwright fixtures). Every test makes its own users.
import { randomUUID } from "node:crypto";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import WebSocket from "ws";
import { TEST_STACK } from "./test-env.ts";

const clientOptions = {
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  // Node 20 has no global WebSocket; supabase-js's realtime client needs one.
  realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
};

/** The API a client talks to: vitest's test stack unless told (the e2e stack for Playwright). */
export interface ApiTarget {
  apiUrl: string;
  anonKey: string;
  serviceRoleKey: string;
}

export function anonClient(stack: ApiTarget = TEST_STACK): SupabaseClient {
  return createClient(stack.apiUrl, stack.anonKey, clientOptions);
}

export function serviceClient(stack: ApiTarget = TEST_STACK): SupabaseClient {
  return createClient(stack.apiUrl, stack.serviceRoleKey, clientOptions);
}

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  client: SupabaseClient;
  accessToken: string;
}

/** A confirmed user created through the admin API and signed in with a password. */
export async function createSignedInUser(metadata: Record<string, unknown> = {}, stack: ApiTarget = TEST_STACK): Promise<TestUser> {
  const email = uniqueEmail();
  const password = `pw-${randomUUID()}`;
  const { data, error } = await serviceClient(stack).auth.admin.createUser({
    email,
    password,
    email_confirm: true,
    user_metadata: metadata,
  });
  if (error || !data.user) throw error ?? new Error("createUser returned no user");
  const client = anonClient(stack);
  const signIn = await client.auth.signInWithPassword({ email, password });
  if (signIn.error || !signIn.data.session) throw signIn.error ?? new Error("no session");
  return { id: data.user.id, email, password, client, accessToken: signIn.data.session.access_token };
}
