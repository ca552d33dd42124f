// Organisations served from bitmaps (20261210000000, docs/decisions/023). The bitmaps and group
// counts are derived data kept by triggers; these tests hold them to what they derive from, written
// here independently (not calling the migration's helpers), after the changes that move them:
// completions, an instrument changing category and original value, chains added and removed, a
// completion taken back, an instrument deleted. And the statistics they feed (breakdowns by
// category, chain and value band network-wide, a lab's overview) equal distinct counts from bookings.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Fixtures, shanghai } from "../../support/fixtures.ts";
import type { TestUser } from "../../support/supabase.ts";

const f = new Fixtures(undefined, 4);
let bureau: TestUser;
let w: { lab: string; labOrg: string; sme: string; sme2: string; uni: string; chainA: string; chainB: string; otherCategory: string; i1: string; i2: string; i3: string };
const FROM = "2026-03-01";
const TO = "2026-04-01";

/**
 * Rows of (key…, organisation number) that one side has and the other lacks, for this file's
 * organisations ($1): 0 when the bitmaps and counts agree with what they derive from. (Scoped to
 * them: other test files write these tables directly, e.g. the RLS matrix's disposable rows.)
 */
const MISMATCHES = `
with ours as (
  select n.organisation_id, n.n from public.stats_org_numbers n where n.organisation_id = any($1::uuid[])
),
lab_expected as (
  select o.lab_id::text as k, o.month, n.n from public.lab_month_orgs o join ours n on n.organisation_id = o.organisation_id
),
lab_actual as (
  select b.lab_id::text, b.month, n.n from public.lab_month_org_bits b join ours n on n.n < length(b.bits)
  where get_bit(b.bits, n.n) = 1
),
keys as (
  select i.id, 'category' as dimension, coalesce(c.parent_id, c.id)::text as group_key
  from public.instruments i join public.instrument_categories c on c.id = i.category_id
  union all
  select i.id, 'value_band', case when i.original_value_cny is null then 'unknown' when i.original_value_cny < 500000 then 'under_500k'
    when i.original_value_cny < 1000000 then '500k_1m' when i.original_value_cny < 2000000 then '1m_2m'
    when i.original_value_cny < 5000000 then '2m_5m' else '5m_plus' end
  from public.instruments i
  union all
  select i.id, 'chain', coalesce(ic.chain_id::text, 'none') from public.instruments i left join public.instrument_chains ic on ic.instrument_id = i.id
),
group_expected as (
  select k.dimension, k.group_key, o.month, o.organisation_id, count(*)::int as instruments
  from public.instrument_month_orgs o join keys k on k.id = o.instrument_id
  where o.organisation_id = any($1::uuid[])
  group by 1, 2, 3, 4
),
group_actual as (
  select g.dimension, g.group_key, g.month, g.organisation_id, g.instruments from public.group_month_orgs g
  where g.organisation_id = any($1::uuid[])
),
group_bits_expected as (
  select g.dimension || '/' || g.group_key, g.month, n.n from public.group_month_orgs g join ours n on n.organisation_id = g.organisation_id
),
group_bits_actual as (
  select b.dimension || '/' || b.group_key, b.month, n.n from public.group_month_org_bits b join ours n on n.n < length(b.bits)
  where get_bit(b.bits, n.n) = 1
)
select
  (select count(*) from ((table lab_expected except table lab_actual) union all (table lab_actual except table lab_expected)) x)::int as lab_bits,
  (select count(*) from ((table group_expected except table group_actual) union all (table group_actual except table group_expected)) x)::int as groups,
  (select count(*) from ((table group_bits_expected except table group_bits_actual) union all (table group_bits_actual except table group_bits_expected)) x)::int as group_bits,
  (select count(*) from public.lab_month_orgs o where o.organisation_id = any($1::uuid[])
     and not exists (select 1 from ours n where n.organisation_id = o.organisation_id))::int as unnumbered
`;

/** Distinct organisations (and SMEs) of completed bookings starting in [FROM, end of TO's month] per group of one dimension, network-wide. */
const DISTINCT_BY_GROUP = `
with keys as (
  select i.id, coalesce(c.parent_id, c.id)::text as category,
    case when i.original_value_cny is null then 'unknown' when i.original_value_cny < 500000 then 'under_500k'
      when i.original_value_cny < 1000000 then '500k_1m' when i.original_value_cny < 2000000 then '1m_2m'
      when i.original_value_cny < 5000000 then '2m_5m' else '5m_plus' end as value_band
  from public.instruments i join public.instrument_categories c on c.id = i.category_id
  join public.labs l on l.id = i.lab_id where l.status <> 'pending'
),
grouped as (
  select case $3 when 'category' then k.category when 'value_band' then k.value_band end as group_key, k.id from keys k where $3 <> 'chain'
  union all
  select coalesce(ic.chain_id::text, 'none'), k.id from keys k left join public.instrument_chains ic on ic.instrument_id = k.id where $3 = 'chain'
)
select g.group_key, count(distinct b.organisation_id)::int as orgs, count(distinct b.organisation_id) filter (where o.kind = 'sme')::int as smes
from grouped g join public.bookings b on b.instrument_id = g.id join public.organisations o on o.id = b.organisation_id
where b.status = 'completed'
  and lower(b.during) >= $1::date::timestamp at time zone 'Asia/Shanghai'
  and lower(b.during) < ($2::date + interval '1 month')::timestamp at time zone 'Asia/Shanghai'
group by 1
`;

