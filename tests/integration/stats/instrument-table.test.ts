// The instrument table (issue 11; migration 20261211010000): organisations served per instrument
// come from instrument_year_orgs (months served as bits per instrument, year and organisation), which
// must stay equal to instrument_month_orgs folded by year through every change; and the breakdowns
// page asks the database for one sorted page (stats_breakdown_page), which must give exactly the
// rows and order that sorting the whole table in the app (sortRows, breakdownColumns) gives, for
// every column, direction and locale. Real stack; rows scoped to this file's lab and instruments.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBreakdown } from "~/lib/stats/pages.server";
import { breakdownColumns } from "~/lib/stats/tables";
import { Fixtures, shanghai, type Engineer } from "../../support/fixtures.ts";
import { serviceClient, type TestUser } from "../../support/supabase.ts";

const f = new Fixtures(undefined, 2);
let bureau: TestUser;
let lab: string;
let instruments: string[];
let engineers: Engineer[];
// two whole years in the past on any day the tests run
const Y = new Date().getUTCFullYear() - 2;
const ym = (year: number, month: number) => `${year}-${String(month).padStart(2, "0")}`;

const NAMES: [string, string][] = [
  ["扫描电子显微镜", "Scanning electron microscope"],
  ["阿贝折射仪", "Abbe refractometer"],
  ["X射线衍射仪", "X-ray diffractometer"],
  ["比表面积分析仪", "BET surface analyser"],
  ["原子吸收光谱仪", "atomic absorption spectrometer"],
  ["电池充放电测试系统", "Battery cycler"],
];

/** A completed booking of `hours` on day `day` of month `month` (year Y unless given). */
async function use(instrument: number, engineer: number, month: number, day: number, hours: number, year = Y): Promise<string> {
  const date = `${ym(year, month)}-${String(day).padStart(2, "0")}`;
  return f.booking({
    instrumentId: instruments[instrument],
    requesterId: engineers[engineer].id,
    organisationId: engineers[engineer].organisationId,
    start: shanghai(date, "09:00"),
    end: shanghai(date, `${String(9 + hours).padStart(2, "0")}:00`),
    status: "completed",
  });
}

beforeAll(async () => {
  bureau = await f.bureau();
  lab = await f.lab(await f.organisation("institute"));
  instruments = [];
  for (const [zh, en] of NAMES) {
    const id = await f.instrument(lab);
    instruments.push(id);
    await f.q(`update public.instruments set name_zh = $2, name_en = $3 where id = $1`, [id, zh, en]);
  }
  // all but the last were on the network before the years measured (the last has no available hours)
  await f.q(`update public.instruments set created_at = $2 where id = any($1::uuid[])`, [instruments.slice(0, -1), `${Y - 1}-06-01T00:00:00Z`]);
  const orgs = [await f.organisation("sme"), await f.organisation("enterprise"), await f.organisation("sme"), await f.organisation("university")];
  engineers = [];
  for (const org of orgs) engineers.push(await f.engineer(org));
  // instrument 0: three organisations over the year; 1: one organisation in two months; 2: across
  // the turn of the year; 3 and 4: the same hours (a tie); 5: nothing
  await use(0, 0, 1, 6, 2);
  await use(0, 1, 3, 3, 3);
  await use(0, 2, 3, 4, 1);
  await use(0, 0, 11, 5, 4);
  await use(1, 3, 2, 2, 2);
  await use(1, 3, 9, 9, 2);
  await use(2, 1, 12, 14, 5);
  await use(2, 2, 1, 12, 1, Y + 1);
  await use(3, 0, 6, 1, 3);
  await use(4, 1, 6, 2, 3);
}, 120_000);
afterAll(() => f.end());

/** instrument_year_orgs of this file's instruments, and the same folded from instrument_month_orgs. */
async function yearRows(): Promise<{ stored: unknown[]; folded: unknown[] }> {
  const stored = await f.q(
    `select instrument_id, year, organisation_id, months from public.instrument_year_orgs
     where instrument_id = any($1::uuid[]) order by 1, 2, 3`,
    [instruments],
  );
  const folded = await f.q(
    `select instrument_id, extract(year from month)::int as year, organisation_id,
       bit_or(1 << (extract(month from month)::int - 1)) as months
     from public.instrument_month_orgs where instrument_id = any($1::uuid[]) group by 1, 2, 3 order by 1, 2, 3`,
    [instruments],
  );
  return { stored, folded };
}

