// Uploads: POST /object/:bucket/* (x-upsert), PUT /object/:bucket/* (always upsert) and
// PUT /object/upload/sign/:bucket/*?token= (a signed upload URL), with raw or multipart bodies
// as storage-js sends them. Storage's order, kept here: the bucket's limits, then the key, then
// an RLS test as the caller (insert, or insert … on conflict do update for upsert) that is
// rolled back, then the bytes to a temp file, and only then the row (as the service role, as
// Storage completes uploads) together with the rename that puts the file in place.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { sendJson } from "../http.ts";
import { type RequestContext, bodyChunks, caller, scopeOf, serviceScope, userMetadataHeader } from "./context.ts";
import { type Caller, type Scope, inScope, serviceCaller } from "./db.ts";
import { StorageError, entityTooLarge, invalidMimeType, noContent } from "./errors.ts";
import { isEmptyFolder, mustBeValidKey } from "./keys.ts";
import { multipartBoundary, readMultipartUpload } from "./multipart.ts";
import { type BucketRow, type FileMetadata, canUpload, findBucket, findObjectOrNull, lockKey, upsertObject } from "./rows.ts";
import { verifySignedToken } from "./signing.ts";

const MAX_USER_METADATA_BYTES = 1024 * 1024;

interface IncomingFile {
  body: AsyncIterable<Buffer>;
  mimetype: string;
  cacheControl: string;
  userMetadata: Record<string, unknown> | undefined;
  /** The request's Content-Length: what the RLS test shows policies as metadata.contentLength. */
  declaredLength: number | undefined;
}