async function snapshot<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await f.db.connect();
  try {
    await c.query("begin isolation level repeatable read");
    return await fn(c);
  } finally {
    await c.query("rollback");
    c.release();
  }
}

async function expectConsistent() {
  const orgs = [w.labOrg, w.sme, w.sme2, w.uni];
  const row = await snapshot(async (c) => (await c.query(MISMATCHES, [orgs])).rows[0]);
  // and the check sees them: each of them has a number and at least one bit somewhere
  const seen = await f.one<{ n: number }>(`select count(*)::int as n from public.stats_org_numbers where organisation_id = any($1::uuid[])`, [orgs]);
  expect(seen.n).toBe(orgs.length);
  expect(row).toEqual({ lab_bits: 0, groups: 0, group_bits: 0, unnumbered: 0 });
}

/** stats_breakdown as the bureau equals the independent distinct counts, group by group, in one snapshot. */
async function expectBreakdownMatches(dimension: "category" | "chain" | "value_band", groups: string[]) {
  await snapshot(async (c) => {
    const expected = new Map((await c.query<{ group_key: string; orgs: number; smes: number }>(DISTINCT_BY_GROUP, [FROM, TO, dimension])).rows.map((r) => [r.group_key, r]));
    await c.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify({ sub: bureau.id, role: "authenticated", aud: "authenticated" }),
    ]);
    const { rows } = await c.query<{ group_key: string; organisations_served: string; smes_served: string }>(
      `select group_key, organisations_served, smes_served from public.stats_breakdown($1, $2, $3)`,
      [FROM, TO, dimension],
    );
    for (const key of groups) {
      const row = rows.find((r) => r.group_key === key);
      const exp = expected.get(key) ?? { orgs: 0, smes: 0 };
      expect([key, Number(row?.organisations_served ?? 0), Number(row?.smes_served ?? 0)]).toEqual([key, exp.orgs, exp.smes]);
    }
    // every group the network has, not only ours
    for (const row of rows) {
      const exp = expected.get(row.group_key) ?? { orgs: 0, smes: 0 };
      expect([row.group_key, Number(row.organisations_served), Number(row.smes_served)]).toEqual([row.group_key, exp.orgs, exp.smes]);
    }
  });
}

const categoryOf = async (instrument: string) =>
  (await f.one<{ k: string }>(`select coalesce(c.parent_id, c.id)::text as k from public.instruments i join public.instrument_categories c on c.id = i.category_id where i.id = $1`, [instrument])).k;

beforeAll(async () => {
  bureau = await f.bureau();
  const labOrg = await f.organisation("university");
  const lab = await f.lab(labOrg);
  const sme = await f.organisation("sme");
  const sme2 = await f.organisation("sme");
  const uni = await f.organisation("university");
  const chain = (code: string) =>
    f.one<{ id: string }>(`insert into public.industrial_chains (code, name_zh, name_en) values ($1, '测试链', 'Test chain') returning id`, [`${code}${f.tag}`]);
  const chainA = (await chain("ca")).id;
  const chainB = (await chain("cb")).id;
  const otherCategory = (
    await f.one<{ id: string }>(`insert into public.instrument_categories (code, name_zh, name_en) values ($1, '另一类', 'Other category') returning id`, [`oc${f.tag}`])
  ).id;
  const i1 = await f.instrument(lab);
  const i2 = await f.instrument(lab);
  const i3 = await f.instrument(lab);
  await f.q(`update public.instruments set original_value_cny = 80000 where id = $1`, [i1]);
  await f.q(`update public.instruments set original_value_cny = 3000000 where id = $1`, [i2]);
  await f.q(`insert into public.instrument_chains (instrument_id, chain_id) values ($1, $3), ($2, $3), ($2, $4)`, [i1, i2, chainA, chainB]);
  w = { lab, labOrg, sme, sme2, uni, chainA, chainB, otherCategory, i1, i2, i3 };
  const requester = await f.plainUser();
  const done = (instrumentId: string, org: string, day: string, hour: string) =>
    f.booking({
      instrumentId,
      requesterId: requester,
      organisationId: org,
      start: shanghai(day, hour),
      end: shanghai(day, `${String(Number(hour.slice(0, 2)) + 1).padStart(2, "0")}:00`),
      status: "completed",
      rateCny: 100,
      actualMinutes: 60,
    });
  // March and April 2026; the same organisation on several instruments and in both months
  await done(i1, sme, "2026-03-02", "09:00");
  await done(i1, uni, "2026-03-03", "09:00");
  await done(i2, sme, "2026-03-04", "09:00");
  await done(i2, sme2, "2026-04-06", "09:00");
  await done(i3, uni, "2026-04-07", "09:00");
  await done(i3, labOrg, "2026-04-08", "09:00");
}, 120_000);
afterAll(() => f.end());

