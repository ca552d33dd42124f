// Opening hours and exceptions of one instrument: the weekly-hours and exception forms' parsing,
// and the two-week preview of what they add up to (Asia/Shanghai days). Shared by server and
// browser; no I/O. The database applies the same hours (private.opening_time / closed_time) and
// refuses a change that strands bookings.
import { z } from "zod";
import { msg, text } from "~/lib/forms/fields";
import type { MessageKey } from "~/lib/i18n/translate";
import { EXCEPTION_KINDS, type BookingStatus, type ExceptionKind } from "~/lib/platform/enums";
import { addDays, fromLocalMinute, isoWeekday, shanghaiInstant, type ShanghaiDate } from "~/lib/time/shanghai";

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
/** Periods a weekday may have on the form. */
export const PERIODS_PER_DAY = 3;
export const PREVIEW_DAYS = 14;

export interface WeeklyPeriod {
  weekday: number;
  start: string;
  end: string;
}

export interface HoursException {
  id: string;
  kind: ExceptionKind;
  startsAt: string;
  endsAt: string;
  noteZh: string;
  noteEn: string;
}

export type FieldErrors = Record<string, MessageKey>;

/** A live booking a change would leave behind (stranded by new hours, or on an instrument being retired), as the page lists it. */
export interface StrandedBooking {
  id: string;
  startsAt: string;
  endsAt: string;
  status: BookingStatus;
  instrument: { name_zh: string; name_en: string };
  requester: string;
  organisation: { name_zh: string; name_en: string | null };
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const END_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

export function periodField(weekday: number, index: number, edge: "start" | "end"): string {
  return `h-${weekday}-${index}-${edge}`;
}

function minutes(time: string): number {
  const [h, m] = time.split(":").map(Number);
  return h * 60 + m;
}

/** "08:30:00" (Postgres time) → "08:30"; "24:00:00" stays "24:00". */
export function shortTime(time: string): string {
  return time.slice(0, 5);
}

/**
 * The weekly-hours form → its periods, or the errors at each field: both times or neither, each
 * period starting before it ends, and a weekday's periods not overlapping.
 */
export function parseWeeklyHours(form: FormData | URLSearchParams): { periods: WeeklyPeriod[]; errors: FieldErrors } {
  const periods: WeeklyPeriod[] = [];
  const errors: FieldErrors = {};
  for (const weekday of WEEKDAYS) {
    const day: (WeeklyPeriod & { field: string })[] = [];
    for (let index = 0; index < PERIODS_PER_DAY; index += 1) {
      const startField = periodField(weekday, index, "start");
      const endField = periodField(weekday, index, "end");
      const start = String(form.get(startField) ?? "").trim();
      const end = String(form.get(endField) ?? "").trim();
      if (!start && !end) continue;
      if (!TIME.test(start)) {
        errors[startField] = start ? "labHours.error.time" : "labHours.error.bothTimes";
        continue;
      }
      if (!END_TIME.test(end)) {
        errors[endField] = end ? "labHours.error.time" : "labHours.error.bothTimes";
        continue;
      }
      if (minutes(start) >= minutes(end)) {
        errors[endField] = "labHours.error.endBeforeStart";
        continue;
      }
      day.push({ weekday, start, end, field: endField });
    }
    day.sort((a, b) => minutes(a.start) - minutes(b.start));
    for (let i = 1; i < day.length; i += 1) {
      if (minutes(day[i].start) < minutes(day[i - 1].end)) errors[day[i].field] = "labHours.error.overlap";
    }
    periods.push(...day.map(({ weekday: w, start, end }) => ({ weekday: w, start, end })));
  }
  return { periods, errors };
}

const note = (max: number) =>
  text()
    .max(max, msg("validation.tooLong"))
    .refine((value) => !/<\s*[a-zA-Z!/?]/.test(value), msg("labInstruments.error.html"))
    .optional()
    .transform((value) => value ?? "");

/** The exception form: kind, a Shanghai date-time range, and the reason in both languages. */
export const exceptionFormSchema = z
  .object({
    exceptionId: z.string().uuid().optional(),
    kind: z.enum(EXCEPTION_KINDS, { errorMap: () => msg("labHours.error.kind") }),
    startsAt: z.string({ required_error: "validation.required" }).transform((value, ctx) => {
      const at = fromLocalMinute(value);
      if (!at) ctx.addIssue({ code: "custom", message: "validation.dateTime" });
      return at ?? new Date(0);
    }),
    endsAt: z.string({ required_error: "validation.required" }).transform((value, ctx) => {
      const at = fromLocalMinute(value);
      if (!at) ctx.addIssue({ code: "custom", message: "validation.dateTime" });
      return at ?? new Date(0);
    }),
    noteZh: note(500),
    noteEn: note(1000),
  })
  .superRefine((value, ctx) => {
    if (value.endsAt.getTime() <= value.startsAt.getTime()) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "labHours.error.endBeforeStart" });
    }
  });

export type ExceptionForm = z.output<typeof exceptionFormSchema>;

export interface PreviewDay {
  date: ShanghaiDate;
  weekday: number;
  /** Open periods as "HH:MM"–"HH:MM" (24:00 for midnight at the end). */
  open: { start: string; end: string }[];
  /** The exceptions touching the day. */
  exceptions: HoursException[];
}

type Interval = [number, number];

function merge(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Interval[] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function subtract(open: Interval[], closed: Interval[]): Interval[] {
  let result = open;
  for (const [ca, cb] of closed) {
    result = result.flatMap(([a, b]): Interval[] => {
      if (cb <= a || ca >= b) return [[a, b]];
      return [
        [a, Math.min(ca, b)],
        [Math.max(cb, a), b],
      ].filter(([x, y]) => y > x) as Interval[];
    });
  }
  return result;
}

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

/**
 * What the instrument's hours add up to on each of `days` Shanghai days from `from`: weekly hours
 * plus extra openings, minus closures and maintenance (as the booking engine counts them).
 */
export function previewHours(periods: WeeklyPeriod[], exceptions: HoursException[], from: ShanghaiDate, days = PREVIEW_DAYS): PreviewDay[] {
  return Array.from({ length: days }, (_, i) => {
    const date = addDays(from, i);
    const weekday = isoWeekday(date);
    const dayStart = shanghaiInstant(date).getTime();
    const dayEnd = dayStart + 24 * 60 * 60_000;
    const clip = (e: HoursException): Interval => [
      Math.max(0, (Date.parse(e.startsAt) - dayStart) / 60_000),
      Math.min(24 * 60, (Date.parse(e.endsAt) - dayStart) / 60_000),
    ];
    const touching = exceptions.filter((e) => Date.parse(e.startsAt) < dayEnd && Date.parse(e.endsAt) > dayStart);
    const weekly: Interval[] = periods.filter((p) => p.weekday === weekday).map((p) => [minutes(p.start), minutes(p.end)]);
    const extra = touching.filter((e) => e.kind === "extra_opening").map(clip);
    const closed = merge(touching.filter((e) => e.kind !== "extra_opening").map(clip));
    const open = subtract(merge([...weekly, ...extra]), closed).map(([a, b]) => ({ start: clock(a), end: clock(b) }));
    return { date, weekday, open, exceptions: touching };
  });
}
