// The requester's side of bookings: request, list, read with its audit trail, cancel, and the
// .ics download. Every change goes through the engine's SQL functions with the user's session,
// so the database checks rights and rules; engine errors come back as translated messages.
import { z } from "zod";
import { bookingCalendarIcs } from "~/lib/bookings/ics";
import { localName } from "~/lib/i18n/format";
import type { Locale } from "~/lib/i18n/translate";
import { mapBookingError, type MappedBookingError } from "~/lib/bookings/errors";
import type { BookingStatus, OrganisationKind } from "~/lib/platform/enums";
import type { SupabaseClient } from "~/lib/platform/supabase.server";
import type { BookingRequestInput } from "~/lib/bookings/schemas";
import { failure } from "~/lib/platform/upstream";


/** Why the rate is what it is: the SME rate, or the standard rate for a non-SME, an SME awaiting verification or one rejected. */
export const RATE_BASES = ["sme", "standard", "sme_pending", "sme_rejected"] as const;
export type RateBasis = (typeof RATE_BASES)[number];

export type EngineResult<T> = { ok: true; value: T } | { ok: false; error: MappedBookingError };

function engineError(error: { message: string; code?: string }, what: string): { ok: false; error: MappedBookingError } {
  const mapped = mapBookingError(error);
  if (mapped.status >= 500) console.error(`${what}:`, error);
  return { ok: false, error: mapped };
}

export async function requestBooking(
  client: SupabaseClient,
  instrumentId: string,
  input: BookingRequestInput,
): Promise<EngineResult<{ id: string; status: BookingStatus }>> {
  const { data, error } = await client.rpc("request_booking", {
    p_instrument_id: instrumentId,
    p_starts_at: input.slot.startsAt,
    p_ends_at: input.slot.endsAt,
    p_purpose: input.purpose,
    p_service_mode: input.serviceMode,
    p_sample_description: input.sampleDescription,
    ...(input.contactPhone ? { p_contact_phone: input.contactPhone } : {}),
  });
  if (error) return engineError(error, "request_booking");
  return { ok: true, value: { id: data.id, status: data.status } };
}

export async function cancelBooking(
  client: SupabaseClient,
  bookingId: string,
  reason: string | null,
): Promise<EngineResult<{ status: BookingStatus }>> {
  const { data, error } = await client.rpc("cancel_booking", {
    p_booking_id: bookingId,
    ...(reason ? { p_reason: reason } : {}),
  });
  if (error) return engineError(error, "cancel_booking");
  return { ok: true, value: { status: data.status } };
}

/** The caller's authorisation to operate an instrument themselves, if the lab granted one. */
export async function getOwnAuthorisation(
  client: SupabaseClient,
  instrumentId: string,
  userId: string,
): Promise<{ expiresAt: string | null } | null> {
  const { data, error } = await client
    .from("instrument_authorisations")
    .select("expires_at")
    .eq("instrument_id", instrumentId)
    .eq("user_id", userId)
    .maybeSingle();
  if (error) failure("Could not read the authorisation", error);
  return data ? { expiresAt: data.expires_at } : null;
}

/** The organisation the engine would book for (profile's, else the only membership) and its kind. */
export async function getBookingOrganisation(
  client: SupabaseClient,
  userId: string,
): Promise<{ id: string; name_zh: string; name_en: string | null; kind: OrganisationKind } | null> {
  const db = client;
  const profile = await db.from("profiles").select("organisation_id").eq("id", userId).maybeSingle();
  if (profile.error) failure("Could not read the profile", profile.error);
  let organisationId = profile.data?.organisation_id ?? null;
  if (!organisationId) {
    const memberships = await db.from("organisation_members").select("organisation_id").eq("user_id", userId);
    if (memberships.error) failure("Could not read memberships", memberships.error);
    if (memberships.data.length === 1) organisationId = memberships.data[0].organisation_id;
  }
  if (!organisationId) return null;
  const org = await db.from("organisations").select("id, name_zh, name_en, kind").eq("id", organisationId).maybeSingle();
  if (org.error) failure("Could not read the organisation", org.error);
  return org.data;
}

const LIST_COLUMNS =
  "id, during, status, service_mode, estimated_cost_cny, created_at, instrument:instruments(id, name_zh, name_en, model, lab:labs(name_zh, name_en))";

export const PAST_PAGE_SIZE = 20;

/** The page of past bookings a URL asks for (`?past=N`); anything malformed is page 1. */
export function pastPageParam(params: URLSearchParams): number {
  return z.coerce.number().int().min(1).max(1000).catch(1).parse(params.get("past") ?? 1);
}

function myBookings(client: SupabaseClient, userId: string) {
  return client.from("bookings").select(LIST_COLUMNS, { count: "exact" }).eq("requester_id", userId);
}

export type BookingListRow = NonNullable<Awaited<ReturnType<typeof myBookings>>["data"]>[number] & {
  startsAt: string;
  endsAt: string;
};

/** "[2026-12-01 01:00:00+00,2026-12-01 02:00:00+00)" → ISO start and end. */
export function parseRange(during: unknown): { startsAt: string; endsAt: string } {
  const match = /^[[(]"?([^",]+)"?,"?([^",)\]]+)"?[)\]]$/.exec(String(during));
  if (!match) throw new Error(`Unexpected range: ${String(during)}`);
  return { startsAt: new Date(match[1]).toISOString(), endsAt: new Date(match[2]).toISOString() };
}

/**
 * The caller's own bookings: upcoming (live and not ended, soonest first, all of them) and one
 * page of the rest (ended or closed, latest first).
 */
