// Reading objects: GET/HEAD /object/:bucket/* (a bad or missing JWT is anon),
// /object/authenticated/… (JWT required), /object/public/… (public buckets, no key),
// /object/sign/…?token=, and the JSON /object/info/… variants. As in Storage, a public
// bucket's objects are read past RLS; a private bucket's through the caller's select policies.
import fs from "node:fs";
import type { ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { sendJson } from "../http.ts";
import { type RequestContext, caller, scopeOf } from "./context.ts";
import { inScope } from "./db.ts";
import { StorageError, invalidRange, noSuchBucket } from "./errors.ts";
import { mustBeValidKey } from "./keys.ts";
import { type ObjectRow, findBucket, findObject, iso } from "./rows.ts";
import { verifySignedToken } from "./signing.ts";

export type Access = "optional" | "authenticated" | "public" | "signed";
type Render = "asset" | "head" | "info";

interface Found {
  object: ObjectRow;
  /** Signed URLs send Expires instead of the object's Cache-Control. */
  expires?: string;
}

async function findReadable(ctx: RequestContext, access: Access, bucketId: string, key: string): Promise<Found> {
  const { pool } = ctx.services;
  if (access === "signed") {
    const token = await verifySignedToken(ctx, "download", bucketId, key);
    mustBeValidKey(key);
    const expires = token.exp ? new Date(token.exp * 1000).toUTCString() : undefined;
    return { object: await findObject(pool, bucketId, key), expires };
  }
  if (access === "public") {
    mustBeValidKey(key);
    await findBucket(pool, bucketId, { mustBePublic: true });
    return { object: await findObject(pool, bucketId, key) };
  }
  const who = await caller(ctx, access === "optional");
  const bucket = await findBucket(pool, bucketId).catch((e: unknown) => {
    if (e instanceof StorageError && e.code === "NoSuchBucket") return null;
    throw e;
  });
  if (!bucket || (!who.isAuthenticated && !bucket.public)) throw noSuchBucket();
  mustBeValidKey(key);
  if (bucket.public) return { object: await findObject(pool, bucketId, key) };
  return { object: await inScope(pool, scopeOf(ctx, who), (db) => findObject(db, bucketId, key)) };
}

interface StoredMeta {
  mimetype?: string;
  cacheControl?: string;
  eTag?: string;
  size?: number;
  lastModified?: string;
}

function storedMeta(object: ObjectRow): StoredMeta {
  const m = object.metadata ?? {};
  const size = Number(m.size ?? m.contentLength);
  return {
    mimetype: typeof m.mimetype === "string" ? m.mimetype : undefined,
    cacheControl: typeof m.cacheControl === "string" ? m.cacheControl : undefined,
    eTag: typeof m.eTag === "string" ? m.eTag : undefined,
    size: Number.isSafeInteger(size) ? size : undefined,
    lastModified: typeof m.lastModified === "string" ? m.lastModified : iso(object.updated_at) ?? undefined,
  };
}

/** Storage serves HTML as text/plain, so an upload cannot run script on the API's origin. */
function safeContentType(mimetype: string | undefined): string {
  if (!mimetype) return "application/octet-stream";
  return mimetype.includes("text/html") ? "text/plain" : mimetype;
}

function assetHeaders(res: ServerResponse, meta: StoredMeta, found: Found, download: string | null): void {
  res.setHeader("accept-ranges", "bytes");
  res.setHeader("content-type", safeContentType(meta.mimetype));
  if (meta.eTag) res.setHeader("etag", meta.eTag);
  res.setHeader("x-robots-tag", "none");
  if (meta.lastModified) res.setHeader("last-modified", new Date(meta.lastModified).toUTCString());
  if (found.expires) res.setHeader("expires", found.expires);
  else if (meta.cacheControl) res.setHeader("cache-control", meta.cacheControl);
  if (download !== null) {
    const name = encodeURIComponent(download);
    res.setHeader("content-disposition", download === "" ? "attachment;" : `attachment; filename=${name}; filename*=UTF-8''${name}`);
  }
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` as Storage's parseRangeHeader reads them. */
function parseRange(header: string, size: number): { start: number; end: number } {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header);
  if (!match || size <= 0 || (!match[1] && !match[2])) throw invalidRange();
  if (!match[1]) {
    const suffix = Number(match[2]);
    if (!Number.isSafeInteger(suffix) || suffix <= 0) throw invalidRange();
    return { start: Math.max(size - suffix, 0), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] ? Number(match[2]) : size - 1;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start > end || start >= size) throw invalidRange();
  return { start, end: Math.min(end, size - 1) };
}

function sendMissingFile(res: ServerResponse): void {
  sendJson(
    res,
    400,
    { error: "Not found", message: "The resource was not found", statusCode: "404", code: "NoSuchKey" },
    { "cache-control": "no-store" },
  );
}

async function sendAsset(ctx: RequestContext, found: Found, bucketId: string, key: string, withBody: boolean): Promise<void> {
  const { req, res } = ctx;
  const meta = storedMeta(found.object);
  let path: string;
  let stat: fs.Stats;
  try {
    path = ctx.services.files.filePath(bucketId, key, found.object.version ?? "");
    stat = await fs.promises.stat(path);
  } catch {
    return sendMissingFile(res); // a row without a file (inserted by SQL, say): Storage's backend 404
  }
  assetHeaders(res, meta, found, ctx.url.searchParams.get("download"));
  if (meta.eTag && req.headers["if-none-match"] === meta.eTag) {
    res.writeHead(304);
    res.end();
    return;
  }
  const range = req.headers.range;
  if (range && withBody) {
    const { start, end } = parseRange(range, stat.size);
    res.writeHead(206, { "content-range": `bytes ${start}-${end}/${stat.size}`, "content-length": end - start + 1 });
    await stream(fs.createReadStream(path, { start, end }), res);
    return;
  }
  res.setHeader("content-length", stat.size);
  res.writeHead(200);
  if (!withBody) {
    res.end();
    return;
  }
  await stream(fs.createReadStream(path), res);
}

/** A reader that goes away mid-download is not an error worth more than closing the socket. */
async function stream(file: fs.ReadStream, res: ServerResponse): Promise<void> {
  await pipeline(file, res).catch(() => res.destroy());
}

function sendInfo(ctx: RequestContext, found: Found): void {
  const { object } = found;
  const meta = storedMeta(object);
  const headers: Record<string, string> = {};
  if (meta.eTag) headers.etag = meta.eTag;
  if (meta.lastModified) headers["last-modified"] = new Date(meta.lastModified).toUTCString();
  if (meta.cacheControl) headers["cache-control"] = meta.cacheControl;
  sendJson(
    ctx.res,
    200,
    {
      id: object.id,
      name: object.name,
      version: object.version,
      bucket_id: object.bucket_id,
      size: meta.size ?? null,
      content_type: meta.mimetype ?? null,
      cache_control: meta.cacheControl ?? null,
      etag: meta.eTag ?? null,
      metadata: object.user_metadata,
      last_modified: iso(object.updated_at),
      created_at: iso(object.created_at),
    },
    headers,
  );
}

export function readObject(access: Access, render: Render) {
  return async (ctx: RequestContext): Promise<void> => {
    const [bucketId, key] = ctx.params as [string, string];
    const found = await findReadable(ctx, access, bucketId, key);
    if (render === "info") return sendInfo(ctx, found);
    await sendAsset(ctx, found, bucketId, key, render === "asset");
  };
}
