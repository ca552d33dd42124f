// The outbox worker against the real stack: claim_outbox / complete / fail through PostgREST
// with the service role, booking data read fresh at send time, the real resend SDK.
//
// The worker sends to a mailbox of its own (the stack's mailbox code, supabase/local/mailbox.ts,
// on a private port): fault injection is global to a mailbox, and tests/integration/mailbox.test.ts
// resets the stack mailbox's faults while it runs, so sharing it would make both files flaky.
//
// All outbox tests live in this one file so that they run one after another: a worker claims
// every due row, so two files running workers at once would take each other's rows. Rows that
// must be claimed first are made due long ago (next_attempt_at 2000-01-01) because other files'
// booking tests write outbox rows into the same database.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as OutboxServer from "~/lib/email/outbox.server";
import { createMailbox } from "../../../supabase/local/mailbox.ts";
import { Fixtures, type Engineer, type LabWorld } from "../../support/fixtures.ts";
import { icsValue } from "../../support/ics.ts";
import { mailCount, waitForMail, type StoredMessage } from "../../support/mailbox.ts";
import { serviceClient } from "../../support/supabase.ts";
import { TEST_STACK } from "../../support/test-env.ts";
import { useTestStackEnv } from "../../support/app-env.ts";

type OutboxModule = typeof OutboxServer;

const APP_URL = "http://localhost:3000";
const mailbox = createMailbox();
const server = http.createServer((req, res) => void mailbox.handle(req, res));
let mailUrl = "";
let outbox: OutboxModule;

const fx = new Fixtures();
let world: LabWorld;
let engineer: Engineer;
let instrumentId: string;
let slot = 0;

interface OutboxState {
  status: string;
  attempts: number;
  next_attempt_at: Date;
  locked_until: Date | null;
  locked_by: string | null;
  last_error: string | null;
  provider_message_id: string | null;
  wait_seconds: number;
}

async function state(id: string): Promise<OutboxState> {
  return fx.one<OutboxState>(
    `select status, attempts, next_attempt_at, locked_until, locked_by, last_error, provider_message_id,
            extract(epoch from next_attempt_at - now())::float8 as wait_seconds
       from public.email_outbox where id = $1`,
    [id],
  );
}

/** A booking of the test instrument (each in its own two-hour slot) and its first event. */
async function booking(
  options: { status?: string; startsInHours?: number; decidedHoursAgo?: number } = {},
): Promise<{ bookingId: string; eventId: string }> {
  const startsInHours = options.startsInHours ?? 72 + 3 * slot++;
  const row = await fx.one<{ id: string }>(
    `insert into public.bookings (instrument_id, requester_id, organisation_id, during, status, service_mode,
       purpose, rate_cny, estimated_cost_cny, decided_at, created_at)
     values ($1, $2, $3,
       tstzrange(date_trunc('hour', now()) + make_interval(hours => $4), date_trunc('hour', now()) + make_interval(hours => $4 + 2)),
       $5, 'sample_submission', '锂电池正极材料形貌观察', 300, 600,
       now() - make_interval(hours => $6), now() - make_interval(hours => $6 + 1))
     returning id`,
    [instrumentId, engineer.id, engineer.organisationId, startsInHours, options.status ?? "confirmed", options.decidedHoursAgo ?? 48],
  );
  const event = await fx.one<{ id: string }>(
    `insert into public.booking_events (booking_id, actor_id, from_status, to_status) values ($1, $2, null, $3) returning id`,
    [row.id, world.manager.id, options.status ?? "confirmed"],
  );
  return { bookingId: row.id, eventId: event.id };
}

/** An outbox row for the booking, due long ago so that it is claimed before anyone else's. */
async function outboxRow(
  b: { bookingId: string | null; eventId: string | null },
  options: { template?: string; to?: string; locale?: string; recipientId?: string | null } = {},
): Promise<{ id: string; to: string; key: string }> {
  const to = options.to ?? `outbox-${randomUUID().slice(0, 8)}@example.test`;
  const template = options.template ?? "booking_confirmed";
  const key = `${template}/${b.bookingId}/${b.eventId}/${randomUUID()}`;
  const row = await fx.one<{ id: string }>(
    `insert into public.email_outbox (booking_id, event_id, template, recipient_id, recipient_email, locale, idempotency_key, next_attempt_at)
     values ($1, $2, $3, $4, $5, $6, $7, '2000-01-01') returning id`,
    [b.bookingId, b.eventId, template, options.recipientId ?? engineer.id, to, options.locale ?? "zh-CN", key],
  );
  return { id: row.id, to, key };
}

