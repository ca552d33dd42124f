// To the requester, when the lab confirms the booking (or it is confirmed at once) (booking_confirmed).
import { BookingEmail, bookingSubject, previewBooking, type BookingEmailProps } from "./components/booking-email";

export type BookingConfirmedEmailProps = BookingEmailProps;

export function subject(props: BookingConfirmedEmailProps): string {
  return bookingSubject("bookingConfirmed", props.locale, props.booking);
}

export default function BookingConfirmedEmail(props: BookingConfirmedEmailProps) {
  return (
    <BookingEmail prefix="bookingConfirmed" bodyKey={props.booking.autoConfirmed ? "bodyAutoConfirmed" : "body"} {...props} />
  );
}

BookingConfirmedEmail.PreviewProps = {
  locale: "zh-CN",
  recipientName: "王工",
  booking: { ...previewBooking, reason: undefined },
  bookingUrl: "http://localhost:3000/bookings/5f0c2a1e-8b7d-4e3f-9a61-2c4d8e0b7a35",
} satisfies BookingConfirmedEmailProps;
