// The bureau statistics functions of 20261205000000 (docs/decisions/018): stats_overview,
// stats_trends, stats_breakdown, stats_evaluation and stats_attention give the figures an
// independent computation straight from bookings, rules and exceptions gives (written here, not
// calling the functions or reading the rollups), on the seed and on a generated world with edge
// cases: bookings across midnight, month and year boundaries, cancellations, no-shows, rejections,
// an instrument moved between labs. Network-wide comparisons run in one repeatable-read snapshot,
// so other test files writing at the same time cannot skew them.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Fixtures, shanghai, shanghaiDate, type Engineer } from "../../support/fixtures.ts";
import type { TestUser } from "../../support/supabase.ts";
import { requestBooking } from "../booking/helpers.ts";

const f = new Fixtures(undefined, 6);
let bureau: TestUser;
let w: {
  district: string;
  labA: string;
  labB: string;
  labAOrg: string;
  labBOrg: string;
  sme: string;
  uni: string;
  big: string;
  small: string;
  moved: string;
  staffA: TestUser;
  requester: string;
};

/** The independent computation: per-instrument figures over [from, to] (Shanghai dates, inclusive). */
const INDEPENDENT = `
with scope as (
  select i.id, i.lab_id, l.organisation_id as lab_org, i.original_value_cny,
    greatest($1::date, (i.created_at at time zone 'Asia/Shanghai')::date) as first_day
  from public.instruments i join public.labs l on l.id = i.lab_id
  where l.status <> 'pending' and ($3::uuid is null or i.lab_id = $3) and ($4::uuid is null or l.district_id = $4)
    and (not $5::boolean or i.original_value_cny >= 500000)
),
win as (
  select $1::date::timestamp at time zone 'Asia/Shanghai' as a, ($2::date + 1)::timestamp at time zone 'Asia/Shanghai' as b
),
bk as (
  select b.*, s.lab_org, o.kind,
    extract(epoch from upper(b.during) - lower(b.during)) as total_s,
    greatest(0, extract(epoch from least(upper(b.during), win.b) - greatest(lower(b.during), win.a))) as in_s,
    lower(b.during) >= win.a and lower(b.during) < win.b as starts_in
  from public.bookings b join scope s on s.id = b.instrument_id
  join public.organisations o on o.id = b.organisation_id cross join win
),
per as (
  select bk.instrument_id,
    sum(case when status in ('confirmed', 'completed') then in_s / 60 else 0 end) as booked,
    sum(case when status = 'completed' then actual_minutes * in_s / total_s else 0 end) as used,
    sum(case when status = 'completed' and organisation_id <> lab_org then actual_minutes * in_s / total_s else 0 end) as external,
    sum(case when status = 'completed' and kind = 'sme' then actual_minutes * in_s / total_s else 0 end) as sme,
    count(*) filter (where starts_in and status in ('confirmed', 'completed')) as bookings,
    count(*) filter (where starts_in and status = 'no_show') as no_shows,
    count(*) filter (where starts_in and status = 'rejected') as rejected,
    sum(case when status = 'completed' and organisation_id = lab_org then rate_cny * actual_minutes / 60 * in_s / total_s else 0 end) as income_internal,
    sum(case when status = 'completed' and organisation_id <> lab_org then rate_cny * actual_minutes / 60 * in_s / total_s else 0 end) as income_external,
    count(distinct organisation_id) filter (where starts_in and status = 'completed') as orgs
  from bk group by 1
),
days as (
  select s.id, d::date as day,
    tstzrange(d::date::timestamp at time zone 'Asia/Shanghai', (d::date + 1)::timestamp at time zone 'Asia/Shanghai') as whole
  from scope s cross join generate_series(s.first_day, $6::date, interval '1 day') d
),
avail as (
  select d.id, sum((
    select coalesce(sum(extract(epoch from upper(x) - lower(x))), 0) / 60 from unnest(
      (coalesce((select range_agg(tstzrange((d.day + r.start_time) at time zone 'Asia/Shanghai', (d.day + r.end_time) at time zone 'Asia/Shanghai'))
                 from public.availability_rules r where r.instrument_id = d.id and r.weekday = extract(isodow from d.day)), '{}'::tstzmultirange)
       + coalesce((select range_agg(e.during * d.whole) from public.availability_exceptions e
                   where e.instrument_id = d.id and e.kind = 'extra_opening' and e.during && d.whole), '{}'::tstzmultirange))
      - coalesce((select range_agg(e.during * d.whole) from public.availability_exceptions e
                  where e.instrument_id = d.id and e.kind in ('closure', 'maintenance') and e.during && d.whole), '{}'::tstzmultirange)) x
  )) as minutes
  from days d group by 1
)
select s.id::text as instrument_id, s.lab_id::text,
  coalesce(a.minutes, 0) / 60 as available, coalesce(p.booked, 0) / 60 as booked, coalesce(p.used, 0) / 60 as effective,
  coalesce(p.external, 0) / 60 as external, coalesce(p.sme, 0) / 60 as sme, coalesce(p.bookings, 0)::int as bookings,
  coalesce(p.no_shows, 0)::int as no_shows, coalesce(p.rejected, 0)::int as rejected,
  coalesce(p.income_internal, 0) as income_internal, coalesce(p.income_external, 0) as income_external,
  coalesce(p.orgs, 0)::int as orgs
from scope s left join per p on p.instrument_id = s.id left join avail a on a.id = s.id
`;

