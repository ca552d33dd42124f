// The storage schema of the platform baseline (supabase/local/baseline.sql) against what
// Supabase Storage's migrations create: columns and types, RLS on without policies, the path
// helpers' semantics, grants, and the guards apps meet (direct deletes, long bucket names).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT_DIR } from "../../../supabase/local/config.ts";
import { sql } from "./helpers.ts";

const columns = async (table: string) =>
  (
    await sql<{ column_name: string; data_type: string; is_nullable: string; is_generated: string }>(
      `select column_name, data_type, is_nullable, is_generated from information_schema.columns
        where table_schema = 'storage' and table_name = $1 order by ordinal_position`,
      [table],
    )
  ).map((c) => `${c.column_name} ${c.data_type}${c.is_nullable === "NO" ? " not null" : ""}${c.is_generated === "ALWAYS" ? " generated" : ""}`);

describe("storage schema", () => {
  it("has storage.buckets with Storage's columns and types", async () => {
    expect(await columns("buckets")).toEqual([
      "id text not null",
      "name text not null",
      "owner uuid",
      "created_at timestamp with time zone",
      "updated_at timestamp with time zone",
      "public boolean",
      "avif_autodetection boolean",
      "file_size_limit bigint",
      "allowed_mime_types ARRAY",
      "owner_id text",
      "type USER-DEFINED not null",
      "versioning_status text not null",
    ]);
  });

  it("has storage.objects with Storage's columns and types", async () => {
    expect(await columns("objects")).toEqual([
      "id uuid not null",
      "bucket_id text",
      "name text",
      "owner uuid",
      "created_at timestamp with time zone",
      "updated_at timestamp with time zone",
      "last_accessed_at timestamp with time zone",
      "metadata jsonb",
      "path_tokens ARRAY generated",
      "version text",
      "owner_id text",
      "user_metadata jsonb",
      "archived_at timestamp with time zone",
      "is_delete_marker boolean not null",
      "is_versioned boolean not null",
    ]);
    const indexes = await sql<{ indexname: string }>(`select indexname from pg_indexes where schemaname = 'storage' and tablename = 'objects' order by 1`);
    expect(indexes.map((i) => i.indexname)).toEqual(["bucketid_objname", "name_prefix_search", "objects_pkey"]);
  });

  it("turns RLS on for both tables and leaves the policies to the app", async () => {
    const rls = await sql(`select relname, relrowsecurity from pg_class where oid in ('storage.buckets'::regclass, 'storage.objects'::regclass) order by 1`);
    expect(rls).toEqual([
      { relname: "buckets", relrowsecurity: true },
      { relname: "objects", relrowsecurity: true },
    ]);
    const baseline = fs.readFileSync(path.join(ROOT_DIR, "supabase", "local", "baseline.sql"), "utf8");
    expect(baseline).not.toMatch(/create\s+policy/i);
  });

  it("grants the API roles what Supabase grants them", async () => {
    for (const role of ["anon", "authenticated", "service_role"]) {
      const [row] = await sql(
        `select has_schema_privilege($1, 'storage', 'usage') as usage,
                has_table_privilege($1, 'storage.objects', 'select, insert, update, delete') as objects,
                has_table_privilege($1, 'storage.buckets', 'select, insert, update, delete') as buckets,
                has_function_privilege($1, 'storage.foldername(text)', 'execute') as helpers,
                has_function_privilege($1, 'storage.search(text, text, integer, integer, integer, text, text, text)', 'execute') as search`,
        [role],
      );
      expect(row, role).toEqual({ usage: true, objects: true, buckets: true, helpers: true, search: true });
    }
    const [bypass] = await sql(`select rolbypassrls from pg_roles where rolname = 'service_role'`);
    expect(bypass).toEqual({ rolbypassrls: true });
  });

  it("gives foldername, filename and extension Storage's semantics", async () => {
    const rows = await sql(
      `select n, storage.foldername(n) as folders, storage.filename(n) as file, storage.extension(n) as ext
         from unnest(array['user-1/photos/sem.png', 'sem.png', 'a/archive.tar.gz', 'a/noext', 'a/b/']) as n`,
    );
    expect(rows).toEqual([
      { n: "user-1/photos/sem.png", folders: ["user-1", "photos"], file: "sem.png", ext: "png" },
      { n: "sem.png", folders: [], file: "sem.png", ext: "png" },
      { n: "a/archive.tar.gz", folders: ["a"], file: "archive.tar.gz", ext: "gz" },
      { n: "a/noext", folders: ["a"], file: "noext", ext: "noext" },
      { n: "a/b/", folders: ["a", "b"], file: "", ext: "" },
    ]);
  });

  it("lets an app's migration insert buckets, and keeps Storage's guards", async () => {
    const id = `schema-${Date.now()}`;
    await sql(`insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types) values ($1, $1, true, 5242880, '{image/png}')`, [id]);
    const [bucket] = await sql(`select owner, type::text, public, created_at is not null as stamped from storage.buckets where id = $1`, [id]);
    expect(bucket).toEqual({ owner: null, type: "STANDARD", public: true, stamped: true });
    await expect(sql(`insert into storage.buckets (id, name) values ($1, $2)`, [`${id}-long`, "x".repeat(101)])).rejects.toThrow(/too long/);

    await sql(`insert into storage.objects (bucket_id, name, metadata) values ($1, 'a/b/c.png', '{}')`, [id]);
    const [object] = await sql<{ path_tokens: string[]; updated_at: Date }>(`select path_tokens, updated_at from storage.objects where bucket_id = $1`, [id]);
    expect(object.path_tokens).toEqual(["a", "b", "c.png"]);
    await sql(`update storage.objects set metadata = '{"x": 1}' where bucket_id = $1`, [id]);
    const [touched] = await sql<{ updated_at: Date }>(`select updated_at from storage.objects where bucket_id = $1`, [id]);
    expect(touched.updated_at.getTime()).toBeGreaterThan(object.updated_at.getTime());

    // A plain delete would orphan the files: Storage refuses it unless its API is the caller.
    await expect(sql(`delete from storage.objects where bucket_id = $1`, [id])).rejects.toThrow(/Direct deletion from storage tables is not allowed/);
    await expect(sql(`delete from storage.buckets where id = $1`, [id])).rejects.toThrow(/Direct deletion/);
  });
});
