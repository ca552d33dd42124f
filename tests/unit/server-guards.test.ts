// The guards in front of Remix (server/guards.ts), exercised over real HTTP with a tiny Express
// app: security headers and a fresh nonce on every response, 413 before the body is read, 403 for
// writes from another origin.
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyLimit, bodyLimitFor, DEFAULT_BODY_LIMIT, sameOriginWrites, securityHeaders } from "../../server/guards.ts";

const appUrl = "http://app.example:3000";
let base = "";
let server: ReturnType<express.Express["listen"]>;
let bodiesRead = 0;

beforeAll(async () => {
  const options = { appUrl, imageOrigins: ["http://storage.example"], development: false };
  const app = express();
  app.use(securityHeaders(options));
  app.use(bodyLimit());
  app.use(sameOriginWrites(options));
  app.all("*", (req, res) => {
    let size = 0;
    req.on("data", (chunk: Buffer) => (size += chunk.length));
    req.on("end", () => {
      bodiesRead += 1;
      res.json({ nonce: res.locals.cspNonce, size });
    });
  });
  await new Promise<void>((resolve) => {
    server = app.listen(0, "127.0.0.1", resolve);
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("securityHeaders", () => {
  it("sends a CSP with a fresh nonce, framing and sniffing refused, and a referrer policy", async () => {
    const [a, b] = await Promise.all([fetch(`${base}/`), fetch(`${base}/x`)]);
    const csp = a.headers.get("content-security-policy") ?? "";
    const nonce = ((await a.json()) as { nonce: string }).nonce;
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("img-src 'self' data: blob: http://storage.example");
    expect(csp).toContain("object-src 'none'");
    expect(((await b.json()) as { nonce: string }).nonce).not.toBe(nonce);
    expect(a.headers.get("x-frame-options")).toBe("DENY");
    expect(a.headers.get("x-content-type-options")).toBe("nosniff");
    expect(a.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    // Plain HTTP: no HSTS (it would pin a developer's localhost to TLS).
    expect(a.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("bodyLimit", () => {
  it("has a small default and larger limits where uploads happen", () => {
    expect(bodyLimitFor("/instruments/1/book")).toBe(DEFAULT_BODY_LIMIT);
    expect(bodyLimitFor("/hooks/send-email")).toBe(64 * 1024);
    expect(bodyLimitFor("/lab/instruments/1/photo")).toBeGreaterThan(10 * 1024 * 1024);
    expect(bodyLimitFor("/lab/instruments/1/edit")).toBe(DEFAULT_BODY_LIMIT);
    expect(bodyLimitFor("/lab/instruments/1/hours")).toBe(DEFAULT_BODY_LIMIT);
  });

  it("answers 413 from Content-Length without reading the body", async () => {
    const before = bodiesRead;
    const res = await fetch(`${base}/hooks/send-email`, { method: "POST", body: "x".repeat(65 * 1024) });
    expect(res.status).toBe(413);
    expect(bodiesRead).toBe(before);
    const ok = await fetch(`${base}/hooks/send-email`, { method: "POST", body: "x".repeat(1024) });
    expect(ok.status).toBe(200);
  });

  it("refuses a streamed body of unknown length with 411", async () => {
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("a=1"));
        controller.close();
      },
    });
    const res = await fetch(`${base}/lang`, { method: "POST", body: stream, duplex: "half" } as RequestInit);
    expect(res.status).toBe(411);
  });
});

describe("sameOriginWrites", () => {
  it("refuses a POST from another origin or marked cross-site with 403, resource routes included", async () => {
    for (const headers of <Record<string, string>[]>[{ origin: "http://evil.example" }, { origin: "null" }, { "sec-fetch-site": "cross-site" }]) {
      const res = await fetch(`${base}/lang`, { method: "POST", headers, body: "lang=en" });
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
  });

  it("lets same-origin writes, reads from anywhere and server-to-server calls through", async () => {
    expect((await fetch(`${base}/lang`, { method: "POST", headers: { origin: appUrl }, body: "lang=en" })).status).toBe(200);
    expect((await fetch(`${base}/`, { headers: { origin: "http://evil.example" } })).status).toBe(200);
    expect((await fetch(`${base}/hooks/send-email`, { method: "POST", body: "{}" })).status).toBe(200);
  });
});
