// The lab's instruments through supabase-js as each role (issue 10 parts 5–6, issue 12 item 3):
// the stranding rule (opening hours and exceptions that would leave live bookings outside opening
// hours are refused by the database, with the bookings named; cancelling them with a reason
// applies the change and e-mails each requester), column ownership between managers and
// technicians (ADR 017), lab A's staff touching nothing of lab B, and the instrument-photos
// Storage policies. Days are computed from now in Asia/Shanghai, never fixed dates.
import type { SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, everyDay, Fixtures, shanghai, shanghaiDate, type Engineer, type LabWorld } from "../../support/fixtures.ts";
import { anonClient } from "../../support/supabase.ts";
import { useTestStackEnv } from "../../support/app-env.ts";

useTestStackEnv();
const { uploadPhoto } = await import("~/lib/instruments/lab-instruments.server");
type AppClient = Parameters<typeof uploadPhoto>[0];

const f = new Fixtures();
let labA: LabWorld;
let labB: LabWorld;
let engineer: Engineer;
/** A Shanghai day five days ahead: past any lead time, inside the horizon. */
const DAY = shanghaiDate(5);

beforeAll(async () => {
  [labA, labB] = await Promise.all([f.labWorld(), f.labWorld()]);
  engineer = await f.engineer();
});

afterAll(() => f.db.end());

