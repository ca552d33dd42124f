// What the statistics pages and their exports load, for one scope: the whole network (bureau,
// labId null) or one lab (its staff, /lab/stats). A page and its CSV/XLSX export call the same
// function with the same URL parameters, so the numbers cannot differ.
import type { Locale, TFunction } from "~/lib/i18n/translate";
import type { SupabaseClient } from "~/lib/platform/supabase.server";
import { daysBetween, type ShanghaiDate } from "~/lib/time/shanghai";
import {
  DIMENSIONS,
  getAttention,
  getAttentionPage,
  getBreakdown,
  getBreakdownPage,
  getEvaluation,
  getEvaluationPage,
  getOverview,
  getTrends,
  type RowsPage,
  type AttentionRow,
  type BreakdownRow,
  type Dimension,
  type EvaluationRow,
  type Overview,
  type TrendPoint,
} from "./bureau.server";
import { endOfMonth, parsePeriod, parseYear, type PeriodError, type StatsPeriod } from "./period";
import {
  attentionColumns,
  breakdownColumns,
  change,
  evaluationColumns,
  OVERVIEW_ROWS,
  sortRows,
  tableData,
  trendColumns,
  type TableData,
  type TablePage,
} from "./tables";

export type StatsError = PeriodError | "stats.year.invalid";

/** Days a period counts: from its first day to its last, or to today while it runs. */
export function periodDays(range: { from: ShanghaiDate; to: ShanghaiDate; asOf: ShanghaiDate | null }): number {
  return daysBetween(range.from, range.asOf ?? endOfMonth(range.to)) + 1;
}

export interface OverviewData {
  period: StatsPeriod;
  current: Overview;
  previous: Overview;
  days: number;
  previousDays: number;
}

export async function loadOverview(supabase: SupabaseClient, params: URLSearchParams, labId: string | null): Promise<OverviewData | { error: StatsError }> {
  const parsed = parsePeriod(params);
  if ("error" in parsed) return parsed;
  const { period } = parsed;
  const [current, previous] = await Promise.all([getOverview(supabase, period, labId), getOverview(supabase, period.previous, labId)]);
  return { period, current, previous, days: periodDays(period), previousDays: periodDays(period.previous) };
}

export function overviewTable(data: OverviewData, t: TFunction, name: string): TableData {
  return {
    name,
    headers: [t("stats.col.figure"), t("stats.col.current"), t("stats.col.previous"), t("stats.col.change")],
    kinds: ["text", "hours", "hours", "rate"],
    rows: OVERVIEW_ROWS.map((row) => {
      const current = row.value(data.current, data.days);
      const previous = row.value(data.previous, data.previousDays);
      return [t(row.label), current, previous, change(current, previous)];
    }),
  };
}

export async function loadTrends(supabase: SupabaseClient, params: URLSearchParams, labId: string | null): Promise<{ period: StatsPeriod; points: TrendPoint[] } | { error: StatsError }> {
  const parsed = parsePeriod(params);
  if ("error" in parsed) return parsed;
  const points = await getTrends(supabase, parsed.period.to, parsed.period.asOf, labId);
  return { period: parsed.period, points };
}

export interface BreakdownQuery {
  by: Dimension;
  districtId: string | null;
  labId: string | null;
  categoryId: string | null;
  chainId: string | null;
  valueBand: string | null;
  sort: string | null;
  dir: "asc" | "desc";
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VALUE_BANDS = ["under_500k", "500k_1m", "1m_2m", "2m_5m", "5m_plus", "unknown"];

/** The breakdown's grouping, drill-down filters and sort from the URL; ids that are not UUIDs are dropped. */
export function parseBreakdown(params: URLSearchParams, scopeLabId: string | null): BreakdownQuery {
  const by = params.get("by");
  const id = (key: string) => {
    const value = params.get(key);
    return value && UUID.test(value) ? value : null;
  };
  const band = params.get("band");
  return {
    by: scopeLabId ? "instrument" : DIMENSIONS.includes(by as Dimension) ? (by as Dimension) : "district",
    districtId: scopeLabId ? null : id("district"),
    labId: scopeLabId ?? id("lab"),
    categoryId: id("category"),
    chainId: id("chain"),
    valueBand: band && VALUE_BANDS.includes(band) ? band : null,
    sort: params.get("sort"),
    dir: params.get("dir") === "asc" ? "asc" : "desc",
  };
}

export interface BreakdownData extends TablePage {
  period: StatsPeriod;
  query: BreakdownQuery;
  /** the rows of this page, sorted (all of them when not paged) */
  rows: BreakdownRow[];
}

/** Rows per page of a long statistics table on screen (an instrument table has ~10,000; exports have them all). */
export const STATS_PAGE_SIZE = 100;

/** A whole table as its only page (the exports, and tables short enough to show whole). */
function wholeTable<Row>(rows: Row[]): { rows: Row[] } & TablePage {
  return { rows, total: rows.length, offset: 0, page: 1, pages: 1 };
}

export async function loadBreakdown(
  supabase: SupabaseClient,
  params: URLSearchParams,
  scopeLabId: string | null,
  locale: Locale,
  pageSize: number | null = null,
): Promise<BreakdownData | { error: StatsError }> {
  const parsed = parsePeriod(params);
  if ("error" in parsed) return parsed;
  const query = parseBreakdown(params, scopeLabId);
  const sort = query.sort ?? "effective";
  const dir = query.sort ? query.dir : "desc";
  if (pageSize) {
    // sorted over the whole table by the database, then cut; a page past the end shows the last one
    const page = await getBreakdownPage(supabase, parsed.period, query.by, query, {
      sort,
      desc: dir === "desc",
      locale,
      page: requestedPage(params),
      pageSize,
    });
    return { period: parsed.period, query, ...tablePage(page, pageSize) };
  }
  const rows = await getBreakdown(supabase, parsed.period, query.by, query);
  const columns = breakdownColumns(query.by === "instrument");
  return { period: parsed.period, query, ...wholeTable(sortRows(rows, columns.find((c) => c.id === sort), dir, locale)) };
}

/** A page the database cut, with the offset of its first row. */
function tablePage<Row>({ rows, total, page, pages }: RowsPage<Row>, pageSize: number): { rows: Row[] } & TablePage {
  return { rows, total, offset: (page - 1) * pageSize, page, pages };
}

/** `?page=` as a page number from 1 (nonsense: 1; the database gives the last page for one past the end). */
function requestedPage(params: URLSearchParams): number {
  return Math.min(1_000_000, Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1));
}

