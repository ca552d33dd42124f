// The network's figures for one period from public.utilisation() (DESIGN §6), read with the
// caller's client: the function itself refuses anyone but bureau staff (or a lab's own staff for
// that lab), so the figures never reach anyone else.
import type { SupabaseClient } from "~/lib/platform/supabase.server";
import { addDays, addMonths, startOfMonth, todayInShanghai, type ShanghaiDate } from "~/lib/time/shanghai";
import { failure } from "~/lib/platform/upstream";

export interface PeriodFigures {
  from: ShanghaiDate;
  to: ShanghaiDate;
  availableHours: number;
  bookedHours: number;
  usedHours: number;
  externalHours: number;
  utilisationRate: number;
  sharingRate: number;
  bookings: number;
  organisationsServed: number;
  noShows: number;
  revenueCny: number;
}

/** The Shanghai calendar month so far: its first day to today. */
export function monthToDate(now = new Date()): { from: ShanghaiDate; to: ShanghaiDate } {
  const today = todayInShanghai(now);
  return { from: startOfMonth(today), to: today };
}

/** The whole previous Shanghai calendar month. */
export function previousMonth(now = new Date()): { from: ShanghaiDate; to: ShanghaiDate } {
  const thisMonth = startOfMonth(todayInShanghai(now));
  return { from: addMonths(thisMonth, -1), to: addDays(thisMonth, -1) };
}

export async function getNetworkFigures(
  supabase: SupabaseClient,
  period: { from: ShanghaiDate; to: ShanghaiDate },
  labId?: string,
): Promise<PeriodFigures> {
  const { data, error } = await supabase.rpc("utilisation", {
    p_from: period.from,
    p_to: period.to,
    p_group: labId ? "lab" : "network",
    ...(labId ? { p_lab_id: labId } : {}),
  });
  if (error) failure("Could not read utilisation", error);
  const row = data?.[0];
  const n = (value: number | string | null | undefined) => Number(value ?? 0);
  return {
    ...period,
    availableHours: n(row?.available_hours),
    bookedHours: n(row?.booked_hours),
    usedHours: n(row?.used_hours),
    externalHours: n(row?.external_hours),
    utilisationRate: n(row?.utilisation_rate),
    sharingRate: n(row?.sharing_rate),
    bookings: n(row?.bookings),
    organisationsServed: n(row?.organisations_served),
    noShows: n(row?.no_shows),
    revenueCny: n(row?.revenue_cny),
  };
}
