// The breakdowns, evaluation and attention pages show long tables in pages (an instrument table has
// ~10,000 rows on a city's network; the exports keep them all): the database sorts the whole table,
// then cuts the page the URL asks for; a page past the end shows the last one. Real stack, as the bureau.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAttention, loadBreakdown, loadEvaluation } from "~/lib/stats/pages.server";
import { Fixtures } from "../../support/fixtures.ts";
import type { TestUser } from "../../support/supabase.ts";

const f = new Fixtures(undefined, 2);
let bureau: TestUser;
let lab: string;

beforeAll(async () => {
  bureau = await f.bureau();
  // a lab of five instruments (the table filtered to it: other test files cannot change it meanwhile)
  lab = await f.lab(await f.organisation("institute"));
  for (let i = 0; i < 5; i++) await f.instrument(lab);
}, 60_000);
afterAll(() => f.end());

const params = (extra: Record<string, string>) =>
  new URLSearchParams({ period: "this-year", by: "instrument", lab, sort: "name", dir: "asc", ...extra });

describe("loadBreakdown in pages", () => {
  it("cuts the sorted table into pages and counts all of it", async () => {
    const all = await loadBreakdown(bureau.client, params({}), null, "zh-CN");
    if ("error" in all) throw new Error(all.error);
    expect(all.total).toBe(all.rows.length);
    expect(all.total).toBe(5);
    const pages = 3;
    const second = await loadBreakdown(bureau.client, params({ page: "2" }), null, "zh-CN", 2);
    if ("error" in second) throw new Error(second.error);
    expect([second.page, second.pages, second.offset, second.total]).toEqual([2, pages, 2, all.total]);
    expect(second.rows.map((r) => r.key)).toEqual(all.rows.slice(2, 4).map((r) => r.key));
  });

  it("shows the last page for a page past the end, and the first for nonsense", async () => {
    const last = await loadBreakdown(bureau.client, params({ page: "99999" }), null, "zh-CN", 2);
    const junk = await loadBreakdown(bureau.client, params({ page: "abc" }), null, "zh-CN", 2);
    if ("error" in last || "error" in junk) throw new Error("unexpected error");
    expect(last.page).toBe(last.pages);
    expect(last.rows.length).toBeGreaterThan(0);
    expect(last.offset + last.rows.length).toBe(last.total);
    expect(junk.page).toBe(1);
  });
});

describe("the evaluation sheet and the attention list in pages (cut by the database)", () => {
  // this lab's five instruments: large ones for the evaluation sheet, idle ones for the attention list
  const year = new Date().getUTCFullYear() - 1;

  it("give, page after page, the whole table in its order, and the last page past the end", async () => {
    // large, and on the network since before the year
    await f.q(`update public.instruments set original_value_cny = 600000, created_at = $2 where lab_id = $1`, [lab, `${year - 1}-03-01T00:00:00Z`]);
    const sheets = [
      (page: string | null, size: number | null) =>
        loadEvaluation(bureau.client, new URLSearchParams(page ? { year: String(year), page } : { year: String(year) }), lab, size),
      (page: string | null, size: number | null) =>
        loadAttention(bureau.client, new URLSearchParams(page ? { period: "last-year", page } : { period: "last-year" }), lab, size),
    ];
    for (const load of sheets) {
      const whole = await load(null, null);
      if ("error" in whole) throw new Error(whole.error);
      expect(whole.total).toBe(5);
      const ids: string[] = [];
      for (const page of ["1", "2", "3"]) {
        const p = await load(page, 2);
        if ("error" in p) throw new Error(p.error);
        expect([p.page, p.pages, p.total, p.offset]).toEqual([Number(page), 3, 5, (Number(page) - 1) * 2]);
        ids.push(...p.rows.map((r) => r.instrumentId));
        if (page === "1") expect(p.rows).toEqual(whole.rows.slice(0, 2));
      }
      expect(ids).toEqual(whole.rows.map((r) => r.instrumentId));
      const past = await load("777", 2);
      const junk = await load("abc", 2);
      if ("error" in past || "error" in junk) throw new Error("unexpected error");
      expect([past.page, past.rows.length, junk.page]).toEqual([3, 1, 1]);
    }
  });

  it("refuse a page size out of range, and anyone but the bureau or the lab's staff", async () => {
    for (const size of [0, 1001]) {
      const { error } = await bureau.client.rpc("stats_evaluation_page", { p_year: year, p_page_size: size });
      expect(error?.message).toBe("STATS_INVALID_INPUT");
    }
    const engineer = await f.engineer();
    const { error } = await engineer.client.rpc("stats_evaluation_page", { p_year: year, p_lab_id: lab });
    expect(error?.message).toBe("STATS_FORBIDDEN");
    const { error: attention } = await engineer.client.rpc("stats_attention_page", { p_from: `${year}-01-01`, p_to: `${year}-12-01`, p_lab_id: lab });
    expect(attention?.message).toBe("STATS_FORBIDDEN");
  });
});
