-- Catalogue search in one call (docs/decisions/009): every catalogue filter, the time-first search
-- ("free for N minutes between A and B") and the sort are applied in Postgres, set-wise, and one
-- page of instrument ids comes back in order with the total. The app then reads that page's rows
-- (at most one page of ids) with the caller's client.
--
-- Visibility: search_instruments is security invoker, so the row-level security of instruments,
-- labs and instrument_chains decides what the caller sees (visitors: instruments not retired in
-- approved labs; lab staff also their lab's; the bureau everything). Whether an instrument is free
-- needs the bookings, which visitors cannot read: that part is the booking engine's
-- private.instruments_free_among (20261127020000), security definer, in the schema `private`,
-- which PostgREST does not expose. It answers only for active instruments in approved labs, which
-- are public, so it reveals no more than free_slots does, and it applies the engine's own rules:
-- free here means free_slots would list a slot of the rounded length that ends by the window's end.
--
-- Errors (errcode P0001, the code is the message; see public.booking_error_codes):
--   BOOKING_INVALID_INPUT   free window incomplete, infinite, or minutes outside 15..10080; a
--                           query over 100 characters; an unknown sort or locale; page < 1;
--                           limit outside 1..100; a negative or NaN maximum price
--   BOOKING_INVALID_RANGE   the free window's start is not before its end
--   BOOKING_RANGE_TOO_LONG  the free window spans more than 31 days
--
-- What people type: every word of the query must match (in any order), and a word also matches
-- through the instrument's category or its parent, whose names and search aliases (SEM, 扫描电镜,
-- XRD, 拉力 …) cover the abbreviations and everyday words people use for a kind of instrument;
-- instruments of a category the query names exactly come first. Names sort as people read them:
-- pinyin for Chinese (ICU collation zh-x-icu), alphabetical for English (und-x-icu).

/**
 * The categories whose names or aliases (or whose parent's) contain the like pattern, lower-cased.
 * Categories are public reference data; this runs as the caller.
 */
create function private.categories_matching(p_pattern text)
returns uuid[]
language sql
stable
security invoker
set search_path = ''
as $$
  select coalesce(array_agg(c.id), '{}')
  from public.instrument_categories c
  left join public.instrument_categories p on p.id = c.parent_id
  where lower(concat_ws(' ', c.name_zh, c.name_en, array_to_string(c.aliases, ' '),
                        p.name_zh, p.name_en, array_to_string(p.aliases, ' '))) like p_pattern;
$$;

/**
 * The categories named exactly p_word (case-insensitive): by a name or an alias of their own or
 * of their parent. "TEM" names the TEM category; "tem" inside "temperature" does not.
 */
create function private.categories_named(p_word text)
returns uuid[]
language sql
stable
security invoker
set search_path = ''
as $$
  select coalesce(array_agg(c.id), '{}')
  from public.instrument_categories c
  left join public.instrument_categories p on p.id = c.parent_id
  where lower(btrim(p_word)) in (
    select lower(n)
    from unnest(array[c.name_zh, c.name_en, p.name_zh, p.name_en] || c.aliases || coalesce(p.aliases, '{}')) as n
    where n is not null);
$$;

/**
 * One page of the catalogue as the caller may see it (security invoker: RLS decides): the page's
 * instrument ids in order and the number of matches. Filters (each optional): p_q (words separated
 * by spaces, each found, case-insensitively and literally, in the names, model, manufacturer or
 * specifications, or in the name or search aliases of the instrument's category or its parent —
 * so "SEM" and "扫描电镜" find every scanning electron microscope), p_category (code;
 * the category and its children), p_district and p_chain (codes), p_lab, p_mode (offered service
 * mode), p_max_price (SME rate at most), p_accreditation (of the lab), and the free window
 * p_free_from / p_free_to / p_free_minutes (all three or none). Sort: 'relevance' (with a query:
 * names starting with it, then names containing it, then the rest), 'price' (SME rate), 'name';
 * ties by the name in p_locale ('zh-CN': pinyin order, 'en': alphabetical), then id. An unknown
 * code matches nothing.
 */
create function public.search_instruments(
  p_q text default '',
  p_category text default null,
  p_district text default null,
  p_chain text default null,
  p_lab uuid default null,
  p_mode public.service_mode default null,
  p_max_price numeric default null,
  p_accreditation text default null,
  p_free_from timestamptz default null,
  p_free_to timestamptz default null,
  p_free_minutes int default null,
  p_sort text default 'relevance',
  p_locale text default 'zh-CN',
  p_page int default 1,
  p_limit int default 20
)
returns table (ids uuid[], total bigint)
language plpgsql
stable
security invoker
set search_path = ''
-- Each call is planned with its arguments: an unused filter then disappears from the plan, and the
-- trigram index serves the text search (a generic plan would keep every "or p_x is null").
set plan_cache_mode = force_custom_plan
as $$
declare
  v_q text := coalesce(p_q, '');
  v_lower text;
  v_sort text := coalesce(p_sort, 'relevance');
  v_en boolean;
  v_free boolean := p_free_from is not null or p_free_to is not null or p_free_minutes is not null;
  v_page int := coalesce(p_page, 1);
  v_limit int := coalesce(p_limit, 20);
  v_terms text[];
  v_first_categories uuid[];
  v_named_categories uuid[];
