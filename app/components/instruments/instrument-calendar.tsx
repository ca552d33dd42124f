// The instrument's week calendar (FullCalendar timeGrid), loaded only on the instrument page and
// only in the browser. Busy blocks come from /instruments/:id/busy; opening hours are the business
// hours; the caller's own bookings are highlighted. Selecting free time inside the opening hours
// goes to the booking form with that start and end. The slot list on the page stays the
// keyboard- and script-free way to book.
import type { EventInput, EventSourceFuncArg } from "@fullcalendar/core";
import zhCnLocale from "@fullcalendar/core/locales/zh-cn";
import interactionPlugin from "@fullcalendar/interaction";
import FullCalendar from "@fullcalendar/react";
import timeGridPlugin from "@fullcalendar/timegrid";
import { useNavigate } from "@remix-run/react";
import { useState } from "react";
import { addDays, calendarWeekday, fromWallClock, shanghaiDate, toWallClock } from "~/lib/time/shanghai";
import { useLocale, useT } from "~/lib/i18n/react";

export interface InstrumentCalendarProps {
  instrumentId: string;
  slotMinutes: number;
  minMinutes: number;
  maxMinutes: number;
  leadTimeHours: number;
  maxAdvanceDays: number;
  rules: { weekday: number; start_time: string; end_time: string }[];
}

interface BusyResponse {
  busy?: { start: string; end: string; kind: string; mine: boolean }[];
}

function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:00`;
}

export default function InstrumentCalendar(props: InstrumentCalendarProps) {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const [failed, setFailed] = useState(false);
  const now = Date.now();
  const earliest = now + props.leadTimeHours * 3_600_000;
  const today = shanghaiDate(now);
  // Show the hours the instrument is ever open (whole days for around-the-clock instruments).
  const starts = props.rules.map((r) => r.start_time.slice(0, 5)).sort();
  const ends = props.rules.map((r) => r.end_time.slice(0, 5)).sort();
  const minTime = starts.length > 0 ? `${starts[0].slice(0, 2)}:00:00` : "08:00:00";
  const maxTime = ends.length > 0 && ends[ends.length - 1] < "23:00" ? `${ends[ends.length - 1]}:00` : "24:00:00";
  const [days] = useState(() =>
    typeof window !== "undefined" && window.matchMedia("(max-width: 640px)").matches ? 3 : 7,
  );
  const horizon = addDays(today, props.maxAdvanceDays + 1);

  async function loadEvents(info: EventSourceFuncArg): Promise<EventInput[]> {
    const query = new URLSearchParams({ from: fromWallClock(info.start), to: fromWallClock(info.end) });
    const res = await fetch(`/instruments/${props.instrumentId}/busy?${query}`, { headers: { Accept: "application/json" } });
    if (!res.ok) {
      setFailed(true);
      return [];
    }
    setFailed(false);
    const data = (await res.json()) as BusyResponse;
    // Before the lead time nothing can be booked any more: shade it, and selection avoids it.
    const notBookable: EventInput[] =
      new Date(fromWallClock(info.start)).getTime() < earliest
        ? [
            {
              start: `${today}T00:00:00`,
              end: toWallClock(new Date(earliest)),
              display: "background",
              classNames: ["cal-event--lead"],
              title: t("calendar.lead"),
              overlap: false,
            },
          ]
        : [];
    return notBookable.concat((data.busy ?? []).map((b) => ({
      start: toWallClock(b.start),
      end: toWallClock(b.end),
      title: b.mine ? t("calendar.mine") : b.kind === "booking" ? t("calendar.booked") : t("calendar.closed"),
      classNames: [b.mine ? "cal-event--mine" : b.kind === "booking" ? "cal-event--booked" : "cal-event--closed"],
      overlap: false,
    })));
  }

  return (
    <div className="calendar">
      {failed ? (
        <p className="alert alert--error" role="alert">
          {t("calendar.error")}
        </p>
      ) : null}
      <ul className="calendar__legend">
        <li>
          <span className="swatch swatch--open" aria-hidden="true" /> {t("calendar.legend.open")}
        </li>
        <li>
          <span className="swatch cal-event--booked" aria-hidden="true" /> {t("calendar.booked")}
        </li>
        <li>
          <span className="swatch cal-event--mine" aria-hidden="true" /> {t("calendar.mine")}
        </li>
        <li>
          <span className="swatch cal-event--closed" aria-hidden="true" /> {t("calendar.closed")}
        </li>
        <li>
          <span className="swatch cal-event--lead" aria-hidden="true" /> {t("calendar.lead.legend", { hours: props.leadTimeHours })}
        </li>
      </ul>
      <FullCalendar
        plugins={[timeGridPlugin, interactionPlugin]}
        // From today onwards: seven days on a wide screen, three on a phone.
        views={{ rolling: { type: "timeGrid", duration: { days: days }, dateIncrement: { days: days } } }}
        initialView="rolling"
        initialDate={today}
        timeZone="UTC"
        locales={[zhCnLocale]}
        locale={locale === "en" ? "en" : "zh-cn"}
        firstDay={1}
        allDaySlot={false}
        nowIndicator={false}
        height="auto"
        slotMinTime={minTime}
        slotMaxTime={maxTime}
        scrollTime={minTime}
        slotDuration={duration(Math.min(props.slotMinutes, 60))}
        snapDuration={duration(props.slotMinutes)}
        validRange={{ start: today, end: horizon }}
        businessHours={props.rules.map((r) => ({
          daysOfWeek: [calendarWeekday(r.weekday)],
          startTime: r.start_time.slice(0, 5),
          endTime: r.end_time.slice(0, 5),
        }))}
        events={loadEvents}
        selectable
        selectMirror
        selectOverlap={false}
        selectConstraint="businessHours"
        selectAllow={(span) => {
          const start = new Date(fromWallClock(span.start)).getTime();
          const minutes = (span.end.getTime() - span.start.getTime()) / 60_000;
          // Shorter than the minimum is not offered: stretching it could run into a closure or a
          // booking the selection never covered.
          return start >= earliest && minutes >= props.minMinutes && minutes <= props.maxMinutes;
        }}
        select={(info) => {
          const query = new URLSearchParams({ start: fromWallClock(info.start), end: fromWallClock(info.end) });
          navigate(`/instruments/${props.instrumentId}/book?${query}`);
        }}
        headerToolbar={{ left: "prev,next today", center: "title", right: "" }}
        eventTimeFormat={{ hour: "2-digit", minute: "2-digit", hour12: false }}
        slotLabelFormat={{ hour: "2-digit", minute: "2-digit", hour12: false }}
      />
    </div>
  );
}
