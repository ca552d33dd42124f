// public/ as server/index.ts serves it (server/static.ts), over real HTTP: GET /favicon.ico is a
// real icon (no 404 rendered and logged by Remix for every browser and bot that asks for it),
// and the pages link it beside the SVG.
import type { AddressInfo } from "node:net";
import path from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publicFiles } from "../../server/static.ts";
import { useTestStackEnv } from "../support/app-env.ts";

const root = path.resolve(import.meta.dirname, "../..");
let base = "";
let server: ReturnType<express.Express["listen"]>;

beforeAll(async () => {
  const app = express();
  app.use(publicFiles(root));
  app.all("*", (_req, res) => void res.status(404).send("remix 404"));
  await new Promise<void>((resolve) => {
    server = app.listen(0, "127.0.0.1", resolve);
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe("public files", () => {
  it("answers GET /favicon.ico with a valid 16 and 32 pixel icon", async () => {
    const res = await fetch(`${base}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
    expect(res.headers.get("cache-control")).toContain("max-age=3600");
    const ico = Buffer.from(await res.arrayBuffer());
    // ICONDIR: reserved 0, type 1 (icon), image count.
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const sizes: number[] = [];
    for (let i = 0; i < ico.readUInt16LE(4); i++) {
      const entry = 6 + 16 * i;
      const [width, height] = [ico[entry], ico[entry + 1]];
      const length = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      expect(offset + length).toBeLessThanOrEqual(ico.length);
      const png = ico.subarray(offset, offset + length);
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      // The PNG's IHDR agrees with the directory entry.
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([width, height]);
      sizes.push(width);
    }
    expect(sizes.sort((a, b) => a - b)).toEqual([16, 32]);
  });

  it("still serves the SVG icon and leaves unknown paths to the app", async () => {
    const svg = await fetch(`${base}/favicon.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect((await fetch(`${base}/favicon.png`)).status).toBe(404);
  });

  it("is linked from every page beside the SVG", async () => {
    useTestStackEnv();
    const { links } = await import("~/root");
    const icons = links().filter((link) => "rel" in link && link.rel === "icon");
    expect(icons).toEqual([
      { rel: "icon", href: "/favicon.ico", sizes: "32x32" },
      { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
    ]);
  });
});
