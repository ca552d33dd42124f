// A second gateway and auth server in the test process, on the test stack's database, with its
// own configuration (low rate limits, sign-ups off, HS256, another key file): what a project
// configured that way answers, without disturbing the shared stack other tests use.
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { createAuthServer } from "../../../supabase/local/auth/index.ts";
import { Jwt } from "../../../supabase/local/auth/jwt.ts";
import { SigningKeys } from "../../../supabase/local/auth/keys.ts";
import { stackConfig, type StackConfig } from "../../../supabase/local/config.ts";
import { createGatewayHandler } from "../../../supabase/local/gateway.ts";
import { createStorageServer } from "../../../supabase/local/storage/index.ts";
import { VITEST_STACK_ENV } from "../../support/test-env.ts";

export interface SideStack {
  config: StackConfig;
  apiUrl: string;
  anonKey: string;
  serviceRoleKey: string;
  close(): Promise<void>;
}

export async function startSideStack(env: Record<string, string>): Promise<SideStack> {
  const config = stackConfig({ ...process.env, ...VITEST_STACK_ENV, ...env });
  const pool = new pg.Pool({ connectionString: config.dbUrl, max: 4 });
  const keys = SigningKeys.load(config);
  const auth = createAuthServer(config, pool, keys);
  const storage = createStorageServer(config, pool, keys);
  const server = http.createServer((req, res) => void createGatewayHandler(config, auth, storage, new Jwt(keys))(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    config,
    apiUrl,
    anonKey: config.anonKey,
    serviceRoleKey: config.serviceRoleKey,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await auth.close();
      await storage.close();
      await pool.end();
    },
  };
}

/** A raw JSON call to a side stack's auth API. */
export async function sideFetch(
  stack: SideStack,
  path: string,
  init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { apikey: stack.anonKey, "x-supabase-api-version": "2024-01-01", ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${stack.apiUrl}/auth/v1${path}`, {
    method: init.method ?? (init.body !== undefined ? "POST" : "GET"),
    headers,
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}
