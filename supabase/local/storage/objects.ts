// Object routes besides upload and download: remove (one, or many by `prefixes`), list a
// "folder", move and copy. Each runs the caller's policies the way Storage does: delete (and
// select, for the returned rows) to remove, select to list, select + update to move, select on
// the source and insert/upsert on the destination to copy.
import { randomUUID } from "node:crypto";
import { sendJson } from "../http.ts";
import {
  type RequestContext,
  caller,
  optBoolean,
  optInteger,
  optString,
  readJson,
  reqString,
  scopeOf,
  serviceScope,
  stringArray,
  userMetadataHeader,
} from "./context.ts";
import { inScope, testPermission } from "./db.ts";
import { accessDenied, invalidRequest, validationError } from "./errors.ts";
import { mustBeValidKey } from "./keys.ts";
import {
  type ObjectRow,
  canUpload,
  deleteObjects,
  findObject,
  findObjectOrNull,
  iso,
  lockKey,
  objectJson,
  renameObject,
  upsertObject,
} from "./rows.ts";

const MAX_OBJECTS_PER_REQUEST = 1000;

/** DELETE /object/:bucket {prefixes} → the rows removed (those the caller may delete). */
export async function removeObjects(ctx: RequestContext): Promise<void> {
  const who = await caller(ctx);
  const body = await readJson(ctx.req);
  const prefixes = stringArray(body, "prefixes", true)!;
  if (prefixes.length === 0) throw validationError("body/prefixes must NOT have fewer than 1 items");
  if (prefixes.length > MAX_OBJECTS_PER_REQUEST) {
    throw invalidRequest(`Bulk object requests are limited to ${MAX_OBJECTS_PER_REQUEST} objects per request.`);
  }
  const [bucket] = ctx.params as [string];
  const removed = await inScope(ctx.services.pool, scopeOf(ctx, who), (db) => deleteObjects(db, bucket, prefixes));
  for (const row of removed) await ctx.services.files.remove(bucket, row.name, row.version);
  sendJson(ctx.res, 200, removed.map(objectJson));
}

/** DELETE /object/:bucket/* → one object; a row RLS keeps the caller from deleting is 403-ish. */
export async function removeObject(ctx: RequestContext): Promise<void> {
  const who = await caller(ctx);
  const [bucket, key] = ctx.params as [string, string];
  mustBeValidKey(key);
  // As Storage: a missing object is NoSuchKey, one the caller may not delete is AccessDenied.
  // (Read before the transaction: a pooled read inside it could wait on the pool it holds.)
  await findObject(ctx.services.pool, bucket, key);
  const removed = await inScope(ctx.services.pool, scopeOf(ctx, who), async (db) => {
    const rows = await deleteObjects(db, bucket, [key]);
    if (rows.length === 0) throw accessDenied("Access denied");
    return rows[0]!;
  });
  await ctx.services.files.remove(bucket, removed.name, removed.version);
  sendJson(ctx.res, 200, { message: "Successfully deleted" });
}

const SORT_COLUMNS = new Set(["name", "updated_at", "created_at", "last_accessed_at"]);

/** POST /object/list/:bucket {prefix, limit, offset, sortBy, search} → storage.search as the caller. */
export async function listObjects(ctx: RequestContext): Promise<void> {
  const who = await caller(ctx);
  const body = await readJson(ctx.req);
  let prefix = reqString(body, "prefix");
  const limit = optInteger(body, "limit", 1);
  const offset = optInteger(body, "offset", 0);
  const search = optString(body, "search") ?? "";
  let column = "name";
  let order = "asc";
  if (body.sortBy !== undefined && body.sortBy !== null) {
    if (typeof body.sortBy !== "object" || Array.isArray(body.sortBy)) throw validationError("body/sortBy must be object");
    const sortBy = body.sortBy as Record<string, unknown>;
    column = reqString(sortBy, "column");
    if (!SORT_COLUMNS.has(column)) throw validationError("body/sortBy/column must be equal to one of the allowed values");
    order = optString(sortBy, "order") ?? "asc";
    if (order !== "asc" && order !== "desc") throw validationError("body/sortBy/order must be equal to one of the allowed values");
  }
  // Storage treats the prefix as a folder.
  if (prefix.length > 0 && !prefix.endsWith("/")) prefix = `${prefix}/`;
  const [bucket] = ctx.params as [string];
  const rows = await inScope(ctx.services.pool, scopeOf(ctx, who), async (db) => {
    const { rows } = await db.query<ObjectRow>(
      "select * from storage.search($1, $2, $3, $4, $5, $6, $7, $8)",
      [prefix, bucket, limit ?? 100, (prefix + search).split("/").length, offset ?? 0, search, column, order],
    );
    return rows;
  });
  sendJson(
    ctx.res,
    200,
    rows.map((r) => ({
      name: r.name,
      id: r.id,
      updated_at: iso(r.updated_at),
      created_at: iso(r.created_at),
      last_accessed_at: iso(r.last_accessed_at),
      metadata: r.metadata,
    })),
  );
}

