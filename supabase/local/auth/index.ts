// A Supabase Auth (GoTrue) compatible server for the local stack: the subset of the API that
// @supabase/supabase-js uses, on the same tables, tokens and error shapes as supabase/auth.
// The gateway mounts it at /auth/v1 after checking the apikey header.
import type { IncomingMessage, ServerResponse } from "node:http";
import type pg from "pg";
import type { StackConfig } from "../config.ts";
import type { AuthServices, Handler, RequestContext } from "./context.ts";
import { createSendEmailHook } from "./hook.ts";
import { AuthError, badRequest, sendError, sendJson, unprocessable } from "./http.ts";
import { Jwt } from "./jwt.ts";
import { SigningKeys } from "./keys.ts";
import { externalAuthUrl } from "./mail.ts";
import { clientAddress, createLimiters, limitClient } from "./ratelimit.ts";
import * as admin from "./routes/admin.ts";
import { otp, recover, resend, signup } from "./routes/signup.ts";
import { token } from "./routes/token.ts";
import { getUser, logout, putUser, reauthenticate } from "./routes/user.ts";
import { verifyGet, verifyPost } from "./routes/verify.ts";

export interface AuthServer {
  /**
   * `path` is the URL path after the `/auth/v1` prefix, e.g. "/token"; the query string is read
   * from req.url. The gateway has already checked the apikey header; `apiKeyRole` says which key.
   */
  handle(req: IncomingMessage, res: ServerResponse, path: string, apiKeyRole: "anon" | "service_role"): Promise<void>;
  close(): Promise<void>;
}

export const AUTH_VERSION = "v2.177.0-local";

type Method = "GET" | "POST" | "PUT" | "DELETE";
type RouteHandler = (ctx: RequestContext, params: string[]) => Promise<void>;

interface Route {
  pattern: RegExp;
  methods: Partial<Record<Method, RouteHandler>>;
}

const plain =
  (h: Handler): RouteHandler =>
  (ctx) =>
    h(ctx);

function settings(config: StackConfig) {
  const external = Object.fromEntries(
    [
      "anonymous_users", "apple", "azure", "bitbucket", "discord", "facebook", "figma", "fly", "github",
      "gitlab", "google", "keycloak", "kakao", "linkedin", "linkedin_oidc", "notion", "spotify", "slack",
      "slack_oidc", "workos", "twitch", "twitter", "zoom", "phone", "saml",
    ].map((p) => [p, false]),
  );
  return {
    external: { ...external, email: true },
    disable_signup: config.authDisableSignup,
    mailer_autoconfirm: config.mailerAutoconfirm,
    phone_autoconfirm: false,
    sms_provider: "",
    saml_enabled: false,
  };
}

