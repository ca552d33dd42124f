// The e-mail outbox worker (DESIGN §7). Rows are written by the booking functions in the same
// transaction as the change they announce; this worker claims due rows under a lease
// (public.claim_outbox), renders each message from the booking as it is now, sends it with the
// row's idempotency key, and records the outcome (complete_outbox / fail_outbox / skip_outbox).
//
// Nothing is lost: a row stays in the table until it is sent or given up, and a worker that dies
// mid-send leaves a lease that expires, so another worker takes the row again. Nothing is sent
// twice: the retry carries the same Idempotency-Key, which Resend (and the local mailbox) answer
// with the first send's result for 24 hours.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { isBookingEmailTemplate } from "../../../emails/booking";
import { isEmailLocale } from "../../../emails/i18n";
import { bookingEmailContextSchema, composeBookingEmail } from "~/lib/email/booking-emails.server";
import { composeDigestEmail, DIGEST_TEMPLATE, digestContextSchema, digestPayloadSchema } from "~/lib/email/digest-emails.server";
import { EmailSendError, sendEmail, senderAddress, type OutgoingEmail } from "~/lib/email/email.server";
import { env } from "~/lib/platform/env.server";
import type { Database } from "~/lib/platform/database.types";
import { getSupabaseAdmin } from "~/lib/platform/supabase-admin.server";

/** An email_outbox row as claim_outbox returns it. */
export interface OutboxRow {
  id: string;
  booking_id: string | null;
  event_id: string | null;
  template: string;
  recipient_id: string | null;
  recipient_email: string;
  locale: string;
  payload: unknown;
  idempotency_key: string;
  status: "pending" | "sending" | "sent" | "failed" | "skipped";
  attempts: number;
  created_at: string;
}

export type OutboxOutcome = "sent" | "retrying" | "failed" | "skipped" | "unrecorded";

export interface OutboxRunResult {
  /** Reminder rows queued by this run. */
  reminders: number;
  /** Digest rows queued by this run. */
  digests: number;
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
  skipped: number;
  /** Sent or not, but the outcome could not be written; the lease will bring the row back. */
  unrecorded: number;
}

export interface RunOutboxOptions {
  /** Rows to claim per run (1–500). */
  limit?: number;
  /** How long a claimed row stays ours before another worker may take it. */
  leaseSeconds?: number;
  /** Names the worker in email_outbox.locked_by. */
  workerId?: string;
  /** Queue due booking reminders first (default true). */
  reminders?: boolean;
  /** Queue the day's digests of new requests first (default true; idempotent per person per day). */
  digests?: boolean;
}

const DEFAULT_LIMIT = 10;
/** Longer than DEFAULT_LIMIT sends at the send timeout (30 s each) would take. */
const DEFAULT_LEASE_SECONDS = 300;

export const defaultWorkerId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** A message that cannot be sent however often we try (unknown template, missing booking). */
class PermanentError extends Error {}
/** A message that no longer should be sent (a reminder for a booking that was cancelled). */
class SkipMessage extends Error {}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The daily digest of new requests (lab_request_digest): rendered from the database as it is now. */
async function prepareDigest(row: OutboxRow): Promise<OutgoingEmail> {
  const payload = digestPayloadSchema.safeParse(row.payload);
  if (!payload.success || !row.recipient_id) throw new PermanentError(`${row.template} without a day or a recipient`);
  const { data, error } = await getSupabaseAdmin().rpc("lab_request_digest_context", {
    p_recipient_id: row.recipient_id,
    p_day: payload.data.day,
  });
  if (error) throw new Error(`could not load the digest ${row.id}: ${error.message}`);
  const parsed = digestContextSchema.safeParse(data);
  if (!parsed.success) throw new PermanentError(`digest ${row.id} context is malformed: ${parsed.error.issues[0]?.message ?? ""}`);
  // e.g. the person left the lab since the digest was queued
  if (parsed.data.labs.length === 0) throw new SkipMessage("skipped: no new requests in the recipient's labs");
  const locale = isEmailLocale(row.locale) ? row.locale : "zh-CN";
  const composed = await composeDigestEmail(parsed.data, { locale, appUrl: env.APP_URL });
  return { to: row.recipient_email, ...composed, locale, idempotencyKey: row.idempotency_key };
}

async function prepare(row: OutboxRow): Promise<OutgoingEmail> {
  if (row.template === DIGEST_TEMPLATE) return prepareDigest(row);
  if (!isBookingEmailTemplate(row.template)) throw new PermanentError(`unknown template "${row.template}"`);
  if (!row.booking_id) throw new PermanentError(`${row.template} without a booking_id`);
  const { data, error } = await getSupabaseAdmin().rpc("booking_email_context", {
    p_booking_id: row.booking_id,
    p_event_id: row.event_id ?? undefined,
    p_recipient_id: row.recipient_id ?? undefined,
  });
  if (error) throw new Error(`could not load booking ${row.booking_id}: ${error.message}`);
  if (!data) throw new PermanentError(`booking ${row.booking_id} not found`);
  const parsed = bookingEmailContextSchema.safeParse(data);
  if (!parsed.success) {
    throw new PermanentError(`booking ${row.booking_id} context is malformed: ${parsed.error.issues[0]?.message ?? ""}`);
  }
  const context = parsed.data;
  if (row.template === "booking_reminder") {
    if (context.booking.status !== "confirmed") throw new SkipMessage(`skipped: the booking is ${context.booking.status}`);
    if (Date.parse(context.booking.starts_at) <= Date.now()) throw new SkipMessage("skipped: the booking has started");
  }
  const locale = isEmailLocale(row.locale) ? row.locale : "zh-CN";
  const composed = await composeBookingEmail(row.template, context, {
    locale,
    appUrl: env.APP_URL,
    fallbackOrganizerEmail: senderAddress(),
    stamp: row.created_at,
  });
  return { to: row.recipient_email, ...composed, locale, idempotencyKey: row.idempotency_key };
}

