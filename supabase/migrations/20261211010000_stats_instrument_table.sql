-- The instrument table for a year in well under a second (issue 11; docs/decisions/023, "next step").
--
-- Measured on the bench data (10,073 instruments, 1,003,150 bookings, year 2025): stats_figures for
-- the instrument dimension took 1.4 s, of which 776 ms counted the organisations each instrument
-- served (a distinct over 376,619 instrument-month-organisation rows, hashed or sorted on uuid
-- pairs) and 263 ms summed opening hours in numeric.
--
-- 1. public.instrument_year_orgs: one row per instrument, calendar year (Asia/Shanghai months, as
--    everywhere) and organisation served, with the months served as bits (bit 0 = January). Kept
--    by statement triggers on instrument_month_orgs, like the group sets (20261210000000). The
--    organisations an instrument served in months m1..m2 of one year are the rows whose bits meet
--    that mask: a count, no distinct. A range over several years takes the distinct over these
--    rows (fewer than the month rows); the pages' periods all lie within one year.
-- 2. Opening hours are summed as integer minutes (date_part, not extract, which is numeric).
create table public.instrument_year_orgs (
  instrument_id uuid not null references public.instruments (id) on delete cascade,
  year int not null,
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  months int not null check (months > 0 and months < 4096),
  primary key (instrument_id, year, organisation_id)
);
create index instrument_year_orgs_year_idx on public.instrument_year_orgs (year);
create index instrument_year_orgs_organisation_id_idx on public.instrument_year_orgs (organisation_id);
alter table public.instrument_year_orgs enable row level security;
-- read like instrument_month_orgs; written by the triggers below only (no policy for writes)
create policy "Bureau and lab staff can read organisations served per instrument year" on public.instrument_year_orgs
  for select to authenticated
  using ((select private.is_bureau()) or instrument_id in (select private.my_instrument_ids()));
grant select on public.instrument_year_orgs to authenticated;

/** The bits of the months of p_year that lie in p_from..p_to (bit 0 = January); 0 if none. */
create function private.month_bits(p_year int, p_from date, p_to date)
returns int
language sql
immutable
parallel safe
set search_path = ''
as $$
  select case when p_year not between extract(year from p_from) and extract(year from p_to) then 0
    -- months lo..hi of the year: the range's first month in its first year, its last in its last
    else (1 << (case when p_year < extract(year from p_to) then 12 else extract(month from p_to)::int end))
       - (1 << (case when p_year > extract(year from p_from) then 1 else extract(month from p_from)::int end) - 1)
  end;
$$;

/** Keeps instrument_year_orgs equal to instrument_month_orgs folded by year. */
create function private.instrument_month_orgs_years()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    -- the bookings trigger's upserts fire this for rows that were only updated: nothing to do
    if not exists (select 1 from new_rows) then return null; end if;
    insert into public.instrument_year_orgs as y (instrument_id, year, organisation_id, months)
    select r.instrument_id, extract(year from r.month)::int, r.organisation_id,
      pg_catalog.bit_or(1 << (extract(month from r.month)::int - 1))
    from new_rows r
    group by 1, 2, 3
    on conflict (instrument_id, year, organisation_id) do update set months = y.months | excluded.months;
  else
    if not exists (select 1 from old_rows) then return null; end if;
    -- clear the months whose rows went; a row left with no month goes (the update skips those,
    -- so the delete still sees their old bits within the deleted ones)
    with d as (
      select r.instrument_id, extract(year from r.month)::int as year, r.organisation_id,
        pg_catalog.bit_or(1 << (extract(month from r.month)::int - 1)) as bits
      from old_rows r group by 1, 2, 3
    )
    update public.instrument_year_orgs y set months = y.months & ~d.bits
    from d
    where y.instrument_id = d.instrument_id and y.year = d.year and y.organisation_id = d.organisation_id
      and y.months & ~d.bits <> 0;
    with d as (
      select r.instrument_id, extract(year from r.month)::int as year, r.organisation_id,
        pg_catalog.bit_or(1 << (extract(month from r.month)::int - 1)) as bits
      from old_rows r group by 1, 2, 3
    )
    delete from public.instrument_year_orgs y
    using d
    where y.instrument_id = d.instrument_id and y.year = d.year and y.organisation_id = d.organisation_id
      and y.months & ~d.bits = 0;
  end if;
  return null;
