// SQL on storage.buckets and storage.objects, the statements Storage itself runs (a plain
// insert for a new object, insert … on conflict do update … returning for an upsert), so that
// Postgres applies the same policies: insert for upload; insert, update and select for upsert.
import type pg from "pg";
import { type Db, type Scope, testPermission } from "./db.ts";
import { StorageError, keyAlreadyExists, noSuchBucket, noSuchKey } from "./errors.ts";

export interface BucketRow {
  id: string;
  name: string;
  owner: string | null;
  owner_id: string | null;
  public: boolean;
  file_size_limit: number | null;
  allowed_mime_types: string[] | null;
  type: string;
  created_at: Date;
  updated_at: Date;
}

export interface ObjectRow {
  id: string;
  bucket_id: string;
  name: string;
  owner: string | null;
  owner_id: string | null;
  version: string | null;
  metadata: Record<string, unknown> | null;
  user_metadata: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
  last_accessed_at: Date;
}

/** What Storage keeps in objects.metadata for a stored file. */
export interface FileMetadata {
  eTag: string;
  size: number;
  mimetype: string;
  cacheControl: string;
  lastModified: string;
  contentLength: number;
  httpStatusCode: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-5][0-9a-f]{3}-[089ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** owner is a uuid column (deprecated); owner_id keeps any `sub`. */
export function ownerColumns(owner: string | undefined): { owner: string | null; owner_id: string | null } {
  return { owner: owner && UUID.test(owner) ? owner : null, owner_id: owner ?? null };
}

export async function findBucket(db: Db, id: string, options: { mustBePublic?: boolean; forUpdate?: boolean } = {}): Promise<BucketRow> {
  const { rows } = await db.query<BucketRow>(
    `select id, name, owner, owner_id, public, file_size_limit, allowed_mime_types, type, created_at, updated_at
       from storage.buckets where id = $1 ${options.mustBePublic ? "and public" : ""} limit 1
       ${options.forUpdate ? "for update" : ""}`,
    [id],
  );
  if (!rows[0]) throw noSuchBucket();
  return rows[0];
}

export async function findObject(db: Db, bucket: string, name: string, lock = false): Promise<ObjectRow> {
  const found = await findObjectOrNull(db, bucket, name, lock);
  if (!found) throw noSuchKey();
  return found;
}

export async function findObjectOrNull(db: Db, bucket: string, name: string, lock = false): Promise<ObjectRow | null> {
  const { rows } = await db.query<ObjectRow>(
    `select * from storage.objects where name = $1 and bucket_id = $2 limit 1 ${lock ? "for update" : ""}`,
    [name, bucket],
  );
  return rows[0] ?? null;
}

export interface NewObject {
  bucket: string;
  name: string;
  owner: string | undefined;
  version: string;
  metadata: Record<string, unknown>;
  userMetadata: Record<string, unknown> | null | undefined;
}

export async function insertObject(db: Db, o: NewObject): Promise<void> {
  const who = ownerColumns(o.owner);
  await db.query(
    `insert into storage.objects (bucket_id, name, owner, owner_id, version, metadata, user_metadata)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [o.bucket, o.name, who.owner, who.owner_id, o.version, o.metadata, o.userMetadata ?? null],
  );
}

export async function upsertObject(db: Db, o: NewObject): Promise<ObjectRow> {
  const who = ownerColumns(o.owner);
  const { rows } = await db.query<ObjectRow>(
    `insert into storage.objects (bucket_id, name, owner, owner_id, version, metadata, user_metadata)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (bucket_id, name) do update
       set version = excluded.version, metadata = excluded.metadata, user_metadata = excluded.user_metadata,
           owner = coalesce(excluded.owner, storage.objects.owner),
           owner_id = coalesce(excluded.owner_id, storage.objects.owner_id)
     returning *`,
    [o.bucket, o.name, who.owner, who.owner_id, o.version, o.metadata, o.userMetadata ?? null],
  );
  return rows[0]!;
}

/**
 * Storage's canUpload: would the caller's insert (or upsert) pass RLS and constraints? Rolled
 * back either way. A new object on a taken key is KeyAlreadyExists (409 Duplicate).
 */
export async function canUpload(pool: pg.Pool, scope: Scope, probe: NewObject, upsert: boolean): Promise<void> {
  try {
    await testPermission(pool, scope, (db) => (upsert ? upsertObject(db, probe) : insertObject(db, probe)));
  } catch (e) {
    if (!upsert && e instanceof StorageError && e.code === "ResourceAlreadyExists") throw keyAlreadyExists();
    throw e;
  }
}

/** Moves a row to a new name/bucket/version; no row (missing, or hidden by RLS) is NoSuchKey. */
export async function renameObject(
  db: Db,
  from: { bucket: string; name: string },
  to: { bucket: string; name: string; version: string; owner: string | undefined; metadata?: Record<string, unknown> },
): Promise<ObjectRow> {
  const who = ownerColumns(to.owner);
  const { rows } = await db.query<ObjectRow>(
    `update storage.objects
        set name = $3, bucket_id = $4, version = $5, owner = $6, owner_id = $7, metadata = coalesce($8, metadata)
      where bucket_id = $1 and name = $2
      returning *`,
    [from.bucket, from.name, to.name, to.bucket, to.version, who.owner, who.owner_id, to.metadata ?? null],
  );
  if (!rows[0]) throw noSuchKey();
  return rows[0];
}

export async function deleteObjects(db: Db, bucket: string, names: string[]): Promise<ObjectRow[]> {
  const { rows } = await db.query<ObjectRow>(
    `delete from storage.objects where bucket_id = $1 and name = any($2::text[]) returning *`,
    [bucket, names],
  );
  return rows;
}

/** Serialises writers of one key, as Storage's waitObjectLock does. */
export async function lockKey(db: Db, bucket: string, name: string): Promise<void> {
  await db.query(`select pg_advisory_xact_lock(hashtext($1))`, [`storage:${bucket}/${name}`]);
}

/** A row as Storage's object schema serialises it (timestamps as ISO strings). */
export function objectJson(o: ObjectRow): Record<string, unknown> {
  return {
    name: o.name,
    bucket_id: o.bucket_id,
    owner: o.owner ?? "",
    owner_id: o.owner_id ?? "",
    version: o.version ?? "",
    id: o.id,
    updated_at: iso(o.updated_at),
    created_at: iso(o.created_at),
    last_accessed_at: iso(o.last_accessed_at),
    metadata: o.metadata,
    user_metadata: o.user_metadata,
  };
}

export function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : value;
}
