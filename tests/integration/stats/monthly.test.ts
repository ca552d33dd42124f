// The monthly rollups (docs/decisions/007): instrument_month_stats, instrument_month_orgs,
// lab_month_stats and lab_month_orgs stay equal to a from-scratch aggregation of the daily rollups through inserts, updates, status
// changes, deletes, lab moves and rebuilds; and public.utilisation(), which reads whole months from
// them, gives exactly what the day-rollup version before them (kept as the reference in
// utilisation-daily.sql) gives for ranges that mix whole and partial months, every grouping and period.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Fixtures, shanghai } from "../../support/fixtures.ts";
import { serviceClient } from "../../support/supabase.ts";
import { TEST_STACK } from "../../support/test-env.ts";
import { buildStatsWorld, type StatsWorld } from "./world.ts";

const f = new Fixtures();
let w: StatsWorld;
let bureauId: string;
/** Own connection: holds the day-rollup reference function in its pg_temp schema. */
const ref = new pg.Client({ connectionString: TEST_STACK.dbUrl });

/** utilisation() before the monthly rollups (day rollups only), as pg_temp.utilisation_daily(). */
function dailyReferenceFunction(): string {
  const sql = fs.readFileSync(path.resolve(import.meta.dirname, "utilisation-daily.sql"), "utf8");
  expect(sql).toContain("create or replace function pg_temp.utilisation_daily(");
  return sql;
}

beforeAll(async () => {
  w = await buildStatsWorld(f);
  bureauId = (await f.bureau()).id;
  await ref.connect();
  await ref.query(dailyReferenceFunction());

  // More months for the world: January–June 2026, with bookings across month boundaries.
  const book = (instrumentId: string, organisationId: string, from: [string, string], to: [string, string], status: "confirmed" | "completed" | "no_show", rateCny: number, actualMinutes: number | null = null) =>
    f.booking({ instrumentId, requesterId: w.requester, organisationId, start: shanghai(...from), end: shanghai(...to), status, rateCny, actualMinutes });
  w.bookings.m1 = await book(w.sem, w.smeA, ["2026-01-05", "09:00"], ["2026-01-05", "11:00"], "completed", 200, 130);
  w.bookings.m2 = await book(w.sem, w.smeB, ["2026-01-31", "22:00"], ["2026-02-01", "03:00"], "completed", 200, 301); // across January / February
  w.bookings.m3 = await book(w.icp, w.labOrgId, ["2026-02-28", "23:00"], ["2026-03-01", "01:00"], "no_show", 100); // second part all zero
  w.bookings.m4 = await book(w.icp, w.smeA, ["2026-02-14", "10:00"], ["2026-02-14", "12:00"], "confirmed", 100);
  w.bookings.m5 = await book(w.sem, w.labOrgId, ["2026-04-30", "20:00"], ["2026-05-02", "04:00"], "completed", 300, 1999); // three days, two months
  w.bookings.m6 = await book(w.icp, w.smeB, ["2026-05-15", "09:00"], ["2026-05-15", "12:00"], "completed", 100, 170);
  w.bookings.m7 = await book(w.sem, w.smeB, ["2026-06-01", "00:00"], ["2026-06-01", "02:00"], "completed", 200, 120);
  // a no-show into a month with nothing else: an all-zero day row on 1 July, and no July month row
  w.bookings.m8 = await book(w.icp, w.smeA, ["2026-06-30", "23:00"], ["2026-07-01", "01:00"], "no_show", 100);
  await f.exception(w.icp, "closure", shanghai("2026-01-30", "12:00"), shanghai("2026-02-03", "12:00"));
  await f.exception(w.sem, "extra_opening", shanghai("2026-05-16", "09:00"), shanghai("2026-05-16", "12:00"));
});
afterAll(async () => {
  await ref.end();
  await f.end();
});

/** The month rollup rows of this world's instruments and of its lab, as text for exact comparison. */
function monthRows(): Promise<unknown[]> {
  return f.q(
    `select 'stats' as t, s.instrument_id::text as id, s.month::text as month, s.booked_minutes::text as booked,
       s.used_minutes::text as used, s.external_minutes::text as external, s.bookings, s.completed, s.no_shows,
       s.revenue_cny::text as revenue, null::int as organisations
     from public.instrument_month_stats s where s.instrument_id = any($1::uuid[])
     union all
     select 'orgs', o.instrument_id::text, o.month::text, o.organisation_id::text, null, null, o.bookings, null, null, null, null
     from public.instrument_month_orgs o where o.instrument_id = any($1::uuid[])
     union all
     -- a lab-month is split in shards by instrument (018): its figures are the shards' sums
     select 'lab', s.lab_id::text, s.month::text, sum(s.booked_minutes)::numeric(16, 4)::text,
       sum(s.used_minutes)::numeric(16, 4)::text, sum(s.external_minutes)::numeric(16, 4)::text,
       sum(s.bookings)::int, sum(s.completed)::int, sum(s.no_shows)::int, sum(s.revenue_cny)::numeric(18, 4)::text,
       sum(s.organisations)::int
     from public.lab_month_stats s where s.lab_id = $2
     group by s.lab_id, s.month
     union all
     select 'lab orgs', o.lab_id::text, o.month::text, o.organisation_id::text, null, null, o.bookings, null, null, null, null
     from public.lab_month_orgs o where o.lab_id = $2
     order by 1, 2, 3, 4`,
    [[w.sem, w.icp], w.labId],
  );
}

