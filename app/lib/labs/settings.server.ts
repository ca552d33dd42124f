// A lab staff member's own settings: how they hear of new booking requests (at once, a daily
// digest at 08:00 Shanghai, or not at all) and their private calendar feed of each lab.
import { labResult, type LabResult } from "~/lib/labs/staff.server";
import type { RequestMailMode } from "~/lib/labs/staff-schemas";
import type { SupabaseClient } from "~/lib/platform/supabase.server";
import { failure } from "~/lib/platform/upstream";

export interface StaffSettings {
  requestMail: RequestMailMode;
  /** Whether the caller's feed of the lab is on (its URL is shown only when made). */
  feedOn: boolean;
}

export async function getStaffSettings(supabase: SupabaseClient, userId: string, labId: string): Promise<StaffSettings> {
  const [settings, feed] = await Promise.all([
    supabase.from("lab_staff_settings").select("request_mail").eq("user_id", userId).maybeSingle(),
    supabase.from("lab_calendar_feeds").select("lab_id").eq("user_id", userId).eq("lab_id", labId).maybeSingle(),
  ]);
  if (settings.error) failure("Could not read the e-mail settings", settings.error);
  if (feed.error) failure("Could not read the calendar feed", feed.error);
  return { requestMail: (settings.data?.request_mail as RequestMailMode | undefined) ?? "immediate", feedOn: Boolean(feed.data) };
}

export async function saveRequestMail(supabase: SupabaseClient, userId: string, mode: RequestMailMode): Promise<void> {
  const { error } = await supabase.from("lab_staff_settings").upsert({ user_id: userId, request_mail: mode }, { onConflict: "user_id" });
  if (error) failure("Could not save the e-mail settings", error);
}

/** Turns the feed on or makes a new token (the old URL stops working); returns the token, once. */
export async function enableFeed(supabase: SupabaseClient, labId: string): Promise<LabResult<string>> {
  const { data, error } = await supabase.rpc("enable_lab_feed", { p_lab_id: labId });
  return labResult("Could not turn the calendar feed on", error, String(data ?? ""));
}

export async function disableFeed(supabase: SupabaseClient, labId: string): Promise<void> {
  const { error } = await supabase.rpc("disable_lab_feed", { p_lab_id: labId });
  if (error) failure("Could not turn the calendar feed off", error);
}

export function feedPath(token: string): string {
  return `/lab/feed/${token}.ics`;
}
