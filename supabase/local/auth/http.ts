// HTTP plumbing for the local Auth server: errors in Supabase Auth's two JSON shapes, body
// parsing and small response helpers.
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "../http.ts";

export { sendJson };

export const API_VERSION_HEADER = "x-supabase-api-version";
export const API_VERSION_2024 = "2024-01-01";
const MAX_BODY_BYTES = 1024 * 1024;

/** An error that becomes an HTTP response, like supabase/auth's `HTTPError`. */
export class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra top-level fields of the error body (e.g. `weak_password`). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "AuthError";
  }
}

export const badRequest = (code: string, message: string) => new AuthError(400, code, message);
export const unauthorized = (code: string, message: string) => new AuthError(401, code, message);
export const forbidden = (code: string, message: string) => new AuthError(403, code, message);
export const notFound = (code: string, message: string) => new AuthError(404, code, message);
export const unprocessable = (code: string, message: string) => new AuthError(422, code, message);
export const tooManyRequests = (code: string, message: string) => new AuthError(429, code, message);
export const internalError = (message: string) => new AuthError(500, "unexpected_failure", message);

export function weakPasswordError(message: string, reasons: string[]): AuthError {
  return new AuthError(422, "weak_password", message, { weak_password: { reasons } });
}

/** The request opts into the 2024-01-01 error shape with `X-Supabase-Api-Version`. */
export function requestApiVersion(req: IncomingMessage): string | null {
  const raw = req.headers[API_VERSION_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !/^2[0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/.test(value)) return null;
  return value >= API_VERSION_2024 ? API_VERSION_2024 : null;
}

export function sendNoContent(res: ServerResponse): void {
  res.writeHead(204);
  res.end();
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, "content-length": "0" });
  res.end();
}

/**
 * Writes an error as supabase/auth's HandleResponseError does: `{code, message}` for clients
 * that send `X-Supabase-Api-Version: 2024-01-01` (echoing the header), otherwise the legacy
 * `{code: <status>, error_code, msg}`.
 */
export function sendError(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  const authError =
    error instanceof AuthError
      ? error
      : internalError("Unexpected failure, please check server logs for more information");
  if (!(error instanceof AuthError) || authError.status >= 500) {
    console.error("[auth]", req.method, req.url, error);
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const version = requestApiVersion(req);
  if (version) {
    sendJson(
      res,
      authError.status,
      { code: authError.code, message: authError.message, ...authError.extra },
      { "x-supabase-api-version": version },
    );
  } else {
    sendJson(res, authError.status, {
      code: authError.status,
      error_code: authError.code,
      msg: authError.message,
      ...authError.extra,
    });
  }
}

/** Reads a JSON object body; an empty body is `{}`. Bad JSON is a 400 `bad_json`. */
export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new AuthError(413, "request_too_large", "Request body too large");
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (text === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw badRequest("bad_json", `Could not parse request body as JSON: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw badRequest("bad_json", "Could not parse request body as JSON: expected an object");
  }
  return parsed as Record<string, unknown>;
}

// Field readers: wrong types are the caller's fault (400), never a 500.

export function optString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw badRequest("bad_json", `Could not read body: "${key}" must be a string`);
  return v;
}

export function optBool(body: Record<string, unknown>, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw badRequest("bad_json", `Could not read body: "${key}" must be a boolean`);
  return v;
}

export function optObject(
  body: Record<string, unknown>,
  key: string,
): Record<string, unknown> | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) {
    throw badRequest("bad_json", `Could not read body: "${key}" must be an object`);
  }
  return v as Record<string, unknown>;
}

export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}
