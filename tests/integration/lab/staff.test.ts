// Lab staff, authorisations, the daily digest of new requests and the calendar feed (issue 10,
// parts 7–10), through supabase-js as each role against the real stack, and the app's server
// modules where they add something (the invitation, the digest e-mail, the feed's .ics).
import { randomUUID } from "node:crypto";
import type { SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as FeedServer from "~/lib/labs/feed.server";
import type * as OutboxServer from "~/lib/email/outbox.server";
import type * as StaffServer from "~/lib/labs/staff.server";
import type { SupabaseClient as AppClient } from "~/lib/platform/supabase.server";
import { grantSchema } from "~/lib/labs/staff-schemas";
import { useTestStackEnv } from "../../support/app-env.ts";
import { Fixtures, addDays, shanghai, shanghaiDate, type Engineer, type LabWorld } from "../../support/fixtures.ts";
import { firstError, submit } from "../../support/forms.ts";
import { latestHookEmail } from "../../support/hook-receiver.ts";
import { mailCount, waitForMail } from "../../support/mailbox.ts";
import { anonClient, createSignedInUser, serviceClient, uniqueEmail, type TestUser } from "../../support/supabase.ts";
import { TEST_STACK } from "../../support/test-env.ts";

const fx = new Fixtures();
let labA: LabWorld;
let labB: LabWorld;
let engineer: Engineer;
let staff: typeof StaffServer;
let feed: typeof FeedServer;
let outbox: typeof OutboxServer;

const app = (client: SupabaseClient) => client as unknown as AppClient;

beforeAll(async () => {
  useTestStackEnv();
  staff = await import("~/lib/labs/staff.server");
  feed = await import("~/lib/labs/feed.server");
  outbox = await import("~/lib/email/outbox.server");
  [labA, labB] = await Promise.all([fx.labWorld(), fx.labWorld("institute")]);
  engineer = await fx.engineer(undefined, { display_name: `Requester ${fx.tag}` });
});

afterAll(() => fx.db.end());

async function staffOf(labId: string): Promise<{ user_id: string; role: string }[]> {
  return fx.q(`select user_id, role::text from public.lab_members where lab_id = $1 order by user_id`, [labId]);
}

describe("lab staff", () => {
  it("a manager adds a technician by e-mail, changes roles and removes; nobody else can", async () => {
    const newcomer = await createSignedInUser({ display_name: "Newcomer" });
    const added = await labA.manager.client.rpc("add_lab_staff", { p_lab_id: labA.labId, p_email: newcomer.email.toUpperCase(), p_role: "technician" });
    expect(added.error).toBeNull();
    expect(added.data).toBe(newcomer.id);
    const again = await labA.manager.client.rpc("add_lab_staff", { p_lab_id: labA.labId, p_email: newcomer.email, p_role: "manager" });
    expect(again.error?.message).toBe("LAB_STAFF_EXISTS");

    const list = await labA.technician.client.rpc("lab_staff", { p_lab_id: labA.labId });
    expect(list.error).toBeNull();
    expect((list.data as { email: string; role: string }[]).find((r) => r.email === newcomer.email)?.role).toBe("technician");

    // a technician, the other lab's manager and an engineer cannot manage lab A's staff
    const before = await staffOf(labA.labId);
    const outsider = await createSignedInUser();
    for (const client of [labA.technician.client, labB.manager.client, engineer.client]) {
      const add = await client.rpc("add_lab_staff", { p_lab_id: labA.labId, p_email: outsider.email, p_role: "manager" });
      expect(add.error?.message).toBe("LAB_STAFF_FORBIDDEN");
      const role = await client.rpc("change_lab_staff_role", { p_lab_id: labA.labId, p_user_id: newcomer.id, p_role: "manager" });
      expect(role.error?.message).toBe("LAB_STAFF_FORBIDDEN");
      const remove = await client.rpc("remove_lab_staff", { p_lab_id: labA.labId, p_user_id: newcomer.id });
      expect(remove.error?.message).toBe("LAB_STAFF_FORBIDDEN");
    }
    // staff of lab B cannot even read lab A's staff
    const peek = await labB.manager.client.rpc("lab_staff", { p_lab_id: labA.labId });
    expect(peek.error?.message).toBe("LAB_FORBIDDEN");
    expect(await staffOf(labA.labId)).toEqual(before);

    expect((await labA.manager.client.rpc("change_lab_staff_role", { p_lab_id: labA.labId, p_user_id: newcomer.id, p_role: "manager" })).error).toBeNull();
    expect((await labA.manager.client.rpc("remove_lab_staff", { p_lab_id: labA.labId, p_user_id: newcomer.id })).error).toBeNull();
    expect((await staffOf(labA.labId)).some((r) => r.user_id === newcomer.id)).toBe(false);
    const gone = await labA.manager.client.rpc("remove_lab_staff", { p_lab_id: labA.labId, p_user_id: newcomer.id });
    expect(gone.error?.message).toBe("LAB_STAFF_NOT_FOUND");
  });

  it("the last manager can be neither removed nor demoted, whoever asks and however", async () => {
    const world = await fx.labWorld();
    const bureau = await fx.bureau("admin");
    const demote = await world.manager.client.rpc("change_lab_staff_role", { p_lab_id: world.labId, p_user_id: world.manager.id, p_role: "technician" });
    expect(demote.error?.message).toBe("LAB_LAST_MANAGER");
    const leave = await world.manager.client.rpc("remove_lab_staff", { p_lab_id: world.labId, p_user_id: world.manager.id });
    expect(leave.error?.message).toBe("LAB_LAST_MANAGER");
    const byBureau = await bureau.client.rpc("remove_lab_staff", { p_lab_id: world.labId, p_user_id: world.manager.id });
    expect(byBureau.error?.message).toBe("LAB_LAST_MANAGER");
    // straight at the table, as a bureau admin (RLS would allow it): the trigger refuses
    const direct = await bureau.client.from("lab_members").delete().match({ lab_id: world.labId, user_id: world.manager.id });
    expect(direct.error?.message).toBe("LAB_LAST_MANAGER");
    await expect(fx.q(`update public.lab_members set role = 'technician' where lab_id = $1 and user_id = $2`, [world.labId, world.manager.id])).rejects.toThrow(
      /LAB_LAST_MANAGER/,
    );
    expect((await staffOf(world.labId)).find((r) => r.user_id === world.manager.id)?.role).toBe("manager");

    // two managers removing each other at the same moment: one succeeds, the lab keeps a manager
    const second = await fx.labStaff(world.labId, "manager");
    const results = await Promise.all([
      world.manager.client.rpc("remove_lab_staff", { p_lab_id: world.labId, p_user_id: second.id }),
      second.client.rpc("remove_lab_staff", { p_lab_id: world.labId, p_user_id: world.manager.id }),
    ]);
    const errors = results.map((r) => r.error?.message ?? null);
    expect(errors.filter((e) => e === null)).toHaveLength(1);
    expect(errors.filter((e) => e !== null).every((e) => e === "LAB_LAST_MANAGER" || e === "LAB_STAFF_FORBIDDEN")).toBe(true);
    expect((await staffOf(world.labId)).filter((r) => r.role === "manager")).toHaveLength(1);
  });

  it("an address without an account is invited; the link signs them in and they are staff", async () => {
    const email = uniqueEmail("invitee");
    const result = await staff.addStaff(app(labA.manager.client), { labId: labA.labId, email, role: "technician", locale: "en" });
    expect(result).toEqual({ ok: true, value: { invited: true } });
    const mail = await latestHookEmail(email, "invite");
    expect(mail.email_data.redirect_to).toBe("http://localhost:3000/lab");
    const { planAuthEmails } = await import("~/lib/auth/send-email-hook.server");
    const [planned] = planAuthEmails({ webhookId: "test", payload: mail as never }, "http://localhost:3000");
    if (planned.kind === "reauthentication") throw new Error("expected an invitation with a link");
    const link = new URL(planned.confirmUrl);
    expect(link.pathname).toBe("/auth/confirm");
    expect(link.searchParams.get("type")).toBe("invite");
    expect(link.searchParams.get("next")).toBe("/lab");

    const listed = await labA.manager.client.rpc("lab_staff", { p_lab_id: labA.labId });
    expect((listed.data as { email: string; invitation_pending: boolean }[]).find((r) => r.email === email)?.invitation_pending).toBe(true);

    const client = anonClient();
    const accepted = await client.auth.verifyOtp({ type: "invite", token_hash: mail.email_data.token_hash });
    expect(accepted.error).toBeNull();
    const context = await client.rpc("current_user_context");
    expect((context.data as { labs: { id: string; role: string }[] }).labs).toEqual([expect.objectContaining({ id: labA.labId, role: "technician" })]);
    expect((await client.auth.updateUser({ password: `pw-${randomUUID()}` })).error).toBeNull();
    const after = await labA.manager.client.rpc("lab_staff", { p_lab_id: labA.labId });
    expect((after.data as { email: string; invitation_pending: boolean }[]).find((r) => r.email === email)?.invitation_pending).toBe(false);
  });

  it("a technician's attempt to add an unknown address invites nobody", async () => {
    const email = uniqueEmail("not-invited");
    const result = await staff.addStaff(app(labA.technician.client), { labId: labA.labId, email, role: "manager", locale: "zh-CN" });
    expect(result).toMatchObject({ ok: false, error: { code: "LAB_STAFF_FORBIDDEN", status: 403 } });
    expect(await fx.count("auth.users", "lower(email) = $1", [email])).toBe(0);
  });
});

describe("authorisations", () => {
  let instruments: string[];
  let otherInstrument: string;

  beforeAll(async () => {
    instruments = [await fx.instrument(labA.labId, { requires_authorisation: true }), await fx.instrument(labA.labId)];
    otherInstrument = await fx.instrument(labB.labId);
  });

  const rows = (userId: string) =>
    fx.q<{ instrument_id: string; expires_at: Date; note: string; granted_by: string }>(
      `select instrument_id, expires_at, note, granted_by from public.instrument_authorisations where user_id = $1 order by instrument_id`,
      [userId],
    );

  it("a technician grants by exact e-mail on several instruments, renews and revokes", async () => {
    const expiresOn = shanghaiDate(30);
    const granted = await labA.technician.client.rpc("grant_authorisations", {
      p_lab_id: labA.labId,
      p_instrument_ids: instruments,
      p_expires_on: expiresOn,
      p_note: "SEM 培训已完成",
      p_email: ` ${engineer.email.toUpperCase()} `,
    });
    expect(granted.error).toBeNull();
    expect(granted.data).toBe(2);
    const written = await rows(engineer.id);
    expect(written).toHaveLength(2);
    // valid to the end of the chosen day in Shanghai
    for (const row of written) {
      expect(row.expires_at.toISOString()).toBe(shanghai(addDays(expiresOn, 1)).toISOString());
      expect(row.granted_by).toBe(labA.technician.id);
      expect(row.note).toBe("SEM 培训已完成");
    }

    const renewed = await labA.manager.client.rpc("grant_authorisations", {
      p_lab_id: labA.labId,
      p_instrument_ids: [instruments[0]],
      p_expires_on: shanghaiDate(400),
      p_note: "续期",
      p_user_id: engineer.id,
    });
    expect(renewed.error).toBeNull();
    const list = await labA.technician.client.rpc("lab_authorisations", { p_lab_id: labA.labId });
    const mine = (list.data as { instrument_id: string; user_id: string; expires_at: string; email: string }[]).filter((r) => r.user_id === engineer.id);
    expect(mine.map((r) => r.instrument_id)).toEqual([instruments[1], instruments[0]]); // expiring first
    expect(mine[0].email).toBe(engineer.email);

    expect((await labA.technician.client.rpc("revoke_authorisation", { p_instrument_id: instruments[1], p_user_id: engineer.id })).error).toBeNull();
    expect((await rows(engineer.id)).map((r) => r.instrument_id)).toEqual([instruments[0]]);
  });

  it("refuses bad input and other labs' staff, writing nothing", async () => {
    const target = await fx.engineer();
    const base = { p_lab_id: labA.labId, p_instrument_ids: [instruments[0]], p_expires_on: shanghaiDate(10), p_user_id: target.id };
    const cases: [SupabaseClient, Record<string, unknown>, string][] = [
      [labA.technician.client, { p_expires_on: shanghaiDate(-1) }, "LAB_AUTH_EXPIRY_PAST"],
      [labA.technician.client, { p_expires_on: shanghaiDate(6 * 366) }, "LAB_AUTH_EXPIRY_TOO_FAR"],
      [labA.technician.client, { p_instrument_ids: [] }, "LAB_AUTH_NO_INSTRUMENT"],
      [labA.technician.client, { p_instrument_ids: [instruments[0], otherInstrument] }, "LAB_AUTH_NOT_LAB_INSTRUMENT"],
      [labA.technician.client, { p_instrument_ids: [randomUUID()] }, "LAB_AUTH_NOT_LAB_INSTRUMENT"],
      [labA.technician.client, { p_user_id: undefined, p_email: uniqueEmail("nobody") }, "LAB_USER_NOT_FOUND"],
      [labA.technician.client, { p_note: "x".repeat(501) }, "LAB_INVALID_INPUT"],
      [labB.manager.client, {}, "LAB_FORBIDDEN"],
      [labB.manager.client, { p_lab_id: labB.labId }, "LAB_AUTH_NOT_LAB_INSTRUMENT"],
      [engineer.client, {}, "LAB_FORBIDDEN"],
    ];
    for (const [client, override, code] of cases) {
      const { error } = await client.rpc("grant_authorisations", { ...base, ...override });
      expect(error?.message, code).toBe(code);
    }
    expect(await rows(target.id)).toEqual([]);

    await fx.authorise(instruments[0], target.id);
    const revoke = await labB.manager.client.rpc("revoke_authorisation", { p_instrument_id: instruments[0], p_user_id: target.id });
    expect(revoke.error?.message).toBe("LAB_FORBIDDEN");
    const read = await labB.manager.client.rpc("lab_authorisations", { p_lab_id: labA.labId });
    expect(read.error?.message).toBe("LAB_FORBIDDEN");
    const requesters = await labB.technician.client.rpc("lab_past_requesters", { p_lab_id: labA.labId });
    expect(requesters.error?.message).toBe("LAB_FORBIDDEN");
    expect(await rows(target.id)).toHaveLength(1);
  });

  it("offers the lab's past requesters", async () => {
    const requester = await fx.engineer();
    await fx.booking({ instrumentId: instruments[1], requesterId: requester.id, organisationId: requester.organisationId, start: shanghai(shanghaiDate(-50), "09:00"), end: shanghai(shanghaiDate(-50), "10:00") });
    const { data, error } = await labA.technician.client.rpc("lab_past_requesters", { p_lab_id: labA.labId });
    expect(error).toBeNull();
    expect((data as { user_id: string; email: string }[]).find((r) => r.user_id === requester.id)?.email).toBe(requester.email);
    const { data: other } = await labB.technician.client.rpc("lab_past_requesters", { p_lab_id: labB.labId });
    expect((other as { user_id: string }[]).some((r) => r.user_id === requester.id)).toBe(false);
  });

  it("the form says at the field what is wrong", () => {
    const ok = { intent: "grant", instruments: randomUUID(), expiresOn: shanghaiDate(5), email: "a@example.test" };
    expect(submit(grantSchema, ok).success).toBe(true);
    expect(firstError(submit(grantSchema, { ...ok, email: undefined }), "email")).toBe("labAuth.whoRequired");
    expect(firstError(submit(grantSchema, { ...ok, requester: randomUUID() }), "email")).toBe("labAuth.whoRequired");
    expect(firstError(submit(grantSchema, { ...ok, expiresOn: "2026-02-30" }), "expiresOn")).toBe("labAuth.dateInvalid");
    expect(firstError(submit(grantSchema, { ...ok, instruments: undefined }), "instruments")).toBe("labAuth.instrumentsRequired");
    expect(firstError(submit(grantSchema, { ...ok, note: "a\u0000b" }), "note")).toBe("validation.controlCharacters");
  });
});

describe("e-mail about new requests", () => {
  let world: LabWorld;
  let instrumentId: string;
  let digestZh: TestUser;
  let quiet: TestUser;

  beforeAll(async () => {
    world = await fx.labWorld();
    instrumentId = await fx.instrument(world.labId, { lead_time_hours: 0 });
    digestZh = await fx.labStaff(world.labId, "technician", "zh-CN");
    quiet = await fx.labStaff(world.labId, "technician", "en");
    // the technician of labWorld reads English: a digest in English; digestZh one in Chinese
    for (const [user, mode] of [[world.technician, "digest"], [digestZh, "digest"], [quiet, "none"]] as const) {
      const { error } = await user.client.from("lab_staff_settings").upsert({ user_id: user.id, request_mail: mode });
      expect(error).toBeNull();
    }
  });

  it("a new request goes at once only to the staff who want it so", async () => {
    const day = shanghaiDate(3);
    const { data, error } = await engineer.client.rpc("request_booking", {
      p_instrument_id: instrumentId,
      p_starts_at: shanghai(day, "10:00").toISOString(),
      p_ends_at: shanghai(day, "11:00").toISOString(),
      p_purpose: "digest test",
      p_service_mode: "sample_submission",
    });
    expect(error).toBeNull();
    const rows = await fx.q<{ recipient_id: string }>(
      `select recipient_id from public.email_outbox where booking_id = $1 and template = 'booking_requested_lab'`,
      [(data as { id: string }).id],
    );
    expect(rows.map((r) => r.recipient_id)).toEqual([world.manager.id]);
  });

  it("the digest is one e-mail per person per day, whatever the number of requests, in their language", async () => {
    // 25 requests created in the 24 hours before 08:00 of a day a week ago (so the running
    // workers, which queue today's digests, never pick this day)
    const digestDay = shanghaiDate(-7);
    const windowStart = shanghai(addDays(digestDay, -1), "08:00");
    for (let i = 0; i < 25; i++) {
      const start = shanghai(shanghaiDate(10 + Math.floor(i / 8)), `${String(9 + (i % 8)).padStart(2, "0")}:00`);
      const id = await fx.booking({ instrumentId, requesterId: engineer.id, organisationId: engineer.organisationId, start, end: new Date(start.getTime() + 3_600_000), status: "pending" });
      await fx.q(`update public.bookings set created_at = $2 where id = $1`, [id, new Date(windowStart.getTime() + i * 50 * 60_000).toISOString()]);
    }
    const keys = [world.technician, digestZh].map((u) => `lab_request_digest/${u.id}/${digestDay}`);

    // queue three times in the day and claim ours in the same transaction, so that no other
    // test file's worker takes them first
    const client = await fx.db.connect();
    let claimed: OutboxServer.OutboxRow[];
    try {
      await client.query("begin");
      for (const time of ["08:00", "08:05", "23:59"]) {
        await client.query(`select public.queue_lab_request_digests($1)`, [shanghai(digestDay, time).toISOString()]);
      }
      const { rows } = await client.query(
        `update public.email_outbox set status = 'sending', attempts = 1, locked_until = now() + interval '10 minutes'
          where recipient_id = any($1::uuid[]) and template = 'lab_request_digest' returning *`,
        [[world.manager.id, world.technician.id, digestZh.id, quiet.id]],
      );
      await client.query("commit");
      claimed = rows.map((r) => ({ ...r, created_at: new Date(r.created_at).toISOString() })) as OutboxServer.OutboxRow[];
    } finally {
      client.release();
    }
    expect(claimed.map((r) => r.idempotency_key).sort()).toEqual([...keys].sort());
    expect(Object.fromEntries(claimed.map((r) => [r.recipient_id, r.locale]))).toEqual({ [world.technician.id]: "en", [digestZh.id]: "zh-CN" });

    for (const row of claimed) expect(await outbox.processOutboxRow(row)).toBe("sent");
    const en = await waitForMail(TEST_STACK.mailUrl, world.technician.email, (m) => m.subject.includes("new booking requests"));
    expect(en.subject).toContain("25 new booking requests");
    expect(en.html).toContain("/bookings/");
    const zh = await waitForMail(TEST_STACK.mailUrl, digestZh.email, (m) => m.subject.includes("新的预约申请"));
    expect(zh.subject).toContain("25 条");
    expect(await mailCount(TEST_STACK.mailUrl, world.technician.email)).toBe(1);
    expect(await mailCount(TEST_STACK.mailUrl, digestZh.email)).toBe(1);

    // queued again later that day or the worker running again: nothing new
    const again = await serviceClient().rpc("queue_lab_request_digests", { p_now: shanghai(digestDay, "12:00").toISOString() });
    expect(again.error).toBeNull();
    expect(await fx.count("public.email_outbox", "idempotency_key = any($1)", [keys])).toBe(2);
    // users cannot queue or read digests
    expect((await engineer.client.rpc("queue_lab_request_digests", {})).error).not.toBeNull();
    expect((await world.manager.client.rpc("lab_request_digest_context", { p_recipient_id: world.manager.id, p_day: digestDay })).error).not.toBeNull();
  });
});

describe("calendar feed", () => {
  let world: LabWorld;
  let instrumentId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    world = await fx.labWorld();
    instrumentId = await fx.instrument(world.labId);
    const otherInstrument = await fx.instrument(labB.labId);
    const day = shanghaiDate(5);
    const at = (time: string) => shanghai(day, time);
    const b = (status: "pending" | "confirmed" | "cancelled", start: string, instrument = instrumentId) =>
      fx.booking({ instrumentId: instrument, requesterId: engineer.id, organisationId: engineer.organisationId, start: at(start), end: at(`${Number(start.slice(0, 2)) + 1}:00`), status });
    ids.pending = await b("pending", "09:00");
    ids.confirmed = await b("confirmed", "11:00");
    ids.cancelled = await b("cancelled", "13:00");
    ids.otherLab = await b("confirmed", "09:00", otherInstrument);
  });

  it("shows the lab's pending and confirmed bookings under the organisation's name, never the requester's", async () => {
    const { data: token, error } = await world.technician.client.rpc("enable_lab_feed", { p_lab_id: world.labId });
    expect(error).toBeNull();
    expect(token).toMatch(feed.FEED_TOKEN_PATTERN);
    const stored = await fx.one<{ token_hash: Buffer }>(`select token_hash from public.lab_calendar_feeds where user_id = $1`, [world.technician.id]);
    expect(stored.token_hash.toString("hex")).not.toContain(Buffer.from(token as string).toString("hex"));

    const ics = (await feed.labFeedIcs(token as string))!;
    expect(ics).toContain("METHOD:PUBLISH");
    expect(ics).toContain(`UID:${ids.pending}@localhost`);
    expect(ics).toContain(`UID:${ids.confirmed}@localhost`);
    expect(ics).not.toContain(ids.cancelled);
    expect(ics).not.toContain(ids.otherLab);
    const orgName = (await fx.one<{ name_en: string | null; name_zh: string }>(`select name_zh, name_en from public.organisations where id = $1`, [engineer.organisationId]));
    expect(ics).toContain(orgName.name_en ?? orgName.name_zh); // the technician reads English
    expect(ics).not.toContain(`Requester ${fx.tag}`);
    expect(ics).not.toContain(engineer.email);

    // a decision shows at the next refresh
    await fx.q(`update public.bookings set status = 'rejected' where id = $1`, [ids.pending]);
    expect(await feed.labFeedIcs(token as string)).not.toContain(ids.pending);
  });

  it("resets, turns off, ends when its owner leaves, and is no one else's", async () => {
    const { data: first } = await world.manager.client.rpc("enable_lab_feed", { p_lab_id: world.labId });
    const { data: second } = await world.manager.client.rpc("enable_lab_feed", { p_lab_id: world.labId });
    expect(second).not.toBe(first);
    expect(await feed.labFeedIcs(first as string)).toBeNull();
    expect(await feed.labFeedIcs(second as string)).toContain("BEGIN:VCALENDAR");
    expect((await world.manager.client.rpc("disable_lab_feed", { p_lab_id: world.labId })).error).toBeNull();
    expect(await feed.labFeedIcs(second as string)).toBeNull();

    // staff of lab B cannot subscribe to lab A; nobody but the server reads a feed
    expect((await labB.manager.client.rpc("enable_lab_feed", { p_lab_id: world.labId })).error?.message).toBe("LAB_FORBIDDEN");
    const { data: tech } = await world.technician.client.rpc("enable_lab_feed", { p_lab_id: world.labId });
    for (const client of [anonClient(), engineer.client, world.technician.client]) {
      const { data, error } = await client.rpc("lab_feed", { p_token: tech as string });
      expect(data).toBeNull();
      expect(error).not.toBeNull();
    }
    const seen = await labB.manager.client.from("lab_calendar_feeds").select("user_id").eq("lab_id", world.labId);
    expect(seen.data).toEqual([]);

    // a technician removed from the lab loses the feed at once
    expect(await feed.labFeedIcs(tech as string)).not.toBeNull();
    expect((await world.manager.client.rpc("remove_lab_staff", { p_lab_id: world.labId, p_user_id: world.technician.id })).error).toBeNull();
    expect(await feed.labFeedIcs(tech as string)).toBeNull();
    expect(await feed.labFeedIcs("not-a-token")).toBeNull();
    expect(await feed.labFeedIcs("A".repeat(32))).toBeNull();
  });
});
