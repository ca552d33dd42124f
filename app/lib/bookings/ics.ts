// A booking as an iCalendar (.ics) file: attached to every booking e-mail and served by the
// booking's download route. Plain module (no I/O, no env), shared by both.
//
// One booking is one calendar event whose UID never changes (`<booking-id>@<app host>`), so a
// calendar updates the entry it already has; SEQUENCE grows with the booking's events, so newer
// messages win (the e-mails' SEQUENCE counts the booking's events up to the one announced, so
// request 1, confirmation 2, cancellation 3…). A pending request is METHOD:REQUEST with
// STATUS:TENTATIVE (a provisional hold, shown as tentative); a confirmed booking is METHOD:REQUEST
// with STATUS:CONFIRMED, which turns that same entry into a firm one; cancellations and rejections
// are METHOD:CANCEL with STATUS:CANCELLED, which removes it. Times are written in UTC.
import { createEvent, createEvents, type EventAttributes } from "ics";
import { emailT, type EmailLocale } from "../../../emails/i18n";
import type { BookingStatus } from "~/lib/platform/enums";

export type BookingIcsStatus = BookingStatus;
export type BookingIcsMethod = "REQUEST" | "CANCEL" | "PUBLISH";

/**
 * The event's title and notes: a pending booking is only a provisional hold, and says so where
 * the calendar shows it. Used by the e-mail attachments and the download alike.
 */
export function bookingIcsText(
  status: BookingIcsStatus,
  locale: EmailLocale,
  title: string,
  details: string[],
): { title: string; description: string } {
  const t = emailT(locale);
  const pending = status === "pending";
  const ended = status === "cancelled" || status === "rejected";
  return {
    title: pending
      ? t("booking.ics.tentativeTitle", { title })
      : ended
        ? t("booking.ics.cancelledTitle", { title })
        : title,
    description: [pending ? t("booking.ics.tentativeNote") : "", ...details].filter(Boolean).join("\n\n"),
  };
}

export interface BookingIcsInput {
  bookingId: string;
  /** The app's public URL; its host names the UID. */
  appUrl: string;
  status: BookingIcsStatus;
  /** Defaults from the status: CANCEL for cancelled and rejected bookings, otherwise REQUEST. */
  method?: BookingIcsMethod;
  /** Grows with each change of the booking (the number of its booking events). */
  sequence: number;
  startsAt: Date | string;
  endsAt: Date | string;
  title: string;
  description?: string;
  /** The lab's address. */
  location?: string;
  /** A link to the booking. */
  url?: string;
  /** The lab, as organiser of the event. */
  organizer?: { name?: string; email: string };
  /** The requester. */
  attendee?: { name?: string; email: string };
  /** DTSTAMP; pass a fixed instant so that the same message always renders the same file. */
  stamp?: Date | string;
}

export function bookingIcsUid(bookingId: string, appUrl: string): string {
  return `${bookingId}@${new URL(appUrl).hostname}`;
}

export function bookingIcsMethod(status: BookingIcsStatus): Exclude<BookingIcsMethod, "PUBLISH"> {
  return status === "cancelled" || status === "rejected" ? "CANCEL" : "REQUEST";
}

export function bookingIcsFilename(bookingId: string): string {
  return `booking-${bookingId.slice(0, 8)}.ics`;
}

export function bookingIcsContentType(method: BookingIcsMethod): string {
  return `text/calendar; charset=utf-8; method=${method}`;
}

function eventStatus(status: BookingIcsStatus, method: BookingIcsMethod): NonNullable<EventAttributes["status"]> {
  if (method === "CANCEL" || status === "cancelled" || status === "rejected") return "CANCELLED";
  return status === "pending" ? "TENTATIVE" : "CONFIRMED";
}

/**
 * Text for a TEXT property (SUMMARY, DESCRIPTION, LOCATION): line breaks of any kind become "\n"
 * (the library then escapes them, with "\\", ";" and ","); every other control character is
 * dropped, so a lone CR or a NUL typed into a purpose can never end a line of the file (RFC 5545
 * §3.3.11, §3.1).
 */
export function icsText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
}

/**
 * Text for a parameter value (CN of the organiser or attendee): quoted by the library, and a
 * quoted parameter value may hold neither control characters nor DQUOTE (RFC 5545 §3.1), so both
 * are dropped rather than escaped with a backslash, which calendars show literally.
 */
export function icsParam(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f"]/g, "").trim();
}

function toMillis(value: Date | string, name: string): number {
  const ms = new Date(value).getTime();
  if (Number.isNaN(ms)) throw new Error(`booking-ics: ${name} is not a valid date`);
  return ms;
}

