// Self-operation authorisations of the lab's instruments: the list (expired and expiring first),
// the lab's past requesters to choose from, grant or renew, revoke. Through the SQL functions,
// which check that the caller staffs the lab (managers and technicians alike: ADR 021).
import { labResult, type LabResult } from "~/lib/labs/staff.server";
import type { SupabaseClient } from "~/lib/platform/supabase.server";
import { failure } from "~/lib/platform/upstream";

export interface LabAuthorisation {
  instrumentId: string;
  instrumentNameZh: string;
  instrumentNameEn: string;
  userId: string;
  email: string;
  displayName: string;
  organisationNameZh: string | null;
  organisationNameEn: string | null;
  expiresAt: string | null;
  note: string;
  grantedByName: string;
}

export interface PastRequester {
  userId: string;
  email: string;
  displayName: string;
  organisationNameZh: string | null;
  organisationNameEn: string | null;
}

export interface LabInstrumentOption {
  id: string;
  name_zh: string;
  name_en: string;
  requires_authorisation: boolean;
}

export async function listAuthorisations(supabase: SupabaseClient, labId: string): Promise<LabAuthorisation[]> {
  const { data, error } = await supabase.rpc("lab_authorisations", { p_lab_id: labId });
  if (error) failure("Could not read the lab's authorisations", error);
  return (data ?? []).map((row) => ({
    instrumentId: row.instrument_id,
    instrumentNameZh: row.instrument_name_zh,
    instrumentNameEn: row.instrument_name_en,
    userId: row.user_id,
    email: row.email,
    displayName: row.display_name,
    organisationNameZh: row.organisation_name_zh,
    organisationNameEn: row.organisation_name_en,
    expiresAt: row.expires_at,
    note: row.note,
    grantedByName: row.granted_by_name,
  }));
}

export async function listPastRequesters(supabase: SupabaseClient, labId: string): Promise<PastRequester[]> {
  const { data, error } = await supabase.rpc("lab_past_requesters", { p_lab_id: labId });
  if (error) failure("Could not read the lab's requesters", error);
  return (data ?? []).map((row) => ({
    userId: row.user_id,
    email: row.email,
    displayName: row.display_name,
    organisationNameZh: row.organisation_name_zh,
    organisationNameEn: row.organisation_name_en,
  }));
}

/** The lab's instruments that are not retired, those needing authorisation first. */
export async function listLabInstruments(supabase: SupabaseClient, labId: string): Promise<LabInstrumentOption[]> {
  const { data, error } = await supabase
    .from("instruments")
    .select("id, name_zh, name_en, requires_authorisation")
    .eq("lab_id", labId)
    .neq("status", "retired")
    .order("requires_authorisation", { ascending: false })
    .order("name_zh");
  if (error) failure("Could not read the lab's instruments", error);
  return data ?? [];
}

/** Grant or renew (the same write): valid to the end of `expiresOn` (a Shanghai date). */
export async function grantAuthorisations(
  supabase: SupabaseClient,
  input: { labId: string; instrumentIds: string[]; expiresOn: string; note: string; userId?: string; email?: string },
): Promise<LabResult<number>> {
  const { data, error } = await supabase.rpc("grant_authorisations", {
    p_lab_id: input.labId,
    p_instrument_ids: input.instrumentIds,
    p_expires_on: input.expiresOn,
    p_note: input.note,
    p_user_id: input.userId,
    p_email: input.email,
  });
  return labResult("Could not grant the authorisation", error, Number(data ?? 0));
}

export async function revokeAuthorisation(supabase: SupabaseClient, input: { instrumentId: string; userId: string }): Promise<LabResult> {
  const { error } = await supabase.rpc("revoke_authorisation", { p_instrument_id: input.instrumentId, p_user_id: input.userId });
  return labResult("Could not revoke the authorisation", error, null);
}
