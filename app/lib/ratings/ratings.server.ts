// Satisfaction ratings (issue 11, part 7): the requester's rating of a booking, what the booking page
// may offer, an instrument's public average, a lab's ratings. Everything with the user's client:
// rate_booking and RLS on booking_ratings decide.
import { mapRatingError, type MappedRatingError } from "~/lib/ratings/errors";
import type { RatingInput } from "~/lib/ratings/schemas";
import type { SupabaseClient } from "~/lib/platform/supabase.server";
import { failure } from "~/lib/platform/upstream";

export async function rateBooking(
  client: SupabaseClient,
  bookingId: string,
  input: RatingInput,
): Promise<{ ok: true } | { ok: false; error: MappedRatingError }> {
  const { error } = await client.rpc("rate_booking", {
    p_booking_id: bookingId,
    p_rating: input.rating,
    ...(input.comment ? { p_comment: input.comment } : {}),
  });
  if (!error) return { ok: true };
  const mapped = mapRatingError(error);
  if (mapped.status >= 500) console.error("rate_booking:", error);
  return { ok: false, error: mapped };
}

export interface BookingRatingState {
  /** The rating given, if any (the requester's, or as lab staff and bureau see it). */
  rating: { rating: number; comment: string | null; created_at: string } | null;
  canRate: boolean;
  /** Why not, as the database says (a RATING_* code), when a rating is not possible. */
  refusal: string | null;
  rateUntil: string | null;
}

export async function getBookingRatingState(client: SupabaseClient, bookingId: string): Promise<BookingRatingState> {
  const [row, status] = await Promise.all([
    client.from("booking_ratings").select("rating, comment, created_at").eq("booking_id", bookingId).maybeSingle(),
    client.rpc("booking_rating_status", { p_booking_id: bookingId }),
  ]);
  if (row.error) failure("Could not read the booking's rating", row.error);
  if (status.error) failure("Could not read whether the booking can be rated", status.error);
  const s = status.data?.[0];
  return { rating: row.data, canRate: s?.can_rate === true, refusal: s?.error ?? null, rateUntil: s?.rate_until ?? null };
}

/** The instrument's average satisfaction (null below 5 ratings) and its number of ratings. */
export async function getInstrumentRating(client: SupabaseClient, instrumentId: string): Promise<{ average: number | null; ratings: number }> {
  const { data, error } = await client.rpc("instrument_rating", { p_instrument_id: instrumentId });
  if (error) failure("Could not read the instrument's rating", error);
  const row = data?.[0];
  return { average: row?.average == null ? null : Number(row.average), ratings: row?.ratings ?? 0 };
}

export interface LabRatingRow {
  bookingId: string;
  instrumentId: string;
  instrumentName: { name_zh: string; name_en: string };
  rating: number;
  comment: string | null;
  createdAt: string;
}

export interface LabRatings {
  rows: LabRatingRow[];
  byInstrument: { instrumentId: string; instrumentName: { name_zh: string; name_en: string }; average: number; ratings: number }[];
}

/** The lab's ratings, newest first (up to `limit`), and per-instrument averages over all of them. */
export async function getLabRatings(client: SupabaseClient, labId: string, limit = 200): Promise<LabRatings> {
  const instruments = await client.from("instruments").select("id, name_zh, name_en").eq("lab_id", labId).order("name_zh");
  if (instruments.error) failure("Could not read the lab's instruments", instruments.error);
  const names = new Map(instruments.data.map((i) => [i.id, { name_zh: i.name_zh, name_en: i.name_en }]));
  if (names.size === 0) return { rows: [], byInstrument: [] };
  const ratings = await client
    .from("booking_ratings")
    .select("booking_id, instrument_id, rating, comment, created_at")
    .in("instrument_id", [...names.keys()])
    .order("created_at", { ascending: false })
    .limit(5000);
  if (ratings.error) failure("Could not read the lab's ratings", ratings.error);
  const sums = new Map<string, { total: number; n: number }>();
  for (const r of ratings.data) {
    const s = sums.get(r.instrument_id) ?? { total: 0, n: 0 };
    s.total += r.rating;
    s.n += 1;
    sums.set(r.instrument_id, s);
  }
  return {
    rows: ratings.data.slice(0, limit).map((r) => ({
      bookingId: r.booking_id,
      instrumentId: r.instrument_id,
      instrumentName: names.get(r.instrument_id) ?? { name_zh: "", name_en: "" },
      rating: r.rating,
      comment: r.comment,
      createdAt: r.created_at,
    })),
    byInstrument: [...sums.entries()].map(([instrumentId, s]) => ({
      instrumentId,
      instrumentName: names.get(instrumentId) ?? { name_zh: "", name_en: "" },
      average: Math.round((s.total / s.n) * 100) / 100,
      ratings: s.n,
    })),
  };
}
