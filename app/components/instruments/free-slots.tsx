// The instrument's free slots of its minimum length, grouped by Shanghai day, as links to the
// booking form: the keyboard- and script-free way to book (the week calendar is the other).
import { Link } from "@remix-run/react";
import type { Slot } from "~/lib/instruments/instrument.server";
import { formatDay, formatDuration, formatTime, groupByDay } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";

const SLOTS_PER_DAY = 24;

export function FreeSlots({
  instrumentId,
  slots,
  days,
  minMinutes,
  active,
  skipTo,
}: {
  instrumentId: string;
  slots: Slot[];
  days: number;
  minMinutes: number;
  /** An instrument under maintenance or retired takes no bookings. */
  active: boolean;
  /** The id of what follows the list, for the skip link. */
  skipTo: string;
}) {
  const t = useT();
  const locale = useLocale();
  const byDay = groupByDay(slots);
  return (
    <section className="panel" aria-labelledby="free-slots">
      <h2 id="free-slots" tabIndex={-1}>
        {t("instrument.slots", { days })}
      </h2>
      {!active ? (
        <p role="status">{t("instrument.slots.unavailable")}</p>
      ) : byDay.length === 0 ? (
        <p role="status">{t("instrument.slots.none")}</p>
      ) : (
        <>
          <p className="muted">{t("instrument.slots.intro", { length: formatDuration(minMinutes, t) })}</p>
          {/* Keyboard users can pass the long list of slot links. */}
          <a href={`#${skipTo}`} className="skip-inline">
            {t("instrument.slots.skip")}
          </a>
          <ol className="slot-days">
            {byDay.map(({ day, items }) => (
              <li key={day} className="slot-day">
                <h3 id={`day-${day}`}>{formatDay(items[0].startsAt, locale)}</h3>
                <ul className="slot-list" aria-labelledby={`day-${day}`}>
                  {items.slice(0, SLOTS_PER_DAY).map((slot) => {
                    const label = `${formatTime(slot.startsAt, locale)}–${formatTime(slot.endsAt, locale)}`;
                    const query = new URLSearchParams({ start: slot.startsAt, end: slot.endsAt });
                    return (
                      <li key={slot.startsAt}>
                        <Link
                          className="slot"
                          to={`/instruments/${instrumentId}/book?${query}`}
                          aria-label={t("instrument.slots.book", { time: `${formatDay(slot.startsAt, locale)} ${label}` })}
                        >
                          {label}
                        </Link>
                      </li>
                    );
                  })}
                </ul>
                {items.length > SLOTS_PER_DAY ? (
                  <p className="slot-more">
                    <Link to={`/instruments/${instrumentId}/book`}>{t("instrument.slots.more", { n: items.length - SLOTS_PER_DAY })}</Link>
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