/** Organisations served per instrument over months from..to, through the bureau's instrument table. */
async function served(from: string, to: string): Promise<Record<string, [number, number]>> {
  const data = await loadBreakdown(bureau.client, new URLSearchParams({ period: "custom", from, to, by: "instrument", lab }), null, "zh-CN");
  if ("error" in data) throw new Error(data.error);
  return Object.fromEntries(data.rows.map((r) => [r.key, [r.organisationsServed, r.smesServed]]));
}

/** The same counted from instrument_month_orgs (the reference). */
async function servedReference(from: string, to: string): Promise<Record<string, [number, number]>> {
  const rows = await f.q<{ id: string; n: number; s: number }>(
    `select i.id, count(distinct o.organisation_id)::int as n, count(distinct o.organisation_id) filter (where og.kind = 'sme')::int as s
     from public.instruments i
     left join public.instrument_month_orgs o on o.instrument_id = i.id and o.month between $2::date and $3::date
     left join public.organisations og on og.id = o.organisation_id
     where i.id = any($1::uuid[]) group by i.id`,
    [instruments, `${from}-01`, `${to}-01`],
  );
  return Object.fromEntries(rows.map((r) => [r.id, [r.n, r.s]]));
}

describe("organisations served per instrument (instrument_year_orgs)", () => {
  it("hold each instrument's organisations per year with the months served as bits", async () => {
    const { stored, folded } = await yearRows();
    expect(stored).toEqual(folded);
    const months = await f.q<{ months: number }>(
      `select months from public.instrument_year_orgs where instrument_id = $1 and organisation_id = $2 and year = $3`,
      [instruments[0], engineers[0].organisationId, Y],
    );
    // January and November
    expect(months).toEqual([{ months: 1 | (1 << 10) }]);
  });

  it("count the same as a distinct over the months, within a month, a quarter, a year and across years", async () => {
    for (const [from, to] of [
      [ym(Y, 3), ym(Y, 3)],
      [ym(Y, 1), ym(Y, 3)],
      [ym(Y, 1), ym(Y, 12)],
      [ym(Y, 11), ym(Y + 1, 2)],
      [ym(Y - 1, 6), ym(Y + 1, 12)],
    ]) {
      expect(await served(from, to), `${from}..${to}`).toEqual(await servedReference(from, to));
    }
    const year = await served(ym(Y, 1), ym(Y, 12));
    expect(year[instruments[0]]).toEqual([3, 2]);
    expect(year[instruments[2]]).toEqual([1, 0]);
    expect((await served(ym(Y, 11), ym(Y + 1, 2)))[instruments[2]]).toEqual([2, 1]);
  });

  it("follow cancellations, moves across the turn of the year, an organisation's second visit and rebuilds", async () => {
    // a second booking of the same organisation in a month it already has: no change; then its
    // first one cancelled: the month stays; the month's last one cancelled: the month goes
    const again = await use(1, 3, 2, 20, 1);
    await f.q(`update public.bookings set status = 'cancelled' where id = $1`, [again]);
    const lone = await use(5, 0, 4, 1, 1);
    let { stored, folded } = await yearRows();
    expect(stored).toEqual(folded);
    await f.q(`update public.bookings set status = 'cancelled' where id = $1`, [lone]);
    // moved from December of Y to February of Y + 1
    const moved = await use(3, 2, 12, 30, 2);
    await f.q(`update public.bookings set during = tstzrange($2, $3) where id = $1`, [
      moved,
      shanghai(`${ym(Y + 1, 2)}-03`, "09:00").toISOString(),
      shanghai(`${ym(Y + 1, 2)}-03`, "11:00").toISOString(),
    ]);
    ({ stored, folded } = await yearRows());
    expect(stored).toEqual(folded);
    expect(await f.count("public.instrument_year_orgs", "instrument_id = $1", [instruments[5]])).toBe(0);
    expect(await f.count("public.instrument_year_orgs", "instrument_id = $1 and year = $2", [instruments[3], Y + 1])).toBe(1);
    const { error } = await serviceClient().rpc("rebuild_instrument_day_stats");
    expect(error).toBeNull();
    expect((await yearRows()).stored).toEqual(stored);
  });

  it("compute a range's month bits per year (private.month_bits)", async () => {
    const bits = async (year: number, from: string, to: string) =>
      (await f.one<{ b: number }>(`select private.month_bits($1, $2::date, $3::date) as b`, [year, from, to])).b;
    expect(await bits(2025, "2025-03-01", "2025-05-01")).toBe(0b11100);
    expect(await bits(2025, "2024-11-01", "2026-02-01")).toBe(4095);
    expect(await bits(2026, "2025-11-01", "2026-02-01")).toBe(0b11);
    expect(await bits(2025, "2025-11-01", "2026-02-01")).toBe(0b110000000000);
    expect(await bits(2024, "2025-01-01", "2025-12-01")).toBe(0);
  });
});

