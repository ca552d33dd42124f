// The lab calendar: a week or a day over all the lab's instruments or one, read in one call
// (lab_calendar). FullCalendar draws it in the browser; the list below is the same data and the
// keyboard and no-script path. The period moves by links, so every view has its own URL.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { lazy, Suspense } from "react";
import { z } from "zod";
import { ClientOnly } from "~/components/ui/client-only";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { StatusBadge } from "~/components/ui/status-badge";
import { Organisation } from "~/components/labs/lab-parts";
import { formatDay, formatRange, formatTime, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import { getLabCalendar } from "~/lib/labs/bookings.server";
import { closedForAll } from "~/lib/labs/closed-for-all";
import { requireCurrentLab } from "~/lib/labs/current-lab.server";
import { pageMeta } from "~/lib/platform/meta";
import { addDays, isShanghaiDate, shanghaiDate, shanghaiInstant, startOfWeek, todayInShanghai } from "~/lib/time/shanghai";

const LabCalendar = lazy(() => import("~/components/labs/lab-calendar"));

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "lab.calendar.meta.title");

const querySchema = z.object({
  view: z.enum(["week", "day"]).catch("week"),
  date: z.string().refine(isShanghaiDate).optional().catch(undefined),
  instrument: z.string().uuid().optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, lab } = await requireCurrentLab(request);
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const date = query.date ?? todayInShanghai();
  const from = query.view === "week" ? startOfWeek(date) : date;
  const days = query.view === "week" ? 7 : 1;
  const result = await getLabCalendar(
    supabase,
    lab.id,
    shanghaiInstant(from).toISOString(),
    shanghaiInstant(addDays(from, days)).toISOString(),
    query.instrument ?? null,
  );
  if (!result.ok) throw new Response("Bad request", { status: 400, headers });
  return json({ view: query.view, from, days, instrument: query.instrument ?? "", calendar: result.value }, { headers });
}

