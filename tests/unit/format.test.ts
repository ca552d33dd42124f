// One money format, locale-aware lists and the 24-hour clock, in the app and in the e-mails.
import { describe, expect, it } from "vitest";
import { formatDateTime, formatFullRange, formatList, formatListParts, formatPrice, formatRange, formatShortStart, formatTime, formatTimeIntl } from "~/lib/i18n/format";

describe("formatPrice", () => {
  it("shows whole amounts without decimals", () => {
    expect(formatPrice(380, "en")).toBe("CN¥380");
    expect(formatPrice(380, "zh-CN")).toBe("¥380");
    expect(formatPrice(1200, "en")).toBe("CN¥1,200");
    expect(formatPrice(0, "zh-CN")).toBe("¥0");
  });

  it("shows any other amount with two decimals", () => {
    expect(formatPrice(380.5, "en")).toBe("CN¥380.50");
    expect(formatPrice(380.5, "zh-CN")).toBe("¥380.50");
    expect(formatPrice(1234.56, "en")).toBe("CN¥1,234.56");
    // Rounds to the cent first: 380.004 is a whole amount.
    expect(formatPrice(380.004, "zh-CN")).toBe("¥380");
  });
});

describe("formatList", () => {
  it("joins with 、 in Chinese and with commas in English", () => {
    expect(formatList(["新材料", "新能源", "智能制造"], "zh-CN")).toBe("新材料、新能源、智能制造");
    expect(formatList(["New materials", "New energy", "Smart manufacturing"], "en")).toBe(
      "New materials, New energy, Smart manufacturing",
    );
    expect(formatList(["New materials", "New energy"], "en")).toBe("New materials, New energy");
    expect(formatList(["新材料"], "zh-CN")).toBe("新材料");
    expect(formatList([], "en")).toBe("");
  });

  it("hands back the items themselves, in order, with the separators between them", () => {
    const chains = [{ code: "a" }, { code: "b" }, { code: "c" }];
    expect(formatListParts(chains, "en")).toEqual([
      { type: "element", value: chains[0] },
      { type: "literal", value: ", " },
      { type: "element", value: chains[1] },
      { type: "literal", value: ", " },
      { type: "element", value: chains[2] },
    ]);
    expect(formatListParts(chains, "zh-CN").filter((p) => p.type === "literal").map((p) => p.value)).toEqual(["、", "、"]);
    expect(formatListParts([chains[0]], "zh-CN")).toEqual([{ type: "element", value: chains[0] }]);
  });
});

describe("24-hour times in Asia/Shanghai", () => {
  // 05:14 UTC is 13:14 in Changzhou; 16:05 UTC is 00:05 the next day.
  const afternoon = "2026-12-01T05:14:00Z";
  const pastMidnight = "2026-12-01T16:05:00Z";

  it("formatDateTime's default (the booking timeline) is 24-hour in both languages", () => {
    expect(formatDateTime(afternoon, "en")).toBe("Dec 1, 2026, 13:14");
    expect(formatDateTime(afternoon, "zh-CN")).toBe("2026年12月1日 13:14");
    expect(formatDateTime(pastMidnight, "en")).toBe("Dec 2, 2026, 00:05");
    expect(formatDateTime(afternoon, "en")).not.toMatch(/AM|PM/);
  });

  it("stays 24-hour whatever options a caller passes", () => {
    expect(formatDateTime(afternoon, "en", { hour: "numeric", minute: "2-digit" })).toBe("13:14");
    expect(formatDateTime(afternoon, "en", { timeStyle: "short", hour12: true })).toBe("13:14");
    expect(formatDateTime(afternoon, "en", { dateStyle: "full", timeStyle: "short" })).toBe("Tuesday, December 1, 2026 at 13:14");
  });

  it("formatTime (cut from the wall-clock text) says what Intl says, every minute of a day, in both languages", () => {
    for (const locale of ["zh-CN", "en"] as const) {
      for (let minute = 0; minute < 24 * 60; minute++) {
        const instant = new Date(Date.UTC(2026, 11, 1, 0, minute) - 3_600_000 * 8).toISOString();
        expect(formatTime(instant, locale)).toBe(formatTimeIntl(instant, locale));
      }
    }
  });

  it("page and e-mail helpers are 24-hour", () => {
    expect(formatTime(afternoon, "en")).toBe("13:14");
    expect(formatTime(pastMidnight, "en")).toBe("00:05");
    expect(formatRange(afternoon, "2026-12-01T07:00:00Z", "en")).toBe("Tue, December 1, 2026 13:14–15:00");
    expect(formatRange(afternoon, pastMidnight, "en")).toBe("Dec 1, 2026, 13:14 – Dec 2, 2026, 00:05");
    expect(formatFullRange(afternoon, "2026-12-01T07:00:00Z", "en")).toBe("Tuesday, December 1, 2026, 13:14–15:00");
    expect(formatFullRange(afternoon, "2026-12-01T07:00:00Z", "zh-CN")).toBe("2026年12月1日星期二 13:14–15:00");
    expect(formatShortStart(afternoon, "en")).toBe("Dec 1, 13:14");
    expect(formatShortStart(pastMidnight, "zh-CN")).toBe("12月2日 00:05");
  });
});
