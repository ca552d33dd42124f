// public.utilisation(): exact figures for a hand-computed world (Asia/Shanghai days), every
// grouping, week and month periods — through supabase-js as a bureau analyst and as lab staff.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Fixtures } from "../../support/fixtures.ts";
import type { TestUser } from "../../support/supabase.ts";
import { buildStatsWorld, type StatsWorld } from "./world.ts";

interface Row {
  group_key: string;
  group_label_zh: string;
  group_label_en: string;
  period_start: string | null;
  available_hours: number;
  booked_hours: number;
  used_hours: number;
  external_hours: number;
  utilisation_rate: number | null;
  sharing_rate: number | null;
  bookings: number;
  organisations_served: number;
  no_shows: number;
  no_show_rate: number | null;
  revenue_cny: number;
}

const f = new Fixtures();
let w: StatsWorld;
let bureau: TestUser;

beforeAll(async () => {
  w = await buildStatsWorld(f);
  bureau = await f.bureau();
});
afterAll(() => f.end());

async function stats(
  user: TestUser,
  args: { p_from: string; p_to: string; p_group: string; p_period?: string | null; p_lab_id?: string | null },
): Promise<Row[]> {
  const { data, error } = await user.client.rpc("utilisation", args);
  if (error) throw new Error(`${error.code} ${error.message}`);
  return data as Row[];
}

/** The figures of a row, without its labels. */
const figures = ({ group_label_zh: _zh, group_label_en: _en, ...rest }: Row) => rest;

