// Asia/Shanghai wall-clock maths (app/lib/time/shanghai.ts). Tests run with TZ=UTC; every instant
// here is written with its offset, and the dates are the ones that break naive code: the last
// evening of a year, 29 February, Sundays and the first of a month (still the previous day in UTC).
import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  calendarWeekday,
  daysBetween,
  daysInMonth,
  fromLocalMinute,
  fromWallClock,
  isoInstant,
  isoWeekday,
  isShanghaiDate,
  nextWeekday,
  shanghaiDate,
  shanghaiInstant,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
  startOfYear,
  toLocalMinute,
  toWallClock,
} from "~/lib/time/shanghai";

describe("instants and Shanghai dates", () => {
  it("gives the Shanghai date, which runs 8 hours ahead of UTC", () => {
    expect(shanghaiDate("2026-12-31T15:59:59Z")).toBe("2026-12-31");
    expect(shanghaiDate("2026-12-31T16:00:00Z")).toBe("2027-01-01");
    expect(shanghaiDate("2028-02-28T16:30:00Z")).toBe("2028-02-29");
    expect(shanghaiDate(new Date("2027-03-01T00:10:00+08:00"))).toBe("2027-03-01");
  });

  it("finds the instant of a wall-clock time, 24:00 being the next midnight", () => {
    expect(shanghaiInstant("2027-01-01").toISOString()).toBe("2026-12-31T16:00:00.000Z");
    expect(shanghaiInstant("2028-02-29", "23:30").toISOString()).toBe("2028-02-29T15:30:00.000Z");
    expect(shanghaiInstant("2026-12-31", "24:00").toISOString()).toBe("2026-12-31T16:00:00.000Z");
    expect(() => shanghaiInstant("2027-02-29")).toThrow();
    expect(() => shanghaiInstant("2026-12-01", "24:30")).toThrow();
  });

  it("knows which dates exist", () => {
    expect(isShanghaiDate("2028-02-29")).toBe(true);
    expect(isShanghaiDate("2027-02-29")).toBe(false);
    expect(isShanghaiDate("2026-13-01")).toBe(false);
    expect(isShanghaiDate("2026-12-1")).toBe(false);
  });
});

describe("calendar arithmetic", () => {
  it("adds days across months, years and leap days", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2028-02-29", 1)).toBe("2028-03-01");
    expect(addDays("2027-03-01", -1)).toBe("2027-02-28");
    expect(daysBetween("2028-02-01", "2028-03-01")).toBe(29);
    expect(daysBetween("2027-01-01", "2026-12-31")).toBe(-1);
  });

  it("names ISO weekdays and finds weeks' Mondays", () => {
    expect(isoWeekday("2027-01-03")).toBe(7); // a Sunday
    expect(isoWeekday("2026-12-28")).toBe(1);
    expect(isoWeekday("2028-02-29")).toBe(2);
    expect(startOfWeek("2027-01-03")).toBe("2026-12-28");
    expect(startOfWeek("2026-12-28")).toBe("2026-12-28");
    expect(nextWeekday("2027-01-03", 1)).toBe("2027-01-04");
    expect(nextWeekday("2027-01-04", 1)).toBe("2027-01-04");
  });

  it("finds months, quarters and years", () => {
    expect(startOfMonth("2028-02-29")).toBe("2028-02-01");
    expect(addMonths("2026-12-31", 1)).toBe("2027-01-01");
    expect(addMonths("2028-03-31", -1)).toBe("2028-02-01");
    expect(addMonths("2027-01-15", -24)).toBe("2025-01-01");
    expect(daysInMonth("2028-02-10")).toBe(29);
    expect(daysInMonth("2027-02-10")).toBe(28);
    expect(startOfQuarter("2026-12-31")).toBe("2026-10-01");
    expect(startOfQuarter("2027-03-31")).toBe("2027-01-01");
    expect(startOfYear("2026-12-31")).toBe("2026-01-01");
  });
});

describe("wall-clock text", () => {
  it("shows instants in Shanghai wall-clock time", () => {
    expect(toWallClock("2026-12-01T01:00:00Z")).toBe("2026-12-01T09:00:00");
    expect(toWallClock("2026-12-01T20:30:00Z")).toBe("2026-12-02T04:30:00");
  });

  it("turns a calendar selection back into the instant", () => {
    expect(fromWallClock(new Date("2026-12-01T09:00:00Z"))).toBe("2026-12-01T01:00:00.000Z");
    expect(fromWallClock(new Date(`${toWallClock("2026-12-31T23:30:00Z")}Z`))).toBe("2026-12-31T23:30:00.000Z");
  });

  it("reads and writes datetime-local minutes, refusing days that do not exist", () => {
    expect(fromLocalMinute("2027-01-01T00:30")?.toISOString()).toBe("2026-12-31T16:30:00.000Z");
    expect(toLocalMinute(new Date("2026-12-31T16:30:00Z"))).toBe("2027-01-01T00:30");
    expect(fromLocalMinute("2028-02-29T23:59")?.toISOString()).toBe("2028-02-29T15:59:00.000Z");
    expect(fromLocalMinute("2027-02-29T10:00")).toBeNull();
    expect(fromLocalMinute("2027-01-01T24:00")).toBeNull();
    expect(fromLocalMinute("2027-01-01 10:00")).toBeNull();
  });

  it("maps ISO weekdays to the calendar's", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(calendarWeekday)).toEqual([1, 2, 3, 4, 5, 6, 0]);
  });
});

describe("isoInstant (PostgREST's timestamptz as Date.toISOString writes it)", () => {
  it("equals new Date(value).toISOString() for every shape PostgREST may send", () => {
    for (const value of [
      "2026-12-31T16:00:00+00:00",
      "2028-02-29T00:30:00+00:00",
      "2026-12-01T08:15:00.5+00:00",
      "2026-12-01T08:15:00.123456+00:00",
      "2026-12-01T16:15:00+08:00",
      "2026-12-01T08:15:00Z",
      "2026-12-01T08:15:00.000Z",
    ]) {
      expect(isoInstant(value), value).toBe(new Date(value).toISOString());
    }
  });
});
