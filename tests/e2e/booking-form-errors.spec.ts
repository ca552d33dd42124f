// The booking form's mistakes, each explained at its field in Chinese: checked in the browser
// before anything is sent (Conform + the zod schema), by the booking engine when someone else takes
// the slot first, and by the server alone when JavaScript is off — which refills what was typed.
// Each test books on its own instrument, signed in as its own engineer (tests/e2e/fixtures.ts).
import type { Page } from "@playwright/test";
import { expect, hydrated, test, type InstrumentOptions, type World } from "./fixtures.ts";
import type { LabWorld } from "../support/fixtures.ts";

/** Like the demo X射线衍射仪: sample submission only, 30-minute slots, 30 minutes to 4 hours. */
const XRD: InstrumentOptions = {
  name: "X射线衍射仪",
  nameEn: "X-ray diffractometer",
  policy: { service_modes: ["sample_submission"], slot_minutes: 30, min_booking_minutes: 30, max_booking_minutes: 240 },
};
const xrd = (world: World, lab: LabWorld) => world.instrument(lab, XRD);
const REQUIRED = "此项为必填项。";
const BAD_PHONE = "请输入有效的电话号码";
const TOO_LONG = "最多 2000 个字符";

/** The `.field` wrapper around the control labelled `label`. */
function field(page: Page, label: string) {
  return page.locator(".field").filter({ has: page.getByLabel(label) });
}

test("mistakes are shown at their field before sending, and fixed ones clear as you type", async ({ signedInPage: page, world, lab }) => {
  const { bookUrl } = await xrd(world, lab);
  await page.goto(bookUrl);
  await hydrated(page, "textarea[name=purpose]");
  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST") posts.push(request.url());
  });

  const purpose = page.getByLabel("预约用途", { exact: true });
  const phone = page.getByLabel("联系电话");
  await phone.fill("call me");
  await page.getByRole("button", { name: "提交预约" }).click();

  // Nothing was sent; the first invalid field has focus and says why.
  await expect(purpose).toBeFocused();
  await expect(purpose).toHaveAttribute("aria-invalid", "true");
  await expect(field(page, "预约用途")).toContainText(REQUIRED);
  await expect(phone).toHaveAttribute("aria-invalid", "true");
  await expect(field(page, "联系电话")).toContainText(BAD_PHONE);
  const describedBy = (await purpose.getAttribute("aria-describedby")) ?? "";
  const errorId = describedBy.split(" ")[0];
  await expect(page.locator(`[id="${errorId}"]`)).toHaveText(REQUIRED);
  expect(posts).toEqual([]);

  // Text over the limit is kept (not silently cut) and explained.
  await purpose.fill("样".repeat(2001));
  await expect(field(page, "预约用途")).toContainText("2001 / 2000 字");
  await page.getByRole("button", { name: "提交预约" }).click();
  await expect(field(page, "预约用途")).toContainText(TOO_LONG);
  await expect(purpose).toHaveValue("样".repeat(2001));
  expect(posts).toEqual([]);

  // Fixing a field clears its message at once.
  await purpose.fill("XRD 物相分析");
  await expect(purpose).not.toHaveAttribute("aria-invalid", "true");
  await expect(field(page, "预约用途")).not.toContainText(REQUIRED);
  await phone.fill("0519-8633 0101");
  await expect(field(page, "联系电话")).not.toContainText(BAD_PHONE);
  expect(posts).toEqual([]);
});

test("a slot taken by someone else while the form is open is explained at the slot", async ({ signedInPage: page, world, lab }) => {
  const { id, bookUrl } = await xrd(world, lab);
  await page.goto(bookUrl);
  await hydrated(page, "textarea[name=purpose]");
  const slot = page.getByLabel("开始时间（北京时间）");
  const startsAt = await slot.inputValue();
  const endsAt = new Date(Date.parse(startsAt) + Number(await page.getByLabel("时长").inputValue()) * 60_000).toISOString();
  await page.getByLabel("预约用途", { exact: true }).fill("XRD 物相分析");

  // Another engineer books the same slot through the engine first.
  const other = await world.engineer();
  const { error } = await other.client.rpc("request_booking", {
    p_instrument_id: id,
    p_starts_at: startsAt,
    p_ends_at: endsAt,
    p_purpose: "E2E：抢先预约同一时段",
    p_service_mode: "sample_submission",
    p_sample_description: "粉末样品",
  });
  expect(error).toBeNull();

  await page.getByRole("button", { name: "提交预约" }).click();
  await expect(field(page, "开始时间（北京时间）")).toContainText("该时段刚刚被他人预约，请选择其他时段。");
  await expect(slot).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(new RegExp(`${bookUrl}$`));
  await expect(page.getByLabel("预约用途", { exact: true })).toHaveValue("XRD 物相分析");
});

