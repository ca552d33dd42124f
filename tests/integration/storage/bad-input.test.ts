// Bad input to /storage/v1 gets a clear 4xx in Storage's shape, never a 5xx, and writes
// nothing: missing keys, bad tokens, unknown buckets, path traversal, empty keys, malformed
// bodies and headers, wrong signed-URL tokens.
import { signWithStackKey } from "../../support/stack-keys.ts";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT_DIR } from "../../../supabase/local/config.ts";
import { serviceClient } from "../../support/supabase.ts";
import { TEST_STACK, VITEST_STACK_ENV } from "../../support/test-env.ts";
import { createBucket, filesUnder, pngBytes, sql, storageFetch } from "./helpers.ts";

const service = TEST_STACK.serviceRoleKey;
let bucket: string;

beforeAll(async () => {
  bucket = await createBucket({ public: false });
  expect((await serviceClient().storage.from(bucket).upload("file.png", pngBytes(), { contentType: "image/png" })).error).toBeNull();
});

/** A request sent byte for byte as given (fetch would normalise `..` and encode the path). */
function rawRequest(
  method: string,
  rawPath: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<{ status: number | string; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: new URL(TEST_STACK.apiUrl).port, method, path: rawPath, headers }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => {
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          // empty or not JSON
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("keys and tokens", () => {
  it("needs an apikey except on public and signed URLs, as the gateway does for REST", async () => {
    const none = await storageFetch(`/object/list/${bucket}`, { method: "POST", key: null, body: JSON.stringify({ prefix: "" }) });
    expect(none.status).toBe(401);
    expect(none.json.message).toBe("No API key found in request");
    const wrong = await storageFetch(`/object/${bucket}/file.png`, { key: "not-a-key" });
    expect(wrong.status).toBe(401);
    expect(wrong.json.message).toBe("Invalid API key");
  });

  it("refuses a bad or expired JWT on authenticated routes with jose's reason", async () => {
    const forged = await new SignJWT({ role: "service_role" })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("not-the-stack-secret-not-the-stack-secret"));
    const res = await storageFetch(`/object/authenticated/${bucket}/file.png`, { token: forged });
    expect(res.status).toBe(400);
    // The stack signs with ES256: an HS256 token is refused before its signature is looked at.
    expect(res.json).toEqual({
      statusCode: "403",
      error: "Unauthorized",
      message: '"alg" (Algorithm) Header Parameter value not allowed',
      code: "AccessDenied",
    });

    const expired = await signWithStackKey({ role: "authenticated", exp: Math.floor(Date.now() / 1000) - 60 });
    const late = await storageFetch(`/object/list/${bucket}`, { method: "POST", token: expired, body: JSON.stringify({ prefix: "" }) });
    expect(late.json).toMatchObject({ statusCode: "403", code: "AccessDenied", message: '"exp" claim timestamp check failed' });

    // GET /object/:bucket/* treats a bad token as anon: a private bucket is then "not found".
    const optional = await storageFetch(`/object/${bucket}/file.png`, { token: forged });
    expect(optional.json).toMatchObject({ statusCode: "404", code: "NoSuchBucket" });
  });

  it("refuses signed URLs with a wrong, foreign or wrongly scoped token", async () => {
    const bad = await storageFetch(`/object/sign/${bucket}/file.png?token=nonsense`, { key: null });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ statusCode: "400", code: "InvalidJWT" });
    const missing = await storageFetch(`/object/sign/${bucket}/file.png`, { key: null });
    expect(missing.json).toMatchObject({ statusCode: "400", code: "InvalidRequest" });

    const { data } = await serviceClient().storage.from(bucket).createSignedUrl("file.png", 60);
    const token = new URL(data!.signedUrl).searchParams.get("token")!;
    const elsewhere = await storageFetch(`/object/sign/${bucket}/other.png?token=${token}`, { key: null });
    expect(elsewhere.json).toMatchObject({ statusCode: "400", code: "InvalidSignature", message: "Invalid signature" });
    const asUpload = await storageFetch(`/object/upload/sign/${bucket}/file.png?token=${token}`, {
      key: null,
      method: "PUT",
      body: pngBytes(),
      headers: { "content-type": "image/png" },
    });
    expect(asUpload.json).toMatchObject({ code: "InvalidSignature", message: "Token is not scoped for upload" });
  });
});

