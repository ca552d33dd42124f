// The app's side of issue 12 items 5, 13 and 14: its auth forms throttle per account and per
// client address (429, translated message, Retry-After), refuse common passwords, offer to resend
// the sign-up e-mail, and verify sessions locally with getClaims (no auth round-trip per page).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hookEmails } from "../../support/hook-receiver.ts";
import { signedInRequest, useTestStackEnv } from "../../support/app-env.ts";
import { TEST_STACK } from "../../support/test-env.ts";
import { confirmedUser, newPassword, sql, uniqueEmail } from "./helpers.ts";

// A counting proxy in front of the test stack: which auth endpoints the app calls.
const calls: string[] = [];
let proxy: http.Server;

beforeAll(async () => {
  proxy = http.createServer((req, res) => {
    calls.push(`${req.method} ${req.url?.split("?")[0]}`);
    const upstream = http.request(`${TEST_STACK.apiUrl}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  useTestStackEnv({ SUPABASE_URL: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` });
});

afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
});

function post(path: string, fields: Record<string, string>, address = "203.0.113.10"): Request {
  return new Request(`http://localhost:3000${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded", "x-client-address": address, origin: "http://localhost:3000" },
  });
}

async function run(action: (args: never) => Promise<Response>, request: Request) {
  try {
    return await action({ request, params: {}, context: {} } as never);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe("sign-in throttle", () => {
  it("answers 429 with Retry-After after repeated wrong passwords for one account, the right one included", async () => {
    const { action } = await import("~/routes/login._index");
    const user = await confirmedUser();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      // From changing addresses: the account limit, not the client one.
      const res = await run(action, post("/login", { email: user.email, password: `wrong-${i}-pw` }, `198.51.100.${i + 1}`));
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
    expect(statuses.slice(10)).toEqual([429, 429]);
    const right = await run(action, post("/login", { email: user.email, password: user.password }, "198.51.100.99"));
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(JSON.stringify(await right.json())).toContain("authError.rateLimited");
  });

  it("limits one client address across accounts", async () => {
    const { action } = await import("~/routes/login._index");
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      statuses.push((await run(action, post("/login", { email: uniqueEmail("spray"), password: "wrong-password" }, "203.0.113.77"))).status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
    expect(statuses[30]).toBe(429);
    // Another visitor is not affected.
    expect((await run(action, post("/login", { email: uniqueEmail("spray"), password: "wrong-password" }, "203.0.113.78"))).status).toBe(400);
  });

  it("limits magic links, password recovery and sign-ups per client address", async () => {
    for (const [path, fields] of [
      ["/login/magic-link", () => ({ email: uniqueEmail("ml") })],
      ["/forgot-password", () => ({ email: uniqueEmail("fp") })],
      ["/signup", () => ({ email: uniqueEmail("su"), password: newPassword(), displayName: "Flood" })],
    ] as const) {
      const route = await import(path === "/signup" ? "~/routes/signup" : path === "/forgot-password" ? "~/routes/forgot-password" : "~/routes/login.magic-link");
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await run(route.action, post(path, fields(), "192.0.2.50"))).status);
      expect(statuses.slice(0, 10).every((s) => s === 200), `${path}: ${statuses.join(",")}`).toBe(true);
      expect(statuses[10], path).toBe(429);
    }
  });
});

describe("password policy in the form", () => {
  it("refuses a common password with a translated field message, before the auth server is asked", async () => {
    const { action } = await import("~/routes/signup");
    const res = await run(action, post("/signup", { email: uniqueEmail("common"), password: "password123", displayName: "Common" }, "192.0.2.60"));
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("validation.passwordCommon");
  });
});

describe("resend on the check-your-e-mail page", () => {
  it("sends the confirmation again once the cooldown has passed, and says when it is too soon", async () => {
    const { action } = await import("~/routes/signup");
    const email = uniqueEmail("again");
    const signedUp = await run(action, post("/signup", { email, password: newPassword(), displayName: "Again" }, "192.0.2.70"));
    expect(signedUp.status).toBe(200);
    expect(await signedUp.json()).toMatchObject({ sent: true, email, resend: { action: "/signup", cooldownSeconds: 60 } });

    const tooSoon = await run(action, post("/signup", { intent: "resend", email }, "192.0.2.70"));
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.headers.get("Retry-After")).toBe("60");
    expect(await tooSoon.json()).toMatchObject({ sent: true, resend: { outcome: "tooSoon" } });

    await sql("update auth.users set confirmation_sent_at = now() - interval '2 minutes' where email = $1", [email]);
    const again = await run(action, post("/signup", { intent: "resend", email }, "192.0.2.70"));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ sent: true, resend: { outcome: "sent" } });
    expect((await hookEmails(email)).filter((m) => m.email_data.email_action_type === "signup").length).toBe(2);
  });
});

describe("sessions verified locally", () => {
  it("pages identify the user with getClaims: the JWKS once, no GET /auth/v1/user per request", async () => {
    const { getUser } = await import("~/lib/auth/auth.server");
    const user = await confirmedUser();
    const base = await signedInRequest("http://localhost:3000/bookings", user);
    calls.length = 0;
    for (let i = 0; i < 5; i++) {
      const context = await getUser(new Request(base.url, { headers: base.headers }));
      expect(context.user?.id).toBe(user.id);
      expect(context.user?.email).toBe(user.email);
    }
    expect(calls.filter((c) => c === "GET /auth/v1/user")).toEqual([]);
    expect(calls.filter((c) => c === "GET /auth/v1/.well-known/jwks.json").length).toBeLessThanOrEqual(1);
  });

  it("treats a token with a bad signature as signed out", async () => {
    const { getUser } = await import("~/lib/auth/auth.server");
    const user = await confirmedUser();
    const base = await signedInRequest("http://localhost:3000/bookings", user);
    const cookie = base.headers.get("Cookie")!;
    const name = cookie.split("=")[0]!;
    const session = JSON.parse(Buffer.from(cookie.slice(name.length + 1 + "base64-".length), "base64url").toString());
    const [h, p] = session.access_token.split(".");
    session.access_token = `${h}.${p}.${Buffer.from("forged").toString("base64url")}`;
    const forged = `${name}=base64-${Buffer.from(JSON.stringify(session)).toString("base64url")}`;
    const context = await getUser(new Request(base.url, { headers: { Cookie: forged } }));
    expect(context.user).toBeNull();
  });
});
