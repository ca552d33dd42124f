// A staff member's private calendar feed of their lab (/lab/feed/<token>.ics): the lab's pending
// and confirmed bookings, read at request time so every decision shows at the next refresh. The
// token is the credential (a calendar app sends no session), so the service role asks
// public.lab_feed, which compares the token's SHA-256 and checks its owner still staffs the lab.
// Requesters appear only as their organisation.
import { z } from "zod";
import { isEmailLocale, type EmailLocale } from "../../../emails/i18n";
import { bookingsFeedIcs } from "~/lib/bookings/ics";
import { BOOKING_STATUSES } from "~/lib/platform/enums";
import { env } from "~/lib/platform/env.server";
import { getSupabaseAdmin } from "~/lib/platform/supabase-admin.server";
import { failure } from "~/lib/platform/upstream";

/** The URL-safe base64 of 24 random bytes that enable_lab_feed makes. */
export const FEED_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

const feedSchema = z.object({
  lab: z.object({ id: z.string(), name_zh: z.string(), name_en: z.string(), address_zh: z.string(), address_en: z.string() }),
  locale: z.string(),
  bookings: z.array(
    z.object({
      id: z.string(),
      status: z.enum(BOOKING_STATUSES),
      starts_at: z.string(),
      ends_at: z.string(),
      purpose: z.string(),
      instrument_name_zh: z.string(),
      instrument_name_en: z.string(),
      organisation_name_zh: z.string(),
      organisation_name_en: z.string().nullable(),
      sequence: z.number(),
    }),
  ),
});

/** The feed's .ics, or null when the token is unknown, reset or its owner left the lab. */
export async function labFeedIcs(token: string, now = new Date()): Promise<string | null> {
  if (!FEED_TOKEN_PATTERN.test(token)) return null;
  const { data, error } = await getSupabaseAdmin().rpc("lab_feed", { p_token: token });
  if (error) failure("Could not read the calendar feed", error);
  if (!data) return null;
  const feed = feedSchema.parse(data);
  const locale: EmailLocale = isEmailLocale(feed.locale) ? feed.locale : "zh-CN";
  const zh = locale === "zh-CN";
  const labName = zh ? feed.lab.name_zh : feed.lab.name_en || feed.lab.name_zh;
  return bookingsFeedIcs(
    feed.bookings.map((b) => ({
      bookingId: b.id,
      status: b.status,
      sequence: b.sequence,
      startsAt: b.starts_at,
      endsAt: b.ends_at,
      instrumentName: zh ? b.instrument_name_zh : b.instrument_name_en || b.instrument_name_zh,
      // "instrument · organisation": the requester's own name never leaves the database here
      labName: zh ? b.organisation_name_zh : b.organisation_name_en || b.organisation_name_zh,
      labAddress: zh ? feed.lab.address_zh : feed.lab.address_en || feed.lab.address_zh,
      purpose: b.purpose,
    })),
    { locale, appUrl: env.APP_URL, calName: labName, stamp: now },
  );
}
