// Shared pieces of the auth contract tests: raw HTTP calls to /auth/v1, SQL on the test
// database (to age tokens instead of sleeping), and sign-up/sign-in shortcuts.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll } from "vitest";
import { anonClient, serviceClient, uniqueEmail } from "../../support/supabase.ts";
import { TEST_STACK } from "../../support/test-env.ts";

export { anonClient, serviceClient, uniqueEmail };

let pool: pg.Pool | null = null;

export async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  pool ??= new pg.Pool({ connectionString: TEST_STACK.dbUrl, max: 2 });
  const { rows } = await pool.query<T>(text, params);
  return rows;
}

afterAll(async () => {
  await pool?.end();
  pool = null;
});

export const authUrl = `${TEST_STACK.apiUrl}/auth/v1`;

/** A raw call to the auth API with the anon key (or `key`), as supabase-js would make it. */
export async function authFetch(
  path: string,
  init: { method?: string; body?: unknown; rawBody?: string; token?: string; key?: string; apiVersion?: boolean } = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { apikey: init.key ?? TEST_STACK.anonKey };
  if (init.apiVersion !== false) headers["x-supabase-api-version"] = "2024-01-01";
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined || init.rawBody !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${authUrl}${path}`, {
    method: init.method ?? (init.body !== undefined || init.rawBody !== undefined ? "POST" : "GET"),
    headers,
    body: init.rawBody ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
    redirect: "manual",
  });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  if (text) {
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = { text };
    }
  }
  return { status: res.status, headers: res.headers, body };
}

export const newPassword = () => `pw-${randomUUID()}`;

/** A confirmed user made with the admin API, not signed in. */
export async function confirmedUser(metadata: Record<string, unknown> = {}) {
  const email = uniqueEmail("auth");
  const password = newPassword();
  const { data, error } = await serviceClient().auth.admin.createUser({
    email,
    password,
    email_confirm: true,
    user_metadata: metadata,
  });
  if (error || !data.user) throw error ?? new Error("no user");
  return { id: data.user.id, email, password };
}

/** A confirmed user signed in with a password on its own anon client. */
export async function signedInUser() {
  const user = await confirmedUser();
  const client = anonClient();
  const { data, error } = await client.auth.signInWithPassword({ email: user.email, password: user.password });
  if (error || !data.session) throw error ?? new Error("no session");
  return { ...user, client, session: data.session };
}

export function decodeJwt(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** Parses `#a=1&b=2` of a redirect Location. */
export function fragmentParams(location: string): URLSearchParams {
  return new URLSearchParams(new URL(location).hash.slice(1));
}
