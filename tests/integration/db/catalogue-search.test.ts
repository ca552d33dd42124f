// Catalogue search in one call: public.search_instruments (migration 20261127050000) and the app's
// searchCatalogue on top of it, against what they replace — the catalogue's former PostgREST
// queries with relevance ranked in the app (copied below as legacySearch) and, for the time-first
// search, the booking engine's own per-instrument answer: free_slots, asked once per instrument
// (tests/support/free-slots-oracle.ts). Real stack, real roles: visitors and signed-in users
// through supabase-js, fixtures written with the superuser connection.
//
// Every instrument of this file carries the token T in its specifications and lives in this file's
// own district and categories, so the searches never see other tests' rows.
import { randomUUID } from "node:crypto";
import type { SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAGE_SIZE, parseCatalogueFilters, type CatalogueFilters, type FreeWindow } from "~/lib/catalogue/filters";
import { containsPattern, relevanceRank } from "../../support/legacy-catalogue.ts";
import { freeBySlots } from "../../support/free-slots-oracle.ts";
import { addDays, everyDay, Fixtures, shanghai, shanghaiDate, type Engineer, type InstrumentPolicy, type WeeklyRule } from "../../support/fixtures.ts";
import { anonClient, type TestUser } from "../../support/supabase.ts";
import { TEST_STACK } from "../../support/test-env.ts";

// app/lib/catalogue.server.ts reads the app's environment when it is imported.
process.env.SUPABASE_URL ??= TEST_STACK.apiUrl;
process.env.SUPABASE_ANON_KEY ??= TEST_STACK.anonKey;
process.env.SUPABASE_SERVICE_ROLE_KEY ??= TEST_STACK.serviceRoleKey;
process.env.SEND_EMAIL_HOOK_SECRET ??= TEST_STACK.hookSecret;
process.env.RESEND_API_KEY ??= "re_test_key";
const { getCatalogueReference, searchCatalogue } = await import("~/lib/catalogue/catalogue.server");
type CatalogueReference = Awaited<ReturnType<typeof getCatalogueReference>>;
type CataloguePage = Awaited<ReturnType<typeof searchCatalogue>>;

