import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { requireBureau } from "~/lib/auth/roles.server";
import { formatDate, formatNumber, formatPercent, formatPrice } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";
import { pageMeta } from "~/lib/platform/meta";
import { getNetworkFigures, monthToDate, previousMonth, type PeriodFigures } from "~/lib/stats/overview.server";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "bureau.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireBureau(request);
  const [current, previous] = await Promise.all([
    getNetworkFigures(supabase, monthToDate()),
    getNetworkFigures(supabase, previousMonth()),
  ]);
  return json({ current, previous }, { headers });
}

const ROWS: { key: MessageKey; value: (f: PeriodFigures) => number; kind: "hours" | "rate" | "count" | "money" }[] = [
  { key: "bureau.figure.available", value: (f) => f.availableHours, kind: "hours" },
  { key: "bureau.figure.booked", value: (f) => f.bookedHours, kind: "hours" },
  { key: "bureau.figure.effective", value: (f) => f.usedHours, kind: "hours" },
  { key: "bureau.figure.external", value: (f) => f.externalHours, kind: "hours" },
  { key: "bureau.figure.utilisation", value: (f) => f.utilisationRate, kind: "rate" },
  { key: "bureau.figure.sharing", value: (f) => f.sharingRate, kind: "rate" },
  { key: "bureau.figure.bookings", value: (f) => f.bookings, kind: "count" },
  { key: "bureau.figure.organisations", value: (f) => f.organisationsServed, kind: "count" },
  { key: "bureau.figure.noShows", value: (f) => f.noShows, kind: "count" },
  { key: "bureau.figure.income", value: (f) => f.revenueCny, kind: "money" },
];

export default function BureauOverview() {
  const t = useT();
  const locale = useLocale();
  const { current, previous } = useLoaderData<typeof loader>();
  const show = (value: number, kind: (typeof ROWS)[number]["kind"]) =>
    kind === "rate" ? formatPercent(value, locale) : kind === "money" ? formatPrice(value, locale) : formatNumber(value, locale, 1);
  const period = (f: PeriodFigures) => `${formatDate(`${f.from}T00:00:00+08:00`, locale)} – ${formatDate(`${f.to}T00:00:00+08:00`, locale)}`;
  return (
    <div>
      <header className="page-header">
        <h1>{t("bureau.title")}</h1>
        <p className="muted">{t("bureau.intro")}</p>
      </header>
      <section className="panel" aria-labelledby="figures-title">
        <h2 id="figures-title">{t("bureau.figures")}</h2>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("bureau.col.figure")}</th>
                <th scope="col" className="num">
                  {t("bureau.col.current")}
                  <div className="muted small">{period(current)}</div>
                </th>
                <th scope="col" className="num">
                  {t("bureau.col.previous")}
                  <div className="muted small">{period(previous)}</div>
                </th>
              </tr>
            </thead>
            <tbody>
              {ROWS.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{t(row.key)}</th>
                  <td className="num">{show(row.value(current), row.kind)}</td>
                  <td className="num">{show(row.value(previous), row.kind)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted small">{t("bureau.definitions")}</p>
      </section>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
