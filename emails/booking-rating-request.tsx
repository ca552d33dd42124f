// To the requester, once the lab has recorded the booking as completed: rate the service (1–5, an
// optional comment) on the booking's page, once, until 30 days after the booking's end
// (booking_rating_request; queued by a trigger on the completion event).
import { Text } from "@react-email/components";
import { BookingEmail, bookingSubject, previewBooking, type BookingEmailProps } from "./components/booking-email";
import { emailT } from "./i18n";
import { styles } from "./theme";

export type BookingRatingRequestEmailProps = BookingEmailProps;

export function subject(props: BookingRatingRequestEmailProps): string {
  return bookingSubject("bookingRatingRequest", props.locale, props.booking);
}

export default function BookingRatingRequestEmail(props: BookingRatingRequestEmailProps) {
  const t = emailT(props.locale);
  return (
    <BookingEmail prefix="bookingRatingRequest" {...props} button="rate">
      {props.booking.rateUntil ? (
        <Text style={styles.small}>{t("bookingRatingRequest.until", { until: props.booking.rateUntil })}</Text>
      ) : null}
    </BookingEmail>
  );
}

BookingRatingRequestEmail.PreviewProps = {
  locale: "zh-CN",
  recipientName: "王工",
  booking: { ...previewBooking, rateUntil: "2026年12月31日 11:00" },
  bookingUrl: "http://localhost:3000/bookings/5f0c2a1e-8b7d-4e3f-9a61-2c4d8e0b7a35#rate",
} satisfies BookingRatingRequestEmailProps;
