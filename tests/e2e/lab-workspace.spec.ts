// The lab workspace in Chromium against the built app (issue 10, parts 1-4), on a lab, instruments
// and users each test makes for itself: a technician approves a request from the queue and the
// requester gets the confirmation e-mail; after a slot (a booking made in the past through the
// fixtures) the technician records the actual use, and utilisation() for the lab counts those
// hours. The same approve-and-record path by keyboard alone. axe on every lab page; screenshots at
// desktop and phone widths.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import type { LabWorld, Engineer } from "../support/fixtures.ts";
import { waitForMail } from "../support/mailbox.ts";
import { E2E } from "../support/test-env.ts";
import { expect, hydrated, openOnlyOn, shanghai, shanghaiDate, signIn, test, type World } from "./fixtures.ts";

const shots = "tests/e2e/__screenshots__";
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

/** A pending request (future, made by the engineer through the engine) and a confirmed booking two days ago. */
async function scene(world: World, lab: LabWorld, engineer: Engineer) {
  const day = shanghaiDate(3);
  const sem = await world.instrument(lab, { name: "场发射扫描电镜", policy: { requires_approval: true, lead_time_hours: 0 }, rules: openOnlyOn(day) });
  // Counted by utilisation() from the instrument's first day: make it an old instrument.
  await world.f.q(`update public.instruments set created_at = now() - interval '60 days' where id = $1`, [sem.id]);
  const { data: request, error } = await engineer.client.rpc("request_booking", {
    p_instrument_id: sem.id,
    p_starts_at: shanghai(day, "09:00").toISOString(),
    p_ends_at: shanghai(day, "11:00").toISOString(),
    p_purpose: "E2E：正极材料形貌观察",
    p_service_mode: "sample_submission",
    p_sample_description: "粉末 3 个",
  });
  expect(error).toBeNull();
  const past = shanghaiDate(-2);
  const done = await world.f.booking({
    instrumentId: sem.id,
    requesterId: engineer.id,
    organisationId: engineer.organisationId,
    start: shanghai(past, "09:00"),
    end: shanghai(past, "11:00"),
    status: "confirmed",
  });
  // The technician reads the workspace in Chinese.
  await world.f.q(`update public.profiles set locale = 'zh-CN' where id = $1`, [lab.technician.id]);
  return { sem, requestId: (request as { id: string }).id, pastId: done, past };
}

async function usedHours(lab: LabWorld, day: string): Promise<number> {
  const { data, error } = await lab.technician.client.rpc("utilisation", { p_from: day, p_to: day, p_group: "lab", p_lab_id: lab.labId });
  expect(error).toBeNull();
  return Number((data as { used_hours: number }[])[0]?.used_hours ?? 0);
}

test("a technician approves from the queue, the requester is e-mailed, then records the actual use", async ({ page, world, lab, engineer }) => {
  test.slow();
  const { sem, requestId, pastId, past } = await scene(world, lab, engineer);
  const startedAt = new Date().toISOString();
  await page.setViewportSize(DESKTOP);
  await signIn(page, lab.technician);

  // Home: counts that link to their lists
  await page.goto("/lab");
  await expect(page.getByRole("heading", { level: 1, name: "实验室工作台" })).toBeVisible();
  await expect(page.getByRole("link", { name: "待审批的预约: 1" })).toBeVisible();
  await expect(page.getByRole("link", { name: "待登记使用情况: 1" })).toBeVisible();
  await shot(page, "60-lab-home");

  // The queue: approve the request
  await page.getByRole("link", { name: "待审批的预约: 1" }).click();
  await expect(page).toHaveURL(/\/lab\/requests$/);
  const row = page.locator(`tr[data-request="${requestId}"]`);
  await expect(row).toContainText(sem.name);
  await expect(row).toContainText("中小企业");
  await expect(row).toContainText("粉末 3 个");
  await shot(page, "61-lab-requests");
  await hydrated(page, `tr[data-request="${requestId}"] button`);
  await row.getByRole("button", { name: "批准" }).click();
  await expect(page.getByText("已批准 1 条申请，申请人会收到确认邮件。")).toBeVisible();
  await expect(page.locator(`tr[data-request="${requestId}"]`)).toHaveCount(0);

  // The requester's confirmation e-mail
  const mail = await waitForMail(
    E2E.mailUrl,
    engineer.email,
    (m) =>
      m.created_at > startedAt &&
      m.attachments.some((a) => {
        const ics = Buffer.from(a.content, "base64").toString("utf8");
        return ics.includes(`UID:${requestId}@`) && ics.includes("STATUS:CONFIRMED");
      }),
    30_000,
  );
  expect(mail.subject).toBeTruthy();

  // The calendar shows the confirmed booking, in the list too
  await page.goto(`/lab/calendar?view=week&date=${shanghaiDate(3)}`);
  await expect(page.locator(".fc-timegrid")).toBeVisible();
  // (this booking's link: two days ago falls in the same week on some days, with the same name and hours)
  const listed = page.locator(`.day-list a[href="/lab/bookings/${requestId}"]`);
  await expect(listed).toBeVisible();
  await expect(listed).toContainText(sem.name);
  await shot(page, "62-lab-calendar");

  // After the slot: record the actual use
  expect(await usedHours(lab, past)).toBe(0);
  await page.goto("/lab/bookings");
  await shot(page, "63-lab-bookings");
  await page.locator(`a[href="/lab/bookings/${pastId}"]`).click();
  await expect(page.getByLabel("实际开始（北京时间）")).toHaveValue(`${past}T09:00`);
  await expect(page.getByLabel("实际结束（北京时间）")).toHaveValue(`${past}T11:00`);
  await hydrated(page, "input[name=actualEnd]");
  // An end before the start is refused at the field, nothing written
  await page.getByLabel("实际结束（北京时间）").fill(`${past}T08:00`);
  await page.getByRole("button", { name: "登记", exact: true }).click();
  await expect(page.getByText("结束时间必须晚于开始时间。")).toBeVisible();
  await page.getByLabel("实际开始（北京时间）").fill(`${past}T09:15`);
  await page.getByLabel("实际结束（北京时间）").fill(`${past}T12:15`);
  await shot(page, "64-lab-record");
  await page.getByRole("button", { name: "登记", exact: true }).click();
  await expect(page.getByText("已登记为完成。")).toBeVisible();
  await expect(page.locator(".badge").first()).toHaveText("已完成");

  // The bureau's statistics count those hours
  await expect.poll(() => usedHours(lab, past)).toBe(3);
});

