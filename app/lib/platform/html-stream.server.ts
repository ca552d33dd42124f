// React 18.3's streaming renderer encodes HTML into 2,048-byte views. When a multi-byte UTF-8
// character (every Chinese character is 3 bytes) does not fit at the end of a view, it flushes the
// whole view instead of the bytes written, so 1–3 NUL bytes reach the page ("粉末样品\0\0，"),
// shown by browsers as "��" (facebook/react#24985, fixed by #26228 in React 19 only).
// This stream drops exactly those bytes: trailing NULs of a full-size view. HTML from our data
// never contains NUL (Postgres text cannot hold it), so nothing real is removed.
import { Transform, type TransformCallback } from "node:stream";

/** The view size React 18 uses (`VIEW_SIZE` in react-dom/server.node). */
export const REACT_VIEW_SIZE = 2048;
/** A view can end at most 3 bytes short: the longest UTF-8 character is 4 bytes. */
const MAX_PADDING = 3;

export function withoutViewPadding(chunk: Uint8Array): Uint8Array {
  if (chunk.byteLength !== REACT_VIEW_SIZE) return chunk;
  let end = chunk.byteLength;
  while (end > chunk.byteLength - MAX_PADDING && chunk[end - 1] === 0) end--;
  return end === chunk.byteLength ? chunk : chunk.subarray(0, end);
}

/**
 * Most bytes the filter holds before passing them on, when React has not flushed yet. React writes
 * 2 KB views; each chunk that reaches the response costs a trip through the web stream Remix wraps
 * the body in and a call into zlib (compression), so a page passes on in a few large chunks:
 * about a third of the compression's CPU time for the same bytes (bench/instrument-page.ts).
 */
export const COALESCE_BYTES = 64 * 1024;

/**
 * Put between React's `pipe()` and the response body: drops the view padding, and hands the bytes
 * on in large chunks. React calls `flush()` on its destination after every batch it completes (the
 * shell, a Suspense boundary), so everything React has finished goes out at once, as before.
 */
export function createViewPaddingFilter(): Transform & { flush(): void } {
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  const release = (stream: Transform) => {
    if (heldBytes === 0) return;
    const chunk = held.length === 1 ? held[0] : Buffer.concat(held, heldBytes);
    held = [];
    heldBytes = 0;
    stream.push(chunk);
  };
  const filter = new Transform({
    transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : withoutViewPadding(chunk);
      held.push(bytes);
      heldBytes += bytes.byteLength;
      if (heldBytes >= COALESCE_BYTES) release(this);
      callback();
    },
    flush(callback: TransformCallback) {
      release(this);
      callback();
    },
  });
  return Object.assign(filter, { flush: () => release(filter) });
}
