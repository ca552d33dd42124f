// Bucket routes through supabase-js: with storage.buckets' RLS on and no policies (as on
// Supabase), only the service role lists, creates, updates, empties and deletes buckets.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { anonClient, createSignedInUser, serviceClient, type TestUser } from "../../support/supabase.ts";
import { bucketDir, createBucket, pngBytes, sql } from "./helpers.ts";

let user: TestUser;
beforeAll(async () => {
  user = await createSignedInUser();
});

const newId = () => `bucket-${randomUUID().slice(0, 8)}`;

describe("buckets", () => {
  it("are created, read, updated and deleted by the service role", async () => {
    const service = serviceClient();
    const id = newId();
    const created = await service.storage.createBucket(id, { public: true, fileSizeLimit: "5MB", allowedMimeTypes: ["image/png", "image/jpeg"] });
    expect(created).toEqual({ data: { name: id }, error: null });
    const { data, error } = await service.storage.getBucket(id);
    expect(error).toBeNull();
    expect(data).toMatchObject({
      id,
      name: id,
      public: true,
      file_size_limit: 5_000_000,
      allowed_mime_types: ["image/png", "image/jpeg"],
    });
    expect(data).not.toHaveProperty("type"); // as Storage: only the list carries it
    expect((await service.storage.listBuckets()).data!.find((b) => b.id === id)).toMatchObject({ type: "STANDARD", public: true });
    expect((await service.storage.listBuckets({ search: id })).data!.map((b) => b.id)).toEqual([id]);

    const updated = await service.storage.updateBucket(id, { public: false, fileSizeLimit: 1024, allowedMimeTypes: ["image/webp"] });
    expect(updated).toEqual({ data: { message: "Successfully updated" }, error: null });
    expect((await sql("select public, file_size_limit, allowed_mime_types from storage.buckets where id = $1", [id]))[0]).toEqual({
      public: false,
      file_size_limit: "1024",
      allowed_mime_types: ["image/webp"],
    });

    const again = await service.storage.createBucket(id);
    expect(again.error).toMatchObject({ status: 400, statusCode: "409", code: "BucketAlreadyExists", message: "The resource already exists" });

    expect(await service.storage.deleteBucket(id)).toEqual({ data: { message: "Successfully deleted" }, error: null });
    expect((await service.storage.getBucket(id)).error).toMatchObject({ statusCode: "404", code: "NoSuchBucket", message: "Bucket not found" });
  });

  it("are invisible to users and anon, who cannot create or change them", async () => {
    const id = await createBucket({ public: true });
    expect((await user.client.storage.listBuckets()).data).toEqual([]);
    expect((await anonClient().storage.listBuckets()).data).toEqual([]);
    expect((await user.client.storage.getBucket(id)).error).toMatchObject({ statusCode: "404", code: "NoSuchBucket" });

    const created = await user.client.storage.createBucket(newId());
    expect(created.error).toMatchObject({ statusCode: "403", code: "AccessDenied", message: "new row violates row-level security policy" });
    const updated = await user.client.storage.updateBucket(id, { public: false });
    expect(updated.error).toMatchObject({ statusCode: "404", code: "NoSuchBucket" });
    expect((await sql("select public from storage.buckets where id = $1", [id]))[0]).toEqual({ public: true });
    const emptied = await user.client.storage.emptyBucket(id);
    expect(emptied.error).toMatchObject({ status: 403, statusCode: "403", code: "AccessDenied", message: "Access denied: Invalid role" });
  });

  it("are deleted only when empty; emptying removes rows and files", async () => {
    const service = serviceClient();
    const id = await createBucket();
    await service.storage.from(id).upload("a/one.png", pngBytes(), { contentType: "image/png" });
    await service.storage.from(id).upload("two.png", pngBytes(), { contentType: "image/png" });
    expect(fs.existsSync(bucketDir(id))).toBe(true);

    const refused = await service.storage.deleteBucket(id);
    expect(refused.error).toMatchObject({ statusCode: "409", code: "ResourceNotEmpty", message: "The bucket you tried to delete is not empty" });

    expect((await service.storage.emptyBucket(id)).error).toBeNull();
    expect(await sql("select name from storage.objects where bucket_id = $1", [id])).toEqual([]);
    expect((await service.storage.deleteBucket(id)).error).toBeNull();
    expect(fs.existsSync(bucketDir(id))).toBe(false);
  });

  it("validate names, size limits and mime types as Storage does", async () => {
    const service = serviceClient();
    expect((await service.storage.createBucket("bad/name")).error).toMatchObject({ statusCode: "400", code: "InvalidBucketName" });
    expect((await service.storage.createBucket(" padded")).error).toMatchObject({ code: "InvalidBucketName" });
    expect((await service.storage.createBucket("照片")).error).toMatchObject({ code: "InvalidBucketName" });
    expect((await service.storage.createBucket(newId(), { public: false, fileSizeLimit: "5 parsecs" })).error).toMatchObject({
      statusCode: "400",
      code: "InvalidRequest",
    });
    expect((await service.storage.createBucket(newId(), { public: false, fileSizeLimit: "1GB" })).error).toMatchObject({
      statusCode: "413",
      code: "EntityTooLarge",
    });
    expect((await service.storage.createBucket(newId(), { public: false, allowedMimeTypes: ["not a mime type"] })).error).toMatchObject({
      statusCode: "415",
      code: "InvalidMimeType",
    });
  });
});
