// The network's last 24 months up to the selected period's last month: charts with their tables.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BureauStatsNav, ExportLinks, PeriodSelector, StatsError } from "~/components/stats/stats-ui";
import { TrendCharts } from "~/components/stats/trend-charts";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { requireBureau } from "~/lib/auth/roles.server";
import { useT } from "~/lib/i18n/react";
import { pageMeta } from "~/lib/platform/meta";
import { loadTrends } from "~/lib/stats/pages.server";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "stats.meta.trends");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireBureau(request);
  const data = await loadTrends(supabase, new URL(request.url).searchParams, null);
  return json(data, { headers, status: "error" in data ? 400 : 200 });
}

export default function BureauTrends() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  return (
    <div>
      <header className="page-header">
        <h1>{t("stats.trends.title")}</h1>
        <p className="muted">{t("stats.trends.intro")}</p>
      </header>
      <BureauStatsNav />
      {"error" in data ? (
        <>
          <StatsError message={data.error} />
          <PeriodSelector action="/bureau/trends" period={null} />
        </>
      ) : (
        <>
          <PeriodSelector action="/bureau/trends" period={data.period} />
          <TrendCharts points={data.points} />
          <ExportLinks href={`/bureau/export/trends?${data.period.search}`} />
        </>
      )}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
