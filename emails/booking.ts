// Picks and renders the booking e-mail for an outbox template, in HTML and plain text.
import { render } from "@react-email/render";
import { createElement } from "react";
import BookingCancelledEmail, { subject as cancelledSubject } from "./booking-cancelled";
import BookingCancelledLabEmail, { subject as cancelledLabSubject } from "./booking-cancelled-lab";
import BookingConfirmedEmail, { subject as confirmedSubject } from "./booking-confirmed";
import BookingRatingRequestEmail, { subject as ratingRequestSubject } from "./booking-rating-request";
import BookingRejectedEmail, { subject as rejectedSubject } from "./booking-rejected";
import BookingReminderEmail, { subject as reminderSubject } from "./booking-reminder";
import BookingRequestedEmail, { subject as requestedSubject } from "./booking-requested";
import BookingRequestedLabEmail, { subject as requestedLabSubject } from "./booking-requested-lab";
import type { BookingEmailProps } from "./components/booking-email";

export type { BookingEmailProps, BookingSummary } from "./components/booking-email";

/** The outbox templates of booking e-mails (email_outbox.template). */
export const BOOKING_EMAIL_TEMPLATES = [
  "booking_requested",
  "booking_requested_lab",
  "booking_confirmed",
  "booking_rejected",
  "booking_cancelled",
  "booking_cancelled_lab",
  "booking_reminder",
  "booking_rating_request",
] as const;
export type BookingEmailTemplate = (typeof BOOKING_EMAIL_TEMPLATES)[number];

export function isBookingEmailTemplate(value: string): value is BookingEmailTemplate {
  return (BOOKING_EMAIL_TEMPLATES as readonly string[]).includes(value);
}

const templates = {
  booking_requested: { component: BookingRequestedEmail, subject: requestedSubject },
  booking_requested_lab: { component: BookingRequestedLabEmail, subject: requestedLabSubject },
  booking_confirmed: { component: BookingConfirmedEmail, subject: confirmedSubject },
  booking_rejected: { component: BookingRejectedEmail, subject: rejectedSubject },
  booking_cancelled: { component: BookingCancelledEmail, subject: cancelledSubject },
  booking_cancelled_lab: { component: BookingCancelledLabEmail, subject: cancelledLabSubject },
  booking_reminder: { component: BookingReminderEmail, subject: reminderSubject },
  booking_rating_request: { component: BookingRatingRequestEmail, subject: ratingRequestSubject },
} satisfies Record<BookingEmailTemplate, unknown>;

export async function renderBookingEmail(
  template: BookingEmailTemplate,
  props: BookingEmailProps,
): Promise<{ subject: string; html: string; text: string }> {
  const { component, subject } = templates[template];
  const element = createElement(component, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: subject(props), html, text };
}
