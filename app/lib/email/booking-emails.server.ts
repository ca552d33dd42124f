// From the booking as the database has it now (public.booking_email_context) to a ready-to-send
// booking e-mail: subject, HTML, text and the .ics attachment, in the recipient's language.
// No I/O and no env (server-only because it renders React e-mails): the worker
// (outbox.server.ts) loads the context and sends; unit tests call it directly.
import { z } from "zod";
import {
  renderBookingEmail,
  type BookingEmailTemplate,
  type BookingSummary,
} from "../../../emails/booking";
import type { EmailLocale } from "../../../emails/i18n";
import {
  bookingCalendarIcs,
  bookingIcsContentType,
  bookingIcsFilename,
  bookingIcsMethod,
  bookingUrl,
  type BookingIcsStatus,
} from "~/lib/bookings/ics";
import { formatDateTime, formatFullRange, formatPrice, formatShortStart } from "~/lib/i18n/format";
import { BOOKING_STATUSES, SERVICE_MODES } from "~/lib/platform/enums";

const bookingStatus = z.enum(BOOKING_STATUSES);
const text = z.string().nullish().transform((value) => value ?? "");

/** The JSON public.booking_email_context() returns (see 20261127040000_outbox_worker.sql). */
export const bookingEmailContextSchema = z.object({
  booking: z.object({
    id: z.string().uuid(),
    status: bookingStatus,
    starts_at: z.string(),
    ends_at: z.string(),
    service_mode: z.enum(SERVICE_MODES),
    purpose: text,
    rate_cny: z.coerce.number(),
    estimated_cost_cny: z.coerce.number(),
    decision_reason: z.string().nullish(),
    cancel_reason: z.string().nullish(),
    cancelled_by_requester: z.boolean().nullish(),
  }),
  instrument: z.object({ name_zh: z.string(), name_en: z.string(), model: text }),
  lab: z.object({
    name_zh: z.string(),
    name_en: z.string(),
    address_zh: z.string(),
    address_en: text,
    contact_phone: z.string().nullish(),
    contact_email: z.string().nullish(),
  }),
  organisation: z.object({ name_zh: z.string(), name_en: z.string().nullish() }),
  requester: z.object({ display_name: text, email: z.string().nullish() }),
  recipient: z.object({ display_name: text }).nullish(),
  event: z.object({ to_status: bookingStatus, note: z.string().nullish(), created_at: z.string() }).nullish(),
  sequence: z.coerce.number().int().min(0),
});
export type BookingEmailContext = z.infer<typeof bookingEmailContextSchema>;

export interface ComposeBookingEmailOptions {
  locale: EmailLocale;
  /** The app's public URL, without a trailing slash. */
  appUrl: string;
  /** The .ics organiser when the lab has no e-mail address (the sender's address). */
  fallbackOrganizerEmail: string;
  /** DTSTAMP of the .ics: the outbox row's creation, so that a retried send is byte-identical. */
  stamp?: Date | string;
  /** For the rating invitation: until when a rating is taken (the outbox row's payload). */
  rateUntil?: string;
}

export interface ComposedEmail {
  subject: string;
  html: string;
  text: string;
  attachments: { filename: string; content: Buffer; contentType: string }[];
}

/** The booking status a template announces (which may be older than the booking's current one). */
function announcedStatus(template: BookingEmailTemplate, context: BookingEmailContext): BookingIcsStatus {
  switch (template) {
    case "booking_requested":
      return "pending";
    case "booking_requested_lab":
      return context.event?.to_status === "confirmed" ? "confirmed" : "pending";
    case "booking_confirmed":
    case "booking_reminder":
      return "confirmed";
    case "booking_rejected":
      return "rejected";
    case "booking_cancelled":
    case "booking_cancelled_lab":
      return "cancelled";
    default:
      return context.booking.status;
  }
}

function reasonFor(template: BookingEmailTemplate, context: BookingEmailContext): string | undefined {
  const { booking, event } = context;
  const reason =
    template === "booking_rejected"
      ? (booking.decision_reason ?? event?.note)
      : template === "booking_cancelled" || template === "booking_cancelled_lab"
        ? (booking.cancel_reason ?? event?.note)
        : undefined;
  return reason?.trim() || undefined;
}

export function bookingSummary(
  template: BookingEmailTemplate,
  context: BookingEmailContext,
  locale: EmailLocale,
): BookingSummary {
  const en = locale === "en";
  const { booking, instrument, lab, organisation, requester } = context;
  return {
    id: booking.id,
    time: formatFullRange(booking.starts_at, booking.ends_at, locale),
    shortStart: formatShortStart(booking.starts_at, locale),
    instrumentName: en ? instrument.name_en : instrument.name_zh,
    instrumentModel: instrument.model || undefined,
    labName: en ? lab.name_en : lab.name_zh,
    labAddress: (en && lab.address_en) || lab.address_zh,
    labPhone: lab.contact_phone ?? undefined,
    labEmail: lab.contact_email ?? undefined,
    requesterName: requester.display_name,
    organisationName: (en && organisation.name_en) || organisation.name_zh,
    serviceMode: booking.service_mode,
    purpose: booking.purpose,
    rate: formatPrice(booking.rate_cny, locale),
    cost: formatPrice(booking.estimated_cost_cny, locale),
    reason: reasonFor(template, context),
    cancelledByRequester: booking.cancelled_by_requester ?? false,
    // Confirmed at once (no approval): the booking's first event is its confirmation.
    autoConfirmed:
      (template === "booking_requested_lab" && context.event?.to_status === "confirmed") ||
      (template === "booking_confirmed" && context.sequence === 1),
  };
}

export async function composeBookingEmail(
  template: BookingEmailTemplate,
  context: BookingEmailContext,
  options: ComposeBookingEmailOptions,
): Promise<ComposedEmail> {
  const { locale, appUrl } = options;
  const summary = bookingSummary(template, context, locale);
  if (template === "booking_rating_request") {
    // The booking is over: no calendar file, a link to the rating form on the booking's page.
    const rendered = await renderBookingEmail(template, {
      locale,
      recipientName: context.recipient?.display_name || undefined,
      booking: { ...summary, rateUntil: options.rateUntil ? formatDateTime(options.rateUntil, locale, { dateStyle: "long", timeStyle: "short" }) : undefined },
      bookingUrl: `${bookingUrl(summary.id, appUrl)}#rate`,
    });
    return { ...rendered, attachments: [] };
  }
  const url = bookingUrl(summary.id, appUrl);
  const rendered = await renderBookingEmail(template, {
    locale,
    recipientName: context.recipient?.display_name || undefined,
    booking: summary,
    bookingUrl: url,
  });
  const status = announcedStatus(template, context);
  const method = bookingIcsMethod(status);
  const ics = bookingCalendarIcs(
    {
      bookingId: summary.id,
      status,
      sequence: context.sequence,
      startsAt: context.booking.starts_at,
      endsAt: context.booking.ends_at,
      instrumentName: summary.instrumentName,
      labName: summary.labName,
      labAddress: summary.labAddress,
      purpose: summary.purpose,
    },
    {
      locale,
      appUrl,
      method,
      organizer: { name: summary.labName, email: context.lab.contact_email || options.fallbackOrganizerEmail },
      attendee: context.requester.email
        ? { name: context.requester.display_name || undefined, email: context.requester.email }
        : undefined,
      stamp: options.stamp,
    },
  );
  return {
    ...rendered,
    attachments: [
      { filename: bookingIcsFilename(summary.id), content: Buffer.from(ics, "utf8"), contentType: bookingIcsContentType(method) },
    ],
  };
}
