// The statistics pages' periods from the URL (app/lib/stats/period.ts) and the CSV/XLSX writers
// (app/lib/stats/export.server.ts). "now" is passed in (ADR 014).
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { toCsv, toXlsx } from "~/lib/stats/export.server";
import { parsePeriod, parseYear } from "~/lib/stats/period";

const now = new Date("2026-02-15T10:00:00+08:00");
const parse = (search: string) => parsePeriod(new URLSearchParams(search), now);

describe("parsePeriod", () => {
  it("this month runs to today and compares with the whole month before", () => {
    expect(parse("")).toMatchObject({
      period: { kind: "this-month", from: "2026-02-01", to: "2026-02-01", asOf: "2026-02-15", previous: { from: "2026-01-01", to: "2026-01-01", asOf: null } },
    });
  });
  it("last month, this quarter, this year and last year are whole months; previous periods cross the year end", () => {
    expect(parse("period=last-month")).toMatchObject({ period: { from: "2026-01-01", to: "2026-01-01", asOf: null, previous: { from: "2025-12-01", to: "2025-12-01" } } });
    expect(parse("period=this-quarter")).toMatchObject({ period: { from: "2026-01-01", to: "2026-02-01", asOf: "2026-02-15", previous: { from: "2025-10-01", to: "2025-12-01" } } });
    expect(parse("period=this-year")).toMatchObject({ period: { from: "2026-01-01", to: "2026-02-01", previous: { from: "2025-01-01", to: "2025-02-01" } } });
    expect(parse("period=last-year")).toMatchObject({ period: { from: "2025-01-01", to: "2025-12-01", asOf: null, previous: { from: "2024-01-01", to: "2024-12-01" } } });
  });
  it("a custom period compares with the same number of months before it", () => {
    expect(parse("period=custom&from=2025-03&to=2025-08")).toMatchObject({
      period: { from: "2025-03-01", to: "2025-08-01", previous: { from: "2024-09-01", to: "2025-02-01" }, search: "period=custom&from=2025-03&to=2025-08" },
    });
  });
  it("says what is wrong with a bad period", () => {
    expect(parse("period=yesterday")).toEqual({ error: "stats.period.invalid" });
    expect(parse("period=custom&from=2025-13&to=2026-01")).toEqual({ error: "stats.period.badMonth" });
    expect(parse("period=custom&from=2025-1&to=2026-01")).toEqual({ error: "stats.period.badMonth" });
    expect(parse("period=custom&from=2026-02&to=2026-01")).toEqual({ error: "stats.period.order" });
    expect(parse("period=custom&from=2020-01&to=2026-01")).toEqual({ error: "stats.period.tooLong" });
  });
  it("the Shanghai month starts 8 hours before UTC's", () => {
    expect(parsePeriod(new URLSearchParams(""), new Date("2027-01-01T00:30:00+08:00"))).toMatchObject({ period: { from: "2027-01-01" } });
  });
});

describe("parseYear", () => {
  it("defaults to last year and refuses nonsense", () => {
    expect(parseYear(new URLSearchParams(""), now)).toEqual({ year: 2025 });
    expect(parseYear(new URLSearchParams("year=2024"), now)).toEqual({ year: 2024 });
    expect(parseYear(new URLSearchParams("year=24"), now)).toEqual({ error: "stats.year.invalid" });
    expect(parseYear(new URLSearchParams("year=1999"), now)).toEqual({ error: "stats.year.invalid" });
  });
});

describe("exports", () => {
  const table = {
    name: "t",
    headers: ["名称", "有效工作机时", "共享率"],
    kinds: ["text", "hours", "rate"] as ("text" | "hours" | "rate")[],
    rows: [
      ["扫描电镜, \"低真空\"", 12.5, 0.25],
      ["=cmd()", 0, null],
    ],
  };
  it("CSV: UTF-8 BOM, CRLF, quoted commas and quotes, formulas defused, empty for no value", () => {
    expect(toCsv(table)).toBe('\uFEFF名称,有效工作机时,共享率\r\n"扫描电镜, ""低真空""",12.5,0.25\r\n\'=cmd(),0,\r\n');
  });
  it("XLSX: the same cells, numbers as numbers", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx(table, "Sheet")) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, "名称", "有效工作机时", "共享率"]);
    expect(sheet.getRow(2).values).toEqual([undefined, '扫描电镜, "低真空"', 12.5, 0.25]);
    expect(sheet.getCell("C2").numFmt).toBe("0.00%");
  });
});
