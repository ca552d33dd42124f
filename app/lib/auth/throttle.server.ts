// The app's own throttle on its auth forms (sign-in, sign-up, magic link, forgot password): per
// account (the e-mail typed) and per client address, in memory, fixed windows. Over a limit the
// action answers 429 with a translated message and Retry-After, before the auth server is asked.
// The auth server has its own limits too (supabase/local/auth/ratelimit.ts, [auth.rate_limit]);
// this one keys on the visitor, whom the auth server only knows through Sb-Forwarded-For.
import { isIP } from "node:net";

/**
 * Set by server/index.ts on every request from Express's `req.ip` (which honours X-Forwarded-For
 * only when TRUST_PROXY says so); whatever a client sends under this name is replaced.
 */
export const CLIENT_ADDRESS_HEADER = "x-client-address";

export function clientAddress(request: Request): string | null {
  const value = request.headers.get(CLIENT_ADDRESS_HEADER)?.trim() ?? "";
  return isIP(value) ? value : null;
}

export type ThrottledAction = "login" | "signup" | "magicLink" | "recovery" | "resend";

const MINUTE = 60_000;

/** Attempts allowed per window: per account (the address typed) and per client address. */
export const AUTH_LIMITS: Record<ThrottledAction, { account: number; client: number; windowMs: number }> = {
  login: { account: 10, client: 30, windowMs: 15 * MINUTE },
  signup: { account: 5, client: 10, windowMs: 15 * MINUTE },
  magicLink: { account: 5, client: 10, windowMs: 15 * MINUTE },
  recovery: { account: 5, client: 10, windowMs: 15 * MINUTE },
  resend: { account: 5, client: 10, windowMs: 15 * MINUTE },
};

/** AUTH_RATE_LIMIT_FACTOR multiplies every limit (test stacks raise them; 0 turns them off). */
function factor(): number {
  const raw = Number(process.env.AUTH_RATE_LIMIT_FACTOR ?? "1");
  return Number.isFinite(raw) && raw >= 0 ? raw : 1;
}

const windows = new Map<string, { start: number; count: number }>();

function take(key: string, limit: number, windowMs: number, now: number): number {
  let w = windows.get(key);
  if (!w || now - w.start >= windowMs) {
    if (windows.size > 100_000) windows.clear();
    w = { start: now, count: 0 };
    windows.set(key, w);
  }
  if (w.count >= limit) return w.start + windowMs - now;
  w.count += 1;
  return 0;
}

/**
 * Counts one attempt of `action` for `email` from this request's client. Returns the seconds to
 * wait when over a limit (the attempt is then not counted), otherwise null.
 */
export function throttleAuth(request: Request, action: ThrottledAction, email: string, now = Date.now()): number | null {
  const f = factor();
  if (f === 0) return null;
  const limits = AUTH_LIMITS[action];
  const client = clientAddress(request) ?? "unknown";
  const waits = [
    take(`${action}:client:${client}`, Math.ceil(limits.client * f), limits.windowMs, now),
    take(`${action}:account:${email.trim().toLowerCase()}`, Math.ceil(limits.account * f), limits.windowMs, now),
  ];
  const wait = Math.max(...waits);
  return wait > 0 ? Math.max(1, Math.ceil(wait / 1000)) : null;
}

/** The response headers of a throttled answer: the collected ones plus Retry-After. */
export function retryAfterHeaders(headers: Headers, seconds: number): Headers {
  const out = new Headers(headers);
  out.set("Retry-After", String(seconds));
  return out;
}

/** Forgets every count (tests). */
export function resetAuthThrottle(): void {
  windows.clear();
}
