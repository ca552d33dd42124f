// The SME journey in Chromium against the built app and a fresh stack, on an instrument, lab and
// users this test makes for itself (tests/e2e/fixtures.ts): search the catalogue → open an
// instrument that needs approval → pick the first free slot → sign in (the slot is kept) → request
// → pending; the lab manager approves through the engine → confirmed, with a confirmation e-mail
// carrying an .ics; download the .ics; cancel with a reason → cancelled, and the slot is free
// again. Screenshots of each page.
import type { Page } from "@playwright/test";
import { waitForMail } from "../support/mailbox.ts";
import { E2E } from "../support/test-env.ts";
import { expect, hydrated, openOnlyOn, shanghaiDate, signIn, test } from "./fixtures.ts";

const shots = "tests/e2e/__screenshots__";

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

test("search, pick a free slot, sign in, request, get approved, cancel", async ({ page, world, lab, engineer }) => {
  const sem = await world.instrument(lab, {
    name: "场发射扫描电镜（低真空）",
    nameEn: "Field-emission SEM (low vacuum)",
    policy: { requires_approval: true },
  });
  const startedAt = new Date().toISOString();

  // Catalogue search
  await page.goto("/instruments");
  await page.getByLabel("关键词").fill(sem.model);
  await page.getByRole("button", { name: "应用筛选" }).click();
  await expect(page).toHaveURL(new RegExp(`/instruments\\?q=${sem.model}`));
  await expect(page.getByText("共找到 1 台仪器")).toBeVisible();
  await shot(page, "20-catalogue-search");

  // Instrument page: needs approval, lists free slots
  await page.getByRole("link", { name: sem.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: sem.name })).toBeVisible();
  await expect(page.getByText("预约提交后需实验室审批")).toBeVisible();
  const firstSlot = page.locator(".slot-list a").first();
  await expect(firstSlot).toBeVisible();
  const slotHref = (await firstSlot.getAttribute("href")) ?? "";
  const slotQuery = new URL(slotHref, E2E.appUrl).searchParams;
  const start = slotQuery.get("start") ?? "";
  const end = slotQuery.get("end") ?? "";
  expect(start).not.toBe("");
  const instrumentUrl = page.url();
  await shot(page, "21-instrument");

  // Choosing a slot as a visitor asks to sign in, then comes back with the slot kept
  await firstSlot.click();
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
  // The sign-in page says what is being booked and that the time is kept.
  await expect(page.getByText(new RegExp(`请先登录以预约“${escape(sem.name)}”（.+），登录后将回到预约表单，所选时段会保留。`))).toBeVisible();
  await page.getByLabel("电子邮箱").fill(engineer.email);
  await page.getByLabel("密码", { exact: true }).fill(engineer.password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page).toHaveURL(/\/instruments\/[0-9a-f-]+\/book\?start=/);
  await expect(page.getByLabel("开始时间（北京时间）")).toHaveValue(new Date(start).toISOString());
  const minutes = (Date.parse(end) - Date.parse(start)) / 60_000;
  await expect(page.getByLabel("时长")).toHaveValue(String(minutes));
  await expect(page.getByText("按中小企业价计算")).toBeVisible();
  await hydrated(page, "textarea[name=purpose]");

  // An empty purpose is refused at the field, in Chinese
  await page.getByRole("button", { name: "提交预约" }).click();
  await expect(page.getByText("此项为必填项。")).toBeVisible();

  await page.getByLabel("预约用途").fill("E2E：锂电正极材料颗粒形貌观察");
  await page.getByLabel("样品说明").fill("粉末 3 个，已干燥");
  await shot(page, "22-booking-form");
  await page.getByRole("button", { name: "提交预约" }).click();

  // Pending, with what happens next
  await expect(page).toHaveURL(/\/bookings\/[0-9a-f-]{36}\?notice=pending/);
  const bookingId = new URL(page.url()).pathname.split("/").pop() ?? "";
  await expect(page.locator(".badge").first()).toHaveText("待审批");
  await expect(page.getByText("正在等待实验室审批")).toBeVisible();
  await shot(page, "23-booking-pending");

  // The instrument's week calendar (browser only) shows the request as the engineer's own
  await page.goto(instrumentUrl);
  await expect(page.locator(".fc-timegrid")).toBeVisible();
  // The calendar shows seven days from today (Shanghai): page forward to the slot's week.
  const dayMs = 86_400_000;
  const shanghaiDayNumber = (at: number) => Math.floor((at + 8 * 3_600_000) / dayMs);
  const pages = Math.floor((shanghaiDayNumber(Date.parse(start)) - shanghaiDayNumber(Date.now())) / 7);
  for (let i = 0; i < pages; i++) await page.locator(".fc-next-button").click();
  await expect(page.locator(".fc-event.cal-event--mine").first()).toBeVisible();
  await page.locator("#calendar-title").scrollIntoViewIfNeeded();
  await shot(page, "23b-instrument-calendar");
  await page.goto(`/bookings/${bookingId}`);

  // The lab manager approves through the engine
  const { data: decided, error } = await lab.manager.client.rpc("decide_booking", { p_booking_id: bookingId, p_approve: true });
  expect(error).toBeNull();
  expect(decided.status).toBe("confirmed");

  await page.reload();
  await expect(page.locator(".badge").first()).toHaveText("已确认");
  await expect(page.getByText("待审批 → 已确认")).toBeVisible();

  // The confirmation e-mail carries the booking as an .ics
  const mail = await waitForMail(
    E2E.mailUrl,
    engineer.email,
    (m) =>
      m.created_at > startedAt &&
      m.attachments.some(
        (a) =>
          a.filename.endsWith(".ics") &&
          Buffer.from(a.content, "base64").toString("utf8").includes(`UID:${bookingId}@`) &&
          Buffer.from(a.content, "base64").toString("utf8").includes("STATUS:CONFIRMED"),
      ),
    30_000,
  );
  expect(mail.subject).toBeTruthy();

  // The .ics download
  const ics = await page.request.get(`/bookings/${bookingId}/ics`);
  expect(ics.status()).toBe(200);
  expect(ics.headers()["content-type"]).toContain("text/calendar");
  const icsText = await ics.text();
  expect(icsText).toContain("BEGIN:VCALENDAR");
  expect(icsText).toContain(`UID:${bookingId}@`);

  // My bookings lists it as upcoming and confirmed
  await page.getByRole("link", { name: "我的预约" }).first().click();
  await expect(page.getByRole("heading", { name: /即将进行/ })).toBeVisible();
  const row = page.locator(`tr:has(a[href="/bookings/${bookingId}"])`);
  await expect(row).toContainText("已确认");
  await shot(page, "24-my-bookings");

  // Cancel with a reason
  await row.getByRole("link").click();
  await page.getByLabel("取消原因").fill("E2E：计划调整");
  await page.getByRole("button", { name: "确认取消预约" }).click();
  await expect(page).toHaveURL(/notice=cancelled/);
  await expect(page.locator(".badge").first()).toHaveText("已取消");
  await expect(page.getByText("E2E：计划调整").first()).toBeVisible();
  await shot(page, "25-booking-cancelled");

  // The slot is free again
  await page.goto(instrumentUrl);
  await expect(page.locator(`.slot-list a[href="${slotHref}"]`)).toBeVisible();
});