/** The same, aggregated from scratch from the day rollups (months whose figures are all zero have no row). */
function monthRowsFromDays(): Promise<unknown[]> {
  return f.q(
    `with days as (
       select s.*, i.lab_id, date_trunc('month', s.day)::date as month
       from public.instrument_day_stats s join public.instruments i on i.id = s.instrument_id
       where s.instrument_id = any($1::uuid[]) or i.lab_id = $2
     ),
     orgs as (
       select o.*, i.lab_id, date_trunc('month', o.day)::date as month
       from public.instrument_day_orgs o join public.instruments i on i.id = o.instrument_id
       where o.instrument_id = any($1::uuid[]) or i.lab_id = $2
     )
     select * from (
       select 'stats' as t, s.instrument_id::text as id, s.month::text as month,
         sum(s.booked_minutes)::numeric(12, 4)::text as booked, sum(s.used_minutes)::numeric(12, 4)::text as used,
         sum(s.external_minutes)::numeric(12, 4)::text as external, sum(s.bookings)::int as bookings,
         sum(s.completed)::int as completed, sum(s.no_shows)::int as no_shows, sum(s.revenue_cny)::numeric(14, 4)::text as revenue,
         null::int as organisations
       from days s where s.instrument_id = any($1::uuid[])
       group by 1, 2, 3
       having (sum(s.booked_minutes), sum(s.used_minutes), sum(s.external_minutes), sum(s.bookings), sum(s.completed),
               sum(s.no_shows), sum(s.revenue_cny)) <> (0, 0, 0, 0, 0, 0, 0)
       union all
       select 'orgs', o.instrument_id::text, o.month::text, o.organisation_id::text, null, null, sum(o.bookings)::int, null, null, null, null
       from orgs o where o.instrument_id = any($1::uuid[])
       group by 1, 2, 3, 4
       union all
       select 'lab', s.lab_id::text, s.month::text, sum(s.booked_minutes)::numeric(16, 4)::text,
         sum(s.used_minutes)::numeric(16, 4)::text, sum(s.external_minutes)::numeric(16, 4)::text, sum(s.bookings)::int,
         sum(s.completed)::int, sum(s.no_shows)::int, sum(s.revenue_cny)::numeric(18, 4)::text,
         (select count(distinct o.organisation_id)::int from orgs o where o.lab_id = s.lab_id and o.month = s.month)
       from days s where s.lab_id = $2
       group by s.lab_id, s.month
       having (sum(s.booked_minutes), sum(s.used_minutes), sum(s.external_minutes), sum(s.bookings), sum(s.completed),
               sum(s.no_shows), sum(s.revenue_cny)) <> (0, 0, 0, 0, 0, 0, 0)
       union all
       select 'lab orgs', o.lab_id::text, o.month::text, o.organisation_id::text, null, null, sum(o.bookings)::int, null, null, null, null
       from orgs o where o.lab_id = $2
       group by 1, 2, 3, 4
     ) x order by 1, 2, 3, 4`,
    [[w.sem, w.icp], w.labId],
  );
}

async function expectMonthsEqualDays(): Promise<void> {
  const months = await monthRows();
  expect(months.length).toBeGreaterThan(0);
  expect(months).toEqual(await monthRowsFromDays());
}

interface Args {
  from: string;
  to: string;
  group: string;
  period: string | null;
  labId: string | null;
}

/** Both functions in one repeatable-read snapshot as the bureau analyst, rows as text. */
async function bothVersions(a: Args): Promise<{ monthly: string[][]; daily: string[][] }> {
  await ref.query("begin isolation level repeatable read");
  try {
    await ref.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: bureauId, role: "authenticated" })]);
    const params = [a.from, a.to, a.group, a.period, a.labId];
    const asText = async (fn: string) =>
      (await ref.query<Record<string, unknown>>(`select * from ${fn}($1, $2, $3, $4, $5)`, params)).rows.map(
        // columns in the function's order
        (row) => Object.values(row).map((v) => (v === null ? null : String(v))) as string[],
      );
    return { monthly: await asText("public.utilisation"), daily: await asText("pg_temp.utilisation_daily") };
  } finally {
    await ref.query("commit");
  }
}

