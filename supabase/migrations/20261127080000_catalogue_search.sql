-- Catalogue search in one call (docs/decisions/009): every catalogue filter, the time-first search
-- ("free for N minutes between A and B") and the sort are applied in Postgres, set-wise, and one
-- page of instrument ids comes back in order with the total. The app then reads that page's rows
-- (at most one page of ids) with the caller's client.
--
-- It replaces two things the app did before: ranking up to 2,000 matches by relevance in
-- JavaScript (PostgREST cannot order by an expression), and calling instruments_free_between,
-- which runs the booking engine's free_slots once per active instrument in a loop, then sending
-- every free instrument's id back in the URL. instruments_free_between stays (same answers; the
-- tests use it as the reference).
--
-- Visibility: search_instruments is security invoker, so the row-level security of instruments,
-- labs and instrument_chains decides what the caller sees, exactly as the old PostgREST query
-- did (visitors: instruments not retired in approved labs; lab staff also their lab's; the bureau
-- everything). Whether an instrument is free needs the bookings, which visitors cannot read: that
-- part is private.instruments_free_among, security definer, in the schema `private`, which
-- PostgREST does not expose (only `public` and `graphql_public` are). It answers only for active
-- instruments in approved labs, which are public, so it reveals no more than free_slots does.
--
-- Free means what the booking engine means (free_slots, request_booking; 20261127020000): the
-- length is rounded up to the instrument's slot and to at least its minimum booking length, and
-- instruments whose maximum is shorter are skipped (as in instruments_free_between); opening
-- hours are the weekly rules on each Asia/Shanghai day plus extra openings, minus closures and
-- maintenance, minus live (pending, confirmed) bookings; slots start on the slot grid from local
-- midnight, no sooner than the lead time and no later than the horizon from now(), and must end by
-- the window's end; the instrument is active and its lab approved. free_slots lists every start
-- in every free interval; an instrument is free when the first aligned start of some free
-- interval fits (every later start of that interval fails the same upper bounds), so only that
-- start is computed, for all candidates in one query instead of one function call each. Only the
-- opening hours, closures and bookings overlapping the span a slot can occupy are read, as in
-- free_slots (which reads a little more, outside that span, where it cannot matter). A first pass
-- looks at starts in each instrument's first three days, a second at the whole window for the
-- instruments the first did not find free: most instruments are found in the first pass.
-- tests/integration/db/catalogue-search.test.ts checks the answers against
-- instruments_free_between.
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

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to anon, authenticated;

/**
 * The instruments among p_ids (active, in an approved lab) with a bookable slot of p_minutes
 * (rounded per instrument) inside [p_from, p_to) that starts no later than p_probe after the
 * instrument's first admissible start (null: anywhere in the window). Without p_probe these are
 * exactly the instruments instruments_free_between lists, computed for all ids in one query.
 * Runs only inside instruments_free_among (as its owner); the caller checked the arguments.
 */