end;
$$;
create trigger instrument_month_orgs_years_insert after insert on public.instrument_month_orgs
  referencing new table as new_rows for each statement execute function private.instrument_month_orgs_years();
create trigger instrument_month_orgs_years_delete after delete on public.instrument_month_orgs
  referencing old table as old_rows for each statement execute function private.instrument_month_orgs_years();

/** Recomputes instrument_year_orgs from instrument_month_orgs. */
create function private.refresh_instrument_year_orgs()
returns void
language sql
set search_path = ''
as $$
  truncate public.instrument_year_orgs;
  insert into public.instrument_year_orgs (instrument_id, year, organisation_id, months)
  select o.instrument_id, extract(year from o.month)::int, o.organisation_id,
    pg_catalog.bit_or(1 << (extract(month from o.month)::int - 1))
  from public.instrument_month_orgs o
  group by 1, 2, 3;
$$;

-- The whole rebuild ends with it (as 20261210000000 otherwise).
create or replace function public.rebuild_instrument_day_stats()
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  lock table public.instrument_day_stats, public.instrument_day_orgs, public.instrument_day_exceptions,
    public.instrument_month_stats, public.instrument_month_orgs, public.lab_month_orgs, public.lab_month_stats,
    public.instrument_month_figures, public.network_month_orgs, public.lab_month_org_bits,
    public.group_month_orgs, public.group_month_org_bits, public.instrument_year_orgs
    in exclusive mode;
  perform private.refresh_instrument_booking_stats(null);
  perform private.refresh_instrument_day_exceptions(null, null);
  perform private.refresh_instrument_month_figures(null);
  perform private.refresh_stats_org_sets();
  perform private.refresh_instrument_year_orgs();
end;
$$;

-- Backfill.
select private.refresh_instrument_year_orgs();

/**
 * As 20261210000000, except: organisations served per instrument over the whole range come from
 * instrument_year_orgs; opening hours are summed in integer minutes.
 */
create or replace function private.stats_figures(
  p_from date,
  p_to date,
  p_dimension text,
  p_by_month boolean,
  p_as_of date default null,
  p_lab_id uuid default null,
  p_district_id uuid default null,
  p_category_id uuid default null,
  p_chain_id uuid default null,
  p_value_band text default null,
  p_large_only boolean default false,
  -- false: organisations served are not needed (the attention list), 0 is returned
  p_served boolean default true
)
returns table (
  group_key text,
  label_zh text,
  label_en text,
  period_start date,
  instruments bigint,
  available_hours numeric,
  booked_hours numeric,
  effective_hours numeric,
  external_hours numeric,
  sme_hours numeric,
  bookings bigint,
  completed bigint,
  no_shows bigint,
  rejected bigint,
  income_internal_cny numeric,
  income_external_cny numeric,
  organisations_served bigint,
  smes_served bigint
)
language plpgsql
stable
security definer
set search_path = ''
set work_mem = '64MB'
-- plan each call with its arguments: after five calls PL/pgSQL would switch to a generic plan that
-- cannot prune the branches the arguments rule out (measured: 165 ms custom, 700 ms generic)
set plan_cache_mode = 'force_custom_plan'
as $$
#variable_conflict use_column
declare
  v_avail_end date := least((p_to + interval '1 month')::date - 1, coalesce(p_as_of, (p_to + interval '1 month')::date - 1));
  v_whole_network boolean := p_lab_id is null and p_district_id is null and p_category_id is null
    and p_chain_id is null and p_value_band is null and not p_large_only;
  -- organisations served from bitmaps: lab-month sets for the network, a lab or a district (unless
  -- filtered by an instrument attribute); category/chain/value-band month sets when unfiltered;
  -- otherwise (instruments, filtered groups) from instrument_month_orgs
  v_lab_bits boolean := p_served and p_dimension in ('network', 'lab', 'district') and p_category_id is null
    and p_chain_id is null and p_value_band is null and not p_large_only;
  v_group_bits boolean := p_served and p_dimension in ('category', 'chain', 'value_band') and v_whole_network;
  v_bits int := (select coalesce(pg_catalog.max(n.n), 0) + 1 from public.stats_org_numbers n);
  v_from_year int := extract(year from p_from)::int;
  v_to_year int := extract(year from p_to)::int;
  -- the months of the range in each of its years, as bits (a constant per row, not a call)
  v_month_bits int[] := array(select private.month_bits(g.year, p_from, p_to)
    from pg_catalog.generate_series(v_from_year, v_to_year) g(year) order by g.year);
