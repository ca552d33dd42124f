// When Supabase stalls or is down (issue 12, item 8): pages answer 503 "busy" with Retry-After
// within the timeout instead of hanging for the whole stall, and a signed-in user whose auth check
// cannot be made is not treated as signed out (sent to /login, losing their form).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchWithTimeout, isUnavailable } from "~/lib/platform/upstream";
import { useTestStackEnv } from "../../support/app-env.ts";

let stalled: http.Server;
let stalledUrl = "";
const held: http.ServerResponse[] = [];

beforeAll(async () => {
  // Accepts every request and never answers, like a PostgREST stuck on a locked table.
  stalled = http.createServer((_req, res) => void held.push(res));
  await new Promise<void>((resolve) => stalled.listen(0, "127.0.0.1", resolve));
  stalledUrl = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}`;
  useTestStackEnv({ SUPABASE_URL: stalledUrl, SUPABASE_TIMEOUT_MS: "400" });
});

afterAll(async () => {
  for (const res of held) res.destroy();
  await new Promise<void>((resolve) => stalled.close(() => resolve()));
});

async function thrown(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("fetchWithTimeout", () => {
  it("gives up on a stalled server after the timeout", async () => {
    const started = Date.now();
    const error = await thrown(() => fetchWithTimeout(300)(`${stalledUrl}/rest/v1/x`));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((error as Error).name).toBe("TimeoutError");
  });
});

describe("isUnavailable", () => {
  it("tells an outage from a refusal", () => {
    expect(isUnavailable({ message: "TypeError: fetch failed", code: "" })).toBe(true);
    expect(isUnavailable({ message: "AbortError: This operation was aborted", code: "" })).toBe(true);
    expect(isUnavailable({ message: "canceling statement due to statement timeout", code: "57014" })).toBe(true);
    expect(isUnavailable({ message: "Could not connect", code: "PGRST001" })).toBe(true);
    expect(isUnavailable({ name: "AuthRetryableFetchError", message: "fetch failed", status: 0 })).toBe(true);
    expect(isUnavailable({ message: "BOOKING_SLOT_TAKEN", code: "P0001" })).toBe(false);
    expect(isUnavailable({ message: "permission denied for table bookings", code: "42501" })).toBe(false);
    expect(isUnavailable({ message: "JWT expired", code: "PGRST301" })).toBe(false);
  });
});

describe("pages while Supabase stalls", () => {
  it("a signed-in page answers 503 with Retry-After within seconds, not a redirect to /login", async () => {
    const { loader } = await import("~/routes/bookings._index");
    // A well-formed ES256 token: checking it needs the auth server's JWKS, which cannot be fetched.
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const accessToken = `${part({ alg: "ES256", kid: "k", typ: "JWT" })}.${part({ sub: "u", role: "authenticated", exp: Math.floor(Date.now() / 1000) + 3600 })}.c2ln`;
    const cookie = `sb-127-auth-token=base64-${Buffer.from(
      JSON.stringify({ access_token: accessToken, refresh_token: "r", expires_at: Math.floor(Date.now() / 1000) + 3600, token_type: "bearer", user: { id: "u" } }),
    ).toString("base64url")}`;
    const started = Date.now();
    const error = await thrown(() =>
      loader({ request: new Request("http://localhost:3000/bookings", { headers: { Cookie: cookie } }), params: {}, context: {} }),
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toBeInstanceOf(Response);
    expect((error as Response).status).toBe(503);
    expect((error as Response).headers.get("Retry-After")).toBe("10");
  });

  it("a public page answers 503 too", async () => {
    const { loader } = await import("~/routes/instruments._index");
    const error = await thrown(() => loader({ request: new Request("http://localhost:3000/instruments"), params: {}, context: {} }));
    expect((error as Response).status).toBe(503);
  });
});
