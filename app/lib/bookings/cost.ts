// The estimate shown on the booking form: the rate the database says applies to the caller
// (public.booking_rate: the SME rate for a verified SME, the standard rate otherwise) times the
// hours, rounded to the fen as request_booking rounds it (numeric round(), half away from zero).
// tests/integration/booking/rules-parity.test.ts compares the two.

export interface CostEstimate {
  rateCny: number;
  hours: number;
  costCny: number;
}

/** null when the range is invalid (unparseable, or the end not after the start). */
export function estimateBookingCost(input: { rateCny: number; startsAt: Date | string; endsAt: Date | string }): CostEstimate | null {
  const start = new Date(input.startsAt).getTime();
  const end = new Date(input.endsAt).getTime();
  if (Number.isNaN(start) || Number.isNaN(end) || end <= start) return null;
  const hours = (end - start) / 3_600_000;
  const costCny = Math.round((input.rateCny * hours + Number.EPSILON) * 100) / 100;
  return { rateCny: input.rateCny, hours, costCny };
}