begin
  if p_dimension is null or p_dimension not in ('instrument', 'lab', 'category', 'district', 'chain', 'value_band', 'network') then
    raise exception 'STATS_INVALID_INPUT' using errcode = 'P0001', detail = 'Unknown dimension.';
  end if;
  return query
  with ig as materialized (
    select i.id as instrument_id, i.lab_id, l.district_id,
      (i.created_at at time zone 'Asia/Shanghai')::date as created_day,
      case p_dimension
        when 'instrument' then i.id::text
        when 'lab' then l.id::text
        when 'category' then tc.id::text
        when 'district' then dz.id::text
        when 'chain' then coalesce(ch.id::text, 'none')
        when 'value_band' then vb.band
        else 'network'
      end as key,
      case p_dimension
        when 'instrument' then i.name_zh
        when 'lab' then l.name_zh
        when 'category' then tc.name_zh
        when 'district' then dz.name_zh
        when 'chain' then coalesce(ch.name_zh, '未纳入重点产业链')
        when 'value_band' then case vb.band
          when 'under_500k' then '50万元以下' when '500k_1m' then '50万–100万元' when '1m_2m' then '100万–200万元'
          when '2m_5m' then '200万–500万元' when '5m_plus' then '500万元及以上' else '原值未填' end
        else '全市共享网络'
      end as label_zh,
      case p_dimension
        when 'instrument' then i.name_en
        when 'lab' then l.name_en
        when 'category' then tc.name_en
        when 'district' then dz.name_en
        when 'chain' then coalesce(ch.name_en, 'Not in a priority chain')
        when 'value_band' then case vb.band
          when 'under_500k' then 'Under ¥500k' when '500k_1m' then '¥500k–1m' when '1m_2m' then '¥1m–2m'
          when '2m_5m' then '¥2m–5m' when '5m_plus' then '¥5m and over' else 'Value not given' end
        else 'Whole network'
      end as label_en
    from public.instruments i
    -- the band once per instrument (a function call the CASEs would otherwise make three times)
    cross join lateral (select private.value_band(i.original_value_cny) as band) vb
    join public.labs l on l.id = i.lab_id
    join public.instrument_categories c on c.id = i.category_id
    join public.instrument_categories tc on tc.id = coalesce(c.parent_id, c.id)
    join public.districts dz on dz.id = l.district_id
    left join public.instrument_chains ic on p_dimension = 'chain' and ic.instrument_id = i.id
    left join public.industrial_chains ch on ch.id = ic.chain_id
    where l.status <> 'pending'
      and (p_lab_id is null or i.lab_id = p_lab_id)
      and (p_district_id is null or l.district_id = p_district_id)
      and (p_category_id is null or tc.id = p_category_id)
      and (p_chain_id is null or exists (select 1 from public.instrument_chains x where x.instrument_id = i.id and x.chain_id = p_chain_id))
      and (p_value_band is null or vb.band = p_value_band)
      and (not p_large_only or i.original_value_cny >= 500000)
  ),
  periods as materialized (
    -- each month, or the whole range as one period
    select s::date as pk, s::date as a, least((s + interval '1 month')::date - 1, v_avail_end) as b
    from pg_catalog.generate_series(p_from::timestamp, p_to::timestamp, interval '1 month') s
    where p_by_month
    union all
    select p_from, p_from, v_avail_end
    where not p_by_month
  ),
  weekly as (
    -- instruments created before the period all count from its first day: one row per key and
    -- weekday for them (not per creation day), whatever the number of periods
    select ig.key, greatest(ig.created_day, p_from) as created_day, r.weekday::int as weekday,
      -- whole minutes as integers (extract() would compute in numeric)
      sum(pg_catalog.date_part('epoch', r.end_time - r.start_time)::int / 60) as minutes
    from ig join public.availability_rules r on r.instrument_id = ig.instrument_id
    where ig.created_day <= v_avail_end
    group by 1, 2, 3
  ),
  opening as (
    select w.key, p.pk, sum(w.minutes * ((p.b - f.first_day) / 7 + 1))::numeric as minutes
    from weekly w
    cross join periods p
    cross join lateral (select greatest(p.a, w.created_day) as start_day) s
    cross join lateral (select s.start_day + ((w.weekday - extract(isodow from s.start_day)::int + 7) % 7) as first_day) f
    where f.first_day <= p.b
    group by 1, 2
  ),
  adjustments as (
    select ig.key, case when p_by_month then pg_catalog.date_trunc('month', x.day::timestamp)::date else p_from end as pk,
      sum(x.delta_minutes) as minutes
    from public.instrument_day_exceptions x
    join ig on ig.instrument_id = x.instrument_id and x.day >= ig.created_day
    where x.day between p_from and v_avail_end
    group by 1, 2
  ),
  sums as (
    select ig.key, case when p_by_month then f.month else p_from end as pk,
      sum(f.booked_minutes) as booked, sum(f.used_minutes) as used, sum(f.external_minutes) as external,
      sum(f.sme_minutes) as sme, sum(f.bookings) as bookings, sum(f.completed) as completed,
      sum(f.no_shows) as no_shows, sum(f.rejected) as rejected, sum(f.revenue_cny) as revenue,
      sum(f.external_revenue_cny) as external_revenue
    from public.instrument_month_figures f
    join ig on ig.instrument_id = f.instrument_id
    where f.month between p_from and p_to
    group by 1, 2
  ),
  bit_rows as (
    select case p_dimension when 'lab' then b.lab_id::text when 'district' then l.district_id::text else 'network' end as key,
      case when p_by_month then b.month else p_from end as pk,
      private.bits_pad(b.bits, v_bits) as bits
    from public.lab_month_org_bits b
    join public.labs l on l.id = b.lab_id
    where v_lab_bits and b.month between p_from and p_to
      and (p_lab_id is null or b.lab_id = p_lab_id)
      and (p_district_id is null or l.district_id = p_district_id)
      -- the whole network counts every lab's organisations (as network_month_orgs did)
      and ((p_dimension = 'network' and v_whole_network) or l.status <> 'pending')
    union all
    select g.group_key, case when p_by_month then g.month else p_from end, private.bits_pad(g.bits, v_bits)
    from public.group_month_org_bits g
    where v_group_bits and g.dimension = p_dimension and g.month between p_from and p_to
  ),
  sme_mask as materialized (
    select pg_catalog.string_agg(case when og.kind = 'sme' then '1' else '0' end, '' order by s.i)::varbit as bits
    from pg_catalog.generate_series(0, v_bits - 1) s(i)
    left join public.stats_org_numbers n on n.n = s.i
    left join public.organisations og on og.id = n.organisation_id
    where v_lab_bits or v_group_bits
  ),
  org_rows as (
    -- (key, period, organisation), not yet distinct: groups filtered by lab, district or attribute
    select ig.key, case when p_by_month then o.month else p_from end as pk, o.organisation_id
    from public.instrument_month_orgs o
    join ig on ig.instrument_id = o.instrument_id
    where p_served and not v_lab_bits and not v_group_bits and p_dimension <> 'instrument'
      and o.month between p_from and p_to
  ),
  instrument_orgs as (
    -- instruments by month: distinct by instrument id first (uuid pairs), keys after
    select distinct o.instrument_id, o.month as pk, o.organisation_id
    from public.instrument_month_orgs o
    where p_served and p_dimension = 'instrument' and p_by_month and o.month between p_from and p_to
      and o.instrument_id in (select ig.instrument_id from ig)
  ),
  served as (
    select x.key, x.pk, pg_catalog.bit_count(x.bits) as organisations, pg_catalog.bit_count(x.bits & m.bits) as smes
    from (select r.key, r.pk, pg_catalog.bit_or(r.bits) as bits from bit_rows r group by 1, 2) x
    cross join sme_mask m
    union all
    select d.key, d.pk, count(*), count(*) filter (where og.kind = 'sme')
    from (select distinct r.key, r.pk, r.organisation_id from org_rows r) d
    join public.organisations og on og.id = d.organisation_id
    group by 1, 2
    union all
    select d.instrument_id::text, d.pk, count(*), count(*) filter (where og.kind = 'sme')
    from instrument_orgs d
    join public.organisations og on og.id = d.organisation_id
    group by 1, 2
    union all
    -- instruments over the whole range: rows of instrument_year_orgs whose months meet the range's
    -- (written out twice, not shared in a CTE that Postgres would materialise); within one year a
    -- row is one organisation, no distinct needed
    select y.instrument_id::text, p_from, count(*), count(*) filter (where og.kind = 'sme')
    from public.instrument_year_orgs y
    join public.organisations og on og.id = y.organisation_id
    where p_served and p_dimension = 'instrument' and not p_by_month and v_from_year = v_to_year
      and y.year = v_from_year and y.months & v_month_bits[1] <> 0
      and y.instrument_id in (select ig.instrument_id from ig)
    group by y.instrument_id
    union all
    select d.instrument_id::text, p_from, count(*), count(*) filter (where og.kind = 'sme')
    from (
      select distinct y.instrument_id, y.organisation_id
      from public.instrument_year_orgs y
      where p_served and p_dimension = 'instrument' and not p_by_month and v_from_year < v_to_year
        and y.year between v_from_year and v_to_year
        and y.months & v_month_bits[y.year - v_from_year + 1] <> 0
        and y.instrument_id in (select ig.instrument_id from ig)
    ) d
    join public.organisations og on og.id = d.organisation_id
    group by d.instrument_id
  ),
  groups as (
    -- an instrument is in ig once per key (once per chain it belongs to, for chains): count(*)
    select ig.key, min(ig.label_zh) as label_zh, min(ig.label_en) as label_en, count(*) as n
    from ig group by 1
  )
  select g.key, g.label_zh, g.label_en,
    case when p_by_month then p.pk else null end,
    g.n,
    round((coalesce(op.minutes, 0) + coalesce(ad.minutes, 0)) / 60, 2),
    round(coalesce(s.booked, 0) / 60, 2),
    round(coalesce(s.used, 0) / 60, 2),
    round(coalesce(s.external, 0) / 60, 2),
    round(coalesce(s.sme, 0) / 60, 2),
    coalesce(s.bookings, 0)::bigint,
    coalesce(s.completed, 0)::bigint,
    coalesce(s.no_shows, 0)::bigint,
    coalesce(s.rejected, 0)::bigint,
    round(coalesce(s.revenue, 0) - coalesce(s.external_revenue, 0), 2),
    round(coalesce(s.external_revenue, 0), 2),
    coalesce(sv.organisations, 0)::bigint,
    coalesce(sv.smes, 0)::bigint
  from groups g
  cross join periods p
  left join opening op on op.key = g.key and op.pk = p.pk
  left join adjustments ad on ad.key = g.key and ad.pk = p.pk
  left join sums s on s.key = g.key and s.pk = p.pk
  left join served sv on sv.key = g.key and sv.pk = p.pk
  order by p.pk, g.label_zh, g.key;
