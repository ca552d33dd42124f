// A Supabase Storage compatible server for the local stack: the part of the Storage API that
// @supabase/storage-js uses (buckets; upload, download, info, list, remove, move, copy; public
// and signed URLs), on the storage schema of the platform baseline and with the same status
// codes, error bodies and headers. Bytes live under <dataDir>/storage. The gateway mounts it at
// /storage/v1 after checking the apikey (public and signed URLs need none). See docs/decisions/013.
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import type pg from "pg";
import { Jwt } from "../auth/jwt.ts";
import { SigningKeys } from "../auth/keys.ts";
import type { StackConfig } from "../config.ts";
import { sendJson } from "../http.ts";
import * as buckets from "./buckets.ts";
import type { RequestContext, StorageServices } from "./context.ts";
import { readObject } from "./download.ts";
import { invalidRequest, sendStorageError } from "./errors.ts";
import { FileStore } from "./files.ts";
import * as objects from "./objects.ts";
import { signObjectUrl, signObjectUrls, signUploadUrl } from "./signing.ts";
import { createObject, updateObject, uploadToSignedUrl } from "./upload.ts";

export interface StorageServer {
  /** `path` is the URL path after `/storage/v1`, still percent-encoded, e.g. "/object/photos/a%20b.png". */
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
  close(): Promise<void>;
}

type Handler = (ctx: RequestContext) => Promise<void>;

interface Route {
  method: "GET" | "HEAD" | "POST" | "PUT" | "DELETE";
  pattern: RegExp;
  /** Storage's operation name (storage.operation() in policies). */
  operation: string;
  handler: Handler;
}

const BUCKET = "([^/]+)";
const KEY = "(.*)";
const route = (method: Route["method"], pattern: string, operation: string, handler: Handler): Route => ({
  method,
  pattern: new RegExp(`^${pattern}$`),
  operation: `storage.${operation}`,
  handler,
});

// Fixed prefixes first: as in Storage's router, /object/list/x is the list route, not bucket "list".
const routes: Route[] = [
  route("GET", `/object/public/${BUCKET}/${KEY}`, "object.get_public", readObject("public", "asset")),
  route("HEAD", `/object/public/${BUCKET}/${KEY}`, "object.info_public", readObject("public", "head")),
  route("GET", `/object/authenticated/${BUCKET}/${KEY}`, "object.get_authenticated", readObject("authenticated", "asset")),
  route("HEAD", `/object/authenticated/${BUCKET}/${KEY}`, "object.head_authenticated_info", readObject("authenticated", "head")),
  route("GET", `/object/sign/${BUCKET}/${KEY}`, "object.get_signed", readObject("signed", "asset")),
  route("GET", `/object/info/public/${BUCKET}/${KEY}`, "object.info_public", readObject("public", "info")),
  route("GET", `/object/info/authenticated/${BUCKET}/${KEY}`, "object.get_authenticated_info", readObject("authenticated", "info")),
  route("GET", `/object/info/${BUCKET}/${KEY}`, "object.get_authenticated_info", readObject("optional", "info")),
  route("POST", `/object/list/${BUCKET}`, "object.list", objects.listObjects),
  route("POST", `/object/move`, "object.move", objects.moveObject),
  route("POST", `/object/copy`, "object.copy", objects.copyObject),
  route("POST", `/object/upload/sign/${BUCKET}/${KEY}`, "object.sign_upload_url", signUploadUrl),
  route("PUT", `/object/upload/sign/${BUCKET}/${KEY}`, "object.upload_signed", uploadToSignedUrl),
  route("POST", `/object/sign/${BUCKET}/${KEY}`, "object.sign", signObjectUrl),
  route("POST", `/object/sign/${BUCKET}`, "object.sign_many", signObjectUrls),
  route("GET", `/object/${BUCKET}/${KEY}`, "object.get_authenticated", readObject("optional", "asset")),
  route("HEAD", `/object/${BUCKET}/${KEY}`, "object.head_authenticated_info", readObject("optional", "head")),
  route("POST", `/object/${BUCKET}/${KEY}`, "object.upload", createObject),
  route("PUT", `/object/${BUCKET}/${KEY}`, "object.upload_update", updateObject),
  route("DELETE", `/object/${BUCKET}/${KEY}`, "object.delete", objects.removeObject),
  route("DELETE", `/object/${BUCKET}`, "object.delete_many", objects.removeObjects),
  route("GET", `/bucket`, "bucket.list", buckets.listBuckets),
  route("POST", `/bucket`, "bucket.create", buckets.createBucket),
  route("POST", `/bucket/${BUCKET}/empty`, "bucket.empty", buckets.emptyBucket),
  route("GET", `/bucket/${BUCKET}`, "bucket.get", buckets.getBucket),
  route("PUT", `/bucket/${BUCKET}`, "bucket.update", buckets.updateBucket),
  route("DELETE", `/bucket/${BUCKET}`, "bucket.delete", buckets.deleteBucket),
];

