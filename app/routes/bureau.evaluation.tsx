// The annual open-sharing evaluation sheet: one row per large instrument (original value ≥
// ¥500,000) for a calendar year (`?year=`, last year when none).
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { BureauStatsNav, ExportLinks, SortableTable, StatsError, TablePages } from "~/components/stats/stats-ui";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { requireBureau } from "~/lib/auth/roles.server";
import { useT } from "~/lib/i18n/react";
import { pageMeta } from "~/lib/platform/meta";
import { loadEvaluation, STATS_PAGE_SIZE } from "~/lib/stats/pages.server";
import { evaluationColumns } from "~/lib/stats/tables";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "stats.meta.evaluation");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireBureau(request);
  const data = await loadEvaluation(supabase, new URL(request.url).searchParams, null, STATS_PAGE_SIZE);
  return json(data, { headers, status: "error" in data ? 400 : 200 });
}

export default function BureauEvaluation() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const year = "error" in data ? "" : String(data.year);
  return (
    <div>
      <header className="page-header">
        <h1>{"error" in data ? t("stats.meta.evaluation") : t("stats.evaluation.title", { year })}</h1>
        <p className="muted">{t("stats.evaluation.intro")}</p>
      </header>
      <BureauStatsNav />
      <Form method="get" action="/bureau/evaluation" className="panel filters" aria-label={t("stats.year.label")}>
        <div className="field">
          <label htmlFor="year">{t("stats.year.label")}</label>
          <input id="year" name="year" type="number" min={2000} max={2100} defaultValue={year} />
        </div>
        <button type="submit" className="button">
          {t("stats.period.apply")}
        </button>
      </Form>
      {"error" in data ? (
        <StatsError message={data.error} />
      ) : (
        <>
          {data.rows.length === 0 ? (
            <p className="muted">{t("stats.evaluation.empty")}</p>
          ) : (
            <SortableTable
              columns={evaluationColumns()}
              rows={data.rows}
              rowKey={(row) => row.instrumentId}
              caption={t("stats.evaluation.title", { year })}
            />
          )}
          <TablePages at={data} shown={data.rows.length} href={(page) => `/bureau/evaluation?year=${data.year}&page=${page}`} />
          <ExportLinks href={`/bureau/export/evaluation?year=${data.year}`} />
        </>
      )}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
