// The API gateway of the local stack: one port (54321, as `supabase start`) that routes
// `/rest/v1` to PostgREST, `/auth/v1` to the auth server and `/storage/v1` to the storage
// server, and checks the `apikey` header (or `apikey` query parameter) the way Supabase's
// gateway does.
import http from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthServer } from "./auth/index.ts";
import type { StackConfig } from "./config.ts";
import { sendJson } from "./http.ts";
import { type StorageServer, isOpenStoragePath } from "./storage/index.ts";

const CORS_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
  "access-control-allow-headers":
    "authorization, x-client-info, apikey, content-type, accept, accept-profile, content-profile, prefer, range, x-supabase-api-version, x-retry-count, x-upsert, x-metadata, cache-control, content-encoding",
  "access-control-expose-headers":
    "content-range, content-location, x-total-count, link, x-supabase-api-version, content-length, content-type, content-disposition, etag, last-modified, cache-control",
  "access-control-max-age": "3600",
};

/** Auth routes Kong leaves open: links in e-mails are opened by a browser without a key. */
const OPEN_AUTH_PATHS = new Set(["/verify", "/callback", "/authorize"]);

/** Hop-by-hop headers are not forwarded by a proxy (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer", "host"]);

export type ApiKeyRole = "anon" | "service_role";

export function apiKeyRole(config: StackConfig, key: string | null): ApiKeyRole | null {
  if (key === config.anonKey) return "anon";
  if (key === config.serviceRoleKey) return "service_role";
  return null;
}

function withCors(res: ServerResponse): void {
  for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);
}

function proxyToPostgrest(
  config: StackConfig,
  req: IncomingMessage,
  res: ServerResponse,
  pathAndQuery: string,
  apikey: string,
): void {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = v;
  }
  // Kong turns the apikey into a bearer token when the request has none.
  if (!headers.authorization) headers.authorization = `Bearer ${apikey}`;
  headers.host = `127.0.0.1:${config.restPort}`;
  const upstream = http.request(
    { host: "127.0.0.1", port: config.restPort, method: req.method, path: pathAndQuery, headers },
    (upRes) => {
      const out: http.OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(upRes.headers)) {
        if (!HOP_BY_HOP.has(k) && v !== undefined) out[k] = v;
      }
      res.writeHead(upRes.statusCode ?? 502, out);
      upRes.pipe(res);
    },
  );
  upstream.on("error", (error) => {
    if (!res.headersSent) sendJson(res, 502, { message: "An invalid response was received from the upstream server", detail: error.message });
    else res.destroy();
  });
  req.pipe(upstream);
}

export function createGatewayHandler(config: StackConfig, auth: AuthServer, storage: StorageServer) {
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    withCors(res);
    try {
      const url = new URL(req.url ?? "/", "http://gateway.local");
      if (req.method === "OPTIONS") {
        res.writeHead(200, { "content-length": "0" });
        res.end();
        return;
      }
      const match = /^\/(rest|auth|storage)\/v1(\/.*)?$/.exec(url.pathname);
      if (!match) {
        sendJson(res, 404, { message: "no Route matched with those values" });
        return;
      }
      const service = match[1];
      const subpath = match[2] ?? "/";
      const apikey = (req.headers.apikey as string | undefined) ?? url.searchParams.get("apikey");
      const role = apiKeyRole(config, apikey);
      const open =
        (service === "auth" && OPEN_AUTH_PATHS.has(subpath)) ||
        (service === "storage" && isOpenStoragePath(req.method ?? "GET", subpath));
      if (!open) {
        if (!apikey) {
          sendJson(res, 401, { message: "No API key found in request", hint: "No `apikey` request header or url param was found." });
          return;
        }
        if (!role) {
          sendJson(res, 401, { message: "Invalid API key", hint: "Double check your Supabase `anon` or `service_role` API key." });
          return;
        }
      }
      if (service === "rest") {
        url.searchParams.delete("apikey");
        const query = url.searchParams.toString();
        proxyToPostgrest(config, req, res, `${subpath}${query ? `?${query}` : ""}`, apikey ?? config.anonKey);
        return;
      }
      if (service === "storage") {
        // As for REST, the apikey stands in for a missing bearer token.
        if (!req.headers.authorization && apikey) req.headers.authorization = `Bearer ${apikey}`;
        await storage.handle(req, res, subpath);
        return;
      }
      await auth.handle(req, res, subpath, role ?? "anon");
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { message: "An unexpected error occurred", detail: (error as Error).message });
      else res.end();
    }
  };
}
