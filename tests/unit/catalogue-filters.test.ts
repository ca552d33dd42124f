import { describe, expect, it } from "vitest";
import {
  catalogueQuery,
  freeWindow,
  hasActiveFilters,
  pageCount,
  parseCatalogueFilters,
  queryIssue,
} from "~/lib/catalogue/filters";
import { fromLocalMinute, toLocalMinute } from "~/lib/time/shanghai";
import { containsPattern, relevanceRank } from "../support/legacy-catalogue";

const parse = (query: string) => parseCatalogueFilters(new URLSearchParams(query));

describe("parseCatalogueFilters", () => {
  it("gives defaults for an empty query", () => {
    expect(parse("")).toEqual({ q: "", sort: "relevance", page: 1 });
  });

  it("reads every filter", () => {
    const filters = parse(
      "q=%20SEM%20%20300%20&category=sem&district=wujin&chain=new_materials&lab=00000000-0000-4000-8000-000000000601" +
        "&mode=self_operation&maxPrice=400&accreditation=CNAS&sort=price&page=3",
    );
    expect(filters).toEqual({
      q: "SEM 300",
      category: "sem",
      district: "wujin",
      chain: "new_materials",
      lab: "00000000-0000-4000-8000-000000000601",
      mode: "self_operation",
      maxPrice: 400,
      accreditation: "CNAS",
      sort: "price",
      page: 3,
    });
  });

  it("drops malformed values instead of failing", () => {
    const filters = parse(
      "category=Bad Code&district=%27;drop&lab=not-a-uuid&mode=teleport&maxPrice=-5&accreditation=ISO9001&sort=random&page=0",
    );
    expect(filters).toEqual({ q: "", sort: "relevance", page: 1 });
    expect(parse("maxPrice=abc&page=2.5").maxPrice).toBeUndefined();
    expect(parse("page=100000").page).toBe(1);
  });

  it("treats empty form fields as no filter", () => {
    expect(parse("q=&category=&district=&maxPrice=&sort=relevance")).toEqual({ q: "", sort: "relevance", page: 1 });
  });

  it("cuts very long queries", () => {
    expect(parse(`q=${"x".repeat(500)}`).q).toHaveLength(100);
  });
});

describe("catalogueQuery", () => {
  it("round-trips and leaves out defaults", () => {
    const filters = parse("q=xrd&district=wujin&maxPrice=300&sort=price&page=2");
    const query = catalogueQuery(filters, { page: 2 });
    expect(parse(query)).toEqual(filters);
    expect(catalogueQuery(parse(""))).toBe("");
  });

  it("goes back to page 1 when a filter changes", () => {
    const filters = parse("q=xrd&page=4");
    expect(catalogueQuery(filters, { district: "wujin" })).toBe("q=xrd&district=wujin");
    expect(catalogueQuery(filters, { page: 5 })).toBe("q=xrd&page=5");
  });
});

describe("hasActiveFilters", () => {
  it("ignores sort and page", () => {
    expect(hasActiveFilters(parse("sort=name&page=2"))).toBe(false);
    expect(hasActiveFilters(parse("maxPrice=0"))).toBe(true);
    expect(hasActiveFilters(parse("q=sem"))).toBe(true);
  });
});

describe("containsPattern", () => {
  it("lower-cases and escapes like wildcards", () => {
    expect(containsPattern("ZEISS")).toBe("%zeiss%");
    expect(containsPattern("50%_a\\b")).toBe("%50\\%\\_a\\\\b%");
    expect(containsPattern("a*b")).toBe("%ab%");
  });
});

describe("relevanceRank", () => {
  const names = { name_zh: "场发射扫描电子显微镜", name_en: "Field-emission scanning electron microscope" };
  it("ranks names that start with the query first, then names that contain it, then the rest", () => {
    expect(relevanceRank("场发射", names)).toBe(0);
    expect(relevanceRank("field", names)).toBe(0);
    expect(relevanceRank("扫描", names)).toBe(1);
    expect(relevanceRank("zeiss", names)).toBe(2);
  });
});

describe("pageCount", () => {
  it("has at least one page", () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(20)).toBe(1);
    expect(pageCount(21)).toBe(2);
  });
});

