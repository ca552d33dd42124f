// The catalogue's filters as they live in the URL: every choice is a query parameter, so a search
// can be bookmarked, shared and used without JavaScript. Plain module (no I/O), shared by the
// loader and the page's links, unit-tested.
import { z } from "zod";
import { CONTROL_CHARACTERS } from "~/lib/forms/fields";
import { SERVICE_MODES } from "~/lib/platform/enums";
import { fromLocalMinute } from "~/lib/time/shanghai";

export const PAGE_SIZE = 20;
export const QUERY_MAX = 100;
export const MAX_PAGE = 500;
export const SORTS = ["relevance", "price", "name"] as const;
export const ACCREDITATIONS = ["CMA", "CNAS", "CATL", "GLP", "ISO17025"] as const;
/** Time-first search ("free for N hours between A and B"): limits shared with search_instruments. */
export const FREE_HOURS_MIN = 0.5;
export const FREE_HOURS_MAX = 168;
export const FREE_WINDOW_MAX_DAYS = 31;

export type CatalogueSort = (typeof SORTS)[number];

const code = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,47}$/);
const uuid = z.string().trim().uuid();
/** An Asia/Shanghai wall-clock time as a `datetime-local` input sends it: `YYYY-MM-DDTHH:mm` (seconds dropped). */
const localDateTime = z
  .string()
  .trim()
  .transform((value) => value.slice(0, 16))
  .refine((value) => fromLocalMinute(value) !== null);

const CONTROL_CHARACTERS_GLOBAL = new RegExp(CONTROL_CHARACTERS.source, "g");

/**
 * A keyword with control characters (a NUL byte cannot even reach Postgres) is searched without
 * them, and the page says why the search differs from what was sent.
 */
export function queryIssue(params: URLSearchParams): "controlCharacters" | null {
  return CONTROL_CHARACTERS.test(params.get("q") ?? "") ? "controlCharacters" : null;
}

/** A value that does not parse is dropped (the filter is ignored) rather than failing the page. */
function lenient<T extends z.ZodTypeAny>(schema: T) {
  return z.preprocess((value) => (value === "" ? undefined : value), schema.optional()).catch(undefined);
}

export const catalogueFiltersSchema = z.object({
  q: z
    .string()
    .transform((value) => value.replace(CONTROL_CHARACTERS_GLOBAL, "").replace(/\s+/g, " ").trim().slice(0, QUERY_MAX))
    .catch("")
    .default(""),
  category: lenient(code),
  district: lenient(code),
  chain: lenient(code),
  lab: lenient(uuid),
  mode: lenient(z.enum(SERVICE_MODES)),
  maxPrice: lenient(z.coerce.number().finite().min(0).max(1_000_000)),
  accreditation: lenient(z.enum(ACCREDITATIONS)),
  freeFrom: lenient(localDateTime),
  freeTo: lenient(localDateTime),
  hours: lenient(z.coerce.number().finite().min(FREE_HOURS_MIN).max(FREE_HOURS_MAX)),
  sort: z.enum(SORTS).catch("relevance").default("relevance"),
  page: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1).default(1),
});

export type CatalogueFilters = z.output<typeof catalogueFiltersSchema>;

const KEYS = [
  "q",
  "category",
  "district",
  "chain",
  "lab",
  "mode",
  "maxPrice",
  "accreditation",
  "freeFrom",
  "freeTo",
  "hours",
  "sort",
  "page",
] as const;
const FREE_KEYS = ["freeFrom", "freeTo", "hours"] as const;

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
      filters.accreditation ||
      filters.freeFrom ||
      filters.freeTo ||
      filters.hours !== undefined,
  );
}

/**
 * Why the time-first search is not applied although the URL asks for it, as a translation key
 * suffix: `invalid` (a value was malformed and dropped), `incomplete` (start, end and hours go
 * together), `order` (the end is not after the start), `tooLong` (more than 31 days), `past` (the
 * window is over), `tooShort` (the window is shorter than the hours asked for).
 */
export type FreeTimeIssue = "invalid" | "incomplete" | "order" | "tooLong" | "past" | "tooShort";

export interface FreeWindow {
  /** ISO instants for search_instruments' free window. */
  from: string;
  to: string;
  minutes: number;
}

/**
 * The time-first search the filters ask for: a window to pass to search_instruments, an
 * issue to show (the search is then ignored), or neither when no free-time field is set.
 * `params` (the raw URL query) tells a dropped malformed value from an empty field.
 */
export function freeWindow(
  filters: CatalogueFilters,
  params?: URLSearchParams,
  now: Date = new Date(),
): { window: FreeWindow | null; issue: FreeTimeIssue | null } {
  if (params && FREE_KEYS.some((key) => (params.get(key) ?? "").trim() !== "" && filters[key] === undefined)) {
    return { window: null, issue: "invalid" };
  }
  const set = FREE_KEYS.filter((key) => filters[key] !== undefined).length;
  if (set === 0) return { window: null, issue: null };
  if (set < FREE_KEYS.length || !filters.freeFrom || !filters.freeTo || filters.hours === undefined) {
    return { window: null, issue: "incomplete" };
  }
  const from = fromLocalMinute(filters.freeFrom);
  const to = fromLocalMinute(filters.freeTo);
  if (!from || !to) return { window: null, issue: "invalid" };
  if (to.getTime() <= from.getTime()) return { window: null, issue: "order" };
  if (to.getTime() - from.getTime() > FREE_WINDOW_MAX_DAYS * 24 * 60 * 60 * 1000) return { window: null, issue: "tooLong" };
  if (to.getTime() <= now.getTime()) return { window: null, issue: "past" };
  const minutes = Math.ceil(filters.hours * 60);
  if (to.getTime() - from.getTime() < minutes * 60_000) return { window: null, issue: "tooShort" };
  return {
    window: { from: from.toISOString(), to: to.toISOString(), minutes },
    issue: null,
  };
}

export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE));
}

/**
 * The filter form sends every field, empty or not: the same URL without the empty ones, so shared
 * links keep only the choices made; null when there is nothing to drop.
 */
export function withoutEmptyParams(url: URL): string | null {
  const empty = [...url.searchParams.entries()].filter(([, value]) => value.trim() === "").map(([key]) => key);
  if (empty.length === 0) return null;
  const clean = new URL(url);
  for (const key of empty) clean.searchParams.delete(key);
  return `${clean.pathname}${clean.search}`;
}

/** The catalogue's address for these filters with some changed (a page, a cleared filter). */
export function catalogueHref(filters: CatalogueFilters, changes: Partial<CatalogueFilters> = {}): string {
  const query = catalogueQuery(filters, changes);
  return query ? `/instruments?${query}` : "/instruments";
}
