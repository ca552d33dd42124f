// Bucket routes. Like Storage they run as the caller, so with storage.buckets' RLS and no
// policies only the service role sees or changes buckets; emptying is for the service role only.
import { sendJson } from "../http.ts";
import { type RequestContext, caller, optBoolean, optInteger, optString, readJson, scopeOf, serviceScope } from "./context.ts";
import { inScope } from "./db.ts";
import {
  StorageError,
  accessDenied,
  bucketAlreadyExists,
  bucketNotEmpty,
  entityTooLarge,
  invalidMimeType,
  noContent,
  noSuchBucket,
  validationError,
} from "./errors.ts";
import { mustBeValidBucketName } from "./keys.ts";
import { type BucketRow, type ObjectRow, findBucket, iso, ownerColumns } from "./rows.ts";

/** A bucket as Storage serialises it; only the list carries `type` (getBucket never selects it). */
function bucketJson(b: BucketRow, withType: boolean): Record<string, unknown> {
  return {
    id: b.id,
    name: b.name,
    owner: b.owner ?? "",
    public: b.public,
    ...(withType ? { type: b.type } : {}),
    file_size_limit: b.file_size_limit === null ? null : Number(b.file_size_limit),
    allowed_mime_types: b.allowed_mime_types,
    created_at: iso(b.created_at),
    updated_at: iso(b.updated_at),
  };
}

/** "5MB", "500KB", "1.5GB", "10B" in decimal units, as Storage's parseFileSizeToBytes. */
function parseSize(value: string): number {
  const match = /^([0-9]+(?:\.[0-9]+)?)(gb|mb|kb|b)$/i.exec(value);
  if (!match) throw new StorageError(400, "InvalidRequest", "Invalid file size format, hint: use 20GB / 20MB / 30KB / 3B");
  const n = Number(Number.parseFloat(match[1]!).toPrecision(3));
  const unit = { GB: 1e9, MB: 1e6, KB: 1e3, B: 1 }[match[2]!.toUpperCase() as "GB" | "MB" | "KB" | "B"];
  return Math.round(n * unit);
}

/** file_size_limit: a byte count, a size string, or null (no bucket limit); never above the project's. */
function fileSizeLimit(ctx: RequestContext, body: Record<string, unknown>): number | null | undefined {
  const raw = body.file_size_limit;
  if (raw === undefined) return undefined;
  if (raw === null) return null;
  let bytes: number;
  if (typeof raw === "string") bytes = parseSize(raw);
  else if (typeof raw === "number" && Number.isSafeInteger(raw) && raw >= 0) bytes = raw;
  else throw validationError("body/file_size_limit must be integer or string");
  if (bytes > ctx.services.globalFileSizeLimit) throw entityTooLarge();
  return bytes;
}

function allowedMimeTypes(body: Record<string, unknown>): string[] | null | undefined {
  const raw = body.allowed_mime_types;
  if (raw === undefined) return undefined;
  if (raw === null) return null;
  if (!Array.isArray(raw)) throw validationError("body/allowed_mime_types must be array");
  const types = raw.filter((t): t is string => typeof t === "string" && t !== "");
  for (const type of types) {
    if (type.length > 1000 || !/^([a-zA-Z0-9\-+.]+)\/([a-zA-Z0-9\-+.]+)(;\s*charset=[a-zA-Z0-9-]+)?$|\*$/.test(type)) {
      throw invalidMimeType(type);
    }
  }
  return types;
}

