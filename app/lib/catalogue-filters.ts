// The catalogue's filters as they live in the URL: every choice is a query parameter, so a search
// can be bookmarked, shared and used without JavaScript. Plain module (no I/O), shared by the
// loader and the page's links, unit-tested.
import { z } from "zod";

export const PAGE_SIZE = 20;
export const QUERY_MAX = 100;
export const MAX_PAGE = 500;
export const SORTS = ["relevance", "price", "name"] as const;
export const SERVICE_MODES = ["self_operation", "sample_submission"] as const;
export const ACCREDITATIONS = ["CMA", "CNAS", "CATL", "GLP", "ISO17025"] as const;

export type CatalogueSort = (typeof SORTS)[number];
export type ServiceMode = (typeof SERVICE_MODES)[number];

const code = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,47}$/);
const uuid = z.string().trim().uuid();

/** A value that does not parse is dropped (the filter is ignored) rather than failing the page. */
function lenient<T extends z.ZodTypeAny>(schema: T) {
  return z.preprocess((value) => (value === "" ? undefined : value), schema.optional()).catch(undefined);
}

export const catalogueFiltersSchema = z.object({
  q: z
    .string()
    .transform((value) => value.replace(/\s+/g, " ").trim().slice(0, QUERY_MAX))
    .catch("")
    .default(""),
  category: lenient(code),
  district: lenient(code),
  chain: lenient(code),
  lab: lenient(uuid),
  mode: lenient(z.enum(SERVICE_MODES)),
  maxPrice: lenient(z.coerce.number().finite().min(0).max(1_000_000)),
  accreditation: lenient(z.enum(ACCREDITATIONS)),
  sort: z.enum(SORTS).catch("relevance").default("relevance"),
  page: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1).default(1),
});

export type CatalogueFilters = z.output<typeof catalogueFiltersSchema>;

const KEYS = ["q", "category", "district", "chain", "lab", "mode", "maxPrice", "accreditation", "sort", "page"] as const;

/** URL query → filters. Unknown or malformed values fall back to "no filter". */
export function parseCatalogueFilters(params: URLSearchParams): CatalogueFilters {
  const raw: Record<string, string> = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value !== null) raw[key] = value;
  }
  return catalogueFiltersSchema.parse(raw);
}

/**
 * Filters → URL query (without "?"), leaving out defaults so URLs stay short. `changes` override
 * the filters; any change other than the page goes back to page 1.
 */
export function catalogueQuery(filters: CatalogueFilters, changes: Partial<CatalogueFilters> = {}): string {
  const next: CatalogueFilters = { ...filters, ...changes };
  if (!("page" in changes)) next.page = 1;
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = next[key];
    if (value === undefined || value === "") continue;
    if (key === "sort" && value === "relevance") continue;
    if (key === "page" && value === 1) continue;
    params.set(key, String(value));
  }
  return params.toString();
}

/** True when any filter narrows the catalogue (the sort and page do not). */
export function hasActiveFilters(filters: CatalogueFilters): boolean {
  return Boolean(
    filters.q ||
      filters.category ||
      filters.district ||
      filters.chain ||
      filters.lab ||
      filters.mode ||
      filters.maxPrice !== undefined ||
      filters.accreditation,
  );
}

/**
 * A `like` pattern that matches the text literally anywhere: lower-cased (the search column is),
 * with the `like` wildcards `%` and `_` and the escape character escaped. PostgREST also reads `*`
 * as a wildcard, so it is dropped.
 */
export function containsPattern(query: string): string {
  const escaped = query
    .toLowerCase()
    .replace(/\*/g, "")
    .replace(/[\\%_]/g, (match) => `\\${match}`);
  return `%${escaped}%`;
}

/** Name match first, then names that start with the query, then the rest; stable by name. */
export function relevanceRank(query: string, names: { name_zh: string; name_en: string }): number {
  const q = query.toLowerCase();
  if (!q) return 0;
  const zh = names.name_zh.toLowerCase();
  const en = names.name_en.toLowerCase();
  if (zh.startsWith(q) || en.startsWith(q)) return 0;
  if (zh.includes(q) || en.includes(q)) return 1;
  return 2;
}

export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE));
}