/** The attention list: one page of it (cut by the database) with a page size, all of it without. */
export async function loadAttention(
  supabase: SupabaseClient,
  params: URLSearchParams,
  labId: string | null,
  pageSize: number | null = null,
): Promise<({ period: StatsPeriod; rows: AttentionRow[] } & TablePage) | { error: StatsError }> {
  const parsed = parsePeriod(params);
  if ("error" in parsed) return parsed;
  if (!pageSize) return { period: parsed.period, ...wholeTable(await getAttention(supabase, parsed.period, labId)) };
  return { period: parsed.period, ...tablePage(await getAttentionPage(supabase, parsed.period, labId, requestedPage(params), pageSize), pageSize) };
}

/** The evaluation sheet: one page of it (cut by the database) with a page size, all of it without. */
export async function loadEvaluation(
  supabase: SupabaseClient,
  params: URLSearchParams,
  labId: string | null,
  pageSize: number | null = null,
): Promise<({ year: number; rows: EvaluationRow[] } & TablePage) | { error: StatsError }> {
  const parsed = parseYear(params);
  if ("error" in parsed) return parsed;
  if (!pageSize) return { year: parsed.year, ...wholeTable(await getEvaluation(supabase, parsed.year, labId)) };
  return { year: parsed.year, ...tablePage(await getEvaluationPage(supabase, parsed.year, labId, requestedPage(params), pageSize), pageSize) };
}

export const EXPORT_TABLES = ["overview", "trends", "breakdown", "attention", "evaluation"] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

/** One table as data for an export, or the input error. */
export async function exportTable(
  supabase: SupabaseClient,
  table: ExportTable,
  params: URLSearchParams,
  labId: string | null,
  t: TFunction,
  locale: Locale,
): Promise<TableData | { error: StatsError }> {
  switch (table) {
    case "overview": {
      const data = await loadOverview(supabase, params, labId);
      if ("error" in data) return data;
      return overviewTable(data, t, `overview-${data.period.from.slice(0, 7)}-${data.period.to.slice(0, 7)}`);
    }
    case "trends": {
      const data = await loadTrends(supabase, params, labId);
      if ("error" in data) return data;
      return tableData(`trends-${data.period.to.slice(0, 7)}`, trendColumns(), data.points, t, locale);
    }
    case "breakdown": {
      const data = await loadBreakdown(supabase, params, labId, locale);
      if ("error" in data) return data;
      return tableData(
        `breakdown-${data.query.by}-${data.period.from.slice(0, 7)}-${data.period.to.slice(0, 7)}`,
        breakdownColumns(data.query.by === "instrument"),
        data.rows,
        t,
        locale,
      );
    }
    case "attention": {
      const data = await loadAttention(supabase, params, labId);
      if ("error" in data) return data;
      return tableData(`attention-${data.period.from.slice(0, 7)}-${data.period.to.slice(0, 7)}`, attentionColumns(), data.rows, t, locale);
    }
    case "evaluation": {
      const data = await loadEvaluation(supabase, params, labId);
      if ("error" in data) return data;
      return tableData(`evaluation-${data.year}`, evaluationColumns(), data.rows, t, locale);
    }
  }
}