describe("unknown buckets and bad keys", () => {
  it("answers unknown buckets with NoSuchBucket, and lists or removes nothing", async () => {
    const up = await storageFetch(`/object/no-such-bucket/a.png`, { method: "POST", key: service, body: pngBytes(), headers: { "content-type": "image/png" } });
    expect(up.status).toBe(400);
    expect(up.json).toEqual({ statusCode: "404", error: "Bucket not found", message: "Bucket not found", code: "NoSuchBucket" });
    const down = await storageFetch(`/object/no-such-bucket/a.png`, { key: service });
    expect(down.json).toMatchObject({ statusCode: "404", code: "NoSuchBucket" });
    const pub = await storageFetch(`/object/public/no-such-bucket/a.png`, { key: null });
    expect(pub.json).toMatchObject({ statusCode: "404", code: "NoSuchBucket" });
    const list = await serviceClient().storage.from("no-such-bucket").list();
    expect(list).toEqual({ data: [], error: null });
    expect((await serviceClient().storage.from("no-such-bucket").remove(["a.png"])).data).toEqual([]);
  });

  it("refuses path traversal with InvalidKey and writes nothing outside the bucket", async () => {
    const dataDir = path.join(ROOT_DIR, VITEST_STACK_ENV.STACK_DATA_DIR);
    const escaped = () =>
      [dataDir, path.dirname(dataDir), path.join(dataDir, "storage"), path.join(dataDir, "storage", bucket)].flatMap((dir) =>
        ["escape.txt", "escape.png", "b.txt"].filter((name) => fs.existsSync(path.join(dir, name))),
      );
    for (const key of ["a%2F..%2F..%2F..%2Fescape.txt", "..%2Fescape.txt", "a%2F.%2Fb.txt"]) {
      const res = await rawRequest("POST", `/storage/v1/object/${bucket}/${key}`, {
        apikey: service,
        authorization: `Bearer ${service}`,
        "content-type": "text/plain",
      }, Buffer.from("x"));
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ statusCode: "400", code: "InvalidKey" });
    }
    // A bucket an app's SQL named "..": reachable only through JSON bodies, and still refused.
    await sql(`insert into storage.buckets (id, name) values ('..', '..') on conflict do nothing`);
    const copy = await serviceClient().storage.from(bucket).copy("file.png", "escape.png", { destinationBucket: ".." });
    expect(copy.error).toMatchObject({ statusCode: "400", code: "InvalidKey" });
    expect(await sql("select name from storage.objects where bucket_id = '..'")).toEqual([]);
    expect(escaped()).toEqual([]);
    expect(filesUnder(path.join(dataDir, "storage", bucket))).toHaveLength(1);
  });

  it("refuses empty keys and bad percent-encoding", async () => {
    const empty = await storageFetch(`/object/${bucket}/`, { method: "POST", key: service, body: "x", headers: { "content-type": "text/plain" } });
    expect(empty.json).toEqual({ statusCode: "400", error: "InvalidKey", message: "Invalid key: ", code: "InvalidKey" });
    const read = await storageFetch(`/object/${bucket}/`, { key: service });
    expect(read.json).toMatchObject({ statusCode: "400", code: "InvalidKey" });
    const encoding = await rawRequest("GET", `/storage/v1/object/${bucket}/%E0%A4%A`, { apikey: service });
    expect(encoding.status).toBe(400);
    expect(encoding.json).toMatchObject({ statusCode: "400", code: "InvalidRequest" });
  });
});

