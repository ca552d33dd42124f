import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Organisation } from "~/components/labs/lab-parts";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { StatusBadge } from "~/components/ui/status-badge";
import { formatDay, formatDuration, formatRange, formatTime, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import { getLabOverview, type LabBookingRow } from "~/lib/labs/bookings.server";
import { requireCurrentLab } from "~/lib/labs/current-lab.server";
import { pageMeta } from "~/lib/platform/meta";
import { addDays, shanghaiInstant } from "~/lib/time/shanghai";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "lab.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, lab } = await requireCurrentLab(request);
  const now = new Date();
  const overview = await getLabOverview(supabase, lab.id, now);
  return json({ lab, overview, now: now.toISOString() }, { headers });
}

function DayBookings({ bookings }: { bookings: LabBookingRow[] }) {
  const t = useT();
  const locale = useLocale();
  if (bookings.length === 0) return <span className="muted">{t("lab.home.free")}</span>;
  return (
    <ul className="plain-list">
      {bookings.map((b) => (
        <li key={b.id}>
          <Link to={`/lab/bookings/${b.id}`}>
            {formatTime(b.starts_at, locale)}–{formatTime(b.ends_at, locale)}
          </Link>{" "}
          <StatusBadge status={b.status} /> <Organisation row={b} />
        </li>
      ))}
    </ul>
  );
}

/** A lab without instruments: what to do first, in order. */
function GettingStarted({ manager }: { manager: boolean }) {
  const t = useT();
  return (
    <section className="panel" aria-labelledby="start-title">
      <h2 id="start-title">{t("lab.start.title")}</h2>
      <p>{t("lab.start.intro")}</p>
      <ol>
        <li>
          {manager ? (
            <>
              {t("lab.start.publish")} <Link to="/lab/instruments/new">{t("lab.start.publishLink")}</Link>
            </>
          ) : (
            t("lab.start.publishByManager")
          )}
        </li>
        <li>{t("lab.start.hours")}</li>
        {manager ? (
          <li>
            {t("lab.start.staff")} <Link to="/lab/staff">{t("lab.start.staffLink")}</Link>
          </li>
        ) : null}
        <li>
          {t("lab.start.settings")} <Link to="/lab/settings">{t("lab.start.settingsLink")}</Link>
        </li>
      </ol>
    </section>
  );
}

export default function LabHome() {
  const t = useT();
  const locale = useLocale();
  const { lab, overview, now } = useLoaderData<typeof loader>();
  const today = overview.today;
  const tomorrowStart = shanghaiInstant(addDays(today, 1)).getTime();
  const waited = (createdAt: string) => formatDuration(Math.max(0, Math.floor((Date.parse(now) - Date.parse(createdAt)) / 60_000)), t);
  const figures = [
    { label: t("lab.pending"), value: overview.pending, to: "/lab/requests" },
    { label: t("lab.toRecord"), value: overview.to_record, to: "/lab/bookings" },
    { label: t("lab.inMaintenance"), value: overview.in_maintenance, to: `/instruments?lab=${lab.id}` },
    { label: t("lab.expiring"), value: overview.expiring_authorisations, to: "/lab/authorisations" },
  ];
  return (
    <div>
      <header className="page-header">
        <h1>{t("lab.title")}</h1>
        <p className="muted">{t("lab.intro")}</p>
      </header>
      {lab.status === "approved" ? null : (
        <p className="alert alert--info" role="status">
          {t(`lab.status.${lab.status}`)}
        </p>
      )}
      <dl className="figure-grid">
        {figures.map((figure) => (
          <div className="figure" key={figure.to}>
            <dt>{figure.label}</dt>
            <dd>
              <Link to={figure.to} aria-label={`${figure.label}: ${figure.value}`}>
                {figure.value}
              </Link>
            </dd>
          </div>
        ))}
      </dl>

      {overview.instruments.length === 0 ? <GettingStarted manager={lab.role === "manager"} /> : null}

      <section className="panel" aria-labelledby="oldest-title">
        <h2 id="oldest-title">{t("lab.home.oldest")}</h2>
        {overview.oldest_pending.length === 0 ? (
          <p className="muted">{t("lab.home.noPending")}</p>
        ) : (
          <>
            <ol className="plain-list">
              {overview.oldest_pending.map((b) => (
                <li key={b.id}>
                  <Link to={`/lab/bookings/${b.id}`}>
                    {localName({ name_zh: b.instrument_name_zh, name_en: b.instrument_name_en }, locale)} ·{" "}
                    {formatRange(b.starts_at, b.ends_at, locale)}
                  </Link>{" "}
                  · <Organisation row={b} /> ·{" "}
                  <span>
                    {t("lab.col.waited")} {waited(b.created_at)}
                  </span>
                  {b.expired ? <span className="tag tag--warning"> {t("lab.requests.expired")}</span> : null}
                </li>
              ))}
            </ol>
            <p>
              <Link to="/lab/requests">{t("lab.home.allRequests", { count: overview.pending })}</Link>
            </p>
          </>
        )}
      </section>

      <section className="panel" aria-labelledby="schedule-title" hidden={overview.instruments.length === 0}>
        <h2 id="schedule-title">{t("lab.home.schedule")}</h2>
        <div className="table-wrap">
          <table className="table table--cards">
            <thead>
              <tr>
                <th scope="col">{t("lab.col.instrument")}</th>
                <th scope="col">{t("lab.home.today", { date: formatDay(shanghaiInstant(today), locale) })}</th>
                <th scope="col">{t("lab.home.tomorrow", { date: formatDay(new Date(tomorrowStart), locale) })}</th>
              </tr>
            </thead>
            <tbody>
              {overview.instruments.map((instrument) => {
                const mine = overview.bookings.filter((b) => b.instrument_id === instrument.id);
                return (
                  <tr key={instrument.id}>
                    <th scope="row" className="table__title">
                      {localName(instrument, locale)}
                      {instrument.status === "maintenance" ? <span className="tag tag--warning"> {t("lab.home.maintenance")}</span> : null}
                    </th>
                    <td data-label={t("lab.home.today", { date: formatDay(shanghaiInstant(today), locale) })}>
                      <DayBookings bookings={mine.filter((b) => Date.parse(b.starts_at) < tomorrowStart)} />
                    </td>
                    <td data-label={t("lab.home.tomorrow", { date: formatDay(new Date(tomorrowStart), locale) })}>
                      <DayBookings bookings={mine.filter((b) => Date.parse(b.ends_at) > tomorrowStart)} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
