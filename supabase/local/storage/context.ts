// What every storage route gets: the shared services, the request, and small readers for JSON
// bodies and route input that turn bad input into Storage's 400s.
import type { IncomingMessage, ServerResponse } from "node:http";
import type pg from "pg";
import type { Jwt } from "../auth/jwt.ts";
import type { StackConfig } from "../config.ts";
import { type Caller, type Scope, resolveCaller, serviceCaller } from "./db.ts";
import { StorageError, entityTooLarge, validationError } from "./errors.ts";
import type { FileStore } from "./files.ts";

export interface StorageServices {
  config: StackConfig;
  pool: pg.Pool;
  jwt: Jwt;
  files: FileStore;
  /** The project-wide upload limit (config.toml [storage] file_size_limit); buckets may lower it. */
  globalFileSizeLimit: number;
  /** Signed upload URLs live this long (Storage's default: two hours). */
  signedUploadUrlExpiresIn: number;
}

export interface RequestContext {
  services: StorageServices;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Decoded route parameters: the bucket and the object key for `/:bucket/*` routes. */
  params: string[];
  operation: string;
}

export async function caller(ctx: RequestContext, optional = false): Promise<Caller> {
  return resolveCaller(ctx.services.jwt, ctx.req, optional);
}

export function scopeOf(ctx: RequestContext, who: Caller): Scope {
  return { caller: who, operation: ctx.operation, req: ctx.req };
}

/** Storage's "as super user" steps: the service role, which bypasses RLS. */
export function serviceScope(ctx: RequestContext): Scope {
  return scopeOf(ctx, serviceCaller(ctx.services.config.serviceRoleKey));
}

const MAX_JSON_BYTES = 1024 * 1024;

/**
 * The request body as chunks. Stopping early (a size limit) must not destroy the request, which
 * would take the socket and our answer with it: the server drains what is left instead.
 */
export function bodyChunks(req: IncomingMessage): AsyncIterable<Buffer> {
  return { [Symbol.asyncIterator]: () => req.iterator({ destroyOnReturn: false }) as AsyncIterator<Buffer> };
}

/** A JSON object body; empty is `{}`. Bad JSON is Fastify's 400 inside Storage. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of bodyChunks(req)) {
    size += chunk.length;
    if (size > MAX_JSON_BYTES) throw entityTooLarge("request body");
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (text === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new StorageError(400, "InvalidRequest", "Body is not valid JSON but content-type is set to 'application/json'", "FastifyError");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw validationError("body must be object");
  return parsed as Record<string, unknown>;
}

// Field readers with Fastify/ajv-style messages ("body/limit must be integer").

export function optString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw validationError(`body/${key} must be string`);
  return v;
}

export function reqString(body: Record<string, unknown>, key: string): string {
  const v = optString(body, key);
  if (v === undefined) throw validationError(`body must have required property '${key}'`);
  return v;
}

export function optInteger(body: Record<string, unknown>, key: string, minimum: number): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isSafeInteger(v)) throw validationError(`body/${key} must be integer`);
  if (v < minimum) throw validationError(`body/${key} must be >= ${minimum}`);
  return v;
}

export function optBoolean(body: Record<string, unknown>, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw validationError(`body/${key} must be boolean`);
  return v;
}

export function stringArray(body: Record<string, unknown>, key: string, required: boolean): string[] | undefined {
  const v = body[key];
  if (v === undefined) {
    if (required) throw validationError(`body must have required property '${key}'`);
    return undefined;
  }
  if (v === null && !required) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw validationError(`body/${key} must be array of strings`);
  return v as string[];
}

/** `x-metadata`: base64 JSON user metadata; unreadable values are ignored, as in Storage. */
export function userMetadataHeader(req: IncomingMessage): Record<string, unknown> | undefined {
  const raw = req.headers["x-metadata"];
  if (typeof raw !== "string") return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, "base64").toString("utf8"));
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