/** GET /bucket?limit&offset&sortColumn&sortOrder&search */
export async function listBuckets(ctx: RequestContext): Promise<void> {
  const who = await caller(ctx);
  const q = ctx.url.searchParams;
  const values: unknown[] = [];
  const where: string[] = [];
  const search = q.get("search");
  if (search) {
    values.push(`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`name ilike $${values.length}`);
  }
  const column = q.get("sortColumn");
  if (column && !["id", "name", "created_at", "updated_at"].includes(column)) {
    throw validationError("querystring/sortColumn must be equal to one of the allowed values");
  }
  const order = q.get("sortOrder") === "desc" ? "desc" : "asc";
  let paging = "";
  for (const name of ["limit", "offset"] as const) {
    const raw = q.get(name);
    if (raw === null) continue;
    const n = optInteger({ [name]: Number(raw) }, name, name === "limit" ? 1 : 0);
    values.push(n);
    paging += ` ${name} $${values.length}`;
  }
  const rows = await inScope(ctx.services.pool, scopeOf(ctx, who), async (db) => {
    const { rows } = await db.query<BucketRow>(
      `select id, name, owner, public, created_at, updated_at, file_size_limit, allowed_mime_types, type
         from storage.buckets ${where.length ? `where ${where.join(" and ")}` : ""}
         ${column ? `order by ${column} ${order}` : ""} ${paging}`,
      values,
    );
    return rows;
  });
  sendJson(ctx.res, 200, rows.map((b) => bucketJson(b, true)));
}

/** GET /bucket/:id */
export async function getBucket(ctx: RequestContext): Promise<void> {
  const who = await caller(ctx);
  const [id] = ctx.params as [string];
  const bucket = await inScope(ctx.services.pool, scopeOf(ctx, who), (db) => findBucket(db, id));
  sendJson(ctx.res, 200, bucketJson(bucket, false));
}

/** POST /bucket {id?, name, public, file_size_limit, allowed_mime_types} → {name} */
export async function createBucket(ctx: RequestContext): Promise<void> {
  const who = await caller(ctx);
  const body = await readJson(ctx.req);
  const name = optString(body, "name");
  if (name === undefined) throw validationError("body must have required property 'name'");
  const id = optString(body, "id") || name;
  const type = optString(body, "type");
  if (type !== undefined && type !== "STANDARD") {
    throw new StorageError(409, "FeatureNotEnabled", "The feature iceberg_catalog is not enabled for this resource");
  }
  mustBeValidBucketName(name);
  const isPublic = optBoolean(body, "public") ?? false;
  const limit = fileSizeLimit(ctx, body);
  const mimeTypes = allowedMimeTypes(body);
  const ownedBy = ownerColumns(who.owner);
  await inScope(ctx.services.pool, scopeOf(ctx, who), async (db) => {
    await db.query(
      `insert into storage.buckets (id, name, owner, owner_id, public, file_size_limit, allowed_mime_types, type)
       values ($1, $2, $3, $4, $5, $6, $7, 'STANDARD')`,
      [id, name, ownedBy.owner, ownedBy.owner_id, isPublic, limit ?? null, mimeTypes ?? null],
    );
  }).catch((e: unknown) => {
    throw e instanceof StorageError && e.code === "ResourceAlreadyExists" ? bucketAlreadyExists() : e;
  });
  sendJson(ctx.res, 200, { name });
}

/** PUT /bucket/:id {public?, file_size_limit?, allowed_mime_types?} */
export async function updateBucket(ctx: RequestContext): Promise<void> {
  const who = await caller(ctx);
  const body = await readJson(ctx.req);
  const [id] = ctx.params as [string];
  mustBeValidBucketName(id);
  const changes: [string, unknown][] = [];
  const isPublic = optBoolean(body, "public");
  if (isPublic !== undefined) changes.push(["public", isPublic]);
  const limit = fileSizeLimit(ctx, body);
  if (limit !== undefined) changes.push(["file_size_limit", limit]);
  const mimeTypes = allowedMimeTypes(body);
  if (mimeTypes !== undefined) changes.push(["allowed_mime_types", mimeTypes]);
  if (changes.length === 0) throw noContent();
  const updated = await inScope(ctx.services.pool, scopeOf(ctx, who), async (db) => {
    const set = changes.map(([column], i) => `${column} = $${i + 2}`).join(", ");
    const { rowCount } = await db.query(`update storage.buckets set ${set} where id = $1`, [id, ...changes.map(([, v]) => v)]);
    return rowCount ?? 0;
  });
  if (updated === 0) throw noSuchBucket();
  sendJson(ctx.res, 200, { message: "Successfully updated" });
}

/** DELETE /bucket/:id — only an empty bucket. */
export async function deleteBucket(ctx: RequestContext): Promise<void> {
  const who = await caller(ctx);
  const [id] = ctx.params as [string];
  const { pool, files } = ctx.services;
  // Existence and emptiness as the service role, then the delete as the caller (RLS decides).
  await findBucket(pool, id);
  const { rows } = await pool.query("select 1 from storage.objects where bucket_id = $1 limit 1", [id]);
  if (rows.length > 0) throw bucketNotEmpty();
  await inScope(pool, scopeOf(ctx, who), async (db) => {
    const { rowCount } = await db.query("delete from storage.buckets where id = $1", [id]);
    if (!rowCount) throw noSuchBucket();
  });
  await files.removeBucket(id);
  sendJson(ctx.res, 200, { message: "Successfully deleted" });
}

/** POST /bucket/:id/empty — service role only. Storage queues this; here it happens at once. */
export async function emptyBucket(ctx: RequestContext): Promise<void> {
  const who = await caller(ctx);
  if (who.role !== "service_role") throw accessDenied("Access denied: Invalid role", 403);
  const [id] = ctx.params as [string];
  const { pool, files } = ctx.services;
  await findBucket(pool, id);
  const removed = await inScope(pool, serviceScope(ctx), async (db) => {
    const { rows } = await db.query<ObjectRow>("delete from storage.objects where bucket_id = $1 returning *", [id]);
    return rows;
  });
  for (const row of removed) await files.remove(id, row.name, row.version);
  sendJson(ctx.res, 200, { message: "Empty bucket has been queued. Completion may take up to an hour." });
}
