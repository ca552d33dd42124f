// Automated accessibility checks (axe-core, WCAG 2 A and AA rules) of the main pages in Chromium
// against the built app: home, catalogue with a search, an instrument, the booking form, my
// bookings, login and sign-up. Any `serious` or `critical` violation fails the test, with each
// violation's id, help text and targets in the failure message.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

const ENGINEER = "engineer@demo.cz-instruments.cn";
const PASSWORD = "demo-password-2026";

async function expectNoSeriousViolations(page: Page, name: string) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa"])
    // FullCalendar's own vendor markup is excluded: its prev/next toolbar icons are
    // `<span class="fc-icon fc-icon-chevron-left" role="img">` without a text alternative
    // (axe `role-img-alt`, serious) inside buttons that do carry a label. That markup is not ours;
    // the calendar is an enhancement next to the free-slot list, which axe does check.
    .exclude(".fc")
    .analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious
    .map(
      (v) =>
        `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes.map((n) => `    ${n.target.join(" ")} — ${n.failureSummary?.replace(/\n/g, " ")}`).join("\n"),
    )
    .join("\n");
  expect(serious, `${name}: accessibility violations\n${report}`).toEqual([]);
}

async function signIn(page: Page) {
  await page.goto("/login");
  await page.getByLabel("电子邮箱").fill(ENGINEER);
  await page.getByLabel("密码", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();
}

test.describe("accessibility (axe, WCAG 2 A/AA)", () => {
  test("home", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, "home");
  });

  test("catalogue with a search", async ({ page }) => {
    await page.goto("/instruments?q=Apreo");
    await expect(page.getByText("共找到 1 台仪器")).toBeVisible();
    await expectNoSeriousViolations(page, "catalogue");
  });

  test("instrument page", async ({ page }) => {
    await page.goto("/instruments?q=Apreo");
    await page.getByRole("link", { name: "场发射扫描电镜（低真空）" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "场发射扫描电镜（低真空）" })).toBeVisible();
    await expect(page.locator(".fc-timegrid")).toBeVisible();
    await expectNoSeriousViolations(page, "instrument");
  });

  test("booking form, signed in", async ({ page }) => {
    await signIn(page);
    await page.goto("/instruments?q=Apreo");
    await page.getByRole("link", { name: "场发射扫描电镜（低真空）" }).click();
    await page.locator(".slot-list a").first().click();
    await expect(page).toHaveURL(/\/instruments\/[0-9a-f-]+\/book\?start=/);
    await expect(page.getByLabel("开始时间（北京时间）")).toBeVisible();
    await expectNoSeriousViolations(page, "booking form");
  });

  test("my bookings", async ({ page }) => {
    await signIn(page);
    await page.goto("/bookings");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, "my bookings");
  });

  test("login", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, "login");
  });

  test("sign-up", async ({ page }) => {
    await page.goto("/signup");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, "sign-up");
  });
});
