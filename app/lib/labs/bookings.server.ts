// The lab's side of bookings: the home page's overview, the request queue and its decisions, the
// lab calendar, bookings awaiting their recorded use, booking on someone's behalf. Every read is one
// SQL function (supabase/migrations/20261203000000_lab_requests.sql) that checks the caller staffs
// the lab; every change goes through the engine's functions with the user's session.
import type { EngineResult } from "~/lib/bookings/bookings.server";
import { mapBookingError, type BookingErrorCode, type MappedBookingError } from "~/lib/bookings/errors";
import type { BookOnBehalfInput, RecordUseInput } from "~/lib/labs/schemas";
import type { BookingStatus, InstrumentStatus, OrganisationKind, ServiceMode } from "~/lib/platform/enums";
import type { SupabaseClient } from "~/lib/platform/supabase.server";
import { failure } from "~/lib/platform/upstream";

/** A booking as the lab's lists show it (lab_booking_json). */
export interface LabBookingRow {
  id: string;
  instrument_id: string;
  instrument_name_zh: string;
  instrument_name_en: string;
  starts_at: string;
  ends_at: string;
  minutes: number;
  status: BookingStatus;
  service_mode: ServiceMode;
  organisation_name_zh: string;
  organisation_name_en: string | null;
  organisation_kind: OrganisationKind;
  requester_name: string;
  created_at: string;
  expired: boolean;
}

export interface LabInstrument {
  id: string;
  name_zh: string;
  name_en: string;
  status: InstrumentStatus;
}

export interface LabOverview {
  today: string;
  instruments: LabInstrument[];
  /** Today's and tomorrow's bookings (Asia/Shanghai), all instruments. */
  bookings: LabBookingRow[];
  pending: number;
  oldest_pending: LabBookingRow[];
  to_record: number;
  in_maintenance: number;
  expiring_authorisations: number;
}

/** The lab home's figures and the next two days, in one call (lab_overview). */
export async function getLabOverview(supabase: SupabaseClient, labId: string, now = new Date()): Promise<LabOverview> {
  const { data, error } = await supabase.rpc("lab_overview", { p_lab: labId, p_now: now.toISOString() });
  if (error) failure("Could not read the lab overview", error);
  return data as unknown as LabOverview;
}

export interface LabRequest {
  id: string;
  instrument_id: string;
  instrument_name_zh: string;
  instrument_name_en: string;
  requester_name: string;
  requester_email: string | null;
  contact_phone: string | null;
  organisation_name_zh: string;
  organisation_name_en: string | null;
  organisation_kind: OrganisationKind;
  starts_at: string;
  ends_at: string;
  minutes: number;
  service_mode: ServiceMode;
  purpose: string;
  sample_description: string;
  rate_cny: number;
  estimated_cost_cny: number;
  needs_authorisation: boolean;
  authorised: boolean;
  expired: boolean;
  created_at: string;
}

/** Every pending request of the lab, oldest first (lab_requests). */
export async function listLabRequests(supabase: SupabaseClient, labId: string): Promise<LabRequest[]> {
  const { data, error } = await supabase.rpc("lab_requests", { p_lab: labId });
  if (error) failure("Could not read the lab's requests", error);
  return (data ?? []).map((row) => ({ ...row, rate_cny: Number(row.rate_cny), estimated_cost_cny: Number(row.estimated_cost_cny) }));
}

export interface BatchOutcome {
  id: string;
  status: BookingStatus | null;
  error: MappedBookingError | null;
}

function outcomes(rows: { booking_id: string; status: BookingStatus | null; error: string | null }[]): BatchOutcome[] {
  return rows.map((row) => ({
    id: row.booking_id,
    status: row.status,
    error: row.error ? mapBookingError({ message: row.error }) : null,
  }));
}

/**
 * Approves or rejects each booking through decide_booking (decide_bookings: one subtransaction
 * each). An error for the whole call (the API, bad input) is returned as `error`.
 */
export async function decideBookings(
  supabase: SupabaseClient,
  ids: string[],
  approve: boolean,
  reason: string | null,
): Promise<EngineResult<BatchOutcome[]>> {
  const { data, error } = await supabase.rpc("decide_bookings", { p_booking_ids: ids, p_approve: approve, ...(reason ? { p_reason: reason } : {}) });
  if (error) return { ok: false, error: mapBookingError(error) };
  return { ok: true, value: outcomes(data ?? []) };
}

/** Records each booking as completed with its booked times (complete_bookings_as_booked). */
export async function recordAsBooked(supabase: SupabaseClient, ids: string[]): Promise<EngineResult<BatchOutcome[]>> {
  const { data, error } = await supabase.rpc("complete_bookings_as_booked", { p_booking_ids: ids });
  if (error) return { ok: false, error: mapBookingError(error) };
  return { ok: true, value: outcomes(data ?? []) };
}

