// Retiring an instrument that still has live bookings (issue 10 part 5): public.retire_instrument
// (migration 20261210200000) as each role through supabase-js, and the app's retireInstrument on
// top of it. Refused with the live bookings named and nothing changed; sent again with exactly those
// bookings and a reason, each is cancelled (reason recorded, the requester e-mailed through the
// outbox into the local mailbox) and the instrument retired, in one transaction. Days are computed
// from now in Asia/Shanghai.
import type { SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as OutboxServer from "~/lib/email/outbox.server";
import type * as LabInstrumentsServer from "~/lib/instruments/lab-instruments.server";
import type { SupabaseClient as AppClient } from "~/lib/platform/supabase.server";
import { useTestStackEnv } from "../../support/app-env.ts";
import { addDays, Fixtures, shanghai, shanghaiDate, type Engineer, type LabWorld } from "../../support/fixtures.ts";
import { waitForMail } from "../../support/mailbox.ts";
import { TEST_STACK } from "../../support/test-env.ts";

const f = new Fixtures();
let labA: LabWorld;
let labB: LabWorld;
let engineer: Engineer;
let outbox: typeof OutboxServer;
let instruments: typeof LabInstrumentsServer;
/** A Shanghai day five days ahead: past any lead time, inside the horizon. */
const DAY = shanghaiDate(5);
const app = (client: SupabaseClient) => client as unknown as AppClient;

beforeAll(async () => {
  useTestStackEnv();
  outbox = await import("~/lib/email/outbox.server");
  instruments = await import("~/lib/instruments/lab-instruments.server");
  [labA, labB] = await Promise.all([f.labWorld(), f.labWorld()]);
  engineer = await f.engineer(undefined, { display_name: `Requester ${f.tag}` });
});

afterAll(() => f.db.end());

async function instrumentWithBooking(status: "pending" | "confirmed" = "confirmed") {
  const instrument = await f.instrument(labA.labId);
  const booking = await f.booking({
    instrumentId: instrument,
    requesterId: engineer.id,
    organisationId: engineer.organisationId,
    start: shanghai(DAY, "10:00"),
    end: shanghai(DAY, "12:00"),
    status,
  });
  return { instrument, booking };
}

const statusOf = async (instrument: string) => (await f.one<{ status: string }>(`select status::text from public.instruments where id = $1`, [instrument])).status;
const bookingOf = (booking: string) =>
  f.one<{ status: string; cancel_reason: string | null; cancelled_by: string | null }>(
    `select status::text, cancel_reason, cancelled_by from public.bookings where id = $1`,
    [booking],
  );

/** Sends the booking's queued mails now (claimed in one transaction so no other file's worker takes them first). */
async function deliverMailsOf(booking: string) {
  const client = await f.db.connect();
  let claimed: OutboxServer.OutboxRow[];
  try {
    await client.query("begin");
    const { rows } = await client.query(
      `update public.email_outbox set status = 'sending', attempts = attempts + 1, locked_until = now() + interval '10 minutes'
        where booking_id = $1 and status = 'pending' returning *`,
      [booking],
    );
    await client.query("commit");
    claimed = rows.map((r) => ({ ...r, created_at: new Date(r.created_at).toISOString() })) as OutboxServer.OutboxRow[];
  } finally {
    client.release();
  }
  for (const row of claimed) expect(await outbox.processOutboxRow(row)).toBe("sent");
}

describe("retire_instrument", () => {
  it("refuses a manager's retire while a booking is live, naming it, and changes nothing", async () => {
    const { instrument, booking } = await instrumentWithBooking("pending");
    const { error } = await labA.manager.client.rpc("retire_instrument", { p_instrument_id: instrument });
    expect(error?.message).toBe("INSTRUMENT_HAS_BOOKINGS");
    expect(error?.details).toBe(booking);
    expect(await statusOf(instrument)).toBe("active");
    expect(await bookingOf(booking)).toEqual({ status: "pending", cancel_reason: null, cancelled_by: null });
  });

  it("with the booking and a reason: cancels it (reason recorded), e-mails the requester, retires the instrument", async () => {
    const { instrument, booking } = await instrumentWithBooking();
    const reason = `仪器报废 ${f.tag}`;
    const { error } = await labA.manager.client.rpc("retire_instrument", {
      p_instrument_id: instrument,
      p_cancel_booking_ids: [booking],
      p_cancel_reason: reason,
    });
    expect(error).toBeNull();
    expect(await statusOf(instrument)).toBe("retired");
    expect(await bookingOf(booking)).toEqual({ status: "cancelled", cancel_reason: reason, cancelled_by: labA.manager.id });
    // audited like any cancellation
    expect(await f.count("public.booking_events", "booking_id = $1 and to_status = 'cancelled'", [booking])).toBe(1);
    expect(
      await f.q(`select template, recipient_id from public.email_outbox where booking_id = $1 and recipient_id = $2`, [booking, engineer.id]),
    ).toEqual([{ template: "booking_cancelled", recipient_id: engineer.id }]);
    await deliverMailsOf(booking);
    const mail = await waitForMail(TEST_STACK.mailUrl, engineer.email, (m) => (m.html ?? "").includes(reason));
    expect(mail.subject).toMatch(/预约已取消|Booking cancelled/);
  });

  it("a technician cannot retire (42501) and nothing is cancelled; nor can another lab's manager", async () => {
    const { instrument, booking } = await instrumentWithBooking();
    for (const user of [labA.technician, labB.manager]) {
      const { error } = await user.client.rpc("retire_instrument", {
        p_instrument_id: instrument,
        p_cancel_booking_ids: [booking],
        p_cancel_reason: "不应生效",
      });
      expect(error?.code).toBe("42501");
    }
    expect(await statusOf(instrument)).toBe("active");
    expect((await bookingOf(booking)).status).toBe("confirmed");
  });

  it("refuses a blank reason when there are bookings to cancel, changing nothing", async () => {
    const { instrument, booking } = await instrumentWithBooking();
    for (const reason of [undefined, "", "   "]) {
      const { error } = await labA.manager.client.rpc("retire_instrument", {
        p_instrument_id: instrument,
        p_cancel_booking_ids: [booking],
        ...(reason === undefined ? {} : { p_cancel_reason: reason }),
      });
      expect(error?.message, JSON.stringify(reason)).toBe("INSTRUMENT_REASON_REQUIRED");
    }
    expect(await statusOf(instrument)).toBe("active");
    expect((await bookingOf(booking)).status).toBe("confirmed");
    expect(await f.count("public.email_outbox", "booking_id = $1 and template = 'booking_cancelled'", [booking])).toBe(0);
  });

  it("refuses when a live booking was not in the list (made since the page was shown), cancelling nothing", async () => {
    const { instrument, booking } = await instrumentWithBooking();
    const newer = await f.booking({
      instrumentId: instrument,
      requesterId: engineer.id,
      organisationId: engineer.organisationId,
      start: shanghai(addDays(DAY, 1), "09:00"),
      end: shanghai(addDays(DAY, 1), "10:00"),
      status: "pending",
    });
    const { error } = await labA.manager.client.rpc("retire_instrument", {
      p_instrument_id: instrument,
      p_cancel_booking_ids: [booking],
      p_cancel_reason: "仪器报废",
    });
    expect(error?.message).toBe("INSTRUMENT_HAS_BOOKINGS");
    expect(error?.details).toBe(newer);
    expect(await statusOf(instrument)).toBe("active");
    expect(await f.count("public.bookings", "id = any($1) and status in ('confirmed', 'pending')", [[booking, newer]])).toBe(2);
  });

  it("retires an instrument without live bookings; past and cancelled bookings stay", async () => {
    const instrument = await f.instrument(labA.labId);
    const old = await f.booking({
      instrumentId: instrument,
      requesterId: engineer.id,
      organisationId: engineer.organisationId,
      start: shanghai(addDays(shanghaiDate(0), -3), "10:00"),
      end: shanghai(addDays(shanghaiDate(0), -3), "11:00"),
      status: "completed",
    });
    const { error } = await labA.manager.client.rpc("retire_instrument", { p_instrument_id: instrument });
    expect(error).toBeNull();
    expect(await statusOf(instrument)).toBe("retired");
    expect((await bookingOf(old)).status).toBe("completed");
  });
});

describe("the app's retireInstrument", () => {
  it("lists the live bookings, refuses a blank reason at the field, then cancels them and retires", async () => {
    const { instrument, booking } = await instrumentWithBooking();
    const client = app(labA.manager.client);
    const first = await instruments.retireInstrument(client, labA.manager.id, instrument);
    expect(first.ok).toBe(false);
    expect(!first.ok && first.stranded?.map((b) => [b.id, b.requester, b.status])).toEqual([[booking, `Requester ${f.tag}`, "confirmed"]]);

    const blank = await instruments.retireInstrument(client, labA.manager.id, instrument, { bookingIds: [booking], reason: "  " });
    expect(blank).toEqual({ ok: false, status: 400, field: "reason", message: "labInstruments.error.reasonRequired" });
    expect(await statusOf(instrument)).toBe("active");

    // a booking made between showing the list and confirming: refused, that one named, nothing cancelled
    const newer = await f.booking({
      instrumentId: instrument,
      requesterId: engineer.id,
      organisationId: engineer.organisationId,
      start: shanghai(addDays(DAY, 2), "09:00"),
      end: shanghai(addDays(DAY, 2), "10:00"),
    });
    const late = await instruments.retireInstrument(client, labA.manager.id, instrument, { bookingIds: [booking], reason: "仪器报废" });
    expect(!late.ok && late.stranded?.map((b) => b.id)).toEqual([newer]);
    expect((await bookingOf(booking)).status).toBe("confirmed");

    const done = await instruments.retireInstrument(client, labA.manager.id, instrument, { bookingIds: [booking, newer], reason: "仪器报废" });
    expect(done).toEqual({ ok: true, cancelled: 2 });
    expect(await statusOf(instrument)).toBe("retired");
  });

  it("answers a technician with the managers-only message", async () => {
    const { instrument } = await instrumentWithBooking();
    const result = await instruments.retireInstrument(app(labA.technician.client), labA.technician.id, instrument);
    expect(result).toMatchObject({ ok: false, status: 403, message: "labInstruments.error.managerOnly" });
  });
});
