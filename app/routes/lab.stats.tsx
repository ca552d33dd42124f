// The lab's own statistics (issue 11 part 8): the bureau's overview, trends and per-instrument
// table with the same components, scoped to the current lab. The database scopes it too: the
// stats_* functions give a lab's staff their own lab only.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ExportLinks, OverviewFigures, PeriodLabel, PeriodSelector, SortableTable, StatsError } from "~/components/stats/stats-ui";
import { TrendCharts } from "~/components/stats/trend-charts";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { resolveLocale } from "~/lib/i18n/locale.server";
import { useT } from "~/lib/i18n/react";
import { requireCurrentLab } from "~/lib/labs/current-lab.server";
import { pageMeta } from "~/lib/platform/meta";
import { getTrends } from "~/lib/stats/bureau.server";
import { loadBreakdown, loadOverview } from "~/lib/stats/pages.server";
import { breakdownColumns } from "~/lib/stats/tables";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "stats.meta.lab");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, lab, context } = await requireCurrentLab(request);
  const params = new URL(request.url).searchParams;
  const overview = await loadOverview(supabase, params, lab.id);
  if ("error" in overview) return json({ error: overview.error }, { headers, status: 400 });
  const [trends, instruments] = await Promise.all([
    getTrends(supabase, overview.period.to, overview.period.asOf, lab.id),
    loadBreakdown(supabase, params, lab.id, resolveLocale(request, context.locale)),
  ]);
  if ("error" in instruments) return json({ error: instruments.error }, { headers, status: 400 });
  return json({ overview, trends, instruments }, { headers });
}

export default function LabStats() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  return (
    <div>
      <header className="page-header">
        <h1>{t("stats.lab.title")}</h1>
        <p className="muted">{t("stats.lab.intro")}</p>
      </header>
      {"error" in data ? (
        <>
          <StatsError message={data.error} />
          <PeriodSelector action="/lab/stats" period={null} />
        </>
      ) : (
        <>
          <PeriodSelector action="/lab/stats" period={data.overview.period} />
          <p>
            <PeriodLabel period={data.overview.period} /> · {t("stats.col.previous")}: <PeriodLabel period={data.overview.period.previous} />
          </p>
          <OverviewFigures current={data.overview.current} previous={data.overview.previous} days={data.overview.days} previousDays={data.overview.previousDays} />
          <ExportLinks href={`/lab/stats/export/overview?${data.overview.period.search}`} />
          <TrendCharts points={data.trends} />
          <ExportLinks href={`/lab/stats/export/trends?${data.overview.period.search}`} />
          <section className="panel" aria-labelledby="instruments-title">
            <h2 id="instruments-title">{t("stats.table.instruments")}</h2>
            <SortableTable
              columns={breakdownColumns(true)}
              rows={data.instruments.rows}
              rowKey={(row) => row.key}
              caption={t("stats.table.instruments")}
              sort={data.instruments.query.sort ?? "effective"}
              dir={data.instruments.query.sort ? data.instruments.query.dir : "desc"}
              sortHref={(sort, dir) => `/lab/stats?${data.overview.period.search}&sort=${sort}&dir=${dir}`}
              link={(row) => `/instruments/${row.key}`}
            />
            <ExportLinks href={`/lab/stats/export/breakdown?${data.overview.period.search}`} />
          </section>
        </>
      )}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