export default function LabCalendarPage() {
  const t = useT();
  const locale = useLocale();
  const { view, from, days, instrument, calendar } = useLoaderData<typeof loader>();
  const names = new Map(calendar.instruments.map((i) => [i.id, localName(i, locale)]));
  const closures = calendar.closures.map((c) => ({ ...c, instrument: names.get(c.instrument_id) ?? "" }));
  // One instrument: its own closures are shaded. Several: only the times all of them are closed;
  // one instrument's maintenance is in the list below, not a grey week for the whole lab.
  const shown = instrument ? calendar.instruments.filter((i) => i.id === instrument) : calendar.instruments;
  const shaded =
    shown.length === 1
      ? closures.map((c) => ({
          starts_at: c.starts_at,
          ends_at: c.ends_at,
          title: `${t(c.kind === "maintenance" ? "lab.calendar.maintenance" : "lab.calendar.closure")} · ${c.instrument}`,
        }))
      : closedForAll(closures, shown.map((i) => i.id)).map((c) => ({ ...c, title: t("lab.calendar.allClosed") }));
  const partlyClosed = shown.length > 1 ? new Set(closures.map((c) => c.instrument_id)).size : 0;
  const link = (date: string) => `/lab/calendar?${new URLSearchParams({ view, date, ...(instrument ? { instrument } : {}) })}`;
  const step = view === "week" ? 7 : 1;
  const entries = [
    ...calendar.bookings.map((b) => ({ kind: "booking" as const, start: b.starts_at, booking: b })),
    ...closures.map((c) => ({ kind: "closure" as const, start: c.starts_at, closure: c })),
  ].sort((a, b) => a.start.localeCompare(b.start));
  const dayList = Array.from({ length: days }, (_, i) => addDays(from, i));

  return (
    <div>
      <header className="page-header">
        <h1>{t("lab.calendar.title")}</h1>
        <p className="muted">{t("lab.calendar.intro")}</p>
      </header>
      <Form method="get" className="lab-calendar__controls">
        <label>
          {t("lab.calendar.instrument")}
          <select name="instrument" defaultValue={instrument}>
            <option value="">{t("lab.calendar.allInstruments")}</option>
            {calendar.instruments.map((i) => (
              <option key={i.id} value={i.id}>
                {localName(i, locale)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("lab.calendar.view")}
          <select name="view" defaultValue={view}>
            <option value="week">{t("lab.calendar.week")}</option>
            <option value="day">{t("lab.calendar.day")}</option>
          </select>
        </label>
        <label>
          {t("lab.calendar.date")}
          <input type="date" name="date" defaultValue={from} />
        </label>
        <button type="submit" className="button button--secondary">
          {t("lab.calendar.apply")}
        </button>
      </Form>
      <nav className="row-actions" aria-label={t("lab.calendar.title")}>
        <Link to={link(addDays(from, -step))} rel="prev">
          ← {t("lab.calendar.prev")}
        </Link>
        <strong>
          {days === 1
            ? formatDay(shanghaiInstant(from), locale)
            : t("lab.calendar.range", { from: formatDay(shanghaiInstant(from), locale), to: formatDay(shanghaiInstant(addDays(from, days - 1)), locale) })}
        </strong>
        <Link to={link(addDays(from, step))} rel="next">
          {t("lab.calendar.next")} →
        </Link>
      </nav>
      <ul className="calendar__legend" aria-label={t("lab.calendar.legend")}>
        {(["pending", "confirmed", "completed", "no_show"] as const).map((status) => (
          <li key={status}>
            <span className={`swatch lab-cal-event--${status}`} aria-hidden="true" /> {t(`status.${status}`)}
          </li>
        ))}
        <li>
          <span className="swatch lab-cal-closure" aria-hidden="true" /> {t("lab.calendar.closure")} / {t("lab.calendar.maintenance")}
        </li>
      </ul>
      {partlyClosed > 0 ? <p className="muted">{t("lab.calendar.partlyClosed", { count: partlyClosed })}</p> : null}
      <div>
        <ClientOnly fallback={<p className="muted">{t("lab.calendar.loading")}</p>}>
          {() => (
            <Suspense fallback={<p className="muted">{t("lab.calendar.loading")}</p>}>
              <LabCalendar view={view} from={from} days={days} bookings={calendar.bookings} shaded={shaded} />
            </Suspense>
          )}
        </ClientOnly>
      </div>

      <section aria-labelledby="list-title" className="day-list">
        <h2 id="list-title">{t("lab.calendar.list")}</h2>
        <p className="muted">{t("lab.calendar.listIntro")}</p>
        {entries.length === 0 ? <p className="muted">{t("lab.calendar.empty")}</p> : null}
        {dayList.map((day) => {
          const start = shanghaiInstant(day).getTime();
          const end = shanghaiInstant(addDays(day, 1)).getTime();
          const today = entries.filter((e) => {
            const s = Date.parse(e.start);
            const f = Date.parse(e.kind === "booking" ? e.booking.ends_at : e.closure.ends_at);
            return s < end && f > start && (shanghaiDate(e.start) === day || s < start && day === from);
          });
          if (today.length === 0) return null;
          return (
            <div key={day}>
              <h3>{formatDay(shanghaiInstant(day), locale)}</h3>
              <ul className="plain-list">
                {today.map((e) =>
                  e.kind === "booking" ? (
                    <li key={e.booking.id}>
                      <Link to={`/lab/bookings/${e.booking.id}`}>
                        {formatTime(e.booking.starts_at, locale)}–{formatTime(e.booking.ends_at, locale)}{" "}
                        {localName({ name_zh: e.booking.instrument_name_zh, name_en: e.booking.instrument_name_en }, locale)}
                      </Link>{" "}
                      <StatusBadge status={e.booking.status} /> <Organisation row={e.booking} />
                    </li>
                  ) : (
                    <li key={e.closure.id}>
                      <span className="tag tag--outline">{t(e.closure.kind === "maintenance" ? "lab.calendar.maintenance" : "lab.calendar.closure")}</span>{" "}
                      {formatRange(e.closure.starts_at, e.closure.ends_at, locale)} {e.closure.instrument}{" "}
                      {locale === "en" ? e.closure.note_en || e.closure.note_zh : e.closure.note_zh}
                    </li>
                  ),
                )}
              </ul>
            </div>
          );
        })}
      </section>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
