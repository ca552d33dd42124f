// The estimate shown on the booking form. The database computes the real price in
// request_booking (SME rate for SME organisations, the standard rate otherwise, times the hours,
// rounded to the fen); this mirrors that rule so the form can show it before submitting.
import type { OrganisationKind } from "~/lib/platform/enums";


export interface CostInput {
  hourlyRateCny: number;
  smeRateCny: number;
  /** The organisation the booking is made for; unknown → the standard rate. */
  organisationKind: OrganisationKind | null | undefined;
  startsAt: Date | string;
  endsAt: Date | string;
}

export interface CostEstimate {
  rateCny: number;
  hours: number;
  costCny: number;
  smeRate: boolean;
}

export function rateFor(kind: OrganisationKind | null | undefined, hourlyRateCny: number, smeRateCny: number): number {
  return kind === "sme" ? smeRateCny : hourlyRateCny;
}

/** null when the range is invalid (unparseable, or the end not after the start). */
export function estimateBookingCost(input: CostInput): CostEstimate | null {
  const start = new Date(input.startsAt).getTime();
  const end = new Date(input.endsAt).getTime();
  if (Number.isNaN(start) || Number.isNaN(end) || end <= start) return null;
  const rateCny = rateFor(input.organisationKind, input.hourlyRateCny, input.smeRateCny);
  const hours = (end - start) / 3_600_000;
  // Round half away from zero to two decimals, like numeric round() in Postgres.
  const costCny = Math.round((rateCny * hours + Number.EPSILON) * 100) / 100;
  return { rateCny, hours, costCny, smeRate: input.organisationKind === "sme" };
}

