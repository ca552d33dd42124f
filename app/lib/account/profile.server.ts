// The signed-in user's own profile, read and written with the user's client so RLS and the
// column grants on public.profiles apply.
import { z } from "zod";
import type { MessageKey } from "~/lib/i18n/translate";
import type { Locale } from "~/lib/i18n/translate";
import type { SupabaseClient } from "~/lib/platform/supabase.server";
import { failure } from "~/lib/platform/upstream";

const profileRowSchema = z.object({
  id: z.string(),
  display_name: z.string(),
  phone: z.string().nullable(),
  locale: z.enum(["zh-CN", "en"]),
  created_at: z.string(),
});

export interface Profile {
  id: string;
  displayName: string;
  phone: string | null;
  locale: Locale;
  createdAt: string;
}

export interface ProfileUpdate {
  displayName: string;
  phone: string | null;
  locale: Locale;
}

export type ProfileResult = { ok: true } | { ok: false; message: MessageKey; status: number };

export async function getOwnProfile(supabase: SupabaseClient, userId: string): Promise<Profile | null> {
  const { data, error } = await supabase
    .from("profiles")
    .select("id, display_name, phone, locale, created_at")
    .eq("id", userId)
    .maybeSingle();
  if (error) failure("Could not read profile", error);
  if (!data) return null;
  const row = profileRowSchema.parse(data);
  return {
    id: row.id,
    displayName: row.display_name,
    phone: row.phone,
    locale: row.locale,
    createdAt: row.created_at,
  };
}

function fromPostgrestError(error: { code?: string; message: string }): ProfileResult {
  // 23514 check_violation, 22001 string too long: the database caught what zod let through.
  if (error.code === "23514" || error.code === "22001" || error.code === "22P02") {
    return { ok: false, message: "validation.invalid", status: 400 };
  }
  failure("Could not update profile", error);
}

export async function updateOwnProfile(
  supabase: SupabaseClient,
  userId: string,
  update: ProfileUpdate,
): Promise<ProfileResult> {
  const { data, error } = await supabase
    .from("profiles")
    .update({ display_name: update.displayName, phone: update.phone, locale: update.locale })
    .eq("id", userId)
    .select("id");
  if (error) return fromPostgrestError(error);
  if (!data || data.length === 0) return { ok: false, message: "account.profileMissing", status: 404 };
  await syncLocaleMetadata(supabase, update.locale);
  return { ok: true };
}

export async function setOwnLocale(supabase: SupabaseClient, userId: string, locale: Locale): Promise<void> {
  const { error } = await supabase.from("profiles").update({ locale }).eq("id", userId);
  if (error) fromPostgrestError(error);
  await syncLocaleMetadata(supabase, locale);
}

/**
 * The Send Email Hook reads `user_metadata.locale` first, so keep it in step with the profile.
 * Best effort: the profile is the record; a failure here only affects the e-mail language.
 */
async function syncLocaleMetadata(supabase: SupabaseClient, locale: Locale): Promise<void> {
  const { error } = await supabase.auth.updateUser({ data: { locale } });
  if (error) console.warn(`Could not sync locale to user metadata: ${error.message}`);
}
