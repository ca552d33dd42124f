// Time-first search in the catalogue: "free for N hours between A and B" lists only instruments
// with such a free slot. The test makes two SEMs of its own (tests/e2e/fixtures.ts) open on a day
// three days ahead, whatever weekday that is; its engineer books every free slot of the tabletop
// one that day through the engine (supabase-js, as the booking form would); a search for that day
// with a keyword matching both then lists the free one and not the booked-out one.
import type { SupabaseClient } from "@supabase/supabase-js";
import { everyDay, expect, isoWeekday, shanghai, shanghaiDate, test } from "./fixtures.ts";

const SLOT_MS = 30 * 60_000;
const MAX_MS = 120 * 60_000;

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

test("a time-first search finds only instruments that are free", async ({ page, world, lab, engineer: { client: engineer } }) => {
  // Three Shanghai days ahead: past the default 24-hour lead time whatever the hour now.
  const date = shanghaiDate(3);
  const policy = { slot_minutes: 30, min_booking_minutes: 30, max_booking_minutes: 120 };
  const tabletop = await world.instrument(lab, {
    name: "台式扫描电镜",
    policy,
    rules: [
      { weekday: isoWeekday(date), start: "08:00", end: "12:00" },
      { weekday: isoWeekday(date), start: "13:00", end: "18:00" },
    ],
  });
  const lowVacuum = await world.instrument(lab, { name: "场发射扫描电镜（低真空）", policy, rules: everyDay("08:00", "18:00") });
  const from = shanghai(date, "08:00");
  const to = shanghai(date, "18:00");
  expect((await freeStarts(engineer, lowVacuum.id, from, to, 60)).length).toBeGreaterThan(0);

  // Book every free half hour of the tabletop SEM that day, in runs of at most two hours.
  const starts = await freeStarts(engineer, tabletop.id, from, to, 30);
  const runs: [number, number][] = [];
  for (const start of starts) {
    const last = runs.at(-1);
    if (last && last[1] === start && last[1] - last[0] < MAX_MS) last[1] = start + SLOT_MS;
    else runs.push([start, start + SLOT_MS]);
  }
  for (const [start, end] of runs) {
    const { error } = await engineer.rpc("request_booking", {
      p_instrument_id: tabletop.id,
      p_starts_at: new Date(start).toISOString(),
      p_ends_at: new Date(end).toISOString(),
      p_purpose: "E2E：占满当天以验证按时间搜索",
      p_service_mode: "sample_submission",
      p_sample_description: "粉末样品",
    });
    expect(error).toBeNull();
  }
  expect(await freeStarts(engineer, tabletop.id, from, to, 30)).toEqual([]);

  // Without the time filter both SEMs match the keyword.
  await page.goto("/instruments");
  await page.getByLabel("关键词").fill(world.tag);
  await page.getByRole("button", { name: "应用筛选" }).click();
  await expect(page.getByRole("link", { name: tabletop.name })).toBeVisible();
  await expect(page.getByRole("link", { name: lowVacuum.name })).toBeVisible();

  // Free for one hour on that day: only the low-vacuum SEM.
  const free = page.getByRole("group", { name: "有空闲时段" });
  await free.getByLabel("开始时间").fill(`${date}T08:00`);
  await free.getByLabel("结束时间").fill(`${date}T18:00`);
  await free.getByLabel("需要的时长（小时）").fill("1");
  await page.getByRole("button", { name: "应用筛选" }).click();
  await expect(page).toHaveURL(/freeFrom=.*freeTo=.*hours=1/);
  await expect(page.getByText(`${date} 08:00 至 ${date} 18:00 之间空闲 1 小时（北京时间）`)).toBeVisible();
  await expect(page.getByRole("link", { name: lowVacuum.name })).toBeVisible();
  await expect(page.getByRole("link", { name: tabletop.name })).toHaveCount(0);
  await expect(free.getByLabel("开始时间")).toHaveValue(`${date}T08:00`);

  // A malformed value is dropped with a notice, not an error page.
  await page.goto(`/instruments?q=${world.tag}&freeFrom=${date}T08:00&freeTo=nonsense&hours=1`);
  await expect(page.getByRole("alert")).toContainText("空闲时段筛选未生效");
  await expect(page.getByRole("link", { name: tabletop.name })).toBeVisible();
});
