// The reference answer for the time-first search ("free for N minutes between A and B"), from the
// booking engine's per-instrument free_slots through supabase-js: an instrument is free when
// free_slots, asked for the length the search asks of it, lists a slot that ends by the window's
// end. The search's set-wise check (private.instruments_free_among) must agree with it.
import type { SupabaseClient } from "@supabase/supabase-js";

export interface FreeWindow {
  from: string;
  to: string;
  minutes: number;
}

interface Policy {
  id: string;
  slot_minutes: number;
  min_booking_minutes: number;
  max_booking_minutes: number;
}

/**
 * The length the search asks of an instrument (the search's contract, docs/decisions/009): the
 * wanted minutes rounded up to the instrument's slot and to at least its minimum; null when that
 * is longer than its maximum (the instrument cannot serve the search).
 */
export function searchedLength(minutes: number, p: Omit<Policy, "id">): number | null {
  const slots = Math.max(Math.ceil(minutes / p.slot_minutes), Math.ceil(p.min_booking_minutes / p.slot_minutes));
  const length = slots * p.slot_minutes;
  return length <= p.max_booking_minutes ? length : null;
}

/** The instant of a timestamptz as PostgREST returns it. */
function instant(value: string): number {
  return new Date(value.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00")).getTime();
}

/**
 * Which of `ids` (instruments the client can see) are free in the window, asking free_slots once
 * per instrument. `cache` keeps answers per window and instrument (they do not depend on who asks,
 * as long as the bookings do not change).
 */
export async function freeBySlots(
  client: SupabaseClient,
  ids: string[],
  window: FreeWindow,
  cache: Map<string, boolean> = new Map(),
): Promise<string[]> {
  const key = (id: string) => `${window.from}|${window.to}|${window.minutes}|${id}`;
  const missing = ids.filter((id) => !cache.has(key(id)));
  if (missing.length) {
    const { data, error } = await client
      .from("instruments")
      .select("id, slot_minutes, min_booking_minutes, max_booking_minutes")
      .in("id", missing);
    if (error) throw error;
    const policies = data as Policy[];
    if (policies.length !== missing.length) throw new Error("freeBySlots: an instrument the client cannot see");
    await Promise.all(
      policies.map(async (p) => {
        const length = searchedLength(window.minutes, p);
        let free = false;
        if (length !== null) {
          const { data: slots, error: slotError } = await client
            .rpc("free_slots", { p_instrument_id: p.id, p_from: window.from, p_to: window.to, p_minutes: length })
            .limit(1);
          if (slotError) throw slotError;
          const first = (slots as { ends_at: string }[])[0];
          free = first !== undefined && instant(first.ends_at) <= new Date(window.to).getTime();
        }
        cache.set(key(p.id), free);
      }),
    );
  }
  return ids.filter((id) => cache.get(key(id)));
}