begin
  if char_length(v_q) > 100 then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'The query has at most 100 characters.';
  end if;
  if v_sort not in ('relevance', 'price', 'name') then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'sort is relevance, price or name.';
  end if;
  if coalesce(p_locale, 'zh-CN') not in ('zh-CN', 'en') then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'locale is zh-CN or en.';
  end if;
  if v_page < 1 or v_limit < 1 or v_limit > 100 then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'page >= 1 and limit 1..100 are required.';
  end if;
  if p_max_price is not null and (p_max_price < 0 or p_max_price = 'NaN'::numeric) then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'The maximum price is a number >= 0.';
  end if;
  if v_free then
    perform private.check_free_window(p_free_from, p_free_to, p_free_minutes);
  end if;

  v_en := p_locale = 'en';
  v_lower := lower(v_q);
  -- search_text is lower-cased; each word matches literally (like's wildcards escaped).
  -- Each word of the query (at most 8) as a like pattern; an instrument matches a word through its
  -- own text or its category's. The first word's categories are looked up once here, so that the
  -- trigram index on search_text and the category index can serve the first word.
  v_terms := array(
    select '%' || replace(replace(replace(w, '\', '\\'), '%', '\%'), '_', '\_') || '%'
    from unnest(regexp_split_to_array(btrim(v_lower), '\s+')) with ordinality as t(w, n)
    where w <> ''
    order by n
    limit 8
  );
  if cardinality(v_terms) > 0 then
    v_first_categories := private.categories_matching(v_terms[1]);
    v_named_categories := private.categories_named(v_lower);
  end if;

  return query
  with matches as materialized (
    select i.id,
           case when v_en then i.name_en else i.name_zh end as name,
           case when v_sort = 'price' then i.sme_rate_cny end as price,
           -- First the instruments of a category the query names exactly (SEM, TEM, XRD …), then
           -- relevanceRank (tests/support/legacy-catalogue.ts): a name starts with the query, a name
           -- contains it, the rest (the match is elsewhere); without a query everything is 0.
           case
             when v_sort <> 'relevance' or v_lower = '' then 0
             when i.category_id = any(v_named_categories) then 0
             when starts_with(lower(i.name_zh), v_lower) or starts_with(lower(i.name_en), v_lower) then 1
             when strpos(lower(i.name_zh), v_lower) > 0 or strpos(lower(i.name_en), v_lower) > 0 then 2
             else 3
           end as rank
    from public.instruments i
    join public.labs l on l.id = i.lab_id
    where (cardinality(v_terms) = 0
           or ((i.search_text like v_terms[1] or i.category_id = any(v_first_categories))
               and not exists (
                 select 1 from unnest(v_terms[2:]) as t(pattern)
                 where not (i.search_text like t.pattern
                            or i.category_id = any(private.categories_matching(t.pattern))))))
      and (p_category is null or i.category_id in (
            select c.id from public.instrument_categories c
            where c.code = p_category
               or c.parent_id = (select p.id from public.instrument_categories p where p.code = p_category)))
      and (p_district is null or l.district_id = (select d.id from public.districts d where d.code = p_district))
      and (p_chain is null or exists (
            select 1 from public.instrument_chains ic
            join public.industrial_chains ch on ch.id = ic.chain_id
            where ic.instrument_id = i.id and ch.code = p_chain))
      and (p_lab is null or i.lab_id = p_lab)
      and (p_mode is null or i.service_modes @> array[p_mode])
      and (p_max_price is null or i.sme_rate_cny <= p_max_price)
      and (p_accreditation is null or l.accreditations @> array[p_accreditation])
  ),
  hits as (
    select m.*
    from matches m
    where not v_free
       or m.id in (
            select f.instrument_id
            from private.instruments_free_among(
              (select array_agg(m2.id) from matches m2), p_free_from, p_free_to, p_free_minutes
            ) as f)
  ),
  page as (
    select h.id, row_number() over (
             order by h.rank, h.price,
                      case when v_en then null else h.name end collate "zh-x-icu",
                      case when v_en then h.name end collate "und-x-icu",
                      h.id) as n
    from hits h
    order by n
    limit v_limit offset (v_page - 1)::bigint * v_limit
  )
  select coalesce((select array_agg(p.id order by p.n) from page p), '{}'::uuid[]),
         (select count(*) from hits);
end;
$$;

-- Supabase grants execute on new functions to anon and authenticated by default, and Postgres to
-- everyone: revoke, then grant to the roles meant to call them. search_instruments runs as the
-- caller, so the caller needs execute on the private functions it calls (the category look-ups
-- here, the free-window check and private.instruments_free_among in 20261127020000); PostgREST does
-- not expose the private schema.
revoke execute on all functions in schema private from public;
grant execute on function private.categories_matching(text), private.categories_named(text) to anon, authenticated;

revoke execute on function public.search_instruments(
  text, text, text, text, uuid, public.service_mode, numeric, text, timestamptz, timestamptz, int, text, text, int, int
) from public, service_role;
grant execute on function public.search_instruments(
  text, text, text, text, uuid, public.service_mode, numeric, text, timestamptz, timestamptz, int, text, text, int, int
) to anon, authenticated;
