// The catalogue's URL stays the choices made, a page past the end says so and links back, and an
// old link past the end of "my bookings" history lands on its last page. Each test searches for
// instruments it made itself (tests/e2e/fixtures.ts), so the seed's catalogue does not matter.
import { expect, hydrated, shanghai, shanghaiDate, test } from "./fixtures.ts";

test("the filter form leaves empty fields out of the URL", async ({ page, world, lab }) => {
  await world.instrument(lab, { name: "扫描电镜" });
  await page.goto("/instruments");
  await page.getByLabel("关键词").fill("扫描");
  await page.getByRole("button", { name: "应用筛选" }).click();
  await expect(page).toHaveURL(/\/instruments\?q=%E6%89%AB%E6%8F%8F(&sort=relevance)?$/);
  expect(new URL(page.url()).search).not.toMatch(/=(&|$)/);
  await expect(page.getByText(/共找到 \d+ 台仪器/)).toBeVisible();
});

test("a page past the last one says so and links to the last page", async ({ page, world, lab }) => {
  await world.instrument(lab, { name: "扫描电镜" });
  await page.goto(`/instruments?q=${world.tag}&page=40`);
  await expect(page.getByRole("heading", { name: "第 40 页没有仪器" })).toBeVisible();
  await page.getByRole("link", { name: /转到第 1 页/ }).click();
  await expect(page.getByText("共找到 1 台仪器")).toBeVisible();
});

test("clearing the filters empties the form too, so the next search starts afresh", async ({ page, world, lab }) => {
  await world.instrument(lab, { name: "扫描电镜" });
  const district = await world.district();
  await page.goto(`/instruments?q=${world.tag}&district=${district.code}&sort=price`);
  await hydrated(page, "input[name=q]");
  await expect(page.getByLabel("所在区县")).toHaveValue(district.code);
  await page.getByRole("link", { name: "清除全部条件" }).first().click();
  await expect(page).toHaveURL(/\/instruments$/);
  await expect(page.getByLabel("关键词")).toHaveValue("");
  await expect(page.getByLabel("所在区县")).toHaveValue("");
  await expect(page.getByLabel("排序")).toHaveValue("relevance");
});

test("my bookings past the last page of history goes to the last page", async ({ signedInPage: page, world, lab, engineer }) => {
  const sem = await world.instrument(lab, { name: "扫描电镜" });
  for (const days of [-3, -10, -17]) {
    const day = shanghaiDate(days);
    await world.f.booking({
      instrumentId: sem.id,
      requesterId: engineer.id,
      organisationId: engineer.organisationId,
      start: shanghai(day, "09:00"),
      end: shanghai(day, "10:00"),
      status: "completed",
    });
  }
  await page.goto("/bookings?past=999");
  await expect(page).toHaveURL(/\/bookings\?past=\d+$/);
  const last = Number(new URL(page.url()).searchParams.get("past"));
  expect(last).toBeLessThan(999);
  await expect(page.locator("#past-title")).not.toContainText("(0)");
});
