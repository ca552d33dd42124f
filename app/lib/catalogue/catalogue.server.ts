// The public catalogue: reference data for the filters and one page of instruments, read with the
// caller's client so RLS decides what is visible (visitors: public instruments of approved labs).
import { freeWindow, PAGE_SIZE, parseCatalogueFilters, queryIssue, type CatalogueFilters, type FreeWindow } from "~/lib/catalogue/filters";
import type { Locale } from "~/lib/i18n/translate";
import { photoSrc } from "~/lib/instruments/photo";
import { env } from "~/lib/platform/env.server";
import type { ServiceMode } from "~/lib/platform/enums";
import type { SupabaseClient } from "~/lib/platform/supabase.server";
import { failure } from "~/lib/platform/upstream";

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
  /** Accreditations some approved lab holds (offering one no lab has would always find nothing). */
  accreditations: string[];
}

export interface CatalogueItem {
  id: string;
  name_zh: string;
  name_en: string;
  model: string;
  manufacturer: string;
  hourly_rate_cny: number;
  sme_rate_cny: number;
  service_modes: ServiceMode[];
  requires_approval: boolean;
  status: "active" | "maintenance" | "retired";
  /** The photo's URL (Storage's public bucket or elsewhere), or null. */
  photo: string | null;
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
  failure(`Catalogue: could not read ${what}`, error);
}

export async function getCatalogueReference(client: SupabaseClient): Promise<CatalogueReference> {
  const db = client;
  const [categories, districts, chains, labs] = await Promise.all([
    db.from("instrument_categories").select("id, code, name_zh, name_en, parent_id").order("sort_order").order("code"),
    db.from("districts").select("id, code, name_zh, name_en").order("sort_order").order("code"),
    db.from("industrial_chains").select("id, code, name_zh, name_en").order("sort_order").order("code"),
    db.from("labs").select("id, name_zh, name_en, accreditations").eq("status", "approved").order("name_zh"),
  ]);
  if (categories.error) fail("categories", categories.error);
  if (districts.error) fail("districts", districts.error);
  if (chains.error) fail("chains", chains.error);
  if (labs.error) fail("labs", labs.error);
  return {
    categories: categories.data,
    districts: districts.data,
    chains: chains.data,
    labs: labs.data.map(({ id, name_zh, name_en }) => ({ id, name_zh, name_en })),
    accreditations: [...new Set(labs.data.flatMap((lab) => lab.accreditations))].sort(),
  };
}

const ITEM_COLUMNS =
  "id, name_zh, name_en, model, manufacturer, hourly_rate_cny, sme_rate_cny, service_modes, requires_approval, status, photo_url, photo_path, " +
  "category:instrument_categories(code, name_zh, name_en), " +
  "labs!inner(id, name_zh, name_en, accreditations, district:districts(code, name_zh, name_en))";

/**
 * One page of the catalogue. Returns an empty page (not an error) when a filter names something
 * that does not exist, so a stale bookmark shows "no results" rather than everything.
 *
 * One call of public.search_instruments applies every filter, the time-first search (the booking
 * engine's rules, set-wise) and the sort in the database, as the caller (RLS decides what is
 * visible), and answers with the page's ids in order and the total; a second query reads those
 * rows (at most PAGE_SIZE ids).
 */
export async function searchCatalogue(
  client: SupabaseClient,
  reference: CatalogueReference | Promise<CatalogueReference>,
  filters: CatalogueFilters,
  locale: Locale,
  free: FreeWindow | null = null,
): Promise<CataloguePage> {
  // The search runs while the reference data is read (no waterfall); a filter naming a code that
  // does not exist then answers an empty page rather than the search's results.
  const [known, search] = await Promise.all([
    Promise.resolve(reference).then(
      (ref) =>
        !(filters.category && !ref.categories.some((c) => c.code === filters.category)) &&
        !(filters.district && !ref.districts.some((d) => d.code === filters.district)) &&
        !(filters.chain && !ref.chains.some((c) => c.code === filters.chain)),
    ),
    searchIds(client, filters, locale, free),
  ]);
  if (!known) return { items: [], total: 0 };
  const { ids, total } = search;
  if (ids.length === 0) return { items: [], total };

  const page = await client.from("instruments").select(ITEM_COLUMNS).in("id", ids);
  if (page.error) fail("instruments", page.error);
  const rows = page.data as unknown as (Omit<CatalogueItem, "photo"> & { photo_url: string | null; photo_path: string | null })[];
  const byId = new Map(
    rows.map(({ photo_url, photo_path, ...item }) => [item.id, { ...item, photo: photoSrc({ photo_url, photo_path }, env.SUPABASE_URL) }]),
  );
  return {
    items: ids.map((id) => byId.get(id)).filter((item): item is CatalogueItem => Boolean(item)),
    total,
  };
}

async function searchIds(
  client: SupabaseClient,
  filters: CatalogueFilters,
  locale: Locale,
  free: FreeWindow | null,
): Promise<{ ids: string[]; total: number }> {
  const { data, error } = await client.rpc("search_instruments", {
    p_q: filters.q,
    p_category: filters.category,
    p_district: filters.district,
    p_chain: filters.chain,
    p_lab: filters.lab,
    p_mode: filters.mode,
    p_max_price: filters.maxPrice,
    p_accreditation: filters.accreditation,
    p_free_from: free?.from,
    p_free_to: free?.to,
    p_free_minutes: free?.minutes,
    p_sort: filters.sort,
    p_locale: locale,
    p_page: filters.page,
    p_limit: PAGE_SIZE,
  });
  if (error) fail("instruments", error);
  return { ids: data[0]?.ids ?? [], total: data[0]?.total ?? 0 };
}

/**
 * Everything the catalogue page shows for a URL: the filters as parsed, the reference data for the
 * filter form, one page of results and whether the time-first search applied (or why not). Names
 * sort in the reader's language.
 */
export async function loadCataloguePage(client: SupabaseClient, params: URLSearchParams, locale: Locale | Promise<Locale>) {
  const filters = parseCatalogueFilters(params);
  const free = freeWindow(filters, params);
  // The reference data and the search are read at the same time: two round trips in a row (the
  // search, then its page of rows), not three.
  const reference = getCatalogueReference(client);
  const [page, ref] = await Promise.all([
    Promise.resolve(locale).then((sortLocale) => searchCatalogue(client, reference, filters, sortLocale, free.window)),
    reference,
  ]);
  return { filters, reference: ref, ...page, freeApplied: free.window !== null, freeIssue: free.issue, queryIssue: queryIssue(params) };
}
