// The lab workspace's overview: for each lab the user staffs, what waits for the lab's attention.
// Read with the user's client, so RLS limits every count to labs the caller staffs.
import type { StaffedLab } from "~/lib/auth/roles.server";
import type { SupabaseClient } from "~/lib/platform/supabase.server";
import { failure } from "~/lib/platform/upstream";

export interface LabAttention {
  lab: StaffedLab;
  /** Requests waiting for a decision. */
  pending: number;
  /** Confirmed bookings that have ended without completion or no-show being recorded. */
  toRecord: number;
  /** Instruments under maintenance. */
  inMaintenance: number;
}

function count(result: { count: number | null; error: { message: string } | null }, what: string): number {
  if (result.error) failure(`Could not count ${what}`, result.error);
  return result.count ?? 0;
}

export async function getLabAttention(supabase: SupabaseClient, labs: StaffedLab[], now = new Date()): Promise<LabAttention[]> {
  const ended = `[${now.toISOString()},)`;
  return Promise.all(
    labs.map(async (lab) => {
      const bookings = () =>
        supabase.from("bookings").select("id, instrument:instruments!inner(lab_id)", { count: "exact", head: true }).eq("instrument.lab_id", lab.id);
      const [pending, toRecord, inMaintenance] = await Promise.all([
        bookings().eq("status", "pending"),
        bookings().eq("status", "confirmed").filter("during", "sl", ended),
        supabase.from("instruments").select("id", { count: "exact", head: true }).eq("lab_id", lab.id).eq("status", "maintenance"),
      ]);
      return {
        lab,
        pending: count(pending, "pending requests"),
        toRecord: count(toRecord, "bookings to record"),
        inMaintenance: count(inMaintenance, "instruments in maintenance"),
      };
    }),
  );
}
