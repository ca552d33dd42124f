// Organisations and membership (issue 9): every change goes through the database's functions with
// the user's session (supabase/migrations/20261202000100_organisations.sql), which check who may
// do what; their ORG_* errors come back as translated messages (errors.ts).
import { z } from "zod";
import { mapOrganisationError, type MappedOrganisationError } from "~/lib/organisations/errors";
import type { RegisterOrganisationInput } from "~/lib/organisations/schemas";
import type { Database } from "~/lib/platform/database.types";
import {
  ORGANISATION_KINDS,
  ORGANISATION_ROLES,
  SME_STATUSES,
  type OrganisationKind,
  type OrganisationRole,
} from "~/lib/platform/enums";
import type { SupabaseClient } from "~/lib/platform/supabase.server";
import { failure } from "~/lib/platform/upstream";

export type OrgResult<T = null> = { ok: true; value: T } | { ok: false; error: MappedOrganisationError };

type Functions = Database["public"]["Functions"];

/** Calls an organisation function; its refusals become results, an outage a 503. */
async function call<F extends keyof Functions>(
  client: SupabaseClient,
  fn: F,
  args: Functions[F]["Args"],
): Promise<OrgResult<Functions[F]["Returns"]>> {
  const { data, error } = await client.rpc(fn, args as never);
  if (error) {
    const mapped = mapOrganisationError(error);
    if (mapped.status === 503) failure(fn, error);
    if (mapped.status >= 500) console.error(`${fn}:`, error);
    return { ok: false, error: mapped };
  }
  return { ok: true, value: data as Functions[F]["Returns"] };
}

export function registerOrganisation(client: SupabaseClient, input: RegisterOrganisationInput) {
  return call(client, "create_organisation", {
    p_name_zh: input.nameZh,
    p_kind: input.kind,
    p_uscc: input.uscc,
    ...(input.districtId ? { p_district_id: input.districtId } : {}),
    ...(input.nameEn ? { p_name_en: input.nameEn } : {}),
    p_address: input.address,
    p_contact_name: input.contactName,
    p_contact_phone: input.contactPhone,
    ...(input.contactEmail ? { p_contact_email: input.contactEmail } : {}),
  });
}

export type FoundOrganisation = Functions["find_organisations"]["Returns"][number];

export async function findOrganisations(client: SupabaseClient, query: string): Promise<OrgResult<FoundOrganisation[]>> {
  return call(client, "find_organisations", { p_query: query });
}

export function requestToJoin(client: SupabaseClient, organisationId: string, message: string | null) {
  return call(client, "request_to_join", { p_organisation_id: organisationId, ...(message ? { p_message: message } : {}) });
}

export function withdrawJoinRequest(client: SupabaseClient, requestId: string) {
  return call(client, "withdraw_join_request", { p_request_id: requestId });
}

export function decideJoinRequest(client: SupabaseClient, requestId: string, approve: boolean, reason: string | null) {
  return call(client, "decide_join_request", { p_request_id: requestId, p_approve: approve, ...(reason ? { p_reason: reason } : {}) });
}

export function inviteMember(client: SupabaseClient, organisationId: string, email: string, role: OrganisationRole) {
  return call(client, "invite_member", { p_organisation_id: organisationId, p_email: email, p_role: role });
}

export function revokeInvitation(client: SupabaseClient, invitationId: string) {
  return call(client, "revoke_invitation", { p_invitation_id: invitationId });
}

export function acceptInvitation(client: SupabaseClient, token: string) {
  return call(client, "accept_invitation", { p_token: token });
}

export function declineInvitation(client: SupabaseClient, token: string) {
  return call(client, "decline_invitation", { p_token: token });
}

export function leaveOrganisation(client: SupabaseClient, organisationId: string) {
  return call(client, "leave_organisation", { p_organisation_id: organisationId });
}

export function removeMember(client: SupabaseClient, organisationId: string, userId: string) {
  return call(client, "remove_member", { p_organisation_id: organisationId, p_user_id: userId });
}

export function setMemberRole(client: SupabaseClient, organisationId: string, userId: string, role: OrganisationRole) {
  return call(client, "set_member_role", { p_organisation_id: organisationId, p_user_id: userId, p_role: role });
}

export function transferOwnership(client: SupabaseClient, organisationId: string, userId: string) {
  return call(client, "transfer_ownership", { p_organisation_id: organisationId, p_user_id: userId });
}

export function verifySme(client: SupabaseClient, organisationId: string, evidence: string) {
  return call(client, "verify_sme", { p_organisation_id: organisationId, p_evidence: evidence });
}

export function rejectSme(client: SupabaseClient, organisationId: string, reason: string) {
  return call(client, "reject_sme", { p_organisation_id: organisationId, p_reason: reason });
}

// Reading -----------------------------------------------------------------------------------------

const kind = z.enum(ORGANISATION_KINDS);
const role = z.enum(ORGANISATION_ROLES);
const smeStatus = z.enum(SME_STATUSES).nullable();