interface Independent {
  instrument_id: string;
  lab_id: string;
  available: string;
  booked: string;
  effective: string;
  external: string;
  sme: string;
  bookings: number;
  no_shows: number;
  rejected: number;
  income_internal: string;
  income_external: string;
  orgs: number;
}

interface Scope {
  from: string;
  to: string;
  labId?: string | null;
  districtId?: string | null;
  largeOnly?: boolean;
  /** last day counted for available hours (defaults to `to`) */
  availableTo?: string;
}

function independent(client: pg.ClientBase | pg.Pool, s: Scope): Promise<Independent[]> {
  return client
    .query<Independent>(INDEPENDENT, [s.from, s.to, s.labId ?? null, s.districtId ?? null, s.largeOnly ?? false, s.availableTo ?? s.to])
    .then((r) => r.rows);
}

const sum = (rows: Independent[], k: keyof Independent) => rows.reduce((t, r) => t + Number(r[k]), 0);

/** Distinct organisations of completed bookings starting in the period (network or scope), independently. */
async function distinctOrgs(client: pg.ClientBase | pg.Pool, s: Scope): Promise<{ orgs: number; smes: number }> {
  const { rows } = await client.query<{ orgs: number; smes: number }>(
    `select count(distinct b.organisation_id)::int as orgs, count(distinct b.organisation_id) filter (where o.kind = 'sme')::int as smes
     from public.bookings b join public.instruments i on i.id = b.instrument_id join public.labs l on l.id = i.lab_id
     join public.organisations o on o.id = b.organisation_id
     where b.status = 'completed' and l.status <> 'pending' and ($3::uuid is null or i.lab_id = $3)
       and lower(b.during) >= $1::date::timestamp at time zone 'Asia/Shanghai'
       and lower(b.during) < ($2::date + 1)::timestamp at time zone 'Asia/Shanghai'`,
    [s.from, s.to, s.labId ?? null],
  );
  return rows[0];
}

const endOfMonth = (month: string) => {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/** Runs `fn(asPostgres, asUser)` in one repeatable-read snapshot: first the independent reads, then the function as the user. */
async function inSnapshot<T>(userId: string, fn: (c: pg.PoolClient, asUser: () => Promise<void>) => Promise<T>): Promise<T> {
  const c = await f.db.connect();
  try {
    await c.query("begin isolation level repeatable read");
    const result = await fn(c, async () => {
      await c.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({ sub: userId, role: "authenticated", aud: "authenticated" }),
      ]);
    });
    return result;
  } finally {
    await c.query("rollback");
    c.release();
  }
}

