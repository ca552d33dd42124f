// To each staff member of the lab, when a booking request waits for review, or a booking of an
// instrument that needs no approval was confirmed at once (booking_requested_lab).
import { BookingEmail, bookingSubject, previewBooking, type BookingEmailProps } from "./components/booking-email";

export type BookingRequestedLabEmailProps = BookingEmailProps;

export function subject(props: BookingRequestedLabEmailProps): string {
  const variant = props.booking.autoConfirmed ? "subjectAutoConfirmed" : "subject";
  return bookingSubject("bookingRequestedLab", props.locale, props.booking, variant);
}

export default function BookingRequestedLabEmail(props: BookingRequestedLabEmailProps) {
  const auto = props.booking.autoConfirmed;
  return (
    <BookingEmail
      prefix="bookingRequestedLab"
      {...props}
      headingKey={auto ? "headingAutoConfirmed" : "heading"}
      bodyKey={auto ? "bodyAutoConfirmed" : "body"}
      button={auto ? "view" : "review"}
    />
  );
}

BookingRequestedLabEmail.PreviewProps = {
  locale: "zh-CN",
  recipientName: "李老师",
  booking: { ...previewBooking, reason: undefined },
  bookingUrl: "http://localhost:3000/bookings/5f0c2a1e-8b7d-4e3f-9a61-2c4d8e0b7a35",
} satisfies BookingRequestedLabEmailProps;
