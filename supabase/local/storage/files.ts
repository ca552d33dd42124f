// Object bytes on disk. An upload streams into a temp file (never the whole body in memory),
// counting and hashing as it goes, and only moves into place once the database row is written;
// readers always open a complete file because every version has its own name.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { entityTooLarge, invalidKey, noSuchKey } from "./errors.ts";
import { bucketDirPath, objectFilePath } from "./keys.ts";

export interface ReceivedFile {
  tmpPath: string;
  size: number;
  /** Quoted MD5, the ETag S3 gives a single-part upload. */
  eTag: string;
}

class TooLarge extends Error {}

/** Counts and hashes bytes; fails as soon as more than `limit` have passed. */
class Meter extends Transform {
  size = 0;
  private readonly hash = createHash("md5");

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.limit) return callback(new TooLarge());
    this.hash.update(chunk);
    callback(null, chunk);
  }

  digest(): string {
    return `"${this.hash.digest("hex")}"`;
  }
}

export class FileStore {
  constructor(
    /** `<dataDir>/storage`: one folder per bucket. */
    readonly root: string,
    /** `<dataDir>/storage-tmp`: beside the root (same file system, so rename is atomic), never a bucket. */
    readonly tmpRoot: string,
  ) {}

  /** Empties the temp folder: uploads cut short by a crash leave files there. */
  init(): void {
    fs.rmSync(this.tmpRoot, { recursive: true, force: true });
    fs.mkdirSync(this.tmpRoot, { recursive: true });
    fs.mkdirSync(this.root, { recursive: true });
  }

  filePath(bucket: string, key: string, version: string): string {
    return objectFilePath(this.root, bucket, key, version);
  }

  /** Streams `body` to a temp file; throws EntityTooLarge (and removes the file) past `limit`. */
  async receive(body: AsyncIterable<Buffer> | NodeJS.ReadableStream, limit: number): Promise<ReceivedFile> {
    const tmpPath = path.join(this.tmpRoot, randomUUID());
    const meter = new Meter(limit);
    try {
      await pipeline(body, meter, fs.createWriteStream(tmpPath, { flags: "wx" }));
    } catch (e) {
      await fsp.rm(tmpPath, { force: true });
      if (e instanceof TooLarge) throw entityTooLarge();
      throw e;
    }
    return { tmpPath, size: meter.size, eTag: meter.digest() };
  }

  /** Moves a received file to its final name (rename: readers never see half a file). */
  async place(tmpPath: string, finalPath: string): Promise<void> {
    try {
      await fsp.mkdir(path.dirname(finalPath), { recursive: true });
      await fsp.rename(tmpPath, finalPath);
    } catch (e) {
      throw asKeyError(e, finalPath);
    }
  }

  /** A copy for copy/move, made under a temp name first for the same reason. */
  async duplicate(sourcePath: string, finalPath: string): Promise<void> {
    const tmpPath = path.join(this.tmpRoot, randomUUID());
    try {
      await fsp.copyFile(sourcePath, tmpPath);
    } catch (e) {
      // a row without a file (inserted by SQL): Storage's backend answers NoSuchKey too
      if ((e as NodeJS.ErrnoException).code === "ENOENT") throw noSuchKey();
      throw e;
    }
    try {
      await this.place(tmpPath, finalPath);
    } finally {
      await fsp.rm(tmpPath, { force: true });
    }
  }

  async discard(tmpPath: string): Promise<void> {
    await fsp.rm(tmpPath, { force: true });
  }

  /** Removes an object's file and the folders it leaves empty, up to the bucket folder. */
  async remove(bucket: string, key: string, version: string | null): Promise<void> {
    if (!version) return;
    let target: string;
    try {
      target = this.filePath(bucket, key, version);
    } catch {
      return; // a row inserted by SQL with a key the API would refuse: it never had a file
    }
    await fsp.rm(target, { force: true });
    const stop = bucketDirPath(this.root, bucket);
    for (let dir = path.dirname(target); dir.startsWith(stop + path.sep); dir = path.dirname(dir)) {
      try {
        await fsp.rmdir(dir);
      } catch {
        break; // not empty (or already gone)
      }
    }
  }

  async removeBucket(bucket: string): Promise<void> {
    await fsp.rm(bucketDirPath(this.root, bucket), { recursive: true, force: true });
  }
}

/** A key too long for the file system is the caller's fault, as S3 would refuse it too. */
function asKeyError(e: unknown, finalPath: string): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENAMETOOLONG" || code === "ENOTDIR" || code === "EISDIR") {
    return invalidKey(path.basename(path.dirname(finalPath)), "cannot be stored");
  }
  return e;
}