create or replace function private.instruments_free_core(
  p_ids uuid[],
  p_from timestamptz,
  p_to timestamptz,
  p_minutes int,
  p_probe interval
)
returns table (instrument_id uuid)
language plpgsql
stable
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
begin
  return query
  with candidate as materialized (
    -- free_slots' variables per instrument: the length (rounded as instruments_free_between
    -- rounds it), the first admissible start (window, lead time) and the last one looked for
    -- (window and horizon as in free_slots, ending by p_to as in instruments_free_between, and the
    -- probe). A slot lies in [v_from, v_end), so only what overlaps that span matters.
    select i.id, i.slot_minutes, x.len, x.v_from, y.v_stop, y.v_stop + x.len as v_end
    from public.instruments i
    join public.labs l on l.id = i.lab_id
    cross join lateral (
      -- ceil(p_minutes / slot) and ceil(min / slot) in integers (all positive).
      select greatest((p_minutes + i.slot_minutes - 1) / i.slot_minutes,
                      (i.min_booking_minutes + i.slot_minutes - 1) / i.slot_minutes) * i.slot_minutes as minutes
    ) as m
    cross join lateral (
      select make_interval(mins => m.minutes) as len,
             greatest(p_from, now() + make_interval(hours => i.lead_time_hours)) as v_from,
             least(p_to - interval '1 microsecond', now() + make_interval(days => i.max_advance_days)) as v_last
    ) as x
    cross join lateral (
      select least(x.v_last, p_to - x.len, x.v_from + p_probe) as v_stop
    ) as y
    where i.id = any (p_ids)
      and i.status = 'active' and l.status = 'approved'
      and m.minutes <= i.max_booking_minutes
      and x.v_from <= y.v_stop
  ),
  days as (
    -- The Asia/Shanghai days whose weekly opening hours can reach any candidate's span (one day
    -- either side, as instrument_opening expands them). Pieces that end up outside an
    -- instrument's own span change nothing inside it.
    select d::date as day, extract(isodow from d)::smallint as weekday
    from generate_series(
      ((select min(c.v_from) from candidate c) at time zone 'Asia/Shanghai')::date::timestamp - interval '1 day',
      ((select max(c.v_end) from candidate c) at time zone 'Asia/Shanghai')::date::timestamp + interval '1 day',
      interval '1 day'
    ) as d
  ),
  opening as (
    -- instrument_opening: weekly rules on each local day plus extra openings, merged.
    select p.id, range_agg(p.r) as m
    from (
      select c.id, tstzrange((d.day + ar.start_time) at time zone 'Asia/Shanghai',
                             (d.day + ar.end_time) at time zone 'Asia/Shanghai') as r
      from candidate c
      join public.availability_rules ar on ar.instrument_id = c.id
      join days d on d.weekday = ar.weekday
      union all
      select c.id, e.during
      from candidate c
      join public.availability_exceptions e
        on e.instrument_id = c.id and e.kind = 'extra_opening' and e.during && tstzrange(c.v_from, c.v_end)
    ) as p
    group by p.id
  ),
  busy as (
    -- instrument_closed and instrument_booked: closures, maintenance, live bookings.
    select x.id, range_agg(x.r) as m
    from (
      select c.id, e.during as r
      from candidate c
      join public.availability_exceptions e
        on e.instrument_id = c.id and e.kind in ('closure', 'maintenance') and e.during && tstzrange(c.v_from, c.v_end)
      union all
      select c.id, b.during
      from candidate c
      join public.bookings b
        on b.instrument_id = c.id and b.status in ('pending', 'confirmed') and b.during && tstzrange(c.v_from, c.v_end)
    ) as x
    group by x.id
  )
  select c.id
  from candidate c
  join opening o on o.id = c.id
  left join busy b on b.id = c.id
  where exists (
    -- free_slots' candidate starts: in each free interval, the first start on the slot grid at or
    -- after the interval's start and v_from (public.booking_align_up, written out: ceil to the
    -- slot from local midnight). Later starts of the interval only come closer to the upper
    -- bounds (interval end − length, v_stop), so the interval has a slot exactly when this one
    -- fits. The first two tests are necessary conditions that spare most intervals the rounding.
    select 1
    from unnest(o.m - coalesce(b.m, '{}'::tstzmultirange)) as u (r)
    where greatest(lower(u.r), c.v_from) <= least(upper(u.r) - c.len, c.v_stop)
      and (timestamp 'epoch' + make_interval(secs => (
            ceil(extract(epoch from (greatest(lower(u.r), c.v_from) at time zone 'Asia/Shanghai')) / (c.slot_minutes * 60))
            * (c.slot_minutes * 60))::double precision)) at time zone 'Asia/Shanghai'
          <= least(upper(u.r) - c.len, c.v_stop)
  );
end;
$$;

/**
 * The instruments among p_ids with a bookable slot of p_minutes (rounded per instrument) fully
 * inside [p_from, p_to): the instruments instruments_free_between lists, restricted to p_ids and
 * computed set-wise. Most free instruments have a slot in the first days of the window, so a first
 * pass looks only at starts within three days of each instrument's first admissible start (a
 * slot found there is a slot); a second pass looks at the whole window for the rest.
 * security definer: reads bookings; reveals only which public instruments are free, as
 * free_slots does.
 */
create or replace function private.instruments_free_among(p_ids uuid[], p_from timestamptz, p_to timestamptz, p_minutes int)
returns table (instrument_id uuid)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_found uuid[];
  v_rest uuid[];
