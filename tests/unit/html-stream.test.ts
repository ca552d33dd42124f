import { PassThrough, type Writable } from "node:stream";
import { createElement, Suspense } from "react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { COALESCE_BYTES, createViewPaddingFilter, REACT_VIEW_SIZE, withoutViewPadding } from "~/lib/platform/html-stream.server";

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

describe("the filter's chunks", () => {
  it("hands React's 2 KB views on in large chunks, and everything React flushed at once", async () => {
    const filter = createViewPaddingFilter();
    const out: number[] = [];
    filter.on("data", (chunk: Buffer) => out.push(chunk.byteLength));
    const view = () => new Uint8Array(REACT_VIEW_SIZE).fill(65);
    for (let i = 0; i < 3; i++) filter.write(view());
    expect(out).toEqual([]); // held: React has not finished a batch yet
    filter.flush(); // React flushes after every batch (the shell, a Suspense boundary)
    await new Promise((resolve) => setImmediate(resolve));
    expect(out).toEqual([3 * REACT_VIEW_SIZE]);
    for (let i = 0; i < (2 * COALESCE_BYTES) / REACT_VIEW_SIZE; i++) filter.write(view());
    filter.end(new Uint8Array([66]));
    await new Promise((resolve) => filter.on("end", resolve));
    expect(out.slice(1)).toEqual([COALESCE_BYTES, COALESCE_BYTES, 1]);
  });

  it("streams a Suspense boundary's content when React completes it, not at the end", async () => {
    let resolveData: (value: string) => void = () => undefined;
    const data = new Promise<string>((resolve) => (resolveData = resolve));
    let read: string | undefined;
    const Slow = () => {
      if (read === undefined) throw data.then((value) => (read = value));
      return createElement("p", null, read);
    };
    const page = createElement("main", null, createElement("h1", null, "仪器"), createElement(Suspense, { fallback: createElement("p", null, "…") }, createElement(Slow)));
    const filter = createViewPaddingFilter();
    const chunks: string[] = [];
    filter.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
    const { pipe } = renderToPipeableStream(page, { onShellReady: () => pipe(filter) });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(chunks.join("")).toContain("仪器"); // the shell went out before the data came
    expect(chunks.join("")).not.toContain("已到");
    resolveData("已到");
    await new Promise((resolve) => filter.on("end", resolve));
    expect(chunks.join("")).toContain("已到");
  });
});
