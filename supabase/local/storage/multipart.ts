// A streaming multipart/form-data reader for uploads, as Storage reads them with
// @fastify/multipart: the text fields before the first file part (storage-js sends
// `cacheControl`, `metadata`, `contentEncoding` first, then the file), and the file itself as a
// stream, so a large upload is never held in memory. Parts after the first file are ignored.
import { noContent } from "./errors.ts";

const MAX_PART_HEADER_BYTES = 16 * 1024;
const MAX_FIELD_BYTES = 1024 * 1024 + 1024; // user metadata may be 1 MiB
const MAX_FIELDS = 50;

export interface MultipartFile {
  mimetype: string;
  filename: string;
  body: AsyncGenerator<Buffer>;
}

export interface MultipartUpload {
  fields: Map<string, string>;
  file: MultipartFile;
}

/** The boundary of a multipart/form-data content type, or null. */
export function multipartBoundary(contentType: string): string | null {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match ? (match[1] ?? match[2]) : null;
  return boundary && boundary.length <= 200 ? boundary : null;
}

function param(header: string, name: string): string | null {
  const match = new RegExp(`;\\s*${name}\\*?=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, "i").exec(header);
  if (!match) return null;
  return (match[1] ?? match[2] ?? "").replace(/\\(.)/g, "$1");
}

class Reader {
  private buffer = Buffer.alloc(0);
  private ended = false;

  constructor(private readonly source: AsyncIterator<Buffer>) {}

  private async pull(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.source.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, next.value]) : Buffer.from(next.value);
    return true;
  }

  /** Reads up to (not including) `marker` and consumes the marker; null at the end of input. */
  async readUntil(marker: Buffer, maxBytes: number): Promise<Buffer | null> {
    for (;;) {
      const at = this.buffer.indexOf(marker);
      if (at >= 0) {
        const head = this.buffer.subarray(0, at);
        this.buffer = this.buffer.subarray(at + marker.length);
        return head;
      }
      if (this.buffer.length > maxBytes + marker.length) throw noContent("Multipart part is too large");
      if (!(await this.pull())) return null;
    }
  }

  /** Streams bytes up to `marker` (consumed); a marker split across chunks is still found. */
  async *streamUntil(marker: Buffer): AsyncGenerator<Buffer> {
    for (;;) {
      const at = this.buffer.indexOf(marker);
      if (at >= 0) {
        if (at > 0) yield this.buffer.subarray(0, at);
        this.buffer = this.buffer.subarray(at + marker.length);
        return;
      }
      const safe = this.buffer.length - (marker.length - 1);
      if (safe > 0) {
        yield this.buffer.subarray(0, safe);
        this.buffer = this.buffer.subarray(safe);
      }
      if (!(await this.pull())) throw noContent("Unexpected end of form");
    }
  }

  async take(n: number): Promise<Buffer | null> {
    while (this.buffer.length < n) if (!(await this.pull())) return null;
    const head = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return head;
  }
}

/**
 * Reads fields until the first file part and returns that part's body as a stream; the caller
 * must consume it (or drain the request). No file part is Storage's "No content provided".
 */
export async function readMultipartUpload(body: AsyncIterable<Buffer>, boundary: string): Promise<MultipartUpload> {
  const reader = new Reader(body[Symbol.asyncIterator]());
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // The first boundary has no CRLF before it (anything before it is a preamble to skip).
  const preamble = await reader.readUntil(Buffer.from(`--${boundary}`), 64 * 1024);
  if (preamble === null) throw noContent();
  const fields = new Map<string, string>();
  for (let count = 0; ; count++) {
    const after = await reader.take(2);
    if (after === null || after.toString() === "--") throw noContent();
    if (after.toString() !== "\r\n") throw noContent("Malformed multipart body");
    const rawHeaders = await reader.readUntil(Buffer.from("\r\n\r\n"), MAX_PART_HEADER_BYTES);
    if (rawHeaders === null) throw noContent("Unexpected end of form");
    const headers = new Map<string, string>();
    for (const line of rawHeaders.toString("utf8").split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get("content-disposition") ?? "";
    const name = param(disposition, "name") ?? "";
    const filename = param(disposition, "filename");
    if (filename !== null) {
      return {
        fields,
        file: {
          mimetype: headers.get("content-type") || "application/octet-stream",
          filename,
          body: reader.streamUntil(delimiter),
        },
      };
    }
    if (count >= MAX_FIELDS) throw noContent("Too many multipart fields");
    const value = await reader.readUntil(delimiter, MAX_FIELD_BYTES);
    if (value === null) throw noContent("Unexpected end of form");
    if (!fields.has(name)) fields.set(name, value.toString("utf8"));
  }
}
