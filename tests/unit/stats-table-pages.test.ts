// pageOf: the page of a long statistics table (attention list, evaluation sheet) that `?page=` asks
// for, with where it sits; a page past the end gives the last page, nonsense the first.
import { describe, expect, it } from "vitest";
import { pageOf } from "~/lib/stats/pages.server";

const rows = Array.from({ length: 5 }, (_, i) => i + 1);
const at = (page?: string) => new URLSearchParams(page === undefined ? {} : { page });

describe("pageOf", () => {
  it("cuts the rows into pages and says where the page sits", () => {
    expect(pageOf(rows, at("2"), 2)).toEqual({ rows: [3, 4], total: 5, offset: 2, page: 2, pages: 3 });
    expect(pageOf(rows, at("3"), 2)).toEqual({ rows: [5], total: 5, offset: 4, page: 3, pages: 3 });
    expect(pageOf(rows, at(), 2)).toEqual({ rows: [1, 2], total: 5, offset: 0, page: 1, pages: 3 });
  });

  it("gives the last page past the end and the first for nonsense", () => {
    expect(pageOf(rows, at("99"), 2).page).toBe(3);
    for (const junk of ["abc", "0", "-4", ""]) expect(pageOf(rows, at(junk), 2).page).toBe(1);
  });

  it("gives every row without a page size, and one empty page for no rows", () => {
    expect(pageOf(rows, at("2"), null)).toEqual({ rows, total: 5, offset: 0, page: 1, pages: 1 });
    expect(pageOf([], at("3"), 100)).toEqual({ rows: [], total: 0, offset: 0, page: 1, pages: 1 });
  });
});