function expectClose(actual: unknown, expected: number, what: string, tolerance = 0.011) {
  expect(Math.abs(Number(actual) - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

beforeAll(async () => {
  bureau = await f.bureau();
  const district = (
    await f.one<{ id: string }>(`insert into public.districts (code, name_zh, name_en) values ($1, '测试区', 'Test district') returning id`, [
      `d${f.tag}`,
    ])
  ).id;
  const labAOrg = await f.organisation("university");
  const labBOrg = await f.organisation("institute");
  const labA = await f.lab(labAOrg);
  const labB = await f.lab(labBOrg);
  await f.q(`update public.labs set district_id = $1 where id in ($2, $3)`, [district, labA, labB]);
  const staffA = await f.labStaff(labA, "manager");
  const sme = await f.organisation("sme");
  const uni = await f.organisation("university");
  const requester = await f.plainUser();
  const rules = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "00:00", end: "24:00" }));
  const big = await f.instrument(labA, {}, rules);
  const small = await f.instrument(labA, {}, [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "08:30", end: "17:30" })));
  const moved = await f.instrument(labB, {}, rules);
  await f.q(`update public.instruments set original_value_cny = 1200000, created_at = '2025-06-01T00:00:00+08:00' where id = $1`, [big]);
  await f.q(`update public.instruments set original_value_cny = 80000, created_at = '2025-09-15T10:00:00+08:00' where id = $1`, [small]);
  await f.q(`update public.instruments set original_value_cny = 500000, created_at = '2025-01-01T00:00:00+08:00' where id = $1`, [moved]);
  w = { district, labA, labB, labAOrg, labBOrg, sme, uni, big, small, moved, staffA, requester };

  const book = (instrumentId: string, org: string, start: Date, end: Date, status: "confirmed" | "completed" | "cancelled" | "no_show" | "rejected" | "pending", rate: number, actual: number | null = null) =>
    f.booking({ instrumentId, requesterId: requester, organisationId: org, start, end, status, rateCny: rate, actualMinutes: actual });
  // across the year boundary (Shanghai): 31 Dec 2025 22:00 – 1 Jan 2026 03:00, completed, external SME
  await book(big, sme, shanghai("2025-12-31", "22:00"), shanghai("2026-01-01", "03:00"), "completed", 400, 290);
  // across a month boundary and midnight: 31 Jan 23:00 – 1 Feb 01:00, own organisation
  await book(big, labAOrg, shanghai("2026-01-31", "23:00"), shanghai("2026-02-01", "01:00"), "completed", 400, 100);
  // a long run across three days in March
  await book(big, uni, shanghai("2026-03-09", "20:00"), shanghai("2026-03-11", "04:00"), "completed", 350, 1900);
  await book(big, sme, shanghai("2026-03-12", "09:00"), shanghai("2026-03-12", "11:00"), "cancelled", 400);
  await book(big, sme, shanghai("2026-03-12", "12:00"), shanghai("2026-03-12", "14:00"), "no_show", 400);
  await book(big, uni, shanghai("2026-03-13", "12:00"), shanghai("2026-03-13", "14:00"), "rejected", 400);
  await book(big, sme, shanghai("2026-04-01", "00:00"), shanghai("2026-04-01", "06:00"), "confirmed", 400);
  await book(small, sme, shanghai("2025-11-03", "09:00"), shanghai("2025-11-03", "11:00"), "completed", 100, 125);
  await book(small, labAOrg, shanghai("2026-02-02", "09:00"), shanghai("2026-02-02", "12:00"), "completed", 100, 170);
  await book(small, sme, shanghai("2026-02-03", "09:00"), shanghai("2026-02-03", "10:00"), "pending", 100);
  // the moved instrument: booked by lab A's own organisation while in lab B, then moved to lab A
  await book(moved, labAOrg, shanghai("2025-08-01", "09:00"), shanghai("2025-08-01", "17:00"), "completed", 200, 480);
  await book(moved, labBOrg, shanghai("2026-01-05", "09:00"), shanghai("2026-01-05", "13:00"), "completed", 200, 240);
  await book(moved, sme, shanghai("2026-02-27", "22:00"), shanghai("2026-03-01", "02:00"), "completed", 200, 1500);
  await f.q(`update public.instruments set lab_id = $1 where id = $2`, [labA, moved]);
  await f.exception(big, "closure", shanghai("2026-02-10", "00:00"), shanghai("2026-02-12", "12:00"));
  await f.exception(small, "extra_opening", shanghai("2026-02-07", "09:00"), shanghai("2026-02-07", "13:00"));
  await f.exception(moved, "maintenance", shanghai("2025-12-30", "20:00"), shanghai("2026-01-02", "08:00"));
}, 120_000);
afterAll(() => f.end());