/** Paths a browser opens without a key: public objects, signed downloads and signed uploads. */
export function isOpenStoragePath(method: string, path: string): boolean {
  if (method === "GET" || method === "HEAD") {
    return /^\/object\/(public|sign|info\/public)\//.test(path);
  }
  return method === "PUT" && path.startsWith("/object/upload/sign/");
}

/** Past this many unread bytes an early answer closes the connection instead of reading on. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

/** Reads and drops the rest of a body, up to MAX_DRAIN_BYTES; past that the socket is closed. */
function drain(req: IncomingMessage): void {
  // A body iterator that was abandoned mid-way still listens for 'readable', which would keep
  // the stream paused whatever resume() says.
  req.removeAllListeners("readable");
  let seen = 0;
  req.on("data", (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > MAX_DRAIN_BYTES) req.socket.destroy();
  });
  req.resume();
}

export function createStorageServer(config: StackConfig, pool: pg.Pool, keys: SigningKeys = SigningKeys.load(config)): StorageServer {
  const files = new FileStore(path.join(config.dataDir, "storage"), path.join(config.dataDir, "storage-tmp"));
  files.init();
  const services: StorageServices = {
    config,
    pool,
    jwt: new Jwt(keys),
    files,
    globalFileSizeLimit: config.storageFileSizeLimit,
    signedUploadUrlExpiresIn: 2 * 3600,
  };
  const inFlight = new Set<Promise<void>>();

  async function dispatch(req: IncomingMessage, res: ServerResponse, subpath: string): Promise<void> {
    const url = new URL(req.url ?? "/", "http://storage.local");
    const method = (req.method ?? "GET").toUpperCase();
    for (const r of routes) {
      if (r.method !== method) continue;
      const match = r.pattern.exec(subpath);
      if (!match) continue;
      let params: string[];
      try {
        params = match.slice(1).map((p) => decodeURIComponent(p));
      } catch {
        throw invalidRequest("Invalid URL: bad percent-encoding");
      }
      await r.handler({ services, req, res, url, params, operation: r.operation });
      return;
    }
    sendJson(res, 404, {
      statusCode: "404",
      error: "Not Found",
      message: `Route ${method}:${subpath}${url.search} not found`,
      code: "InvalidRequest",
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse, subpath: string): Promise<void> {
    try {
      await dispatch(req, res, subpath);
    } catch (e) {
      // An answer before the body was read (RLS refusal, size limit, bad bucket): a client that
      // declared a huge body is cut off at once; otherwise what it still sends is read and dropped
      // (below), so that it reads our answer instead of a broken connection.
      const declared = Number(req.headers["content-length"]);
      if (!req.complete && Number.isFinite(declared) && declared > MAX_DRAIN_BYTES) {
        res.setHeader("connection", "close");
      }
      sendStorageError(res, e);
    } finally {
      if (!req.complete) drain(req);
    }
  }

  return {
    async handle(req, res, subpath) {
      const work = handle(req, res, subpath);
      inFlight.add(work);
      try {
        await work;
      } finally {
        inFlight.delete(work);
      }
    },
    async close() {
      await Promise.allSettled([...inFlight]);
    },
  };
}