/** RFC 9110 media type syntax; anything else is Fastify's "Invalid Content-Type header". */
const MEDIA_TYPE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+(\s*;\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+=("[^"]*"|[!#$%&'*+.^_`|~0-9A-Za-z-]+))*\s*;?\s*$/;

function invalidContentType(): StorageError {
  return new StorageError(415, "InvalidMimeType", "Invalid Content-Type header", "invalid_mime_type");
}

/** Storage's validateMimeType: `type/subtype` against the bucket's list, `type/*` allowed. */
export function checkMimeType(mimetype: string, allowed: string[]): void {
  const [type, subtype] = mimetype.split("/");
  if (subtype === undefined) throw invalidMimeType(mimetype);
  const ok = allowed.some((entry) => {
    const [allowedType, allowedSubtype] = entry.split("/");
    return allowedType === type && (allowedSubtype === "*" || allowedSubtype === subtype);
  });
  if (!ok) throw invalidMimeType(mimetype);
}

function declaredLength(req: IncomingMessage): number | undefined {
  const n = Number(req.headers["content-length"]);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

async function incomingFile(req: IncomingMessage, key: string, bucket: BucketRow, maxSize: number): Promise<IncomingFile> {
  const contentType = req.headers["content-type"];
  if (contentType !== undefined && !MEDIA_TYPE.test(contentType)) throw invalidContentType();
  const allowed = bucket.allowed_mime_types ?? [];
  const checkMime = (mimetype: string) => {
    if (allowed.length > 0 && !isEmptyFolder(key)) checkMimeType(mimetype, allowed);
  };

  if (contentType?.startsWith("multipart/form-data")) {
    const boundary = multipartBoundary(contentType);
    if (!boundary) throw noContent();
    const { fields, file } = await readMultipartUpload(bodyChunks(req), boundary);
    const mimetype = fields.get("contentType") || file.mimetype;
    checkMime(mimetype);
    const cacheTime = fields.get("cacheControl");
    const rawMetadata = fields.get("metadata") ?? fields.get("userMetadata");
    let userMetadata: Record<string, unknown> | undefined;
    if (rawMetadata !== undefined) {
      if (Buffer.byteLength(rawMetadata) > MAX_USER_METADATA_BYTES) throw entityTooLarge("user_metadata");
      try {
        userMetadata = JSON.parse(rawMetadata) as Record<string, unknown>;
      } catch {
        // Storage ignores metadata it cannot read
      }
    }
    return {
      body: file.body,
      mimetype,
      cacheControl: cacheTime ? `max-age=${cacheTime}` : "no-cache",
      userMetadata,
      declaredLength: declaredLength(req),
    };
  }

  const mimetype = contentType || "application/octet-stream";
  checkMime(mimetype);
  const length = declaredLength(req);
  // A declared size over the limit is refused before a byte is read.
  if (length !== undefined && length > maxSize) throw entityTooLarge();
  return {
    body: bodyChunks(req),
    mimetype,
    cacheControl: (req.headers["cache-control"] as string | undefined) ?? "no-cache",
    userMetadata: userMetadataHeader(req),
    declaredLength: length,
  };
}

interface UploadInput {
  bucketId: string;
  key: string;
  owner: string | undefined;
  upsert: boolean;
  /** Whose policies the RLS test runs under. */
  testScope: Scope;
}

async function upload(ctx: RequestContext, input: UploadInput): Promise<{ id: string; key: string }> {
  const { services } = ctx;
  const { bucketId, key } = input;
  const bucket = await findBucket(services.pool, bucketId);
  const maxSize = isEmptyFolder(key) ? 0 : Math.min(services.globalFileSizeLimit, bucket.file_size_limit ?? Infinity);
  const file = await incomingFile(ctx.req, key, bucket, maxSize);
  mustBeValidKey(key);
  const version = randomUUID();
  const finalPath = services.files.filePath(bucketId, key, version); // refuses `..` segments

  const probe = {
    bucket: bucketId,
    name: key,
    owner: input.owner,
    version: "1",
    metadata: { mimetype: file.mimetype, contentLength: file.declaredLength },
    userMetadata: file.userMetadata,
  };
  await canUpload(services.pool, input.testScope, probe, input.upsert);

  let received;
  try {
    received = await services.files.receive(file.body, maxSize);
  } catch (e) {
    if (e instanceof StorageError) throw e;
    if (!ctx.req.complete) throw noContent("Request stream closed before upload could complete");
    throw e;
  }

  const metadata: FileMetadata = {
    eTag: received.eTag,
    size: received.size,
    mimetype: file.mimetype,
    cacheControl: file.cacheControl,
    lastModified: new Date().toISOString(),
    contentLength: received.size,
    httpStatusCode: 200,
  };
  let placed = false;
  try {
    const { row, previousVersion } = await inScope(services.pool, serviceScope(ctx), async (db) => {
      await lockKey(db, bucketId, key);
      const current = await findObjectOrNull(db, bucketId, key, true);
      const row = await upsertObject(db, { ...probe, version, metadata: { ...metadata }, userMetadata: file.userMetadata ?? {} });
      await services.files.place(received.tmpPath, finalPath);
      placed = true;
      return { row, previousVersion: current?.version ?? null };
    });
    if (previousVersion && previousVersion !== version) await services.files.remove(bucketId, key, previousVersion);
    return { id: row.id, key: `${bucketId}/${key}` };
  } catch (e) {
    if (placed) await services.files.remove(bucketId, key, version);
    throw e;
  } finally {
    await services.files.discard(received.tmpPath);
  }
}

/** POST /object/:bucket/* — `x-upsert: true` overwrites; otherwise an existing key is a 409. */
export async function createObject(ctx: RequestContext): Promise<void> {
  const who: Caller = await caller(ctx);
  const [bucketId, key] = ctx.params as [string, string];
  const result = await upload(ctx, {
    bucketId,
    key,
    owner: who.owner,
    upsert: ctx.req.headers["x-upsert"] === "true",
    testScope: scopeOf(ctx, who),
  });
  sendJson(ctx.res, 200, { Id: result.id, Key: result.key });
}

/** PUT /object/:bucket/* — storage-js's update(): an upsert. */
export async function updateObject(ctx: RequestContext): Promise<void> {
  const who = await caller(ctx);
  const [bucketId, key] = ctx.params as [string, string];
  const result = await upload(ctx, { bucketId, key, owner: who.owner, upsert: true, testScope: scopeOf(ctx, who) });
  sendJson(ctx.res, 200, { Id: result.id, Key: result.key });
}

/** PUT /object/upload/sign/:bucket/*?token= — the token (made after an RLS check) is the permission. */
export async function uploadToSignedUrl(ctx: RequestContext): Promise<void> {
  const [bucketId, key] = ctx.params as [string, string];
  const token = await verifySignedToken(ctx, "upload", bucketId, key);
  const service = serviceCaller(ctx.services.config.serviceRoleKey);
  const result = await upload(ctx, {
    bucketId,
    key,
    owner: typeof token.owner === "string" ? token.owner : undefined,
    upsert: token.upsert === true,
    testScope: scopeOf(ctx, service),
  });
  sendJson(ctx.res, 200, { Key: result.key });
}
