// Booking rules the booking form applies as the user chooses, before anything is sent. Each one
// restates a rule the database decides (request_booking and its private helpers), so each is one
// small named function, and tests/integration/booking/rules-parity.test.ts compares it with the SQL
// on the boundary cases. The engine still decides when the request is made.

/**
 * Self-operation of an instrument that requires it needs the lab's authorisation, valid until the
 * booking ends (not merely today): `expires_at` null (no expiry) or at or after the end.
 */
export function authorisationCovers(expiresAt: string | null, endsAt: string | Date): boolean {
  return expiresAt === null || Date.parse(expiresAt) >= new Date(endsAt).getTime();
}

/**
 * Whether the form may offer self-operation for a booking ending at `endsAt`, and if not, why:
 * no authorisation, one that has expired, or one that expires before the booking ends.
 */
export type SelfOperation = "allowed" | "missing" | "expired" | "expiresBeforeEnd";

export function selfOperation(
  requiresAuthorisation: boolean,
  authorisation: { expiresAt: string | null } | null,
  endsAt: string | Date | null,
  now: Date = new Date(),
): SelfOperation {
  if (!requiresAuthorisation) return "allowed";
  if (!authorisation) return "missing";
  if (!authorisationCovers(authorisation.expiresAt, now)) return "expired";
  if (endsAt !== null && !authorisationCovers(authorisation.expiresAt, endsAt)) return "expiresBeforeEnd";
  return "allowed";
}