async function rpc<T>(user: TestUser, fn: string, args: Record<string, unknown>): Promise<T> {
  const { data, error } = await user.client.rpc(fn, args);
  if (error) throw new Error(`${fn}: ${error.message}`);
  return data as T;
}

describe("stats_overview", () => {
  for (const [from, to] of [
    ["2025-12-01", "2025-12-01"],
    ["2026-01-01", "2026-01-01"],
    ["2026-01-01", "2026-03-01"],
    ["2025-01-01", "2025-12-01"],
    ["2025-06-01", "2026-05-01"],
  ]) {
    it(`equals the independent computation for lab A, months ${from} … ${to}`, async () => {
      const [o] = await rpc<Record<string, number>[]>(w.staffA, "stats_overview", { p_from: from, p_to: to, p_lab_id: w.labA });
      const exp = await independent(f.db, { from, to: endOfMonth(to), labId: w.labA });
      expectClose(o.available_hours, sum(exp, "available"), "available");
      expectClose(o.booked_hours, sum(exp, "booked"), "booked");
      expectClose(o.effective_hours, sum(exp, "effective"), "effective");
      expectClose(o.external_hours, sum(exp, "external"), "external");
      expectClose(o.sme_hours, sum(exp, "sme"), "sme");
      expectClose(o.income_internal_cny, sum(exp, "income_internal"), "internal income");
      expectClose(o.income_external_cny, sum(exp, "income_external"), "external income");
      expect(Number(o.bookings)).toBe(sum(exp, "bookings"));
      expect(Number(o.no_shows)).toBe(sum(exp, "no_shows"));
      expect(Number(o.rejected)).toBe(sum(exp, "rejected"));
      expect(Number(o.instruments)).toBe(3);
      const orgs = await distinctOrgs(f.db, { from, to: endOfMonth(to), labId: w.labA });
      expect(Number(o.organisations_served)).toBe(orgs.orgs);
      expect(Number(o.smes_served)).toBe(orgs.smes);
    });
  }

  it("has the hand-checked figures for January 2026 in lab A", async () => {
    const [o] = await rpc<Record<string, number>[]>(w.staffA, "stats_overview", { p_from: "2026-01-01", p_to: "2026-01-01", p_lab_id: w.labA });
    // big: 3 of 5 hours of the year-boundary booking (174 of 290 min) + 1 of 2 hours on 31 Jan (50 min);
    // moved: 240 min for lab B's organisation, external now that it is in lab A
    expect(Number(o.effective_hours)).toBe(Math.round(((174 + 50 + 240) / 60) * 100) / 100);
    expect(Number(o.external_hours)).toBe(Math.round(((174 + 240) / 60) * 100) / 100);
    expect(Number(o.sme_hours)).toBe(Math.round((174 / 60) * 100) / 100);
  });

  it("equals the independent computation network-wide, in one snapshot (seed and every other test's data)", async () => {
    const month = shanghaiDate(0).slice(0, 8) + "01";
    const prev = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 2, 1)).toISOString().slice(0, 10);
    await inSnapshot(bureau.id, async (c, asUser) => {
      const exp = await independent(c, { from: prev, to: endOfMonth(prev) });
      const orgs = await distinctOrgs(c, { from: prev, to: endOfMonth(prev) });
      await asUser();
      const { rows } = await c.query(`select * from public.stats_overview($1, $1)`, [prev]);
      const o = rows[0];
      expectClose(o.available_hours, sum(exp, "available"), "available", 0.5);
      expectClose(o.booked_hours, sum(exp, "booked"), "booked", 0.05);
      expectClose(o.effective_hours, sum(exp, "effective"), "effective", 0.05);
      expectClose(o.external_hours, sum(exp, "external"), "external", 0.05);
      expectClose(o.income_external_cny, sum(exp, "income_external"), "external income", 0.05);
      expect(Number(o.bookings)).toBe(sum(exp, "bookings"));
      expect(Number(o.no_shows)).toBe(sum(exp, "no_shows"));
      expect(Number(o.organisations_served)).toBe(orgs.orgs);
      expect(Number(o.smes_served)).toBe(orgs.smes);
      expect(Number(o.effective_hours)).toBeGreaterThan(0);
    });
  });
});

