import { describe, expect, it } from "vitest";
import { calendarWeekday, fromWallClock, toWallClock } from "~/lib/time/shanghai";

describe("calendar time (TZ=UTC; Asia/Shanghai is UTC+8)", () => {
  it("shows instants in Shanghai wall-clock time", () => {
    expect(toWallClock("2026-12-01T01:00:00Z")).toBe("2026-12-01T09:00:00");
    expect(toWallClock("2026-12-01T20:30:00Z")).toBe("2026-12-02T04:30:00");
  });

  it("turns a calendar selection back into the instant", () => {
    expect(fromWallClock(new Date("2026-12-01T09:00:00Z"))).toBe("2026-12-01T01:00:00.000Z");
    expect(fromWallClock(new Date(`${toWallClock("2026-12-31T23:30:00Z")}Z`))).toBe("2026-12-31T23:30:00.000Z");
  });

  it("maps ISO weekdays to the calendar's", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(calendarWeekday)).toEqual([1, 2, 3, 4, 5, 6, 0]);
  });
});