async function instrumentWithBooking(status: "pending" | "confirmed" = "confirmed") {
  const instrument = await f.instrument(labA.labId, {}, everyDay("08:00", "18:00"));
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

const afternoons = (days = [1, 2, 3, 4, 5, 6, 7]) => days.map((weekday) => ({ weekday: String(weekday), start: "13:00", end: "18:00" }));
const rulesOf = (instrument: string) =>
  f.q<{ weekday: number; start_time: string; end_time: string }>(
    `select weekday, start_time::text, end_time::text from public.availability_rules where instrument_id = $1 order by weekday, start_time`,
    [instrument],
  );

describe("the stranding rule", () => {
  it("refuses new weekly hours that leave a confirmed booking outside them, naming it, and changes nothing", async () => {
    const { instrument, booking } = await instrumentWithBooking();
    const before = await rulesOf(instrument);
    const { error } = await labA.manager.client.rpc("set_opening_hours", { p_instrument_ids: [instrument], p_hours: afternoons() });
    expect(error?.message).toBe("HOURS_STRAND_BOOKINGS");
    expect(error?.details?.split(",")).toEqual([booking]);
    expect(await rulesOf(instrument)).toEqual(before);
  });

  it("refuses the same through the table itself (a trigger, not only the function)", async () => {
    const { instrument, booking } = await instrumentWithBooking("pending");
    const weekday = new Date(`${DAY}T00:00:00Z`).getUTCDay() || 7;
    const del = await labA.manager.client.from("availability_rules").delete().eq("instrument_id", instrument).eq("weekday", weekday);
    expect(del.error?.message).toBe("HOURS_STRAND_BOOKINGS");
    expect(del.error?.details).toBe(booking);
    const closure = await labA.manager.client
      .from("availability_exceptions")
      .insert({ instrument_id: instrument, kind: "closure", during: `[${shanghai(DAY, "11:00").toISOString()},${shanghai(DAY, "13:00").toISOString()})` });
    expect(closure.error?.message).toBe("HOURS_STRAND_BOOKINGS");
    expect(await f.count("public.availability_exceptions", "instrument_id = $1", [instrument])).toBe(0);
    expect(await f.count("public.availability_rules", "instrument_id = $1", [instrument])).toBe(7);
  });

  it("refuses a closure or maintenance window over a booking, allows one beside it", async () => {
    const { instrument, booking } = await instrumentWithBooking();
    const args = (start: string, end: string, kind: "closure" | "maintenance" = "closure") => ({
      p_instrument_id: instrument,
      p_exception_id: null as unknown as string,
      p_kind: kind,
      p_starts_at: shanghai(DAY, start).toISOString(),
      p_ends_at: shanghai(DAY, end).toISOString(),
      p_note_zh: "停电",
      p_note_en: "Power cut",
    });
    const over = await labA.manager.client.rpc("save_availability_exception", args("11:30", "14:00"));
    expect(over.error?.message).toBe("HOURS_STRAND_BOOKINGS");
    expect(over.error?.details).toBe(booking);
    const maintenance = await labA.technician.client.rpc("save_availability_exception", args("09:00", "10:30", "maintenance"));
    expect(maintenance.error?.message).toBe("HOURS_STRAND_BOOKINGS");
    const beside = await labA.manager.client.rpc("save_availability_exception", args("12:00", "14:00"));
    expect(beside.error).toBeNull();
    expect(await f.count("public.availability_exceptions", "instrument_id = $1", [instrument])).toBe(1);
  });

  it("refuses removing the extra opening a booking sits in", async () => {
    const instrument = await f.instrument(labA.labId, {}, []);
    const extra = await f.exception(instrument, "extra_opening", shanghai(DAY, "09:00"), shanghai(DAY, "17:00"));
    const booking = await f.booking({ instrumentId: instrument, requesterId: engineer.id, organisationId: engineer.organisationId, start: shanghai(DAY, "10:00"), end: shanghai(DAY, "11:00") });
    const { error } = await labA.manager.client.rpc("delete_availability_exception", { p_exception_id: extra });
    expect(error?.message).toBe("HOURS_STRAND_BOOKINGS");
    expect(error?.details).toBe(booking);
    expect(await f.count("public.availability_exceptions", "id = $1", [extra])).toBe(1);
  });

  it("cancels exactly the named bookings with a reason, e-mails each requester, and applies the change", async () => {
    const { instrument, booking } = await instrumentWithBooking();
    const noReason = await labA.manager.client.rpc("set_opening_hours", {
      p_instrument_ids: [instrument],
      p_hours: afternoons(),
      p_cancel_booking_ids: [booking],
    });
    expect(noReason.error?.message).toBe("HOURS_REASON_REQUIRED");
    const done = await labA.manager.client.rpc("set_opening_hours", {
      p_instrument_ids: [instrument],
      p_hours: afternoons(),
      p_cancel_booking_ids: [booking],
      p_cancel_reason: "上午改为设备校准",
    });
    expect(done.error).toBeNull();
    expect(await rulesOf(instrument)).toHaveLength(7);
    expect((await rulesOf(instrument))[0]).toMatchObject({ start_time: "13:00:00", end_time: "18:00:00" });
    const row = await f.one<{ status: string; cancel_reason: string; cancelled_by: string }>(
      `select status, cancel_reason, cancelled_by from public.bookings where id = $1`,
      [booking],
    );
    expect(row).toEqual({ status: "cancelled", cancel_reason: "上午改为设备校准", cancelled_by: labA.manager.id });
    const mail = await f.q<{ template: string; recipient_id: string }>(
      `select template, recipient_id from public.email_outbox where booking_id = $1 and recipient_id = $2`,
      [booking, engineer.id],
    );
    expect(mail).toEqual([{ template: "booking_cancelled", recipient_id: engineer.id }]);
  });

  it("refuses when a stranded booking was not in the list, and cancels nothing", async () => {
    const { instrument, booking } = await instrumentWithBooking();
    const other = await f.booking({ instrumentId: instrument, requesterId: engineer.id, organisationId: engineer.organisationId, start: shanghai(addDays(DAY, 1), "09:00"), end: shanghai(addDays(DAY, 1), "10:00") });
    const { error } = await labA.manager.client.rpc("set_opening_hours", {
      p_instrument_ids: [instrument],
      p_hours: afternoons(),
      p_cancel_booking_ids: [booking],
      p_cancel_reason: "改时间",
    });
    expect(error?.message).toBe("HOURS_STRAND_BOOKINGS");
    expect(error?.details).toBe(other);
    expect(await f.count("public.bookings", "id = any($1) and status = 'confirmed'", [[booking, other]])).toBe(2);
  });

  it("copies hours to other instruments of the lab, and checks each of them", async () => {
    const source = await f.instrument(labA.labId, {}, []);
    const { instrument: target, booking } = await instrumentWithBooking();
    const refused = await labA.manager.client.rpc("set_opening_hours", { p_instrument_ids: [source, target], p_hours: afternoons() });
    expect(refused.error?.details).toBe(booking);
    expect(await rulesOf(source)).toEqual([]);
    const ok = await labA.manager.client.rpc("set_opening_hours", { p_instrument_ids: [source, target], p_hours: everyDay("08:00", "20:00").map((r) => ({ ...r, weekday: String(r.weekday) })) });
    expect(ok.error).toBeNull();
    expect(await rulesOf(source)).toHaveLength(7);
  });

  it("answers bad input with stable codes: end before start, overlapping periods, bad times", async () => {
    const instrument = await f.instrument(labA.labId);
    const range = await labA.manager.client.rpc("save_availability_exception", {
      p_instrument_id: instrument,
      p_exception_id: null as unknown as string,
      p_kind: "closure",
      p_starts_at: shanghai(DAY, "12:00").toISOString(),
      p_ends_at: shanghai(DAY, "10:00").toISOString(),
      p_note_zh: "",
      p_note_en: "",
    });
    expect(range.error?.message).toBe("HOURS_INVALID_RANGE");
    const overlap = await labA.manager.client.rpc("set_opening_hours", {
      p_instrument_ids: [instrument],
      p_hours: [{ weekday: "1", start: "08:00", end: "12:00" }, { weekday: "1", start: "11:00", end: "13:00" }],
    });
    expect(overlap.error?.message).toBe("HOURS_OVERLAP");
    const bad = await labA.manager.client.rpc("set_opening_hours", { p_instrument_ids: [instrument], p_hours: [{ weekday: "8", start: "25:00", end: "x" }] });
    expect(bad.error?.message).toBe("HOURS_INVALID_INPUT");
    const missing = await labA.manager.client.rpc("set_opening_hours", { p_instrument_ids: ["00000000-0000-4000-8000-00000000dead"], p_hours: [] });
    expect(missing.error?.message).toBe("HOURS_NOT_FOUND");
    expect(await rulesOf(instrument)).toHaveLength(7);
  });
});

describe("column ownership (ADR 017)", () => {
  it("a technician edits the catalogue text and puts an instrument into maintenance and back", async () => {
    const instrument = await f.instrument(labA.labId);
    const text = await labA.technician.client.from("instruments").update({ specs_en: "Resolution 1 nm", model: "X-1" }).eq("id", instrument).select("id");
    expect(text.error).toBeNull();
    expect(text.data).toHaveLength(1);
    for (const status of ["maintenance", "active"] as const) {
      const { error } = await labA.technician.client.from("instruments").update({ status }).eq("id", instrument);
      expect(error).toBeNull();
    }
  });

  it("a technician cannot change rates, approval, the booking policy or the original value, nor retire", async () => {
    const instrument = await f.instrument(labA.labId);
    const before = await f.one(`select * from public.instruments where id = $1`, [instrument]);
    for (const change of [
      { hourly_rate_cny: 1 },
      { sme_rate_cny: 1 },
      { requires_approval: false },
      { requires_authorisation: true },
      { slot_minutes: 60, min_booking_minutes: 60, max_booking_minutes: 120 },
      { lead_time_hours: 0 },
      { max_advance_days: 365 },
      { original_value_cny: 1 },
      { status: "retired" as const },
    ]) {
      const { error } = await labA.technician.client.from("instruments").update(change).eq("id", instrument);
      expect(error?.code, JSON.stringify(change)).toBe("42501");
    }
    const after = await f.one(`select * from public.instruments where id = $1`, [instrument]);
    expect(after).toEqual(before);
  });

  it("a technician cannot add instruments, set weekly hours, closures or extra openings; may schedule maintenance", async () => {
    const { categoryId } = await f.reference();
    const add = await labA.technician.client
      .from("instruments")
      .insert({ lab_id: labA.labId, category_id: categoryId, name_zh: "技术员加的", name_en: "By a technician", hourly_rate_cny: 1, sme_rate_cny: 1 });
    expect(add.error?.code).toBe("42501");
    const instrument = await f.instrument(labA.labId);
    const hours = await labA.technician.client.rpc("set_opening_hours", { p_instrument_ids: [instrument], p_hours: afternoons() });
    expect(hours.error?.code).toBe("42501");
    const rule = await labA.technician.client.from("availability_rules").insert({ instrument_id: instrument, weekday: 1, start_time: "19:00", end_time: "20:00" });
    expect(rule.error?.code).toBe("42501");
    const span = (kind: "closure" | "extra_opening" | "maintenance") => ({
      p_instrument_id: instrument,
      p_exception_id: null as unknown as string,
      p_kind: kind,
      p_starts_at: shanghai(addDays(DAY, 20), "00:00").toISOString(),
      p_ends_at: shanghai(addDays(DAY, 21), "00:00").toISOString(),
      p_note_zh: "",
      p_note_en: "",
    });
    expect((await labA.technician.client.rpc("save_availability_exception", span("closure"))).error?.code).toBe("42501");
    expect((await labA.technician.client.rpc("save_availability_exception", span("extra_opening"))).error?.code).toBe("42501");
    expect((await labA.technician.client.rpc("save_availability_exception", span("maintenance"))).error).toBeNull();
    expect(await f.count("public.availability_exceptions", "instrument_id = $1", [instrument])).toBe(1);
    expect(await rulesOf(instrument)).toHaveLength(7);
  });

  it("a manager changes rates and policy; the database still refuses an SME rate above the standard one or below zero", async () => {
    const instrument = await f.instrument(labA.labId);
    const ok = await labA.manager.client.from("instruments").update({ hourly_rate_cny: 800, sme_rate_cny: 500, requires_approval: false }).eq("id", instrument);
    expect(ok.error).toBeNull();
    const above = await labA.manager.client.from("instruments").update({ sme_rate_cny: 900 }).eq("id", instrument);
    expect(above.error?.code).toBe("23514");
    const negative = await labA.manager.client.from("instruments").update({ hourly_rate_cny: -1 }).eq("id", instrument);
    expect(negative.error?.code).toBe("23514");
  });

  it("a manager cannot retire an instrument with live bookings ahead; without them the history stays", async () => {
    const { instrument, booking } = await instrumentWithBooking();
    const refused = await labA.manager.client.from("instruments").update({ status: "retired" }).eq("id", instrument);
    expect(refused.error?.message).toBe("INSTRUMENT_HAS_BOOKINGS");
    expect(refused.error?.details).toBe(booking);
    await f.q(`update public.bookings set status = 'cancelled' where id = $1`, [booking]);
    const retired = await labA.manager.client.from("instruments").update({ status: "retired" }).eq("id", instrument);
    expect(retired.error).toBeNull();
    // Out of the catalogue, still the lab's, its bookings kept.
    expect((await anonClient().from("instruments").select("id").eq("id", instrument)).data).toEqual([]);
    expect((await labA.manager.client.from("instruments").select("id").eq("id", instrument)).data).toHaveLength(1);
    expect(await f.count("public.bookings", "instrument_id = $1", [instrument])).toBe(1);
  });

  it("lab B's staff read and change nothing of lab A's retired instruments, rules or exceptions", async () => {
    const instrument = await f.instrument(labA.labId);
    await f.exception(instrument, "maintenance", shanghai(addDays(DAY, 30)), shanghai(addDays(DAY, 31)));
    for (const staff of [labB.manager, labB.technician]) {
      const update = await staff.client.from("instruments").update({ model: "hacked" }).eq("id", instrument).select("id");
      expect(update.data ?? []).toEqual([]);
      const rules = await staff.client.from("availability_rules").delete().eq("instrument_id", instrument).select("id");
      expect(rules.data ?? []).toEqual([]);
      const exceptions = await staff.client.from("availability_exceptions").delete().eq("instrument_id", instrument).select("id");
      expect(exceptions.data ?? []).toEqual([]);
      const hours = await staff.client.rpc("set_opening_hours", { p_instrument_ids: [instrument], p_hours: [] });
      expect(hours.error?.code).toBe("42501");
      const insert = await staff.client.from("availability_exceptions").insert({ instrument_id: instrument, kind: "maintenance", during: "[2031-01-01,2031-01-02)" });
      expect(insert.error?.code).toBe("42501");
    }
    expect(await rulesOf(instrument)).toHaveLength(7);
    expect(await f.count("public.availability_exceptions", "instrument_id = $1", [instrument])).toBe(1);
    expect((await f.one<{ model: string }>(`select model from public.instruments where id = $1`, [instrument])).model).not.toBe("hacked");
    await f.q(`update public.instruments set status = 'retired' where id = $1`, [instrument]);
    expect((await labB.manager.client.from("instruments").select("id").eq("id", instrument)).data).toEqual([]);
  });
});

describe("instrument photos in Storage", () => {
  const png = () => {
    const bytes = Buffer.alloc(512, 1);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
    return bytes;
  };
  const objects = (instrument: string) => f.count("storage.objects", "bucket_id = 'instrument-photos' and name like $1", [`%/${instrument}/%`]);

  it("the lab's staff upload into their instrument's folder; it is public to read", async () => {
    const instrument = await f.instrument(labA.labId);
    const key = `${labA.labId}/${instrument}/front.png`;
    const { error } = await labA.technician.client.storage.from("instrument-photos").upload(key, png(), { contentType: "image/png" });
    expect(error).toBeNull();
    const url = anonClient().storage.from("instrument-photos").getPublicUrl(key).data.publicUrl;
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
  });

  it("staff of lab B cannot upload into, replace in or remove from lab A's folders", async () => {
    const instrument = await f.instrument(labA.labId);
    const key = `${labA.labId}/${instrument}/b.png`;
    const upload = await labB.manager.client.storage.from("instrument-photos").upload(key, png(), { contentType: "image/png" });
    expect(upload.error).not.toBeNull();
    expect(await objects(instrument)).toBe(0);
    // nor into lab B's folder with lab A's instrument, nor a made-up layout
    const ownFolder = await labB.manager.client.storage.from("instrument-photos").upload(`${labB.labId}/${instrument}/x.png`, png(), { contentType: "image/png" });
    expect(ownFolder.error).not.toBeNull();
    const flat = await labA.manager.client.storage.from("instrument-photos").upload(`${labA.labId}/x.png`, png(), { contentType: "image/png" });
    expect(flat.error).not.toBeNull();
    const anon = await anonClient().storage.from("instrument-photos").upload(key, png(), { contentType: "image/png" });
    expect(anon.error).not.toBeNull();
    // lab A's photo stays put when lab B tries to remove or overwrite it
    expect((await labA.manager.client.storage.from("instrument-photos").upload(key, png(), { contentType: "image/png" })).error).toBeNull();
    const removed = await labB.manager.client.storage.from("instrument-photos").remove([key]);
    expect(removed.data ?? []).toEqual([]);
    const upsert = await labB.manager.client.storage.from("instrument-photos").upload(key, png(), { contentType: "image/png", upsert: true });
    expect(upsert.error).not.toBeNull();
    expect(await objects(instrument)).toBe(1);
  });

  it("the bucket refuses files over 5 MB and types other than JPEG, PNG and WebP", async () => {
    const instrument = await f.instrument(labA.labId);
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 0);
    png().copy(big);
    const tooBig = await labA.manager.client.storage.from("instrument-photos").upload(`${labA.labId}/${instrument}/big.png`, big, { contentType: "image/png" });
    expect(tooBig.error).not.toBeNull();
    const pdf = await labA.manager.client.storage
      .from("instrument-photos")
      .upload(`${labA.labId}/${instrument}/doc.pdf`, Buffer.from("%PDF-1.7\n"), { contentType: "application/pdf" });
    expect(pdf.error).not.toBeNull();
    expect(await objects(instrument)).toBe(0);
  });

  it("the app decides by content: a PDF named .jpg, a 10 MB file and an empty one are refused with a field message, nothing written", async () => {
    const instrument = await f.instrument(labA.labId);
    const target = { id: instrument, lab_id: labA.labId, photo_path: null };
    const client = labA.manager.client as unknown as AppClient;
    const pdf = await uploadPhoto(client, target, new Uint8Array(Buffer.from("%PDF-1.7\n1 0 obj\n")));
    expect(pdf).toMatchObject({ ok: false, field: "photo", message: "labInstruments.error.photoType" });
    const huge = await uploadPhoto(client, target, new Uint8Array(10 * 1024 * 1024));
    expect(huge).toMatchObject({ ok: false, field: "photo", message: "labInstruments.error.photoTooLarge" });
    const empty = await uploadPhoto(client, target, new Uint8Array(0));
    expect(empty).toMatchObject({ ok: false, field: "photo", message: "labInstruments.error.photoMissing" });
    expect(await objects(instrument)).toBe(0);
    expect((await f.one<{ photo_path: string | null }>(`select photo_path from public.instruments where id = $1`, [instrument])).photo_path).toBeNull();

    const ok = await uploadPhoto(client, target, new Uint8Array(png()));
    expect(ok).toEqual({ ok: true });
    const { photo_path } = await f.one<{ photo_path: string }>(`select photo_path from public.instruments where id = $1`, [instrument]);
    expect(photo_path).toMatch(new RegExp(`^${labA.labId}/${instrument}/[0-9a-f-]+\\.png$`));
    // Lab B's staff cannot point lab A's instrument at a photo, nor upload through the app.
    const other = await uploadPhoto(labB.manager.client as unknown as AppClient, target, new Uint8Array(png()));
    expect(other).toMatchObject({ ok: false });
    expect(await objects(instrument)).toBe(1);
  });

  it("an instrument's photo path must be in its own lab's and instrument's folder", async () => {
    const instrument = await f.instrument(labA.labId);
    const { error } = await labA.manager.client.from("instruments").update({ photo_path: `${labB.labId}/${instrument}/x.png` }).eq("id", instrument);
    expect(error?.code).toBe("23514");
  });
});

export type { SupabaseClient };