describe("stats_evaluation", () => {
  for (const year of [2025, 2026]) {
    it(`one row per large instrument of lab A in ${year}, equal to the independent computation`, async () => {
      const rows = await rpc<Record<string, string | number>[]>(w.staffA, "stats_evaluation", { p_year: year, p_lab_id: w.labA });
      const exp = await independent(f.db, { from: `${year}-01-01`, to: `${year}-12-31`, labId: w.labA, largeOnly: true });
      expect(rows.map((r) => r.instrument_id).sort()).toEqual([w.big, w.moved].sort());
      for (const r of rows) {
        const e = exp.find((x) => x.instrument_id === r.instrument_id)!;
        expectClose(r.effective_hours, Number(e.effective), "effective");
        expectClose(r.external_hours, Number(e.external), "external");
        expectClose(r.sme_hours, Number(e.sme), "sme");
        expectClose(r.income_internal_cny, Number(e.income_internal), "internal");
        expectClose(r.income_external_cny, Number(e.income_external), "external income");
        expect(Number(r.organisations_served)).toBe(e.orgs);
        if (Number(e.effective) > 0) expectClose(r.sharing_rate, Number(r.external_hours) / Number(r.effective_hours), "sharing", 0.0001);
      }
    });
  }

  it("carries the average satisfaction and number of ratings of the year's rated bookings", async () => {
    // The large instruments' completed 2025 bookings rated 5, 2, 4, 5, … (past the requester's
    // 30-day window, so written as a fixture with the ratings trigger skipped); 2026 stays unrated.
    const c = await f.db.connect();
    const ids = [w.big, w.moved];
    try {
      const { rows: done } = await c.query<{ id: string; instrument_id: string; requester_id: string }>(
        `select id, instrument_id, requester_id from public.bookings where instrument_id = any($1) and status = 'completed'
           and lower(during) >= '2025-01-01 00:00+08' and lower(during) < '2026-01-01 00:00+08' order by lower(during)`,
        [ids],
      );
      expect(done.length).toBeGreaterThan(0);
      const given = new Map<string, number[]>();
      await c.query("set session_replication_role = replica");
      for (const [i, b] of done.entries()) {
        const rating = [5, 2, 4][i % 3];
        given.set(b.instrument_id, [...(given.get(b.instrument_id) ?? []), rating]);
        await c.query(`insert into public.booking_ratings (booking_id, instrument_id, rating, rated_by) values ($1, $2, $3, $4)`, [b.id, b.instrument_id, rating, b.requester_id]);
      }
      await c.query("set session_replication_role = origin");
      const rows = await rpc<Record<string, string | number | null>[]>(w.staffA, "stats_evaluation", { p_year: 2025, p_lab_id: w.labA });
      for (const id of ids) {
        const r = rows.find((row) => row.instrument_id === id)!;
        const mine = given.get(id) ?? [];
        const average = mine.length ? Math.round((mine.reduce((a, b) => a + b, 0) / mine.length) * 100) / 100 : null;
        expect([r.satisfaction_average === null ? null : Number(r.satisfaction_average), r.satisfaction_ratings]).toEqual([average, mine.length]);
      }
      const next = await rpc<Record<string, string | number | null>[]>(w.staffA, "stats_evaluation", { p_year: 2026, p_lab_id: w.labA });
      for (const r of next) expect([r.satisfaction_average, r.satisfaction_ratings]).toEqual([null, 0]);
    } finally {
      await c.query("set session_replication_role = replica");
      await c.query(`delete from public.booking_ratings where instrument_id = any($1)`, [ids]);
      await c.query("set session_replication_role = origin");
      c.release();
    }
  });

  it("equals the independent computation network-wide on the seed's current year, in one snapshot", async () => {
    const year = Number(shanghaiDate(0).slice(0, 4));
    await inSnapshot(bureau.id, async (c, asUser) => {
      const exp = await independent(c, { from: `${year}-01-01`, to: `${year}-12-31`, largeOnly: true, availableTo: `${year - 1}-12-31` });
      await asUser();
      const { rows } = await c.query(`select * from public.stats_evaluation($1)`, [year]);
      expect(rows.length).toBe(exp.length);
      expect(rows.length).toBeGreaterThan(0);
      const byId = new Map(exp.map((e) => [e.instrument_id, e]));
      for (const r of rows) {
        const e = byId.get(r.instrument_id)!;
        expectClose(r.effective_hours, Number(e.effective), `effective ${r.name_en}`);
        expectClose(r.external_hours, Number(e.external), `external ${r.name_en}`);
        expect(Number(r.organisations_served)).toBe(e.orgs);
      }
    });
  });
});

