// Response compression (the `compression` middleware: brotli when the browser takes it, else
// gzip), with brotli's window at 256 KiB (lgwin 18) instead of its default 4 MiB. Pages are far
// smaller than either window, so the bytes are the same, but each response's encoder holds a
// sixteenth of the native memory: under 60 concurrent visitors the server's RSS stayed flat at
// ~310 MB instead of climbing past 490 MB (docs/decisions/024, bench/load.ts).
import zlib from "node:zlib";
import compression from "compression";

/** Brotli's quality as the middleware sets it (4: fast, and smaller than gzip's default). */
export const BROTLI_QUALITY = 4;
/** 2^18 bytes: larger than any page the app renders. */
export const BROTLI_WINDOW_BITS = 18;

export function responseCompression() {
  return compression({
    brotli: {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
        [zlib.constants.BROTLI_PARAM_LGWIN]: BROTLI_WINDOW_BITS,
      },
    },
  });
}