test("unknown instruments and bookings are 404s; bookings need sign-in", async ({ page }) => {
  const missing = await page.goto("/instruments/00000000-0000-4000-8000-000000009999");
  expect(missing?.status()).toBe(404);
  await page.goto("/bookings");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fbookings/);
});

test("a longer time chosen in the calendar is kept when it fits, refused when it does not", async ({ page, world, lab, engineer }) => {
  // Open all day, on one weekday three days ahead: the first free slot is that day's 00:00, and the
  // hours after it are open too.
  const sem = await world.instrument(lab, {
    name: "场发射扫描电镜（低真空）",
    policy: { slot_minutes: 30, min_booking_minutes: 60, max_booking_minutes: 240 },
    rules: openOnlyOn(shanghaiDate(3), "00:00", "24:00"),
  });
  await page.goto(sem.url);
  const href = (await page.locator(".slot-list a").first().getAttribute("href")) ?? "";
  const start = new URL(href, E2E.appUrl).searchParams.get("start") ?? "";
  const plus = (hours: number) => new Date(new Date(start).getTime() + hours * 3_600_000).toISOString();
  // Someone else's booking a day later, for the busy feed.
  const other = await world.engineer();
  await world.f.booking({ instrumentId: sem.id, requesterId: other.id, organisationId: other.organisationId, start: new Date(plus(24)), end: new Date(plus(25)) });

  await signIn(page, engineer);

  const book = (end: string) => `${sem.bookUrl}?${new URLSearchParams({ start, end })}`;
  await page.goto(book(plus(2)));
  await expect(page.getByLabel("开始时间（北京时间）")).toHaveValue(new Date(start).toISOString());
  await expect(page.getByLabel("时长")).toHaveValue("120");
  await expect(page.getByText("2 小时 ×")).toBeVisible();

  // Longer than the instrument's 4-hour maximum: not offered, and said so at the field
  await page.goto(book(plus(6)));
  await expect(page.getByText("您选择的时段已不再空闲")).toBeVisible();

  // The busy feed has times and kinds only, never who booked
  const busy = await page.request.get(`${sem.url}/busy?${new URLSearchParams({ from: start, to: plus(24 * 28) })}`);
  expect(busy.status()).toBe(200);
  const body = (await busy.json()) as { busy: Record<string, unknown>[] };
  expect(body.busy.length).toBeGreaterThan(0);
  for (const item of body.busy) expect(Object.keys(item).sort()).toEqual(["end", "kind", "mine", "start"]);
  expect((await page.request.get(`${sem.url}/busy?from=x&to=y`)).status()).toBe(400);
});