const routes: Route[] = [
  {
    pattern: /^\/health$/,
    methods: {
      GET: async (ctx) =>
        sendJson(ctx.res, 200, {
          version: AUTH_VERSION,
          name: "GoTrue",
          description: "GoTrue is a user registration and authentication API",
        }),
    },
  },
  { pattern: /^\/settings$/, methods: { GET: async (ctx) => sendJson(ctx.res, 200, settings(ctx.services.config)) } },
  {
    pattern: /^\/\.well-known\/jwks\.json$/,
    methods: { GET: async (ctx) => sendJson(ctx.res, 200, ctx.services.jwt.keys.jwks(), { "cache-control": "public, max-age=600" }) },
  },
  { pattern: /^\/signup$/, methods: { POST: plain(signup) } },
  { pattern: /^\/resend$/, methods: { POST: plain(resend) } },
  { pattern: /^\/reauthenticate$/, methods: { GET: plain(reauthenticate) } },
  // Features this server does not offer answer as GoTrue does when they are turned off.
  {
    pattern: /^\/sso(\/saml\/(metadata|acs))?$/,
    methods: {
      GET: disabled(404, "saml_provider_disabled", "SAML 2.0 is disabled"),
      POST: disabled(404, "saml_provider_disabled", "SAML 2.0 is disabled"),
    },
  },
  {
    pattern: /^\/authorize$/,
    methods: {
      GET: async (ctx) => {
        const provider = ctx.url.searchParams.get("provider") ?? "";
        throw badRequest("validation_failed", `Unsupported provider: Provider ${provider} could not be found`);
      },
    },
  },
  { pattern: /^\/token$/, methods: { POST: plain(token) } },
  { pattern: /^\/otp$/, methods: { POST: plain(otp) } },
  { pattern: /^\/magiclink$/, methods: { POST: plain(otp) } },
  { pattern: /^\/recover$/, methods: { POST: plain(recover) } },
  { pattern: /^\/verify$/, methods: { GET: plain(verifyGet), POST: plain(verifyPost) } },
  { pattern: /^\/user$/, methods: { GET: plain(getUser), PUT: plain(putUser) } },
  { pattern: /^\/logout$/, methods: { POST: plain(logout) } },
  { pattern: /^\/invite$/, methods: { POST: plain(admin.invite) } },
  { pattern: /^\/admin\/users$/, methods: { GET: plain(admin.listUsers), POST: plain(admin.createUser) } },
  {
    pattern: /^\/admin\/users\/([^/]+)$/,
    methods: {
      GET: (ctx, [id]) => admin.getUserById(ctx, id!),
      PUT: (ctx, [id]) => admin.updateUserById(ctx, id!),
      DELETE: (ctx, [id]) => admin.deleteUserById(ctx, id!),
    },
  },
  { pattern: /^\/admin\/generate_link$/, methods: { POST: plain(admin.generateLink) } },
];

function disabled(status: number, code: string, message: string): RouteHandler {
  return async () => {
    throw new AuthError(status, code, message);
  };
}

function mapDatabaseError(e: unknown): unknown {
  const pgError = e as { code?: string; constraint?: string };
  if (pgError && pgError.code === "23505" && /email/.test(pgError.constraint ?? "")) {
    return unprocessable("email_exists", "A user with this email address has already been registered");
  }
  return e;
}

export function createAuthServer(config: StackConfig, pool: pg.Pool, keys: SigningKeys = SigningKeys.load(config)): AuthServer {
  const services: AuthServices = {
    config,
    pool,
    limits: createLimiters(config.authRateLimits),
    jwt: new Jwt(keys, config.jwtExpirySeconds),
    issuer: externalAuthUrl(config),
    hook: createSendEmailHook(config.sendEmailHookUrl, config.sendEmailHookSecret),
  };
  const inFlight = new Set<Promise<void>>();

  async function dispatch(req: IncomingMessage, res: ServerResponse, path: string, apiKeyRole: "anon" | "service_role") {
    const url = new URL(req.url ?? "/", "http://auth.local");
    const normalized = path === "" ? "/" : path.replace(/\/+$/, "") || "/";
    const route = routes.map((r) => ({ r, m: r.pattern.exec(normalized) })).find((x) => x.m);
    if (!route) throw new AuthError(404, "not_found", "Not Found");
    const method = (req.method ?? "GET").toUpperCase() as Method;
    const handler = route.r.methods[method];
    if (!handler) {
      res.setHeader("allow", Object.keys(route.r.methods).join(", "));
      throw new AuthError(405, "method_not_allowed", "Method Not Allowed");
    }
    let params: string[];
    try {
      params = route.m!.slice(1).map((p) => decodeURIComponent(p));
    } catch {
      throw new AuthError(404, "not_found", "Not Found");
    }
    const address = clientAddress(config, req);
    if (normalized === "/verify") limitClient(services.limits.tokenVerifications, address);
    await handler({ services, req, res, url, path: normalized, apiKeyRole, clientAddress: address }, params);
  }

  return {
    async handle(req, res, path, apiKeyRole) {
      const work = (async () => {
        try {
          await dispatch(req, res, path, apiKeyRole);
        } catch (e) {
          try {
            sendError(req, res, mapDatabaseError(e));
          } catch (inner) {
            console.error("[auth] failed to send error response", inner);
            res.destroy();
          }
        }
      })();
      inFlight.add(work);
      try {
        await work;
      } finally {
        inFlight.delete(work);
      }
    },
    async close() {
      await Promise.allSettled([...inFlight]);
    },
  };
}
