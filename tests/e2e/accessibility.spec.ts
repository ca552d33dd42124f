// Automated accessibility checks (axe-core, WCAG 2 A and AA rules) of the main pages in Chromium
// against the built app: home, catalogue with a search, an instrument, the booking form, my
// bookings, login and sign-up. Any `serious` or `critical` violation fails the test, with each
// violation's id, help text and targets in the failure message. Instruments, labs, users and
// bookings are each test's own (tests/e2e/fixtures.ts).
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, shanghai, shanghaiDate, test } from "./fixtures.ts";

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

test.describe("accessibility (axe, WCAG 2 A/AA)", () => {
  test("home", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, "home");
  });

  test("catalogue with a search", async ({ page, world, lab }) => {
    const sem = await world.instrument(lab, { name: "场发射扫描电镜（低真空）" });
    await page.goto(`/instruments?q=${sem.model}`);
    await expect(page.getByText("共找到 1 台仪器")).toBeVisible();
    await expectNoSeriousViolations(page, "catalogue");
  });

  test("instrument page", async ({ page, world, lab }) => {
    const sem = await world.instrument(lab, { name: "场发射扫描电镜（低真空）" });
    await page.goto(`/instruments?q=${sem.model}`);
    await page.getByRole("link", { name: sem.name }).click();
    await expect(page.getByRole("heading", { level: 1, name: sem.name })).toBeVisible();
    await expect(page.locator(".fc-timegrid")).toBeVisible();
    await expectNoSeriousViolations(page, "instrument");
  });

  test("booking form, signed in", async ({ signedInPage: page, world, lab }) => {
    const sem = await world.instrument(lab, { name: "场发射扫描电镜（低真空）" });
    await page.goto(`/instruments?q=${sem.model}`);
    await page.getByRole("link", { name: sem.name }).click();
    await page.locator(".slot-list a").first().click();
    await expect(page).toHaveURL(/\/instruments\/[0-9a-f-]+\/book\?start=/);
    await expect(page.getByLabel("开始时间（北京时间）")).toBeVisible();
    await expectNoSeriousViolations(page, "booking form");
  });

  test("my bookings", async ({ signedInPage: page, world, lab, engineer }) => {
    // One upcoming and one past booking, so both lists have rows to check.
    const sem = await world.instrument(lab, { name: "场发射扫描电镜（低真空）" });
    const soon = shanghaiDate(5);
    const past = shanghaiDate(-5);
    const mine = { instrumentId: sem.id, requesterId: engineer.id, organisationId: engineer.organisationId };
    await world.f.booking({ ...mine, start: shanghai(soon, "09:00"), end: shanghai(soon, "11:00"), status: "confirmed" });
    await world.f.booking({ ...mine, start: shanghai(past, "09:00"), end: shanghai(past, "11:00"), status: "completed" });
    await page.goto("/bookings");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByText(sem.name).first()).toBeVisible();
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
