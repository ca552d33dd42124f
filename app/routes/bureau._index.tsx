// The bureau's overview (issue 11): the network's figures for a period chosen in the URL, with
// the previous period, the change and the national reference figures.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BureauStatsNav, ExportLinks, OverviewFigures, PeriodLabel, PeriodSelector, StatsError } from "~/components/stats/stats-ui";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { requireBureau } from "~/lib/auth/roles.server";
import { useT } from "~/lib/i18n/react";
import { pageMeta } from "~/lib/platform/meta";
import { loadOverview } from "~/lib/stats/pages.server";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "stats.meta.overview");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireBureau(request);
  const data = await loadOverview(supabase, new URL(request.url).searchParams, null);
  return json(data, { headers, status: "error" in data ? 400 : 200 });
}

export default function BureauOverview() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  return (
    <div>
      <header className="page-header">
        <h1>{t("stats.overview.title")}</h1>
        <p className="muted">{t("stats.overview.intro")}</p>
      </header>
      <BureauStatsNav />
      {"error" in data ? (
        <>
          <StatsError message={data.error} />
          <PeriodSelector action="/bureau" period={null} />
        </>
      ) : (
        <>
          <PeriodSelector action="/bureau" period={data.period} />
          <p>
            <PeriodLabel period={data.period} /> · {t("stats.col.previous")}: <PeriodLabel period={data.period.previous} />
          </p>
          <OverviewFigures current={data.current} previous={data.previous} days={data.days} previousDays={data.previousDays} />
          <ExportLinks href={`/bureau/export/overview?${data.period.search}`} />
        </>
      )}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
