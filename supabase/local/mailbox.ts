// The local mailbox: a Resend-compatible API (`POST /emails`, `POST /emails/batch`,
// `GET /emails/:id`) that stores what the app sends instead of delivering it, pages to read the
// messages, and a JSON API for tests. The app's real `resend` SDK is pointed here with
// RESEND_BASE_URL, so development and tests run the same code path as production.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { BodyTooLargeError, escapeHtml, readBody, sendHtml, sendJson } from "./http.ts";

export interface StoredAttachment {
  filename: string;
  content_type: string;
  /** base64 */
  content: string;
}

export interface StoredMessage {
  id: string;
  created_at: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  reply_to: string[];
  subject: string;
  html: string | null;
  text: string | null;
  headers: Record<string, string>;
  tags: { name: string; value: string }[];
  attachments: StoredAttachment[];
  idempotency_key: string | null;
}

type ResendError = { statusCode: number; name: string; message: string };

const err = (statusCode: number, name: string, message: string): ResendError => ({ statusCode, name, message });

const EMAIL_RE = /^(?:[^<>]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/;
const MAX_RECIPIENTS = 50;
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

function asList(value: unknown): string[] | null {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  return null;
}

function decodeAttachmentContent(content: unknown): string | null {
  if (typeof content === "string") return content; // the SDK sends base64 strings
  if (Array.isArray(content)) return Buffer.from(content as number[]).toString("base64");
  if (content && typeof content === "object" && (content as { type?: string }).type === "Buffer") {
    return Buffer.from((content as { data: number[] }).data).toString("base64");
  }
  return null;
}

function guessContentType(filename: string): string {
  const ext = path.extname(filename).toLowerCase();
  return (
    { ".ics": "text/calendar", ".pdf": "application/pdf", ".csv": "text/csv", ".txt": "text/plain", ".png": "image/png" }[
      ext
    ] ?? "application/octet-stream"
  );
}

/** Validates one e-mail as Resend's API does and turns it into a stored message. */
export function parseEmail(body: unknown, idempotencyKey: string | null): StoredMessage | ResendError {
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    return err(422, "validation_error", "The request body must be a JSON object.");
  }
  const b = body as Record<string, unknown>;
  if (typeof b.from !== "string" || !EMAIL_RE.test(b.from.trim())) {
    return err(422, "validation_error", "Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.");
  }
  const to = asList(b.to);
  if (!to || to.length === 0) return err(422, "missing_required_field", "Missing `to` field.");
  if (to.length > MAX_RECIPIENTS) return err(422, "validation_error", `Too many recipients. Max is ${MAX_RECIPIENTS}.`);
  const cc = asList(b.cc);
  const bcc = asList(b.bcc);
  const replyTo = asList(b.reply_to);
  if (!cc || !bcc || !replyTo) return err(422, "validation_error", "Invalid recipient list.");
  for (const address of [...to, ...cc, ...bcc, ...replyTo]) {
    if (!EMAIL_RE.test(address.trim())) return err(422, "validation_error", `Invalid \`to\` field. Invalid email address: ${address}`);
  }
  if (typeof b.subject !== "string" || b.subject.length === 0) {
    return err(422, "missing_required_field", "Missing `subject` field.");
  }
  const html = typeof b.html === "string" ? b.html : null;
  const text = typeof b.text === "string" ? b.text : null;
  if (html === null && text === null) {
    return err(422, "validation_error", "Missing `html` or `text` field.");
  }
  const attachments: StoredAttachment[] = [];
  if (b.attachments !== undefined && b.attachments !== null) {
    if (!Array.isArray(b.attachments)) return err(422, "validation_error", "`attachments` must be an array.");
    for (const raw of b.attachments as Record<string, unknown>[]) {
      const filename = typeof raw?.filename === "string" ? raw.filename : null;
      const content = decodeAttachmentContent(raw?.content);
      if (!filename || content === null) {
        return err(422, "validation_error", "Each attachment needs a `filename` and `content`.");
      }
      const contentType = typeof raw.content_type === "string" ? raw.content_type : guessContentType(filename);
      attachments.push({ filename, content, content_type: contentType });
    }
  }
  const headers: Record<string, string> = {};
  if (b.headers && typeof b.headers === "object") {
    for (const [k, v] of Object.entries(b.headers as Record<string, unknown>)) headers[k] = String(v);
  }
  const tags = Array.isArray(b.tags)
    ? (b.tags as { name?: unknown; value?: unknown }[]).map((t) => ({ name: String(t?.name ?? ""), value: String(t?.value ?? "") }))
    : [];
  return {
    id: randomUUID(),
    created_at: new Date().toISOString(),
    from: b.from,
    to,
    cc,
    bcc,
    reply_to: replyTo,
    subject: b.subject,
    html,
    text,
    headers,
    tags,
    attachments,
    idempotency_key: idempotencyKey,
  };
}

