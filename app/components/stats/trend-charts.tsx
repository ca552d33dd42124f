// The trends: one chart per question, each a <figure> with a caption that names it, the chart
// (ECharts, loaded lazily in the browser only) and the table of its numbers, which is also what
// a browser without JavaScript, a screen reader or a printout gets.
import { lazy, Suspense } from "react";
import { ClientOnly } from "~/components/ui/client-only";
import { useLocale, useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";
import type { TrendPoint } from "~/lib/stats/bureau.server";
import { formatCell, type CellKind } from "~/lib/stats/tables";
import { REFERENCE } from "~/lib/stats/reference";
import type { ChartSeries } from "./echart";

const EChart = lazy(() => import("./echart"));

interface ChartSpec {
  id: string;
  title: MessageKey;
  unit: MessageKey;
  kind: CellKind;
  series: { name: MessageKey; type: "line" | "bar"; value: (p: TrendPoint) => number | null; references?: [MessageKey, number][] }[];
}

const perInstrument = (hours: number, p: TrendPoint) => (p.instruments > 0 ? Math.round((hours / p.instruments) * 100) / 100 : null);
const rate = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10000) / 10000 : null);

export const CHARTS: ChartSpec[] = [
  {
    id: "hours",
    title: "stats.chart.hours",
    unit: "stats.unit.hoursPerInstrument",
    kind: "hours",
    series: [
      {
        name: "stats.col.effectivePerInstrument",
        type: "bar",
        value: (p) => perInstrument(p.effectiveHours, p),
        references: [
          ["stats.ref.fullyUsedMonthly", Math.round((REFERENCE.fullyUsedHours / 12) * 100) / 100],
          ["stats.ref.nationalMonthly", Math.round((REFERENCE.nationalEffectiveHours / 12) * 100) / 100],
        ],
      },
      {
        name: "stats.col.externalPerInstrument",
        type: "line",
        value: (p) => perInstrument(p.externalHours, p),
        references: [["stats.ref.nationalExternalMonthly", Math.round((REFERENCE.nationalExternalHours / 12) * 100) / 100]],
      },
    ],
  },
  {
    id: "rates",
    title: "stats.chart.rates",
    unit: "stats.unit.rate",
    kind: "rate",
    series: [
      { name: "stats.col.utilisation", type: "line", value: (p) => rate(p.effectiveHours, p.availableHours) },
      { name: "stats.col.sharing", type: "line", value: (p) => rate(p.externalHours, p.effectiveHours) },
    ],
  },
  {
    id: "bookings",
    title: "stats.chart.bookings",
    unit: "stats.unit.count",
    kind: "count",
    series: [
      { name: "stats.col.bookings", type: "bar", value: (p) => p.bookings },
      { name: "stats.col.noShows", type: "bar", value: (p) => p.noShows },
      { name: "stats.col.rejected", type: "bar", value: (p) => p.rejected },
    ],
  },
];

export function TrendCharts({ points }: { points: TrendPoint[] }) {
  const t = useT();
  const locale = useLocale();
  const categories = points.map((p) => p.month.slice(0, 7));
  return (
    <div className="chart-list">
      {CHARTS.map((chart) => {
        const title = t(chart.title);
        const series: ChartSeries[] = chart.series.map((s) => ({
          name: t(s.name),
          type: s.type,
          values: points.map((p) => s.value(p)),
          references: s.references?.map(([key, value]) => [t(key), value]),
        }));
        return (
          <figure key={chart.id} className="panel chart-figure" aria-labelledby={`chart-${chart.id}`}>
            <figcaption id={`chart-${chart.id}`}>
              <h2>{title}</h2>
            </figcaption>
            <ClientOnly fallback={<div className="chart chart--placeholder" aria-hidden="true" />}>
              {() => (
                <Suspense fallback={<div className="chart chart--placeholder" aria-hidden="true" />}>
                  <EChart label={title} categories={categories} series={series} unit={t(chart.unit)} />
                </Suspense>
              )}
            </ClientOnly>
            <details className="chart-numbers">
              <summary>{t("stats.chart.numbers")}</summary>
              <div className="table-wrap" tabIndex={0} role="region" aria-label={title}>
                <table className="table">
                  <caption className="visually-hidden">{title}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("stats.col.month")}</th>
                      {series.map((s) => (
                        <th key={s.name} scope="col" className="num">
                          {s.name}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {categories.map((month, i) => (
                      <tr key={month}>
                        <th scope="row">{month}</th>
                        {series.map((s) => (
                          <td key={s.name} className="num">
                            {formatCell(s.values[i], chart.kind, locale)}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </figure>
        );
      })}
    </div>
  );
}
