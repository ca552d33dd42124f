// To the requester, when the lab declines the request, with the lab's reason (booking_rejected).
import { BookingEmail, bookingSubject, previewBooking, type BookingEmailProps } from "./components/booking-email";

export type BookingRejectedEmailProps = BookingEmailProps;

export function subject(props: BookingRejectedEmailProps): string {
  return bookingSubject("bookingRejected", props.locale, props.booking);
}

export default function BookingRejectedEmail(props: BookingRejectedEmailProps) {
  return <BookingEmail prefix="bookingRejected" {...props} showReason />;
}

BookingRejectedEmail.PreviewProps = {
  locale: "zh-CN",
  recipientName: "王工",
  booking: previewBooking,
  bookingUrl: "http://localhost:3000/bookings/5f0c2a1e-8b7d-4e3f-9a61-2c4d8e0b7a35",
} satisfies BookingRejectedEmailProps;
