// The breakdowns page shows a table in pages (an instrument table has ~10,000 rows on a city's
// network; its export keeps them all): loadBreakdown sorts the whole table, then cuts the page the
// URL asks for; a page past the end shows the last one. Real stack, as the bureau.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBreakdown } from "~/lib/stats/pages.server";
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
