// The lab calendar (FullCalendar timeGrid week or day, MIT plugins only), loaded only in the
// browser. It shows exactly the period and bookings the page's loader read (lab_calendar); the
// page's own links move the period, so the list below it and the calendar always agree. Status is
// in each event's text and pattern as well as its colour; the page decides which closed times are
// shaded (closedForAll). Clicking a booking opens its page.
import type { EventInput } from "@fullcalendar/core";
import zhCnLocale from "@fullcalendar/core/locales/zh-cn";
import FullCalendar from "@fullcalendar/react";
import timeGridPlugin from "@fullcalendar/timegrid";
import { useNavigate } from "@remix-run/react";
import { localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import type { LabBookingRow } from "~/lib/labs/bookings.server";
import { toWallClock } from "~/lib/time/shanghai";

export interface LabCalendarProps {
  view: "week" | "day";
  from: string;
  days: number;
  bookings: LabBookingRow[];
  /** Closed times to shade, each with its label. */
  shaded: { starts_at: string; ends_at: string; title: string }[];
}

export default function LabCalendar(props: LabCalendarProps) {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const events: EventInput[] = [
    ...props.shaded.map((c) => ({
      start: toWallClock(c.starts_at),
      end: toWallClock(c.ends_at),
      display: "background",
      classNames: ["lab-cal-closure"],
      title: c.title,
    })),
    ...props.bookings.map((b) => ({
      id: b.id,
      start: toWallClock(b.starts_at),
      end: toWallClock(b.ends_at),
      title: t("lab.calendar.event", {
        status: t(`status.${b.status}`),
        instrument: localName({ name_zh: b.instrument_name_zh, name_en: b.instrument_name_en }, locale),
        organisation: localName({ name_zh: b.organisation_name_zh, name_en: b.organisation_name_en }, locale),
      }),
      url: `/lab/bookings/${b.id}`,
      classNames: [`lab-cal-event--${b.status}`],
    })),
  ];
  return (
    <div className="calendar">
      <FullCalendar
        key={`${props.view}-${props.from}`}
        plugins={[timeGridPlugin]}
        views={{ span: { type: "timeGrid", duration: { days: props.days } } }}
        initialView="span"
        initialDate={props.from}
        timeZone="UTC"
        locales={[zhCnLocale]}
        locale={locale === "en" ? "en" : "zh-cn"}
        firstDay={1}
        allDaySlot={false}
        nowIndicator={false}
        height="auto"
        slotMinTime="00:00:00"
        slotMaxTime="24:00:00"
        scrollTime="08:00:00"
        headerToolbar={false}
        events={events}
        eventClick={(info) => {
          info.jsEvent.preventDefault();
          if (info.event.url) navigate(info.event.url);
        }}
        eventTimeFormat={{ hour: "2-digit", minute: "2-digit", hour12: false }}
        slotLabelFormat={{ hour: "2-digit", minute: "2-digit", hour12: false }}
      />
    </div>
  );
}