const MAX_TABS = 200;

async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < MAX_TABS; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((css) => document.activeElement?.matches(css) ?? false, selector)) {
      const visible = await page.evaluate(() => {
        const s = getComputedStyle(document.activeElement as HTMLElement);
        return (s.outlineStyle !== "none" && s.outlineWidth !== "0px") || s.boxShadow !== "none";
      });
      expect(visible, `focus indicator on ${selector}`).toBe(true);
      return;
    }
  }
  throw new Error(`Tab never reached ${selector}`);
}

test("approve and record by keyboard alone", async ({ page, world, lab, engineer }) => {
  test.slow();
  const { requestId, pastId, past } = await scene(world, lab, engineer);
  await signIn(page, lab.technician);
  await page.goto("/lab");
  await tabTo(page, 'a[href="/lab/requests"]');
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/lab\/requests$/);
  await hydrated(page, `tr[data-request="${requestId}"] button`);
  await tabTo(page, `tr[data-request="${requestId}"] button[type=submit]`);
  await page.keyboard.press("Enter");
  await expect(page.getByText("已批准 1 条申请，申请人会收到确认邮件。")).toBeVisible();
  expect((await world.f.one<{ status: string }>(`select status from public.bookings where id = $1`, [requestId])).status).toBe("confirmed");

  await tabTo(page, 'nav a[href="/lab/bookings"]');
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/lab\/bookings$/);
  await tabTo(page, `a[href="/lab/bookings/${pastId}"]`);
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("实际开始（北京时间）")).toHaveValue(`${past}T09:00`);
  await hydrated(page, "input[name=actualEnd]");
  await tabTo(page, "form:has(input[name=form][value=record]) button[type=submit]");
  await page.keyboard.press("Enter");
  await expect(page.getByText("已登记为完成。")).toBeVisible();
  await expect.poll(() => usedHours(lab, past)).toBe(2);
});

async function expectNoSeriousViolations(page: Page, name: string) {
  // FullCalendar's vendor markup is excluded as in accessibility.spec.ts; the list view beside it is checked.
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).exclude(".fc").analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious
    .map((v) => `[${v.impact}] ${v.id}: ${v.help}\n` + v.nodes.map((n) => `    ${n.target.join(" ")}`).join("\n"))
    .join("\n");
  expect(serious, `${name}: accessibility violations\n${report}`).toEqual([]);
}

// One test per page (both widths and axe), so that a loaded machine does not run one test past its time.
const PAGES: [string, (ids: { requestId: string; pastId: string }) => string][] = [
  ["home", () => "/lab"],
  ["requests", () => "/lab/requests"],
  ["calendar", () => `/lab/calendar?view=week&date=${shanghaiDate(3)}`],
  ["calendar-day", () => `/lab/calendar?view=day&date=${shanghaiDate(3)}`],
  ["bookings", () => "/lab/bookings"],
  ["booking-pending", ({ requestId }) => `/lab/bookings/${requestId}`],
  ["booking-record", ({ pastId }) => `/lab/bookings/${pastId}`],
  ["book", () => "/lab/book"],
];

for (const [name, path] of PAGES) {
  test(`lab page ${name}: no serious axe violations; screenshots at desktop and phone widths`, async ({ page, world, lab, engineer }) => {
    test.slow();
    const ids = await scene(world, lab, engineer);
    await signIn(page, lab.technician);
    const url = path(ids);
    for (const [width, size] of [["phone", PHONE], ["desktop", DESKTOP]] as const) {
      await page.setViewportSize(size);
      await page.goto(url);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      if (url.startsWith("/lab/calendar")) await expect(page.locator(".fc-timegrid")).toBeVisible();
      await shot(page, `65-lab-${name}-${width}`);
    }
    await expectNoSeriousViolations(page, name);
  });
}