const f = new Fixtures();
const T = `zq${f.tag}`;
const code = (prefix: string) => `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
const codes = { district2: code("d"), parent: code("kp"), child: code("kc"), other: code("ko"), chain1: code("h"), chain2: code("h") };
/** The fixture builder's own district (labs A and C); lab B is in codes.district2. */
let district1 = "";

const day = shanghaiDate(8);
const dayN = (n: number) => addDays(day, n);

type Key =
  | "free" | "booked" | "closed" | "maintenance" | "retired" | "unapproved" | "shortMax" | "minLong" | "gap"
  | "extraOnly" | "lateFree" | "lunch" | "roundClock" | "leadFar" | "horizonShort" | "slot120" | "slotOff" | "percent" | "percentPlain"
  | "star" | "starPlain";
const id = {} as Record<Key, string>;
const labs = {} as Record<"A" | "B" | "C", string>;
let staffA: TestUser;
let staffC: TestUser;
let bureau: TestUser;
let engineer: Engineer;
let reference: CatalogueReference;

interface Spec {
  lab: "A" | "B" | "C";
  zh: string;
  en: string;
  category: "parent" | "child" | "other";
  chains?: ("chain1" | "chain2")[];
  policy?: Partial<InstrumentPolicy>;
  rules?: WeeklyRule[];
}

const SPECS: Record<Key, Spec> = {
  // Names start with T (rank 0), contain it (rank 1) or not (rank 2: T only in the specifications).
  free: { lab: "A", zh: "场发射扫描电镜", en: `${T} field emission SEM`, category: "parent", chains: ["chain1"], policy: { sme_rate_cny: 300 } },
  booked: { lab: "A", zh: `${T}衍射仪`, en: "X-ray diffractometer", category: "child", chains: ["chain2"], policy: { sme_rate_cny: 250, service_modes: ["sample_submission"] } },
  closed: { lab: "A", zh: "激光共聚焦显微镜", en: `Confocal microscope ${T}`, category: "other", policy: { sme_rate_cny: 120 } },
  maintenance: { lab: "A", zh: "维护中的试验机", en: `Tester in maintenance ${T}`, category: "child", policy: { status: "maintenance", sme_rate_cny: 80 } },
  retired: { lab: "A", zh: "退役试验箱", en: "Retired chamber", category: "other", policy: { status: "retired", sme_rate_cny: 60 } },
  unapproved: { lab: "C", zh: "待批实验室质谱仪", en: `${T} ICP-MS in a pending lab`, category: "parent", chains: ["chain1"] },
  shortMax: { lab: "B", zh: "短时拉力机", en: "Short tensile tester", category: "other", policy: { max_booking_minutes: 60, sme_rate_cny: 100, hourly_rate_cny: 200, service_modes: ["sample_submission"] } },
  minLong: { lab: "B", zh: `长时疲劳试验机${T}`, en: "Long fatigue tester", category: "child", chains: ["chain2"], policy: { min_booking_minutes: 180, sme_rate_cny: 200 } },
  gap: { lab: "B", zh: "间隙光谱仪", en: "Gap spectrometer", category: "parent", policy: { sme_rate_cny: 150, service_modes: ["self_operation"] } },
  extraOnly: { lab: "B", zh: "周六加开光谱仪", en: `Extra opening spectrometer ${T}`, category: "other", policy: { sme_rate_cny: 90 }, rules: [] },
  lateFree: { lab: "A", zh: "电池充放电测试系统", en: "Late free cycler", category: "child", chains: ["chain1", "chain2"], policy: { sme_rate_cny: 30, hourly_rate_cny: 30 } },
  lunch: {
    lab: "B", zh: "午休热分析仪", en: "Lunch break thermal analyser", category: "other", policy: { max_booking_minutes: 480, sme_rate_cny: 150 },
    rules: [...everyDay("08:00", "12:00"), ...everyDay("13:00", "17:00")],
  },
  roundClock: {
    lab: "A", zh: "全天候气候箱", en: "Round-the-clock chamber", category: "parent",
    policy: { slot_minutes: 60, min_booking_minutes: 60, max_booking_minutes: 2880, sme_rate_cny: 40 }, rules: everyDay("00:00", "24:00"),
  },
  leadFar: { lab: "B", zh: "提前预约核磁", en: `NMR booked far ahead ${T}`, category: "parent", policy: { lead_time_hours: 720, sme_rate_cny: 500, hourly_rate_cny: 800 } },
  horizonShort: { lab: "B", zh: "短期预约硬度计", en: "Hardness tester, short horizon", category: "other", policy: { max_advance_days: 5, sme_rate_cny: 60 } },
  slot120: {
    lab: "A", zh: "两小时槽位电镜", en: "Two-hour slot microscope", category: "child",
    policy: { slot_minutes: 120, min_booking_minutes: 120, max_booking_minutes: 240, sme_rate_cny: 300 }, rules: everyDay("09:00", "12:00"),
  },
  // Two and a half hours open, but the two-hour grid (from midnight) only offers 10:00-12:00: never free.
  slotOff: {
    lab: "A", zh: "错位槽位电镜", en: "Off-grid slot microscope", category: "child",
    policy: { slot_minutes: 120, min_booking_minutes: 120, max_booking_minutes: 240, sme_rate_cny: 310 }, rules: everyDay("09:00", "11:30"),
  },
  // For literal matching; in maintenance, so never free.
  percent: { lab: "B", zh: "百分比试验台", en: "Percent rig 50%_x", category: "other", policy: { status: "maintenance", sme_rate_cny: 70 } },
  percentPlain: { lab: "B", zh: "普通试验台", en: "Percent rig 50ab_x", category: "other", policy: { status: "maintenance", sme_rate_cny: 70 } },
  star: { lab: "B", zh: "星号仪", en: "Star rig a*b", category: "other", policy: { status: "maintenance", sme_rate_cny: 75 } },
  starPlain: { lab: "B", zh: "无星号仪", en: "Star rig ab", category: "other", policy: { status: "maintenance", sme_rate_cny: 75 } },
};

beforeAll(async () => {
  const { districtId } = await f.reference();
  district1 = (await f.one<{ code: string }>(`select code from public.districts where id = $1`, [districtId])).code;
  const district2 = (await f.one<{ id: string }>(`insert into public.districts (code, name_zh, name_en) values ($1, '测试二区', 'Test district 2') returning id`, [codes.district2])).id;
  const parent = (await f.one<{ id: string }>(`insert into public.instrument_categories (code, name_zh, name_en) values ($1, '父类', 'Parent') returning id`, [codes.parent])).id;
  const category = {
    parent,
    child: (await f.one<{ id: string }>(`insert into public.instrument_categories (code, name_zh, name_en, parent_id) values ($1, '子类', 'Child', $2) returning id`, [codes.child, parent])).id,
    other: (await f.one<{ id: string }>(`insert into public.instrument_categories (code, name_zh, name_en) values ($1, '其他', 'Other') returning id`, [codes.other])).id,
  };
  const chain = {
    chain1: (await f.one<{ id: string }>(`insert into public.industrial_chains (code, name_zh, name_en) values ($1, '链一', 'Chain 1') returning id`, [codes.chain1])).id,
    chain2: (await f.one<{ id: string }>(`insert into public.industrial_chains (code, name_zh, name_en) values ($1, '链二', 'Chain 2') returning id`, [codes.chain2])).id,
  };

  const organisation = await f.organisation("university");
  labs.A = await f.lab(organisation);
  labs.B = await f.lab(organisation);
  labs.C = await f.lab(organisation, "pending");
  await f.q(`update public.labs set accreditations = '{CMA,CNAS}' where id = $1`, [labs.A]);
  await f.q(`update public.labs set accreditations = '{CATL}', district_id = $2 where id = $1`, [labs.B, district2]);

  for (const [key, spec] of Object.entries(SPECS) as [Key, Spec][]) {
    const instrument = await f.instrument(labs[spec.lab], spec.policy ?? {}, spec.rules ?? everyDay("08:00", "18:00"));
    await f.q(
      `update public.instruments set name_zh = $2, name_en = $3, category_id = $4, specs_en = $5 where id = $1`,
      [instrument, spec.zh, spec.en, category[spec.category], `specification ${T}`],
    );
    for (const c of spec.chains ?? []) {
      await f.q(`insert into public.instrument_chains (instrument_id, chain_id) values ($1, $2)`, [instrument, chain[c]]);
    }
    id[key] = instrument;
  }

  [staffA, staffC, bureau, engineer] = await Promise.all([f.labStaff(labs.A), f.labStaff(labs.C), f.bureau(), f.engineer()]);
  const booking = { requesterId: engineer.id, organisationId: engineer.organisationId };
  // Booked solid on the day by live bookings (a cancelled one frees nothing).
  await f.booking({ ...booking, instrumentId: id.booked, start: shanghai(day, "08:00"), end: shanghai(day, "12:00"), status: "pending" });
  await f.booking({ ...booking, instrumentId: id.booked, start: shanghai(day, "12:00"), end: shanghai(day, "18:00") });
  // Two free hours, 12:00-14:00: enough for an hour, not for a three-hour minimum.
  for (const key of ["gap", "minLong"] as const) {
    await f.booking({ ...booking, instrumentId: id[key], start: shanghai(day, "08:00"), end: shanghai(day, "12:00") });
    await f.booking({ ...booking, instrumentId: id[key], start: shanghai(day, "14:00"), end: shanghai(day, "18:00") });
    await f.booking({ ...booking, instrumentId: id[key], start: shanghai(day, "12:00"), end: shanghai(day, "14:00"), status: "cancelled" });
  }
  // Booked solid for four days, free from the fifth (beyond the first pass's three days).
  for (let n = 0; n < 4; n++) {
    await f.booking({ ...booking, instrumentId: id.lateFree, start: shanghai(dayN(n), "08:00"), end: shanghai(dayN(n), "18:00") });
  }
  await f.exception(id.closed, "closure", shanghai(day, "00:00"), shanghai(dayN(1), "00:00"));
  await f.exception(id.extraOnly, "extra_opening", shanghai(day, "09:00"), shanghai(day, "12:00"));
  reference = await getCatalogueReference(anonClient());
}, 120_000);

afterAll(() => f.end());

// --- The behaviour being replaced ---------------------------------------------------------------

const ITEM_COLUMNS =
  "id, name_zh, name_en, model, manufacturer, hourly_rate_cny, sme_rate_cny, service_modes, requires_approval, status, " +
  "category:instrument_categories(code, name_zh, name_en), " +
  "labs!inner(id, name_zh, name_en, accreditations, district:districts(code, name_zh, name_en))";

/** app/lib/catalogue.server.ts searchCatalogue before search_instruments (commit 3880f83). */
async function legacySearch(
  client: SupabaseClient,
  filters: CatalogueFilters,
  locale: "zh-CN" | "en",
  free: FreeWindow | null = null,
): Promise<CataloguePage> {
  const empty: CataloguePage = { items: [], total: 0 };
  let freeIds: string[] | null = null;
  if (free) {
    // The old code asked instruments_free_between (free_slots per instrument over the network);
    // every query below matches only this file's instruments, so asking free_slots about those is
    // the same answer.
    freeIds = await freeBySlots(client, await visible(client), free, freeCache);
    if (freeIds.length === 0) return empty;
  }
  let categoryIds: string[] | null = null;
  if (filters.category) {
    const category = reference.categories.find((c) => c.code === filters.category);
    if (!category) return empty;
    categoryIds = [category.id, ...reference.categories.filter((c) => c.parent_id === category.id).map((c) => c.id)];
  }
  let districtId: string | null = null;
  if (filters.district) {
    districtId = reference.districts.find((d) => d.code === filters.district)?.id ?? null;
    if (!districtId) return empty;
  }
  let chainId: string | null = null;
  if (filters.chain) {
    chainId = reference.chains.find((c) => c.code === filters.chain)?.id ?? null;
    if (!chainId) return empty;
  }
  function query(columns: string, options: { count?: "exact" } = {}) {
    const select = chainId ? `${columns}, instrument_chains!inner(chain_id)` : columns;
    let q = client.from("instruments").select(select, options);
    if (filters.q) q = q.ilike("search_text", containsPattern(filters.q));
    if (categoryIds) q = q.in("category_id", categoryIds);
    if (districtId) q = q.eq("labs.district_id", districtId);
    if (chainId) q = q.eq("instrument_chains.chain_id", chainId);
    if (filters.lab) q = q.eq("lab_id", filters.lab);
    if (freeIds) q = q.in("id", freeIds);
    if (filters.mode) q = q.contains("service_modes", [filters.mode]);
    if (filters.maxPrice !== undefined) q = q.lte("sme_rate_cny", filters.maxPrice);
    if (filters.accreditation) q = q.contains("labs.accreditations", [filters.accreditation]);
    return q;
  }
  // The old code ordered names by code point; names now sort as people read them (pinyin for
  // Chinese, ICU's zh-x-icu / und-x-icu), which Node's ICU collators reproduce. So read every match
  // and order here: rank (relevance), SME rate (price), name, id.
  const nameColumn = locale === "en" ? "name_en" : "name_zh";
  const from = (filters.page - 1) * PAGE_SIZE;
  const { data, error, count } = await query(ITEM_COLUMNS, { count: "exact" }).limit(1000);
  if (error) throw error;
  const rows = (data as unknown as (CataloguePage["items"][number] & { instrument_chains?: unknown })[]).map(
    // With a chain filter the old rows also carried the filter's embed (instrument_chains), which
    // is not part of CatalogueItem and which nothing read: compare without it.
    ({ instrument_chains: _embed, ...item }) => item,
  );
  const rank = (item: CataloguePage["items"][number]) =>
    filters.q && filters.sort === "relevance" ? relevanceRank(filters.q, item) : 0;
  const price = (item: CataloguePage["items"][number]) => (filters.sort === "price" ? Number(item.sme_rate_cny) : 0);
  rows.sort(
    (x, y) =>
      rank(x) - rank(y) ||
      price(x) - price(y) ||
      nameOrder(locale)(x[nameColumn], y[nameColumn]) ||
      (x.id < y.id ? -1 : x.id > y.id ? 1 : 0),
  );
  // The legacy query predates photos; this file's instruments have none (the page now adds `photo`).
  return { items: rows.slice(from, from + PAGE_SIZE).map((item) => ({ ...item, photo: null })), total: count ?? 0 };
}

/** How the catalogue orders names: pinyin for Chinese, alphabetical (case-insensitive first) for English. */
function nameOrder(locale: "zh-CN" | "en") {
  return new Intl.Collator(locale === "en" ? "und" : "zh", { usage: "sort" }).compare;
}

// --- Helpers ------------------------------------------------------------------------------------

interface SearchArgs {
  p_q?: string;
  p_category?: string;
  p_district?: string;
  p_chain?: string;
  p_lab?: string;
  p_mode?: string;
  p_max_price?: number | string;
  p_accreditation?: string;
  p_free_from?: string | null;
  p_free_to?: string | null;
  p_free_minutes?: number | null;
  p_sort?: string;
  p_locale?: string;
  p_page?: number;
  p_limit?: number;
}

interface SearchResult {
  ids: string[] | null;
  total: number | null;
  code: string | null;
  pgCode: string | null;
  status: number;
}

async function search(client: SupabaseClient, args: SearchArgs): Promise<SearchResult> {
  const { data, error, status } = await client.rpc("search_instruments", args);
  const row = (data as { ids: string[]; total: number }[] | null)?.[0];
  return { ids: row?.ids ?? null, total: row?.total ?? null, code: error?.message ?? null, pgCode: error?.code ?? null, status };
}

async function found(client: SupabaseClient, args: SearchArgs): Promise<{ ids: string[]; total: number }> {
  const result = await search(client, args);
  expect(result.code, `unexpected error ${result.code}`).toBeNull();
  expect(result.ids).not.toBeNull();
  return { ids: result.ids as string[], total: result.total as number };
}

const filters = (query: string): CatalogueFilters => parseCatalogueFilters(new URLSearchParams(query));
const keysOf = (ids: string[]): string[] => ids.map((x) => (Object.keys(id) as Key[]).find((k) => id[k] === x) ?? `other:${x}`);
const sorted = (xs: string[]) => [...xs].sort();

/** What RLS lets the client read of this file's instruments (the token matches them all). */
async function visible(client: SupabaseClient): Promise<string[]> {
  const { data, error } = await client.from("instruments").select("id, labs!inner(id)").ilike("search_text", `%${T}%`);
  expect(error).toBeNull();
  return (data as { id: string }[]).map((row) => row.id);
}

/**
 * The booking engine's answer among `among`: free_slots per instrument. Answers are kept per window
 * and instrument while the bookings stay the same (the test that books clears the cache).
 */
const freeCache = new Map<string, boolean>();
async function freeBetween(client: SupabaseClient, window: FreeWindow, among: string[]): Promise<string[]> {
  return freeBySlots(client, among, window, freeCache);
}

function windowOf(fromDay: string, fromTime: string, toDay: string, toTime: string, minutes: number): FreeWindow {
  return { from: shanghai(fromDay, fromTime).toISOString(), to: shanghai(toDay, toTime).toISOString(), minutes };
}

const W = {
  day: (minutes: number) => windowOf(day, "00:00", dayN(1), "00:00", minutes),
  evening: (minutes: number) => windowOf(day, "16:00", day, "20:00", minutes),
  week: (minutes: number) => windowOf(day, "00:00", dayN(7), "00:00", minutes),
  month: (minutes: number) => windowOf(day, "00:00", dayN(30), "00:00", minutes),
};

// --- Tests --------------------------------------------------------------------------------------

describe("search_instruments: filters, sort and pages as before", () => {
  const MATRIX: [string, "zh-CN" | "en"][] = [
    [`q=${T}`, "zh-CN"],
    [`q=${T}`, "en"],
    [`q=${T}&sort=price`, "zh-CN"],
    [`q=${T}&sort=name`, "en"],
    [`q=${T.toUpperCase()}`, "zh-CN"],
    [`q=${T}&category=${codes.parent}`, "zh-CN"],
    [`q=${T}&category=${codes.child}&sort=price`, "en"],
    [`category=${codes.other}`, "zh-CN"],
    [`category=${codes.other}&sort=price`, "en"],
    [`district=${codes.district2}`, "zh-CN"],
    [`district=${codes.district2}&q=${T}`, "en"],
    [`q=${T}&chain=${codes.chain1}`, "zh-CN"],
    [`q=${T}&chain=${codes.chain2}&sort=name`, "zh-CN"],
    [`q=${T}&mode=self_operation`, "zh-CN"],
    [`q=${T}&mode=sample_submission&sort=price`, "zh-CN"],
    [`q=${T}&maxPrice=150`, "zh-CN"],
    [`q=${T}&maxPrice=0`, "zh-CN"],
    [`q=${T}&accreditation=CNAS`, "en"],
    [`q=${T}&accreditation=CATL&sort=price`, "zh-CN"],
    [`q=${T}&accreditation=GLP`, "zh-CN"],
    [`q=${T} field`, "zh-CN"],
    [`q=rig&category=${codes.other}`, "en"],
    [`q=电镜&category=${codes.parent}`, "zh-CN"],
    [`q=${T}&category=${codes.parent}&chain=${codes.chain1}&mode=self_operation&maxPrice=400&accreditation=CMA&sort=price`, "zh-CN"],
    [`category=${codes.parent}&district=${district1}&sort=name`, "zh-CN"],
    [`q=${T}&page=2`, "zh-CN"],
    [`q=${T}&category=nosuch_category`, "zh-CN"],
    [`q=${T}&district=nosuch_district`, "zh-CN"],
    [`q=${T}&chain=nosuch_chain`, "zh-CN"],
  ];

  it.each(MATRIX)("%s (%s): same items, order and total as the old queries", async (query, locale) => {
    const client = anonClient();
    const want = await legacySearch(client, filters(query), locale);
    const got = await searchCatalogue(client, reference, filters(query), locale);
    expect(keysOf(got.items.map((item) => item.id))).toEqual(keysOf(want.items.map((item) => item.id)));
    expect(got).toEqual(want);
  });

  it("the matrix is not vacuous", async () => {
    const client = anonClient();
    const all = await searchCatalogue(client, reference, filters(`q=${T}`), "zh-CN");
    expect(all.total).toBe(19); // every instrument but the retired one and the pending lab's
    const some = await searchCatalogue(client, reference, filters(`q=${T}&accreditation=CATL`), "zh-CN");
    expect(some.total).toBeGreaterThan(0);
    expect(some.total).toBeLessThan(all.total);
    expect(await searchCatalogue(client, reference, filters(`q=${T}&category=nosuch_category`), "zh-CN")).toEqual({ items: [], total: 0 });
    const lab = await found(client, { p_q: T, p_lab: labs.B, p_limit: 100 });
    expect(sorted(lab.ids)).toEqual(sorted((Object.keys(SPECS) as Key[]).filter((k) => SPECS[k].lab === "B").map((k) => id[k])));
  });

  it("ranks by relevance as relevanceRank does: names starting with the query, containing it, the rest; then by name", async () => {
    const client = anonClient();
    for (const locale of ["zh-CN", "en"] as const) {
      const { ids } = await found(client, { p_q: T, p_locale: locale, p_limit: 100 });
      const { data } = await client.from("instruments").select("id, name_zh, name_en").in("id", ids);
      const names = new Map((data as { id: string; name_zh: string; name_en: string }[]).map((row) => [row.id, row]));
      const ranks = ids.map((x) => relevanceRank(T, names.get(x)!));
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      expect(new Set(ranks)).toEqual(new Set([0, 1, 2]));
      const column = locale === "en" ? "name_en" : "name_zh";
      for (const rank of [0, 1, 2]) {
        const group = ids.filter((_, i) => ranks[i] === rank).map((x) => names.get(x)![column]);
        expect(group).toEqual([...group].sort(nameOrder(locale)));
      }
      // Upper case and surrounding text in the query rank the same way.
      expect((await found(client, { p_q: T.toUpperCase(), p_locale: locale, p_limit: 100 })).ids).toEqual(ids);
    }
    const prefix = await found(client, { p_q: `${T} field`, p_limit: 100 });
    expect(keysOf(prefix.ids)).toEqual(["free"]);
  });

  it("sorts by SME rate, then name, then id", async () => {
    const { ids } = await found(anonClient(), { p_q: T, p_sort: "price", p_limit: 100 });
    const { data } = await anonClient().from("instruments").select("id, sme_rate_cny, name_zh").in("id", ids);
    const rows = new Map((data as { id: string; sme_rate_cny: number; name_zh: string }[]).map((row) => [row.id, row]));
    const rates = ids.map((x) => rows.get(x)!.sme_rate_cny);
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
    expect(keysOf(ids)[0]).toBe("lateFree");
  });

  it("pages through the matches with an honest total, also past the end", async () => {
    const client = anonClient();
    for (const sort of ["relevance", "price", "name"]) {
      const all = await found(client, { p_q: T, p_sort: sort, p_limit: 100 });
      expect(all.total).toBe(all.ids.length);
      const pages: string[] = [];
      for (let page = 1; page <= 4; page++) {
        const { ids, total } = await found(client, { p_q: T, p_sort: sort, p_page: page, p_limit: 5 });
        expect(total).toBe(all.total);
        expect(ids.length).toBe(Math.max(0, Math.min(5, all.total - (page - 1) * 5)));
        pages.push(...ids);
      }
      expect(pages).toEqual(all.ids);
      expect(await found(client, { p_q: T, p_sort: sort, p_page: 50, p_limit: 5 })).toEqual({ ids: [], total: all.total });
    }
    expect(await found(client, { p_q: `${T}-matches-nothing` })).toEqual({ ids: [], total: 0 });
  });

  it("matches the query literally: like's wildcards are plain characters", async () => {
    const client = anonClient();
    expect(keysOf((await found(client, { p_q: "50%_x", p_lab: labs.B })).ids)).toEqual(["percent"]);
    expect(keysOf((await found(client, { p_q: "50_", p_lab: labs.B })).ids)).toEqual([]);
    expect(keysOf((await found(client, { p_q: "a*b", p_lab: labs.B })).ids)).toEqual(["star"]);
    // Every word must match, in any order; each word literally.
    expect(sorted(keysOf((await found(client, { p_q: "rig star", p_lab: labs.B })).ids))).toEqual(["star", "starPlain"]);
    expect(keysOf((await found(client, { p_q: "  rig   a*b ", p_lab: labs.B })).ids)).toEqual(["star"]);
    expect(keysOf((await found(client, { p_q: "\\", p_lab: labs.B })).ids)).toEqual([]);
  });
});

describe("search_instruments: visibility is the caller's (RLS)", () => {
  it("lists what each role may read, no more", async () => {
    const roles: [string, SupabaseClient][] = [
      ["anon", anonClient()],
      ["engineer", engineer.client],
      ["staff of lab A", staffA.client],
      ["staff of the pending lab", staffC.client],
      ["bureau", bureau.client],
    ];
    const seen: Record<string, string[]> = {};
    for (const [name, client] of roles) {
      const { ids, total } = await found(client, { p_q: T, p_limit: 100 });
      expect(sorted(ids), name).toEqual(sorted(await visible(client)));
      expect(total, name).toBe(ids.length);
      seen[name] = keysOf(ids);
    }
    expect(seen.anon).not.toContain("retired");
    expect(seen.anon).not.toContain("unapproved");
    expect(seen.anon).toContain("maintenance");
    expect(sorted(seen.engineer)).toEqual(sorted(seen.anon));
    expect(seen["staff of lab A"]).toContain("retired");
    expect(seen["staff of lab A"]).not.toContain("unapproved");
    expect(seen["staff of the pending lab"]).toContain("unapproved");
    expect(seen["staff of the pending lab"]).not.toContain("retired");
    expect(seen.bureau).toEqual(expect.arrayContaining(["retired", "unapproved"]));
  });
});

describe("search_instruments: time-first search as the booking engine decides", () => {
  const CASES: [string, FreeWindow, Key[]][] = [
    ["a day, 45 minutes (rounded to the slot)", W.day(45), ["free", "shortMax", "gap", "extraOnly", "lunch", "roundClock", "slot120"]],
    ["a day, one hour", W.day(60), ["free", "shortMax", "gap", "extraOnly", "lunch", "roundClock", "slot120"]],
    ["a day, two hours", W.day(120), ["free", "gap", "extraOnly", "lunch", "roundClock", "slot120"]],
    ["a day, three hours", W.day(180), ["free", "extraOnly", "lunch", "roundClock"]],
    ["a day, four hours", W.day(240), ["free", "lunch", "roundClock"]],
    ["an evening, two hours (the slot must end inside)", W.evening(120), ["free", "roundClock"]],
    ["a window shorter than the length", windowOf(day, "16:00", day, "17:30", 120), []],
    ["a week, four hours", W.week(240), ["free", "booked", "closed", "minLong", "gap", "lateFree", "lunch", "roundClock"]],
    ["a week, five hours (only the round-the-clock one; the lunch break never fits)", W.week(300), ["roundClock"]],
    ["a week, 30 hours (across midnight)", W.week(1800), ["roundClock"]],
    ["thirty days, one hour (the far lead time is passed)", W.month(60), [
      "free", "booked", "closed", "shortMax", "minLong", "gap", "extraOnly", "lateFree", "lunch", "roundClock", "leadFar", "slot120",
    ]],
    ["thirty days, two days", W.month(2880), ["roundClock"]],
  ];

  it.each(CASES)("%s", async (_name, window, expected) => {
    for (const [role, client] of [["anon", anonClient()], ["staff of lab A", staffA.client], ["bureau", bureau.client]] as const) {
      const among = await visible(client);
      const engine = await freeBetween(client, window, among);
      const args = { p_q: T, p_free_from: window.from, p_free_to: window.to, p_free_minutes: window.minutes, p_limit: 100 };
      const { ids, total } = await found(client, args);
      expect(sorted(keysOf(ids)), role).toEqual(sorted(keysOf(engine)));
      expect(sorted(keysOf(ids)), role).toEqual(sorted(expected));
      expect(total, role).toBe(expected.length);
      // In the catalogue, with the other filters and sorts, as the old code answered.
      for (const query of [`q=${T}`, `q=${T}&sort=price`, `q=${T}&category=${codes.parent}&sort=name`, `district=${codes.district2}`]) {
        const want = await legacySearch(client, filters(query), "zh-CN", window);
        const got = await searchCatalogue(client, reference, filters(query), "zh-CN", window);
        expect(got, `${role} ${query}`).toEqual(want);
      }
    }
  }, 60_000);

  it("changes with the bookings: a new live booking takes the instrument out, cancelling it brings it back", async () => {
    const window = W.evening(120);
    const before = keysOf((await found(anonClient(), { p_lab: labs.A, p_free_from: window.from, p_free_to: window.to, p_free_minutes: 120 })).ids);
    expect(before).toContain("free");
    const bookingId = await f.booking({
      instrumentId: id.free,
      requesterId: engineer.id,
      organisationId: engineer.organisationId,
      start: shanghai(day, "16:00"),
      end: shanghai(day, "18:00"),
      status: "pending",
    });
    freeCache.clear();
    try {
      const during = keysOf((await found(anonClient(), { p_lab: labs.A, p_free_from: window.from, p_free_to: window.to, p_free_minutes: 120 })).ids);
      expect(during).not.toContain("free");
      expect(await freeBetween(anonClient(), window, [id.free])).toEqual([]);
      await f.q(`update public.bookings set status = 'cancelled' where id = $1`, [bookingId]);
      const after = keysOf((await found(anonClient(), { p_lab: labs.A, p_free_from: window.from, p_free_to: window.to, p_free_minutes: 120 })).ids);
      expect(sorted(after)).toEqual(sorted(before));
    } finally {
      await f.q(`delete from public.bookings where id = $1`, [bookingId]);
    }
  });
});

describe("search_instruments: bad input", () => {
  const from = () => shanghai(day, "08:00");
  const at = (minutes: number) => new Date(from().getTime() + minutes * 60_000).toISOString();
  const BAD: [string, SearchArgs, string][] = [
    ["an empty window", { p_free_from: at(0), p_free_to: at(0), p_free_minutes: 60 }, "BOOKING_INVALID_RANGE"],
    ["a reversed window", { p_free_from: at(0), p_free_to: at(-60), p_free_minutes: 60 }, "BOOKING_INVALID_RANGE"],
    ["a window over 31 days", { p_free_from: at(0), p_free_to: at(32 * 24 * 60), p_free_minutes: 60 }, "BOOKING_RANGE_TOO_LONG"],
    ["too few minutes", { p_free_from: at(0), p_free_to: at(600), p_free_minutes: 10 }, "BOOKING_INVALID_INPUT"],
    ["too many minutes", { p_free_from: at(0), p_free_to: at(600), p_free_minutes: 10081 }, "BOOKING_INVALID_INPUT"],
    ["a window without an end", { p_free_from: at(0), p_free_minutes: 60 }, "BOOKING_INVALID_INPUT"],
    ["a window without minutes", { p_free_from: at(0), p_free_to: at(600) }, "BOOKING_INVALID_INPUT"],
    ["an explicit null end", { p_free_from: at(0), p_free_to: null, p_free_minutes: 60 }, "BOOKING_INVALID_INPUT"],
    ["an infinite end", { p_free_from: at(0), p_free_to: "infinity", p_free_minutes: 60 }, "BOOKING_INVALID_INPUT"],
    ["an unknown sort", { p_sort: "random" }, "BOOKING_INVALID_INPUT"],
    ["an unknown locale", { p_locale: "fr" }, "BOOKING_INVALID_INPUT"],
    ["page 0", { p_page: 0 }, "BOOKING_INVALID_INPUT"],
    ["limit 0", { p_limit: 0 }, "BOOKING_INVALID_INPUT"],
    ["limit 101", { p_limit: 101 }, "BOOKING_INVALID_INPUT"],
    ["a huge query", { p_q: "x".repeat(101) }, "BOOKING_INVALID_INPUT"],
    ["a negative price", { p_max_price: -1 }, "BOOKING_INVALID_INPUT"],
    ["a NaN price", { p_max_price: "NaN" }, "BOOKING_INVALID_INPUT"],
  ];

  async function footprint() {
    return f.one(
      `select (select count(*)::int from public.bookings) as bookings, (select count(*)::int from public.booking_events) as events,
              (select count(*)::int from public.email_outbox) as outbox,
              (select count(*)::int from public.instruments where specs_en like $1) as instruments,
              (select max(updated_at) from public.instruments where specs_en like $1) as updated`,
      [`%${T}%`],
    );
  }

  it.each(BAD)("refuses %s with a stable code, HTTP 400, and changes nothing", async (_name, args, expected) => {
    const before = await footprint();
    for (const client of [anonClient(), engineer.client]) {
      const result = await search(client, { p_q: T, ...args });
      expect(result.code).toBe(expected);
      expect(result.pgCode).toBe("P0001");
      expect(result.status).toBe(400);
      expect(result.ids).toBeNull();
    }
    const after = await footprint();
    expect(after.instruments).toBe(before.instruments);
    expect(after.updated).toEqual(before.updated);
  });

  it("refuses an unknown service mode as a malformed value (HTTP 400)", async () => {
    const result = await search(anonClient(), { p_mode: "teleport" });
    expect(result.status).toBe(400);
    expect(result.ids).toBeNull();
  });

  it("accepts the limits themselves", async () => {
    const ok = await found(anonClient(), {
      p_q: `${T}`.padEnd(100, "x"),
      p_free_from: at(0),
      p_free_to: at(31 * 24 * 60),
      p_free_minutes: 15,
      p_limit: 100,
      p_max_price: 0,
    });
    expect(ok).toEqual({ ids: [], total: 0 });
    expect((await found(anonClient(), { p_q: T, p_free_from: at(0), p_free_to: at(600), p_free_minutes: 10080 })).total).toBe(0);
  });
});

describe("the free-time helper behind search_instruments", () => {
  it("is not part of the API: the private schema is not exposed", async () => {
    const { data, error } = await anonClient()
      .schema("private")
      .rpc("instruments_free_among", { p_ids: [id.free], p_from: W.day(60).from, p_to: W.day(60).to, p_minutes: 60 });
    expect(data).toBeNull();
    expect(error).not.toBeNull();
  });

  it("has the privileges and settings the migrations give it", async () => {
    const names = ["instruments_free_among", "instruments_free_core", "check_free_window", "categories_matching", "categories_named", "search_instruments"];
    const rows = await f.q<{ name: string; anon: boolean; authenticated: boolean; service_role: boolean; definer: boolean; config: string[] | null }>(
      `select p.proname as name, has_function_privilege('anon', p.oid, 'execute') as anon,
              has_function_privilege('authenticated', p.oid, 'execute') as authenticated,
              has_function_privilege('service_role', p.oid, 'execute') as service_role,
              p.prosecdef as definer, p.proconfig as config
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname in ('private', 'public') and p.proname = any ($1)
       order by 1`,
      [names],
    );
    const byName = Object.fromEntries(rows.map((row) => [row.name, row]));
    expect(Object.keys(byName).sort()).toEqual([...names].sort());
    expect(byName.instruments_free_among).toMatchObject({ anon: true, authenticated: true, service_role: false, definer: true });
    expect(byName.instruments_free_core).toMatchObject({ anon: false, authenticated: false, service_role: false, definer: false });
    expect(byName.search_instruments).toMatchObject({ anon: true, authenticated: true, service_role: false, definer: false });
    for (const name of ["check_free_window", "categories_matching", "categories_named"]) {
      expect(byName[name], name).toMatchObject({ anon: true, authenticated: true, service_role: false, definer: false });
    }
    for (const row of rows) expect(row.config ?? [], row.name).toContain("search_path=\"\"");
  });
});

describe("search_instruments: what people type", () => {
  // Against the demo network in the seed: categories carry search aliases (SEM, 扫描电镜, XRD, 拉力 …).
  const names = async (q: string) => {
    const client = anonClient();
    const { ids } = await found(client, { p_q: q, p_limit: 100 });
    const { data } = await client.from("instruments").select("id, name_zh").in("id", ids);
    return (data as { name_zh: string }[]).map((row) => row.name_zh);
  };

  it("finds every scanning electron microscope by the everyday word and the abbreviation", async () => {
    const { data } = await anonClient()
      .from("instruments")
      .select("name_zh, category:instrument_categories!inner(code)")
      .eq("category.code", "sem")
      .neq("status", "retired");
    const sems = (data as { name_zh: string }[]).map((row) => row.name_zh).sort();
    expect(sems).toContain("场发射扫描电子显微镜"); // whose own text never says 扫描电镜 or SEM
    for (const q of ["扫描电镜", "SEM", "sem"]) expect((await names(q)).sort(), q).toEqual(expect.arrayContaining(sems));
  });

  it("finds instruments by their category's aliases: XRD, 拉力, 盐雾", async () => {
    expect(await names("XRD")).toContain("X射线衍射仪");
    expect((await names("拉力")).length).toBeGreaterThan(0);
    expect((await names("盐雾")).length).toBeGreaterThan(0);
  });

  it("puts the category a short query names first: TEM before temperature chambers", async () => {
    const client = anonClient();
    const { ids } = await found(client, { p_q: "TEM", p_locale: "en", p_limit: 100 });
    const { data } = await client
      .from("instruments")
      .select("id, name_en, category:instrument_categories!inner(code)")
      .in("id", ids);
    const byId = new Map((data as unknown as { id: string; category: { code: string } }[]).map((row) => [row.id, row.category.code]));
    const codes = ids.map((x) => byId.get(x));
    expect(codes[0]).toBe("tem");
    expect(codes.indexOf("climate_chamber")).toBeGreaterThan(codes.lastIndexOf("tem"));
  });

  it("needs every word: a second word narrows the results", async () => {
    const sem = await names("扫描电镜");
    const lowVacuum = await names("扫描电镜 低真空");
    expect(lowVacuum).toEqual(["场发射扫描电镜（低真空）"]);
    expect(sem.length).toBeGreaterThan(lowVacuum.length);
  });

  it("sorts Chinese names in pinyin order", async () => {
    const client = anonClient();
    // All instruments, not a first page: other test files add instruments (测试…) to this stack,
    // which would push the seed's 台式扫描电镜 past any fixed limit.
    const all: string[] = [];
    for (let page = 1; ; page += 1) {
      const { ids } = await found(client, { p_sort: "name", p_locale: "zh-CN", p_limit: 100, p_page: page });
      all.push(...ids);
      if (ids.length < 100) break;
    }
    const ids = all;
    const byId = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 200) {
      const { data } = await client.from("instruments").select("id, name_zh").in("id", ids.slice(i, i + 200));
      for (const row of data as { id: string; name_zh: string }[]) byId.set(row.id, row.name_zh);
    }
    const ordered = ids.map((x) => byId.get(x) ?? "");
    expect(ordered.length).toBeGreaterThan(20);
    expect(ordered).toEqual([...ordered].sort(new Intl.Collator("zh").compare));
    // 场 (chǎng, U+573A) before 台 (tái, U+53F0): code-point order would put 台 first.
    const chang = ordered.indexOf("场发射扫描电子显微镜");
    const tai = ordered.indexOf("台式扫描电镜");
    expect(chang).toBeGreaterThanOrEqual(0);
    expect(tai).toBeGreaterThan(chang);
  });
});
