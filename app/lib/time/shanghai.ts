// The week calendar shows Asia/Shanghai wall-clock time whatever the browser's zone. China has a
// fixed offset (UTC+8, no daylight saving), so the calendar runs in "UTC" and is fed wall-clock
// times: an instant is shifted by +8 h on the way in and by -8 h on the way out. Plain module.
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** An instant → its Asia/Shanghai wall-clock time as "YYYY-MM-DDTHH:mm:ss" (no offset). */
export function toWallClock(instant: string | Date): string {
  return new Date(new Date(instant).getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19);
}

/** A calendar date in wall-clock-as-UTC form → the real instant, as ISO 8601 UTC. */
export function fromWallClock(date: Date): string {
  return new Date(date.getTime() - SHANGHAI_OFFSET_MS).toISOString();
}

/** ISO weekday (1 = Monday … 7 = Sunday) → the calendar's day number (0 = Sunday). */
export function calendarWeekday(isoWeekday: number): number {
  return isoWeekday % 7;
}
