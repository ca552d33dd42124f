// The network's figures grouped by district, lab, category, industrial chain, value band or
// instrument, sortable, with drill-down (district → its labs → a lab's instruments → the
// instrument's page). Everything is in the URL: period, grouping, filters and sort.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BureauStatsNav, ExportLinks, PeriodSelector, SortableTable, StatsError, TablePages } from "~/components/stats/stats-ui";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { requireBureau } from "~/lib/auth/roles.server";
import { useT } from "~/lib/i18n/react";
import { pageMeta } from "~/lib/platform/meta";
import type { BreakdownRow } from "~/lib/stats/bureau.server";
import { resolveLocale } from "~/lib/i18n/locale.server";
import { STATS_PAGE_SIZE, loadBreakdown, type BreakdownQuery } from "~/lib/stats/pages.server";
import { breakdownColumns, DIMENSIONS } from "~/lib/stats/tables";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "stats.meta.breakdowns");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, context } = await requireBureau(request);
  const data = await loadBreakdown(supabase, new URL(request.url).searchParams, null, resolveLocale(request, context.locale), STATS_PAGE_SIZE);
  return json(data, { headers, status: "error" in data ? 400 : 200 });
}

const UUID = /^[0-9a-f-]{36}$/i;

/** The URL of the breakdown with these parameters (period kept). */
function href(periodSearch: string, q: Partial<Record<"by" | "district" | "lab" | "category" | "chain" | "band" | "sort" | "dir" | "page", string | null>>): string {
  const params = new URLSearchParams(periodSearch);
  for (const [key, value] of Object.entries(q)) if (value) params.set(key, value);
  return `/bureau/breakdowns?${params}`;
}

function filters(q: BreakdownQuery): Record<string, string | null> {
  return { district: q.districtId, lab: q.labId, category: q.categoryId, chain: q.chainId, band: q.valueBand };
}

/** Where a row leads: the next level down. */
function drill(by: BreakdownQuery["by"], row: BreakdownRow, periodSearch: string): string | null {
  switch (by) {
    case "district":
      return href(periodSearch, { by: "lab", district: row.key });
    case "lab":
      return href(periodSearch, { by: "instrument", lab: row.key });
    case "category":
      return href(periodSearch, { by: "instrument", category: row.key });
    case "chain":
      return UUID.test(row.key) ? href(periodSearch, { by: "instrument", chain: row.key }) : null;
    case "value_band":
      return href(periodSearch, { by: "instrument", band: row.key });
    default:
      return `/instruments/${row.key}`;
  }
}

export default function BureauBreakdowns() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  if ("error" in data) {
    return (
      <div>
        <header className="page-header">
          <h1>{t("stats.breakdowns.title")}</h1>
        </header>
        <BureauStatsNav />
        <StatsError message={data.error} />
        <PeriodSelector action="/bureau/breakdowns" period={null} />
      </div>
    );
  }
  const { period, query, rows, total, offset, page, pages } = data;
  const active = filters(query);
  const filtered = Object.values(active).some(Boolean);
  const columns = breakdownColumns(query.by === "instrument");
  const exportParams = new URLSearchParams(period.search);
  exportParams.set("by", query.by);
  for (const [key, value] of Object.entries(active)) if (value) exportParams.set(key, value);
  if (query.sort) {
    exportParams.set("sort", query.sort);
    exportParams.set("dir", query.dir);
  }
  return (
    <div>
      <header className="page-header">
        <h1>{t("stats.breakdowns.title")}</h1>
      </header>
      <BureauStatsNav />
      <PeriodSelector action="/bureau/breakdowns" period={period} keep={{ by: query.by, ...active }} />
      <nav className="chip-list" aria-label={t("stats.breakdowns.by")}>
        {DIMENSIONS.map((by) => (
          <Link key={by} to={href(period.search, { by })} className={by === query.by && !filtered ? "chip chip--active" : "chip"} aria-current={by === query.by && !filtered ? "page" : undefined}>
            {t(`stats.by.${by}`)}
          </Link>
        ))}
      </nav>
      {filtered ? (
        <p>
          <Link to={href(period.search, { by: query.by === "instrument" ? "lab" : query.by })}>{t("stats.breakdowns.clear")}</Link>
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="muted">{t("stats.breakdowns.empty")}</p>
      ) : (
        <SortableTable
          columns={columns}
          rows={rows}
          rowKey={(row) => row.key}
          caption={t(`stats.by.${query.by}`)}
          sort={query.sort ?? "effective"}
          dir={query.sort ? query.dir : "desc"}
          sortHref={(sort, dir) => href(period.search, { by: query.by, ...active, sort, dir })}
          link={(row) => drill(query.by, row, period.search)}
        />
      )}
      <TablePages
        at={{ total, offset, page, pages }}
        shown={rows.length}
        href={(p) => href(period.search, { by: query.by, ...active, sort: query.sort, dir: query.sort ? query.dir : null, page: String(p) })}
      />
      <ExportLinks href={`/bureau/export/breakdown?${exportParams}`} />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
