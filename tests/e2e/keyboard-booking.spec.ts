// The booking journey by keyboard only (Tab, Enter and typing; no clicks): search the catalogue,
// open an instrument that needs approval, choose its first free slot, sign in, fill the form,
// submit with Enter and land on the pending booking. Every element reached by Tab must show a
// visible focus indicator (a non-`none` outline or box-shadow). The instrument, its lab and the
// engineer are this test's own (tests/e2e/fixtures.ts).
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures.ts";

const MAX_TABS = 150;

interface Target {
  selector: string;
  text?: string;
}

/** Presses Tab until the focused element matches `target`; fails after MAX_TABS presses. */
async function tabTo(page: Page, target: Target): Promise<void> {
  for (let i = 0; i < MAX_TABS; i++) {
    await page.keyboard.press("Tab");
    const found = await page.evaluate(({ selector, text }) => {
      const el = document.activeElement;
      if (!el || !el.matches(selector)) return false;
      return text === undefined || (el.textContent ?? "").includes(text);
    }, target);
    if (found) {
      await expectFocusVisible(page);
      return;
    }
  }
  throw new Error(`Tab never reached ${target.selector}${target.text ? ` “${target.text}”` : ""}`);
}

async function expectFocusVisible(page: Page): Promise<void> {
  const style = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const s = getComputedStyle(el);
    return {
      element: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${el.className}`,
      outline: s.outlineStyle === "none" || s.outlineWidth === "0px" ? "none" : `${s.outlineStyle} ${s.outlineWidth}`,
      boxShadow: s.boxShadow,
    };
  });
  expect(
    style.outline !== "none" || style.boxShadow !== "none",
    `focus indicator on ${style.element}: outline ${style.outline}, box-shadow ${style.boxShadow}`,
  ).toBe(true);
}

test("book a slot with the keyboard only", async ({ page, world, lab, engineer }) => {
  const sem = await world.instrument(lab, { name: "场发射扫描电镜（低真空）", policy: { requires_approval: true } });

  // Catalogue: search by keyword, submit with Enter
  await page.goto("/instruments");
  await tabTo(page, { selector: "input[name=q]" });
  await page.keyboard.type(sem.model);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/instruments\\?q=${sem.model}`));
  await expect(page.getByText("共找到 1 台仪器")).toBeVisible();

  // Open the instrument that needs approval
  await tabTo(page, { selector: "a", text: sem.name });
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: sem.name })).toBeVisible();
  await expect(page.getByText("预约提交后需实验室审批")).toBeVisible();

  // The first free slot in the list
  await tabTo(page, { selector: ".slot-list a" });
  const href = (await page.evaluate(() => document.activeElement?.getAttribute("href"))) ?? "";
  const slot = new URL(href, "http://x").searchParams;
  expect(slot.get("start")).toBeTruthy();
  await page.keyboard.press("Enter");

  // Sign in by keyboard; the slot is kept
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
  await tabTo(page, { selector: "input[name=email]" });
  await page.keyboard.type(engineer.email);
  await tabTo(page, { selector: "input[name=password]" });
  await page.keyboard.type(engineer.password);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/instruments\/[0-9a-f-]+\/book\?start=/);
  await expect(page.getByLabel("开始时间（北京时间）")).toHaveValue(new Date(slot.get("start") ?? "").toISOString());
  const minutes = (Date.parse(slot.get("end") ?? "") - Date.parse(slot.get("start") ?? "")) / 60_000;
  await expect(page.getByLabel("时长")).toHaveValue(String(minutes));

  // Fill the form and submit with Enter on the submit button
  await tabTo(page, { selector: "textarea[name=purpose]" });
  await page.keyboard.type("键盘操作：锂电正极材料形貌观察");
  await tabTo(page, { selector: "textarea[name=sampleDescription]" });
  await page.keyboard.type("粉末 2 个");
  await tabTo(page, { selector: "button[type=submit]", text: "提交预约" });
  await page.keyboard.press("Enter");

  // Pending booking
  await expect(page).toHaveURL(/\/bookings\/[0-9a-f-]{36}\?notice=pending/);
  await expect(page.locator(".badge").first()).toHaveText("待审批");
  await expect(page.getByText("正在等待实验室审批")).toBeVisible();
});