describe("organisations-served bitmaps", () => {
  it("mirror lab_month_orgs and the groups' instrument_month_orgs after completions", async () => {
    await expectConsistent();
    const { rows } = await f.db.query(`select dimension, group_key, instruments from public.group_month_orgs where organisation_id = $1 and month = '2026-03-01' order by 1, 2`, [w.sme]);
    // the SME used i1 (chain A) and i2 (chains A and B) in March: chain A counts two instruments
    expect(rows.filter((r) => r.dimension === "chain" && [w.chainA, w.chainB].includes(r.group_key))).toEqual([
      { dimension: "chain", group_key: w.chainA, instruments: 2 },
      { dimension: "chain", group_key: w.chainB, instruments: 1 },
    ].sort((a, b) => a.group_key.localeCompare(b.group_key)));
  });

  it("feed breakdowns by category, chain and value band equal to distinct counts from bookings", async () => {
    const category = await categoryOf(w.i1);
    await expectBreakdownMatches("category", [category]);
    await expectBreakdownMatches("chain", [w.chainA, w.chainB]);
    await expectBreakdownMatches("value_band", ["under_500k", "2m_5m"]);
  });

  it("follow an instrument to its new category and value band, and chains added and removed", async () => {
    const before = await categoryOf(w.i1);
    await f.q(`update public.instruments set category_id = $1, original_value_cny = 1500000 where id = $2`, [w.otherCategory, w.i1]);
    await f.q(`delete from public.instrument_chains where instrument_id = $1 and chain_id = $2`, [w.i2, w.chainB]);
    await f.q(`insert into public.instrument_chains (instrument_id, chain_id) values ($1, $2), ($1, $3)`, [w.i3, w.chainA, w.chainB]);
    await f.q(`delete from public.instrument_chains where instrument_id = $1`, [w.i1]);
    await expectConsistent();
    await expectBreakdownMatches("category", [before, w.otherCategory]);
    await expectBreakdownMatches("chain", [w.chainA, w.chainB, "none"]);
    await expectBreakdownMatches("value_band", ["under_500k", "1m_2m", "2m_5m"]);
  });

  it("lose an organisation whose completion is taken back, and a deleted instrument's organisations", async () => {
    await f.q(`update public.bookings set status = 'no_show', actual_minutes = null where instrument_id = $1 and organisation_id = $2`, [w.i2, w.sme2]);
    await expectConsistent();
    const april = await f.one<{ bits: string }>(`select bits::text from public.lab_month_org_bits where lab_id = $1 and month = '2026-04-01'`, [w.lab]);
    const sme2 = await f.one<{ n: number }>(`select n from public.stats_org_numbers where organisation_id = $1`, [w.sme2]);
    expect(april.bits[sme2.n] ?? "0").toBe("0");
    await f.q(`delete from public.bookings where instrument_id = $1`, [w.i3]);
    await f.q(`delete from public.instruments where id = $1`, [w.i3]);
    await expectConsistent();
    await expectBreakdownMatches("chain", [w.chainA, w.chainB]);
    await expectBreakdownMatches("value_band", ["under_500k", "1m_2m", "2m_5m"]);
  });

  it("give a lab's overview the distinct organisations and SMEs of its completed bookings", async () => {
    const exp = await f.one<{ orgs: number; smes: number }>(
      `select count(distinct b.organisation_id)::int as orgs, count(distinct b.organisation_id) filter (where o.kind = 'sme')::int as smes
       from public.bookings b join public.instruments i on i.id = b.instrument_id join public.organisations o on o.id = b.organisation_id
       where i.lab_id = $1 and b.status = 'completed'`,
      [w.lab],
    );
    const { data, error } = await bureau.client.rpc("stats_overview", { p_from: FROM, p_to: TO, p_lab_id: w.lab });
    expect(error).toBeNull();
    expect([Number(data?.[0]?.organisations_served), Number(data?.[0]?.smes_served)]).toEqual([exp.orgs, exp.smes]);
    expect(exp.orgs).toBeGreaterThan(0);
  });
});
