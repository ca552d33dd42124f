// Response compression as server/index.ts applies it (server/compression.ts), over real HTTP:
// brotli for browsers that take it, with a 256 KiB window rather than brotli's 4 MiB default (the
// encoder's memory per response), gzip for the others; the page's bytes come back unchanged.
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROTLI_QUALITY, BROTLI_WINDOW_BITS, responseCompression } from "../../server/compression.ts";

// A page of the catalogue's size and kind: Chinese and English text, repeated markup.
const page = Buffer.from(
  `<!DOCTYPE html><html lang="zh-CN"><body>${Array.from({ length: 400 }, (_, i) => `<li class="instrument-card"><h3>场发射扫描电子显微镜 ${i}</h3><p>Field-emission SEM · JEOL JSM-IT800</p></li>`).join("")}</body></html>`,
);
let base = "";
let server: http.Server;

beforeAll(async () => {
  const app = express();
  app.use(responseCompression());
  app.get("/page", (_req, res) => void res.type("html").send(page));
  await new Promise<void>((resolve) => {
    server = app.listen(0, "127.0.0.1", resolve);
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The raw (still encoded) body and its Content-Encoding. */
function get(encoding: string): Promise<{ encoding: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}/page`, { headers: { "Accept-Encoding": encoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ encoding: res.headers["content-encoding"], body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

const brotli = (windowBits: number) =>
  zlib.brotliCompressSync(page, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlib.constants.BROTLI_PARAM_LGWIN]: windowBits },
  });

describe("response compression", () => {
  it("sends brotli with a 256 KiB window to browsers that take it, the page unchanged", async () => {
    const { encoding, body } = await get("gzip, deflate, br");
    expect(encoding).toBe("br");
    expect(zlib.brotliDecompressSync(body).equals(page)).toBe(true);
    // The stream header's first bits give the window (WBITS): that of lgwin 18, not of the default 22.
    expect(body[0] & 0x7f).toBe(brotli(BROTLI_WINDOW_BITS)[0] & 0x7f);
    expect(body[0] & 0x7f).not.toBe(brotli(22)[0] & 0x7f);
    // A page smaller than the window compresses as well as with the default window.
    expect(body.byteLength).toBeLessThanOrEqual(brotli(22).byteLength * 1.02);
    expect(BROTLI_WINDOW_BITS).toBe(18);
  });

  it("sends gzip to browsers that do not take brotli", async () => {
    const { encoding, body } = await get("gzip, deflate");
    expect(encoding).toBe("gzip");
    expect(zlib.gunzipSync(body).equals(page)).toBe(true);
  });
});
