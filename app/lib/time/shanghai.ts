// Asia/Shanghai wall-clock maths, in one place: the network runs on Changzhou's time whatever the
// server's or the browser's zone. China has had one fixed offset since 1991 (UTC+8, no daylight
// saving), so a wall-clock time is the instant shifted by +8 h, and calendar arithmetic (days,
// weeks, months, years) is done on "YYYY-MM-DD" dates with UTC date functions, never in the
// process's local time. Plain module (no I/O), shared by pages, calendar, e-mails and statistics.

export const TIME_ZONE = "Asia/Shanghai";
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** A calendar date in Shanghai, "YYYY-MM-DD". */
export type ShanghaiDate = string;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

function toMillis(instant: string | number | Date): number {
  return instant instanceof Date ? instant.getTime() : typeof instant === "number" ? instant : Date.parse(instant);
}

/** The Shanghai calendar date of an instant: "2026-12-01". */
export function shanghaiDate(instant: string | number | Date): ShanghaiDate {
  return new Date(toMillis(instant) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Today's Shanghai date (pass `now` in; tests never assume what today is). */
export function todayInShanghai(now: Date = new Date()): ShanghaiDate {
  return shanghaiDate(now);
}

/** Whether `value` is a real calendar date "YYYY-MM-DD" (2027-02-29 is not; 2028-02-29 is). */
export function isShanghaiDate(value: string): boolean {
  const m = DATE_PATTERN.exec(value);
  if (!m) return false;
  const [year, month, day] = m.slice(1).map(Number);
  const check = new Date(Date.UTC(year, month - 1, day));
  return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day;
}

function parts(date: ShanghaiDate): [number, number, number] {
  if (!isShanghaiDate(date)) throw new Error(`not a date: ${date}`);
  return date.split("-").map(Number) as [number, number, number];
}

function fromUtcDate(ms: number): ShanghaiDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The instant a Shanghai date and time ("HH:mm", "24:00" is the next midnight) begins. */
export function shanghaiInstant(date: ShanghaiDate, time = "00:00"): Date {
  const [year, month, day] = parts(date);
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59 || (Number(m[1]) === 24 && Number(m[2]) !== 0)) {
    throw new Error(`not a time of day: ${time}`);
  }
  return new Date(Date.UTC(year, month - 1, day, Number(m[1]), Number(m[2])) - SHANGHAI_OFFSET_MS);
}

/** The days between two dates (b − a), negative when b is earlier. */
export function daysBetween(a: ShanghaiDate, b: ShanghaiDate): number {
  const [ya, ma, da] = parts(a);
  const [yb, mb, db] = parts(b);
  return Math.round((Date.UTC(yb, mb - 1, db) - Date.UTC(ya, ma - 1, da)) / DAY_MS);
}

export function addDays(date: ShanghaiDate, days: number): ShanghaiDate {
  const [year, month, day] = parts(date);
  return fromUtcDate(Date.UTC(year, month - 1, day + days));
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: ShanghaiDate): number {
  const [year, month, day] = parts(date);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** The Monday of the date's ISO week. */
export function startOfWeek(date: ShanghaiDate): ShanghaiDate {
  return addDays(date, 1 - isoWeekday(date));
}

/** The next date (on or after `date`) that falls on the ISO weekday given. */
export function nextWeekday(date: ShanghaiDate, weekday: number): ShanghaiDate {
  return addDays(date, (weekday - isoWeekday(date) + 7) % 7);
}

export function startOfMonth(date: ShanghaiDate): ShanghaiDate {
  return `${date.slice(0, 7)}-01`;
}

/** The first day of the month `months` after the date's month (negative: before). */
export function addMonths(date: ShanghaiDate, months: number): ShanghaiDate {
  const [year, month] = parts(date);
  return fromUtcDate(Date.UTC(year, month - 1 + months, 1));
}

/** The first day of the date's quarter (January, April, July, October). */
export function startOfQuarter(date: ShanghaiDate): ShanghaiDate {
  const [year, month] = parts(date);
  return fromUtcDate(Date.UTC(year, Math.floor((month - 1) / 3) * 3, 1));
}

export function startOfYear(date: ShanghaiDate): ShanghaiDate {
  return `${date.slice(0, 4)}-01-01`;
}

/** The number of days in the date's month (29 in February 2028). */
export function daysInMonth(date: ShanghaiDate): number {
  return daysBetween(startOfMonth(date), addMonths(date, 1));
}

// --- Wall-clock text ---------------------------------------------------------------------------

/** An instant → its Shanghai wall-clock time "YYYY-MM-DDTHH:mm:ss" (no offset). */
export function toWallClock(instant: string | number | Date): string {
  return new Date(toMillis(instant) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19);
}

/**
 * A date whose UTC fields hold a Shanghai wall-clock time (how the week calendar, run in "UTC",
 * hands back a selection) → the real instant, as ISO 8601 UTC.
 */
export function fromWallClock(date: Date): string {
  return new Date(date.getTime() - SHANGHAI_OFFSET_MS).toISOString();
}

/** The Shanghai wall-clock minute "YYYY-MM-DDTHH:mm" of an instant, as a datetime-local input shows it. */
export function toLocalMinute(instant: string | number | Date): string {
  return toWallClock(instant).slice(0, 16);
}

/**
 * The instant of a Shanghai wall-clock minute "YYYY-MM-DDTHH:mm" (what a datetime-local input
 * sends), or null when the text is not one or names a day that does not exist (2027-02-30).
 */
export function fromLocalMinute(value: string): Date | null {
  const m = LOCAL_PATTERN.exec(value);
  if (!m) return null;
  const [hour, minute] = [Number(m[4]), Number(m[5])];
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  if (hour > 23 || minute > 59 || !isShanghaiDate(date)) return null;
  return shanghaiInstant(date, `${m[4]}:${m[5]}`);
}

/** ISO weekday (1 = Monday … 7 = Sunday) → FullCalendar's day number (0 = Sunday). */
export function calendarWeekday(isoWeekdayNumber: number): number {
  return isoWeekdayNumber % 7;
}

/** PostgREST's timestamptz in a UTC session, to whole seconds: "2026-12-02T00:30:00+00:00". */
const UTC_WHOLE_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/;

/**
 * A timestamptz from PostgREST as `Date.toISOString()` writes it ("2026-12-02T00:30:00.000Z"):
 * rewritten without a Date for the usual shape (the instrument page has up to 24 × 14 slots, two
 * instants each), through Date for any other.
 */
export function isoInstant(value: string): string {
  return UTC_WHOLE_SECONDS.test(value) ? `${value.slice(0, 19)}.000Z` : new Date(value).toISOString();
}