describe("stats_breakdown, stats_trends and stats_attention", () => {
  it("by lab within the district: lab A holds everything (the moved instrument's history moved with it), lab B nothing", async () => {
    const rows = await rpc<Record<string, string>[]>(bureau, "stats_breakdown", {
      p_from: "2025-01-01",
      p_to: "2026-12-01",
      p_dimension: "lab",
      p_district_id: w.district,
    });
    const exp = await independent(f.db, { from: "2025-01-01", to: "2026-12-31", districtId: w.district });
    const a = rows.find((r) => r.group_key === w.labA)!;
    expectClose(a.effective_hours, sum(exp, "effective"), "effective");
    expect(rows.find((r) => r.group_key === w.labB)?.effective_hours ?? 0).toBe(0);
    const instruments = await rpc<Record<string, string>[]>(bureau, "stats_breakdown", {
      p_from: "2025-01-01",
      p_to: "2026-12-01",
      p_dimension: "instrument",
      p_lab_id: w.labA,
    });
    expect(instruments).toHaveLength(3);
    for (const r of instruments) expectClose(r.effective_hours, Number(exp.find((e) => e.instrument_id === r.group_key)!.effective), "instrument");
  });

  it("trends sum to the overview month by month", async () => {
    const months = await rpc<Record<string, string>[]>(w.staffA, "stats_trends", { p_to: "2026-04-01", p_months: 12, p_lab_id: w.labA });
    expect(months).toHaveLength(12);
    for (const m of months) {
      const exp = await independent(f.db, { from: m.month, to: endOfMonth(m.month), labId: w.labA });
      expectClose(m.effective_hours, sum(exp, "effective"), `effective ${m.month}`);
      expectClose(m.available_hours, sum(exp, "available"), `available ${m.month}`);
    }
  });

  it("attention lists idle instruments with their shortfall and the one turning requests away", async () => {
    const rows = await rpc<Record<string, string>[]>(w.staffA, "stats_attention", { p_from: "2026-01-01", p_to: "2026-03-01", p_lab_id: w.labA });
    const big = rows.find((r) => r.instrument_id === w.big)!;
    expect(Number(big.rejected)).toBe(1);
    expect(Number(big.shortfall_hours)).toBeGreaterThan(1000);
    expect(rows.map((r) => r.instrument_id).sort()).toEqual([w.big, w.small, w.moved].sort());
  });
});