async function fault(status: 429 | 500 | 503, count = 1): Promise<void> {
  const res = await fetch(`${mailUrl}/api/faults`, { method: "POST", body: JSON.stringify({ status, count }) });
  expect(res.ok).toBe(true);
}

async function messagesTo(to: string): Promise<StoredMessage[]> {
  return (await (await fetch(`${mailUrl}/api/messages?to=${encodeURIComponent(to)}`)).json()) as StoredMessage[];
}

/** Runs a worker until it finds nothing due. */
async function drain(workerId: string, limit = 5): Promise<number> {
  let claimed = 0;
  for (let i = 0; i < 100; i++) {
    const result = await outbox.runOutboxOnce({ workerId, limit, reminders: false });
    claimed += result.claimed;
    if (result.claimed === 0) return claimed;
  }
  throw new Error("the outbox did not drain");
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  mailUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  useTestStackEnv({ RESEND_API_KEY: "re_test_outbox", RESEND_BASE_URL: mailUrl, APP_URL });
  outbox = await import("~/lib/email/outbox.server");
  // E-mails other files queued before this one started (hundreds after the concurrency suite)
  // are not ours to send: put them off for a day, or drain() below would have to send them all
  // and give up ("did not drain") depending on which files ran first. They stay pending.
  await fx.q(`update public.email_outbox set next_attempt_at = now() + interval '1 day' where status = 'pending' and next_attempt_at <= now()`);

  world = await fx.labWorld();
  await fx.q(`update public.labs set contact_email = 'lab-desk@example.test', address_en = '1 Test Road, Wujin' where id = $1`, [
    world.labId,
  ]);
  engineer = await fx.engineer(undefined, { display_name: "王工", locale: "zh-CN" });
  instrumentId = await fx.instrument(world.labId, { status: "active" });
});

