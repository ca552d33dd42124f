// Calls of the booking functions through supabase-js (the real PostgREST path) for the booking tests.
import type { SupabaseClient } from "@supabase/supabase-js";
import { expect } from "vitest";
import type { ServiceMode } from "../../support/fixtures.ts";

export interface Booking {
  id: string;
  instrument_id: string;
  requester_id: string;
  organisation_id: string;
  during: string;
  status: "pending" | "confirmed" | "rejected" | "cancelled" | "completed" | "no_show";
  service_mode: ServiceMode;
  purpose: string;
  sample_description: string;
  contact_phone: string | null;
  rate_cny: number;
  estimated_cost_cny: number;
  actual_minutes: number | null;
  decided_by: string | null;
  decision_reason: string | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
}

export interface RpcResult<T> {
  data: T | null;
  /** The stable code (PostgREST's `message`) or null. */
  code: string | null;
  /** The Postgres error code (P0001 for booking codes). */
  pgCode: string | null;
  status: number;
}

async function call<T>(client: SupabaseClient, fn: string, args: Record<string, unknown>): Promise<RpcResult<T>> {
  const { data, error, status } = await client.rpc(fn, args);
  return { data: (data as T | null) ?? null, code: error?.message ?? null, pgCode: error?.code ?? null, status };
}

export interface BookingRequest {
  start: Date;
  end: Date;
  purpose?: string;
  serviceMode?: ServiceMode;
  sampleDescription?: string;
  contactPhone?: string | null;
  organisationId?: string | null;
}

export function requestBooking(client: SupabaseClient, instrumentId: string, r: BookingRequest): Promise<RpcResult<Booking>> {
  const args: Record<string, unknown> = {
    p_instrument_id: instrumentId,
    p_starts_at: r.start.toISOString(),
    p_ends_at: r.end.toISOString(),
    p_purpose: r.purpose ?? "XRD phase analysis of cathode powder",
    p_service_mode: r.serviceMode ?? "sample_submission",
  };
  if (r.sampleDescription !== undefined) args.p_sample_description = r.sampleDescription;
  if (r.contactPhone !== undefined) args.p_contact_phone = r.contactPhone;
  if (r.organisationId !== undefined) args.p_organisation_id = r.organisationId;
  return call<Booking>(client, "request_booking", args);
}

export function decideBooking(client: SupabaseClient, bookingId: string, approve: boolean, reason?: string | null): Promise<RpcResult<Booking>> {
  return call<Booking>(client, "decide_booking", { p_booking_id: bookingId, p_approve: approve, ...(reason !== undefined ? { p_reason: reason } : {}) });
}

export function cancelBooking(client: SupabaseClient, bookingId: string, reason?: string | null): Promise<RpcResult<Booking>> {
  return call<Booking>(client, "cancel_booking", { p_booking_id: bookingId, ...(reason !== undefined ? { p_reason: reason } : {}) });
}

export function completeBooking(
  client: SupabaseClient,
  bookingId: string,
  actualMinutes: number | null,
  noShow = false,
): Promise<RpcResult<Booking>> {
  return call<Booking>(client, "complete_booking", { p_booking_id: bookingId, p_actual_minutes: actualMinutes, p_no_show: noShow });
}

export interface BusyInterval {
  starts_at: string;
  ends_at: string;
  kind: "booking" | "closure" | "maintenance";
  mine: boolean;
}

export function instrumentBusy(client: SupabaseClient, instrumentId: string, from: Date, to: Date): Promise<RpcResult<BusyInterval[]>> {
  return call<BusyInterval[]>(client, "instrument_busy", { p_instrument_id: instrumentId, p_from: from.toISOString(), p_to: to.toISOString() });
}

export function freeSlots(client: SupabaseClient, instrumentId: string, from: Date, to: Date, minutes: number): Promise<RpcResult<{ starts_at: string; ends_at: string }[]>> {
  return call(client, "free_slots", { p_instrument_id: instrumentId, p_from: from.toISOString(), p_to: to.toISOString(), p_minutes: minutes });
}

/** Asserts success and returns the data. */
export function ok<T>(result: RpcResult<T>): T {
  expect(result.code, `unexpected error ${result.code}`).toBeNull();
  expect(result.data).not.toBeNull();
  return result.data as T;
}

/** Asserts a stable booking error code (P0001, HTTP 400). */
export function refused(result: RpcResult<unknown>, code: string): void {
  expect(result.code).toBe(code);
  expect(result.pgCode).toBe("P0001");
  expect(result.status).toBe(400);
  expect(result.data).toBeNull();
}

/** Epoch milliseconds of a timestamptz as PostgREST returns it ("2027-01-04T02:00:00+00:00" or, inside ranges, "2027-01-04 02:00:00+00"). */
export function ms(value: string): number {
  const iso = value.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00");
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) throw new Error(`not a timestamp: ${value}`);
  return t;
}

/** [lower, upper) of a tstzrange literal as PostgREST returns it. */
export function bounds(during: string): [number, number] {
  const m = /^\["?([^",]+)"?,"?([^",)]+)"?\)$/.exec(during);
  if (!m) throw new Error(`not a [) range: ${during}`);
  return [ms(m[1]), ms(m[2])];
}