describe("time-first search filters", () => {
  const query = "freeFrom=2027-03-01T08:00&freeTo=2027-03-02T18:00&hours=2.5";
  // The windows below are fixed dates: judge them as if it were before them, whatever today is
  // (windows that are over are refused, see the last test).
  const before = new Date("2027-02-01T00:00:00Z");

  it("reads the window and hours and round-trips them through the URL", () => {
    const filters = parse(`q=xrd&${query}`);
    expect(filters).toMatchObject({ freeFrom: "2027-03-01T08:00", freeTo: "2027-03-02T18:00", hours: 2.5 });
    expect(parse(catalogueQuery(filters))).toEqual(filters);
    expect(new URLSearchParams(catalogueQuery(filters)).get("freeFrom")).toBe("2027-03-01T08:00");
    expect(hasActiveFilters(parse("hours=2"))).toBe(true);
  });

  it("drops seconds a browser may send", () => {
    expect(parse("freeFrom=2027-03-01T08:00:30").freeFrom).toBe("2027-03-01T08:00");
  });

  it("turns Asia/Shanghai wall-clock times into instants and minutes", () => {
    const params = new URLSearchParams(query);
    expect(freeWindow(parse(query), params, before)).toEqual({
      window: { from: "2027-03-01T00:00:00.000Z", to: "2027-03-02T10:00:00.000Z", minutes: 150 },
      issue: null,
    });
    expect(fromLocalMinute("2027-01-01T00:30")?.toISOString()).toBe("2026-12-31T16:30:00.000Z");
    expect(toLocalMinute(new Date("2026-12-31T16:30:00Z"))).toBe("2027-01-01T00:30");
  });

  it("drops malformed values and reports them instead of failing", () => {
    for (const bad of [
      "freeFrom=2027-02-30T08:00&freeTo=2027-03-02T18:00&hours=2",
      "freeFrom=tomorrow&freeTo=2027-03-02T18:00&hours=2",
      "freeFrom=2027-03-01T25:00&freeTo=2027-03-02T18:00&hours=2",
      "freeFrom=2027-03-01T08:00&freeTo=2027-03-02T18:00&hours=0.25",
      "freeFrom=2027-03-01T08:00&freeTo=2027-03-02T18:00&hours=200",
      "freeFrom=2027-03-01T08:00&freeTo=2027-03-02T18:00&hours=abc",
    ]) {
      const params = new URLSearchParams(bad);
      const filters = parseCatalogueFilters(params);
      expect(freeWindow(filters, params, before), bad).toEqual({ window: null, issue: "invalid" });
    }
    expect(parse("freeFrom=x&freeTo=y&hours=z")).toEqual({ q: "", sort: "relevance", page: 1 });
  });

  it("reports incomplete, reversed and too long windows and treats empty fields as no filter", () => {
    const check = (q: string) => freeWindow(parse(q), new URLSearchParams(q), before);
    expect(check("freeFrom=&freeTo=&hours=")).toEqual({ window: null, issue: null });
    expect(check("freeFrom=2027-03-01T08:00&hours=2").issue).toBe("incomplete");
    expect(check("freeFrom=2027-03-02T08:00&freeTo=2027-03-01T08:00&hours=2").issue).toBe("order");
    expect(check("freeFrom=2027-03-01T08:00&freeTo=2027-03-01T08:00&hours=2").issue).toBe("order");
    expect(check("freeFrom=2027-03-01T08:00&freeTo=2027-04-02T08:00&hours=2").issue).toBe("tooLong");
    expect(check("freeFrom=2027-03-01T08:00&freeTo=2027-04-01T08:00&hours=2").issue).toBeNull();
  });

  it("reports windows that are over or shorter than the hours asked for", () => {
    const now = new Date("2027-03-01T04:00:00Z"); // 12:00 in Shanghai
    const check = (q: string) => freeWindow(parse(q), new URLSearchParams(q), now);
    expect(check("freeFrom=2027-03-01T08:00&freeTo=2027-03-01T12:00&hours=2").issue).toBe("past");
    expect(check("freeFrom=2027-03-01T08:00&freeTo=2027-03-01T12:01&hours=0.5").issue).toBeNull();
    expect(check("freeFrom=2027-03-02T08:00&freeTo=2027-03-02T09:30&hours=2").issue).toBe("tooShort");
    expect(check("freeFrom=2027-03-02T08:00&freeTo=2027-03-02T10:00&hours=2").issue).toBeNull();
  });
});

describe("control characters in the keyword", () => {
  it("are dropped from the search and reported", () => {
    const params = new URLSearchParams({ q: "X\u0000RD\u0007 衍射" });
    expect(parseCatalogueFilters(params).q).toBe("XRD 衍射");
    expect(queryIssue(params)).toBe("controlCharacters");
    expect(queryIssue(new URLSearchParams({ q: "XRD 衍射" }))).toBeNull();
  });
});
