// A lab manager retires an instrument that still has a confirmed booking (issue 10 part 5), in
// Chromium against the built app: the retire button is refused with the booking listed (when, who,
// status) and a reason field; a blank reason is a field message with nothing changed; with a reason
// the booking is cancelled (reason recorded, the requester e-mailed with it) and
// the list shows the instrument retired with a notice of how many bookings were cancelled.
import AxeBuilder from "@axe-core/playwright";
import { waitForMail } from "../support/mailbox.ts";
import { E2E } from "../support/test-env.ts";
import { expect, isoWeekday, openOnlyOn, shanghai, shanghaiDate, signIn, test } from "./fixtures.ts";

test("a manager retires an instrument with a live booking by cancelling it with a reason", async ({ page, world, lab, engineer }) => {
  test.setTimeout(120_000);
  const day = shanghaiDate(3);
  const instrument = await world.instrument(lab, { name: "待退役光谱仪", rules: openOnlyOn(day) });
  const booking = await world.f.booking({
    instrumentId: instrument.id,
    requesterId: engineer.id,
    organisationId: engineer.organisationId,
    start: shanghai(day, "10:00"),
    end: shanghai(day, "12:00"),
    status: "confirmed",
  });
  const state = async () =>
    world.f.one<{ instrument: string; booking: string; reason: string | null }>(
      `select i.status::text as instrument, b.status::text as booking, b.cancel_reason as reason
         from public.instruments i join public.bookings b on b.instrument_id = i.id where i.id = $1 and b.id = $2`,
      [instrument.id, booking],
    );

  await signIn(page, lab.manager);
  await page.goto("/lab/instruments");
  await page.getByRole("button", { name: `退役: ${instrument.name}` }).click();

  // Refused: the booking is listed with its requester, and nothing changed.
  const panel = page.getByRole("alert").filter({ has: page.getByRole("heading", { name: `退役「${instrument.name}」前需取消 1 个预约` }) });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole("listitem")).toHaveCount(1);
  await expect(panel.getByRole("listitem")).toContainText(`测试工程师 ${world.tag}`);
  await expect(panel.getByRole("listitem")).toContainText("已确认");
  await expect(panel.getByRole("link")).toHaveAttribute("href", `/bookings/${booking}`);
  expect(await state()).toEqual({ instrument: "active", booking: "confirmed", reason: null });
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

  // A blank reason (spaces pass the browser's `required`) is refused at the field.
  await panel.getByLabel("取消原因（会发送给预约人）").fill("   ");
  await panel.getByRole("button", { name: "取消这 1 个预约并退役" }).click();
  await expect(page.getByText("取消预约需要填写原因。")).toBeVisible();
  await expect(page.getByLabel("取消原因（会发送给预约人）")).toHaveAttribute("aria-invalid", "true");
  expect(await state()).toEqual({ instrument: "active", booking: "confirmed", reason: null });

  await page.getByLabel("取消原因（会发送给预约人）").fill("仪器报废，已无法维修");
  await page.getByRole("button", { name: "取消这 1 个预约并退役" }).click();
  await expect(page.getByRole("status").filter({ hasText: "仪器已退役；已取消 1 个预约，并已通过邮件通知预约人。" })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: instrument.name });
  await expect(row.getByText("已退役", { exact: true })).toBeVisible();
  await expect(row.getByRole("button", { name: `重新启用: ${instrument.name}` })).toBeVisible();
  expect(await state()).toEqual({ instrument: "retired", booking: "cancelled", reason: "仪器报废，已无法维修" });
  expect(await world.f.count("public.email_outbox", "booking_id = $1 and recipient_id = $2 and template = 'booking_cancelled'", [booking, engineer.id])).toBe(1);
  // The app's outbox worker sends it: the requester reads why.
  const mail = await waitForMail(E2E.mailUrl, engineer.email, (m) => (m.html ?? "").includes("仪器报废，已无法维修"), 30_000);
  expect(mail.subject).toContain("预约已取消");
});

// The same panel (app/components/lab/stranded-bookings.tsx) serves the opening-hours page: hours
// that leave a booking outside them list it; cancelling it with a reason saves the hours.
test("the opening-hours page still lists a stranded booking and cancels it with the change", async ({ page, world, lab, engineer }) => {
  test.setTimeout(120_000);
  const day = shanghaiDate(3);
  const instrument = await world.instrument(lab, { name: "改时间显微镜", rules: openOnlyOn(day) });
  const booking = await world.f.booking({
    instrumentId: instrument.id,
    requesterId: engineer.id,
    organisationId: engineer.organisationId,
    start: shanghai(day, "10:00"),
    end: shanghai(day, "12:00"),
    status: "confirmed",
  });
  const weekday = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][isoWeekday(day) - 1];

  await signIn(page, lab.manager);
  await page.goto(`/lab/instruments/${instrument.id}/hours`);
  await page.getByLabel(`${weekday} 时段 1 开始`).fill("13:00");
  await page.getByRole("button", { name: "保存每周开放时间" }).click();
  const panel = page.getByRole("alert").filter({ has: page.getByRole("heading", { name: "此修改会影响 1 个预约" }) });
  await expect(panel.getByRole("link")).toHaveAttribute("href", `/bookings/${booking}`);
  await panel.getByLabel("取消原因（会发送给预约人）").fill("上午改为校准");
  await panel.getByRole("button", { name: "取消这 1 个预约并应用修改" }).click();
  await expect(page.getByText("每周开放时间已保存。")).toBeVisible();
  await expect(page.getByLabel(`${weekday} 时段 1 开始`)).toHaveValue("13:00");
  expect(await world.f.one(`select status::text, cancel_reason from public.bookings where id = $1`, [booking])).toEqual({
    status: "cancelled",
    cancel_reason: "上午改为校准",
  });
});