end;
$$;

revoke execute on all functions in schema private from public;

-- 3. One page of a breakdown, sorted over the whole table in the database -------------------------------
-- The instrument table (10,073 rows) reached the page as one 5 MB JSON array (stats_breakdown_json)
-- that the app sorted and cut to 100 rows: ~0.4 s of building, sending and parsing JSON on top of the
-- SQL. The page now asks for its 100 rows; the exports still read the whole table.
/** Refuses a missing page or a page size outside 1–1000 (STATS_INVALID_INPUT), for the stats_*_page functions. */
create function private.check_page(p_page int, p_page_size int)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_page is null or p_page_size is null or p_page_size not between 1 and 1000 then
    raise exception 'STATS_INVALID_INPUT' using errcode = 'P0001', detail = 'Page and page size (1–1000) are required.';
  end if;
end;
$$;
revoke execute on function private.check_page(int, int) from public;
grant execute on function private.check_page(int, int) to authenticated;

/**
 * One page of public.stats_breakdown sorted by a column of the breakdown table (app/lib/stats/tables.ts
 * breakdownColumns: the same ids and values, numbers before nulls in either direction, names by the
 * locale's ICU collation, ties in stats_breakdown's order). An unknown column keeps that order. A page
 * past the last one gives the last. Answers {"total", "page", "pages", "rows"}, rows as in
 * stats_breakdown_json.
 */
