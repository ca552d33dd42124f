// The bureau's administration (issue 11, part 9; docs/decisions/022) and applying to open a lab.
// Reads go through RLS with the user's client (bureau staff read applications, labs, members,
// the audit); every change is one SQL function that checks `bureau admin` itself.
import type { LabApplicationInput } from "~/lib/admin/schemas";
import { mapAdminError, type MappedAdminError } from "~/lib/admin/errors";
import { parseRange } from "~/lib/bookings/bookings.server";
import type { SupabaseClient } from "~/lib/platform/supabase.server";
import { failure } from "~/lib/platform/upstream";

export type AdminResult<T = null> = { ok: true; value: T } | { ok: false; error: MappedAdminError };

function refused(error: { message: string; code?: string; hint?: string | null }, what: string): { ok: false; error: MappedAdminError } {
  const mapped = mapAdminError(error);
  if (mapped.status >= 500) console.error(`${what}:`, error);
  return { ok: false, error: mapped };
}

// --- Applying ------------------------------------------------------------------------------------

/** The organisations the user belongs to, the districts, and the user's applications. */
export async function loadApplyPage(client: SupabaseClient, userId: string) {
  const [memberships, districts, applications] = await Promise.all([
    client.from("organisation_members").select("organisation:organisations(id, name_zh, name_en)").eq("user_id", userId),
    client.from("districts").select("id, name_zh, name_en").order("sort_order"),
    client
      .from("lab_applications")
      .select("id, name_zh, name_en, status, decision_reason, created_at, decided_at, lab_id")
      .eq("applicant_id", userId)
      .order("created_at", { ascending: false }),
  ]);
  if (memberships.error) failure("Could not read the user's organisations", memberships.error);
  if (districts.error) failure("Could not read the districts", districts.error);
  if (applications.error) failure("Could not read the user's applications", applications.error);
  return {
    organisations: memberships.data.flatMap((m) => (m.organisation ? [m.organisation] : [])),
    districts: districts.data,
    applications: applications.data,
  };
}

export async function applyForLab(client: SupabaseClient, input: LabApplicationInput): Promise<AdminResult<{ id: string }>> {
  const { data, error } = await client.rpc("apply_for_lab", {
    p_organisation_id: input.organisationId,
    p_name_zh: input.nameZh,
    p_name_en: input.nameEn,
    p_district_id: input.districtId,
    p_address_zh: input.addressZh,
    p_contact_name: input.contactName,
    ...(input.contactPhone ? { p_contact_phone: input.contactPhone } : {}),
    ...(input.contactEmail ? { p_contact_email: input.contactEmail } : {}),
    ...(input.addressEn ? { p_address_en: input.addressEn } : {}),
    ...(input.accreditations ? { p_accreditations: input.accreditations } : {}),
    ...(input.description ? { p_description: input.description } : {}),
  });
  if (error) return refused(error, "apply_for_lab");
  return { ok: true, value: { id: data.id } };
}

// --- The bureau's pages --------------------------------------------------------------------------

export async function loadBureauLabs(client: SupabaseClient) {
  const [applications, labs, events] = await Promise.all([
    client
      .from("lab_applications")
      .select(
        "id, name_zh, name_en, address_zh, accreditations, contact_name, contact_phone, contact_email, status, decision_reason, created_at, decided_at, applicant_id, organisation:organisations(name_zh, name_en), district:districts(name_zh, name_en)",
      )
      .order("created_at", { ascending: false })
      .limit(200),
    client
      .from("labs")
      .select("id, name_zh, name_en, status, organisation:organisations!labs_organisation_id_fkey(name_zh, name_en), district:districts(name_zh, name_en), lab_members(user_id, role), instruments(count)")
      .order("name_zh"),
    client
      .from("admin_events")
      .select("id, action, actor_id, subject_user_id, lab_id, application_id, reason, created_at")
      .order("created_at", { ascending: false })
      .limit(50),
  ]);
  if (applications.error) failure("Could not read lab applications", applications.error);
  if (labs.error) failure("Could not read labs", labs.error);
  if (events.error) failure("Could not read the administration audit", events.error);
  const people = new Set<string>();
  for (const a of applications.data) people.add(a.applicant_id);
  for (const l of labs.data) for (const m of l.lab_members) if (m.role === "manager") people.add(m.user_id);
  for (const e of events.data) {
    if (e.actor_id) people.add(e.actor_id);
    if (e.subject_user_id) people.add(e.subject_user_id);
  }
  const names = await displayNames(client, [...people]);
  const labNames = new Map(labs.data.map((l) => [l.id, { name_zh: l.name_zh, name_en: l.name_en }]));
  const applicationNames = new Map(applications.data.map((a) => [a.id, { name_zh: a.name_zh, name_en: a.name_en }]));
  return {
    pending: applications.data.filter((a) => a.status === "pending").map((a) => ({ ...a, applicant: names.get(a.applicant_id) ?? "" })),
    decided: applications.data.filter((a) => a.status !== "pending").map((a) => ({ ...a, applicant: names.get(a.applicant_id) ?? "" })),
    labs: labs.data.map((l) => ({
      id: l.id,
      name_zh: l.name_zh,
      name_en: l.name_en,
      status: l.status,
      organisation: l.organisation,
      district: l.district,
      instruments: l.instruments[0]?.count ?? 0,
      managers: l.lab_members.filter((m) => m.role === "manager").map((m) => names.get(m.user_id) ?? ""),
    })),
    events: events.data.map((e) => ({
      ...e,
      actor: e.actor_id ? (names.get(e.actor_id) ?? "") : "",
      subject:
        (e.lab_id && labNames.get(e.lab_id)) ||
        (e.application_id && applicationNames.get(e.application_id)) ||
        (e.subject_user_id ? { name_zh: names.get(e.subject_user_id) ?? "", name_en: names.get(e.subject_user_id) ?? "" } : null),
    })),
  };
}

