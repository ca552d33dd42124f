// What every response of the app gets, and what every request must respect, before Remix sees it:
// security headers with a fresh CSP nonce, a body-size limit answered with 413 before the body is
// read, and 403 for writes from another origin. Express middleware, unit-tested without Remix.
import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

export interface GuardOptions {
  /** The app's public URL: its origin is the one writes may come from. */
  appUrl: string;
  /** Where the browser may load images from besides the app (the Supabase Storage origin). */
  imageOrigins: string[];
  /** Development: allow the dev server's live-reload socket. */
  development: boolean;
}

/** Per-path body limits in bytes; the first pattern that matches wins. */
export const BODY_LIMITS: { path: RegExp; bytes: number }[] = [
  // The Send Email Hook: a small JSON document from the auth server.
  { path: /^\/hooks\//, bytes: 64 * 1024 },
  // The instrument photo upload only: photos are at most 5 MB, but a larger file (up to 11 MB) is
  // still read so that the page can say "at most 5 MB" at the field rather than answer a bare 413.
  { path: /^\/lab\/instruments\/[^/]+\/photo\/?$/, bytes: 11 * 1024 * 1024 },
];
export const DEFAULT_BODY_LIMIT = 256 * 1024;

export function bodyLimitFor(path: string): number {
  return BODY_LIMITS.find((limit) => limit.path.test(path))?.bytes ?? DEFAULT_BODY_LIMIT;
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function text(res: Response, status: number, message: string): void {
  res.status(status).type("text/plain; charset=utf-8").send(message);
}

/** A fresh nonce per response, for the CSP and Remix's inline scripts (res.locals.cspNonce). */
export function securityHeaders(options: GuardOptions) {
  const images = ["'self'", "data:", "blob:", ...options.imageOrigins].join(" ");
  return (req: Request, res: Response, next: NextFunction) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    const csp = [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      // React and FullCalendar set style attributes and inject <style>; no script can come of it.
      "style-src 'self' 'unsafe-inline'",
      `img-src ${images}`,
      "font-src 'self' data:",
      `connect-src 'self'${options.development ? " ws: wss:" : ""}`,
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      ...(req.secure ? ["upgrade-insecure-requests"] : []),
    ].join("; ");
    res.setHeader("Content-Security-Policy", csp);
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    // Only over TLS (req.secure honours X-Forwarded-Proto only when TRUST_PROXY says so).
    if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
    next();
  };
}

/** 413 for a body over the path's limit, decided from Content-Length before reading a byte. */
export function bodyLimit() {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!UNSAFE.has(req.method)) return next();
    const limit = bodyLimitFor(req.path);
    const declared = req.headers["content-length"];
    if (declared === undefined) {
      // Browsers always say how long a form is; a streamed body of unknown length is refused
      // rather than read until it proves too long.
      if (req.headers["transfer-encoding"]) return text(res, 411, "Length Required / 需要 Content-Length");
      return next();
    }
    const length = Number(declared);
    if (!Number.isSafeInteger(length) || length < 0) return text(res, 400, "Bad Content-Length");
    if (length > limit) {
      res.setHeader("Connection", "close");
      return text(res, 413, `Payload Too Large: at most ${limit} bytes / 提交的内容过大`);
    }
    next();
  };
}

/**
 * 403 for a write a browser makes on another site's behalf: an Origin that is not the app's, or a
 * request the browser marks cross-site. Server-to-server calls (the Send Email Hook, signed) carry
 * neither header and pass on to their own checks.
 */
export function sameOriginWrites(options: GuardOptions) {
  const appOrigin = new URL(options.appUrl).origin;
  return (req: Request, res: Response, next: NextFunction) => {
    if (!UNSAFE.has(req.method)) return next();
    const origin = req.headers.origin;
    const own = `${req.protocol}://${req.get("host")}`;
    if (origin !== undefined && origin !== appOrigin && origin !== own) return text(res, 403, "Forbidden: cross-origin request / 拒绝跨站请求");
    if (req.headers["sec-fetch-site"] === "cross-site") return text(res, 403, "Forbidden: cross-site request / 拒绝跨站请求");
    next();
  };
}
