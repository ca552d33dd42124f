// Supabase Auth's Send Email Hook: signature check, payload parsing, and which e-mails to send.
// No I/O and no env here, so it is unit-tested directly; delivery is in auth-email.server.ts.
import { Webhook } from "standardwebhooks";
import { z } from "zod";
import { authEmailKind, type LinkAuthEmailKind } from "../../../emails/auth";
import { pathFromAppUrl } from "~/lib/platform/safe-redirect";

export class HookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HookVerificationError";
  }
}

export const sendEmailHookPayloadSchema = z.object({
  user: z
    .object({
      id: z.string(),
      email: z.string().optional().default(""),
      new_email: z.string().optional().nullable(),
      user_metadata: z.record(z.unknown()).optional().nullable(),
    })
    .passthrough(),
  email_data: z
    .object({
      token: z.string().optional().default(""),
      token_hash: z.string().optional().default(""),
      redirect_to: z.string().optional().default(""),
      email_action_type: z.string(),
      site_url: z.string().optional().default(""),
      token_new: z.string().optional().default(""),
      token_hash_new: z.string().optional().default(""),
    })
    .passthrough(),
});

export type SendEmailHookPayload = z.infer<typeof sendEmailHookPayloadSchema>;

export interface VerifiedHook {
  webhookId: string;
  payload: SendEmailHookPayload;
}

/** `v1,whsec_<base64>` → the base64 secret standardwebhooks expects. */
export function hookSecretForWebhook(secret: string): string {
  return secret.replace(/^v1,whsec_/, "");
}

/**
 * Verifies the standard-webhooks signature over the raw body and parses the payload.
 * Throws HookVerificationError for a bad or missing signature, a stale timestamp or a bad payload.
 */
export function verifySendEmailHook(rawBody: string, headers: Headers, secret: string): VerifiedHook {
  const webhookHeaders = {
    "webhook-id": headers.get("webhook-id") ?? "",
    "webhook-timestamp": headers.get("webhook-timestamp") ?? "",
    "webhook-signature": headers.get("webhook-signature") ?? "",
  };
  if (!webhookHeaders["webhook-id"] || !webhookHeaders["webhook-timestamp"] || !webhookHeaders["webhook-signature"]) {
    throw new HookVerificationError("Missing webhook signature headers");
  }
  let verified: unknown;
  try {
    verified = new Webhook(hookSecretForWebhook(secret)).verify(rawBody, webhookHeaders);
  } catch (error) {
    throw new HookVerificationError(error instanceof Error ? error.message : "Invalid signature");
  }
  const parsed = sendEmailHookPayloadSchema.safeParse(verified);
  if (!parsed.success) throw new HookVerificationError("Payload does not match the Send Email Hook format");
  return { webhookId: webhookHeaders["webhook-id"], payload: parsed.data };
}

const defaultNext: Record<LinkAuthEmailKind, string> = {
  signup: "/account",
  invite: "/",
  magiclink: "/",
  recovery: "/account/reset-password",
  email_change: "/account",
};

export function buildConfirmUrl(
  appUrl: string,
  input: { tokenHash: string; type: string; next: string },
): string {
  const params = new URLSearchParams({ token_hash: input.tokenHash, type: input.type, next: input.next });
  return `${appUrl}/auth/confirm?${params}`;
}

interface PlannedBase {
  to: string;
  /** The 6-digit one-time code. */
  code: string;
  /** Distinguishes the two mails of a secure e-mail change in the idempotency key. */
  idempotencyKey: string;
}

/** A mail with a link to /auth/confirm (and the same token as a code). */
export interface PlannedLinkEmail extends PlannedBase {
  kind: LinkAuthEmailKind;
  confirmUrl: string;
  newEmail?: string;
}

/**
 * A code-only mail: the reauthentication nonce. There is nothing to confirm by link; the page that
 * called reauthenticate() asks for the code and passes it to updateUser({ password, nonce }).
 */
export interface PlannedCodeEmail extends PlannedBase {
  kind: "reauthentication";
}

/** One e-mail the hook must send. */
export type PlannedAuthEmail = PlannedLinkEmail | PlannedCodeEmail;

/**
 * Decides what to send for a hook call. For `email_change`, Supabase Auth puts the new address's
 * code in `token`/`token_hash`, and (with secure e-mail change) the current address's code in
 * `token_new`/`token_hash_new`.
 */
export function planAuthEmails(hook: VerifiedHook, appUrl: string): PlannedAuthEmail[] {
  const { user, email_data: data } = hook.payload;
  const action = data.email_action_type;
  const kind = authEmailKind(action);
  if (!kind) return [];
  const key = (suffix = "") => `auth-${action}/${hook.webhookId}${suffix}`;
  if (kind === "reauthentication") {
    if (!user.email || !data.token) return [];
    return [{ kind, to: user.email, code: data.token, idempotencyKey: key() }];
  }
  const next = kind === "recovery" ? defaultNext.recovery : pathFromAppUrl(data.redirect_to, appUrl, defaultNext[kind]);
  const type = action === "invite" ? "invite" : kind;

  if (kind !== "email_change") {
    return [
      {
        kind,
        to: user.email,
        confirmUrl: buildConfirmUrl(appUrl, { tokenHash: data.token_hash, type, next }),
        code: data.token,
        idempotencyKey: key(),
      },
    ];
  }

  const newEmail = user.new_email ?? "";
  const emails: PlannedLinkEmail[] = [];
  if (newEmail && data.token_hash) {
    emails.push({
      kind,
      to: newEmail,
      newEmail,
      confirmUrl: buildConfirmUrl(appUrl, { tokenHash: data.token_hash, type, next }),
      code: data.token,
      idempotencyKey: key("/new"),
    });
  }
  if (user.email && data.token_hash_new) {
    emails.push({
      kind,
      to: user.email,
      newEmail,
      confirmUrl: buildConfirmUrl(appUrl, { tokenHash: data.token_hash_new, type, next }),
      code: data.token_new,
      idempotencyKey: key("/current"),
    });
  }
  return emails;
}
