// Who the signed-in user is to the network: their bureau role and the labs they staff, from one
// call (public.current_user_context), and the guards the lab and bureau pages use. Like Epic
// Stack's requireUserWithRole, a guard answers 404 to everyone else, so the pages' existence is not
// advertised. The guards only decide what a page shows: the database (RLS and the functions)
// still decides what data anyone gets and what they may change.
import { z } from "zod";
import { requireUser, type SignedInContext } from "~/lib/auth/auth.server";
import { BUREAU_ROLES, LAB_ROLES, LAB_STATUSES, type BureauRole, type LabRole } from "~/lib/platform/enums";
import type { SupabaseClient } from "~/lib/platform/supabase.server";
import { failure } from "~/lib/platform/upstream";

const staffedLabSchema = z.object({
  id: z.string().uuid(),
  name_zh: z.string(),
  name_en: z.string(),
  status: z.enum(LAB_STATUSES),
  role: z.enum(LAB_ROLES),
});
export type StaffedLab = z.infer<typeof staffedLabSchema>;

const userContextSchema = z.object({
  display_name: z.string(),
  locale: z.string().nullable(),
  bureau_role: z.enum(BUREAU_ROLES).nullable(),
  labs: z.array(staffedLabSchema),
});

export interface UserContext {
  displayName: string;
  /** The profile's language, if the profile exists. */
  locale: string | null;
  bureauRole: BureauRole | null;
  labs: StaffedLab[];
}

/** The caller's profile and roles in one round trip; null when signed out. */
export async function getUserContext(supabase: SupabaseClient): Promise<UserContext | null> {
  const { data, error } = await supabase.rpc("current_user_context");
  if (error) failure("Could not read the user's roles", error);
  if (!data) return null;
  const row = userContextSchema.parse(data);
  return { displayName: row.display_name, locale: row.locale, bureauRole: row.bureau_role, labs: row.labs };
}

/** A manager may do what a technician may; a bureau admin what an analyst may. */
export function hasLabRole(lab: Pick<StaffedLab, "role">, role?: LabRole): boolean {
  return role === undefined || role === "technician" || lab.role === "manager";
}

export function hasBureauRole(bureauRole: BureauRole | null, role?: BureauRole): boolean {
  return bureauRole !== null && (role === undefined || role === "analyst" || bureauRole === "admin");
}

function notFound(headers: Headers): Response {
  return new Response("Not found", { status: 404, headers });
}

export type LabStaffContext = SignedInContext & { context: UserContext; labs: StaffedLab[] };

/**
 * The signed-in member of lab staff: with `labId`, of that lab (and `role`, when given: "manager"
 * for managers only); without, of any lab. Anyone else gets 404; visitors are sent to sign in.
 */
export async function requireLabStaff(
  request: Request,
  labId?: string | null,
  role?: LabRole,
): Promise<LabStaffContext & { lab: StaffedLab | null }> {
  const auth = await requireUser(request);
  const context = await getUserContext(auth.supabase);
  const labs = (context?.labs ?? []).filter((lab) => hasLabRole(lab, role));
  const lab = labId ? (labs.find((candidate) => candidate.id === labId) ?? null) : null;
  if (!context || labs.length === 0 || (labId && !lab)) throw notFound(auth.headers);
  return { ...auth, context, labs, lab };
}

/** Signed-in bureau staff (`role` "admin": bureau admins only); anyone else gets 404. */
export async function requireBureau(
  request: Request,
  role?: BureauRole,
): Promise<SignedInContext & { context: UserContext; bureauRole: BureauRole }> {
  const auth = await requireUser(request);
  const context = await getUserContext(auth.supabase);
  if (!context || !hasBureauRole(context.bureauRole, role) || !context.bureauRole) throw notFound(auth.headers);
  return { ...auth, context, bureauRole: context.bureauRole };
}
