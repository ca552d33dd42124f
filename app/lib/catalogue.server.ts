// The public catalogue: reference data for the filters and one page of instruments, read with the
// caller's client so RLS decides what is visible (visitors: public instruments of approved labs).
import {
  containsPattern,
  PAGE_SIZE,
  relevanceRank,
  type CatalogueFilters,
  type FreeWindow,
} from "~/lib/catalogue-filters";
import type { Locale } from "~/lib/i18n";
import { typed, type SupabaseClient } from "~/lib/supabase.server";

/** Relevance is ranked in the app over at most this many matches (the rest follow by name). */
const RELEVANCE_WINDOW = 2000;

export interface NamedRef {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
}

export interface CategoryRef extends NamedRef {
  parent_id: string | null;
}

export interface LabRef {
  id: string;
  name_zh: string;
  name_en: string;
}

export interface CatalogueReference {
  categories: CategoryRef[];
  districts: NamedRef[];
  chains: NamedRef[];
  labs: LabRef[];
}

export interface CatalogueItem {
  id: string;
  name_zh: string;
  name_en: string;
  model: string;
  manufacturer: string;
  hourly_rate_cny: number;
  sme_rate_cny: number;
  service_modes: ("self_operation" | "sample_submission")[];
  requires_approval: boolean;
  status: "active" | "maintenance" | "retired";
  category: { code: string; name_zh: string; name_en: string } | null;
  labs: {
    id: string;
    name_zh: string;
    name_en: string;
    accreditations: string[];
    district: { code: string; name_zh: string; name_en: string } | null;
  };
}

export interface CataloguePage {
  items: CatalogueItem[];
  total: number;
}

function fail(what: string, error: { message: string }): never {
  throw new Error(`Catalogue: could not read ${what}: ${error.message}`);
}

export async function getCatalogueReference(client: SupabaseClient): Promise<CatalogueReference> {
  const db = typed(client);
  const [categories, districts, chains, labs] = await Promise.all([
    db.from("instrument_categories").select("id, code, name_zh, name_en, parent_id").order("sort_order").order("code"),
    db.from("districts").select("id, code, name_zh, name_en").order("sort_order").order("code"),
    db.from("industrial_chains").select("id, code, name_zh, name_en").order("sort_order").order("code"),
    db.from("labs").select("id, name_zh, name_en").eq("status", "approved").order("name_zh"),
  ]);
  if (categories.error) fail("categories", categories.error);
  if (districts.error) fail("districts", districts.error);
  if (chains.error) fail("chains", chains.error);
  if (labs.error) fail("labs", labs.error);
  return { categories: categories.data, districts: districts.data, chains: chains.data, labs: labs.data };
}

const ITEM_COLUMNS =
  "id, name_zh, name_en, model, manufacturer, hourly_rate_cny, sme_rate_cny, service_modes, requires_approval, status, " +
  "category:instrument_categories(code, name_zh, name_en), " +
  "labs!inner(id, name_zh, name_en, accreditations, district:districts(code, name_zh, name_en))";

/**
 * One page of the catalogue. Returns an empty page (not an error) when a filter names something
 * that does not exist, so a stale bookmark shows "no results" rather than everything.
 */
export async function searchCatalogue(
  client: SupabaseClient,
  reference: CatalogueReference,
  filters: CatalogueFilters,
  locale: Locale,
  free: FreeWindow | null = null,
): Promise<CataloguePage> {
  const empty: CataloguePage = { items: [], total: 0 };

  // Time-first search: only instruments with a bookable slot of that length inside the window
  // (the booking engine decides, through instruments_free_between).
  let freeIds: string[] | null = null;
  if (free) {
    const { data, error } = await typed(client).rpc("instruments_free_between", {
      p_from: free.from,
      p_to: free.to,
      p_minutes: free.minutes,
    });
    if (error) fail("free instruments", error);
    freeIds = [...new Set(data.map((row) => row.instrument_id))];
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

  function query(columns: string, options: { count?: "exact"; head?: boolean } = {}) {
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

  const nameColumn = locale === "en" ? "name_en" : "name_zh";
  const from = (filters.page - 1) * PAGE_SIZE;

  if (filters.q && filters.sort === "relevance") {
    // PostgREST cannot order by an expression: rank the matches' names here, then read the page.
    const { data, error, count } = await query("id, name_zh, name_en, labs!inner(id)", { count: "exact" })
      .order(nameColumn)
      .order("id")
      .limit(RELEVANCE_WINDOW);
    if (error) fail("instruments", error);
    const ranked = (data as unknown as { id: string; name_zh: string; name_en: string }[])
      .map((row, index) => ({ id: row.id, rank: relevanceRank(filters.q, row), index }))
      .sort((a, b) => a.rank - b.rank || a.index - b.index);
    const ids = ranked.slice(from, from + PAGE_SIZE).map((row) => row.id);
    if (ids.length === 0) return { items: [], total: count ?? 0 };
    const page = await client.from("instruments").select(ITEM_COLUMNS).in("id", ids);
    if (page.error) fail("instruments", page.error);
    const byId = new Map((page.data as unknown as CatalogueItem[]).map((item) => [item.id, item]));
    return {
      items: ids.map((id) => byId.get(id)).filter((item): item is CatalogueItem => Boolean(item)),
      total: count ?? 0,
    };
  }

  let q = query(ITEM_COLUMNS, { count: "exact" });
  q = filters.sort === "price" ? q.order("sme_rate_cny").order(nameColumn) : q.order(nameColumn);
  const { data, error, count } = await q.order("id").range(from, from + PAGE_SIZE - 1);
  if (error) {
    // Asking for a page past the end is answered with 416 by PostgREST: treat it as empty.
    if (error.code === "PGRST103") return { items: [], total: count ?? 0 };
    fail("instruments", error);
  }
  return { items: data as unknown as CatalogueItem[], total: count ?? 0 };
}

export interface NetworkFigures {
  labs: number;
  instruments: number;
  categories: number;
  chains: number;
}

/** Counts over public tables (what a visitor may see), for the home page. */
export async function getNetworkFigures(client: SupabaseClient): Promise<NetworkFigures> {
  const db = typed(client);
  const [labs, instruments, categories, chains] = await Promise.all([
    db.from("labs").select("id", { count: "exact", head: true }).eq("status", "approved"),
    db.from("instruments").select("id, labs!inner(id)", { count: "exact", head: true }).neq("status", "retired").eq("labs.status", "approved"),
    db.from("instrument_categories").select("id", { count: "exact", head: true }).is("parent_id", null),
    db.from("industrial_chains").select("id", { count: "exact", head: true }),
  ]);
  for (const result of [labs, instruments, categories, chains]) if (result.error) fail("figures", result.error);
  return {
    labs: labs.count ?? 0,
    instruments: instruments.count ?? 0,
    categories: categories.count ?? 0,
    chains: chains.count ?? 0,
  };
}