const RANGES: [string, string][] = [
  ["2026-01-15", "2026-05-10"], // partial January, whole February–April, partial May
  ["2026-02-01", "2026-04-30"], // whole months only
  ["2026-01-31", "2026-06-01"], // one-day edges
  ["2026-03-01", "2026-03-31"], // one whole month
  ["2026-03-10", "2026-03-20"], // inside one month: no whole month
  ["2026-02-15", "2026-03-14"], // two partial months, no whole month
  ["2025-12-01", "2026-07-31"], // whole months, some before the world's data; July's all-zero day
];
const GROUPS = ["instrument", "lab", "category", "district", "chain", "network"];
const PERIODS = [null, "month", "week"];

async function expectSameAsDaily(labId: string | null): Promise<void> {
  for (const [from, to] of RANGES) {
    for (const group of GROUPS) {
      for (const period of PERIODS) {
        const { monthly, daily } = await bothVersions({ from, to, group, period, labId });
        expect(monthly.length, `${from}…${to} ${group} ${period}`).toBeGreaterThan(0);
        expect(monthly, `${from}…${to} ${group} ${period} ${labId ?? "all labs"}`).toEqual(daily);
      }
    }
  }
}

describe("monthly rollups", () => {
  it("equal the day rollups aggregated by month after the world's inserts", async () => {
    await expectMonthsEqualDays();
    // the no-show of 30 June running into 1 July leaves an all-zero day row in July, but no month row
    expect(await f.count("public.instrument_day_stats", "instrument_id = $1 and day = '2026-07-01' and no_shows = 0 and booked_minutes = 0", [w.icp])).toBe(1);
    expect(await f.count("public.instrument_month_stats", "instrument_id = $1 and month = '2026-07-01'", [w.icp])).toBe(0);
    expect(await f.count("public.instrument_month_stats", "instrument_id = $1 and month = '2026-06-01' and no_shows = 1", [w.icp])).toBe(1);
  });

  it("give the same utilisation as the day rollups, whole and partial months mixed", async () => {
    await expectSameAsDaily(w.labId);
    await expectSameAsDaily(null);
  });

  it("follow status changes, edits, moves across months, deletes and lab moves", async () => {
    const { m1, m2, m3, m4, m5, m6, b4, c2 } = w.bookings;
    await f.q(`update public.bookings set status = 'completed', actual_minutes = 110 where id = $1`, [m4]);
    await f.q(`update public.bookings set status = 'cancelled' where id = $1`, [b4]);
    await f.q(`update public.bookings set actual_minutes = 777, rate_cny = 333.3 where id = $1`, [m5]);
    // January → across March / April, another organisation
    await f.q(`update public.bookings set during = tstzrange($2, $3), organisation_id = $4 where id = $1`, [
      m1,
      shanghai("2026-03-31", "21:00").toISOString(),
      shanghai("2026-04-01", "09:00").toISOString(),
      w.smeB,
    ]);
    await f.q(`update public.bookings set status = 'completed', actual_minutes = 100 where id = $1`, [m3]);
    await f.q(`delete from public.bookings where id = $1`, [m2]);
    await f.q(`delete from public.bookings where id = $1`, [c2]);
    await f.q(`update public.bookings set status = 'no_show', actual_minutes = null where id = $1`, [m6]);
    await f.q(`update public.bookings set status = 'confirmed' where id = $1`, [w.bookings.m8]);
    await f.q(`update public.bookings set status = 'no_show' where id = $1`, [w.bookings.m8]);
    await expectMonthsEqualDays();
    // the last contribution of January went: no January row is left
    expect(await f.count("public.instrument_month_stats", "instrument_id = $1 and month = '2026-01-01'", [w.sem])).toBe(0);
    expect(await f.count("public.instrument_month_orgs", "instrument_id = $1 and month = '2026-01-01'", [w.sem])).toBe(0);

    const otherLab = await f.lab(await f.organisation("institute"));
    await f.q(`update public.instruments set lab_id = $2 where id = $1`, [w.sem, otherLab]);
    await expectMonthsEqualDays();
    expect(await f.count("public.lab_month_stats", "lab_id = $1", [otherLab])).toBeGreaterThan(0);
    expect(await f.count("public.lab_month_orgs", "lab_id = $1", [otherLab])).toBeGreaterThan(0);
    await f.q(`update public.instruments set lab_id = $2 where id = $1`, [w.sem, w.labId]);
    await expectMonthsEqualDays();
    expect(await f.count("public.lab_month_stats", "lab_id = $1", [otherLab])).toBe(0);
    expect(await f.count("public.lab_month_orgs", "lab_id = $1", [otherLab])).toBe(0);
    await expectSameAsDaily(w.labId);
  });

  it("are rebuilt to the same rows by rebuild_instrument_day_stats()", async () => {
    const incremental = await monthRows();
    const { error } = await serviceClient().rpc("rebuild_instrument_day_stats");
    expect(error).toBeNull();
    expect(await monthRows()).toEqual(incremental);
    await expectMonthsEqualDays();
  });

  it("give network-wide figures equal to a query over the day rollups", async () => {
    // partial January, whole February–April, partial May, this lab only, one row for the range
    const { monthly } = await bothVersions({ from: "2026-01-15", to: "2026-05-10", group: "lab", period: null, labId: w.labId });
    const expected = await f.one<{ booked: string; used: string; bookings: string; organisations: string; revenue: string }>(
      `select round(sum(s.booked_minutes) / 60, 2)::text as booked, round(sum(s.used_minutes) / 60, 2)::text as used,
         sum(s.bookings)::text as bookings, round(sum(s.revenue_cny), 2)::text as revenue,
         (select count(distinct o.organisation_id) from public.instrument_day_orgs o
          join public.instruments i on i.id = o.instrument_id
          where i.lab_id = $1 and o.day between '2026-01-15' and '2026-05-10')::text as organisations
       from public.instrument_day_stats s join public.instruments i on i.id = s.instrument_id
       where i.lab_id = $1 and s.day between '2026-01-15' and '2026-05-10'`,
      [w.labId],
    );
    expect(monthly).toHaveLength(1);
    const [, , , , , booked, used, , , , bookings, organisations, , , revenue] = monthly[0];
    expect({ booked, used, bookings, organisations, revenue }).toEqual(expected);
  });

  it("are what utilisation() reads for whole months (and only for them)", async () => {
    const bookingsOf = async (group: string, from: string, to: string, period: string | null) =>
      (
        await ref.query<{ bookings: string }>(
          `select bookings::text from public.utilisation($1, $2, $3, $4, $5) where group_key in ($6, $5::text) order by period_start`,
          [from, to, group, period, w.labId, w.sem],
        )
      ).rows.map((r) => Number(r.bookings));
    await ref.query("begin");
    try {
      await ref.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: bureauId, role: "authenticated" })]);
      for (const [group, table, column, id] of [
        ["instrument", "instrument_month_stats", "instrument_id", w.sem],
        ["lab", "lab_month_stats", "lab_id", w.labId],
      ]) {
        const months = await bookingsOf(group, "2026-02-01", "2026-04-30", "month");
        const weeks = await bookingsOf(group, "2026-03-02", "2026-03-29", "week");
        const edge = await bookingsOf(group, "2026-03-02", "2026-03-31", null);
        // a marked month row shows through month periods, but not through weeks or a partial month
        await ref.query(`update public.${table} set bookings = bookings + 1000 where ${column} = $1 and month = '2026-03-01'`, [id]);
        expect(await bookingsOf(group, "2026-02-01", "2026-04-30", "month")).toEqual([months[0], months[1] + 1000, months[2]]);
        expect(await bookingsOf(group, "2026-03-02", "2026-03-29", "week")).toEqual(weeks);
        expect(await bookingsOf(group, "2026-03-02", "2026-03-31", null)).toEqual(edge);
      }
    } finally {
      await ref.query("rollback");
    }
  });

  it("are readable by the bureau and the lab's staff only, and written by nobody", async () => {
    const other = await f.labStaff(await f.lab(await f.organisation("institute")));
    const bureau = await f.bureau();
    for (const [table, column, ids] of [
      ["instrument_month_stats", "instrument_id", [w.sem, w.icp]],
      ["instrument_month_orgs", "instrument_id", [w.sem, w.icp]],
      ["lab_month_stats", "lab_id", [w.labId]],
      ["lab_month_orgs", "lab_id", [w.labId]],
    ] as const) {
      const mine = await w.manager.client.from(table).select(column).in(column, [...ids]);
      expect(mine.error).toBeNull();
      expect(mine.data!.length).toBeGreaterThan(0);
      const theirs = await other.client.from(table).select(column).in(column, [...ids]);
      expect(theirs.data).toEqual([]);
      const all = await bureau.client.from(table).select(column).in(column, [...ids]);
      expect(all.data!.length).toBe(mine.data!.length);
      const write = await bureau.client.from(table).delete().eq(column, ids[0]);
      expect(write.error?.code).toBe("42501");
    }
  });
});