describe("malformed requests", () => {
  it("answers unknown routes with Storage's 404", async () => {
    const res = await storageFetch(`/nothing/here`, { key: service });
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ statusCode: "404", error: "Not Found", code: "InvalidRequest" });
  });

  it("refuses bad JSON and wrongly typed fields with 400", async () => {
    const cases: [string, string, string][] = [
      ["POST", `/object/list/${bucket}`, "{not json"],
      ["POST", `/object/list/${bucket}`, "{}"],
      ["POST", `/object/list/${bucket}`, JSON.stringify({ prefix: "", limit: "ten" })],
      ["POST", `/object/list/${bucket}`, JSON.stringify({ prefix: "", sortBy: { column: "size" } })],
      ["DELETE", `/object/${bucket}`, JSON.stringify({ prefixes: "file.png" })],
      ["DELETE", `/object/${bucket}`, JSON.stringify({ prefixes: [] })],
      ["POST", "/object/move", JSON.stringify({ bucketId: bucket })],
      ["POST", `/object/sign/${bucket}/file.png`, JSON.stringify({ expiresIn: -5 })],
      ["POST", "/bucket", "[]"],
      ["PUT", `/bucket/${bucket}`, "{}"],
    ];
    for (const [method, route, body] of cases) {
      const res = await storageFetch(route, { method, key: service, body, headers: { "content-type": "application/json" } });
      expect(res.status, `${method} ${route} ${body}`).toBe(400);
      expect(typeof res.json.message, `${method} ${route} ${body}`).toBe("string");
    }
    expect(await sql("select count(*)::int as n from storage.objects where bucket_id = $1", [bucket])).toEqual([{ n: 1 }]);
  });

  it("refuses malformed content types, multipart bodies and ranges", async () => {
    const ct = await storageFetch(`/object/${bucket}/x.png`, { method: "POST", key: service, body: "x", headers: { "content-type": "thisisnotamimetype" } });
    expect(ct.json).toEqual({ statusCode: "415", error: "invalid_mime_type", message: "Invalid Content-Type header", code: "InvalidMimeType" });
    const noFile = await storageFetch(`/object/${bucket}/x.png`, {
      method: "POST",
      key: service,
      body: "--b\r\ncontent-disposition: form-data; name=\"cacheControl\"\r\n\r\n60\r\n--b--\r\n",
      headers: { "content-type": "multipart/form-data; boundary=b" },
    });
    expect(noFile.json).toMatchObject({ statusCode: "400", code: "InvalidRequest", message: "No content provided" });
    const cut = await storageFetch(`/object/${bucket}/x.png`, {
      method: "POST",
      key: service,
      body: "--b\r\ncontent-disposition: form-data; name=\"\"; filename=\"x.png\"\r\ncontent-type: image/png\r\n\r\nPNG without an end",
      headers: { "content-type": "multipart/form-data; boundary=b" },
    });
    expect(cut.json).toMatchObject({ statusCode: "400", code: "InvalidRequest" });
    const range = await storageFetch(`/object/${bucket}/file.png`, { key: service, headers: { range: "bytes=9999-" } });
    expect(range.status).toBe(416);
    expect(range.json).toMatchObject({ statusCode: "416", code: "InvalidRange" });
    expect(await sql("select count(*)::int as n from storage.objects where bucket_id = $1", [bucket])).toEqual([{ n: 1 }]);
  });

  it("answers huge headers with 431, not a crash", async () => {
    // Node answers 431 and closes the socket; if the close overtakes the answer the client sees a
    // reset instead. Either way no handler ran: nothing else is acceptable.
    const res = await rawRequest("GET", `/storage/v1/object/${bucket}/file.png`, { apikey: service, "x-huge": "x".repeat(20 * 1024) }).catch(
      (e: NodeJS.ErrnoException) => ({ status: e.code ?? "error", json: {} }),
    );
    expect([431, "ECONNRESET"]).toContain(res.status);
    // and the server still answers afterwards
    expect((await storageFetch(`/object/${bucket}/file.png`, { key: service })).status).toBe(200);
  });
});
