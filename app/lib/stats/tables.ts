// The statistics tables, declared once: the pages render them and the CSV/XLSX exports write
// them, so an export's numbers are the page's numbers (unformatted: hours and money to 2
// decimals, rates to 4). Pure; shared by server and browser.
import type { Locale, MessageKey, TFunction } from "~/lib/i18n/translate";
import type { AttentionRow, BreakdownRow, EvaluationRow, Figures, Overview, TrendPoint } from "./bureau.server";

/** What the breakdowns can group by (the pages' tabs and stats_breakdown's p_dimension). */
export const DIMENSIONS = ["district", "lab", "category", "chain", "value_band", "instrument"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export type CellKind = "text" | "hours" | "rate" | "count" | "money" | "score";
export type CellValue = string | number | null;

export interface StatsColumn<Row> {
  id: string;
  header: MessageKey;
  kind: CellKind;
  value: (row: Row, locale: Locale) => CellValue;
}

/** Where a page sits in its table: rows in the whole table, rows before this page, the page (from 1), pages. */
export interface TablePage {
  total: number;
  offset: number;
  page: number;
  pages: number;
}

export interface TableData {
  /** file name without extension */
  name: string;
  headers: string[];
  kinds: CellKind[];
  rows: CellValue[][];
}

const ratio = (a: number, b: number): number | null => (b > 0 ? Math.round((a / b) * 10000) / 10000 : null);

/** The figure columns every grouping shares. */
export function figureColumns<Row extends Figures>(): StatsColumn<Row>[] {
  return [
    { id: "instruments", header: "stats.col.instruments", kind: "count", value: (r) => r.instruments },
    { id: "available", header: "stats.col.available", kind: "hours", value: (r) => r.availableHours },
    { id: "booked", header: "stats.col.booked", kind: "hours", value: (r) => r.bookedHours },
    { id: "effective", header: "stats.col.effective", kind: "hours", value: (r) => r.effectiveHours },
    { id: "perInstrument", header: "stats.col.perInstrument", kind: "hours", value: (r) => (r.instruments > 0 ? Math.round((r.effectiveHours / r.instruments) * 100) / 100 : null) },
    { id: "utilisation", header: "stats.col.utilisation", kind: "rate", value: (r) => ratio(r.effectiveHours, r.availableHours) },
    { id: "external", header: "stats.col.external", kind: "hours", value: (r) => r.externalHours },
    { id: "sharing", header: "stats.col.sharing", kind: "rate", value: (r) => ratio(r.externalHours, r.effectiveHours) },
    { id: "sme", header: "stats.col.sme", kind: "hours", value: (r) => r.smeHours },
    { id: "bookings", header: "stats.col.bookings", kind: "count", value: (r) => r.bookings },
    { id: "noShows", header: "stats.col.noShows", kind: "count", value: (r) => r.noShows },
    { id: "rejected", header: "stats.col.rejected", kind: "count", value: (r) => r.rejected },
    { id: "organisations", header: "stats.col.organisations", kind: "count", value: (r) => r.organisationsServed },
    { id: "incomeInternal", header: "stats.col.incomeInternal", kind: "money", value: (r) => r.incomeInternal },
    { id: "incomeExternal", header: "stats.col.incomeExternal", kind: "money", value: (r) => r.incomeExternal },
  ];
}

const name = (zh: string, en: string, locale: Locale) => (locale === "en" ? en || zh : zh);

export function breakdownColumns(withLab: boolean): StatsColumn<BreakdownRow>[] {
  return [
    { id: "name", header: "stats.col.name", kind: "text", value: (r, l) => name(r.labelZh, r.labelEn, l) },
    ...(withLab ? [{ id: "lab", header: "stats.col.lab", kind: "text", value: (r, l) => name(r.labNameZh ?? "", r.labNameEn ?? "", l) } satisfies StatsColumn<BreakdownRow>] : []),
    ...figureColumns<BreakdownRow>().filter((c) => !(withLab && c.id === "instruments")),
  ];
}

export function trendColumns(): StatsColumn<TrendPoint>[] {
  return [{ id: "month", header: "stats.col.month", kind: "text", value: (r) => r.month.slice(0, 7) }, ...figureColumns<TrendPoint>()];
}

export function attentionColumns(): StatsColumn<AttentionRow>[] {
  return [
    { id: "name", header: "stats.col.name", kind: "text", value: (r, l) => name(r.nameZh, r.nameEn, l) },
    { id: "lab", header: "stats.col.lab", kind: "text", value: (r, l) => name(r.labNameZh, r.labNameEn, l) },
    { id: "effective", header: "stats.col.effective", kind: "hours", value: (r) => r.effectiveHours },
    { id: "annualised", header: "stats.col.annualised", kind: "hours", value: (r) => r.annualisedHours },
    { id: "shortfall", header: "stats.col.shortfall", kind: "hours", value: (r) => r.shortfallHours },
    { id: "rejected", header: "stats.col.rejected", kind: "count", value: (r) => r.rejected },
    { id: "fullWeeks", header: "stats.col.fullWeeks", kind: "count", value: (r) => r.fullyBookedWeeks },
  ];
}

/** The annual evaluation sheet's columns, in the sheet's order (two rating columns join at the end, see ADR 018). */
export function evaluationColumns(): StatsColumn<EvaluationRow>[] {
  return [
    { id: "lab", header: "stats.col.lab", kind: "text", value: (r, l) => name(r.labNameZh, r.labNameEn, l) },
    { id: "organisation", header: "stats.col.organisation", kind: "text", value: (r) => r.organisationNameZh },
    { id: "name", header: "stats.col.name", kind: "text", value: (r, l) => name(r.nameZh, r.nameEn, l) },
    { id: "model", header: "stats.col.model", kind: "text", value: (r) => [r.manufacturer, r.model].filter(Boolean).join(" ") },
    { id: "value", header: "stats.col.originalValue", kind: "money", value: (r) => r.originalValue },
    { id: "effective", header: "stats.col.effective", kind: "hours", value: (r) => r.effectiveHours },
    { id: "external", header: "stats.col.external", kind: "hours", value: (r) => r.externalHours },
    { id: "sharing", header: "stats.col.sharing", kind: "rate", value: (r) => r.sharingRate },
    { id: "sme", header: "stats.col.sme", kind: "hours", value: (r) => r.smeHours },
    { id: "organisations", header: "stats.col.organisations", kind: "count", value: (r) => r.organisationsServed },
    { id: "incomeInternal", header: "stats.col.incomeInternal", kind: "money", value: (r) => r.incomeInternal },
    { id: "incomeExternal", header: "stats.col.incomeExternal", kind: "money", value: (r) => r.incomeExternal },
    { id: "satisfaction", header: "stats.col.satisfaction", kind: "score", value: (r) => r.satisfactionAverage },
    { id: "ratings", header: "stats.col.ratings", kind: "count", value: (r) => r.satisfactionRatings },
  ];
}

export function tableData<Row>(name: string, columns: StatsColumn<Row>[], rows: Row[], t: TFunction, locale: Locale): TableData {
  return {
    name,
    headers: columns.map((c) => t(c.header)),
    kinds: columns.map((c) => c.kind),
    rows: rows.map((row) => columns.map((c) => c.value(row, locale))),
  };
}

/** Sorts rows by a column (numbers numerically, text by the locale), nulls last. */
export function sortRows<Row>(rows: Row[], column: StatsColumn<Row> | undefined, dir: "asc" | "desc", locale: Locale): Row[] {
  if (!column) return rows;
  const collator = new Intl.Collator(locale);
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = column.value(a, locale);
    const y = column.value(b, locale);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    if (typeof x === "number" && typeof y === "number") return sign * (x - y);
    return sign * collator.compare(String(x), String(y));
  });
}

