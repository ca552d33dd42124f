// A small, hand-computed world for the utilisation statistics: one approved lab with two
// instruments in their own category tree, district and industrial chains, opening hours,
// exceptions and bookings in March–April 2026 (Asia/Shanghai). Expected figures are in the tests.
import { randomUUID } from "node:crypto";
import { shanghai, type Fixtures, type WeeklyRule } from "../../support/fixtures.ts";
import type { TestUser } from "../../support/supabase.ts";

const weekdays = (start: string, end: string): WeeklyRule[] => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start, end }));

export interface StatsWorld {
  f: Fixtures;
  labId: string;
  labOrgId: string;
  smeA: string;
  smeB: string;
  districtId: string;
  /** Top-level category of sem (through its child category) and top-level category of icp. */
  categoryMicroscopy: string;
  categoryAnalysis: string;
  chainSteel: string;
  chainBattery: string;
  /** Mon–Fri 08:30–17:30; in both chains. */
  sem: string;
  /** Mon–Fri 08:30–12:00 and 13:30–17:30; in the steel chain only. */
  icp: string;
  requester: string;
  manager: TestUser;
  bookings: Record<string, string>;
}

export async function buildStatsWorld(f: Fixtures): Promise<StatsWorld> {
  const code = () => `s${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const one = async (sql: string, params: unknown[]) => (await f.one<{ id: string }>(sql, params)).id;

  const districtId = await one(`insert into public.districts (code, name_zh, name_en) values ($1, '统计区', 'Stats district') returning id`, [code()]);
  const categoryMicroscopy = await one(
    `insert into public.instrument_categories (code, name_zh, name_en) values ($1, '显微仪器', 'Microscopy') returning id`,
    [code()],
  );
  const categorySem = await one(
    `insert into public.instrument_categories (parent_id, code, name_zh, name_en) values ($1, $2, '电子显微镜', 'Electron microscopy') returning id`,
    [categoryMicroscopy, code()],
  );
  const categoryAnalysis = await one(
    `insert into public.instrument_categories (code, name_zh, name_en) values ($1, '成分分析', 'Composition analysis') returning id`,
    [code()],
  );
  const chainSteel = await one(`insert into public.industrial_chains (code, name_zh, name_en) values ($1, '特钢', 'Special steel') returning id`, [code()]);
  const chainBattery = await one(
    `insert into public.industrial_chains (code, name_zh, name_en) values ($1, '动力电池', 'Power batteries') returning id`,
    [code()],
  );

  const labOrgId = await f.organisation("university");
  const labId = await f.lab(labOrgId);
  await f.q(`update public.labs set district_id = $2, name_zh = '统计实验室', name_en = 'Stats lab' where id = $1`, [labId, districtId]);
  const manager = await f.labStaff(labId, "manager");
  const [smeA, smeB] = [await f.organisation("sme"), await f.organisation("sme")];
  const requester = await f.plainUser();

  const sem = await f.instrument(labId, { hourly_rate_cny: 300, sme_rate_cny: 200, slot_minutes: 60 }, weekdays("08:30", "17:30"));
  const icp = await f.instrument(labId, { hourly_rate_cny: 100, sme_rate_cny: 100, slot_minutes: 30 }, [
    ...weekdays("08:30", "12:00"),
    ...weekdays("13:30", "17:30"),
  ]);
  // Both were in the network long before the period (available hours count from creation).
  await f.q(`update public.instruments set category_id = $2, name_zh = '扫描电镜', name_en = 'SEM', created_at = '2025-01-01' where id = $1`, [sem, categorySem]);
  await f.q(`update public.instruments set category_id = $2, name_zh = '电感耦合等离子体质谱', name_en = 'ICP-MS', created_at = '2025-01-01' where id = $1`, [
    icp,
    categoryAnalysis,
  ]);
  await f.q(`insert into public.instrument_chains (instrument_id, chain_id) values ($1, $2), ($1, $3), ($4, $2)`, [sem, chainSteel, chainBattery, icp]);

  // SEM: a closure on Tue 3 March from 12:00 to 20:00 (5.5 opening hours lost), an extra opening on
  // Sat 7 March 09:00–12:00 (+3 h), maintenance on Tue 10 March 07:00–10:00 (1.5 opening hours lost).
  await f.exception(sem, "closure", shanghai("2026-03-03", "12:00"), shanghai("2026-03-03", "20:00"));
  await f.exception(sem, "extra_opening", shanghai("2026-03-07", "09:00"), shanghai("2026-03-07", "12:00"));
  await f.exception(sem, "maintenance", shanghai("2026-03-10", "07:00"), shanghai("2026-03-10", "10:00"));

  const book = (
    instrumentId: string,
    organisationId: string,
    date: string,
    from: string,
    to: [string, string],
    status: "pending" | "confirmed" | "rejected" | "cancelled" | "completed" | "no_show",
    rateCny: number,
    actualMinutes: number | null = null,
  ) =>
    f.booking({
      instrumentId,
      requesterId: requester,
      organisationId,
      start: shanghai(date, from),
      end: shanghai(to[0], to[1]),
      status,
      rateCny,
      actualMinutes,
    });

  const bookings: Record<string, string> = {
    // SEM
    b1: await book(sem, smeA, "2026-03-02", "09:00", ["2026-03-02", "11:00"], "completed", 200, 100), // external
    b2: await book(sem, labOrgId, "2026-03-04", "22:00", ["2026-03-05", "02:00"], "completed", 300, 240), // own, spans midnight
    b3: await book(sem, smeA, "2026-03-06", "09:00", ["2026-03-06", "10:00"], "no_show", 200),
    b4: await book(sem, smeB, "2026-03-09", "09:00", ["2026-03-09", "12:00"], "confirmed", 200),
    b5: await book(sem, smeB, "2026-03-11", "14:00", ["2026-03-11", "15:00"], "cancelled", 200),
    b6: await book(sem, smeB, "2026-03-12", "09:00", ["2026-03-12", "10:00"], "pending", 200),
    b7: await book(sem, smeB, "2026-03-13", "13:00", ["2026-03-13", "15:00"], "completed", 200, 120),
    // ICP-MS
    c1: await book(icp, smeB, "2026-03-03", "09:00", ["2026-03-03", "11:30"], "completed", 100, 150),
    // 23:00–01:00 Shanghai: 31 March and 1 April locally, all of it on 31 March in UTC.
    c2: await book(icp, smeA, "2026-03-31", "23:00", ["2026-04-01", "01:00"], "completed", 100, 120),
    c3: await book(icp, smeA, "2026-03-16", "09:00", ["2026-03-16", "10:00"], "rejected", 100),
  };

  return {
    f,
    labId,
    labOrgId,
    smeA,
    smeB,
    districtId,
    categoryMicroscopy,
    categoryAnalysis,
    chainSteel,
    chainBattery,
    sem,
    icp,
    requester,
    manager,
    bookings,
  };
}
