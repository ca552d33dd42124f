// Shared by the Playwright specs: the demo accounts, signing in through the app's login form, and
// a supabase-js client signed in against the e2e stack (as another user's browser would be).
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { expect, type Page } from "@playwright/test";
import WebSocket from "ws";
import { DEMO_ANON_KEY } from "../../supabase/local/config.ts";
import { E2E } from "./test-env.ts";

export const DEMO_PASSWORD = "demo-password-2026";

/** Demo accounts from the seed (README). Each spec books with its own so they don't collide. */
export const DEMO = {
  engineer: "engineer@demo.cz-instruments.cn",
  engineerRobot: "engineer.robot@demo.cz-instruments.cn",
  engineerPv: "engineer.pv@demo.cz-instruments.cn",
  engineerBattery: "engineer.battery@demo.cz-instruments.cn",
  engineerMed: "engineer.med@demo.cz-instruments.cn",
  managerSem: "manager.sem@demo.cz-instruments.cn",
} as const;

/** Signs in with the password form (in Chinese, the default language). */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("电子邮箱").fill(email);
  await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();
}

export async function demoClient(email: string): Promise<SupabaseClient> {
  const client = createClient(E2E.apiUrl, DEMO_ANON_KEY, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
  });
  const { error } = await client.auth.signInWithPassword({ email, password: DEMO_PASSWORD });
  if (error) throw error;
  return client;
}
