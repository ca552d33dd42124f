// The whole account journey in Chromium against the built app and a fresh local stack:
// sign up → confirmation e-mail → confirmed and signed in → sign out → magic link → signed in →
// sign out → forgot password → reset → sign in with the new password. Screenshots of each page.
import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures.ts";
import { linkIn, waitForMail, type StoredMessage } from "../support/mailbox.ts";
import { E2E } from "../support/test-env.ts";

const shots = "tests/e2e/__screenshots__";

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

/** Opens the e-mail in the mailbox's page (as a person would) and returns its confirm link. */
async function openMail(page: Page, message: StoredMessage, name: string): Promise<string> {
  await page.goto(`${E2E.mailUrl}/messages/${message.id}`);
  await expect(page.getByRole("heading", { name: "HTML" })).toBeVisible();
  await shot(page, name);
  return linkIn(message, "/auth/confirm");
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page.getByRole("link", { name: "登录", exact: true })).toBeVisible();
}

test("sign up, confirm, sign out, magic link, forgot and reset password", async ({ page }) => {
  // Eleven pages and three e-mails: 30–55 s on an idle machine, over the 60 s default when the
  // machine is busy (it timed out at the last step on a loaded run).
  test.slow();
  const email = `e2e-${randomUUID().slice(0, 8)}@example.test`;
  const password = "first-password-123";
  const newPassword = "second-password-456";
  const sentAfter = () => new Date().toISOString();

  // Sign up
  await page.goto("/signup");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await page.getByLabel("姓名或昵称").fill("测试工程师");
  await page.getByLabel("电子邮箱").fill(email);
  await page.getByLabel("密码", { exact: true }).fill(password);
  await shot(page, "01-signup");
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page.getByRole("heading", { name: "请查收您的邮件" })).toBeVisible();
  await shot(page, "02-check-email");

  // A password sign-in before confirming is refused with a clear message
  await page.goto("/login");
  await page.getByLabel("电子邮箱").fill(email);
  await page.getByLabel("密码", { exact: true }).fill(password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page.getByText("您的邮箱尚未验证")).toBeVisible();

  // Confirm from the e-mail
  const confirmMail = await waitForMail(E2E.mailUrl, email);
  const confirmLink = await openMail(page, confirmMail, "03-confirmation-email");
  await page.goto(confirmLink);
  await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();
  await shot(page, "04-signed-in");

  // Account page shows the profile made at sign-up
  await page.goto("/account");
  await expect(page.getByLabel("姓名或昵称")).toHaveValue("测试工程师");
  await shot(page, "05-account");
  await signOut(page);

  // Magic link
  let since = sentAfter();
  await page.goto("/login/magic-link");
  await page.getByLabel("电子邮箱").fill(email);
  await shot(page, "06-magic-link");
  await page.getByRole("button", { name: "发送登录链接" }).click();
  await expect(page.getByRole("heading", { name: "请查收您的邮件" })).toBeVisible();
  const magicMail = await waitForMail(E2E.mailUrl, email, (m) => m.created_at > since);
  const magicLink = await openMail(page, magicMail, "07-magic-link-email");
  await page.goto(magicLink);
  await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();
  // The same link does not work twice
  await signOut(page);
  await page.goto(magicLink);
  await expect(page.getByRole("heading", { name: "无法验证此链接" })).toBeVisible();
  await shot(page, "08-used-link");

  // Forgot password → reset
  since = sentAfter();
  await page.goto("/forgot-password");
  await page.getByLabel("电子邮箱").fill(email);
  await page.getByRole("button", { name: "发送重设链接" }).click();
  await expect(page.getByRole("heading", { name: "请查收您的邮件" })).toBeVisible();
  const recoveryMail = await waitForMail(E2E.mailUrl, email, (m) => m.created_at > since);
  const recoveryLink = await openMail(page, recoveryMail, "09-recovery-email");
  await page.goto(recoveryLink);
  await expect(page).toHaveURL(/\/account\/reset-password/);
  await page.getByLabel("新密码", { exact: true }).fill(newPassword);
  await page.getByLabel("再次输入新密码").fill(newPassword);
  await shot(page, "10-reset-password");
  await page.getByRole("button", { name: "保存新密码" }).click();
  await expect(page.getByText("密码已更新。")).toBeVisible();
  await signOut(page);

  // The old password no longer works; the new one does
  await page.goto("/login");
  await page.getByLabel("电子邮箱").fill(email);
  await page.getByLabel("密码", { exact: true }).fill(password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page.getByText("邮箱或密码不正确。")).toBeVisible();
  await page.getByLabel("密码", { exact: true }).fill(newPassword);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();
  await shot(page, "11-signed-in-new-password");
});

test("switches the interface to English and back", async ({ page }) => {
  // A browser gets only the reader's dictionary: the English one arrives when it is asked for.
  const scripts: string[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() === "script") scripts.push(response.url());
  });
  const englishOnly = "Every research instrument, put to good use"; // app.tagline in en
  // The bundler writes non-ASCII characters as \uXXXX escapes.
  const escaped = (text: string) =>
    [...text].map((c) => (c.charCodeAt(0) > 127 ? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}` : c)).join("");
  const scriptsWith = async (text: string) => {
    const bodies = await Promise.all(scripts.map(async (url) => (await page.request.get(url)).text()));
    return scripts.filter((_, i) => bodies[i]!.includes(text) || bodies[i]!.includes(escaped(text)));
  };
  await page.goto("/");
  await expect(page.getByRole("link", { name: "仪器目录" }).first()).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(await scriptsWith(englishOnly)).toEqual([]);
  expect(await scriptsWith("让每一台科研仪器物尽其用")).toHaveLength(1); // app.tagline in zh-CN

  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("link", { name: "Instruments" }).first()).toBeVisible();
  await expect(page).toHaveTitle("Changzhou Research Instrument Sharing Network");
  expect(await scriptsWith(englishOnly)).toHaveLength(1);
  await shot(page, "12-home-en");
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("link", { name: "仪器目录" }).first()).toBeVisible();
  await expect(page).toHaveTitle("常州科研仪器开放共享网");
  await shot(page, "13-home-zh");
});

test("the demo engineer can sign in with the README's password", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("电子邮箱").fill("engineer@demo.cz-instruments.cn");
  await page.getByLabel("密码", { exact: true }).fill("demo-password-2026");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();
});