async function displayNames(client: SupabaseClient, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { data, error } = await client.from("profiles").select("id, display_name").in("id", ids);
  if (error) failure("Could not read names", error);
  return new Map(data.map((p) => [p.id, p.display_name]));
}

/** A lab and its live bookings (pending or confirmed, not ended), listed before suspending it. */
export async function loadBureauLab(client: SupabaseClient, labId: string, now = new Date()) {
  if (!/^[0-9a-f-]{36}$/i.test(labId)) return null;
  const lab = await client.from("labs").select("id, name_zh, name_en, status").eq("id", labId).maybeSingle();
  if (lab.error) failure("Could not read the lab", lab.error);
  if (!lab.data) return null;
  const instruments = await client.from("instruments").select("id, name_zh, name_en").eq("lab_id", labId);
  if (instruments.error) failure("Could not read the lab's instruments", instruments.error);
  const ids = instruments.data.map((i) => i.id);
  const names = new Map(instruments.data.map((i) => [i.id, i]));
  const bookings =
    ids.length === 0
      ? { data: [], error: null }
      : await client
          .from("bookings")
          .select("id, instrument_id, during, status")
          .in("instrument_id", ids)
          .in("status", ["pending", "confirmed"])
          .not("during", "sl", `[${now.toISOString()},)`)
          .order("during")
          .limit(500);
  if (bookings.error) failure("Could not read the lab's live bookings", bookings.error);
  return {
    lab: lab.data,
    live: bookings.data.map((b) => ({ id: b.id, status: b.status, ...parseRange(b.during), instrument: names.get(b.instrument_id) ?? null })),
  };
}

export async function decideApplication(
  client: SupabaseClient,
  input: { applicationId: string; approve: boolean; reason: string | null; managerEmail: string | null },
): Promise<AdminResult> {
  const { error } = await client.rpc("decide_lab_application", {
    p_application_id: input.applicationId,
    p_approve: input.approve,
    ...(input.reason ? { p_reason: input.reason } : {}),
    ...(input.managerEmail ? { p_manager_email: input.managerEmail } : {}),
  });
  return error ? refused(error, "decide_lab_application") : { ok: true, value: null };
}

export async function assignManager(client: SupabaseClient, labId: string, email: string): Promise<AdminResult> {
  const { error } = await client.rpc("assign_lab_manager", { p_lab_id: labId, p_email: email });
  return error ? refused(error, "assign_lab_manager") : { ok: true, value: null };
}

export async function setLabSuspended(client: SupabaseClient, labId: string, suspend: boolean, reason: string | null): Promise<AdminResult> {
  const { error } = await client.rpc("set_lab_suspended", { p_lab_id: labId, p_suspend: suspend, ...(reason ? { p_reason: reason } : {}) });
  return error ? refused(error, "set_lab_suspended") : { ok: true, value: null };
}

export async function listBureauStaff(client: SupabaseClient) {
  const { data, error } = await client.rpc("bureau_staff_list");
  if (error) failure("Could not read bureau staff", error);
  return data;
}

export async function addAnalyst(client: SupabaseClient, email: string): Promise<AdminResult> {
  const { error } = await client.rpc("add_bureau_analyst", { p_email: email });
  return error ? refused(error, "add_bureau_analyst") : { ok: true, value: null };
}

export async function removeAnalyst(client: SupabaseClient, userId: string): Promise<AdminResult> {
  const { error } = await client.rpc("remove_bureau_analyst", { p_user_id: userId });
  return error ? refused(error, "remove_bureau_analyst") : { ok: true, value: null };
}
