// The statistics pages' data (issue 11, docs/decisions/018): thin calls of the public stats_*
// functions with the caller's client. The functions decide who may see what (bureau: the whole
// network; a lab's staff: their lab), so a guard that let the wrong user through still shows
// nothing. A refusal becomes 404, bad input 400, an outage 503.
import type { Locale } from "~/lib/i18n/translate";
import type { SupabaseClient } from "~/lib/platform/supabase.server";
import { failure } from "~/lib/platform/upstream";
import type { MonthRange } from "./period";

type Num = number | string | null | undefined;
const n = (value: Num) => Number(value ?? 0);

export interface Figures {
  instruments: number;
  availableHours: number;
  bookedHours: number;
  effectiveHours: number;
  externalHours: number;
  smeHours: number;
  bookings: number;
  noShows: number;
  rejected: number;
  incomeInternal: number;
  incomeExternal: number;
  organisationsServed: number;
}

export interface Overview extends Figures {
  largeInstruments: number;
  completed: number;
  smesServed: number;
}

export interface TrendPoint extends Figures {
  month: string;
}

export interface BreakdownRow extends Figures {
  key: string;
  labelZh: string;
  labelEn: string;
  labNameZh: string | null;
  labNameEn: string | null;
  completed: number;
  smesServed: number;
}

export interface AttentionRow {
  instrumentId: string;
  nameZh: string;
  nameEn: string;
  labId: string;
  labNameZh: string;
  labNameEn: string;
  effectiveHours: number;
  annualisedHours: number;
  shortfallHours: number;
  rejected: number;
  fullyBookedWeeks: number;
}

export interface EvaluationRow {
  instrumentId: string;
  nameZh: string;
  nameEn: string;
  model: string;
  manufacturer: string;
  labNameZh: string;
  labNameEn: string;
  organisationNameZh: string;
  originalValue: number;
  effectiveHours: number;
  externalHours: number;
  sharingRate: number | null;
  smeHours: number;
  organisationsServed: number;
  incomeInternal: number;
  incomeExternal: number;
  /** Average rating (1–5) of the year's rated bookings, null without ratings (migration 20261209…). */
  satisfactionAverage: number | null;
  satisfactionRatings: number;
}

// The dimensions live in tables.ts (shared with the browser: a page's component cannot read a
// value from a .server module, which the client build leaves empty).
export { DIMENSIONS, type Dimension } from "~/lib/stats/tables";
import type { Dimension } from "~/lib/stats/tables";

export interface BreakdownFilters {
  districtId?: string | null;
  labId?: string | null;
  categoryId?: string | null;
  chainId?: string | null;
  valueBand?: string | null;
}

/** Refusals and bad input as responses; anything else is an outage (503) or a bug (500). */
function check(what: string, error: { message: string; code?: string } | null): void {
  if (!error) return;
  if (error.message === "STATS_FORBIDDEN") throw new Response("Not found", { status: 404 });
  if (error.message === "STATS_INVALID_INPUT") throw new Response("Bad request", { status: 400 });
  failure(what, error);
}

/** The rows of a stats_*_json answer (one JSON array: a table past PostgREST's max-rows in one call). */
function jsonRows(data: unknown): Record<string, Num>[] {
  return Array.isArray(data) ? (data as Record<string, Num>[]) : [];
}

function figures(r: Record<string, Num>): Figures {
  return {
    instruments: n(r.instruments),
    availableHours: n(r.available_hours),
    bookedHours: n(r.booked_hours),
    effectiveHours: n(r.effective_hours),
    externalHours: n(r.external_hours),
    smeHours: n(r.sme_hours),
    bookings: n(r.bookings),
    noShows: n(r.no_shows),
    rejected: n(r.rejected),
    incomeInternal: n(r.income_internal_cny),
    incomeExternal: n(r.income_external_cny),
    organisationsServed: n(r.organisations_served),
  };
}

