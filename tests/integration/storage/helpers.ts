// Shared pieces of the storage contract tests: SQL as the superuser (buckets and policies are
// made the way an app's migration makes them), raw calls to /storage/v1 to see exact status codes
// and bodies, and the folder the stack keeps object bytes in.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll } from "vitest";
import { ROOT_DIR } from "../../../supabase/local/config.ts";
import { TEST_STACK, VITEST_STACK_ENV } from "../../support/test-env.ts";

let pool: pg.Pool | null = null;

export async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  pool ??= new pg.Pool({ connectionString: TEST_STACK.dbUrl, max: 2 });
  const { rows } = await pool.query<T>(text, params);
  return rows;
}

afterAll(async () => {
  await pool?.end();
  pool = null;
});

export const storageUrl = `${TEST_STACK.apiUrl}/storage/v1`;

/** Where the stack stores a bucket's files: <dataDir>/storage/<bucket>. */
export const bucketDir = (bucket: string) => path.join(ROOT_DIR, VITEST_STACK_ENV.STACK_DATA_DIR, "storage", bucket);
export const tmpDir = path.join(ROOT_DIR, VITEST_STACK_ENV.STACK_DATA_DIR, "storage-tmp");

/** Every file under a folder, relative to it (empty when the folder does not exist). */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}

export interface BucketOptions {
  public?: boolean;
  fileSizeLimit?: number | null;
  allowedMimeTypes?: string[] | null;
}

/** A bucket made by SQL, as an app's migration does (`insert into storage.buckets …`). */
export async function createBucket(options: BucketOptions = {}, prefix = "test"): Promise<string> {
  const id = `${prefix}-${randomUUID().slice(0, 8)}`;
  await sql(`insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types) values ($1, $1, $2, $3, $4)`, [
    id,
    options.public ?? false,
    options.fileSizeLimit ?? null,
    options.allowedMimeTypes ?? null,
  ]);
  return id;
}

/**
 * The policy pattern from Supabase's Storage docs: authenticated users read and write only under
 * a top-level folder named after their user id. One policy per operation, `to authenticated`.
 */
export async function addOwnFolderPolicies(bucket: string): Promise<void> {
  const mine = `bucket_id = '${bucket}' and (storage.foldername(name))[1] = (select auth.uid()::text)`;
  await sql(`create policy "${bucket}: users read their own folder" on storage.objects for select to authenticated using (${mine})`);
  await sql(`create policy "${bucket}: users upload to their own folder" on storage.objects for insert to authenticated with check (${mine})`);
  await sql(`create policy "${bucket}: users replace files in their own folder" on storage.objects for update to authenticated using (${mine}) with check (${mine})`);
  await sql(`create policy "${bucket}: users delete from their own folder" on storage.objects for delete to authenticated using (${mine})`);
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

/** A raw call to /storage/v1 with the anon key unless told otherwise. */
export async function storageFetch(
  pathAndQuery: string,
  init: { method?: string; headers?: Record<string, string>; body?: BodyInit | Buffer; key?: string | null; token?: string } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key !== null) headers.apikey = init.key ?? TEST_STACK.anonKey;
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const body = Buffer.isBuffer(init.body) ? new Uint8Array(init.body) : init.body;
  const res = await fetch(`${storageUrl}${pathAndQuery}`, { method: init.method ?? "GET", headers, body });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: a file
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Bytes that look like a PNG (the signature), unique per call so ETags differ. */
export function pngBytes(size = 256): Buffer {
  const bytes = Buffer.alloc(size, 7);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  Buffer.from(randomUUID()).copy(bytes, 8);
  return bytes;
}
