// The lab's staff: list, add by e-mail (inviting an address that has no account yet), change a
// role, remove. Every change is a function that checks the caller manages the lab and that the lab
// keeps a manager (SQL); this module only adds the invitation, which needs the service role.
import type { Locale } from "~/lib/i18n/translate";
import { appUrl } from "~/lib/auth/auth.server";
import { mapLabError, type MappedLabError } from "~/lib/labs/errors";
import type { LabRole } from "~/lib/platform/enums";
import { getSupabaseAdmin } from "~/lib/platform/supabase-admin.server";
import type { SupabaseClient } from "~/lib/platform/supabase.server";
import { failure } from "~/lib/platform/upstream";

export interface StaffMember {
  userId: string;
  email: string;
  displayName: string;
  role: LabRole;
  addedAt: string;
  invitationPending: boolean;
}

export type LabResult<T = null> = { ok: true; value: T } | { ok: false; error: MappedLabError };

/** A refusal the user can act on, or throws (outage → 503, anything else → 500). */
export function labResult<T>(what: string, error: { message: string; code?: string } | null, value: T): LabResult<T> {
  if (!error) return { ok: true, value };
  const mapped = mapLabError(error);
  if (!mapped || mapped.status === 503) failure(what, error);
  return { ok: false, error: mapped };
}

export async function listStaff(supabase: SupabaseClient, labId: string): Promise<StaffMember[]> {
  const { data, error } = await supabase.rpc("lab_staff", { p_lab_id: labId });
  if (error) failure("Could not read the lab's staff", error);
  return (data ?? []).map((row) => ({
    userId: row.user_id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    addedAt: row.added_at,
    invitationPending: row.invitation_pending,
  }));
}

/**
 * Adds the person with this e-mail address. When no account has it, and only after the database
 * said the caller may add staff, Supabase Auth invites the address (the invitation e-mail's link
 * lands on a page to choose a password, then /lab) and the account it creates is added.
 */
export async function addStaff(
  supabase: SupabaseClient,
  input: { labId: string; email: string; role: LabRole; locale: Locale },
): Promise<LabResult<{ invited: boolean }>> {
  const add = () => supabase.rpc("add_lab_staff", { p_lab_id: input.labId, p_email: input.email, p_role: input.role });
  const first = await add();
  if (!first.error) return { ok: true, value: { invited: false } };
  if (first.error.message !== "LAB_STAFF_NO_ACCOUNT") return labResult("Could not add staff", first.error, { invited: false });

  const invite = await getSupabaseAdmin().auth.admin.inviteUserByEmail(input.email, {
    data: { locale: input.locale },
    redirectTo: appUrl("/lab"),
  });
  if (invite.error) failure("Could not invite the new member of staff", invite.error);
  const second = await add();
  return labResult("Could not add staff", second.error, { invited: true });
}

export async function changeStaffRole(
  supabase: SupabaseClient,
  input: { labId: string; userId: string; role: LabRole },
): Promise<LabResult> {
  const { error } = await supabase.rpc("change_lab_staff_role", { p_lab_id: input.labId, p_user_id: input.userId, p_role: input.role });
  return labResult("Could not change the role", error, null);
}

export async function removeStaff(supabase: SupabaseClient, input: { labId: string; userId: string }): Promise<LabResult> {
  const { error } = await supabase.rpc("remove_lab_staff", { p_lab_id: input.labId, p_user_id: input.userId });
  return labResult("Could not remove staff", error, null);
}
