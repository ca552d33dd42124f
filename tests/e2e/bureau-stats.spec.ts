// The bureau analyst's statistics journey in Chromium against the built app (issue 11): open the
// overview, change the period (and see a bad one explained, not a 5xx), drill district → lab →
// instrument in the breakdowns, download the instrument table as CSV and the evaluation sheet as
// XLSX and parse both (their numbers are the page's); axe finds nothing serious; screenshots on
// a desktop and a phone. Exports are refused (404) to a signed-in engineer.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import ExcelJS from "exceljs";
import fs from "node:fs";
import { serviceClient } from "../support/supabase.ts";
import { E2E } from "../support/test-env.ts";
import { expect, shanghai, signIn, test } from "./fixtures.ts";

const shots = "tests/e2e/__screenshots__";

async function expectAxeClean(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), name).toEqual([]);
}

/** The first day of last month (Shanghai) and the Monday after its 7th. */
function lastMonth(): { month: string; day: string } {
  const now = new Date(Date.now() + 8 * 3_600_000);
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const day = new Date(first.getTime() + 9 * 86_400_000);
  return { month: first.toISOString().slice(0, 10), day: day.toISOString().slice(0, 10) };
}

test("analyst: overview, period, drill-down, CSV and evaluation sheet", async ({ page, world, lab, engineer }) => {
  test.setTimeout(180_000);
  const sem = await world.instrument(lab, { name: "统计用场发射扫描电镜", nameEn: "Stats SEM" });
  const { month, day } = lastMonth();
  await world.f.q(`update public.instruments set original_value_cny = 800000, created_at = $2 where id = $1`, [sem.id, `${month}T00:00:00+08:00`]);
  // 3 h booked, 170 min used, for an SME (external to the lab's university)
  await world.f.booking({
    instrumentId: sem.id,
    requesterId: engineer.id,
    organisationId: engineer.organisationId,
    start: shanghai(day, "09:00"),
    end: shanghai(day, "12:00"),
    status: "completed",
    rateCny: 300,
    actualMinutes: 170,
  });
  const district = await world.district();
  const [{ name_zh: districtName }] = await world.f.q<{ name_zh: string }>(`select name_zh from public.districts where id = $1`, [district.id]);
  const analyst = await world.f.bureau();
  try {
    await signIn(page, analyst);

    // Overview, this month by default; then last month
    await page.goto("/bureau");
    await expect(page.getByRole("heading", { level: 1, name: "共享网络运行概览" })).toBeVisible();
    await expectAxeClean(page, "overview");
    await page.screenshot({ path: `${shots}/bureau-overview-desktop.png`, fullPage: true });
    await page.getByLabel("统计期间").selectOption("last-month");
    await page.getByRole("button", { name: "查看" }).click();
    await expect(page).toHaveURL(/period=last-month/);
    await expect(page.locator('tr[data-figure="effective"]')).toBeVisible();

    // A period that makes no sense: a message, 400, no 5xx
    const bad = await page.goto("/bureau?period=custom&from=2026-13&to=2026-01");
    expect(bad?.status()).toBe(400);
    await expect(page.getByRole("alert")).toContainText("年-月");

    // Breakdowns: district → lab → instrument
    await page.goto("/bureau/breakdowns?period=last-month");
    await page.getByRole("link", { name: districtName, exact: true }).click();
    await expect(page).toHaveURL(/by=lab/);
    await page.getByRole("link", { name: `测试实验室 ${world.tag}` }).click();
    await expect(page).toHaveURL(/by=instrument/);
    const row = page.getByRole("row").filter({ hasText: sem.name });
    await expect(row).toContainText("2.83"); // 170 min
    await expectAxeClean(page, "breakdowns");

    // CSV of the instrument table: BOM, the page's numbers
    const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载 CSV" }).click()]);
    const csv = fs.readFileSync(await csvDownload.path(), "utf8");
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trim().split("\r\n").map((line) => line.split(","));
    const header = lines[0];
    const line = lines.find((cells) => cells[0] === sem.name)!;
    expect(line[header.indexOf("有效工作机时")]).toBe("2.83");
    expect(line[header.indexOf("对外服务机时")]).toBe("2.83");
    expect(line[header.indexOf("对外服务收入")]).toBe("850");

    await page.getByRole("link", { name: sem.name }).click();
    await expect(page).toHaveURL(new RegExp(`/instruments/${sem.id}`));

    // The evaluation sheet of last month's year, as XLSX
    const year = month.slice(0, 4);
    await page.goto(`/bureau/evaluation?year=${year}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(year);
    const [xlsxDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载 Excel" }).click()]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await xlsxDownload.path());
    const sheet = workbook.worksheets[0];
    const headers = (sheet.getRow(1).values as unknown[]).map(String);
    let found = false;
    sheet.eachRow((r, i) => {
      if (i === 1) return;
      const values = r.values as unknown[];
      if (values[headers.indexOf("名称")] !== sem.name) return;
      found = true;
      expect(Number(values[headers.indexOf("原值（元）")])).toBe(800000);
      expect(Number(values[headers.indexOf("有效工作机时")])).toBe(2.83);
      expect(Number(values[headers.indexOf("共享率")])).toBe(1);
      expect(Number(values[headers.indexOf("服务单位数")])).toBe(1);
    });
    expect(found).toBe(true);
    await expectAxeClean(page, "evaluation");

    // Trends: charts named, with their tables
    await page.goto("/bureau/trends?period=last-month");
    await expect(page.getByRole("img", { name: "台均有效机时与对外服务机时（每月）" })).toBeVisible();
    await expectAxeClean(page, "trends");

    // Phone
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/bureau?period=last-month");
    await page.screenshot({ path: `${shots}/bureau-overview-phone.png`, fullPage: true });
    await page.goto(`/bureau/breakdowns?period=last-month&by=instrument&lab=${lab.labId}`);
    await page.screenshot({ path: `${shots}/bureau-breakdowns-phone.png`, fullPage: true });
  } finally {
    await serviceClient(E2E).auth.admin.deleteUser(analyst.id);
  }
});

test("exports and pages are refused to a signed-in engineer", async ({ signedInPage: page }) => {
  for (const url of ["/bureau/export/overview?format=csv", "/bureau/export/evaluation?format=xlsx", "/bureau"]) {
    const res = await page.request.get(url);
    expect(res.status(), url).toBe(404);
  }
});
