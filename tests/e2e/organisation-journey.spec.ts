// Issue 9 in Chromium: a new user signs up and confirms from the mailbox; choosing a slot, the
// booking form sends them to "your organisation" and back; they register an SME (a wrong credit
// code check character is refused at the field) and book at the standard rate with the reason
// shown; the seeded bureau admin (README's admin@ demo account) verifies the SME on
// /bureau/organisations and the owner is e-mailed; the next booking is at the SME rate. Then a
// colleague asks to join, the owner approves, and the colleague books for the company. axe on
// the new pages; screenshots of each.
import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { CREDIT_CODE_ALPHABET, creditCodeCheckCharacter } from "../../app/lib/organisations/credit-code.ts";
import { linkIn, waitForMail } from "../support/mailbox.ts";
import { createSignedInUser } from "../support/supabase.ts";
import { E2E } from "../support/test-env.ts";
import { expect, hydrated, signIn, test } from "./fixtures.ts";

const shots = "tests/e2e/__screenshots__";
const shot = (page: Page, name: string) => page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });

async function axeClean(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

function creditCode(): string {
  const body = "91320411" + Array.from({ length: 9 }, () => CREDIT_CODE_ALPHABET[Math.floor(Math.random() * 31)]).join("");
  return body + creditCodeCheckCharacter(body);
}

/** From the instrument page, the first free slot's booking form (signed in: straight to the form). */
async function openFirstSlot(page: Page, instrumentUrl: string): Promise<void> {
  await page.goto(instrumentUrl);
  const slot = page.locator(".slot-list a").first();
  await expect(slot).toBeVisible();
  await slot.click();
  await expect(page).toHaveURL(/\/instruments\/[0-9a-f-]+\/book\?start=/);
}

async function submitBooking(page: Page, purpose: string): Promise<string> {
  await hydrated(page, "textarea[name=purpose]");
  await page.getByLabel("预约用途").fill(purpose);
  await page.getByRole("button", { name: "提交预约" }).click();
  await expect(page).toHaveURL(/\/bookings\/[0-9a-f-]{36}\?notice=/);
  return new URL(page.url()).pathname.split("/").pop() ?? "";
}

test("sign up, register an SME, book at the standard rate, bureau verifies, book at the SME rate; a colleague joins with approval", async ({
  page,
  browser,
  world,
  lab,
}) => {
  test.slow();
  // Three users, two browsers, four e-mails: over 10 min on the loaded shared machine.
  test.setTimeout(1_200_000);
  const xrd = await world.instrument(lab, { name: "X射线衍射仪", nameEn: "X-ray diffractometer", policy: { requires_approval: true } });
  const email = `e2e-org-${randomUUID().slice(0, 8)}@example.test`;
  const password = "org-journey-password-1";
  const orgName = `E2E 烯碳新材料有限公司 ${world.tag}`;
  const code = creditCode();

  // Sign up and confirm from the mailbox: the link leads to "your organisation"
  await page.goto("/signup");
  await page.getByLabel("姓名或昵称").fill("赵工");
  await page.getByLabel("电子邮箱").fill(email);
  await page.getByLabel("密码", { exact: true }).fill(password);
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page.getByRole("heading", { name: "请查收您的邮件" })).toBeVisible();
  const confirm = await waitForMail(E2E.mailUrl, email);
  await page.goto(linkIn(confirm, "/auth/confirm"));
  await expect(page).toHaveURL(/\/onboarding\/organisation/);
  await expect(page.getByRole("heading", { level: 1, name: "您的机构" })).toBeVisible();
  await shot(page, "60-onboarding");
  await axeClean(page);

  // A slot: the booking form says an organisation is needed and links to the step, keeping the slot
  await openFirstSlot(page, xrd.url);
  const bookUrl = new URL(page.url());
  await expect(page.getByText("预约需以所属单位名义提交。")).toBeVisible();
  await page.getByRole("link", { name: "请先加入或注册您的单位，完成后会回到这个时段。" }).click();
  await expect(page).toHaveURL(/\/onboarding\/organisation\?next=/);
  // Searching for a company that does not exist yet finds nothing
  await page.getByLabel("机构名称或统一社会信用代码").fill(code);
  await page.getByRole("button", { name: "查找" }).click();
  await expect(page.getByText(`没有找到与“${code}”相符的机构。`)).toBeVisible();
  await page.getByRole("link", { name: "注册新机构" }).click();
  await expect(page).toHaveURL(/\/onboarding\/organisation\/register\?next=/);

  // Register the SME; a wrong check character is refused at the field first
  await hydrated(page, "input[name=nameZh]");
  await page.getByLabel("机构名称（中文）").fill(orgName);
  await expect(page.getByLabel("机构类型")).toHaveValue("sme");
  await expect(page.getByText("核验通过前按标准价预约")).toBeVisible();
  const wrong = code.slice(0, 17) + CREDIT_CODE_ALPHABET[(CREDIT_CODE_ALPHABET.indexOf(code[17]) + 1) % 31];
  await page.getByLabel("统一社会信用代码").fill(wrong);
  await page.getByLabel("地址").fill("常州市武进区常武中路 18 号");
  await page.getByLabel("联系人").fill("赵工");
  await page.getByLabel("联系电话").fill("0519-8600 1234");
  await page.getByRole("button", { name: "注册机构" }).click();
  await expect(page.getByText("统一社会信用代码的校验位不正确")).toBeVisible();
  await shot(page, "61-register-wrong-check");
  await axeClean(page);
  await page.getByLabel("统一社会信用代码").fill(code);
  await page.getByRole("button", { name: "注册机构" }).click();

  // Back on the chosen slot, at the standard rate, told why
  await expect(page).toHaveURL(new RegExp(`/instruments/[0-9a-f-]+/book\\?start=`));
  expect(new URL(page.url()).searchParams.get("start")).toBe(bookUrl.searchParams.get("start"));
  await expect(page.getByText("该单位的中小企业身份尚待工信局核验")).toBeVisible();
  await expect(page.getByText(/× ¥500/)).toBeVisible();
  await shot(page, "62-booking-standard-rate");
  const first = await submitBooking(page, "E2E：石墨烯粉体物相分析");
  const org = await world.f.one<{ id: string; sme_status: string }>(`select id, sme_status from public.organisations where uscc = $1`, [code]);
  expect(org.sme_status).toBe("sme_pending");
  expect(Number((await world.f.one<{ rate_cny: string }>(`select rate_cny from public.bookings where id = $1`, [first])).rate_cny)).toBe(500);

  // My organisation: pending verification, and what to do
  await page.goto("/account/organisation");
  await expect(page.getByRole("heading", { name: orgName })).toBeVisible();
  await expect(page.getByText("待认定")).toBeVisible();
  await shot(page, "63-my-organisation-pending");
  await axeClean(page);

  // The bureau admin (seeded demo account) verifies it
  const adminContext = await browser.newContext({ baseURL: E2E.appUrl });
  const admin = await adminContext.newPage();
  await signIn(admin, { email: "admin@demo.cz-instruments.cn", password: "demo-password-2026" });
  await admin.goto("/bureau/organisations");
  await expect(admin.getByRole("heading", { level: 1, name: "中小企业认定" })).toBeVisible();
  const entry = admin.locator("li.panel", { has: admin.getByRole("heading", { name: orgName }) });
  await expect(entry).toContainText(code);
  await axeClean(admin);
  await entry.getByLabel("核验依据（营业执照、入库登记编号）").fill("营业执照（E2E 核验）");
  await shot(admin, "64-bureau-organisations");
  await entry.getByRole("button", { name: "认定为中小企业" }).click();
  await expect(admin.getByText("已认定为中小企业，已邮件通知机构管理员。")).toBeVisible();
  await adminContext.close();
  const verifiedMail = await waitForMail(E2E.mailUrl, email, (m) => m.subject.includes("已通过中小企业认定"), 30_000);
  expect(linkIn(verifiedMail, "/account/organisation")).toContain(org.id);

  // The next booking is at the SME rate; the first keeps the standard rate
  await openFirstSlot(page, xrd.url);
  await expect(page.getByText(`按中小企业价计算，预约单位：${orgName}。`)).toBeVisible();
  await expect(page.getByText(/× ¥300/)).toBeVisible();
  await shot(page, "65-booking-sme-rate");
  const second = await submitBooking(page, "E2E：石墨烯薄膜 XRD");
  expect(Number((await world.f.one<{ rate_cny: string }>(`select rate_cny from public.bookings where id = $1`, [second])).rate_cny)).toBe(300);
  expect(Number((await world.f.one<{ rate_cny: string }>(`select rate_cny from public.bookings where id = $1`, [first])).rate_cny)).toBe(500);

  // A colleague finds the company by its credit code and asks to join
  const colleague = await createSignedInUser({ display_name: "钱工" }, E2E);
  const colleagueContext = await browser.newContext({ baseURL: E2E.appUrl });
  const colleaguePage = await colleagueContext.newPage();
  await signIn(colleaguePage, colleague);
  await colleaguePage.goto(`/onboarding/organisation?q=${code}`);
  await colleaguePage.getByRole("button", { name: `申请加入${orgName}` }).click();
  await expect(colleaguePage.getByText("申请已发送。")).toBeVisible();
  await shot(colleaguePage, "66-join-requested");
  // the owner is e-mailed and approves on the organisation page
  await waitForMail(E2E.mailUrl, email, (m) => m.subject.includes("申请加入"), 30_000);
  await page.goto("/account/organisation");
  await page.getByRole("button", { name: "批准 钱工 加入" }).click();
  await expect(page.getByText("已批准加入申请。")).toBeVisible();
  await expect(page.locator("table")).toContainText(colleague.email);
  await shot(page, "67-members");
  await waitForMail(E2E.mailUrl, colleague.email, (m) => m.subject.includes(orgName), 30_000);
  // the colleague books for the company, at its SME rate
  await openFirstSlot(colleaguePage, xrd.url);
  await expect(colleaguePage.getByText(`按中小企业价计算，预约单位：${orgName}。`)).toBeVisible();
  const third = await submitBooking(colleaguePage, "E2E：同事的 XRD 测试");
  const booked = await world.f.one<{ organisation_id: string; rate_cny: string }>(`select organisation_id, rate_cny from public.bookings where id = $1`, [third]);
  expect(booked.organisation_id).toBe(org.id);
  expect(Number(booked.rate_cny)).toBe(300);
  await colleagueContext.close();
});
