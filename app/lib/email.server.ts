// The only module that knows Resend. Locally RESEND_BASE_URL points the SDK at the stack's mailbox.
import { Resend } from "resend";
import { env } from "~/lib/env.server";

let client: Resend | undefined;

function resend(): Resend {
  client ??= new Resend(env.RESEND_API_KEY, env.RESEND_BASE_URL ? { baseUrl: env.RESEND_BASE_URL } : undefined);
  return client;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** `<event>/<entity-id>`: the same key never sends twice. */
  idempotencyKey: string;
}

export class EmailSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmailSendError";
  }
}

export async function sendEmail(email: OutgoingEmail): Promise<{ id: string }> {
  const { data, error } = await resend().emails.send(
    { from: env.EMAIL_FROM, to: email.to, subject: email.subject, html: email.html, text: email.text },
    { idempotencyKey: email.idempotencyKey },
  );
  if (error || !data) throw new EmailSendError(`Could not send e-mail: ${error?.message ?? "no response"}`);
  return { id: data.id };
}
