// To the requester, about 24 hours before a confirmed booking starts (booking_reminder).
import { BookingEmail, bookingSubject, previewBooking, type BookingEmailProps } from "./components/booking-email";

export type BookingReminderEmailProps = BookingEmailProps;

export function subject(props: BookingReminderEmailProps): string {
  return bookingSubject("bookingReminder", props.locale, props.booking);
}

export default function BookingReminderEmail(props: BookingReminderEmailProps) {
  return <BookingEmail prefix="bookingReminder" {...props} />;
}

BookingReminderEmail.PreviewProps = {
  locale: "zh-CN",
  recipientName: "王工",
  booking: { ...previewBooking, reason: undefined },
  bookingUrl: "http://localhost:3000/bookings/5f0c2a1e-8b7d-4e3f-9a61-2c4d8e0b7a35",
} satisfies BookingReminderEmailProps;
