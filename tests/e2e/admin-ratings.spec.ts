// Issue 11, parts 7 and 9 in Chromium against the built app:
//   * the bureau admin (seeded admin@…) approves the seeded pending application to open the
//     rail-transit lab at /bureau/labs, and its applicant (applicant.rail@…) then sees the new lab at
//     /lab; the analyst sees the same page read-only;
//   * a requester whose booking the lab records as completed gets the rating invitation e-mail,
//     follows its link to /bookings/:id#rate and rates the service once.
// axe (WCAG 2 A/AA, serious and critical) on every page; screenshots at desktop and phone widths.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { linkIn, waitForMail } from "../support/mailbox.ts";
import { E2E } from "../support/test-env.ts";
import { expect, hydrated, signIn, test } from "./fixtures.ts";

const shots = "tests/e2e/__screenshots__";
const DEMO_PASSWORD = "demo-password-2026";
/** The bureau's sub-navigation (stats.nav.label). */
const STATS_NAV = "统计";
const demo = (name: string) => ({ email: `${name}@demo.cz-instruments.cn`, password: DEMO_PASSWORD });

async function checkPage(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), `${name}: accessibility`).toEqual([]);
  await page.screenshot({ path: `${shots}/${name}-desktop.png`, fullPage: true });
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${shots}/${name}-phone.png`, fullPage: true });
  if (size) await page.setViewportSize(size);
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page.getByRole("link", { name: "登录" }).first()).toBeVisible();
}

test("the bureau admin approves the pending lab application, whose applicant then manages the lab", async ({ page }) => {
  const labName = "常州轨道交通装备材料试验室（演示）";

  // The applicant sees their application awaiting review.
  await signIn(page, demo("applicant.rail"));
  await page.goto("/labs/apply");
  await expect(page.getByRole("heading", { level: 1, name: "申请开放实验室" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: labName })).toContainText("待审核");
  await checkPage(page, "70-labs-apply");
  await page.goto("/lab");
  expect((await page.request.get("/lab")).status()).toBe(404);
  await signOut(page);

  // The analyst sees the application, read-only.
  await signIn(page, demo("analyst"));
  await page.goto("/bureau/labs");
  await expect(page.getByRole("heading", { level: 3, name: new RegExp(labName) })).toBeVisible();
  await expect(page.getByText("您是分析员")).toBeVisible();
  await expect(page.getByRole("button", { name: "批准", exact: true })).toHaveCount(0);
  await signOut(page);

  // The admin approves it.
  await signIn(page, demo("admin"));
  await page.goto("/bureau");
  await page.getByRole("navigation", { name: STATS_NAV }).getByRole("link", { name: "实验室管理" }).click();
  await expect(page).toHaveURL(/\/bureau\/labs$/);
  const application = page.getByRole("article").filter({ has: page.getByRole("heading", { level: 3, name: new RegExp(labName) }) });
  await expect(application).toContainText("CMA 201910000610");
  await checkPage(page, "71-bureau-labs");
  await hydrated(page, "form[id^=decide-]");
  await application.getByRole("button", { name: "批准", exact: true }).click();
  await expect(page.getByText("申请已批准，实验室已创建。")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: labName }).first()).toContainText("已开放");
  await expect(page.getByRole("row").filter({ hasText: "批准申请" }).first()).toContainText("常州工信局管理员");
  await page.goto("/bureau/analysts");
  await expect(page.getByRole("cell", { name: "analyst@demo.cz-instruments.cn" })).toBeVisible();
  await checkPage(page, "72-bureau-analysts");
  await signOut(page);

  // The applicant is e-mailed and now manages the lab.
  const mail = await waitForMail(E2E.mailUrl, demo("applicant.rail").email, (m) => m.subject.includes("开放实验室申请已批准"));
  expect(linkIn(mail, "/lab")).toMatch(/\/lab$/);
  await signIn(page, demo("applicant.rail"));
  await page.goto("/lab");
  await expect(page.getByRole("heading", { level: 1, name: "实验室工作台" })).toBeVisible();
  await expect(page.getByText(labName)).toBeVisible();
  await expect(page.getByText("实验室负责人")).toBeVisible();
  // A lab without instruments is told what to do first, starting with its first instrument.
  const start = page.getByRole("region", { name: "开始使用" });
  await expect(start).toBeVisible();
  await expect(page.getByRole("heading", { name: "今明两天的安排" })).toBeHidden();
  await start.getByRole("link", { name: "发布新仪器" }).click();
  await expect(page).toHaveURL(/\/lab\/instruments\/new$/);
});

test("a requester rates a completed booking from the invitation e-mail, once", async ({ page, world, lab, engineer }) => {
  const sem = await world.instrument(lab, { name: "场发射扫描电镜" });
  const end = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 24 * 3_600_000);
  const bookingId = await world.f.booking({
    instrumentId: sem.id,
    requesterId: engineer.id,
    organisationId: engineer.organisationId,
    start: new Date(end.getTime() - 2 * 3_600_000),
    end,
    status: "confirmed",
  });
  // The lab records the completion through the engine; the worker sends the invitation.
  const { error } = await lab.manager.client.rpc("complete_booking", { p_booking_id: bookingId, p_actual_minutes: 110 });
  expect(error).toBeNull();
  const mail = await waitForMail(E2E.mailUrl, engineer.email, (m) => m.subject.startsWith("请评价本次服务"), 30_000);
  const link = linkIn(mail, `/bookings/${bookingId}`);
  expect(link).toMatch(new RegExp(`/bookings/${bookingId}#rate$`));

  await signIn(page, engineer);
  await page.goto(new URL(link).pathname + "#rate");
  const section = page.getByRole("region", { name: "服务评价" });
  await expect(section).toBeVisible();
  await hydrated(page, "#rate form");
  // Nothing chosen: a field message, nothing written.
  await section.getByRole("button", { name: "提交评价" }).click();
  await expect(section.getByText("请选择 1–5 分。")).toBeVisible();
  await checkPage(page, "73-booking-rate");
  await section.getByLabel("4 分 · 满意").check();
  await section.getByLabel("意见").fill("数据清楚，技术员很耐心。");
  await section.getByRole("button", { name: "提交评价" }).click();
  await expect(page.getByText("感谢您的评价！")).toBeVisible();
  await expect(section).toContainText("您的评价：4 分（满分 5 分）");
  await expect(section.getByRole("button", { name: "提交评价" })).toHaveCount(0);
  await checkPage(page, "74-booking-rated");
  const rows = await world.f.q(`select rating, comment, rated_by from public.booking_ratings where booking_id = $1`, [bookingId]);
  expect(rows).toEqual([{ rating: 4, comment: "数据清楚，技术员很耐心。", rated_by: engineer.id }]);

  // The lab sees it at /lab/ratings.
  await signOut(page);
  await signIn(page, lab.manager);
  await page.goto("/lab");
  await page.getByRole("navigation", { name: "实验室工作台导航" }).getByRole("link", { name: "服务评价" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "服务评价" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "数据清楚，技术员很耐心。" })).toBeVisible();
  await checkPage(page, "75-lab-ratings");
});