export async function getOverview(supabase: SupabaseClient, range: MonthRange & { asOf: string | null }, labId?: string | null): Promise<Overview> {
  const { data, error } = await supabase.rpc("stats_overview", {
    p_from: range.from,
    p_to: range.to,
    ...(labId ? { p_lab_id: labId } : {}),
    ...(range.asOf ? { p_as_of: range.asOf } : {}),
  });
  check("Could not read the overview", error);
  const r = (data?.[0] ?? {}) as Record<string, Num>;
  return { ...figures(r), largeInstruments: n(r.large_instruments), completed: n(r.completed), smesServed: n(r.smes_served) };
}

export async function getTrends(supabase: SupabaseClient, to: string, asOf: string | null, labId?: string | null, months = 24): Promise<TrendPoint[]> {
  const { data, error } = await supabase.rpc("stats_trends", {
    p_to: to,
    p_months: months,
    ...(labId ? { p_lab_id: labId } : {}),
    ...(asOf ? { p_as_of: asOf } : {}),
  });
  check("Could not read the trends", error);
  return (data ?? []).map((r) => ({ ...figures(r as Record<string, Num>), month: String(r.month) }));
}

function breakdownArgs(range: MonthRange & { asOf: string | null }, dimension: Dimension, filters: BreakdownFilters) {
  const args: { p_from: string; p_to: string; p_dimension: string } & Record<string, string> = {
    p_from: range.from,
    p_to: range.to,
    p_dimension: dimension,
  };
  if (filters.labId) args.p_lab_id = filters.labId;
  if (filters.districtId) args.p_district_id = filters.districtId;
  if (filters.categoryId) args.p_category_id = filters.categoryId;
  if (filters.chainId) args.p_chain_id = filters.chainId;
  if (filters.valueBand) args.p_value_band = filters.valueBand;
  if (range.asOf) args.p_as_of = range.asOf;
  return args;
}

function breakdownRow(r: Record<string, Num>): BreakdownRow {
  return {
    ...figures(r),
    key: String(r.group_key),
    labelZh: String(r.label_zh ?? ""),
    labelEn: String(r.label_en ?? ""),
    labNameZh: r.lab_name_zh == null ? null : String(r.lab_name_zh),
    labNameEn: r.lab_name_en == null ? null : String(r.lab_name_en),
    completed: n(r.completed),
    smesServed: n(r.smes_served),
  };
}

/** The whole breakdown table, in stats_breakdown's order (the exports). */
export async function getBreakdown(
  supabase: SupabaseClient,
  range: MonthRange & { asOf: string | null },
  dimension: Dimension,
  filters: BreakdownFilters,
): Promise<BreakdownRow[]> {
  // an instrument-level table has up to ~10,000 rows, past PostgREST's max-rows: one JSON array,
  // computed once (paging the set-returning function would run it again for every page)
  const { data, error } = await supabase.rpc("stats_breakdown_json", breakdownArgs(range, dimension, filters));
  check("Could not read the breakdown", error);
  return jsonRows(data).map(breakdownRow);
}

/**
 * One page of a breakdown, sorted over the whole table by the database (stats_breakdown_page: the
 * same columns and order as sortRows with breakdownColumns), so a 10,000-row table sends 100 rows.
 */
export async function getBreakdownPage(
  supabase: SupabaseClient,
  range: MonthRange & { asOf: string | null },
  dimension: Dimension,
  filters: BreakdownFilters,
  order: { sort: string; desc: boolean; locale: Locale; page: number; pageSize: number },
): Promise<RowsPage<BreakdownRow>> {
  const { data, error } = await supabase.rpc("stats_breakdown_page", {
    ...breakdownArgs(range, dimension, filters),
    p_sort: order.sort,
    p_desc: order.desc,
    p_locale: order.locale,
    p_page: order.page,
    p_page_size: order.pageSize,
  });
  check("Could not read the breakdown", error);
  return rowsPage(data, breakdownRow);
}

