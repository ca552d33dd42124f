// A lab manager publishes an instrument in Chromium against the built app (issue 10 part 5–6):
// the new-instrument form (every field in zh and en) → the photo page, where a PDF renamed .jpg
// and a 10 MB file get field messages and a PNG is stored in Storage → the opening-hours page
// (weekly hours, two-week preview) → the instrument is in the catalogue with its photo. axe on each
// lab page, and screenshots at desktop and phone widths.
import AxeBuilder from "@axe-core/playwright";
import fs from "node:fs";
import type { Page } from "@playwright/test";
import { expect, signIn, test } from "./fixtures.ts";

const shots = "tests/e2e/__screenshots__";

async function check(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious.map((v) => `[${v.impact}] ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`).join("\n");
  expect(serious, `${name}: accessibility violations\n${report}`).toEqual([]);
  await page.screenshot({ path: `${shots}/lab-${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${shots}/lab-${name}-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("a manager publishes a new instrument with a photo and opening hours; it appears in the catalogue", async ({ page, world, lab }) => {
  // Slow on a loaded 2-core machine: a dozen page loads, five axe runs, ten screenshots.
  test.setTimeout(300_000);
  const { categoryId } = await world.f.reference();
  const name = `原子力显微镜 ${world.tag}`;
  {
    await signIn(page, lab.manager);
    await page.goto("/lab/instruments");
    await expect(page.getByRole("heading", { level: 1, name: "仪器管理" })).toBeVisible();
    await check(page, "instruments");

    await page.getByRole("link", { name: "发布新仪器" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "发布新仪器" })).toBeVisible();
    await check(page, "instrument-new");
    await page.getByLabel("中文名称").fill(name);
    await page.getByLabel("英文名称").fill(`Atomic force microscope ${world.tag}`);
    await page.getByLabel("仪器类别").selectOption(categoryId);
    await page.getByLabel("生产厂商").fill("Bruker");
    await page.getByLabel("型号").fill(`Dimension-${world.tag}`);
    await page.getByLabel("主要技术指标（中文）").fill("分辨率 0.1 nm");
    await page.getByLabel("主要技术指标（英文）").fill("Resolution 0.1 nm");
    await page.getByLabel("标准价（元/小时）").fill("600");
    // An SME rate above the standard one is refused at its field, and nothing is created.
    await page.getByLabel("中小企业价（元/小时）").fill("700");
    await page.getByRole("button", { name: "创建仪器" }).click();
    await expect(page.getByText("中小企业价不能高于标准价。")).toBeVisible();
    await page.getByLabel("中小企业价（元/小时）").fill("400");
    await page.getByLabel("原值（元）").fill("3200000");
    await page.getByRole("button", { name: "创建仪器" }).click();

    // The photo page: wrong content and a too-large file get field messages; a PNG is stored.
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(`照片：${name}`) })).toBeVisible();
    await expect(page.getByText("仪器已创建")).toBeVisible();
    await page.getByLabel("照片文件").setInputFiles({ name: "photo.jpg", mimeType: "image/jpeg", buffer: Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\n") });
    await page.getByRole("button", { name: "上传", exact: true }).click();
    await expect(page.getByText("只接受 JPEG、PNG 或 WebP 图片")).toBeVisible();
    await page.getByLabel("照片文件").setInputFiles({ name: "huge.png", mimeType: "image/png", buffer: Buffer.alloc(10 * 1024 * 1024, 1) });
    await page.getByRole("button", { name: "上传", exact: true }).click();
    await expect(page.getByText("照片不能超过 5 MB。")).toBeVisible();
    await page
      .getByLabel("照片文件")
      .setInputFiles({ name: "afm.png", mimeType: "image/png", buffer: fs.readFileSync("public/images/instruments/physical_testing.png") });
    await page.getByRole("button", { name: "上传", exact: true }).click();
    await expect(page.getByText("照片已更新。")).toBeVisible();
    const preview = page.getByRole("img", { name: `${name}的照片` });
    await expect(preview).toBeVisible();
    expect(await preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
    await check(page, "instrument-photo");

    // Opening hours: every day 08:00–18:00, then the preview shows them.
    await page.getByRole("link", { name: "下一步：设置开放时间 →" }).click();
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(`开放时间：${name}`) })).toBeVisible();
    for (const day of ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]) {
      await page.getByLabel(`${day} 时段 1 开始`).fill("08:00");
      await page.getByLabel(`${day} 时段 1 结束`).fill("18:00");
    }
    await page.getByRole("button", { name: "保存每周开放时间" }).click();
    await expect(page.getByText("每周开放时间已保存。")).toBeVisible();
    await expect(page.getByRole("region", { name: "未来两周" }).getByText("08:00–18:00")).toHaveCount(14);
    await check(page, "instrument-hours");

    await page.goto("/lab/instruments");
    await page.getByRole("link", { name }).click();
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(name) })).toBeVisible();
    await check(page, "instrument-edit");

    // In the catalogue, with its photo, and on its public page.
    await page.goto(`/instruments?q=${encodeURIComponent(`Dimension-${world.tag}`)}`);
    const card = page.locator(".instrument-card", { hasText: name });
    await expect(card).toBeVisible();
    const src = await card.locator("img").getAttribute("src");
    expect(src).toContain("/storage/v1/object/public/instrument-photos/");
    expect((await page.request.get(src!)).headers()["content-type"]).toBe("image/png");
    await card.getByRole("link", { name }).click();
    await expect(page.getByRole("img", { name: `${name}的照片` })).toBeVisible();
  }
});
