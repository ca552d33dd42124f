// Which of the user's labs the lab workspace shows: the one remembered in the `lab` cookie when the
// user still staffs it, else the first. Every lab page's loader and action calls requireCurrentLab
// itself (Remix runs loaders in parallel), so a page never trusts a lab id it did not check.
import { parseCookieHeader, serializeCookieHeader } from "@supabase/ssr";
import { hasLabRole, requireLabStaff, type LabStaffContext, type StaffedLab } from "~/lib/auth/roles.server";
import type { LabRole } from "~/lib/platform/enums";

export const LAB_COOKIE = "lab";
const ONE_YEAR = 60 * 60 * 24 * 365;

export function rememberedLabId(request: Request): string | null {
  return parseCookieHeader(request.headers.get("Cookie") ?? "").find((c) => c.name === LAB_COOKIE)?.value ?? null;
}

export function serializeLabCookie(labId: string, secure: boolean): string {
  return serializeCookieHeader(LAB_COOKIE, labId, { path: "/lab", maxAge: ONE_YEAR, sameSite: "lax", httpOnly: true, secure });
}

/**
 * The lab staff member and the lab the workspace shows. With `role` "manager", the page is for
 * managers of that lab only (404 to technicians, as to everyone who is not staff).
 */
export async function requireCurrentLab(request: Request, role?: LabRole): Promise<LabStaffContext & { lab: StaffedLab }> {
  const staff = await requireLabStaff(request);
  const remembered = rememberedLabId(request);
  const lab = staff.labs.find((candidate) => candidate.id === remembered) ?? staff.labs[0];
  if (!hasLabRole(lab, role)) throw new Response("Not found", { status: 404, headers: staff.headers });
  return { ...staff, lab };
}
