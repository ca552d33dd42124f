// The daily digest of new booking requests for lab staff who chose it (ADR 021): from
// public.lab_request_digest_context (what the database has at send time) to a ready e-mail in the
// recipient's language. No I/O; the worker (outbox.server.ts) loads the context and sends.
import { z } from "zod";
import type { EmailLocale } from "../../../emails/i18n";
import { renderLabRequestDigest } from "../../../emails/lab-request-digest";
import { bookingUrl } from "~/lib/bookings/ics";
import { formatDate, formatFullRange, localName } from "~/lib/i18n/format";
import { BOOKING_STATUSES } from "~/lib/platform/enums";

export const DIGEST_TEMPLATE = "lab_request_digest";

/** The JSON public.lab_request_digest_context() returns (20261207000000_lab_staff_authorisations_feeds.sql). */
export const digestContextSchema = z.object({
  day: z.string(),
  recipient: z.object({ display_name: z.string().nullish() }).nullish(),
  labs: z.array(
    z.object({
      id: z.string(),
      name_zh: z.string(),
      name_en: z.string(),
      new_count: z.coerce.number(),
      pending_count: z.coerce.number(),
      requests: z.array(
        z.object({
          id: z.string(),
          status: z.enum(BOOKING_STATUSES),
          starts_at: z.string(),
          ends_at: z.string(),
          instrument_name_zh: z.string(),
          instrument_name_en: z.string(),
          organisation_name_zh: z.string(),
          organisation_name_en: z.string().nullish(),
        }),
      ),
    }),
  ),
});
export type DigestContext = z.infer<typeof digestContextSchema>;

/** The digest's outbox payload: its day (a Shanghai date). */
export const digestPayloadSchema = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

export async function composeDigestEmail(context: DigestContext, options: { locale: EmailLocale; appUrl: string }) {
  const { locale, appUrl } = options;
  return renderLabRequestDigest({
    locale,
    recipientName: context.recipient?.display_name || undefined,
    day: formatDate(`${context.day}T12:00:00+08:00`, locale),
    workspaceUrl: `${appUrl}/lab`,
    labs: context.labs.map((lab) => ({
      name: localName(lab, locale),
      newCount: lab.new_count,
      pendingCount: lab.pending_count,
      requests: lab.requests.map((request) => ({
        id: request.id,
        when: formatFullRange(request.starts_at, request.ends_at, locale),
        instrument: localName({ name_zh: request.instrument_name_zh, name_en: request.instrument_name_en }, locale),
        organisation: localName({ name_zh: request.organisation_name_zh, name_en: request.organisation_name_en ?? null }, locale),
        status: request.status,
        url: bookingUrl(request.id, appUrl),
      })),
    })),
  });
}