interface Transfer {
  bucket: string;
  sourceKey: string;
  destinationBucket: string;
  destinationKey: string;
}

function transferBody(body: Record<string, unknown>): Transfer {
  const bucket = reqString(body, "bucketId");
  const sourceKey = reqString(body, "sourceKey");
  const destinationKey = reqString(body, "destinationKey");
  const destinationBucket = optString(body, "destinationBucket") || bucket;
  mustBeValidKey(destinationKey);
  return { bucket, sourceKey, destinationBucket, destinationKey };
}

/** POST /object/move {bucketId, sourceKey, destinationKey, destinationBucket?}. */
export async function moveObject(ctx: RequestContext): Promise<void> {
  const who = await caller(ctx);
  const t = transferBody(await readJson(ctx.req));
  const { pool, files } = ctx.services;
  const version = randomUUID();
  const destinationPath = files.filePath(t.destinationBucket, t.destinationKey, version);
  // The caller must see the source and be allowed to update it into its new name.
  await testPermission(pool, scopeOf(ctx, who), async (db) => {
    await findObject(db, t.bucket, t.sourceKey);
    await renameObject(db, { bucket: t.bucket, name: t.sourceKey }, { bucket: t.destinationBucket, name: t.destinationKey, version, owner: who.owner });
  });
  const source = await findObject(pool, t.bucket, t.sourceKey);
  if (t.bucket === t.destinationBucket && t.sourceKey === t.destinationKey) {
    sendJson(ctx.res, 200, { message: "Successfully moved", Id: source.id, Key: source.name });
    return;
  }
  await files.duplicate(files.filePath(t.bucket, t.sourceKey, source.version ?? ""), destinationPath);
  try {
    const moved = await inScope(pool, serviceScope(ctx), async (db) => {
      await lockKey(db, t.destinationBucket, t.destinationKey);
      const current = await findObject(db, t.bucket, t.sourceKey, true);
      const metadata = { ...(current.metadata ?? {}), lastModified: new Date().toISOString() };
      const row = await renameObject(
        db,
        { bucket: t.bucket, name: t.sourceKey },
        { bucket: t.destinationBucket, name: t.destinationKey, version, owner: who.owner, metadata },
      );
      return { row, oldVersion: current.version };
    });
    await files.remove(t.bucket, t.sourceKey, moved.oldVersion);
    sendJson(ctx.res, 200, { message: "Successfully moved", Id: moved.row.id, Key: moved.row.name });
  } catch (e) {
    await files.remove(t.destinationBucket, t.destinationKey, version);
    throw e;
  }
}

/** POST /object/copy {bucketId, sourceKey, destinationKey, destinationBucket?, copyMetadata?, metadata?}. */
export async function copyObject(ctx: RequestContext): Promise<void> {
  const who = await caller(ctx);
  const body = await readJson(ctx.req);
  const t = transferBody(body);
  const copyMetadata = optBoolean(body, "copyMetadata") ?? true;
  const upsert = ctx.req.headers["x-upsert"] === "true";
  const { pool, files } = ctx.services;
  const source = await inScope(pool, scopeOf(ctx, who), (db) => findObject(db, t.bucket, t.sourceKey));
  const metadata: Record<string, unknown> = { ...(source.metadata ?? {}) };
  if (!copyMetadata && body.metadata && typeof body.metadata === "object") {
    const given = body.metadata as Record<string, unknown>;
    if (typeof given.cacheControl === "string") metadata.cacheControl = given.cacheControl;
    if (typeof given.mimetype === "string") metadata.mimetype = given.mimetype;
  }
  const userMetadata = copyMetadata ? source.user_metadata : (userMetadataHeader(ctx.req) ?? null);
  const version = randomUUID();
  const destinationPath = files.filePath(t.destinationBucket, t.destinationKey, version);
  const probe = { bucket: t.destinationBucket, name: t.destinationKey, owner: who.owner, version: "1", metadata, userMetadata };
  await canUpload(pool, scopeOf(ctx, who), probe, upsert);
  await files.duplicate(files.filePath(t.bucket, t.sourceKey, source.version ?? ""), destinationPath);
  try {
    const copied = await inScope(pool, serviceScope(ctx), async (db) => {
      await lockKey(db, t.destinationBucket, t.destinationKey);
      const current = await findObjectOrNull(db, t.destinationBucket, t.destinationKey, true);
      const row = await upsertObject(db, {
        ...probe,
        version,
        metadata: { ...metadata, lastModified: new Date().toISOString() },
      });
      return { row, replaced: current?.version ?? null };
    });
    if (copied.replaced) await files.remove(t.destinationBucket, t.destinationKey, copied.replaced);
    sendJson(ctx.res, 200, { Id: copied.row.id, Key: `${t.destinationBucket}/${t.destinationKey}`, ...objectJson(copied.row) });
  } catch (e) {
    await files.remove(t.destinationBucket, t.destinationKey, version);
    throw e;
  }
}