/** Renders and sends a claimed row, without recording the outcome (processOutboxRow does). */
export async function deliverOutboxRow(row: OutboxRow): Promise<{ id: string }> {
  return sendEmail(await prepare(row));
}

type OutcomeFunction = "complete_outbox" | "fail_outbox" | "skip_outbox";

async function record<F extends OutcomeFunction>(fn: F, args: Database["public"]["Functions"][F]["Args"]): Promise<unknown> {
  const { data, error } = await getSupabaseAdmin().rpc(fn, args);
  if (error) throw new Error(`${fn}: ${error.message}`);
  return data;
}

/** Sends one claimed row and records what happened. Never throws. */
export async function processOutboxRow(row: OutboxRow): Promise<OutboxOutcome> {
  const label = `${row.template} ${row.id} (attempt ${row.attempts})`;
  try {
    try {
      const { id } = await deliverOutboxRow(row);
      await record("complete_outbox", { p_id: row.id, p_provider_message_id: id });
      return "sent";
    } catch (error) {
      if (error instanceof SkipMessage) {
        await record("skip_outbox", { p_id: row.id, p_reason: error.message });
        console.info(`outbox: ${label} ${error.message}`);
        return "skipped";
      }
      if (error instanceof EmailSendError && error.alreadySent) {
        // An earlier attempt was delivered (its outcome was not recorded): do not send again.
        await record("complete_outbox", { p_id: row.id });
        console.info(`outbox: ${label} was already delivered by an earlier attempt`);
        return "sent";
      }
      const retry = error instanceof EmailSendError ? error.retryable : !(error instanceof PermanentError);
      const status = await record("fail_outbox", { p_id: row.id, p_error: messageOf(error), p_retry: retry });
      const outcome = status === "pending" ? "retrying" : "failed";
      console.warn(`outbox: ${label} ${outcome === "retrying" ? "will be retried" : "failed for good"}: ${messageOf(error)}`);
      return outcome;
    }
  } catch (error) {
    console.error(`outbox: ${label} outcome not recorded (the lease will expire): ${messageOf(error)}`);
    return "unrecorded";
  }
}

/** One pass: queue due reminders, claim up to `limit` rows, send them one by one. */
export async function runOutboxOnce(options: RunOutboxOptions = {}): Promise<OutboxRunResult> {
  const result: OutboxRunResult = { reminders: 0, digests: 0, claimed: 0, sent: 0, retrying: 0, failed: 0, skipped: 0, unrecorded: 0 };
  const admin = getSupabaseAdmin();
  if (options.reminders !== false) {
    const { data, error } = await admin.rpc("queue_booking_reminders");
    if (error) console.warn(`outbox: could not queue reminders: ${error.message}`);
    else result.reminders = Number(data) || 0;
  }
  if (options.digests !== false) {
    const { data, error } = await admin.rpc("queue_lab_request_digests", {});
    if (error) console.warn(`outbox: could not queue digests: ${error.message}`);
    else result.digests = Number(data) || 0;
  }
  const { data, error } = await admin.rpc("claim_outbox", {
    p_worker: options.workerId ?? defaultWorkerId,
    p_limit: options.limit ?? DEFAULT_LIMIT,
    p_lease_seconds: options.leaseSeconds ?? DEFAULT_LEASE_SECONDS,
  });
  if (error) throw new Error(`claim_outbox: ${error.message}`);
  const rows = (data ?? []) as OutboxRow[];
  result.claimed = rows.length;
  for (const row of rows) result[await processOutboxRow(row)] += 1;
  return result;
}

export interface OutboxWorkerOptions extends RunOutboxOptions {
  /** Pause between runs when the outbox is drained. */
  intervalMs?: number;
  /** Called after each run (tests, metrics). */
  onRun?: (result: OutboxRunResult) => void;
}

/**
 * Polls the outbox in this process until the returned function is called; that function waits
 * for the send in progress to finish. A full batch is followed at once by the next one.
 */
export function startOutboxWorker(options: OutboxWorkerOptions = {}): () => Promise<void> {
  const intervalMs = options.intervalMs ?? 5000;
  const limit = options.limit ?? DEFAULT_LIMIT;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let lastError = "";

  const tick = () => {
    running = (async () => {
      try {
        let result: OutboxRunResult;
        do {
          result = await runOutboxOnce({ ...options, limit });
          options.onRun?.(result);
          const { claimed, sent, retrying, failed, skipped, reminders } = result;
          if (claimed > 0 || reminders > 0) {
            console.info(
              `outbox: claimed ${claimed}: sent ${sent}, retrying ${retrying}, failed ${failed}, skipped ${skipped}` +
                (reminders ? `; queued ${reminders} reminder(s)` : ""),
            );
          }
          lastError = "";
        } while (!stopped && result.claimed === limit);
      } catch (error) {
        // Say it once, not every interval while the database is away.
        const message = messageOf(error);
        if (message !== lastError) console.error(`outbox: run failed: ${message}`);
        lastError = message;
      }
    })();
    void running.finally(() => {
      running = undefined;
      if (!stopped) timer = setTimeout(tick, intervalMs);
    });
  };
  timer = setTimeout(tick, 0);

  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