// One formatter per locale and kind, built on first use: a table of hundreds of cells must not build
// one per cell (~1 ms and ICU memory each; see app/lib/i18n/format.ts).
const cellFormats = new Map<string, Intl.NumberFormat>();
const CELL_OPTIONS: Record<string, Intl.NumberFormatOptions> = {
  rate: { style: "percent", maximumFractionDigits: 2 },
  money: { style: "currency", currency: "CNY", maximumFractionDigits: 2 },
  count: { maximumFractionDigits: 0 },
  other: { maximumFractionDigits: 2 },
};

export function formatCell(value: CellValue, kind: CellKind, locale: Locale): string {
  if (value === null) return "—";
  if (typeof value === "string") return value;
  const options = kind === "rate" || kind === "money" || kind === "count" ? kind : "other";
  const key = `${locale}|${options}`;
  let format = cellFormats.get(key);
  if (!format) cellFormats.set(key, (format = new Intl.NumberFormat(locale, CELL_OPTIONS[options])));
  return format.format(value);
}

export interface OverviewRow {
  id: string;
  label: MessageKey;
  kind: CellKind;
  value: (o: Overview, days: number) => number | null;
}

/** The overview's figures, in order; `days` is the number of days the period counts (for annualising). */
export const OVERVIEW_ROWS: OverviewRow[] = [
  { id: "instruments", label: "stats.col.instruments", kind: "count", value: (o) => o.instruments },
  { id: "large", label: "stats.col.largeInstruments", kind: "count", value: (o) => o.largeInstruments },
  { id: "available", label: "stats.col.available", kind: "hours", value: (o) => o.availableHours },
  { id: "booked", label: "stats.col.booked", kind: "hours", value: (o) => o.bookedHours },
  { id: "effective", label: "stats.col.effective", kind: "hours", value: (o) => o.effectiveHours },
  { id: "perInstrument", label: "stats.col.perInstrument", kind: "hours", value: (o) => (o.instruments > 0 ? Math.round((o.effectiveHours / o.instruments) * 100) / 100 : null) },
  { id: "utilisation", label: "stats.col.utilisation", kind: "rate", value: (o) => ratio(o.effectiveHours, o.availableHours) },
  { id: "external", label: "stats.col.external", kind: "hours", value: (o) => o.externalHours },
  { id: "sharing", label: "stats.col.sharing", kind: "rate", value: (o) => ratio(o.externalHours, o.effectiveHours) },
  { id: "sme", label: "stats.col.sme", kind: "hours", value: (o) => o.smeHours },
  { id: "bookings", label: "stats.col.bookings", kind: "count", value: (o) => o.bookings },
  { id: "noShows", label: "stats.col.noShows", kind: "count", value: (o) => o.noShows },
  { id: "noShowRate", label: "stats.col.noShowRate", kind: "rate", value: (o) => ratio(o.noShows, o.completed + o.noShows) },
  { id: "rejected", label: "stats.col.rejected", kind: "count", value: (o) => o.rejected },
  { id: "organisations", label: "stats.col.organisations", kind: "count", value: (o) => o.organisationsServed },
  { id: "smes", label: "stats.col.smes", kind: "count", value: (o) => o.smesServed },
  { id: "incomeInternal", label: "stats.col.incomeInternal", kind: "money", value: (o) => o.incomeInternal },
  { id: "incomeExternal", label: "stats.col.incomeExternal", kind: "money", value: (o) => o.incomeExternal },
];

/** Relative change from the previous period (null when there is nothing to compare with). */
export function change(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return Math.round(((current - previous) / Math.abs(previous)) * 10000) / 10000;
}
