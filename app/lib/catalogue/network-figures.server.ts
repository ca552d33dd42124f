// The home page's network figures from public.network_figures() (approved labs, public
// instruments, hours used this Asia/Shanghai year): one aggregate call, safe for anon.
import type { SupabaseClient } from "~/lib/platform/supabase.server";
import { failure } from "~/lib/platform/upstream";

export interface HomeFigures {
  labs: number;
  instruments: number;
  hoursServedThisYear: number;
}

export async function getHomeFigures(client: SupabaseClient): Promise<HomeFigures> {
  const { data, error } = await client.rpc("network_figures");
  if (error) failure("network_figures", error);
  const row = data?.[0];
  return {
    labs: Number(row?.labs ?? 0),
    instruments: Number(row?.instruments ?? 0),
    hoursServedThisYear: Number(row?.hours_served_this_year ?? 0),
  };
}
