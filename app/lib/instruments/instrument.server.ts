// One instrument as the public sees it (RLS decides), its opening hours, and its free slots from
// the booking engine's free_slots().
import { z } from "zod";
import { photoSrc } from "~/lib/instruments/photo";
import { env } from "~/lib/platform/env.server";
import type { SupabaseClient } from "~/lib/platform/supabase.server";
import { failure, isUnavailable, serviceBusy } from "~/lib/platform/upstream";
import { isoInstant } from "~/lib/time/shanghai";

export const FREE_SLOT_DAYS = 14;

const INSTRUMENT_COLUMNS = `
  id, name_zh, name_en, model, manufacturer, photo_url, photo_path, status,
  specs_zh, specs_en, services_zh, services_en, sample_requirements_zh, sample_requirements_en,
  hourly_rate_cny, sme_rate_cny, service_modes, requires_authorisation, requires_approval,
  slot_minutes, min_booking_minutes, max_booking_minutes, lead_time_hours, cancellation_deadline_hours, max_advance_days,
  category:instrument_categories(code, name_zh, name_en, parent:instrument_categories!parent_id(code, name_zh, name_en)),
  lab:labs(id, name_zh, name_en, address_zh, address_en, contact_name, contact_phone, contact_email, accreditations,
    district:districts(code, name_zh, name_en)),
  chains:industrial_chains(code, name_zh, name_en),
  availability_rules(weekday, start_time, end_time)
`;

async function selectInstrument(client: SupabaseClient, id: string) {
  return client.from("instruments").select(INSTRUMENT_COLUMNS).eq("id", id).maybeSingle();
}

type InstrumentRow = NonNullable<Awaited<ReturnType<typeof selectInstrument>>["data"]>;
type CategoryName = { code: string; name_zh: string; name_en: string };

/** The category's parent arrives as one object (many-to-one on parent_id); the generated types see a list. */
export type Instrument = Omit<InstrumentRow, "category"> & {
  category: (CategoryName & { parent: CategoryName | null }) | null;
};

function single<T>(value: T | T[] | null | undefined): T | null {
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

export const instrumentIdSchema = z.string().uuid();

/** null when the id is malformed, unknown, or not visible to the caller. */
export async function getInstrument(client: SupabaseClient, id: string): Promise<Instrument | null> {
  if (!instrumentIdSchema.safeParse(id).success) return null;
  const { data, error } = await selectInstrument(client, id);
  if (error) failure(`Could not read instrument ${id}`, error);
  if (!data) return null;
  data.availability_rules.sort((a, b) => a.weekday - b.weekday || a.start_time.localeCompare(b.start_time));
  const category = data.category ? { ...data.category, parent: single<CategoryName>(data.category.parent) } : null;
  return { ...data, category };
}

export interface Slot {
  startsAt: string;
  endsAt: string;
}

/** Free slots of the instrument's minimum length in the next `days` days (empty if it takes none). */
export async function getFreeSlots(
  client: SupabaseClient,
  instrument: { id: string; min_booking_minutes: number },
  days = FREE_SLOT_DAYS,
  now = new Date(),
): Promise<Slot[]> {
  const { data, error } = await readFreeSlots(client, instrument.id, instrument.min_booking_minutes, days, now);
  if (error) failure(`Could not read free slots of ${instrument.id}`, error);
  return data;
}

/** free_slots over the next `days` days; `minutes` null: the instrument's minimum length. */
async function readFreeSlots(client: SupabaseClient, id: string, minutes: number | null, days: number, now: Date) {
  const to = new Date(now.getTime() + days * 24 * 3_600_000);
  const { data, error } = await client.rpc("free_slots", {
    p_instrument_id: id,
    p_from: now.toISOString(),
    p_to: to.toISOString(),
    // null: free_slots takes the instrument's minimum booking length
    p_minutes: minutes as number,
  });
  const slots: Slot[] = (data ?? []).map((row) => ({ startsAt: isoInstant(row.starts_at), endsAt: isoInstant(row.ends_at) }));
  return { data: slots, error };
}

/**
 * Whether a booking of exactly [start, end) would pass the instrument's time rules now (free,
 * open, aligned, allowed length, lead time, horizon): the slot, or null.
 */
export async function checkSlot(
  client: SupabaseClient,
  instrument: { id: string; slot_minutes: number; min_booking_minutes: number; max_booking_minutes: number },
  start: string,
  end: string,
): Promise<Slot | null> {
  const startsAt = new Date(start);
  const minutes = (new Date(end).getTime() - startsAt.getTime()) / 60_000;
  if (
    !Number.isInteger(minutes) ||
    minutes % instrument.slot_minutes !== 0 ||
    minutes < instrument.min_booking_minutes ||
    minutes > instrument.max_booking_minutes
  ) {
    return null;
  }
  const { data, error } = await client.rpc("free_slots", {
    p_instrument_id: instrument.id,
    p_from: startsAt.toISOString(),
    p_to: new Date(startsAt.getTime() + 60_000).toISOString(),
    p_minutes: minutes,
  });
  if (error && isUnavailable(error)) throw serviceBusy();
  if (error) return null;
  const hit = (data ?? []).find((row) => new Date(row.starts_at).getTime() === startsAt.getTime());
  return hit ? { startsAt: new Date(hit.starts_at).toISOString(), endsAt: new Date(hit.ends_at).toISOString() } : null;
}

export interface BusyInterval {
  start: string;
  end: string;
  kind: string;
  mine: boolean;
}

export async function getBusy(client: SupabaseClient, instrumentId: string, from: Date, to: Date) {
  const { data, error } = await client.rpc("instrument_busy", {
    p_instrument_id: instrumentId,
    p_from: from.toISOString(),
    p_to: to.toISOString(),
  });
  if (error) return { ok: false as const, error };
  return {
    ok: true as const,
    busy: (data ?? []).map((row) => ({
      start: new Date(row.starts_at).toISOString(),
      end: new Date(row.ends_at).toISOString(),
      kind: row.kind,
      mine: row.mine,
    })) satisfies BusyInterval[],
  };
}

/**
 * The instrument page: the instrument as the caller may see it and its free slots; null if not
 * visible. Both are read at once (free_slots takes the instrument's minimum length itself, and
 * answers none for an instrument that takes no bookings): one round trip, not two in a row.
 */
export async function loadInstrumentPage(client: SupabaseClient, id: string, now = new Date()) {
  if (!instrumentIdSchema.safeParse(id).success) return null;
  const [instrument, free] = await Promise.all([getInstrument(client, id), readFreeSlots(client, id, null, FREE_SLOT_DAYS, now)]);
  // Not visible: free_slots refused it too (BOOKING_INSTRUMENT_NOT_FOUND); the page is a 404.
  if (!instrument) return null;
  if (free.error) failure(`Could not read free slots of ${id}`, free.error);
  const slots = instrument.status === "active" ? free.data : [];
  return { instrument, photo: photoSrc(instrument, env.SUPABASE_URL), slots, slotDays: FREE_SLOT_DAYS };
}
