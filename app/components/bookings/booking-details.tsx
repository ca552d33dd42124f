// A booking's facts (instrument, time, service mode, purpose, sample, phone, rate, cost, reasons,
// lab and its contact) with the .ics download, and its audit trail as a timeline. Shared by the
// requester's booking page and, with the same data, the lab's.
import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { Facts } from "~/components/ui/facts";
import type { BookingDetail } from "~/lib/bookings/bookings.server";
import { formatDateTime, formatPrice, formatRange, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";

type Booking = SerializeFrom<BookingDetail>;

export function BookingDetails({ booking }: { booking: Booking }) {
  const t = useT();
  const locale = useLocale();
  const instrument = booking.instrument;
  const lab = instrument?.lab;
  const contact = lab ? [lab.contact_name, lab.contact_phone, lab.contact_email].filter(Boolean).join(" · ") : "";
  return (
    <section className="panel" aria-label={t("booking.title")}>
      <Facts
        facts={[
          {
            label: t("booking.instrument"),
            value: (
              <>
                {instrument ? <Link to={`/instruments/${instrument.id}`}>{localName(instrument, locale)}</Link> : "—"}
                {instrument?.model ? (
                  <span className="muted"> · {[instrument.manufacturer, instrument.model].filter(Boolean).join(" ")}</span>
                ) : null}
              </>
            ),
          },
          { label: t("booking.time"), value: formatRange(booking.startsAt, booking.endsAt, locale) },
          { label: t("booking.serviceMode"), value: t(`mode.${booking.service_mode}`) },
          { label: t("booking.purpose"), value: <span className="prose">{booking.purpose}</span> },
          booking.sample_description && {
            label: t("booking.sampleDescription"),
            value: <span className="prose">{booking.sample_description}</span>,
          },
          booking.contact_phone && { label: t("booking.contactPhone"), value: booking.contact_phone },
          { label: t("booking.rate"), value: t("price.perHour", { price: formatPrice(Number(booking.rate_cny), locale) }) },
          { label: t("booking.cost"), value: formatPrice(Number(booking.estimated_cost_cny), locale) },
          booking.decision_reason && { label: t("booking.decisionReason"), value: <span className="prose">{booking.decision_reason}</span> },
          booking.cancel_reason && { label: t("booking.cancelReason"), value: <span className="prose">{booking.cancel_reason}</span> },
          lab && {
            label: t("booking.lab"),
            value: (
              <>
                {localName(lab, locale)}
                <br />
                <span className="muted">{(locale === "en" && lab.address_en) || lab.address_zh}</span>
                {lab.contact_phone || lab.contact_email ? (
                  <>
                    <br />
                    <span className="muted">{contact}</span>
                  </>
                ) : null}
              </>
            ),
          },
        ]}
      />
      <p className="actions">
        <a href={`/bookings/${booking.id}/ics`} className="button button--secondary" download>
          {t("booking.ics")}
        </a>
        {instrument ? (
          <Link to={`/instruments/${instrument.id}`} className="button button--ghost">
            {t("booking.viewInstrument")}
          </Link>
        ) : null}
      </p>
    </section>
  );
}

export function BookingTimeline({ events }: { events: Booking["booking_events"] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t("booking.timeline")}</h2>
      <ol className="timeline">
        {events.map((event) => (
          <li key={event.id}>
            <time dateTime={event.created_at}>{formatDateTime(event.created_at, locale)}</time>
            <span>
              {event.from_status
                ? t("booking.event.changed", { from: t(`status.${event.from_status}`), to: t(`status.${event.to_status}`) })
                : t("booking.event.requested", { status: t(`status.${event.to_status}`) })}
            </span>
            {event.note ? <span className="muted"> — {event.note}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
