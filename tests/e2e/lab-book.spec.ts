// Booking on behalf of a user (a phone request, issue 10) in Chromium against the built app: the
// technician opens /lab/book, an e-mail nobody registered is refused at the field with nothing
// written, then the engineer's registered e-mail books a slot the rules allow: the booking is the
// engineer's, confirmed at once, shown on the lab's booking page, and the engineer is e-mailed.
import { waitForMail } from "../support/mailbox.ts";
import { E2E } from "../support/test-env.ts";
import { expect, hydrated, shanghai, shanghaiDate, signIn, test } from "./fixtures.ts";

test("a technician books on behalf of a registered engineer; an unknown e-mail is refused", async ({ page, world, lab, engineer }) => {
  test.slow();
  const day = shanghaiDate(3);
  const sem = await world.instrument(lab, { name: "台式扫描电镜", policy: { lead_time_hours: 0 } });
  await world.f.q(`update public.profiles set locale = 'zh-CN' where id = $1`, [lab.technician.id]);
  const bookings = async () =>
    Number((await world.f.one<{ n: string }>(`select count(*) as n from public.bookings where instrument_id = $1`, [sem.id])).n);
  const startedAt = new Date().toISOString();

  await signIn(page, lab.technician);
  await page.goto("/lab/book");
  await expect(page.getByRole("heading", { level: 1, name: "代用户预约" })).toBeVisible();
  await hydrated(page, "form button[type=submit]");
  const fill = async (email: string) => {
    await page.getByLabel("用户的注册邮箱").fill(email);
    await page.getByLabel("仪器").selectOption({ label: sem.name });
    await page.getByLabel("开始时间（北京时间）").fill(`${day}T09:00`);
    await page.getByLabel("时长（分钟）").fill("60");
    await page.getByLabel("用途").fill("电话预约：样品形貌观察");
    await page.getByRole("button", { name: "预约并确认" }).click();
  };

  // Nobody registered with this address: a message at the field, no booking
  await fill(`nobody-${world.tag}@example.com`);
  await expect(page.getByText(/没有使用(该|此)邮箱/).first()).toBeVisible();
  await expect(page).toHaveURL(/\/lab\/book$/);
  expect(await bookings()).toBe(0);

  // The engineer's address: booked for them, confirmed, and they are told
  await fill(engineer.email);
  await expect(page).toHaveURL(/\/lab\/bookings\/[0-9a-f-]{36}\?notice=confirmed$/);
  const id = page.url().match(/bookings\/([0-9a-f-]{36})/)?.[1];
  const row = await world.f.one<{ status: string; requester_id: string; starts: Date }>(
    `select status, requester_id, lower(during) as starts from public.bookings where id = $1`,
    [id],
  );
  expect([row.status, row.requester_id, row.starts.toISOString()]).toEqual(["confirmed", engineer.id, shanghai(day, "09:00").toISOString()]);
  await expect(page.locator(".badge").first()).toHaveText("已确认");
  const mail = await waitForMail(E2E.mailUrl, engineer.email, (m) => m.created_at > startedAt, 30_000);
  expect(mail.subject).toBeTruthy();
});