function attentionRow(r: Record<string, Num>): AttentionRow {
  return {
    instrumentId: String(r.instrument_id),
    nameZh: String(r.name_zh),
    nameEn: String(r.name_en),
    labId: String(r.lab_id),
    labNameZh: String(r.lab_name_zh),
    labNameEn: String(r.lab_name_en),
    effectiveHours: n(r.effective_hours),
    annualisedHours: n(r.annualised_hours),
    shortfallHours: n(r.shortfall_hours),
    rejected: n(r.rejected),
    fullyBookedWeeks: n(r.fully_booked_weeks),
  };
}

function attentionArgs(range: MonthRange & { asOf: string | null }, labId?: string | null) {
  const args: { p_from: string; p_to: string } & Record<string, string> = { p_from: range.from, p_to: range.to };
  if (labId) args.p_lab_id = labId;
  if (range.asOf) args.p_as_of = range.asOf;
  return args;
}

export async function getAttention(supabase: SupabaseClient, range: MonthRange & { asOf: string | null }, labId?: string | null): Promise<AttentionRow[]> {
  const { data, error } = await supabase.rpc("stats_attention_json", attentionArgs(range, labId));
  check("Could not read the attention list", error);
  return jsonRows(data).map(attentionRow);
}

/** A page of rows, with where it sits (stats_*_page answers). */
export interface RowsPage<Row> {
  rows: Row[];
  total: number;
  page: number;
  pages: number;
}

function rowsPage<Row>(data: unknown, row: (r: Record<string, Num>) => Row): RowsPage<Row> {
  const page = (data ?? {}) as { total?: Num; page?: Num; pages?: Num; rows?: unknown };
  return { rows: jsonRows(page.rows).map(row), total: n(page.total ?? 0), page: n(page.page ?? 1), pages: n(page.pages ?? 1) };
}

/** One page of the attention list, cut by the database (stats_attention_page). */
export async function getAttentionPage(
  supabase: SupabaseClient,
  range: MonthRange & { asOf: string | null },
  labId: string | null,
  page: number,
  pageSize: number,
): Promise<RowsPage<AttentionRow>> {
  const { data, error } = await supabase.rpc("stats_attention_page", { ...attentionArgs(range, labId), p_page: page, p_page_size: pageSize });
  check("Could not read the attention list", error);
  return rowsPage(data, attentionRow);
}

function evaluationRow(r: Record<string, Num>): EvaluationRow {
  return {
    instrumentId: String(r.instrument_id),
    nameZh: String(r.name_zh),
    nameEn: String(r.name_en),
    model: String(r.model ?? ""),
    manufacturer: String(r.manufacturer ?? ""),
    labNameZh: String(r.lab_name_zh),
    labNameEn: String(r.lab_name_en),
    organisationNameZh: String(r.organisation_name_zh),
    originalValue: n(r.original_value_cny),
    effectiveHours: n(r.effective_hours),
    externalHours: n(r.external_hours),
    sharingRate: r.sharing_rate == null ? null : n(r.sharing_rate),
    smeHours: n(r.sme_hours),
    organisationsServed: n(r.organisations_served),
    incomeInternal: n(r.income_internal_cny),
    incomeExternal: n(r.income_external_cny),
    satisfactionAverage: r.satisfaction_average == null ? null : n(r.satisfaction_average),
    satisfactionRatings: n(r.satisfaction_ratings),
  };
}

export async function getEvaluation(supabase: SupabaseClient, year: number, labId?: string | null): Promise<EvaluationRow[]> {
  const args: { p_year: number; p_lab_id?: string } = { p_year: year };
  if (labId) args.p_lab_id = labId;
  const { data, error } = await supabase.rpc("stats_evaluation_json", args);
  check("Could not read the evaluation sheet", error);
  return jsonRows(data).map(evaluationRow);
}

/** One page of the evaluation sheet, cut by the database (stats_evaluation_page). */
export async function getEvaluationPage(supabase: SupabaseClient, year: number, labId: string | null, page: number, pageSize: number): Promise<RowsPage<EvaluationRow>> {
  const { data, error } = await supabase.rpc("stats_evaluation_page", { p_year: year, ...(labId ? { p_lab_id: labId } : {}), p_page: page, p_page_size: pageSize });
  check("Could not read the evaluation sheet", error);
  return rowsPage(data, evaluationRow);
}
