// A Send Email Hook for integration tests: verifies the standard-webhooks signature the auth
// server puts on each call (401 when it is wrong), keeps every payload in memory, and serves them:
//   POST <any path>            a hook call
//   GET  /payloads?email=addr  stored payloads for that user (newest last), all without ?email
//   DELETE /payloads           forget everything
//   POST /respond              {email, status, body}: answer that user's next hook call with it
import http from "node:http";
import { Webhook } from "standardwebhooks";
import { waitForFreePort } from "../../supabase/local/http.ts";
import { TEST_STACK } from "./test-env.ts";

export interface HookPayload {
  user: { id: string; email: string; new_email?: string; [key: string]: unknown };
  email_data: {
    token: string;
    token_hash: string;
    redirect_to: string;
    email_action_type: string;
    site_url: string;
    token_new: string;
    token_hash_new: string;
  };
}

interface CannedResponse {
  status: number;
  body: unknown;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

export async function startHookReceiver(
  port: number,
  secret: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const webhook = new Webhook(secret.replace(/^v1,whsec_/, ""));
  let payloads: HookPayload[] = [];
  const canned = new Map<string, CannedResponse>();

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://hook.local");
      const body = await readBody(req);
      if (url.pathname === "/payloads" && req.method === "GET") {
        const email = url.searchParams.get("email")?.toLowerCase();
        const matches = email
          ? payloads.filter((p) => p.user.email?.toLowerCase() === email || p.user.new_email?.toLowerCase() === email)
          : payloads;
        return json(res, 200, matches);
      }
      if (url.pathname === "/payloads" && req.method === "DELETE") {
        payloads = [];
        return json(res, 200, {});
      }
      if (url.pathname === "/respond" && req.method === "POST") {
        const { email, status, body: cannedBody } = JSON.parse(body) as { email: string } & CannedResponse;
        canned.set(email.toLowerCase(), { status, body: cannedBody });
        return json(res, 200, {});
      }
      if (req.method !== "POST") return json(res, 405, { error: "method not allowed" });

      let payload: HookPayload;
      try {
        payload = webhook.verify(body, {
          "webhook-id": String(req.headers["webhook-id"] ?? ""),
          "webhook-timestamp": String(req.headers["webhook-timestamp"] ?? ""),
          "webhook-signature": String(req.headers["webhook-signature"] ?? ""),
        }) as HookPayload;
      } catch (e) {
        return json(res, 401, { error: { http_code: 401, message: `invalid signature: ${(e as Error).message}` } });
      }
      payloads.push(payload);
      const reply = canned.get(payload.user.email?.toLowerCase() ?? "");
      if (reply) {
        canned.delete(payload.user.email.toLowerCase());
        return json(res, reply.status, reply.body);
      }
      return json(res, 200, {});
    })().catch((e: unknown) => json(res, 500, { error: String(e) }));
  });

  await waitForFreePort(port);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Client helpers for tests ---------------------------------------------------------------------

export async function hookEmails(email: string, baseUrl: string = TEST_STACK.hookReceiverUrl): Promise<HookPayload[]> {
  const res = await fetch(`${baseUrl}/payloads?email=${encodeURIComponent(email)}`);
  if (!res.ok) throw new Error(`hook receiver answered ${res.status}`);
  return (await res.json()) as HookPayload[];
}

/** The newest hook call for `email` (optionally of one email_action_type); throws if none. */
export async function latestHookEmail(
  email: string,
  type?: string,
  baseUrl: string = TEST_STACK.hookReceiverUrl,
): Promise<HookPayload> {
  const all = (await hookEmails(email, baseUrl)).filter((p) => !type || p.email_data.email_action_type === type);
  const latest = all.at(-1);
  if (!latest) throw new Error(`no ${type ?? ""} hook e-mail for ${email}`);
  return latest;
}

/** Makes the receiver answer the next hook call for `email` with `status` and `body`. */
export async function respondToNextHook(
  email: string,
  status: number,
  body: unknown,
  baseUrl: string = TEST_STACK.hookReceiverUrl,
): Promise<void> {
  const res = await fetch(`${baseUrl}/respond`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, status, body }),
  });
  if (!res.ok) throw new Error(`hook receiver answered ${res.status}`);
}
