// The Storage API through supabase-js's storage client, against the local stack: round trips,
// public URLs, RLS on storage.objects deciding writes and reads (the "own folder" policies from
// Supabase's docs), bucket limits, keys, and the bytes on disk following the rows.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { anonClient, createSignedInUser, serviceClient, type TestUser } from "../../support/supabase.ts";
import { TEST_STACK } from "../../support/test-env.ts";
import { addOwnFolderPolicies, bucketDir, createBucket, filesUnder, pngBytes, sql, storageFetch, tmpDir } from "./helpers.ts";

let alice: TestUser;
let bob: TestUser;
/** Public read, writes by authenticated users under their own folder only. */
let photos: string;
/** The same policies on a private bucket. */
let privateBucket: string;

beforeAll(async () => {
  [alice, bob] = await Promise.all([createSignedInUser(), createSignedInUser()]);
  photos = await createBucket({ public: true, fileSizeLimit: 5 * 1024 * 1024, allowedMimeTypes: ["image/jpeg", "image/png", "image/webp"] });
  privateBucket = await createBucket({ public: false });
  await addOwnFolderPolicies(photos);
  await addOwnFolderPolicies(privateBucket);
});

const row = async (bucket: string, name: string) =>
  (await sql<{ name: string; owner: string | null; owner_id: string | null; version: string; metadata: Record<string, unknown> }>(
    "select name, owner, owner_id, version, metadata from storage.objects where bucket_id = $1 and name = $2",
    [bucket, name],
  ))[0];