export async function listMyBookings(client: SupabaseClient, userId: string, pastPage = 1, now = new Date()) {
  const fromNow = `[${now.toISOString()},)`;
  const from = (pastPage - 1) * PAST_PAGE_SIZE;
  const pastQuery = () => myBookings(client, userId).or(`status.not.in.(pending,confirmed),during.sl."${fromNow}"`);
  const [upcoming, past] = await Promise.all([
    myBookings(client, userId).in("status", ["pending", "confirmed"]).overlaps("during", fromNow).order("during").limit(500),
    pastQuery().order("during", { ascending: false }).range(from, from + PAST_PAGE_SIZE - 1),
  ]);
  if (upcoming.error) failure("Could not read upcoming bookings", upcoming.error);
  if (past.error && past.error.code !== "PGRST103") failure("Could not read past bookings", past.error);
  let pastTotal = past.count ?? 0;
  if (past.error) {
    // A page past the end is answered with 416 and no count: count on its own.
    const { count, error } = await pastQuery().limit(0);
    if (error) failure("Could not count past bookings", error);
    pastTotal = count ?? 0;
  }
  const rows = (data: typeof upcoming.data) => (data ?? []).map((row) => ({ ...row, ...parseRange(row.during) }));
  return {
    upcoming: rows(upcoming.data),
    past: rows(past.error ? [] : past.data),
    pastTotal,
    pastPage,
    pastPages: Math.max(1, Math.ceil(pastTotal / PAST_PAGE_SIZE)),
  };
}

const DETAIL_COLUMNS = `
  id, requester_id, during, status, service_mode, purpose, sample_description, contact_phone, rate_cny,
  estimated_cost_cny, decision_reason, cancel_reason, created_at,
  instrument:instruments(id, name_zh, name_en, model, manufacturer, cancellation_deadline_hours, requires_approval,
    lab:labs(name_zh, name_en, address_zh, address_en, contact_name, contact_phone, contact_email)),
  booking_events(id, from_status, to_status, note, created_at, actor_id)
`;

async function selectBooking(client: SupabaseClient, id: string) {
  return client.from("bookings").select(DETAIL_COLUMNS).eq("id", id).maybeSingle();
}

export type BookingDetail = NonNullable<Awaited<ReturnType<typeof selectBooking>>["data"]> & {
  startsAt: string;
  endsAt: string;
};

/** null when malformed, unknown, or not the caller's to see. */
export async function getBooking(client: SupabaseClient, id: string): Promise<BookingDetail | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const { data, error } = await selectBooking(client, id);
  if (error) failure(`Could not read booking ${id}`, error);
  if (!data) return null;
  data.booking_events.sort((a, b) => a.created_at.localeCompare(b.created_at));
  return { ...data, ...parseRange(data.during) };
}

/** What the caller may do with each booking now, as the database's own rules say (booking_actions). */
export interface BookingActions {
  canCancel: boolean;
  /** Whether a cancellation would be the requester's or the lab's. */
  cancelAs: "requester" | "staff" | null;
  canApprove: boolean;
  canReject: boolean;
  canComplete: boolean;
  /** Pending, and its time has passed: it can no longer be approved. */
  expired: boolean;
}

const NO_ACTIONS: BookingActions = { canCancel: false, cancelAs: null, canApprove: false, canReject: false, canComplete: false, expired: false };

export async function bookingActions(client: SupabaseClient, ids: string[]): Promise<Map<string, BookingActions>> {
  const actions = new Map<string, BookingActions>();
  if (ids.length === 0) return actions;
  const { data, error } = await client.rpc("booking_actions", { p_booking_ids: ids });
  if (error) failure("Could not read what may be done with bookings", error);
  for (const row of data ?? []) {
    actions.set(row.booking_id, {
      canCancel: row.can_cancel,
      cancelAs: row.cancel_as === "requester" || row.cancel_as === "staff" ? row.cancel_as : null,
      canApprove: row.can_approve,
      canReject: row.can_reject,
      canComplete: row.can_complete,
      expired: row.expired,
    });
  }
  for (const id of ids) if (!actions.has(id)) actions.set(id, NO_ACTIONS);
  return actions;
}

/**
 * The hourly rate request_booking would charge the caller for this instrument, and why: the SME
 * rate for a verified SME, else the standard rate ('sme_pending' / 'sme_rejected' say why an SME
 * pays it: private.rate_for_organisation). null when the caller has no organisation to
 * book for (the engine would refuse with BOOKING_ORGANISATION_REQUIRED).
 */
export async function bookingRate(
  client: SupabaseClient,
  instrumentId: string,
): Promise<{ rateCny: number; basis: RateBasis } | null> {
  const { data, error } = await client.rpc("booking_rate", { p_instrument_id: instrumentId });
  if (error) {
    if (mapBookingError(error).code === "BOOKING_ORGANISATION_REQUIRED") return null;
    failure("Could not read the booking rate", error);
  }
  const row = data?.[0];
  if (!row) return null;
  const basis = RATE_BASES.find((value) => value === row.basis) ?? "standard";
  return { rateCny: Number(row.rate_cny), basis };
}

/** The booking as a downloadable calendar file (METHOD:PUBLISH; a cancelled one is STATUS:CANCELLED). */
export function bookingIcs(booking: BookingDetail, options: { appUrl: string; locale: Locale }): string {
  const instrument = booking.instrument;
  const lab = instrument?.lab;
  return bookingCalendarIcs(
    {
      bookingId: booking.id,
      status: booking.status,
      sequence: booking.booking_events.length,
      startsAt: booking.startsAt,
      endsAt: booking.endsAt,
      instrumentName: localName(instrument, options.locale),
      labName: localName(lab, options.locale),
      labAddress: (options.locale === "en" && lab?.address_en) || lab?.address_zh || undefined,
      purpose: booking.purpose,
    },
    { locale: options.locale, appUrl: options.appUrl, method: "PUBLISH" },
  );
}