test("the lengths offered stop where someone else's booking begins", async ({ signedInPage: page, world, lab }) => {
  const { id, bookUrl } = await xrd(world, lab);
  await page.goto(bookUrl);
  await hydrated(page, "textarea[name=purpose]");
  const start = page.getByLabel("开始时间（北京时间）");
  const length = page.getByLabel("时长");
  const starts = await start.locator("option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  const listed = new Set(starts.map((value) => Date.parse(value)));
  const halfHour = 30 * 60_000;
  // A start with at least 2 free hours after it (XRD: 30-minute slots, 30 min to 4 h).
  const chosen = starts.find((value) => [1, 2, 3].every((k) => listed.has(Date.parse(value) + k * halfHour)));
  expect(chosen).toBeTruthy();
  const at = (k: number) => new Date(Date.parse(chosen ?? "") + k * halfHour).toISOString();

  // Another engineer books the half hour from +1 h.
  const other = await world.engineer();
  const { error } = await other.client.rpc("request_booking", {
    p_instrument_id: id,
    p_starts_at: at(2),
    p_ends_at: at(3),
    p_purpose: "E2E：占用一小时后的半小时",
    p_service_mode: "sample_submission",
    p_sample_description: "粉末样品",
  });
  expect(error).toBeNull();

  await page.reload();
  await start.selectOption(chosen ?? "");
  const offered = () => length.locator("option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  expect(await offered()).toEqual(["30", "60"]);
  await length.selectOption("60");
  await expect(page.getByText(/1 小时 ×/)).toBeVisible();
  // A start inside the booked half hour is not offered at all.
  expect(await start.locator(`option[value="${at(2)}"]`).count()).toBe(0);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the server explains the same mistakes and keeps what was typed", async ({ signedInPage: page, world, lab }) => {
    const { bookUrl } = await xrd(world, lab);
    await page.goto(bookUrl);
    await page.getByLabel("预约用途", { exact: true }).fill("   ");
    await page.getByLabel("样品说明").fill("粉末样品，约 2 g");
    await page.getByLabel("联系电话").fill("call me");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: "提交预约" }).click(),
    ]);
    expect(response.status()).toBe(400);

    await expect(page.getByLabel("预约用途", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(field(page, "预约用途")).toContainText(REQUIRED);
    await expect(field(page, "联系电话")).toContainText(BAD_PHONE);
    await expect(page.getByLabel("样品说明")).toHaveValue("粉末样品，约 2 g");
    await expect(page.getByLabel("联系电话")).toHaveValue("call me");
  });
});

test("self-operation is offered only with a valid authorisation, and says why not", async ({ signedInPage: page, world, lab, engineer }) => {
  const sem = await world.instrument(lab, {
    name: "场发射扫描电镜",
    policy: { requires_authorisation: true, service_modes: ["sample_submission", "self_operation"] },
  });
  // The lab authorised the engineer once; the authorisation ran out yesterday.
  await world.f.authorise(sem.id, engineer.id, new Date(Date.now() - 24 * 3_600_000));
  await page.goto(sem.bookUrl);
  const self = page.getByRole("radio", { name: /自主操作/ });
  await expect(self).toBeDisabled();
  await expect(page.getByText("您的上机授权已过期，请联系实验室续期")).toBeVisible();
  await expect(page.getByRole("radio", { name: "送样检测" })).toBeChecked();
});

test("an instrument under maintenance has no booking form", async ({ signedInPage: page, world, lab }) => {
  const fib = await world.instrument(lab, { name: "聚焦离子束扫描电镜", policy: { status: "maintenance" } });
  await page.goto(fib.bookUrl);
  await expect(page.getByText("该仪器目前不接受预约。")).toBeVisible();
  await expect(page.getByRole("button", { name: "提交预约" })).toHaveCount(0);
});