begin
  if p_from is null or p_to is null or p_minutes is null or not isfinite(p_from) or not isfinite(p_to)
     or p_minutes < 15 or p_minutes > 10080 then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'from, to and minutes (15..10080) are required.';
  end if;
  if p_from >= p_to then
    raise exception 'BOOKING_INVALID_RANGE' using errcode = 'P0001', detail = 'from must be before to.';
  end if;
  if p_to - p_from > interval '31 days' then
    raise exception 'BOOKING_RANGE_TOO_LONG' using errcode = 'P0001', detail = 'A time-first search spans at most 31 days.';
  end if;
  if p_ids is null or cardinality(p_ids) = 0 then
    return;
  end if;

  if p_to - p_from <= interval '3 days' then
    -- No slot can start later than three days after v_from: one pass is the whole window.
    return query select f.instrument_id from private.instruments_free_core(p_ids, p_from, p_to, p_minutes, null) as f;
    return;
  end if;
  v_found := array(select f.instrument_id from private.instruments_free_core(p_ids, p_from, p_to, p_minutes, interval '3 days') as f);
  return query select unnest(v_found);
  v_rest := array(select unnest(p_ids) except select unnest(v_found));
  if cardinality(v_rest) > 0 then
    return query select f.instrument_id from private.instruments_free_core(v_rest, p_from, p_to, p_minutes, null) as f;
  end if;
end;
$$;

alter table public.instrument_categories
  add column aliases text[] not null default '{}'
    constraint instrument_categories_aliases_check
      check (cardinality(aliases) <= 40 and char_length(array_to_string(aliases, ' ')) <= 1000);

comment on column public.instrument_categories.aliases is
  'Other words for this kind of instrument (abbreviations, everyday names) that the catalogue search matches.';

/**
 * The categories whose names or aliases (or whose parent's) contain the like pattern, lower-cased.
 * Categories are public reference data; this runs as the caller.
 */
create or replace function private.categories_matching(p_pattern text)
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
create or replace function private.categories_named(p_word text)
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

revoke execute on function private.categories_matching(text) from public, service_role;
grant execute on function private.categories_matching(text) to anon, authenticated;
revoke execute on function private.categories_named(text) from public, service_role;
grant execute on function private.categories_named(text) to anon, authenticated;

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
create or replace function public.search_instruments(
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
  -- The free window: the same checks, in the same order, as instruments_free_between.
  if v_free then
    if p_free_from is null or p_free_to is null or p_free_minutes is null
       or not isfinite(p_free_from) or not isfinite(p_free_to) then
      raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'from, to and minutes are required.';
    end if;
    if p_free_minutes < 15 or p_free_minutes > 10080 then
      raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'minutes must be between 15 and 10080.';
    end if;
    if p_free_from >= p_free_to then
      raise exception 'BOOKING_INVALID_RANGE' using errcode = 'P0001', detail = 'from must be before to.';
    end if;
    if p_free_to - p_free_from > interval '31 days' then
      raise exception 'BOOKING_RANGE_TOO_LONG' using errcode = 'P0001', detail = 'A time-first search spans at most 31 days.';
    end if;
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

-- Supabase grants execute on new functions to anon and authenticated by default: revoke, then
-- grant to the roles meant to call them. The helper runs only inside search_instruments, as the
-- caller, so the caller needs execute on it; PostgREST does not expose the private schema.
revoke execute on function private.instruments_free_core(uuid[], timestamptz, timestamptz, int, interval)
  from public, anon, authenticated, service_role;
revoke execute on function private.instruments_free_among(uuid[], timestamptz, timestamptz, int) from public, service_role;
grant execute on function private.instruments_free_among(uuid[], timestamptz, timestamptz, int) to anon, authenticated;

revoke execute on function public.search_instruments(
  text, text, text, text, uuid, public.service_mode, numeric, text, timestamptz, timestamptz, int, text, text, int, int
) from public, service_role;
grant execute on function public.search_instruments(
  text, text, text, text, uuid, public.service_mode, numeric, text, timestamptz, timestamptz, int, text, text, int, int
) to anon, authenticated;