/** Records one booking's use: completed with the actual start and end, or a no-show. */
export async function recordUse(supabase: SupabaseClient, id: string, input: RecordUseInput): Promise<EngineResult<BookingStatus>> {
  const { data, error } = await supabase.rpc(
    "complete_booking",
    input.outcome === "no_show"
      ? { p_booking_id: id, p_no_show: true }
      : { p_booking_id: id, p_actual_starts_at: input.actualStart, p_actual_ends_at: input.actualEnd },
  );
  if (error) return { ok: false, error: mapBookingError(error) };
  return { ok: true, value: data.status };
}

export interface LabClosure {
  id: string;
  instrument_id: string;
  kind: "closure" | "maintenance";
  starts_at: string;
  ends_at: string;
  note_zh: string;
  note_en: string;
}

export interface LabCalendar {
  instruments: LabInstrument[];
  bookings: LabBookingRow[];
  closures: LabClosure[];
}

/** The lab's bookings and closures in [from, to) (at most 93 days), of one instrument or all. */
export async function getLabCalendar(
  supabase: SupabaseClient,
  labId: string,
  from: string,
  to: string,
  instrumentId: string | null,
): Promise<EngineResult<LabCalendar>> {
  const { data, error } = await supabase.rpc("lab_calendar", {
    p_lab: labId,
    p_from: from,
    p_to: to,
    ...(instrumentId ? { p_instrument_id: instrumentId } : {}),
  });
  if (error) {
    const mapped = mapBookingError(error);
    if (mapped.status >= 500) failure("Could not read the lab calendar", error);
    return { ok: false, error: mapped };
  }
  return { ok: true, value: data as unknown as LabCalendar };
}

/** Confirmed bookings past their end without recorded use, oldest first. */
export async function listToRecord(supabase: SupabaseClient, labId: string, now = new Date()): Promise<LabBookingRow[]> {
  const { data, error } = await supabase.rpc("lab_bookings_to_record", { p_lab: labId, p_now: now.toISOString() });
  if (error) failure("Could not read the bookings to record", error);
  return (data ?? []) as unknown as LabBookingRow[];
}

export interface LabBookingDetail extends LabBookingRow {
  lab_id: string;
  purpose: string;
  sample_description: string;
  contact_phone: string | null;
  requester_email: string | null;
  rate_cny: number;
  estimated_cost_cny: number;
  actual_minutes: number | null;
  actual_starts_at: string | null;
  actual_ends_at: string | null;
  decision_reason: string | null;
  cancel_reason: string | null;
  completed_at: string | null;
  can_approve: boolean;
  can_reject: boolean;
  can_complete: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One booking of a lab the caller staffs; null when malformed, unknown or another lab's. */
export async function getLabBooking(supabase: SupabaseClient, id: string): Promise<LabBookingDetail | null> {
  if (!UUID.test(id)) return null;
  const { data, error } = await supabase.rpc("lab_booking", { p_booking_id: id });
  if (error) failure(`Could not read booking ${id}`, error);
  return (data ?? null) as unknown as LabBookingDetail | null;
}

/** book_on_behalf's own refusal: no registered user has the e-mail. */
export const USER_NOT_FOUND = "LAB_USER_NOT_FOUND";

export type OnBehalfError = MappedBookingError | { code: typeof USER_NOT_FOUND; message: "lab.book.userNotFound"; field: "email"; status: 400 };

/** Books for the registered user with this e-mail, confirmed at once (book_on_behalf). */
export async function bookOnBehalf(
  supabase: SupabaseClient,
  input: BookOnBehalfInput,
): Promise<{ ok: true; value: { id: string } } | { ok: false; error: OnBehalfError }> {
  const { data, error } = await supabase.rpc("book_on_behalf", {
    p_email: input.email,
    p_instrument_id: input.instrumentId,
    p_starts_at: input.start,
    p_ends_at: new Date(Date.parse(input.start) + input.minutes * 60_000).toISOString(),
    p_purpose: input.purpose,
    p_service_mode: input.serviceMode,
    p_sample_description: input.sampleDescription,
    ...(input.contactPhone ? { p_contact_phone: input.contactPhone } : {}),
  });
  if (error) {
    if (error.message?.trim() === USER_NOT_FOUND) {
      return { ok: false, error: { code: USER_NOT_FOUND, message: "lab.book.userNotFound", field: "email", status: 400 } };
    }
    const mapped = mapBookingError(error);
    if (mapped.status >= 500) console.error("book_on_behalf:", error);
    return { ok: false, error: mapped };
  }
  return { ok: true, value: { id: data.id } };
}

/** An engine refusal caused by what the user sent (another lab's booking, a deleted one, …): 400. */
export function asInputError(error: MappedBookingError): MappedBookingError {
  const userMistake: (BookingErrorCode | null)[] = ["BOOKING_NOT_FOUND", "BOOKING_FORBIDDEN", "BOOKING_INVALID_STATE", "BOOKING_NOT_STARTED"];
  return error.status < 500 && userMistake.includes(error.code) ? { ...error, status: 400 } : error;
}
