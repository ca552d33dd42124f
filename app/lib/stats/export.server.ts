// Every statistics table as CSV (UTF-8 with BOM, so Excel opens Chinese text correctly; RFC 4180
// quoting; cells that a spreadsheet would run as formulas are prefixed with ') and as XLSX
// (exceljs), from the same TableData the page renders.
import ExcelJS from "exceljs";
import type { TableData } from "./tables";

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

function csvCell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(table: TableData): string {
  const lines = [table.headers, ...table.rows].map((row) => row.map(csvCell).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

const NUMBER_FORMATS: Record<string, string> = { hours: "#,##0.00", money: "#,##0.00", rate: "0.00%", count: "#,##0", score: "0.00" };

export async function toXlsx(table: TableData, sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "常州科研仪器开放共享网络";
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31).replace(/[\\/?*[\]:]/g, " "));
  sheet.addRow(table.headers).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((v) => (v === null ? null : v)));
  table.kinds.forEach((kind, i) => {
    const column = sheet.getColumn(i + 1);
    if (NUMBER_FORMATS[kind]) column.numFmt = NUMBER_FORMATS[kind];
    column.width = kind === "text" ? 28 : 14;
  });
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The download response for a table in a format. */
export async function exportResponse(table: TableData, format: ExportFormat, sheetName: string, headers?: Headers): Promise<Response> {
  const out = new Headers(headers);
  out.set("Cache-Control", "private, no-store");
  const file = encodeURIComponent(`${table.name}.${format}`);
  out.set("Content-Disposition", `attachment; filename="${table.name.replace(/[^\w.-]/g, "_")}.${format}"; filename*=UTF-8''${file}`);
  if (format === "csv") {
    out.set("Content-Type", "text/csv; charset=utf-8");
    return new Response(toCsv(table), { headers: out });
  }
  out.set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  return new Response(new Uint8Array(await toXlsx(table, sheetName)), { headers: out });
}
