// Instruments that need attention: idle ones (annualised effective hours under 1,200, by how far)
// and ones turning requests away (rejections, fully booked weeks).
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BureauStatsNav, ExportLinks, PeriodSelector, SortableTable, StatsError, TablePages } from "~/components/stats/stats-ui";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { requireBureau } from "~/lib/auth/roles.server";
import { useT } from "~/lib/i18n/react";
import { pageMeta } from "~/lib/platform/meta";
import { loadAttention, STATS_PAGE_SIZE } from "~/lib/stats/pages.server";
import { attentionColumns } from "~/lib/stats/tables";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "stats.meta.attention");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireBureau(request);
  const data = await loadAttention(supabase, new URL(request.url).searchParams, null, STATS_PAGE_SIZE);
  return json(data, { headers, status: "error" in data ? 400 : 200 });
}

export default function BureauAttention() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  return (
    <div>
      <header className="page-header">
        <h1>{t("stats.attention.title")}</h1>
        <p className="muted">{t("stats.attention.intro")}</p>
      </header>
      <BureauStatsNav />
      {"error" in data ? (
        <>
          <StatsError message={data.error} />
          <PeriodSelector action="/bureau/attention" period={null} />
        </>
      ) : (
        <>
          <PeriodSelector action="/bureau/attention" period={data.period} />
          {data.rows.length === 0 ? (
            <p className="muted">{t("stats.attention.empty")}</p>
          ) : (
            <SortableTable
              columns={attentionColumns()}
              rows={data.rows}
              rowKey={(row) => row.instrumentId}
              caption={t("stats.attention.title")}
              link={(row) => `/instruments/${row.instrumentId}`}
            />
          )}
          <TablePages at={data} shown={data.rows.length} href={(page) => `/bureau/attention?${data.period.search}&page=${page}`} />
          <ExportLinks href={`/bureau/export/attention?${data.period.search}`} />
        </>
      )}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
