// Rate limits as Supabase Auth applies them ([auth.rate_limit]): per client address for each
// group of endpoints, one project-wide hourly count of e-mails, and — beyond Supabase — failed
// password sign-ins per account. Counts live in memory, in fixed windows, like GoTrue's
// in-process limiters (a restart forgets them).
import { isIP } from "node:net";
import type { IncomingMessage } from "node:http";
import type { AuthRateLimits, StackConfig } from "../config.ts";
import { tooManyRequests } from "./http.ts";

const FIVE_MINUTES = 5 * 60_000;
const HOUR = 60 * 60_000;

export class WindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    /** Allowed hits per window; 0 or less turns the limit off. */
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private current(key: string) {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 50_000) this.sweep(now);
    }
    return w;
  }

  private sweep(now: number) {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }

  /** Milliseconds until `key` may try again; 0 when it is under the limit. */
  blockedFor(key: string): number {
    if (this.limit <= 0) return 0;
    const w = this.current(key);
    return w.count >= this.limit ? w.start + this.windowMs - this.now() : 0;
  }

  /** Counts one hit; returns false (and does not count) when the limit is already reached. */
  take(key: string): boolean {
    if (this.limit <= 0) return true;
    const w = this.current(key);
    if (w.count >= this.limit) return false;
    w.count += 1;
    return true;
  }

  /** Counts one hit even past the limit (failures that already happened). */
  record(key: string): void {
    if (this.limit <= 0) return;
    this.current(key).count += 1;
  }
}

export interface AuthLimiters {
  signInSignUps: WindowLimiter;
  tokenVerifications: WindowLimiter;
  tokenRefresh: WindowLimiter;
  accountSignIns: WindowLimiter;
  emailSent: WindowLimiter;
}

export function createLimiters(limits: AuthRateLimits, now: () => number = Date.now): AuthLimiters {
  return {
    signInSignUps: new WindowLimiter(limits.signInSignUps, FIVE_MINUTES, now),
    tokenVerifications: new WindowLimiter(limits.tokenVerifications, FIVE_MINUTES, now),
    tokenRefresh: new WindowLimiter(limits.tokenRefresh, FIVE_MINUTES, now),
    accountSignIns: new WindowLimiter(limits.accountSignIns, FIVE_MINUTES, now),
    emailSent: new WindowLimiter(limits.emailSent, HOUR, now),
  };
}

export const overRequestRateLimit = () => tooManyRequests("over_request_rate_limit", "Request rate limit reached");

/** Counts a request from `client` against `limiter`; 429 `over_request_rate_limit` past it (performRateLimiting). */
export function limitClient(limiter: WindowLimiter, client: string): void {
  if (!limiter.take(client)) throw overRequestRateLimit();
}

/**
 * The address limits key on: `Sb-Forwarded-For` when the stack trusts it (the app names its
 * visitor there), otherwise the connection's peer.
 */
export function clientAddress(config: StackConfig, req: IncomingMessage): string {
  if (config.authSbForwardedFor) {
    const raw = req.headers["sb-forwarded-for"];
    const first = (Array.isArray(raw) ? raw[0] : raw)?.split(",")[0]?.trim();
    if (first && isIP(first)) return first;
  }
  return req.socket.remoteAddress ?? "unknown";
}
