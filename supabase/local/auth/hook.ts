// The Send Email Hook, called as supabase/auth calls an HTTP hook: a standard-webhooks signed
// POST of {user, email_data}. Non-2xx answers and network failures fail the auth request with a
// 500; a 2xx answer carrying {error: {http_code, message}} fails it with that status and message.
import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { AuthError, internalError } from "./http.ts";

export type EmailActionType = "signup" | "magiclink" | "recovery" | "email_change" | "invite" | "reauthentication";

export interface EmailData {
  token: string;
  token_hash: string;
  redirect_to: string;
  email_action_type: EmailActionType;
  site_url: string;
  token_new: string;
  token_hash_new: string;
}

const HOOK_TIMEOUT_MS = 5000;
const HOOK_RETRIES = 3;

export interface SendEmailHook {
  send(user: Record<string, unknown>, emailData: EmailData): Promise<void>;
}

export function createSendEmailHook(url: string, secret: string): SendEmailHook {
  if (!url) {
    return {
      async send(user, emailData) {
        console.log(
          `[auth] no Send Email Hook configured; ${emailData.email_action_type} e-mail for ${String(user.email)}: ` +
            `otp ${emailData.token}, token_hash ${emailData.token_hash}`,
        );
      },
    };
  }
  const webhook = new Webhook(secret.replace(/^v1,whsec_/, ""));

  return {
    async send(user, emailData) {
      const payload = JSON.stringify({ user, email_data: emailData });
      const messageId = `msg_${randomUUID()}`;
      for (let attempt = 1; ; attempt++) {
        const timestamp = new Date();
        const signature = webhook.sign(messageId, timestamp, payload);
        let response: Response;
        try {
          response = await fetch(url, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "webhook-id": messageId,
              "webhook-timestamp": Math.floor(timestamp.getTime() / 1000).toString(),
              "webhook-signature": signature,
            },
            body: payload,
            signal: AbortSignal.timeout(HOOK_TIMEOUT_MS),
          });
        } catch (e) {
          const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
          if (timedOut && attempt < HOOK_RETRIES) continue;
          if (timedOut) {
            throw new AuthError(
              422,
              "hook_timeout_after_retry",
              `Failed to reach hook within maximum time of ${HOOK_TIMEOUT_MS / 1000} seconds`,
            );
          }
          console.error("[auth] send email hook unreachable:", e);
          throw internalError("Failed to trigger auth hook, error making HTTP request");
        }
        const body = await response.text();
        switch (response.status) {
          case 200:
          case 202:
          case 204:
            return checkHookOutput(response, body);
          case 429:
          case 503:
            if (response.headers.get("retry-after") && attempt < HOOK_RETRIES) continue;
            throw internalError("Service currently unavailable due to hook");
          case 400:
            throw internalError("Invalid payload sent to hook");
          case 401:
            throw internalError("Hook requires authorization token");
          default:
            throw internalError(`Unexpected status code returned from hook: ${response.status}`);
        }
      }
    },
  };
}

function checkHookOutput(response: Response, body: string): void {
  if (response.status === 204 || body.trim() === "") return;
  const contentType = response.headers.get("content-type") ?? "";
  if (!contentType) {
    throw new AuthError(400, "hook_payload_invalid_content_type", "Invalid Content-Type: Missing Content-Type header");
  }
  if (contentType.split(";")[0]!.trim().toLowerCase() !== "application/json") {
    throw new AuthError(
      400,
      "hook_payload_invalid_content_type",
      `Invalid JSON response. Received content-type: ${contentType}`,
    );
  }
  let output: unknown;
  try {
    output = JSON.parse(body);
  } catch {
    throw internalError("Error unmarshaling Send Email output.");
  }
  const error = (output as { error?: unknown } | null)?.error;
  if (error && typeof error === "object") {
    const { http_code: httpCode, message } = error as { http_code?: unknown; message?: unknown };
    const status = typeof httpCode === "number" && httpCode >= 400 && httpCode <= 599 ? httpCode : 500;
    throw new AuthError(
      status,
      status >= 500 ? "unexpected_failure" : "unknown",
      typeof message === "string" ? message : "Error executing hook",
    );
  }
}
