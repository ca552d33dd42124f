// Catalogue search over the bench data set's 10,000 instruments (`npm run bench:data` first):
// ~20 Chinese and English terms, trigram-indexed `search_text ilike '%term%'`, with and without
// filters on top-level category, district and industrial chain, ordered by rate, first page of
// 20 — through PostgREST as a visitor (supabase-js, anon key, RLS) and as raw SQL in the anon
// role. p50/p95 over the terms. Then the catalogue's own path: public.search_instruments (every
// filter and the relevance order in one call, then the page's rows by id) next to what the app did
// before it (ids and names of up to 2,000 matches, ranked in JavaScript, then the page by id).
// Prints figures, asserts nothing.
// Run: npx tsx bench/catalogue-search.ts
import pg from "pg";
import { relevanceRank } from "../tests/support/legacy-catalogue.ts";
import { benchClient, benchConfig, percentile, startBenchStack } from "./bench-stack.ts";

const ITEM_COLUMNS =
  "id, name_zh, name_en, model, manufacturer, hourly_rate_cny, sme_rate_cny, service_modes, requires_approval, status, " +
  "category:instrument_categories(code, name_zh, name_en), " +
  "labs!inner(id, name_zh, name_en, accreditations, district:districts(code, name_zh, name_en))";

const TERMS = [
  "电镜", "扫描电子显微镜", "质谱", "色谱", "衍射", "光谱", "热分析", "试验机", "盐雾", "电池",
  "microscope", "spectrometer", "x-ray", "battery", "chamber", "zeiss", "bruker", "icp", "raman", "tester",
];

