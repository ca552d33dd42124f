// Opening hours and exceptions of the lab's instruments, through the database functions that
// refuse a change which strands bookings (migration 20261204000000): set_opening_hours (also
// "copy to other instruments"), save_availability_exception, delete_availability_exception. A
// refusal lists the stranded bookings; the page may then send the same change with those bookings
// to cancel and a reason (cancel_booking: audited, each requester e-mailed through the outbox).
import type { PostgrestError } from "@supabase/supabase-js";
import type { HoursException, WeeklyPeriod, ExceptionForm, StrandedBooking } from "~/lib/instruments/hours";
import { shortTime } from "~/lib/instruments/hours";
import type { MessageKey } from "~/lib/i18n/translate";
import type { SupabaseClient } from "~/lib/platform/supabase.server";
import { failure, isUnavailable, serviceBusy } from "~/lib/platform/upstream";

export type { StrandedBooking };

export type HoursOutcome =
  | { ok: true }
  | { ok: false; stranded: StrandedBooking[] }
  | { ok: false; stranded?: undefined; status: 400 | 403 | 404; field: string; message: MessageKey };

/** The instrument's weekly hours and its exceptions that have not ended (plus the last 30 days'). */
export async function getHours(supabase: SupabaseClient, instrumentId: string, now = new Date()) {
  const since = new Date(now.getTime() - 30 * 24 * 3_600_000).toISOString();
  const [rules, exceptions] = await Promise.all([
    supabase.from("availability_rules").select("weekday, start_time, end_time").eq("instrument_id", instrumentId).order("weekday").order("start_time"),
    supabase
      .from("availability_exceptions")
      .select("id, kind, during, note_zh, note_en")
      .eq("instrument_id", instrumentId)
      .filter("during", "ov", `[${since},infinity)`)
      .order("during"),
  ]);
  if (rules.error) failure(`Could not read the hours of ${instrumentId}`, rules.error);
  if (exceptions.error) failure(`Could not read the exceptions of ${instrumentId}`, exceptions.error);
  const periods: WeeklyPeriod[] = (rules.data ?? []).map((r) => ({ weekday: r.weekday, start: shortTime(r.start_time), end: shortTime(r.end_time) === "24:00" ? "24:00" : shortTime(r.end_time) }));
  const list: HoursException[] = (exceptions.data ?? []).map((e) => {
    const [startsAt, endsAt] = parseRange(e.during as string);
    return { id: e.id, kind: e.kind, startsAt, endsAt, noteZh: e.note_zh, noteEn: e.note_en };
  });
  return { periods, exceptions: list };
}

/** `["2026-12-01 00:00:00+00","2026-12-02 00:00:00+00")` → ISO instants. */
function parseRange(range: string): [string, string] {
  const m = /^[[(]"?([^",]+)"?,"?([^")]+)"?[\])]$/.exec(range);
  if (!m) throw new Error(`not a range: ${range}`);
  return [new Date(m[1].replace(" ", "T").replace(/([+-]\d{2})$/, "$1:00")).toISOString(), new Date(m[2].replace(" ", "T").replace(/([+-]\d{2})$/, "$1:00")).toISOString()];
}

