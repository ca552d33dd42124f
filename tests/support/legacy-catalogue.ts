// How the catalogue searched before public.search_instruments (commit 3880f83), kept as the
// reference the SQL is compared with (tests/integration/db/catalogue-search.test.ts) and timed
// against (bench/catalogue-search.ts). The app no longer uses these.

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
