// The lab's staff and authorisations in Chromium against the built app: a manager adds a new
// technician by e-mail (an invitation goes to the mailbox; its link lets the technician choose a
// password and lands them in /lab), then grants an engineer self-operation authorisation on an
// instrument. axe on each new lab page; screenshots at desktop and phone widths.
import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, shanghaiDate, signIn, test } from "./fixtures.ts";
import { linkIn, waitForMail } from "../support/mailbox.ts";
import { E2E } from "../support/test-env.ts";

const shots = "tests/e2e/__screenshots__";

async function shots2(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${shots}/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${shots}/${name}-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function expectNoSeriousViolations(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious.map((v) => `[${v.impact}] ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`).join("\n");
  expect(serious, `${name}: accessibility violations\n${report}`).toEqual([]);
}

test("a manager adds a technician by e-mail and grants an authorisation", async ({ page, browser, world, lab, engineer }) => {
  test.slow();
  const sem = await world.instrument(lab, { name: "场发射扫描电镜", policy: { requires_authorisation: true, service_modes: ["self_operation", "sample_submission"] } });
  await signIn(page, lab.manager);

  // Staff: add a new address as technician
  await page.goto("/lab/staff");
  await expect(page.getByRole("heading", { level: 1, name: "实验室人员" })).toBeVisible();
  const email = `tech-${randomUUID().slice(0, 8)}@example.test`;
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("角色").selectOption("technician");
  await page.getByRole("button", { name: "添加", exact: true }).click();
  await expect(page.getByText("已发送邀请邮件")).toBeVisible();
  await expect(page.getByRole("cell", { name: email })).toBeVisible();
  await expectNoSeriousViolations(page, "lab staff");
  await shots2(page, "lab-staff");

  // The invitation arrives; its link lets the new technician choose a password and enter /lab
  const invitation = await waitForMail(E2E.mailUrl, email);
  const link = linkIn(invitation, "/auth/confirm");
  const invited = await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  try {
    const tech = await invited.newPage();
    await tech.goto(link);
    await expect(tech).toHaveURL(/\/account\/welcome/);
    await expect(tech.getByRole("heading", { level: 1, name: "欢迎加入" })).toBeVisible();
    await tech.getByLabel("新密码", { exact: true }).fill("invited-password-123");
    await tech.getByLabel("再次输入新密码").fill("invited-password-123");
    await tech.getByRole("button", { name: "设置密码并继续" }).click();
    await expect(tech).toHaveURL(/\/lab$/);
    await expect(tech.getByText("技术员")).toBeVisible();
    // a technician sees the staff list without its actions
    await tech.goto("/lab/staff");
    await expect(tech.getByRole("cell", { name: email })).toBeVisible();
    await expect(tech.getByRole("button", { name: "添加", exact: true })).toHaveCount(0);
    await expect(tech.getByRole("button", { name: /移除/ })).toHaveCount(0);
  } finally {
    await invited.close();
  }

  // Authorisations: grant the engineer self-operation on the SEM
  await page.goto("/lab/authorisations");
  await expect(page.getByRole("heading", { level: 1, name: "自主操作授权" })).toBeVisible();
  await page.getByLabel("用户邮箱").fill(engineer.email);
  await page.getByLabel(sem.name).check();
  const until = shanghaiDate(60);
  await page.getByLabel("有效期至（含当天）").fill(until);
  await page.getByLabel("备注").fill("已完成上机培训");
  await page.getByRole("button", { name: "授予授权" }).click();
  await expect(page.getByText("授权已保存。")).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: engineer.email });
  await expect(row).toContainText(sem.name);
  await expect(row).toContainText("已完成上机培训");
  const stored = await world.f.q<{ expires_at: Date }>(`select expires_at from public.instrument_authorisations where instrument_id = $1 and user_id = $2`, [sem.id, engineer.id]);
  expect(stored).toHaveLength(1);
  await expectNoSeriousViolations(page, "lab authorisations");
  await shots2(page, "lab-authorisations");

  // A bad date: a message at the field, nothing written
  await page.getByLabel("用户邮箱").fill(engineer.email);
  await page.getByLabel(sem.name).check();
  await page.getByLabel("有效期至（含当天）").fill("2020-01-01");
  await page.getByRole("button", { name: "授予授权" }).click();
  await expect(page.getByText("有效期不能早于今天。")).toBeVisible();

  // Settings: the digest choice and the calendar feed
  await page.goto("/lab/settings");
  await page.getByLabel("每天早上 8:00（北京时间）汇总发送一封邮件").check();
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("邮件通知设置已保存。")).toBeVisible();
  await page.getByRole("button", { name: "开启日历订阅" }).click();
  const feedUrl = await page.getByTestId("feed-url").textContent();
  expect(feedUrl).toMatch(/\/lab\/feed\/[A-Za-z0-9_-]{32}\.ics$/);
  const feed = await page.request.get(new URL(feedUrl!).pathname);
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toContain("text/calendar");
  expect(await page.request.get("/lab/feed/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics").then((r) => r.status())).toBe(404);
  await expectNoSeriousViolations(page, "lab settings");
  await shots2(page, "lab-settings");
});