describe("utilisation: hand-computed figures", () => {
  it("per instrument over the first week of March 2026", async () => {
    const rows = await stats(bureau, { p_from: "2026-03-02", p_to: "2026-03-08", p_group: "instrument", p_lab_id: w.labId });
    const sem = rows.find((r) => r.group_key === w.sem)!;
    const icp = rows.find((r) => r.group_key === w.icp)!;
    expect(rows).toHaveLength(2);
    expect(sem.group_label_zh).toBe("扫描电镜");
    expect(sem.group_label_en).toBe("SEM");
    // 5 × 9 h − 5.5 h closure (12:00–17:30 of a 12:00–20:00 closure) + 3 h extra Saturday opening.
    // Booked: b1 2 h + b2 4 h (22:00–02:00 across midnight); used 100 + 240 min; external b1 only;
    // revenue 200 × 100/60 + 300 × 4; b3 a no-show; served smeA and the lab's own organisation.
    expect(figures(sem)).toEqual({
      group_key: w.sem,
      period_start: null,
      available_hours: 42.5,
      booked_hours: 6,
      used_hours: 5.67,
      external_hours: 1.67,
      utilisation_rate: 0.1412,
      sharing_rate: 0.2941,
      bookings: 2,
      organisations_served: 2,
      no_shows: 1,
      no_show_rate: 0.3333,
      revenue_cny: 1533.33,
    });
    // 5 × 7.5 h; c1 2.5 h completed for smeB.
    expect(figures(icp)).toEqual({
      group_key: w.icp,
      period_start: null,
      available_hours: 37.5,
      booked_hours: 2.5,
      used_hours: 2.5,
      external_hours: 2.5,
      utilisation_rate: 0.0667,
      sharing_rate: 1,
      bookings: 1,
      organisations_served: 1,
      no_shows: 0,
      no_show_rate: 0,
      revenue_cny: 250,
    });
  });

  it("splits a booking at Asia/Shanghai midnight: the first day alone gets its first part", async () => {
    const [day4] = await stats(bureau, { p_from: "2026-03-04", p_to: "2026-03-04", p_group: "instrument", p_lab_id: w.labId }).then((r) =>
      r.filter((x) => x.group_key === w.sem),
    );
    expect(day4).toMatchObject({ available_hours: 9, booked_hours: 2, used_hours: 2, bookings: 1, organisations_served: 1, revenue_cny: 600 });
    const [day5] = await stats(bureau, { p_from: "2026-03-05", p_to: "2026-03-05", p_group: "instrument", p_lab_id: w.labId }).then((r) =>
      r.filter((x) => x.group_key === w.sem),
    );
    // The second half of b2: hours and revenue, but the booking and its organisation count on its start day.
    expect(day5).toMatchObject({ booked_hours: 2, used_hours: 2, bookings: 0, organisations_served: 0, revenue_cny: 600 });
  });

  it("per month, with a booking across the month boundary in Shanghai time", async () => {
    const rows = await stats(bureau, { p_from: "2026-03-01", p_to: "2026-04-30", p_group: "instrument", p_period: "month", p_lab_id: w.labId });
    expect(rows.map((r) => r.period_start)).toEqual(["2026-03-01", "2026-03-01", "2026-04-01", "2026-04-01"]);
    const get = (period: string, id: string) => figures(rows.find((r) => r.period_start === period && r.group_key === id)!);
    // March: 22 weekdays × 9 h − 5.5 − 1.5 + 3; b1, b2, b4 (3 h confirmed), b7 (2 h completed, 120 min).
    expect(get("2026-03-01", w.sem)).toEqual({
      group_key: w.sem,
      period_start: "2026-03-01",
      available_hours: 194,
      booked_hours: 11,
      used_hours: 7.67,
      external_hours: 3.67,
      utilisation_rate: 0.0567,
      sharing_rate: 0.4783,
      bookings: 4,
      organisations_served: 3,
      no_shows: 1,
      no_show_rate: 0.25,
      revenue_cny: 1933.33,
    });
    // March: 22 × 7.5 h; c1 and the first hour of c2 (23:00–24:00 on 31 March).
    expect(get("2026-03-01", w.icp)).toMatchObject({ available_hours: 165, booked_hours: 3.5, used_hours: 3.5, external_hours: 3.5, bookings: 2, organisations_served: 2, revenue_cny: 350 });
    // April: 22 weekdays; the second hour of c2, counted as hours only.
    expect(get("2026-04-01", w.icp)).toMatchObject({ available_hours: 165, booked_hours: 1, used_hours: 1, bookings: 0, organisations_served: 0, revenue_cny: 100 });
    expect(get("2026-04-01", w.sem)).toMatchObject({ available_hours: 198, booked_hours: 0, utilisation_rate: 0, sharing_rate: null, no_show_rate: null });
  });

  it("per ISO week, periods clipped to the range", async () => {
    const rows = await stats(bureau, { p_from: "2026-03-01", p_to: "2026-03-15", p_group: "lab", p_period: "week", p_lab_id: w.labId });
    expect(rows.map((r) => [r.period_start, r.available_hours, r.booked_hours, r.used_hours, r.bookings, r.no_shows])).toEqual([
      ["2026-02-23", 0, 0, 0, 0, 0], // only Sunday 1 March is in range
      ["2026-03-02", 80, 8.5, 8.17, 3, 1], // 42.5 + 37.5
      ["2026-03-09", 81, 5, 2, 2, 0], // 45 − 1.5 + 37.5; b4 3 h, b7 2 h
    ]);
    expect(rows.every((r) => r.group_key === w.labId && r.group_label_zh === "统计实验室" && r.group_label_en === "Stats lab")).toBe(true);
  });

  it("by lab, top-level category, district, chain and network", async () => {
    const range = { p_from: "2026-03-01", p_to: "2026-03-31", p_lab_id: w.labId };
    const lab = await stats(bureau, { ...range, p_group: "lab" });
    expect(lab).toHaveLength(1);
    expect(figures(lab[0])).toEqual({
      group_key: w.labId,
      period_start: null,
      available_hours: 359,
      booked_hours: 14.5,
      used_hours: 11.17,
      external_hours: 7.17,
      utilisation_rate: 0.0404,
      sharing_rate: 0.6418,
      bookings: 6,
      organisations_served: 3,
      no_shows: 1,
      no_show_rate: 0.1667, // 1 / (5 completed + 1)
      revenue_cny: 2283.33,
    });

    const category = await stats(bureau, { ...range, p_group: "category" });
    expect(category.map((r) => [r.group_key, r.group_label_en, r.available_hours, r.booked_hours])).toEqual([
      [w.categoryAnalysis, "Composition analysis", 165, 3.5], // 成分分析 sorts before 显微仪器
      [w.categoryMicroscopy, "Microscopy", 194, 11], // the SEM sits in a child category
    ]);

    const district = await stats(bureau, { ...range, p_group: "district" });
    expect(district.map((r) => [r.group_key, r.group_label_zh, r.available_hours, r.organisations_served])).toEqual([
      [w.districtId, "统计区", 359, 3],
    ]);

    // The SEM is in both chains and counts in both; the ICP-MS in the steel chain only.
    const chain = await stats(bureau, { ...range, p_group: "chain" });
    expect(chain.map((r) => [r.group_key, r.group_label_en, r.available_hours, r.booked_hours, r.bookings])).toEqual([
      [w.chainBattery, "Power batteries", 194, 11, 4], // 动力电池
      [w.chainSteel, "Special steel", 359, 14.5, 6], // 特钢
    ]);

    const network = await stats(bureau, { ...range, p_group: "network" });
    expect(network.map((r) => [r.group_key, r.group_label_zh, r.group_label_en])).toEqual([["network", "全市共享网络", "Whole network"]]);
    expect(figures(network[0])).toEqual({ ...figures(lab[0]), group_key: "network" });
  });

  it("puts instruments in no industrial chain under 'none'", async () => {
    const labId = await f.lab(w.labOrgId);
    const id = await f.instrument(labId, {}, [{ weekday: 1, start: "09:00", end: "11:00" }]);
    await f.q(`update public.instruments set created_at = '2025-01-01' where id = $1`, [id]);
    const rows = await stats(bureau, { p_from: "2026-03-01", p_to: "2026-03-31", p_group: "chain", p_lab_id: labId });
    // Five Mondays in March 2026, two hours each.
    expect(rows.map((r) => [r.group_key, r.group_label_zh, r.group_label_en, r.available_hours])).toEqual([
      ["none", "未纳入重点产业链", "Not in a priority chain", 10],
    ]);
  });

  it("counts available hours only from the day an instrument joined", async () => {
    await f.q(`update public.instruments set created_at = '2026-03-20 10:00+08' where id = $1`, [w.icp]);
    try {
      const rows = await stats(bureau, { p_from: "2026-03-01", p_to: "2026-03-31", p_group: "instrument", p_lab_id: w.labId });
      // Fri 20 March … Tue 31 March: 8 weekdays × 7.5 h; its bookings still count.
      expect(rows.find((r) => r.group_key === w.icp)).toMatchObject({ available_hours: 60, booked_hours: 3.5 });
    } finally {
      await f.q(`update public.instruments set created_at = '2025-01-01' where id = $1`, [w.icp]);
    }
  });

  it("lets the lab's own staff see their lab's figures", async () => {
    const asBureau = await stats(bureau, { p_from: "2026-03-01", p_to: "2026-03-31", p_group: "instrument", p_lab_id: w.labId });
    const asStaff = await stats(w.manager, { p_from: "2026-03-01", p_to: "2026-03-31", p_group: "instrument", p_lab_id: w.labId });
    expect(asStaff).toEqual(asBureau);
  });

  it("gives the bureau every lab without a filter", async () => {
    const rows = await stats(bureau, { p_from: "2026-03-01", p_to: "2026-03-31", p_group: "lab" });
    expect(rows.find((r) => r.group_key === w.labId)).toMatchObject({ available_hours: 359, booked_hours: 14.5 });
  });
});