afterAll(async () => {
  await fx.end();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("outbox worker", () => {
  it("sends a booking e-mail rendered from the booking, with its .ics, and records it as sent", async () => {
    const b = await booking();
    const row = await outboxRow(b, { locale: "en" });
    const result = await outbox.runOutboxOnce({ workerId: "w-basic", limit: 1, reminders: false });
    expect(result).toMatchObject({ claimed: 1, sent: 1 });

    const after = await state(row.id);
    expect(after).toMatchObject({ status: "sent", attempts: 1, locked_until: null, locked_by: null, last_error: null });
    const [message] = await messagesTo(row.to);
    expect(after.provider_message_id).toBe(message.id);
    expect(message.idempotency_key).toBe(row.key);
    expect(message.subject).toMatch(/^Booking confirmed: Test instrument/);
    expect(message.html).toContain(`href="${APP_URL}/bookings/${b.bookingId}"`);
    expect(message.html).toContain("1 Test Road, Wujin");
    expect(message.attachments).toHaveLength(1);
    expect(message.attachments[0].content_type).toBe("text/calendar; charset=utf-8; method=REQUEST");
    const ics = Buffer.from(message.attachments[0].content, "base64").toString("utf8");
    expect(ics.startsWith("BEGIN:VCALENDAR")).toBe(true);
    expect(icsValue(ics, "UID")).toBe(`${b.bookingId}@localhost`);
    expect(icsValue(ics, "DTSTART")).toMatch(/^\d{8}T\d{6}Z$/);
    expect(icsValue(ics, "ORGANIZER")?.toLowerCase()).toBe("mailto:lab-desk@example.test");
    // English recipient: English sender name, same address; money as the app shows it.
    expect(message.from).toBe("Changzhou Instrument Sharing <noreply@instruments.changzhou.example>");
    expect(message.html).toContain("CN¥600 (CN¥300 per hour");
    expect(message.html).not.toContain("CN¥600.00");
  });

  it("sends a pending request as a provisional hold: a tentative .ics and a sentence that says so", async () => {
    const b = await booking({ status: "pending" });
    const zh = await outboxRow(b, { template: "booking_requested", locale: "zh-CN" });
    const en = await outboxRow(b, { template: "booking_requested", locale: "en" });
    await drain("w-pending", 2);
    const [zhMessage] = await messagesTo(zh.to);
    const [enMessage] = await messagesTo(en.to);
    expect(zhMessage.from).toBe("常州仪器共享 <noreply@instruments.changzhou.example>");
    expect(enMessage.from).toBe("Changzhou Instrument Sharing <noreply@instruments.changzhou.example>");
    expect(enMessage.html).toContain("The attached .ics file is a provisional hold for your calendar, marked tentative");
    expect(enMessage.html).not.toContain("Add the attached .ics file");
    expect(zhMessage.html).toContain("附件中的 .ics 文件是一个暂定的日历占位");
    for (const message of [zhMessage, enMessage]) {
      expect(message.attachments[0].content_type).toBe("text/calendar; charset=utf-8; method=REQUEST");
      const ics = Buffer.from(message.attachments[0].content, "base64").toString("utf8");
      expect(icsValue(ics, "STATUS")).toBe("TENTATIVE");
      expect(icsValue(ics, "SEQUENCE")).toBe("1");
    }
    expect(icsValue(Buffer.from(enMessage.attachments[0].content, "base64").toString("utf8"), "SUMMARY")).toMatch(
      /^\[Awaiting approval\] /,
    );
  });

  it("delivers each of 50 rows exactly once with two workers running at the same time", async () => {
    const b = await booking();
    const rows = await Promise.all(Array.from({ length: 50 }, () => outboxRow(b)));
    const [first, second] = await Promise.all([drain("w-one", 4), drain("w-two", 4)]);
    expect(first + second).toBeGreaterThanOrEqual(50);

    const states = await fx.q<{ status: string; attempts: number }>(
      `select status, attempts from public.email_outbox where id = any($1::uuid[])`,
      [rows.map((r) => r.id)],
    );
    expect(states).toHaveLength(50);
    // Claimed once each: no row was taken by both workers.
    expect(states.every((s) => s.status === "sent" && s.attempts === 1)).toBe(true);
    const counts = await Promise.all(rows.map((r) => mailCount(mailUrl, r.to)));
    expect(counts).toEqual(rows.map(() => 1));
  });

  it("never hands the same row to two concurrent claims", async () => {
    const b = await booking();
    const rows = await Promise.all(Array.from({ length: 20 }, () => outboxRow(b)));
    const ids = new Set(rows.map((r) => r.id));
    const claim = (worker: string) =>
      fx.q<{ id: string }>(`select id from public.claim_outbox($1, 15, 60)`, [worker]);
    const [a, c] = await Promise.all([claim("claim-a"), claim("claim-b")]);
    const mineA = a.map((r) => r.id).filter((id) => ids.has(id));
    const mineB = c.map((r) => r.id).filter((id) => ids.has(id));
    expect(mineA.filter((id) => mineB.includes(id))).toEqual([]);
    expect(mineA.length + mineB.length).toBe(20);
    // Hand them back (as if the lease had run out) and let a worker finish them.
    await fx.q(`update public.email_outbox set locked_until = now() - interval '1 second' where id = any($1::uuid[])`, [
      [...ids],
    ]);
    await drain("w-after-claims", 10);
    expect(await fx.count("public.email_outbox", "id = any($1::uuid[]) and status = 'sent'", [[...ids]])).toBe(20);
  });

  it("retries after a 500 and a 429 with back-off, then delivers once", async () => {
    const b = await booking();
    const row = await outboxRow(b);

    await fault(500);
    expect(await outbox.runOutboxOnce({ workerId: "w-retry", limit: 1, reminders: false })).toMatchObject({ retrying: 1 });
    let s = await state(row.id);
    expect(s).toMatchObject({ status: "pending", attempts: 1, locked_until: null });
    expect(s.last_error).toMatch(/500/);
    // 30 s ± 25 % after the first failure.
    expect(s.wait_seconds).toBeGreaterThan(20);
    expect(s.wait_seconds).toBeLessThan(40);
    expect(await mailCount(mailUrl, row.to)).toBe(0);
    // Not due yet: a run leaves it alone.
    await outbox.runOutboxOnce({ workerId: "w-retry", limit: 1, reminders: false });
    expect((await state(row.id)).attempts).toBe(1);

    await fx.q(`update public.email_outbox set next_attempt_at = '2000-01-01' where id = $1`, [row.id]);
    await fault(429);
    await outbox.runOutboxOnce({ workerId: "w-retry", limit: 1, reminders: false });
    s = await state(row.id);
    expect(s).toMatchObject({ status: "pending", attempts: 2 });
    expect(s.last_error).toMatch(/429|rate_limit/);
    // 60 s ± 25 % after the second.
    expect(s.wait_seconds).toBeGreaterThan(40);
    expect(s.wait_seconds).toBeLessThan(80);

    await fx.q(`update public.email_outbox set next_attempt_at = '2000-01-01' where id = $1`, [row.id]);
    await outbox.runOutboxOnce({ workerId: "w-retry", limit: 1, reminders: false });
    expect(await state(row.id)).toMatchObject({ status: "sent", attempts: 3 });
    expect(await mailCount(mailUrl, row.to)).toBe(1);
  });

  it("gives up after the last attempt", async () => {
    const b = await booking();
    const row = await outboxRow(b);
    await fx.q(`update public.email_outbox set attempts = 7 where id = $1`, [row.id]);
    await fault(503);
    await outbox.runOutboxOnce({ workerId: "w-last", limit: 1, reminders: false });
    const s = await state(row.id);
    expect(s).toMatchObject({ status: "failed", attempts: 8 });
    expect(s.last_error).toMatch(/503/);
  });

  it("fails permanently, at once, on a validation error, an unknown template or a missing booking", async () => {
    const b = await booking();
    // The database accepts user@host; Resend (and the mailbox) answer 422.
    const invalid = await outboxRow(b, { to: `nobody-${randomUUID().slice(0, 6)}@localhost` });
    const unknown = await outboxRow(b, { template: "newsletter" });
    const orphan = await outboxRow({ bookingId: null, eventId: null });
    await drain("w-permanent", 3);
    const [i, u, o] = await Promise.all([state(invalid.id), state(unknown.id), state(orphan.id)]);
    expect(i).toMatchObject({ status: "failed", attempts: 1 });
    expect(i.last_error).toMatch(/422 validation_error/);
    expect(u).toMatchObject({ status: "failed", attempts: 1 });
    expect(u.last_error).toMatch(/unknown template/);
    expect(o).toMatchObject({ status: "failed", attempts: 1 });
    expect(o.last_error).toMatch(/without a booking_id/);
  });

  it("lets another worker take a row whose lease expired, without delivering it twice", async () => {
    const b = await booking();
    const row = await outboxRow(b);
    // Worker A claims the row, sends it, and dies before recording the outcome.
    const [claimed] = await fx.q<OutboxServer.OutboxRow>(
      `select * from public.claim_outbox('w-crashed', 1, 60)`,
    );
    expect(claimed.id).toBe(row.id);
    const firstSend = await outbox.deliverOutboxRow(claimed);
    expect(await state(row.id)).toMatchObject({ status: "sending", locked_by: "w-crashed", attempts: 1 });

    // While the lease holds, nobody else takes it.
    await outbox.runOutboxOnce({ workerId: "w-rescue", limit: 1, reminders: false });
    expect(await state(row.id)).toMatchObject({ status: "sending", locked_by: "w-crashed" });

    // The lease runs out: worker B takes the row; the idempotency key stops a second delivery.
    await fx.q(`update public.email_outbox set locked_until = now() - interval '1 second' where id = $1`, [row.id]);
    expect(await outbox.runOutboxOnce({ workerId: "w-rescue", limit: 1, reminders: false })).toMatchObject({ sent: 1 });
    const s = await state(row.id);
    expect(s).toMatchObject({ status: "sent", attempts: 2, provider_message_id: firstSend.id });
    expect(await mailCount(mailUrl, row.to)).toBe(1);
  });

  it("queues one reminder for a confirmed booking starting within 24 hours and sends it", async () => {
    const due = await booking({ startsInHours: 20, decidedHoursAgo: 72 });
    const late = await booking({ startsInHours: 22, decidedHoursAgo: 1 }); // just confirmed
    const later = await booking({ startsInHours: 30, decidedHoursAgo: 72 }); // not yet
    const pending = await booking({ startsInHours: 18, status: "pending" });

    const reminders = (id: string) => fx.count("public.email_outbox", "booking_id = $1 and template = 'booking_reminder'", [id]);
    // Scoped to this test's bookings: other files' (and the seed's) bookings are not ours to remind.
    const queue = async (id: string) => (await fx.one<{ n: number }>(`select public.queue_booking_reminders($1) as n`, [id])).n;
    expect(await queue(due.bookingId)).toBe(1);
    expect(await queue(due.bookingId)).toBe(0); // once per booking
    expect(await queue(late.bookingId)).toBe(0);
    expect(await queue(later.bookingId)).toBe(0);
    expect(await queue(pending.bookingId)).toBe(0);
    expect(await reminders(due.bookingId)).toBe(1);
    const row = await fx.one<{ id: string; idempotency_key: string; recipient_email: string }>(
      `select id, idempotency_key, recipient_email from public.email_outbox where booking_id = $1`,
      [due.bookingId],
    );
    expect(row.idempotency_key).toBe(`booking_reminder/${due.bookingId}`);
    expect(row.recipient_email).toBe(engineer.email);

    await fx.q(`update public.email_outbox set next_attempt_at = '2000-01-01' where id = $1`, [row.id]);
    await outbox.runOutboxOnce({ workerId: "w-reminder", limit: 1, reminders: false });
    expect(await state(row.id)).toMatchObject({ status: "sent" });
    const message = await waitForMail(mailUrl, engineer.email, (m) => m.subject.startsWith("预约提醒"));
    expect(message.html).toContain(`${APP_URL}/bookings/${due.bookingId}`);
    expect(message.from).toBe("常州仪器共享 <noreply@instruments.changzhou.example>");
  });

  it("skips a reminder whose booking was cancelled meanwhile", async () => {
    const b = await booking({ status: "cancelled", startsInHours: 10 });
    const row = await outboxRow(b, { template: "booking_reminder" });
    await outbox.runOutboxOnce({ workerId: "w-skip", limit: 1, reminders: false });
    const s = await state(row.id);
    expect(s.status).toBe("skipped");
    expect(s.last_error).toMatch(/cancelled/);
    expect(await mailCount(mailUrl, row.to)).toBe(0);
  });

  it("polls in the background until stopped", async () => {
    const b = await booking();
    const row = await outboxRow(b, { template: "booking_requested_lab", recipientId: world.technician.id, locale: "en" });
    const stop = outbox.startOutboxWorker({ intervalMs: 50, reminders: false, workerId: "w-poll" });
    try {
      const message = await waitForMail(mailUrl, row.to);
      expect(message.subject).toMatch(/^New booking (request|\(confirmed automatically\))/);
      expect(message.html).toContain(`${APP_URL}/bookings/${b.bookingId}`);
    } finally {
      await stop();
    }
    expect((await state(row.id)).status).toBe("sent");
  });

  it("is the service role's alone", async () => {
    const queued = await serviceClient().rpc("queue_booking_reminders", { p_booking_id: randomUUID() });
    expect(queued).toMatchObject({ error: null, data: 0 });
    const { error } = await world.manager.client.rpc("claim_outbox", { p_worker: "intruder", p_limit: 1, p_lease_seconds: 60 });
    expect(error?.code).toBe("42501");
    const anon = await fetch(`${TEST_STACK.apiUrl}/rest/v1/rpc/queue_booking_reminders`, {
      method: "POST",
      headers: { apikey: TEST_STACK.anonKey, "content-type": "application/json" },
      body: "{}",
    });
    expect(anon.status).toBeGreaterThanOrEqual(400);
  });
});
