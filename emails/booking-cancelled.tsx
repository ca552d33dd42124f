// To the requester, when their booking is cancelled, by themselves or by the lab (booking_cancelled).
import { BookingEmail, bookingSubject, previewBooking, type BookingEmailProps } from "./components/booking-email";

export type BookingCancelledEmailProps = BookingEmailProps;

export function subject(props: BookingCancelledEmailProps): string {
  return bookingSubject("bookingCancelled", props.locale, props.booking);
}

export default function BookingCancelledEmail(props: BookingCancelledEmailProps) {
  return (
    <BookingEmail
      prefix="bookingCancelled"
      {...props}
      bodyKey={props.booking.cancelledByRequester ? "bodyByRequester" : "bodyByLab"}
      showReason={!props.booking.cancelledByRequester}
    />
  );
}

BookingCancelledEmail.PreviewProps = {
  locale: "zh-CN",
  recipientName: "王工",
  booking: { ...previewBooking, cancelledByRequester: false, reason: "设备突发故障，需返厂维修。" },
  bookingUrl: "http://localhost:3000/bookings/5f0c2a1e-8b7d-4e3f-9a61-2c4d8e0b7a35",
} satisfies BookingCancelledEmailProps;
