// The public catalogue: reference data for the filters and one page of instruments, read with the
// caller's client so RLS decides what is visible (visitors: public instruments of approved labs).
import { freeWindow, PAGE_SIZE, parseCatalogueFilters, queryIssue, type CatalogueFilters, type FreeWindow } from "~/lib/catalogue/filters";
import { localName } from "~/lib/i18n/format";
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

type ItemRow = Omit<CatalogueItem, "photo"> & { photo_url: string | null; photo_path: string | null };

/** What public.catalogue_page answers (20261210100000_catalogue_page.sql). */
interface CataloguePageRow {
  total: number;
  items: ItemRow[];
  reference_version: number;
  reference: (Omit<CatalogueReference, "labs" | "accreditations"> & { labs: (LabRef & { accreditations: string[] })[] }) | null;
}

function referenceFrom(row: NonNullable<CataloguePageRow["reference"]>): CatalogueReference {
  return {
    categories: row.categories,
    districts: row.districts,
    chains: row.chains,
    labs: row.labs.map(({ id, name_zh, name_en }) => ({ id, name_zh, name_en })),
    accreditations: [...new Set(row.labs.flatMap((lab) => lab.accreditations))].sort(),
  };
}

/**
 * The reference data this process last read, with its version (docs/decisions/024). Every page
 * sends the version it holds; public.catalogue_page compares it with the database's, in the same
 * snapshot as the page, and sends the reference data again only when it changed — so a lab
 * approved a moment ago is in the filter list on the next page load, on every app process. It is
 * the same for every caller (public tables and approved labs, which everyone may read).
 */
let referenceCache: { version: number; reference: CatalogueReference } | null = null;

/** Forgets the reference data this process holds (tests). */
export function forgetCatalogueReference(): void {
  referenceCache = null;
}

/**
 * One call of public.catalogue_page: search_instruments (every filter, the time-first search and
 * the sort, in the database, as the caller: RLS decides what is visible), the page's rows, and the
 * reference data unless this process's copy is current.
 */
async function readCataloguePage(
  client: SupabaseClient,
  filters: CatalogueFilters,
  locale: Locale,
  free: FreeWindow | null,
): Promise<CataloguePage & { reference: CatalogueReference }> {
  const held = referenceCache;
  const { data, error } = await client.rpc("catalogue_page", {
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
    p_reference_version: held?.version,
  });
  if (error) fail("instruments", error);
  const row = data as unknown as CataloguePageRow;
  let reference: CatalogueReference;
  if (row.reference) {
    reference = referenceFrom(row.reference);
    // Answers can arrive out of order: keep the newest.
    if (!referenceCache || referenceCache.version <= row.reference_version) {
      referenceCache = { version: row.reference_version, reference };
    }
  } else if (held && held.version === row.reference_version) {
    reference = held.reference;
  } else {
    throw new Error("Catalogue: catalogue_page sent no reference data for a version this process does not hold");
  }
  return {
    reference,
    total: row.total,
    items: row.items.map(({ photo_url, photo_path, ...item }) => ({ ...item, photo: photoSrc({ photo_url, photo_path }, env.SUPABASE_URL) })),
  };
}

/** Whether every code the filters name exists (else the page is empty: a stale bookmark finds nothing). */
function knownCodes(filters: CatalogueFilters, ref: CatalogueReference): boolean {
  return (
    !(filters.category && !ref.categories.some((c) => c.code === filters.category)) &&
    !(filters.district && !ref.districts.some((d) => d.code === filters.district)) &&
    !(filters.chain && !ref.chains.some((c) => c.code === filters.chain))
  );
}

/**
 * One page of the catalogue. Returns an empty page (not an error) when a filter names something
 * that does not exist in `reference`, so a stale bookmark shows "no results" rather than everything.
 */
export async function searchCatalogue(
  client: SupabaseClient,
  reference: CatalogueReference | Promise<CatalogueReference>,
  filters: CatalogueFilters,
  locale: Locale,
  free: FreeWindow | null = null,
): Promise<CataloguePage> {
  const [ref, page] = await Promise.all([reference, readCataloguePage(client, filters, locale, free)]);
  if (!knownCodes(filters, ref)) return { items: [], total: 0 };
  return { items: page.items, total: page.total };
}

/** What the filter form offers, named in the reader's language: only what the form shows. */
export interface CatalogueFormOptions {
  /** Two levels: `parent` is the code of the top-level category, null for a top-level one. */
  categories: { code: string; name: string; parent: string | null }[];
  districts: { code: string; name: string }[];
  chains: { code: string; name: string }[];
  labs: { id: string; name: string }[];
  accreditations: string[];
}

/**
 * The filter form's options from the reference data. The page's data reaches the browser twice
 * (the HTML, and the data Remix hydrates from), so it carries what the form shows and no more:
 * not the ids it does not use, nor the other language's 200 lab names.
 */
export function catalogueFormOptions(reference: CatalogueReference, locale: Locale): CatalogueFormOptions {
  const codeOf = new Map(reference.categories.map((c) => [c.id, c.code]));
  const named = ({ code, ...names }: NamedRef) => ({ code, name: localName(names, locale) });
  return {
    categories: reference.categories.map((c) => ({ ...named(c), parent: c.parent_id ? (codeOf.get(c.parent_id) ?? null) : null })),
    districts: reference.districts.map(named),
    chains: reference.chains.map(named),
    labs: reference.labs.map((l) => ({ id: l.id, name: localName(l, locale) })),
    accreditations: reference.accreditations,
  };
}

// The options for the reference data this process holds, per language (the same for every page).
const optionsCache = new WeakMap<CatalogueReference, Partial<Record<Locale, CatalogueFormOptions>>>();

function formOptionsOf(reference: CatalogueReference, locale: Locale): CatalogueFormOptions {
  let byLocale = optionsCache.get(reference);
  if (!byLocale) optionsCache.set(reference, (byLocale = {}));
  return (byLocale[locale] ??= catalogueFormOptions(reference, locale));
}

/**
 * Everything the catalogue page shows for a URL: the filters as parsed, the filter form's options
 * in the reader's language, one page of results and whether the time-first search applied (or why
 * not). Names sort in the reader's language.
 */
export async function loadCataloguePage(client: SupabaseClient, params: URLSearchParams, locale: Locale | Promise<Locale>) {
  const filters = parseCatalogueFilters(params);
  const free = freeWindow(filters, params);
  const readerLocale = await locale;
  // One round trip: the page, its rows and (when changed) the reference data in one call.
  const { reference, ...page } = await readCataloguePage(client, filters, readerLocale, free.window);
  const found = knownCodes(filters, reference) ? page : { items: [], total: 0 };
  return {
    filters,
    options: formOptionsOf(reference, readerLocale),
    ...found,
    freeApplied: free.window !== null,
    freeIssue: free.issue,
    queryIssue: queryIssue(params),
  };
}
