// What the booking form needs: the instrument's rules, the free starts of the next days, the time
// chosen on the instrument page (kept if it still fits), the organisation the engine will book for
// and the caller's authorisation for self-operation. Read with the caller's client (RLS).
import { bookingRate, getBookingOrganisation, getOwnAuthorisation } from "~/lib/bookings/bookings.server";
import { slotQuerySchema } from "~/lib/bookings/schemas";
import { lengthsThatFit } from "~/lib/bookings/slot-lengths";
import { getOwnProfile } from "~/lib/account/profile.server";
import { checkSlot, FREE_SLOT_DAYS, getFreeSlots, getInstrument } from "~/lib/instruments/instrument.server";
import type { SupabaseClient } from "~/lib/platform/supabase.server";

/** null when the instrument does not exist or the caller may not see it. */
export async function loadBookingForm(
  supabase: SupabaseClient,
  userId: string,
  instrumentId: string,
  params: URLSearchParams,
  now = new Date(),
) {
  const instrument = await getInstrument(supabase, instrumentId);
  if (!instrument) return null;
  const [slots, organisation, profile, authorisation, rate] = await Promise.all([
    instrument.status === "active" ? getFreeSlots(supabase, instrument, FREE_SLOT_DAYS, now) : Promise.resolve([]),
    getBookingOrganisation(supabase, userId),
    getOwnProfile(supabase, userId),
    getOwnAuthorisation(supabase, instrument.id, userId),
    bookingRate(supabase, instrument.id),
  ]);
  const rules = {
    slotMinutes: instrument.slot_minutes,
    minMinutes: instrument.min_booking_minutes,
    maxMinutes: instrument.max_booking_minutes,
  };
  // A time chosen on the instrument page (a listed slot, or a longer range in the calendar).
  const query = slotQuerySchema.safeParse(Object.fromEntries(params));
  let chosen: { start: string; minutes: number } | null = null;
  let chosenFree = false;
  let confirmed: { start: string; minutes: number } | null = null;
  if (query.success) {
    const start = new Date(query.data.start).toISOString();
    const minutes = Math.round((Date.parse(query.data.end) - Date.parse(start)) / 60_000);
    chosen = { start, minutes };
    const freeStarts = new Set(slots.map((slot) => Date.parse(slot.startsAt)));
    chosenFree = lengthsThatFit(freeStarts, Date.parse(start), rules).includes(minutes);
    if (!chosenFree) {
      // Beyond the listed days: ask the engine whether exactly that booking would fit.
      chosenFree = (await checkSlot(supabase, instrument, query.data.start, query.data.end)) !== null;
      if (chosenFree) confirmed = chosen;
    }
  }
  return {
    instrument: {
      id: instrument.id,
      name_zh: instrument.name_zh,
      name_en: instrument.name_en,
      service_modes: instrument.service_modes,
      requires_approval: instrument.requires_approval,
      active: instrument.status === "active",
      requires_authorisation: instrument.requires_authorisation,
      slot_minutes: instrument.slot_minutes,
      min_booking_minutes: instrument.min_booking_minutes,
      max_booking_minutes: instrument.max_booking_minutes,
      lead_time_hours: instrument.lead_time_hours,
      max_advance_days: instrument.max_advance_days,
      cancellation_deadline_hours: instrument.cancellation_deadline_hours,
      hourly_rate_cny: Number(instrument.hourly_rate_cny),
      sme_rate_cny: Number(instrument.sme_rate_cny),
    },
    rules,
    /** The caller's authorisation for self-operation (the form checks it against the chosen end). */
    authorisation: authorisation ? { expiresAt: authorisation.expiresAt } : null,
    now: now.getTime(),
    starts: slots.map((slot) => slot.startsAt),
    confirmed,
    chosen,
    chosenFree,
    organisation,
    /** The rate the engine will charge and why (null: no organisation to book for yet). */
    rate,
    phone: profile?.phone ?? "",
    days: FREE_SLOT_DAYS,
  };
}
