// To the requester, when their booking request is recorded (template booking_requested).
import { BookingEmail, bookingSubject, previewBooking, type BookingEmailProps } from "./components/booking-email";

export type BookingRequestedEmailProps = BookingEmailProps;

export function subject(props: BookingRequestedEmailProps): string {
  return bookingSubject("bookingRequested", props.locale, props.booking);
}

export default function BookingRequestedEmail(props: BookingRequestedEmailProps) {
  return <BookingEmail prefix="bookingRequested" {...props} />;
}

BookingRequestedEmail.PreviewProps = {
  locale: "zh-CN",
  recipientName: "王工",
  booking: { ...previewBooking, reason: undefined },
  bookingUrl: "http://localhost:3000/bookings/5f0c2a1e-8b7d-4e3f-9a61-2c4d8e0b7a35",
} satisfies BookingRequestedEmailProps;