/** The bookings a refusal named, for the page's list (the caller's RLS applies: their lab's bookings). */
export async function getStrandedBookings(supabase: SupabaseClient, ids: string[]): Promise<StrandedBooking[]> {
  if (ids.length === 0) return [];
  const { data, error } = await supabase
    .from("bookings")
    .select("id, during, status, requester_id, instrument:instruments(name_zh, name_en), organisation:organisations(name_zh, name_en)")
    .in("id", ids.slice(0, 500));
  if (error) failure("Could not read the stranded bookings", error);
  const requesterIds = [...new Set((data ?? []).map((b) => b.requester_id))];
  const profiles = requesterIds.length
    ? await supabase.from("profiles").select("id, display_name").in("id", requesterIds)
    : { data: [], error: null };
  if (profiles.error) failure("Could not read the requesters", profiles.error);
  const names = new Map((profiles.data ?? []).map((p) => [p.id, p.display_name]));
  return (data ?? [])
    .map((b) => {
      const [startsAt, endsAt] = parseRange(b.during as string);
      const one = <T,>(v: T | T[]): T => (Array.isArray(v) ? v[0] : v);
      return {
        id: b.id,
        startsAt,
        endsAt,
        status: b.status,
        instrument: one(b.instrument),
        requester: names.get(b.requester_id) ?? "",
        organisation: one(b.organisation),
      };
    })
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

async function refusal(supabase: SupabaseClient, error: PostgrestError, reasonField = "reason"): Promise<HoursOutcome> {
  if (isUnavailable(error)) throw serviceBusy();
  switch (error.message) {
    case "HOURS_STRAND_BOOKINGS": {
      const ids = (error.details ?? "").split(",").filter((id) => /^[0-9a-f-]{36}$/.test(id));
      return { ok: false, stranded: await getStrandedBookings(supabase, ids) };
    }
    case "HOURS_REASON_REQUIRED":
      return { ok: false, status: 400, field: reasonField, message: "labHours.error.reasonRequired" };
    case "HOURS_INVALID_RANGE":
      return { ok: false, status: 400, field: "endsAt", message: "labHours.error.endBeforeStart" };
    case "HOURS_OVERLAP":
      return { ok: false, status: 400, field: "form", message: "labHours.error.overlap" };
    case "HOURS_INVALID_INPUT":
      return { ok: false, status: 400, field: "form", message: "validation.invalid" };
    case "HOURS_NOT_FOUND":
      return { ok: false, status: 404, field: "form", message: "labInstruments.error.notFound" };
    case "HOURS_FORBIDDEN":
      return { ok: false, status: 403, field: "form", message: "labHours.error.managerOnly" };
  }
  if (error.code === "42501") return { ok: false, status: 403, field: "form", message: "labHours.error.managerOnly" };
  if (error.message.startsWith("BOOKING_")) return { ok: false, status: 400, field: "form", message: "labHours.error.cancelFailed" };
  if (error.code === "23514" || error.code === "22P02" || error.code === "22007" || error.code === "22008") {
    return { ok: false, status: 400, field: "form", message: "validation.invalid" };
  }
  throw new Error(`Hours change failed: ${error.code} ${error.message}`);
}

export interface Cancellation {
  bookingIds: string[];
  reason: string | null;
}

/** Replaces the weekly hours of the instruments (one, or copied to others of the lab). */
export async function saveWeeklyHours(
  supabase: SupabaseClient,
  instrumentIds: string[],
  periods: WeeklyPeriod[],
  cancel: Cancellation = { bookingIds: [], reason: null },
): Promise<HoursOutcome> {
  const { error } = await supabase.rpc("set_opening_hours", {
    p_instrument_ids: instrumentIds,
    p_hours: periods.map((p) => ({ weekday: String(p.weekday), start: p.start, end: p.end })),
    p_cancel_booking_ids: cancel.bookingIds,
    p_cancel_reason: cancel.reason ?? undefined,
  });
  return error ? refusal(supabase, error) : { ok: true };
}

/** Adds or changes a closure, maintenance window or extra opening. */
export async function saveException(
  supabase: SupabaseClient,
  instrumentId: string,
  form: ExceptionForm,
  cancel: Cancellation = { bookingIds: [], reason: null },
): Promise<HoursOutcome> {
  const { error } = await supabase.rpc("save_availability_exception", {
    p_instrument_id: instrumentId,
    p_exception_id: form.exceptionId ?? (null as unknown as string),
    p_kind: form.kind,
    p_starts_at: form.startsAt.toISOString(),
    p_ends_at: form.endsAt.toISOString(),
    p_note_zh: form.noteZh,
    p_note_en: form.noteEn,
    p_cancel_booking_ids: cancel.bookingIds,
    p_cancel_reason: cancel.reason ?? undefined,
  });
  return error ? refusal(supabase, error) : { ok: true };
}

/** Removes an exception (removing an extra opening can strand bookings too). */
export async function deleteException(
  supabase: SupabaseClient,
  exceptionId: string,
  cancel: Cancellation = { bookingIds: [], reason: null },
): Promise<HoursOutcome> {
  const { error } = await supabase.rpc("delete_availability_exception", {
    p_exception_id: exceptionId,
    p_cancel_booking_ids: cancel.bookingIds,
    p_cancel_reason: cancel.reason ?? undefined,
  });
  return error ? refusal(supabase, error) : { ok: true };
}
