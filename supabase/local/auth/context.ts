// Per-request context, transactions, validation and the Bearer-token guards shared by routes.
import type { IncomingMessage, ServerResponse } from "node:http";
import type pg from "pg";
import type { StackConfig } from "../config.ts";
import type { SendEmailHook } from "./hook.ts";
import { AuthError, badRequest, bearerToken, forbidden, unauthorized, unprocessable, weakPasswordError } from "./http.ts";
import { passwordWeaknesses } from "../../../app/lib/auth/password-policy.ts";
import type { AccessClaims } from "./jwt.ts";
import type { AuthLimiters } from "./ratelimit.ts";
import { sessionExists, type TokenIssuer } from "./sessions.ts";
import { type Db, type LoadedUser, findUserById, isUuid } from "./users.ts";

export interface AuthServices extends TokenIssuer {
  config: StackConfig;
  pool: pg.Pool;
  hook: SendEmailHook;
  limits: AuthLimiters;
}

export interface RequestContext {
  services: AuthServices;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  path: string;
  apiKeyRole: "anon" | "service_role";
  /** The client address rate limits key on (ratelimit.ts clientAddress). */
  clientAddress: string;
}

export type Handler = (ctx: RequestContext) => Promise<void>;

/** Runs `fn` in a transaction; any throw rolls back. */
export async function withTx<T>(pool: pg.Pool, fn: (db: Db) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    const result = await fn(client);
    await client.query("commit");
    return result;
  } catch (e) {
    await client.query("rollback").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

// Validation as supabase/auth does it -----------------------------------------------------------

const EMAIL_RE =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

export function validateEmail(raw: string | undefined, missingMessage = "An email address is required"): string {
  const email = (raw ?? "").trim();
  if (email === "") throw badRequest("validation_failed", missingMessage);
  if (email.length > 255) throw badRequest("validation_failed", "An email address is too long");
  if (!EMAIL_RE.test(email)) {
    throw badRequest("validation_failed", "Unable to validate email address: invalid format");
  }
  return email.toLowerCase();
}

const CHARACTER_SETS: Record<StackConfig["authPasswordRequirements"], string> = {
  "": "",
  letters_digits: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ, 0123456789",
  lower_upper_letters_digits: "abcdefghijklmnopqrstuvwxyz, ABCDEFGHIJKLMNOPQRSTUVWXYZ, 0123456789",
  lower_upper_letters_digits_symbols:
    "abcdefghijklmnopqrstuvwxyz, ABCDEFGHIJKLMNOPQRSTUVWXYZ, 0123456789, !@#$%^&*()_+-=[]{};'\\:\"|<>?,./`~",
};

/**
 * checkPasswordStrength: the project's one password policy (app/lib/auth/password-policy.ts),
 * with GoTrue's messages and `weak_password` reasons ("length", "characters", "pwned").
 */
export function checkPasswordStrength(config: StackConfig, password: string): void {
  if (Buffer.byteLength(password) > 72) {
    throw unprocessable("validation_failed", "Password cannot be longer than 72 characters");
  }
  const reasons = passwordWeaknesses(password, {
    minLength: config.authPasswordMinLength,
    requirements: config.authPasswordRequirements,
    rejectCommon: config.authRejectCommonPasswords,
  });
  if (reasons.length === 0) return;
  const messages = reasons.map((reason) =>
    reason === "length"
      ? `Password should be at least ${config.authPasswordMinLength} characters.`
      : reason === "characters"
        ? `Password should contain at least one character of each: ${CHARACTER_SETS[config.authPasswordRequirements]}.`
        : "Password is known to be weak and easy to guess, please choose a different one.",
  );
  throw weakPasswordError(messages.join(" "), reasons);
}

/** Go duration strings as ban_duration uses them ("24h", "1h30m", "90s", "none"). */
export function parseBanDuration(raw: string): Date | null {
  if (raw === "none") return null;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    total += Number(m[1]) * unit[m[2]!]!;
    matched += m[0].length;
  }
  if (raw === "" || matched !== raw.length) {
    throw badRequest("validation_failed", `invalid format for ban duration: time: invalid duration "${raw}"`);
  }
  return new Date(Date.now() + total);
}

// Authentication ----------------------------------------------------------------------------------

export interface Authenticated {
  claims: AccessClaims;
  user: LoadedUser;
  sessionId: string | null;
}

async function verifiedClaims(ctx: RequestContext): Promise<AccessClaims> {
  const token = bearerToken(ctx.req);
  if (!token) throw unauthorized("no_authorization", "This endpoint requires a valid Bearer token");
  return ctx.services.jwt.verify(token);
}

/** requireAuthentication + loading the user and session named by the JWT. */
export async function requireUser(ctx: RequestContext, db: Db): Promise<Authenticated> {
  const claims = await verifiedClaims(ctx);
  if (!claims.sub) throw forbidden("bad_jwt", "invalid claim: missing sub claim");
  if (!isUuid(claims.sub)) throw forbidden("bad_jwt", "invalid claim: sub claim must be a UUID");
  const user = await findUserById(db, claims.sub);
  if (!user) throw forbidden("user_not_found", "User from sub claim in JWT does not exist");
  let sessionId: string | null = null;
  if (claims.session_id) {
    if (!isUuid(claims.session_id) || !(await sessionExists(db, claims.session_id))) {
      throw forbidden("session_not_found", "Session from session_id claim in JWT does not exist");
    }
    sessionId = claims.session_id;
  }
  return { claims, user, sessionId };
}

const ADMIN_ROLES = new Set(["service_role", "supabase_admin"]);

/** requireAdmin: a Bearer token with an admin role, sent with the service-role API key. */
export async function requireAdmin(ctx: RequestContext): Promise<AccessClaims> {
  const claims = await verifiedClaims(ctx);
  if (!ADMIN_ROLES.has(String(claims.role ?? "")) || ctx.apiKeyRole !== "service_role") {
    throw forbidden("not_admin", "User not allowed");
  }
  return claims;
}

export function isAuthError(e: unknown): e is AuthError {
  return e instanceof AuthError;
}
