// When sign-in interrupts a booking (`redirectTo` is a booking form with a chosen slot), the
// sign-in pages say what the visitor was booking, so they know why they are asked to sign in.
import type { SupabaseClient } from "~/lib/platform/supabase.server";
import { slotQuerySchema } from "~/lib/bookings/schemas";

export interface BookingIntent {
  instrument: { id: string; name_zh: string; name_en: string };
  startsAt: string | null;
  endsAt: string | null;
}

const BOOK_PATH = /^\/instruments\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/book$/;

/** The booking a sign-in will return to, or null when `redirectTo` is anything else. */
export async function bookingIntent(client: SupabaseClient, redirectTo: string | null): Promise<BookingIntent | null> {
  if (!redirectTo) return null;
  const url = new URL(redirectTo, "http://app.invalid");
  const id = BOOK_PATH.exec(url.pathname)?.[1];
  if (!id) return null;
  const { data } = await client.from("instruments").select("id, name_zh, name_en").eq("id", id).maybeSingle();
  if (!data) return null;
  const slot = slotQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  return {
    instrument: data,
    startsAt: slot.success ? slot.data.start : null,
    endsAt: slot.success ? slot.data.end : null,
  };
}
