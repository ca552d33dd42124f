// The instrument's free slots of its minimum length, grouped by Shanghai day, as links to the
// booking form: the keyboard- and script-free way to book (the week calendar is the other).
// Up to 24 × 14 links, so each is kept cheap to render (the page's own time is budgeted at 20 ms,
// bench/instrument-page.ts): plain <a> elements with one click handler on the list for in-app
// navigation (a Remix <Link> per slot runs a dozen hooks), and every day's and time's label
// formatted once.
import { Link, useNavigate } from "@remix-run/react";
import type { MouseEvent } from "react";
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
  const navigate = useNavigate();
  const byDay = groupByDay(slots);
  // Slots follow each other: one slot's end is the next one's start.
  const times = new Map<string, string>();
  const time = (instant: string) => {
    let text = times.get(instant);
    if (text === undefined) times.set(instant, (text = formatTime(instant, locale)));
    return text;
  };
  // A plain left click on a slot navigates in the app, as a <Link> would; anything else (a new
  // tab, a download, no script yet) follows the href.
  const onClick = (event: MouseEvent<HTMLElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
    const target = event.target instanceof Element ? event.target.closest("a") : null;
    if (!target || target.target || target.hasAttribute("download") || target.origin !== window.location.origin) return;
    event.preventDefault();
    navigate(`${target.pathname}${target.search}`);
  };
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
          {/* The handler only takes over the links' own clicks (Enter on a link is a click too). */}
          <ol className="slot-days" onClick={onClick}>
            {byDay.map(({ day, items }) => {
              const dayLabel = formatDay(items[0].startsAt, locale);
              return (
                <li key={day} className="slot-day">
                  <h3 id={`day-${day}`}>{dayLabel}</h3>
                  <ul className="slot-list" aria-labelledby={`day-${day}`}>
                    {items.slice(0, SLOTS_PER_DAY).map((slot) => {
                      const label = `${time(slot.startsAt)}–${time(slot.endsAt)}`;
                      // As URLSearchParams writes it, without building one per slot.
                      const query = `start=${encodeURIComponent(slot.startsAt)}&end=${encodeURIComponent(slot.endsAt)}`;
                      return (
                        <li key={slot.startsAt}>
                          <a
                            className="slot"
                            href={`/instruments/${instrumentId}/book?${query}`}
                            aria-label={t("instrument.slots.book", { time: `${dayLabel} ${label}` })}
                          >
                            {label}
                          </a>
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
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}