const myStateSchema = z.object({
  organisations: z.array(
    z.object({
      id: z.string().uuid(),
      name_zh: z.string(),
      name_en: z.string().nullable(),
      kind,
      sme_status: smeStatus,
      role,
      is_profile_organisation: z.boolean(),
    }),
  ),
  invitations: z.array(
    z.object({
      token: z.string().uuid(),
      organisation_id: z.string().uuid(),
      name_zh: z.string(),
      name_en: z.string().nullable(),
      role,
      expires_at: z.string(),
      invited_by: z.string().nullable(),
    }),
  ),
  requests: z.array(
    z.object({ id: z.string().uuid(), organisation_id: z.string().uuid(), name_zh: z.string(), name_en: z.string().nullable(), created_at: z.string() }),
  ),
});
export type MyOrganisationState = z.infer<typeof myStateSchema>;

/** The caller's organisations, pending invitations to them and their pending join requests. */
export async function getMyOrganisationState(client: SupabaseClient): Promise<MyOrganisationState> {
  const { data, error } = await client.rpc("my_organisation_state");
  if (error) failure("Could not read your organisations", error);
  return myStateSchema.parse(data ?? { organisations: [], invitations: [], requests: [] });
}

const overviewSchema = z.object({
  organisation: z.object({
    id: z.string().uuid(),
    name_zh: z.string(),
    name_en: z.string().nullable(),
    kind,
    uscc: z.string().nullable(),
    district_name_zh: z.string().nullable(),
    district_name_en: z.string().nullable(),
    address: z.string().nullable(),
    contact_name: z.string().nullable(),
    contact_phone: z.string().nullable(),
    contact_email: z.string().nullable(),
    sme_status: smeStatus,
    sme_evidence: z.string().nullable(),
    sme_rejection_reason: z.string().nullable(),
    sme_decided_at: z.string().nullable(),
    created_at: z.string(),
  }),
  my_role: role.nullable(),
  members: z.array(
    z.object({ user_id: z.string().uuid(), display_name: z.string().nullable(), email: z.string().nullable(), role, since: z.string() }),
  ),
  invitations: z.array(
    z.object({ id: z.string().uuid(), email: z.string(), role, expires_at: z.string(), expired: z.boolean(), created_at: z.string() }),
  ),
  requests: z.array(
    z.object({
      id: z.string().uuid(),
      user_id: z.string().uuid(),
      display_name: z.string().nullable(),
      email: z.string().nullable(),
      message: z.string().nullable(),
      created_at: z.string(),
    }),
  ),
  events: z.array(
    z.object({
      kind: z.string(),
      created_at: z.string(),
      actor: z.string().nullable(),
      subject: z.string().nullable(),
      detail: z.record(z.unknown()).nullable(),
    }),
  ),
});
export type OrganisationOverview = z.infer<typeof overviewSchema>;

/** One organisation as its members (more for owners and the bureau) see it; null when not theirs. */
export async function getOrganisationOverview(client: SupabaseClient, organisationId: string): Promise<OrganisationOverview | null> {
  const result = await call(client, "organisation_overview", { p_organisation_id: organisationId });
  if (!result.ok) {
    if (result.error.code === "ORG_NOT_FOUND") return null;
    throw new Error(`organisation_overview: ${result.error.code ?? "unknown"}`);
  }
  return overviewSchema.parse(result.value);
}

const invitationSchema = z.object({
  organisation_id: z.string().uuid(),
  name_zh: z.string(),
  name_en: z.string().nullable(),
  role,
  status: z.enum(["pending", "accepted", "declined", "revoked", "expired"]),
  expired: z.boolean(),
  expires_at: z.string(),
  invited_by: z.string().nullable(),
  for_me: z.boolean(),
  already_member: z.boolean(),
});
export type InvitationView = z.infer<typeof invitationSchema>;

export async function getInvitation(client: SupabaseClient, token: string): Promise<InvitationView | null> {
  const { data, error } = await client.rpc("invitation_by_token", { p_token: token });
  if (error) failure("Could not read the invitation", error);
  return data ? invitationSchema.parse(data) : null;
}

export interface District {
  id: string;
  name_zh: string;
  name_en: string;
}

export async function listDistricts(client: SupabaseClient): Promise<District[]> {
  const { data, error } = await client.from("districts").select("id, name_zh, name_en").order("sort_order").order("name_zh");
  if (error) failure("Could not read districts", error);
  return data;
}

/** The bureau's list: SMEs by verification status (RLS: the bureau reads every organisation). */
export async function listSmesForBureau(client: SupabaseClient, status: "sme_pending" | "sme_verified" | "sme_rejected") {
  const { data, error } = await client
    .from("organisations")
    .select(
      "id, name_zh, name_en, kind, uscc, address, contact_name, contact_phone, contact_email, created_at, sme_status, sme_evidence, sme_verified_uscc, sme_rejection_reason, sme_decided_at, district:districts(name_zh, name_en)",
    )
    .eq("kind", "sme" satisfies OrganisationKind)
    .eq("sme_status", status)
    .order("created_at", { ascending: status === "sme_pending" })
    .limit(200);
  if (error) failure("Could not read organisations", error);
  return data;
}