/** One booking as the `ics` library's event, or throws if the input cannot make a valid event. */
function bookingEvent(input: BookingIcsInput): EventAttributes {
  const method = input.method ?? bookingIcsMethod(input.status);
  const start = toMillis(input.startsAt, "startsAt");
  const end = toMillis(input.endsAt, "endsAt");
  if (end <= start) throw new Error("booking-ics: the booking must end after it starts");
  const status = eventStatus(input.status, method);
  const attributes: EventAttributes & { timestamp?: number } = {
    productId: "-//Changzhou Instrument Sharing//Bookings//ZH",
    method,
    uid: bookingIcsUid(input.bookingId, input.appUrl),
    sequence: Math.max(0, Math.trunc(input.sequence)),
    start,
    startInputType: "utc",
    startOutputType: "utc",
    end,
    endInputType: "utc",
    endOutputType: "utc",
    title: icsText(input.title),
    status,
    busyStatus: status === "CANCELLED" ? "FREE" : status === "TENTATIVE" ? "TENTATIVE" : "BUSY",
    ...(input.description ? { description: icsText(input.description) } : {}),
    ...(input.location ? { location: icsText(input.location) } : {}),
    ...(input.url ? { url: input.url } : {}),
    ...(input.organizer
      ? { organizer: { name: input.organizer.name ? icsParam(input.organizer.name) || undefined : undefined, email: input.organizer.email } }
      : {}),
    ...(input.attendee
      ? {
          attendees: [
            {
              name: input.attendee.name ? icsParam(input.attendee.name) || undefined : undefined,
              email: input.attendee.email,
              rsvp: false,
              role: "REQ-PARTICIPANT",
              partstat: method === "CANCEL" ? "DECLINED" : status === "TENTATIVE" ? "TENTATIVE" : "ACCEPTED",
            },
          ],
        }
      : {}),
    ...(input.stamp ? { timestamp: toMillis(input.stamp, "stamp") } : {}),
  };
  return attributes;
}

/** The .ics text (CRLF line endings), or throws if the input cannot make a valid event. */
export function buildBookingIcs(input: BookingIcsInput): string {
  const { error, value } = createEvent(bookingEvent(input));
  if (error || !value) throw new Error(`booking-ics: ${error?.message ?? "could not build the event"}`);
  return value;
}

/** The booking's page, for the requester and the lab's staff alike (RLS decides what each sees). */
export function bookingUrl(bookingId: string, appUrl: string): string {
  return `${appUrl}/bookings/${bookingId}`;
}

/** What a booking's calendar entry shows, in the reader's language. */
export interface BookingCalendarEntry {
  bookingId: string;
  status: BookingIcsStatus;
  /** The number of the booking's events up to the state announced. */
  sequence: number;
  startsAt: Date | string;
  endsAt: Date | string;
  instrumentName: string;
  labName: string;
  labAddress?: string;
  purpose: string;
}

/**
 * The one builder of a booking's .ics, for the e-mail attachments and the download alike: the
 * title "instrument · lab" (marked while pending or once cancelled), the purpose and the
 * booking's link as notes, the lab's address as location.
 */
export function bookingCalendarIcs(
  entry: BookingCalendarEntry,
  options: {
    locale: EmailLocale;
    appUrl: string;
    method?: BookingIcsMethod;
    organizer?: BookingIcsInput["organizer"];
    attendee?: BookingIcsInput["attendee"];
    stamp?: Date | string;
  },
): string {
  const url = bookingUrl(entry.bookingId, options.appUrl);
  const title = [entry.instrumentName, entry.labName].filter(Boolean).join(" · ");
  return buildBookingIcs({
    bookingId: entry.bookingId,
    appUrl: options.appUrl,
    status: entry.status,
    method: options.method,
    sequence: entry.sequence,
    startsAt: entry.startsAt,
    endsAt: entry.endsAt,
    ...bookingIcsText(entry.status, options.locale, title, [entry.purpose, url]),
    location: entry.labAddress || undefined,
    url,
    organizer: options.organizer,
    attendee: options.attendee,
    stamp: options.stamp,
  });
}

/**
 * A calendar subscription (METHOD:PUBLISH) of many bookings, each the same event (same UID and
 * SEQUENCE) as its e-mails and download carry, so a calendar that has both shows one entry.
 * `calName` is the subscription's name (X-WR-CALNAME).
 */
export function bookingsFeedIcs(
  entries: BookingCalendarEntry[],
  options: { locale: EmailLocale; appUrl: string; calName: string; stamp?: Date | string },
): string {
  const events = entries.map((entry) => {
    const url = bookingUrl(entry.bookingId, options.appUrl);
    const title = [entry.instrumentName, entry.labName].filter(Boolean).join(" · ");
    return bookingEvent({
      bookingId: entry.bookingId,
      appUrl: options.appUrl,
      status: entry.status,
      method: "PUBLISH",
      sequence: entry.sequence,
      startsAt: entry.startsAt,
      endsAt: entry.endsAt,
      ...bookingIcsText(entry.status, options.locale, title, [entry.purpose, url]),
      location: entry.labAddress || undefined,
      url,
      stamp: options.stamp,
    });
  });
  const header = { productId: "-//Changzhou Instrument Sharing//Lab feed//ZH", method: "PUBLISH", calName: icsText(options.calName) };
  const { error, value } = createEvents(events, header);
  if (error || !value) throw new Error(`booking-ics: ${error?.message ?? "could not build the feed"}`);
  return value;
}