const stack = await startBenchStack();
const db = new pg.Client({ connectionString: benchConfig.dbUrl });
await db.connect();
try {
  const { rows: n } = await db.query<{ n: string }>("select count(*) as n from public.instruments");
  if (Number(n[0].n) < 10_000) throw new Error("No bench data: run `npm run bench:data` first.");
  const { rows: ref } = await db.query<{ category: string; district: string; chain: string }>(
    `select (select id from public.instrument_categories where code = 'microscopy') as category,
            (select id from public.districts where code = 'wujin') as district,
            (select id from public.industrial_chains where code = 'power_battery') as chain`,
  );
  const { category, district, chain } = ref[0];
  const { rows: kids } = await db.query<{ id: string }>("select id from public.instrument_categories where id = $1 or parent_id = $1", [category]);
  const categoryIds = kids.map((k) => k.id);

  type Filter = "none" | "category" | "district" | "chain";
  const filters: Filter[] = ["none", "category", "district", "chain"];
  const anon = benchClient();

  const viaRest = async (term: string, filter: Filter) => {
    const embed = [
      "labs!inner(name_zh, name_en, district_id)",
      filter === "chain" ? "instrument_chains!inner(chain_id)" : null,
    ].filter(Boolean);
    let query = anon
      .from("instruments")
      .select(`id, name_zh, name_en, model, manufacturer, hourly_rate_cny, sme_rate_cny, category_id, ${embed.join(", ")}`, { count: "exact" })
      .ilike("search_text", `%${term.toLowerCase()}%`)
      .neq("status", "retired");
    if (filter === "category") query = query.in("category_id", categoryIds);
    if (filter === "district") query = query.eq("labs.district_id", district);
    if (filter === "chain") query = query.eq("instrument_chains.chain_id", chain);
    const { data, error } = await query.order("sme_rate_cny").order("id").range(0, 19);
    if (error) throw error;
    return data.length;
  };

  const viaSql = async (term: string, filter: Filter) => {
    await db.query("begin");
    try {
      await db.query("set local role anon");
      const { rows } = await db.query(
        `select i.id, i.name_zh, i.name_en, i.model, i.manufacturer, i.hourly_rate_cny, i.sme_rate_cny, l.name_zh as lab,
                count(*) over () as total
         from public.instruments i join public.labs l on l.id = i.lab_id
         where i.search_text ilike $1 and i.status <> 'retired'
           and ($2::uuid[] is null or i.category_id = any($2))
           and ($3::uuid is null or l.district_id = $3)
           and ($4::uuid is null or exists (select 1 from public.instrument_chains c where c.instrument_id = i.id and c.chain_id = $4))
         order by i.sme_rate_cny, i.id limit 20`,
        [
          `%${term.toLowerCase()}%`,
          filter === "category" ? categoryIds : null,
          filter === "district" ? district : null,
          filter === "chain" ? chain : null,
        ],
      );
      return rows.length;
    } finally {
      await db.query("commit");
    }
  };

  const similarity = async (term: string) => {
    await db.query("begin");
    try {
      await db.query("set local role anon; set local pg_trgm.similarity_threshold = 0.1");
      const { rows } = await db.query(
        `select i.id, i.name_zh, i.name_en, extensions.similarity(i.search_text, $1) as score
         from public.instruments i where i.search_text operator(extensions.%) $1 and i.status <> 'retired'
         order by score desc, i.id limit 20`,
        [term.toLowerCase()],
      );
      return rows.length;
    } finally {
      await db.query("commit");
    }
  };

  const measure = async (name: string, fn: (term: string) => Promise<number>) => {
    for (const term of TERMS.slice(0, 3)) await fn(term); // warm-up
    const samples: number[] = [];
    let hits = 0;
    for (let round = 0; round < 3; round++) {
      for (const term of TERMS) {
        const start = performance.now();
        hits += (await fn(term)) > 0 ? 1 : 0;
        samples.push(performance.now() - start);
      }
    }
    console.log(
      `  ${name.padEnd(40)} p50 ${percentile(samples, 50).toFixed(1).padStart(6)} ms, p95 ${percentile(samples, 95).toFixed(1).padStart(6)} ms` +
        `  (n=${samples.length}, ${hits} with results)`,
    );
  };

  console.log(`catalogue search over ${n[0].n} instruments, ${TERMS.length} terms × 3 rounds, first page of 20 by rate:`);
  for (const filter of filters) {
    await measure(`PostgREST (supabase-js, anon), ${filter}`, (t) => viaRest(t, filter));
    await measure(`raw SQL (anon role), ${filter}`, (t) => viaSql(t, filter));
  }
  await measure("raw SQL, trigram similarity (%) ranked", similarity);

  // The catalogue's relevance sort, first page of 20, as the app reads it.
  const CODES: Record<Filter, Record<string, string>> = {
    none: {},
    category: { p_category: "microscopy" },
    district: { p_district: "wujin" },
    chain: { p_chain: "power_battery" },
  };
  const readPage = async (ids: string[]) => {
    if (!ids.length) return;
    const { error } = await anon.from("instruments").select(ITEM_COLUMNS).in("id", ids);
    if (error) throw error;
  };
  const relevanceBefore = async (term: string) => {
    const { data, error } = await anon
      .from("instruments")
      .select("id, name_zh, name_en, labs!inner(id)", { count: "exact" })
      .ilike("search_text", `%${term.toLowerCase()}%`)
      .order("name_zh")
      .order("id")
      .limit(2000);
    if (error) throw error;
    const ids = (data as { id: string; name_zh: string; name_en: string }[])
      .map((row, index) => ({ id: row.id, rank: relevanceRank(term, row), index }))
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .slice(0, 20)
      .map((row) => row.id);
    await readPage(ids);
    return ids.length;
  };
  const relevanceAfter = (filter: Filter) => async (term: string) => {
    const { data, error } = await anon.rpc("search_instruments", { p_q: term, p_sort: "relevance", ...CODES[filter] });
    if (error) throw error;
    const { ids } = (data as { ids: string[]; total: number }[])[0];
    await readPage(ids);
    return ids.length;
  };
  console.log("catalogue relevance sort, first page of 20 and its rows (anon, PostgREST):");
  await measure("before: 2,000 ids+names ranked in the app", relevanceBefore);
  for (const filter of filters) await measure(`after: search_instruments, ${filter}`, relevanceAfter(filter));
} finally {
  await db.end();
  await stack.stop();
}
