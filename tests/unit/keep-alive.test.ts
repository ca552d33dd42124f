// The server's Supabase clients keep connections open (app/lib/platform/keep-alive.server.ts): the
// fetch the server runs with is Remix's polyfill (installGlobals, as server/index.ts does), which
// closes every connection after one request unless given an agent.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { installGlobals } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upstreamFetch } from "~/lib/platform/keep-alive.server";
import { fetchWithTimeout } from "~/lib/platform/upstream";

let server: http.Server;
let url = "";
let connections = 0;

beforeAll(async () => {
  installGlobals({ nativeFetch: false });
  server = http.createServer((_req, res) => res.end("{}"));
  server.keepAliveTimeout = 5_000;
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rest/v1/x`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

async function connectionsFor(fetcher: typeof fetch, requests: number): Promise<number> {
  const before = connections;
  for (let i = 0; i < requests; i++) expect(await (await fetcher(url)).json()).toEqual({});
  return connections - before;
}

describe("the server's fetch to Supabase", () => {
  it("sends one request after another on one connection", async () => {
    expect(await connectionsFor(upstreamFetch(), 5)).toBe(1);
  });

  it("is needed: without the agent, the polyfill opens a connection per request", async () => {
    expect(await connectionsFor(fetchWithTimeout(5_000), 3)).toBe(3);
  });

  it("keeps the deadline", async () => {
    const slow = http.createServer(() => undefined); // never answers
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    try {
      const started = Date.now();
      const fetcher = fetchWithTimeout(200, { agent: new http.Agent({ keepAlive: true }) });
      await expect(fetcher(`http://127.0.0.1:${(slow.address() as AddressInfo).port}/`)).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  });
});