describe("stats_breakdown_page", () => {
  // (a function: the lab exists only once beforeAll has run)
  const period = () => ({ period: "custom", from: ym(Y, 1), to: ym(Y, 12), by: "instrument", lab });

  it("gives, for every column, direction and locale, the order the app's sortRows gives", async () => {
    const ids = [...breakdownColumns(true).map((c) => c.id), "instruments", "no-such-column"];
    for (const locale of ["zh-CN", "en"] as const) {
      for (const sort of ids) {
        for (const dir of ["asc", "desc"]) {
          const params = new URLSearchParams({ ...period(), sort, dir });
          const whole = await loadBreakdown(bureau.client, params, null, locale);
          const paged = await loadBreakdown(bureau.client, params, null, locale, 100);
          if ("error" in whole || "error" in paged) throw new Error("unexpected error");
          expect(paged.rows.map((r) => r.key), `${locale} ${sort} ${dir}`).toEqual(whole.rows.map((r) => r.key));
          expect(paged.rows).toEqual(whole.rows);
        }
      }
    }
    // the names really were sorted, by pinyin (Latin letters after Han in the Chinese collation)
    const byName = await loadBreakdown(bureau.client, new URLSearchParams({ ...period(), sort: "name", dir: "asc" }), null, "zh-CN", 100);
    if ("error" in byName) throw new Error(byName.error);
    expect(byName.rows.map((r) => r.labelZh)).toEqual(["阿贝折射仪", "比表面积分析仪", "电池充放电测试系统", "扫描电子显微镜", "原子吸收光谱仪", "X射线衍射仪"]);
  });

  it("cuts pages of the sorted whole, clamps the page and refuses a page size out of range", async () => {
    const params = new URLSearchParams({ ...period(), sort: "effective", dir: "desc" });
    const whole = await loadBreakdown(bureau.client, params, null, "en");
    if ("error" in whole) throw new Error(whole.error);
    const keys: string[] = [];
    for (const page of ["1", "2", "3"]) {
      params.set("page", page);
      const p = await loadBreakdown(bureau.client, params, null, "en", 2);
      if ("error" in p) throw new Error(p.error);
      expect([p.page, p.pages, p.total, p.offset]).toEqual([Number(page), 3, 6, (Number(page) - 1) * 2]);
      keys.push(...p.rows.map((r) => r.key));
    }
    expect(keys).toEqual(whole.rows.map((r) => r.key));
    params.set("page", "4000000");
    const past = await loadBreakdown(bureau.client, params, null, "en", 2);
    if ("error" in past) throw new Error(past.error);
    expect([past.page, past.rows.length]).toEqual([3, 2]);
    const args = { p_from: `${ym(Y, 1)}-01`, p_to: `${ym(Y, 12)}-01`, p_dimension: "instrument", p_lab_id: lab };
    for (const size of [0, 1001]) {
      const { error } = await bureau.client.rpc("stats_breakdown_page", { ...args, p_page_size: size });
      expect(error?.message).toBe("STATS_INVALID_INPUT");
    }
  });
});
