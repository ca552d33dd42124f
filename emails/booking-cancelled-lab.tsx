// To each staff member of the lab, when a booking of their instrument is cancelled (booking_cancelled_lab).
import { BookingEmail, bookingSubject, previewBooking, type BookingEmailProps } from "./components/booking-email";

export type BookingCancelledLabEmailProps = BookingEmailProps;

export function subject(props: BookingCancelledLabEmailProps): string {
  return bookingSubject("bookingCancelledLab", props.locale, props.booking);
}

export default function BookingCancelledLabEmail(props: BookingCancelledLabEmailProps) {
  return (
    <BookingEmail
      prefix="bookingCancelledLab"
      {...props}
      bodyKey={props.booking.cancelledByRequester ? "bodyByRequester" : "bodyByLab"}
      showReason
    />
  );
}

BookingCancelledLabEmail.PreviewProps = {
  locale: "zh-CN",
  recipientName: "李老师",
  booking: { ...previewBooking, cancelledByRequester: true, reason: "样品未能按时制备完成。" },
  bookingUrl: "http://localhost:3000/bookings/5f0c2a1e-8b7d-4e3f-9a61-2c4d8e0b7a35",
} satisfies BookingCancelledLabEmailProps;
