// The API gateway of the local stack: one port (54321, as `supabase start`) that routes
// `/rest/v1` to PostgREST, `/auth/v1` to the auth server and `/storage/v1` to the storage
// server, and checks the `apikey` header (or `apikey` query parameter) the way Supabase's
// gateway does.
import http from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthServer } from "./auth/index.ts";
import type { Jwt } from "./auth/jwt.ts";
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

/** Auth routes Kong leaves open: links in e-mails are opened by a browser without a key; the JWKS is public. */
const OPEN_AUTH_PATHS = new Set(["/verify", "/callback", "/authorize", "/.well-known/jwks.json"]);

/** Hop-by-hop headers are not forwarded by a proxy (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer", "host"]);

export type ApiKeyRole = "anon" | "service_role";

/** The legacy JWT keys and the publishable/secret keys, each naming a role. */
export function apiKeyRole(config: StackConfig, key: string | null): ApiKeyRole | null {
  if (key === config.anonKey || key === config.publishableKey) return "anon";
  if (key === config.serviceRoleKey || key === config.secretKey) return "service_role";
  return null;
}

/**
 * As Supabase's gateway does for the new API keys, a request whose bearer token is an API key
 * (or that has none) reaches the services with a short-lived JWT for the key's role, signed with
 * the current signing key: with ES256 on, the services then refuse every HS256 token, the legacy
 * keys included, while the legacy keys keep working as API keys here.
 */
export function roleTokens(jwt: Jwt) {
  const cache = new Map<ApiKeyRole, { token: string; exp: number }>();
  return async (role: ApiKeyRole): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    const hit = cache.get(role);
    if (hit && hit.exp - now > 300) return hit.token;
    const ttl = 3600;
    const token = await jwt.signClaims({ iss: "supabase", role }, ttl);
    cache.set(role, { token, exp: now + ttl });
    return token;
  };
}

function withCors(res: ServerResponse): void {
  for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);
}

function proxyToPostgrest(
  config: StackConfig,
  req: IncomingMessage,
  res: ServerResponse,
  pathAndQuery: string,
): void {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = v;
  }
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

function bearerOf(req: IncomingMessage): string | null {
  const match = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  return match ? match[1]! : null;
}

export function createGatewayHandler(config: StackConfig, auth: AuthServer, storage: StorageServer, jwt: Jwt) {
  const tokenFor = roleTokens(jwt);
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
      // Kong turns the apikey into a bearer token when the request has none; an API key sent as
      // the bearer token becomes its role's JWT.
      const bearer = bearerOf(req);
      const bearerRole = bearer ? apiKeyRole(config, bearer) : null;
      if (bearerRole) req.headers.authorization = `Bearer ${await tokenFor(bearerRole)}`;
      else if (!req.headers.authorization && role && service !== "auth") {
        req.headers.authorization = `Bearer ${await tokenFor(role)}`;
      }
      if (service === "rest") {
        url.searchParams.delete("apikey");
        const query = url.searchParams.toString();
        if (!req.headers.authorization) req.headers.authorization = `Bearer ${await tokenFor("anon")}`;
        proxyToPostgrest(config, req, res, `${subpath}${query ? `?${query}` : ""}`);
        return;
      }
      if (service === "storage") {
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