interface Fault {
  status: number;
  remaining: number;
}

export interface Mailbox {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  messages(): StoredMessage[];
  clear(): void;
}

export function createMailbox(opts: { file?: string; apiKeyRequired?: boolean } = {}): Mailbox {
  const messages: StoredMessage[] = [];
  const idempotency = new Map<string, { fingerprint: string; response: unknown; at: number }>();
  let fault: Fault | null = null;

  if (opts.file && fs.existsSync(opts.file)) {
    for (const line of fs.readFileSync(opts.file, "utf8").split("\n")) {
      if (!line.trim()) continue;
      try {
        messages.push(JSON.parse(line) as StoredMessage);
      } catch {
        // a torn last line after a crash: skip it
      }
    }
  }

  const store = (message: StoredMessage) => {
    messages.push(message);
    if (opts.file) fs.appendFileSync(opts.file, `${JSON.stringify(message)}\n`);
  };

  const clear = () => {
    messages.length = 0;
    idempotency.clear();
    if (opts.file) fs.writeFileSync(opts.file, "");
  };

  /** Resend's API-key check: a Bearer key is required (any value is accepted locally). */
  const checkKey = (req: IncomingMessage): ResendError | null => {
    const auth = req.headers.authorization;
    if (!auth || !/^Bearer\s+\S+/.test(auth)) return err(401, "missing_api_key", "Missing API key in the authorization header. Include the following header in the request: Authorization: Bearer YOUR_API_KEY");
    return null;
  };

  /** Runs a send once per idempotency key, as Resend does for 24 hours. */
  const idempotent = (
    key: string | null,
    fingerprint: string,
    send: () => { status: number; body: unknown },
  ): { status: number; body: unknown } => {
    const now = Date.now();
    for (const [k, v] of idempotency) if (now - v.at > IDEMPOTENCY_TTL_MS) idempotency.delete(k);
    if (key) {
      const seen = idempotency.get(key);
      if (seen) {
        if (seen.fingerprint !== fingerprint) {
          return { status: 409, body: err(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload. Change your idempotency key or payload.") };
        }
        return { status: 200, body: seen.response };
      }
    }
    const result = send();
    if (key && result.status === 200) idempotency.set(key, { fingerprint, response: result.body, at: now });
    return result;
  };

  const takeFault = (): ResendError | null => {
    if (!fault || fault.remaining <= 0) return null;
    fault.remaining -= 1;
    const status = fault.status;
    if (fault.remaining === 0) fault = null;
    if (status === 429) return err(429, "rate_limit_exceeded", "Too many requests. You can only make 2 requests per second.");
    return err(status, "internal_server_error", "An unexpected error occurred.");
  };

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const method = req.method ?? "GET";
    const parts = url.pathname.split("/").filter(Boolean);

    // Resend-compatible sending API
    if (parts[0] === "emails") {
      const keyError = checkKey(req);
      if (keyError) {
        sendJson(res, keyError.statusCode, keyError);
        return true;
      }
      if (method === "POST" && (parts.length === 1 || (parts.length === 2 && parts[1] === "batch"))) {
        let body: unknown;
        try {
          body = JSON.parse((await readBody(req)).toString("utf8") || "null");
        } catch (e) {
          const tooLarge = e instanceof BodyTooLargeError;
          const error = tooLarge
            ? err(413, "validation_error", "Request body too large.")
            : err(400, "invalid_json", "The request body is not valid JSON.");
          sendJson(res, error.statusCode, error);
          return true;
        }
        const injected = takeFault();
        if (injected) {
          sendJson(res, injected.statusCode, injected, injected.statusCode === 429 ? { "retry-after": "1" } : {});
          return true;
        }
        const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
        const fingerprint = JSON.stringify(body);
        const isBatch = parts.length === 2;
        const result = idempotent(key, fingerprint, () => {
          if (!isBatch) {
            const parsed = parseEmail(body, key);
            if ("statusCode" in parsed) return { status: parsed.statusCode, body: parsed };
            store(parsed);
            return { status: 200, body: { id: parsed.id } };
          }
          if (!Array.isArray(body) || body.length === 0 || body.length > 100) {
            return { status: 422, body: err(422, "validation_error", "The batch must be an array of 1 to 100 emails.") };
          }
          const parsedAll = body.map((one) => parseEmail(one, key));
          const firstError = parsedAll.find((p): p is ResendError => "statusCode" in p);
          if (firstError) return { status: firstError.statusCode, body: firstError };
          const ok = parsedAll as StoredMessage[];
          if (ok.some((m) => m.attachments.length > 0)) {
            return { status: 422, body: err(422, "validation_error", "Attachments are not supported in batch emails.") };
          }
          ok.forEach(store);
          return { status: 200, body: { data: ok.map((m) => ({ id: m.id })) } };
        });
        sendJson(res, result.status, result.body);
        return true;
      }
      if (method === "GET" && parts.length === 2) {
        const message = messages.find((m) => m.id === parts[1]);
        if (!message) sendJson(res, 404, err(404, "not_found", "Email not found"));
        else
          sendJson(res, 200, {
            object: "email",
            id: message.id,
            to: message.to,
            from: message.from,
            created_at: message.created_at,
            subject: message.subject,
            html: message.html,
            text: message.text,
            bcc: message.bcc,
            cc: message.cc,
            reply_to: message.reply_to,
            last_event: "delivered",
          });
        return true;
      }
      sendJson(res, 405, err(405, "method_not_allowed", "Method not allowed"));
      return true;
    }

    // JSON API for tests and tools
    if (parts[0] === "api") {
      if (parts[1] === "messages" && parts.length === 2 && method === "GET") {
        const to = url.searchParams.get("to")?.toLowerCase();
        const subject = url.searchParams.get("subject");
        const found = messages
          .filter((m) => !to || m.to.some((t) => t.toLowerCase().includes(to)))
          .filter((m) => !subject || m.subject.includes(subject))
          .slice()
          .reverse();
        sendJson(res, 200, found);
        return true;
      }
      if (parts[1] === "messages" && parts.length === 2 && method === "DELETE") {
        clear();
        sendJson(res, 200, { deleted: true });
        return true;
      }
      if (parts[1] === "messages" && parts.length === 3 && method === "GET") {
        const message = messages.find((m) => m.id === parts[2]);
        if (message) sendJson(res, 200, message);
        else sendJson(res, 404, { error: "not found" });
        return true;
      }
      if (parts[1] === "faults" && method === "POST") {
        let body: { status?: unknown; count?: unknown } = {};
        try {
          body = JSON.parse((await readBody(req)).toString("utf8") || "{}");
        } catch {
          sendJson(res, 400, { error: "invalid JSON" });
          return true;
        }
        const status = Number(body.status);
        const count = Number(body.count ?? 1);
        if (![429, 500, 502, 503].includes(status) || !Number.isInteger(count) || count < 0) {
          sendJson(res, 400, { error: "status must be 429, 500, 502 or 503 and count a whole number" });
          return true;
        }
        fault = count > 0 ? { status, remaining: count } : null;
        sendJson(res, 200, { status, count });
        return true;
      }
      sendJson(res, 404, { error: "not found" });
      return true;
    }
    return false;
  }

  function page(title: string, body: string): string {
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Local mailbox</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:0;color:#1f2933;background:#f5f7fa}
header{background:#0b5cad;color:#fff;padding:12px 24px;display:flex;gap:16px;align-items:center}
header a{color:#fff;text-decoration:none;font-weight:600}
main{max-width:1100px;margin:24px auto;padding:0 16px}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #d9e2ec}
th,td{text-align:left;padding:8px 12px;border-bottom:1px solid #e4e7eb;vertical-align:top}
th{background:#f0f4f8;font-size:13px;color:#52606d}
a{color:#0b5cad}
.meta{background:#fff;border:1px solid #d9e2ec;padding:12px 16px;margin-bottom:16px}
.meta dt{font-weight:600;color:#52606d}.meta dd{margin:0 0 6px}
iframe{width:100%;height:640px;border:1px solid #d9e2ec;background:#fff}
pre{white-space:pre-wrap;background:#fff;border:1px solid #d9e2ec;padding:12px}
.empty{padding:32px;text-align:center;color:#7b8794;background:#fff;border:1px solid #d9e2ec}
button{font:inherit;padding:4px 12px}
</style></head><body><header><a href="/">Local mailbox</a><span>${messages.length} message(s)</span>
<form method="post" action="/clear" style="margin-left:auto"><button type="submit">Delete all</button></form></header><main>${body}</main></body></html>`;
  }

  function renderList(): string {
    if (messages.length === 0) return page("Inbox", `<p class="empty">No messages yet.</p>`);
    const rows = messages
      .slice()
      .reverse()
      .map(
        (m) => `<tr><td>${escapeHtml(new Date(m.created_at).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai" }))}</td>
<td>${escapeHtml(m.to.join(", "))}</td><td><a href="/messages/${m.id}">${escapeHtml(m.subject)}</a></td>
<td>${escapeHtml(m.from)}</td><td>${m.attachments.length || ""}</td></tr>`,
      )
      .join("");
    return page(
      "Inbox",
      `<table><thead><tr><th>Received (Asia/Shanghai)</th><th>To</th><th>Subject</th><th>From</th><th>Attachments</th></tr></thead><tbody>${rows}</tbody></table>`,
    );
  }

  function renderMessage(m: StoredMessage): string {
    const attachments = m.attachments
      .map(
        (a, i) =>
          `<li><a href="/messages/${m.id}/attachments/${i}">${escapeHtml(a.filename)}</a> (${escapeHtml(a.content_type)}, ${Buffer.from(a.content, "base64").length} bytes)</li>`,
      )
      .join("");
    return page(
      m.subject,
      `<dl class="meta"><dt>Subject</dt><dd>${escapeHtml(m.subject)}</dd><dt>From</dt><dd>${escapeHtml(m.from)}</dd>
<dt>To</dt><dd>${escapeHtml(m.to.join(", "))}</dd><dt>Received</dt><dd>${escapeHtml(m.created_at)}</dd>
${m.idempotency_key ? `<dt>Idempotency key</dt><dd><code>${escapeHtml(m.idempotency_key)}</code></dd>` : ""}
${attachments ? `<dt>Attachments</dt><dd><ul>${attachments}</ul></dd>` : ""}</dl>
${m.html ? `<h2>HTML</h2><iframe title="HTML body" sandbox src="/messages/${m.id}/html"></iframe>` : ""}
${m.text ? `<h2>Text</h2><pre>${escapeHtml(m.text)}</pre>` : ""}`,
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? "/", "http://mailbox.local");
      if (await handleApi(req, res, url)) return;
      const parts = url.pathname.split("/").filter(Boolean);
      if (req.method === "POST" && url.pathname === "/clear") {
        clear();
        res.writeHead(303, { location: "/" });
        res.end();
        return;
      }
      if (req.method !== "GET") {
        sendJson(res, 405, { error: "method not allowed" });
        return;
      }
      if (parts.length === 0) return sendHtml(res, 200, renderList());
      const message = parts[0] === "messages" ? messages.find((m) => m.id === parts[1]) : undefined;
      if (!message) return sendHtml(res, 404, page("Not found", `<p class="empty">No such message.</p>`));
      if (parts.length === 2) return sendHtml(res, 200, renderMessage(message));
      if (parts.length === 3 && parts[2] === "html") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": "script-src 'none'" });
        res.end(message.html ?? "");
        return;
      }
      if (parts.length === 4 && parts[2] === "attachments") {
        const attachment = message.attachments[Number(parts[3])];
        if (!attachment) return sendHtml(res, 404, page("Not found", `<p class="empty">No such attachment.</p>`));
        const content = Buffer.from(attachment.content, "base64");
        res.writeHead(200, {
          "content-type": attachment.content_type,
          "content-length": content.length,
          "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
        });
        res.end(content);
        return;
      }
      sendHtml(res, 404, page("Not found", `<p class="empty">Not found.</p>`));
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, err(500, "internal_server_error", (error as Error).message));
      else res.end();
    }
  }

  return { handle, messages: () => messages.slice(), clear };
}