create function public.stats_breakdown_page(
  p_from date,
  p_to date,
  p_dimension text,
  p_lab_id uuid default null,
  p_district_id uuid default null,
  p_category_id uuid default null,
  p_chain_id uuid default null,
  p_value_band text default null,
  p_as_of date default null,
  p_sort text default 'effective',
  p_desc boolean default true,
  p_locale text default 'zh-CN',
  p_page int default 1,
  p_page_size int default 100
)
returns json
language plpgsql
stable
set search_path = ''
as $$
declare
  v_result json;
begin
  perform private.check_page(p_page, p_page_size);
  if p_desc is null then
    raise exception 'STATS_INVALID_INPUT' using errcode = 'P0001', detail = 'A direction is required.';
  end if;
  with b as (
    select b.*, b.ordinality as o
    from public.stats_breakdown(p_from, p_to, p_dimension, p_lab_id, p_district_id, p_category_id, p_chain_id,
      p_value_band, p_as_of) with ordinality b
  ),
  k as (
    select b.*,
      case p_sort
        when 'name' then case when p_locale = 'en' and b.label_en <> '' then b.label_en else b.label_zh end
        when 'lab' then case when p_locale = 'en' and coalesce(b.lab_name_en, '') <> '' then b.lab_name_en else coalesce(b.lab_name_zh, '') end
      end as t,
      case p_sort
        when 'instruments' then b.instruments::numeric
        when 'available' then b.available_hours
        when 'booked' then b.booked_hours
        when 'effective' then b.effective_hours
        when 'perInstrument' then case when b.instruments > 0 then round(b.effective_hours / b.instruments, 2) end
        when 'utilisation' then case when b.available_hours > 0 then round(b.effective_hours / b.available_hours, 4) end
        when 'external' then b.external_hours
        when 'sharing' then case when b.effective_hours > 0 then round(b.external_hours / b.effective_hours, 4) end
        when 'sme' then b.sme_hours
        when 'bookings' then b.bookings::numeric
        when 'noShows' then b.no_shows::numeric
        when 'rejected' then b.rejected::numeric
        when 'organisations' then b.organisations_served::numeric
        when 'incomeInternal' then b.income_internal_cny
        when 'incomeExternal' then b.income_external_cny
      end as n
    from b
  ),
  ranked as (
    select k.*, pg_catalog.row_number() over (order by
      case when p_desc then k.n end desc nulls last,
      case when not p_desc then k.n end asc nulls last,
      case when p_desc and p_locale = 'en' then k.t end collate "en-x-icu" desc,
      case when not p_desc and p_locale = 'en' then k.t end collate "en-x-icu" asc,
      case when p_desc and p_locale <> 'en' then k.t end collate "zh-x-icu" desc,
      case when not p_desc and p_locale <> 'en' then k.t end collate "zh-x-icu" asc,
      k.o) as r,
      count(*) over () as total
    from k
  ),
  page as (
    select greatest(1, ceil(coalesce(max(ranked.total), 0)::numeric / p_page_size))::int as pages,
      coalesce(max(ranked.total), 0)::int as total
    from ranked
  )
  select pg_catalog.json_build_object(
    'total', pg.total,
    'page', least(pg.pages, greatest(1, p_page)),
    'pages', pg.pages,
    'rows', coalesce((
      select pg_catalog.json_agg(pg_catalog.json_build_object(
        'group_key', x.group_key, 'label_zh', x.label_zh, 'label_en', x.label_en, 'lab_name_zh', x.lab_name_zh,
        'lab_name_en', x.lab_name_en, 'instruments', x.instruments, 'available_hours', x.available_hours,
        'booked_hours', x.booked_hours, 'effective_hours', x.effective_hours, 'external_hours', x.external_hours,
        'sme_hours', x.sme_hours, 'bookings', x.bookings, 'completed', x.completed, 'no_shows', x.no_shows,
        'rejected', x.rejected, 'income_internal_cny', x.income_internal_cny, 'income_external_cny', x.income_external_cny,
        'organisations_served', x.organisations_served, 'smes_served', x.smes_served) order by x.r)
      from ranked x
      where x.r > (least(pg.pages, greatest(1, p_page)) - 1)::bigint * p_page_size
        and x.r <= least(pg.pages, greatest(1, p_page))::bigint * p_page_size), '[]'::json))
  into v_result
  from page pg;
  return v_result;
end;
$$;
revoke execute on function public.stats_breakdown_page(date, date, text, uuid, uuid, uuid, uuid, text, date, text, boolean, text, int, int) from public, anon;
grant execute on function public.stats_breakdown_page(date, date, text, uuid, uuid, uuid, uuid, text, date, text, boolean, text, int, int) to authenticated;
