// Time-first search in the catalogue: "free for N hours between A and B" lists only instruments
// with such a free slot. The demo engineer books every free slot of the tabletop SEM on a coming
// weekday through the engine (supabase-js, as the booking form would); a search for that day with a
// keyword matching it and the low-vacuum SEM then lists the free one and not the booked-out one.
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { expect, test } from "@playwright/test";
import WebSocket from "ws";
import { DEMO_ANON_KEY } from "../../supabase/local/config.ts";
import { E2E } from "../support/test-env.ts";

const ENGINEER = "engineer@demo.cz-instruments.cn";
const PASSWORD = "demo-password-2026";
const TABLETOP = "00000000-0000-4000-8000-000000001003"; // 台式扫描电镜, 30-minute slots, at most 2 h
const LOW_VACUUM = "00000000-0000-4000-8000-000000001002"; // 场发射扫描电镜（低真空）
const SLOT_MS = 30 * 60_000;
const MAX_MS = 120 * 60_000;

async function engineerClient(): Promise<SupabaseClient> {
  const client = createClient(E2E.apiUrl, DEMO_ANON_KEY, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
  });
  const { error } = await client.auth.signInWithPassword({ email: ENGINEER, password: PASSWORD });
  if (error) throw error;
  return client;
}

/** The Shanghai date `days` from now and its weekday (1 = Monday … 7 = Sunday). */
function shanghaiDay(days: number): { date: string; weekday: number } {
  const date = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return { date, weekday: day === 0 ? 7 : day };
}

async function freeStarts(client: SupabaseClient, instrument: string, from: Date, to: Date, minutes: number): Promise<number[]> {
  const { data, error } = await client.rpc("free_slots", {
    p_instrument_id: instrument,
    p_from: from.toISOString(),
    p_to: to.toISOString(),
    p_minutes: minutes,
  });
  if (error) throw new Error(error.message);
  return (data as { starts_at: string }[]).map((s) => new Date(s.starts_at).getTime());
}

test("a time-first search finds only instruments that are free", async ({ page }) => {
  const engineer = await engineerClient();

  // A coming weekday on which the low-vacuum SEM still has a free hour.
  let date = "";
  for (let days = 3; days <= 14 && !date; days++) {
    const day = shanghaiDay(days);
    if (day.weekday > 5) continue;
    const from = new Date(`${day.date}T08:00:00+08:00`);
    const to = new Date(`${day.date}T18:00:00+08:00`);
    if ((await freeStarts(engineer, LOW_VACUUM, from, to, 60)).length > 0) date = day.date;
  }
  expect(date).not.toBe("");
  const from = new Date(`${date}T08:00:00+08:00`);
  const to = new Date(`${date}T18:00:00+08:00`);

  // Book every free half hour of the tabletop SEM that day, in runs of at most two hours.
  const starts = await freeStarts(engineer, TABLETOP, from, to, 30);
  const runs: [number, number][] = [];
  for (const start of starts) {
    const last = runs.at(-1);
    if (last && last[1] === start && last[1] - last[0] < MAX_MS) last[1] = start + SLOT_MS;
    else runs.push([start, start + SLOT_MS]);
  }
  for (const [start, end] of runs) {
    const { error } = await engineer.rpc("request_booking", {
      p_instrument_id: TABLETOP,
      p_starts_at: new Date(start).toISOString(),
      p_ends_at: new Date(end).toISOString(),
      p_purpose: "E2E：占满当天以验证按时间搜索",
      p_service_mode: "sample_submission",
      p_sample_description: "粉末样品",
    });
    expect(error).toBeNull();
  }
  expect(await freeStarts(engineer, TABLETOP, from, to, 30)).toEqual([]);

  // Without the time filter both SEMs match the keyword.
  await page.goto("/instruments");
  await page.getByLabel("关键词").fill("扫描电镜");
  await page.getByRole("button", { name: "应用筛选" }).click();
  await expect(page.getByRole("link", { name: "台式扫描电镜" })).toBeVisible();
  await expect(page.getByRole("link", { name: "场发射扫描电镜（低真空）" })).toBeVisible();

  // Free for one hour on that day: only the low-vacuum SEM.
  const free = page.getByRole("group", { name: "有空闲时段" });
  await free.getByLabel("开始时间").fill(`${date}T08:00`);
  await free.getByLabel("结束时间").fill(`${date}T18:00`);
  await free.getByLabel("需要的时长（小时）").fill("1");
  await page.getByRole("button", { name: "应用筛选" }).click();
  await expect(page).toHaveURL(/freeFrom=.*freeTo=.*hours=1/);
  await expect(page.getByText(`${date} 08:00 至 ${date} 18:00 之间空闲 1 小时（北京时间）`)).toBeVisible();
  await expect(page.getByRole("link", { name: "场发射扫描电镜（低真空）" })).toBeVisible();
  await expect(page.getByRole("link", { name: "台式扫描电镜" })).toHaveCount(0);
  await expect(free.getByLabel("开始时间")).toHaveValue(`${date}T08:00`);

  // A malformed value is dropped with a notice, not an error page.
  await page.goto(`/instruments?q=${encodeURIComponent("扫描电镜")}&freeFrom=${date}T08:00&freeTo=nonsense&hours=1`);
  await expect(page.getByRole("alert")).toContainText("空闲时段筛选未生效");
  await expect(page.getByRole("link", { name: "台式扫描电镜" })).toBeVisible();
});
