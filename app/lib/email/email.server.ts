// The only module that knows Resend. Locally RESEND_BASE_URL points the SDK at the stack's mailbox.
import { Resend } from "resend";
import type { EmailLocale } from "../../../emails/i18n";
import { parseMailbox, senderFrom } from "../../../emails/sender";
import { env } from "~/lib/platform/env.server";

let client: Resend | undefined;

function resend(): Resend {
  client ??= new Resend(env.RESEND_API_KEY, env.RESEND_BASE_URL ? { baseUrl: env.RESEND_BASE_URL } : undefined);
  return client;
}

export interface EmailAttachment {
  filename: string;
  content: Buffer;
  /** e.g. `text/calendar; charset=utf-8; method=REQUEST` */
  contentType?: string;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments?: EmailAttachment[];
  /** The recipient's language: names the sender in it ("常州仪器共享" / "Changzhou Instrument Sharing"). */
  locale: EmailLocale;
  /** `<event>/<entity-id>`: the same key never sends twice. */
  idempotencyKey: string;
}

/** How long one send may take before it counts as a network failure (and is retried). */
const SEND_TIMEOUT_MS = 30_000;

/**
 * A send the provider did not accept. `retryable`: rate limits, server errors, network failures
 * and timeouts (try again later); otherwise the request itself is wrong (validation, bad key)
 * and sending it again cannot help. `alreadySent`: the idempotency key was used before with a
 * different body, so an earlier attempt of this message was delivered.
 */
export class EmailSendError extends Error {
  readonly statusCode: number | null;
  readonly code: string;
  readonly retryable: boolean;
  readonly alreadySent: boolean;

  constructor(message: string, statusCode: number | null = null, code = "application_error") {
    super(message);
    this.name = "EmailSendError";
    this.statusCode = statusCode;
    this.code = code;
    this.alreadySent = statusCode === 409 && code === "invalid_idempotent_request";
    this.retryable =
      statusCode === null ||
      statusCode === 429 ||
      statusCode >= 500 ||
      (statusCode === 409 && code === "concurrent_idempotent_requests");
  }
}

export async function sendEmail(email: OutgoingEmail): Promise<{ id: string }> {
  const { data, error } = await resend().emails.send(
    {
      from: senderFrom(email.locale, env.EMAIL_FROM),
      to: email.to,
      subject: email.subject,
      html: email.html,
      text: email.text,
      attachments: email.attachments?.map((a) => ({
        filename: a.filename,
        content: a.content,
        contentType: a.contentType,
      })),
    },
    { idempotencyKey: email.idempotencyKey, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) },
  );
  if (error || !data) {
    const status = typeof error?.statusCode === "number" ? error.statusCode : null;
    throw new EmailSendError(
      `Could not send e-mail: ${status ?? "network"} ${error?.name ?? "no_response"}: ${error?.message ?? "no response"}`,
      status,
      error?.name ?? "application_error",
    );
  }
  return { id: data.id };
}

/** The address part of EMAIL_FROM (`Name <addr>` or `addr`). */
export function senderAddress(): string {
  return parseMailbox(env.EMAIL_FROM).address;
}