describe("rights and input", () => {
  it("lab staff read only their lab; other users and visitors nothing; bad input is STATS_INVALID_INPUT", async () => {
    const other = await f.labStaff(w.labB, "technician");
    const plain = await f.engineer();
    for (const [fn, args] of [
      ["stats_overview", { p_from: "2026-01-01", p_to: "2026-01-01" }],
      ["stats_trends", { p_to: "2026-01-01" }],
      ["stats_breakdown", { p_from: "2026-01-01", p_to: "2026-01-01", p_dimension: "lab" }],
      ["stats_attention", { p_from: "2026-01-01", p_to: "2026-01-01" }],
      ["stats_evaluation", { p_year: 2026 }],
    ] as const) {
      for (const user of [w.staffA, plain]) {
        const { error } = await user.client.rpc(fn, args);
        expect(error?.message, `${fn} network-wide`).toBe("STATS_FORBIDDEN");
      }
      const { error } = await other.client.rpc(fn, { ...args, p_lab_id: w.labA });
      expect(error?.message, `${fn} other lab`).toBe("STATS_FORBIDDEN");
      const own = await w.staffA.client.rpc(fn, { ...args, p_lab_id: w.labA });
      expect(own.error, `${fn} own lab`).toBeNull();
    }
    for (const args of [
      { p_from: "2026-01-02", p_to: "2026-02-01" },
      { p_from: "2026-03-01", p_to: "2026-02-01" },
      { p_from: "2020-01-01", p_to: "2026-02-01" },
    ]) {
      const { error } = await bureau.client.rpc("stats_overview", args);
      expect(error?.message).toBe("STATS_INVALID_INPUT");
    }
    expect((await bureau.client.rpc("stats_breakdown", { p_from: "2026-01-01", p_to: "2026-01-01", p_dimension: "x" })).error?.message).toBe(
      "STATS_INVALID_INPUT",
    );
  });
});

describe("a busy lab", () => {
  it("takes 25 concurrent auto-confirmed requests on 25 instruments without waiting on one lab row", async () => {
    const lab = await f.lab(await f.organisation("university"));
    const instruments = await Promise.all(
      Array.from({ length: 25 }, () => f.instrument(lab, { requires_approval: false, lead_time_hours: 0 }, [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "00:00", end: "24:00" })))),
    );
    const orgs = [await f.organisation("sme"), await f.organisation("enterprise")];
    const engineers: Engineer[] = [];
    for (let i = 0; i < 25; i += 5) engineers.push(...(await Promise.all(Array.from({ length: 5 }, (_, j) => f.engineer(orgs[(i + j) % 2])))));
    const day = shanghaiDate(3);
    const started = Date.now();
    const results = await Promise.all(
      instruments.map((id, i) => requestBooking(engineers[i].client, id, { start: shanghai(day, "10:00"), end: shanghai(day, "12:00") })),
    );
    expect(results.map((r) => r.code)).toEqual(Array(25).fill(null));
    expect(Date.now() - started).toBeLessThan(30_000);
    const [row] = await f.q<{ bookings: number }>(`select sum(bookings)::int as bookings from public.lab_month_stats where lab_id = $1`, [lab]);
    expect(row.bookings).toBe(25);
  });

  it("two open transactions booking instruments of one lab in different shards do not block each other", async () => {
    const lab = await f.lab(await f.organisation("university"));
    const org = await f.organisation("sme");
    const requester = await f.plainUser();
    let a = "";
    let b = "";
    const shard = async (id: string) => (await f.one<{ s: number }>(`select private.lab_month_shard($1) as s`, [id])).s;
    a = await f.instrument(lab);
    do b = await f.instrument(lab);
    while ((await shard(a)) === (await shard(b)));
    const day = shanghaiDate(4);
    const insert = `insert into public.bookings (instrument_id, requester_id, organisation_id, during, status, service_mode, purpose, rate_cny, estimated_cost_cny)
      values ($1, $2, $3, tstzrange($4, $5), 'confirmed', 'sample_submission', 'x', 100, 100)`;
    const c1 = await f.db.connect();
    const c2 = await f.db.connect();
    try {
      await c1.query("begin");
      await c2.query("begin");
      await c1.query(insert, [a, requester, org, shanghai(day, "10:00"), shanghai(day, "11:00")]);
      await c2.query("set local lock_timeout = '2s'");
      await c2.query(insert, [b, requester, org, shanghai(day, "10:00"), shanghai(day, "11:00")]);
    } finally {
      await c1.query("rollback");
      await c2.query("rollback");
      c1.release();
      c2.release();
    }
  });
});