describe("upload and download", () => {
  it("round-trips a file: row with the caller as owner, bytes on disk, same bytes back", async () => {
    const bytes = pngBytes(1000);
    const name = `${alice.id}/microscope.png`;
    const { data, error } = await alice.client.storage.from(photos).upload(name, bytes, { contentType: "image/png" });
    expect(error).toBeNull();
    expect(data).toMatchObject({ path: name, fullPath: `${photos}/${name}` });
    expect(data!.id).toMatch(/^[0-9a-f-]{36}$/);

    const stored = await row(photos, name);
    expect(stored).toMatchObject({ owner: alice.id, owner_id: alice.id });
    expect(stored.metadata).toMatchObject({ size: 1000, mimetype: "image/png", cacheControl: "max-age=3600", contentLength: 1000 });
    expect(fs.readFileSync(path.join(bucketDir(photos), name, stored.version))).toEqual(bytes);

    const download = await alice.client.storage.from(photos).download(name);
    expect(download.error).toBeNull();
    expect(Buffer.from(await download.data!.arrayBuffer())).toEqual(bytes);
  });

  it("takes multipart uploads (Blob/File) as storage-js sends them, with cacheControl and metadata", async () => {
    const bytes = pngBytes(300);
    const name = `${alice.id}/blob.png`;
    const { error } = await alice.client.storage
      .from(photos)
      .upload(name, new Blob([new Uint8Array(bytes)], { type: "image/png" }), { cacheControl: "60", metadata: { instrument: "SEM-1" } });
    expect(error).toBeNull();
    const info = await alice.client.storage.from(photos).info(name);
    expect(info.error).toBeNull();
    expect(info.data).toMatchObject({ size: 300, contentType: "image/png", cacheControl: "max-age=60", metadata: { instrument: "SEM-1" } });
    const res = await fetch(alice.client.storage.from(photos).getPublicUrl(name).data.publicUrl);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
  });

  it("serves downloads with the stored content-type, cache-control, etag, last-modified and length", async () => {
    const bytes = pngBytes(512);
    const name = `${alice.id}/headers.png`;
    await alice.client.storage.from(photos).upload(name, bytes, { contentType: "image/png", cacheControl: "600" });
    const res = await storageFetch(`/object/authenticated/${photos}/${name}`, { token: alice.accessToken });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toBe("max-age=600");
    expect(res.headers.get("content-length")).toBe("512");
    expect(res.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    expect(new Date(res.headers.get("last-modified")!).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const again = await storageFetch(`/object/authenticated/${photos}/${name}`, {
      token: alice.accessToken,
      headers: { "if-none-match": res.headers.get("etag")! },
    });
    expect(again.status).toBe(304);

    const part = await storageFetch(`/object/authenticated/${photos}/${name}`, { token: alice.accessToken, headers: { range: "bytes=0-7" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe("bytes 0-7/512");
  });

  it("gives a public URL that serves the file without any key, and HTML only as text/plain", async () => {
    const bytes = pngBytes();
    const name = `${bob.id}/public.png`;
    await bob.client.storage.from(photos).upload(name, bytes, { contentType: "image/png" });
    const { publicUrl } = anonClient().storage.from(photos).getPublicUrl(name).data;
    expect(publicUrl).toBe(`${TEST_STACK.apiUrl}/storage/v1/object/public/${photos}/${name}`);
    const res = await fetch(publicUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);

    const download = await fetch(`${publicUrl}?download=${encodeURIComponent("photo 1.png")}`);
    expect(download.headers.get("content-disposition")).toBe("attachment; filename=photo%201.png; filename*=UTF-8''photo%201.png");

    const html = await serviceClient().storage.from(privateBucket).upload("page.html", "<script>1</script>", { contentType: "text/html" });
    expect(html.error).toBeNull();
    const served = await storageFetch(`/object/${privateBucket}/page.html`, { key: TEST_STACK.serviceRoleKey });
    expect(served.headers.get("content-type")).toBe("text/plain");
  });

  it("refuses a public URL for a private bucket, and private downloads to other users", async () => {
    const name = `${alice.id}/secret.png`;
    expect((await alice.client.storage.from(privateBucket).upload(name, pngBytes(), { contentType: "image/png" })).error).toBeNull();
    const res = await fetch(alice.client.storage.from(privateBucket).getPublicUrl(name).data.publicUrl);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ statusCode: "404", error: "Bucket not found", message: "Bucket not found", code: "NoSuchBucket" });

    const asBob = await bob.client.storage.from(privateBucket).download(name);
    expect(asBob.data).toBeNull();
    expect(asBob.error).toMatchObject({ status: 400, statusCode: "404", code: "NoSuchKey", message: "Object not found" });
    const asAnon = await anonClient().storage.from(privateBucket).download(name);
    expect(asAnon.error).toMatchObject({ statusCode: "404", code: "NoSuchKey" });
    const asAlice = await alice.client.storage.from(privateBucket).download(name);
    expect(asAlice.error).toBeNull();
    expect(await alice.client.storage.from(privateBucket).exists(name)).toEqual({ data: true, error: null });
    expect((await bob.client.storage.from(privateBucket).exists(name)).data).toBe(false);
  });
});

describe("row-level security decides writes", () => {
  it("refuses a write outside the caller's folder with Storage's error, and leaves no file or row", async () => {
    const name = `${bob.id}/not-alices.png`;
    const before = filesUnder(bucketDir(photos));
    const { data, error } = await alice.client.storage.from(photos).upload(name, pngBytes(), { contentType: "image/png" });
    expect(data).toBeNull();
    expect(error).toMatchObject({ status: 400, statusCode: "403", code: "AccessDenied", message: "new row violates row-level security policy" });
    expect(await row(photos, name)).toBeUndefined();
    expect(filesUnder(bucketDir(photos))).toEqual(before);
    expect(filesUnder(tmpDir)).toEqual([]);

    const raw = await storageFetch(`/object/${photos}/${name}`, {
      method: "POST",
      token: alice.accessToken,
      headers: { "content-type": "image/png" },
      body: pngBytes(),
    });
    expect(raw.status).toBe(400);
    expect(raw.text).toBe(
      JSON.stringify({ statusCode: "403", error: "Unauthorized", message: "new row violates row-level security policy", code: "AccessDenied" }),
    );
  });

  it("refuses anonymous writes (anon has no policy)", async () => {
    const { error } = await anonClient().storage.from(photos).upload("anon/x.png", pngBytes(), { contentType: "image/png" });
    expect(error).toMatchObject({ statusCode: "403", code: "AccessDenied" });
    expect(await row(photos, "anon/x.png")).toBeUndefined();
  });

  it("lets the service role write anywhere (it bypasses RLS)", async () => {
    const name = `${bob.id}/by-service.png`;
    const { error } = await serviceClient().storage.from(photos).upload(name, pngBytes(), { contentType: "image/png" });
    expect(error).toBeNull();
    expect(await row(photos, name)).toMatchObject({ owner: null, owner_id: null });
    expect((await serviceClient().storage.from(photos).remove([name])).data).toHaveLength(1);
  });

  it("refuses to overwrite without upsert (409 Duplicate), and upsert replaces bytes and file", async () => {
    const name = `${alice.id}/twice.png`;
    const first = pngBytes(100);
    const second = pngBytes(200);
    expect((await alice.client.storage.from(photos).upload(name, first, { contentType: "image/png" })).error).toBeNull();
    const { version: firstVersion } = await row(photos, name);

    const again = await alice.client.storage.from(photos).upload(name, second, { contentType: "image/png" });
    expect(again.error).toMatchObject({ status: 400, statusCode: "409", code: "KeyAlreadyExists", message: "The resource already exists" });
    const raw = await storageFetch(`/object/${photos}/${name}`, {
      method: "POST",
      token: alice.accessToken,
      headers: { "content-type": "image/png" },
      body: second,
    });
    expect(raw.json).toEqual({ statusCode: "409", error: "Duplicate", message: "The resource already exists", code: "KeyAlreadyExists" });

    const upsert = await alice.client.storage.from(photos).upload(name, second, { contentType: "image/png", upsert: true });
    expect(upsert.error).toBeNull();
    const { version, metadata } = await row(photos, name);
    expect(version).not.toBe(firstVersion);
    expect(metadata.size).toBe(200);
    // the old version's file is gone, the new one is there
    expect(filesUnder(path.join(bucketDir(photos), alice.id, "twice.png"))).toEqual([version]);
    const download = await alice.client.storage.from(photos).download(name);
    expect(Buffer.from(await download.data!.arrayBuffer())).toEqual(second);

    const update = await alice.client.storage.from(photos).update(name, first, { contentType: "image/png" });
    expect(update.error).toBeNull();
    expect((await row(photos, name)).metadata.size).toBe(100);
  });

  it("keeps exactly one file when uploads to one key race", async () => {
    const name = `${alice.id}/race.png`;
    const results = await Promise.all(
      Array.from({ length: 6 }, () => alice.client.storage.from(photos).upload(name, pngBytes(), { contentType: "image/png", upsert: true })),
    );
    expect(results.map((r) => r.error)).toEqual(Array(6).fill(null));
    const { version } = await row(photos, name);
    expect(filesUnder(path.join(bucketDir(photos), name))).toEqual([version]);
    expect(filesUnder(tmpDir)).toEqual([]);
  });

  it("needs the update policy to upsert over someone else's file", async () => {
    const name = `${bob.id}/bobs.png`;
    expect((await bob.client.storage.from(photos).upload(name, pngBytes(), { contentType: "image/png" })).error).toBeNull();
    const { version } = await row(photos, name);
    const { error } = await alice.client.storage.from(photos).upload(name, pngBytes(), { contentType: "image/png", upsert: true });
    expect(error).toMatchObject({ statusCode: "403", code: "AccessDenied" });
    expect((await row(photos, name)).version).toBe(version);
  });

  it("removes only what the caller may delete, and the files with the rows", async () => {
    const mine = `${alice.id}/to-remove.png`;
    const theirs = `${bob.id}/keep.png`;
    await alice.client.storage.from(photos).upload(mine, pngBytes(), { contentType: "image/png" });
    await bob.client.storage.from(photos).upload(theirs, pngBytes(), { contentType: "image/png" });
    const mineVersion = (await row(photos, mine)).version;

    const { data, error } = await alice.client.storage.from(photos).remove([mine, theirs, `${alice.id}/never-existed.png`]);
    expect(error).toBeNull();
    expect(data!.map((o) => o.name)).toEqual([mine]);
    expect(await row(photos, mine)).toBeUndefined();
    expect(await row(photos, theirs)).toBeDefined();
    expect(fs.existsSync(path.join(bucketDir(photos), mine, mineVersion))).toBe(false);
    expect(fs.existsSync(path.join(bucketDir(photos), mine))).toBe(false); // empty folders go too
  });
});

describe("what policies see", () => {
  it("sees the caller's JWT claims and Storage's operation name", async () => {
    const bucket = await createBucket();
    // Alice (by the e-mail claim) may list this bucket, but not download from it.
    await sql(
      `create policy "${bucket}: alice lists" on storage.objects for select to authenticated
         using (bucket_id = '${bucket}' and (select auth.jwt() ->> 'email') = '${alice.email}'
                and storage.allow_only_operation('object.list'))`,
    );
    await serviceClient().storage.from(bucket).upload("report.png", pngBytes(), { contentType: "image/png" });
    expect((await alice.client.storage.from(bucket).list()).data!.map((e) => e.name)).toEqual(["report.png"]);
    expect((await bob.client.storage.from(bucket).list()).data).toEqual([]);
    expect((await alice.client.storage.from(bucket).download("report.png")).error).toMatchObject({ code: "NoSuchKey" });
  });
});

describe("listing", () => {
  it("lists folders and files one level deep, only what the caller's select policies show", async () => {
    await alice.client.storage.from(photos).upload(`${alice.id}/list/a.png`, pngBytes(), { contentType: "image/png" });
    await alice.client.storage.from(photos).upload(`${alice.id}/list/b.png`, pngBytes(), { contentType: "image/png" });
    await alice.client.storage.from(photos).upload(`${alice.id}/list/sub/c.png`, pngBytes(), { contentType: "image/png" });
    await bob.client.storage.from(photos).upload(`${bob.id}/list/z.png`, pngBytes(), { contentType: "image/png" });

    const root = await alice.client.storage.from(photos).list();
    expect(root.error).toBeNull();
    expect(root.data!.map((e) => e.name)).toEqual([alice.id]);
    expect(root.data![0]).toMatchObject({ id: null, metadata: null });

    const folder = await alice.client.storage.from(photos).list(`${alice.id}/list`);
    expect(folder.data!.map((e) => [e.name, e.id === null])).toEqual([
      ["a.png", false],
      ["b.png", false],
      ["sub", true],
    ]);
    expect(folder.data![0]!.metadata).toMatchObject({ mimetype: "image/png", size: 256 });

    const page = await alice.client.storage.from(photos).list(`${alice.id}/list`, { limit: 1, offset: 1 });
    expect(page.data!.map((e) => e.name)).toEqual(["b.png"]);
    const desc = await alice.client.storage.from(photos).list(`${alice.id}/list`, { sortBy: { column: "name", order: "desc" } });
    expect(desc.data!.map((e) => e.name)).toEqual(["sub", "b.png", "a.png"]);
    const search = await alice.client.storage.from(photos).list(`${alice.id}/list`, { search: "b" });
    expect(search.data!.map((e) => e.name)).toEqual(["b.png"]);

    // Bob's folder exists, but not for Alice; anon sees nothing even in a public bucket.
    expect((await alice.client.storage.from(photos).list(`${bob.id}/list`)).data).toEqual([]);
    expect((await anonClient().storage.from(photos).list()).data).toEqual([]);
    const everything = await serviceClient().storage.from(photos).list();
    expect(everything.data!.map((e) => e.name).sort()).toEqual([alice.id, bob.id].sort());
  });
});

describe("bucket limits", () => {
  it("refuses a file over the bucket's file_size_limit, raw or multipart, and keeps nothing", async () => {
    const limited = await createBucket({ public: true, fileSizeLimit: 5 * 1024 * 1024 });
    const tooBig = Buffer.alloc(5 * 1024 * 1024 + 1, 1);
    const before = filesUnder(bucketDir(limited));
    const raw = await serviceClient().storage.from(limited).upload("big.png", tooBig, { contentType: "image/png" });
    expect(raw.error).toMatchObject({ status: 400, statusCode: "413", code: "EntityTooLarge", message: "The object exceeded the maximum allowed size" });
    const multipart = await serviceClient().storage.from(limited).upload("big.png", new Blob([new Uint8Array(tooBig)], { type: "image/png" }));
    expect(multipart.error).toMatchObject({ statusCode: "413", code: "EntityTooLarge" });
    expect(await row(limited, "big.png")).toBeUndefined();
    expect(filesUnder(bucketDir(limited))).toEqual(before);
    expect(filesUnder(tmpDir)).toEqual([]);

    const exactly = await serviceClient().storage.from(limited).upload("max.png", tooBig.subarray(1), { contentType: "image/png" });
    expect(exactly.error).toBeNull();
  });

  it("answers an oversized upload before reading its body", async () => {
    const limited = await createBucket({ fileSizeLimit: 1024 });
    // Declares 10 GB but sends a few bytes: only an answer that does not wait for the body passes.
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${TEST_STACK.apiUrl}/storage/v1/object/${limited}/huge.bin`, {
        method: "POST",
        headers: {
          apikey: TEST_STACK.serviceRoleKey,
          authorization: `Bearer ${TEST_STACK.serviceRoleKey}`,
          "content-type": "application/octet-stream",
          "content-length": String(10 * 1024 ** 3),
        },
      });
      req.on("response", (r) => {
        let body = "";
        r.on("data", (c: Buffer) => (body += c.toString()));
        r.on("end", () => resolve({ status: r.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.write(Buffer.alloc(1024));
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ statusCode: "413", code: "EntityTooLarge" });
  });

  it("refuses a streamed body without a length once it passes the limit", async () => {
    const limited = await createBucket({ fileSizeLimit: 64 * 1024 });
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 8 * 1024 * 1024) return controller.close();
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const { error } = await serviceClient().storage.from(limited).upload("stream.bin", stream, { contentType: "application/octet-stream" });
    expect(error).toMatchObject({ statusCode: "413", code: "EntityTooLarge" });
    expect(filesUnder(bucketDir(limited))).toEqual([]);
  });

  it("refuses mime types the bucket does not allow", async () => {
    const { error } = await alice.client.storage.from(photos).upload(`${alice.id}/doc.pdf`, Buffer.from("%PDF"), { contentType: "application/pdf" });
    expect(error).toMatchObject({ status: 400, statusCode: "415", code: "InvalidMimeType", message: "mime type application/pdf is not supported" });
    const blob = await alice.client.storage.from(photos).upload(`${alice.id}/doc2.pdf`, new Blob(["%PDF"], { type: "application/pdf" }));
    expect(blob.error).toMatchObject({ statusCode: "415", code: "InvalidMimeType" });
    const webp = await alice.client.storage.from(photos).upload(`${alice.id}/ok.webp`, Buffer.from("RIFF"), { contentType: "image/webp" });
    expect(webp.error).toBeNull();
  });
});

describe("keys", () => {
  it("accepts spaces and Storage's other safe characters", async () => {
    const name = `${alice.id}/SEM photo (1) & more.png`;
    const { error } = await alice.client.storage.from(photos).upload(name, pngBytes(), { contentType: "image/png" });
    expect(error).toBeNull();
    expect(await row(photos, name)).toBeDefined();
    const res = await fetch(alice.client.storage.from(photos).getPublicUrl(name).data.publicUrl);
    expect(res.status).toBe(200);
    const listed = await alice.client.storage.from(photos).list(alice.id, { search: "SEM photo" });
    expect(listed.data!.map((e) => e.name)).toEqual(["SEM photo (1) & more.png"]);
  });

  it("refuses Chinese (non-ASCII) names with InvalidKey, as hosted Supabase does", async () => {
    const name = `${alice.id}/扫描电镜 照片.png`;
    const { error } = await alice.client.storage.from(photos).upload(name, pngBytes(), { contentType: "image/png" });
    expect(error).toMatchObject({ status: 400, statusCode: "400", code: "InvalidKey", message: `Invalid key: ${name}` });
    expect(await row(photos, name)).toBeUndefined();
  });
});

describe("move, copy and signed URLs", () => {
  it("moves and copies within the caller's policies", async () => {
    const from = `${alice.id}/move-me.png`;
    const bytes = pngBytes();
    await alice.client.storage.from(photos).upload(from, bytes, { contentType: "image/png" });
    const moved = await alice.client.storage.from(photos).move(from, `${alice.id}/moved.png`);
    expect(moved.error).toBeNull();
    expect(await row(photos, from)).toBeUndefined();
    const copied = await alice.client.storage.from(photos).copy(`${alice.id}/moved.png`, `${alice.id}/copy.png`);
    expect(copied.error).toBeNull();
    expect(copied.data).toEqual({ path: `${photos}/${alice.id}/copy.png` });
    const download = await alice.client.storage.from(photos).download(`${alice.id}/copy.png`);
    expect(Buffer.from(await download.data!.arrayBuffer())).toEqual(bytes);

    const intoBobs = await alice.client.storage.from(photos).move(`${alice.id}/moved.png`, `${bob.id}/stolen.png`);
    expect(intoBobs.error).toMatchObject({ statusCode: "403", code: "AccessDenied" }); // update's with check
    const copyToBobs = await alice.client.storage.from(photos).copy(`${alice.id}/copy.png`, `${bob.id}/stolen.png`);
    expect(copyToBobs.error).toMatchObject({ statusCode: "403", code: "AccessDenied" });
    expect(await row(photos, `${bob.id}/stolen.png`)).toBeUndefined();
  });

  it("signs download URLs for what the caller can read; the URL needs no key", async () => {
    const name = `${alice.id}/signed.png`;
    const bytes = pngBytes();
    await alice.client.storage.from(privateBucket).upload(name, bytes, { contentType: "image/png" });
    const { data, error } = await alice.client.storage.from(privateBucket).createSignedUrl(name, 60);
    expect(error).toBeNull();
    const res = await fetch(data!.signedUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get("expires")).toBeTruthy();
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);

    const forBob = await bob.client.storage.from(privateBucket).createSignedUrl(name, 60);
    expect(forBob.error).toMatchObject({ statusCode: "404", code: "NoSuchKey" });
    const many = await bob.client.storage.from(privateBucket).createSignedUrls([name], 60);
    expect(many.data).toEqual([
      { error: "Either the object does not exist or you do not have access to it", path: name, signedURL: null, signedUrl: null },
    ]);

    const otherObject = data!.signedUrl.replace("signed.png", "other.png");
    expect((await fetch(otherObject)).status).toBe(400);
  });

  it("signs upload URLs after the RLS check; the upload needs no key", async () => {
    const name = `${alice.id}/via-signed-url.png`;
    const signed = await alice.client.storage.from(photos).createSignedUploadUrl(name);
    expect(signed.error).toBeNull();
    const bytes = pngBytes();
    const uploaded = await anonClient().storage.from(photos).uploadToSignedUrl(name, signed.data!.token, bytes, { contentType: "image/png" });
    expect(uploaded.error).toBeNull();
    expect(await row(photos, name)).toMatchObject({ owner: alice.id });

    const notAllowed = await alice.client.storage.from(photos).createSignedUploadUrl(`${bob.id}/x.png`);
    expect(notAllowed.error).toMatchObject({ statusCode: "403", code: "AccessDenied" });
  });
});
