// The statistics pages' period, from the URL (`?period=this-month|last-month|this-quarter|
// this-year|last-year|custom&from=YYYY-MM&to=YYYY-MM`): whole Asia/Shanghai months (the rollups'
// grain, docs/decisions/018), the previous period to compare with, and the day available hours
// stop at while the period is still running. Pure; shared by loaders, exports and tests.
import { addDays, addMonths, startOfMonth, startOfQuarter, startOfYear, todayInShanghai, type ShanghaiDate } from "~/lib/time/shanghai";

export const PERIOD_KINDS = ["this-month", "last-month", "this-quarter", "this-year", "last-year", "custom"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface MonthRange {
  /** first day of the first month */
  from: ShanghaiDate;
  /** first day of the last month */
  to: ShanghaiDate;
}

export interface StatsPeriod extends MonthRange {
  kind: PeriodKind;
  /** last day counted in available hours while the period runs (today), else null */
  asOf: ShanghaiDate | null;
  previous: MonthRange & { asOf: ShanghaiDate | null };
  /** the URL search parameters that select this period */
  search: string;
}

export type PeriodError = "stats.period.invalid" | "stats.period.badMonth" | "stats.period.order" | "stats.period.tooLong";

export const MAX_MONTHS = 60;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Months from `from` to `to` inclusive (both first days). */
export function monthsBetween(from: ShanghaiDate, to: ShanghaiDate): number {
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
}

/** The last day of the month that starts at `month`. */
export function endOfMonth(month: ShanghaiDate): ShanghaiDate {
  return addDays(addMonths(month, 1), -1);
}

function range(kind: PeriodKind, from: ShanghaiDate, to: ShanghaiDate, today: ShanghaiDate, previous: MonthRange): StatsPeriod {
  const running = (r: MonthRange) => (r.from <= today && today <= endOfMonth(r.to) ? today : null);
  const search = kind === "custom" ? `period=custom&from=${from.slice(0, 7)}&to=${to.slice(0, 7)}` : `period=${kind}`;
  return { kind, from, to, asOf: running({ from, to }), previous: { ...previous, asOf: running(previous) }, search };
}

/** The period the URL asks for (this month when none), or the message key saying what is wrong. */
export function parsePeriod(params: URLSearchParams, now: Date = new Date()): { period: StatsPeriod } | { error: PeriodError } {
  const today = todayInShanghai(now);
  const month = startOfMonth(today);
  const kind = params.get("period") ?? "this-month";
  switch (kind) {
    case "this-month":
      return { period: range(kind, month, month, today, { from: addMonths(month, -1), to: addMonths(month, -1) }) };
    case "last-month":
      return { period: range(kind, addMonths(month, -1), addMonths(month, -1), today, { from: addMonths(month, -2), to: addMonths(month, -2) }) };
    case "this-quarter": {
      const q = startOfQuarter(today);
      return { period: range(kind, q, month, today, { from: addMonths(q, -3), to: addMonths(q, -1) }) };
    }
    case "this-year": {
      const y = startOfYear(today);
      return { period: range(kind, y, month, today, { from: addMonths(y, -12), to: addMonths(month, -12) }) };
    }
    case "last-year": {
      const y = addMonths(startOfYear(today), -12);
      return { period: range(kind, y, addMonths(y, 11), today, { from: addMonths(y, -12), to: addMonths(y, -1) }) };
    }
    case "custom": {
      const from = params.get("from") ?? "";
      const to = params.get("to") ?? "";
      if (!MONTH.test(from) || !MONTH.test(to)) return { error: "stats.period.badMonth" };
      const a = `${from}-01`;
      const b = `${to}-01`;
      if (a > b) return { error: "stats.period.order" };
      const n = monthsBetween(a, b);
      if (n > MAX_MONTHS) return { error: "stats.period.tooLong" };
      return { period: range(kind, a, b, today, { from: addMonths(a, -n), to: addMonths(a, -1) }) };
    }
    default:
      return { error: "stats.period.invalid" };
  }
}

/** The evaluation sheet's year from `?year=` (last year when none), or an error. */
export function parseYear(params: URLSearchParams, now: Date = new Date()): { year: number } | { error: "stats.year.invalid" } {
  const raw = params.get("year");
  if (raw === null || raw === "") return { year: Number(todayInShanghai(now).slice(0, 4)) - 1 };
  if (!/^\d{4}$/.test(raw) || Number(raw) < 2000 || Number(raw) > 2100) return { error: "stats.year.invalid" };
  return { year: Number(raw) };
}
