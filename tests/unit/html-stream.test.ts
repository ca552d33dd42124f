import { PassThrough, type Writable } from "node:stream";
import { createElement } from "react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { createViewPaddingFilter, REACT_VIEW_SIZE, withoutViewPadding } from "~/lib/platform/html-stream.server";

/** Streams `element` with React into `destination` and returns the bytes that came out. */
function stream(element: ReturnType<typeof createElement>, destination: Writable & { read?: unknown }) {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sink = new PassThrough();
    sink.on("data", (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
    sink.on("end", () => resolve(Buffer.concat(chunks)));
    sink.on("error", reject);
    if (destination !== sink) (destination as PassThrough).pipe(sink);
    const { pipe } = renderToPipeableStream(element, { onAllReady: () => pipe(destination), onError: reject });
  });
}

/** Pages of many short Chinese texts, shifted so characters straddle 2 KB views at every offset. */
const pages = [0, 1, 2].map((shift) =>
  createElement(
    "main",
    null,
    createElement("p", null, "x".repeat(shift)),
    ...Array.from({ length: 300 }, (_, i) => createElement("p", { key: i }, `粉末样品，约 ${i} g`)),
  ),
);

describe("streamed HTML with Chinese text", () => {
  it("has no NUL bytes and equals the string render, whatever falls on a view boundary", async () => {
    for (const page of pages) {
      const html = await stream(page, createViewPaddingFilter());
      expect(html.includes(0)).toBe(false);
      expect(html.toString("utf8")).toBe(renderToString(page));
    }
  });

  it("is needed: React 18's own stream pads views with NUL (drop the filter once React is fixed)", async () => {
    const raw = await Promise.all(pages.map((page) => stream(page, new PassThrough())));
    expect(raw.some((html) => html.includes(0))).toBe(true);
  });

  it("only trims up to three trailing NULs of a full-size view", () => {
    const full = new Uint8Array(REACT_VIEW_SIZE).fill(65);
    full.set([0, 0], REACT_VIEW_SIZE - 2);
    expect(withoutViewPadding(full).byteLength).toBe(REACT_VIEW_SIZE - 2);
    const allZero = new Uint8Array(REACT_VIEW_SIZE);
    expect(withoutViewPadding(allZero).byteLength).toBe(REACT_VIEW_SIZE - 3);
    const short = new Uint8Array([65, 0]);
    expect(withoutViewPadding(short)).toBe(short);
  });
});
