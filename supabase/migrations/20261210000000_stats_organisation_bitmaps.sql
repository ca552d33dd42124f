-- Organisations served, counted from bitmaps (issue 11's speed bar, docs/decisions/023).
--
-- Every statistics page shows how many distinct organisations were served in a period. Counting
-- them from lab_month_orgs / instrument_month_orgs meant a distinct over every (group, month,
-- organisation) row of the period: 330,000 rows for one year of the bench data's labs (~860 ms of
-- a 1.2 s lab breakdown) and 376,000 for its categories. Distinct counts over arbitrary month ranges
-- do not add up, but sets do: each organisation gets a small number (stats_org_numbers), each
-- group-month keeps the set of numbers it served as a bitmap, and a period's count is the
-- population count of the OR of its months' bitmaps: 2,400 bitmaps of ~400 bytes for a year of
-- 200 labs, 156 for 13 categories, whatever the number of bookings.
--
-- 1. stats_org_numbers: organisation → bit position (never reused).
-- 2. lab_month_org_bits: lab × month bitmap, kept by statement triggers on lab_month_orgs (a row
--    there exists while the lab served the organisation that month; insert sets the bit, delete
--    clears it). Network, lab and district counts OR these.
-- 3. group_month_orgs: (category | chain | value band) × month × organisation with a reference
--    count of the group's instruments that served it (from instrument_month_orgs, under each
--    instrument's current category, chains and value band; moved when those change), and
--    group_month_org_bits, its bitmap, kept the same way as the lab one.
-- 4. private.stats_figures reads the bitmaps; instrument rows, and groups filtered by lab,
--    district or an attribute, still count from instrument_month_orgs (a lab's or a filtered set).

-- Bitmap helpers ---------------------------------------------------------------------------------------
/** p_bits with zero bits appended up to p_length (bit_or and & need equal lengths). */
create function private.bits_pad(p_bits varbit, p_length int)
returns varbit
language sql
immutable
set search_path = ''
as $$
  select case when pg_catalog.length(p_bits) >= p_length then p_bits
    else p_bits || pg_catalog.repeat('0', p_length - pg_catalog.length(p_bits))::varbit end;
$$;

/** The bitmap with the bits of p_numbers set (its length: the largest number + 1). */
create function private.bits_of(p_numbers int[])
returns varbit
language sql
immutable
set search_path = ''
as $$
  select coalesce(pg_catalog.string_agg(case when x.n is null then '0' else '1' end, '' order by s.i), '')::varbit
  from pg_catalog.generate_series(0, coalesce((select pg_catalog.max(v) from pg_catalog.unnest(p_numbers) v), -1)) s(i)
  left join (select distinct v as n from pg_catalog.unnest(p_numbers) v) x on x.n = s.i;
$$;

/** a | b, the shorter padded. */
create function private.bits_or(a varbit, b varbit)
returns varbit
language sql
immutable
set search_path = ''
as $$
  select private.bits_pad(a, pg_catalog.length(b)) | private.bits_pad(b, pg_catalog.length(a));
$$;

/** a without the bits of b. */
create function private.bits_clear(a varbit, b varbit)
returns varbit
language sql
immutable
set search_path = ''
as $$
  select a & ~private.bits_pad(pg_catalog.substring(b, 1, pg_catalog.length(a)), pg_catalog.length(a));
$$;

-- 1. Organisation numbers ----------------------------------------------------------------------------
-- No foreign key: a deleted organisation's number stays taken (its bits are cleared by the
-- cascades on the month tables, which need the number to do so).
create table public.stats_org_numbers (
  organisation_id uuid primary key,
  n int generated always as identity unique
);
comment on table public.stats_org_numbers is
  'Bit position of each organisation in the organisations-served bitmaps (023); never reused.';

-- 2. Lab-month bitmaps --------------------------------------------------------------------------------
create table public.lab_month_org_bits (
  lab_id uuid not null references public.labs (id) on delete cascade,
  month date not null check (extract(day from month) = 1),
  bits varbit not null,
  primary key (lab_id, month)
);
create index lab_month_org_bits_month_idx on public.lab_month_org_bits (month);
comment on table public.lab_month_org_bits is
  'Organisations a lab served in an Asia/Shanghai month, as a bitmap over stats_org_numbers (023); mirrors lab_month_orgs.';

-- 3. Group-month sets -----------------------------------------------------------------------------------
create table public.group_month_orgs (
  dimension text not null check (dimension in ('category', 'chain', 'value_band')),
  -- top-level category id, chain id or 'none', value band (private.value_band)
  group_key text not null,
  month date not null check (extract(day from month) = 1),
  organisation_id uuid not null,
  -- the group's instruments that served the organisation that month (rows at 0 are deleted)
  instruments int not null check (instruments >= 0),
  primary key (dimension, group_key, month, organisation_id)
);
create index group_month_orgs_organisation_id_idx on public.group_month_orgs (organisation_id);
create table public.group_month_org_bits (
  dimension text not null check (dimension in ('category', 'chain', 'value_band')),
  group_key text not null,
  month date not null check (extract(day from month) = 1),
  bits varbit not null,
  primary key (dimension, group_key, month)
);
create index group_month_org_bits_month_idx on public.group_month_org_bits (dimension, month);
comment on table public.group_month_orgs is
  'Organisations served per category, chain or value band and month, counted by instruments (023).';
comment on table public.group_month_org_bits is
  'group_month_orgs as a bitmap over stats_org_numbers per group and month (023).';

alter table public.stats_org_numbers enable row level security;
alter table public.lab_month_org_bits enable row level security;
alter table public.group_month_orgs enable row level security;
alter table public.group_month_org_bits enable row level security;
-- Read by the bureau (the statistics functions are security definer and check rights themselves);
-- written only by the triggers below.
create policy "Bureau can read organisation numbers" on public.stats_org_numbers
  for select to authenticated using ((select private.is_bureau()));
create policy "Bureau can read lab month organisation bitmaps" on public.lab_month_org_bits
  for select to authenticated using ((select private.is_bureau()));
create policy "Bureau can read group month organisations" on public.group_month_orgs
  for select to authenticated using ((select private.is_bureau()));
create policy "Bureau can read group month organisation bitmaps" on public.group_month_org_bits
  for select to authenticated using ((select private.is_bureau()));
revoke all on public.stats_org_numbers, public.lab_month_org_bits, public.group_month_orgs, public.group_month_org_bits from anon;
revoke insert, update, delete, truncate, references, trigger
  on public.stats_org_numbers, public.lab_month_org_bits, public.group_month_orgs, public.group_month_org_bits from authenticated;

-- Triggers: bitmaps follow their row sets ------------------------------------------------------------------
/** lab_month_orgs rows inserted set their bits; rows deleted clear them. */
create function private.lab_month_orgs_bits()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    -- the bookings trigger's upserts fire this for rows that were only updated: nothing to do
    if not exists (select 1 from new_rows) then return null; end if;
    insert into public.stats_org_numbers (organisation_id)
    select distinct r.organisation_id from new_rows r
    on conflict (organisation_id) do nothing;
    insert into public.lab_month_org_bits as b (lab_id, month, bits)
    select r.lab_id, r.month, private.bits_of(pg_catalog.array_agg(n.n))
    from new_rows r join public.stats_org_numbers n on n.organisation_id = r.organisation_id
    group by 1, 2
    on conflict (lab_id, month) do update set bits = private.bits_or(b.bits, excluded.bits);
  else
    if not exists (select 1 from old_rows) then return null; end if;
    update public.lab_month_org_bits b set bits = private.bits_clear(b.bits, d.bits)
    from (
      select r.lab_id, r.month, private.bits_of(pg_catalog.array_agg(n.n)) as bits
      from old_rows r join public.stats_org_numbers n on n.organisation_id = r.organisation_id
      group by 1, 2
    ) d
    where b.lab_id = d.lab_id and b.month = d.month;
  end if;
  return null;
end;
$$;
create trigger lab_month_orgs_bits_insert after insert on public.lab_month_orgs
  referencing new table as new_rows for each statement execute function private.lab_month_orgs_bits();
create trigger lab_month_orgs_bits_delete after delete on public.lab_month_orgs
  referencing old table as old_rows for each statement execute function private.lab_month_orgs_bits();

/** group_month_orgs rows inserted set their bits; rows deleted clear them. */
create function private.group_month_orgs_bits()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    -- the bookings trigger's upserts fire this for rows that were only updated: nothing to do
    if not exists (select 1 from new_rows) then return null; end if;
    insert into public.stats_org_numbers (organisation_id)
    select distinct r.organisation_id from new_rows r
    on conflict (organisation_id) do nothing;
    insert into public.group_month_org_bits as b (dimension, group_key, month, bits)
    select r.dimension, r.group_key, r.month, private.bits_of(pg_catalog.array_agg(n.n))
    from new_rows r join public.stats_org_numbers n on n.organisation_id = r.organisation_id
    group by 1, 2, 3
    on conflict (dimension, group_key, month) do update set bits = private.bits_or(b.bits, excluded.bits);
  else
    if not exists (select 1 from old_rows) then return null; end if;
    update public.group_month_org_bits b set bits = private.bits_clear(b.bits, d.bits)
    from (
      select r.dimension, r.group_key, r.month, private.bits_of(pg_catalog.array_agg(n.n)) as bits
      from old_rows r join public.stats_org_numbers n on n.organisation_id = r.organisation_id
      group by 1, 2, 3
    ) d
    where b.dimension = d.dimension and b.group_key = d.group_key and b.month = d.month;
  end if;
  return null;
end;
$$;
create trigger group_month_orgs_bits_insert after insert on public.group_month_orgs
  referencing new table as new_rows for each statement execute function private.group_month_orgs_bits();
create trigger group_month_orgs_bits_delete after delete on public.group_month_orgs
  referencing old table as old_rows for each statement execute function private.group_month_orgs_bits();

-- Triggers: group counts follow instrument_month_orgs and the instruments' attributes ----------------------
/** The groups (dimension, key) of instruments as they are now: top-level category, value band, each chain or 'none'. */
create function private.instrument_group_keys(p_instrument_ids uuid[])
returns table (instrument_id uuid, dimension text, group_key text)
language sql
stable
set search_path = ''
as $$
  select i.id, 'category', coalesce(c.parent_id, c.id)::text
  from public.instruments i join public.instrument_categories c on c.id = i.category_id
  where i.id = any (p_instrument_ids)
  union all
  select i.id, 'value_band', private.value_band(i.original_value_cny)
  from public.instruments i where i.id = any (p_instrument_ids)
  union all
  select i.id, 'chain', coalesce(ic.chain_id::text, 'none')
  from public.instruments i left join public.instrument_chains ic on ic.instrument_id = i.id
  where i.id = any (p_instrument_ids);
$$;

/**
 * Adds p_sign × an instrument's instrument_month_orgs rows to the groups named by parallel arrays
 * (instrument, dimension, group key, sign); rows brought to 0 are deleted.
 */
create function private.apply_group_deltas(p_instrument_ids uuid[], p_dimensions text[], p_keys text[], p_signs int[])
returns void
language plpgsql
set search_path = ''
as $$
begin
  -- existing rows take the delta; missing ones are inserted (a negative proposed row would fail the
  -- check even when it conflicts, so subtractions never go through insert … on conflict)
  with d as (
    select d.dimension, d.group_key, o.month, o.organisation_id, sum(d.sign)::int as delta
    from rows from (pg_catalog.unnest(p_instrument_ids), pg_catalog.unnest(p_dimensions), pg_catalog.unnest(p_keys), pg_catalog.unnest(p_signs)) d(instrument_id, dimension, group_key, sign)
    join public.instrument_month_orgs o on o.instrument_id = d.instrument_id
    group by 1, 2, 3, 4
    having sum(d.sign) <> 0
  ),
  updated as (
    update public.group_month_orgs g set instruments = g.instruments + d.delta
    from d
    where g.dimension = d.dimension and g.group_key = d.group_key and g.month = d.month and g.organisation_id = d.organisation_id
    returning g.dimension, g.group_key, g.month, g.organisation_id
  )
  insert into public.group_month_orgs as g (dimension, group_key, month, organisation_id, instruments)
  select d.dimension, d.group_key, d.month, d.organisation_id, d.delta from d
  where not exists (
    select 1 from updated u
    where u.dimension = d.dimension and u.group_key = d.group_key and u.month = d.month and u.organisation_id = d.organisation_id
  )
  on conflict (dimension, group_key, month, organisation_id) do update set instruments = g.instruments + excluded.instruments;
  delete from public.group_month_orgs g
  where g.instruments = 0
    and (g.dimension, g.group_key) in (select d.dimension, d.group_key from rows from (pg_catalog.unnest(p_dimensions), pg_catalog.unnest(p_keys)) d(dimension, group_key))
    and g.organisation_id in (select o.organisation_id from public.instrument_month_orgs o where o.instrument_id = any (p_instrument_ids));
end;
$$;

/** instrument_month_orgs rows inserted count for their instrument's groups; rows deleted stop counting. */
create function private.instrument_month_orgs_groups()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    -- the bookings trigger's upserts fire this for rows that were only updated: nothing to do
    if not exists (select 1 from new_rows) then return null; end if;
    insert into public.group_month_orgs as g (dimension, group_key, month, organisation_id, instruments)
    select k.dimension, k.group_key, r.month, r.organisation_id, count(*)::int
    from new_rows r
    join private.instrument_group_keys(array(select distinct x.instrument_id from new_rows x)) k on k.instrument_id = r.instrument_id
    group by 1, 2, 3, 4
    on conflict (dimension, group_key, month, organisation_id) do update set instruments = g.instruments + excluded.instruments;
  else
    if not exists (select 1 from old_rows) then return null; end if;
    -- an instrument being deleted was taken out of its groups before (instruments_leave_groups)
    with d as (
      select k.dimension, k.group_key, r.month, r.organisation_id, count(*)::int as n
      from old_rows r
      join private.instrument_group_keys(array(select distinct x.instrument_id from old_rows x)) k on k.instrument_id = r.instrument_id
      group by 1, 2, 3, 4
    )
    update public.group_month_orgs g set instruments = g.instruments - d.n
    from d
    where g.dimension = d.dimension and g.group_key = d.group_key and g.month = d.month and g.organisation_id = d.organisation_id;
    delete from public.group_month_orgs g
    using (select distinct r.month, r.organisation_id from old_rows r) d
    where g.month = d.month and g.organisation_id = d.organisation_id and g.instruments = 0;
  end if;
  return null;
end;
$$;
create trigger instrument_month_orgs_groups_insert after insert on public.instrument_month_orgs
  referencing new table as new_rows for each statement execute function private.instrument_month_orgs_groups();
create trigger instrument_month_orgs_groups_delete after delete on public.instrument_month_orgs
  referencing old table as old_rows for each statement execute function private.instrument_month_orgs_groups();

/** An instrument whose category or original value changes moves its served organisations to the new groups. */
create function private.instruments_regroup()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_old_category text;
  v_new_category text;
begin
  select coalesce(c.parent_id, c.id)::text into v_old_category from public.instrument_categories c where c.id = old.category_id;
  select coalesce(c.parent_id, c.id)::text into v_new_category from public.instrument_categories c where c.id = new.category_id;
  if v_old_category is distinct from v_new_category then
    perform private.apply_group_deltas(array[new.id, new.id], array['category', 'category'],
      array[v_old_category, v_new_category], array[-1, 1]);
  end if;
  if private.value_band(old.original_value_cny) <> private.value_band(new.original_value_cny) then
    perform private.apply_group_deltas(array[new.id, new.id], array['value_band', 'value_band'],
      array[private.value_band(old.original_value_cny), private.value_band(new.original_value_cny)], array[-1, 1]);
  end if;
  return null;
end;
$$;
create trigger instruments_regroup after update of category_id, original_value_cny on public.instruments
  for each row when (old.category_id is distinct from new.category_id or old.original_value_cny is distinct from new.original_value_cny)
  execute function private.instruments_regroup();

/** An instrument being deleted leaves its groups first (its month rows then cascade away uncounted). */
create function private.instruments_leave_groups()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.apply_group_deltas(
    array_agg(k.instrument_id), array_agg(k.dimension), array_agg(k.group_key), array_agg(-1))
  from private.instrument_group_keys(array[old.id]) k;
  return old;
end;
$$;
create trigger instruments_leave_groups before delete on public.instruments
  for each row execute function private.instruments_leave_groups();

/**
 * Chains added to (p_added) or removed from instruments: their served organisations move between
 * chain groups ('none' when an instrument has no chain). Called after the change, by statement.
 */
create function private.regroup_chains(p_instrument_ids uuid[], p_chain_ids uuid[], p_added boolean)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_ids uuid[];
  v_dims text[];
  v_keys text[];
  v_signs int[];
begin
  with changed as (
    select c.instrument_id, c.chain_id from rows from (pg_catalog.unnest(p_instrument_ids), pg_catalog.unnest(p_chain_ids)) c(instrument_id, chain_id)
  ),
  affected as (
    -- instruments still there (a deleted instrument left its groups before)
    select distinct c.instrument_id from changed c join public.instruments i on i.id = c.instrument_id
  ),
  now_chains as (
    select a.instrument_id, ic.chain_id from affected a join public.instrument_chains ic on ic.instrument_id = a.instrument_id
  ),
  before_chains as (
    select n.instrument_id, n.chain_id from now_chains n
    where not (p_added and exists (select 1 from changed c where c.instrument_id = n.instrument_id and c.chain_id = n.chain_id))
    union
    select c.instrument_id, c.chain_id from changed c join affected a on a.instrument_id = c.instrument_id where not p_added
  ),
  keys as (
    select a.instrument_id, coalesce(b.chain_id::text, 'none') as group_key, -1 as sign
    from affected a left join before_chains b on b.instrument_id = a.instrument_id
    union all
    select a.instrument_id, coalesce(n.chain_id::text, 'none'), 1
    from affected a left join now_chains n on n.instrument_id = a.instrument_id
  )
  select array_agg(k.instrument_id), array_agg('chain'::text), array_agg(k.group_key), array_agg(k.sign)
  into v_ids, v_dims, v_keys, v_signs
  from keys k;
  if v_ids is not null then
    perform private.apply_group_deltas(v_ids, v_dims, v_keys, v_signs);
  end if;
end;
$$;

create function private.instrument_chains_added()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.regroup_chains(array(select r.instrument_id from new_rows r order by 1), array(select r.chain_id from new_rows r order by r.instrument_id), true);
  return null;
end;
$$;
create function private.instrument_chains_removed()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.regroup_chains(array(select r.instrument_id from old_rows r order by 1), array(select r.chain_id from old_rows r order by r.instrument_id), false);
  return null;
end;
$$;
create trigger instrument_chains_regroup_insert after insert on public.instrument_chains
  referencing new table as new_rows for each statement execute function private.instrument_chains_added();
create trigger instrument_chains_regroup_delete after delete on public.instrument_chains
  referencing old table as old_rows for each statement execute function private.instrument_chains_removed();

/** A category moved under another parent takes its instruments' organisations to the new top-level group. */
create function private.categories_regroup()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.apply_group_deltas(
    array_agg(x.id), array_agg('category'::text), array_agg(x.group_key), array_agg(x.sign))
  from (
    select i.id, coalesce(old.parent_id, old.id)::text as group_key, -1 as sign from public.instruments i where i.category_id = new.id
    union all
    select i.id, coalesce(new.parent_id, new.id)::text, 1 from public.instruments i where i.category_id = new.id
  ) x
  having count(*) > 0;
  return null;
end;
$$;
create trigger instrument_categories_regroup after update of parent_id on public.instrument_categories
  for each row when (old.parent_id is distinct from new.parent_id) execute function private.categories_regroup();

-- Rebuild ------------------------------------------------------------------------------------------------
/** Recomputes the numbers' bitmaps and group sets from lab_month_orgs and instrument_month_orgs. */
create function private.refresh_stats_org_sets()
returns void
language plpgsql
set search_path = ''
as $$
begin
  truncate public.lab_month_org_bits, public.group_month_orgs, public.group_month_org_bits;
  insert into public.stats_org_numbers (organisation_id)
  select o.id from public.organisations o order by o.created_at, o.id
  on conflict (organisation_id) do nothing;
  insert into public.lab_month_org_bits (lab_id, month, bits)
  select o.lab_id, o.month, private.bits_of(pg_catalog.array_agg(n.n))
  from public.lab_month_orgs o join public.stats_org_numbers n on n.organisation_id = o.organisation_id
  group by 1, 2;
  -- the bitmaps of the groups follow by the insert trigger, one pass per group-month
  insert into public.group_month_orgs (dimension, group_key, month, organisation_id, instruments)
  select k.dimension, k.group_key, o.month, o.organisation_id, count(*)::int
  from public.instrument_month_orgs o
  join private.instrument_group_keys(array(select i.id from public.instruments i)) k on k.instrument_id = o.instrument_id
  group by 1, 2, 3, 4;
end;
$$;

-- The whole rebuild (bench data, repairs) ends with these sets.
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
    public.group_month_orgs, public.group_month_org_bits
    in exclusive mode;
  perform private.refresh_instrument_booking_stats(null);
  perform private.refresh_instrument_day_exceptions(null, null);
  perform private.refresh_instrument_month_figures(null);
  perform private.refresh_stats_org_sets();
end;
$$;

-- Backfill.
select private.refresh_stats_org_sets();

-- 4. The statistics read the bitmaps ----------------------------------------------------------------------
/**
 * As 20261205000000 (docs/decisions/018), except where organisations served come from:
 *   network, lab, district (not filtered by category, chain, value band or value): the OR of the
 *   lab-month bitmaps; category, chain, value band (unfiltered): the OR of the group-month bitmaps;
 *   instruments and filtered groups: a distinct over instrument_month_orgs. SMEs: the same bits
 *   AND the SME mask (organisations of kind 'sme' now).
 */
drop function private.stats_figures(date, date, text, boolean, date, uuid, uuid, uuid, uuid, text, boolean);
create function private.stats_figures(
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
      sum(extract(epoch from r.end_time - r.start_time) / 60) as minutes
    from ig join public.availability_rules r on r.instrument_id = ig.instrument_id
    where ig.created_day <= v_avail_end
    group by 1, 2, 3
  ),
  opening as (
    select w.key, p.pk, sum(w.minutes * ((p.b - f.first_day) / 7 + 1)) as minutes
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
    -- instruments: distinct by instrument id first (uuid pairs), keys after
    select distinct o.instrument_id, case when p_by_month then o.month else p_from end as pk, o.organisation_id
    from public.instrument_month_orgs o
    where p_served and p_dimension = 'instrument' and o.month between p_from and p_to
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

-- The helpers and triggers above run as their definers; nobody executes them directly.
revoke execute on all functions in schema private from public;

-- 5. The attention list joins days to their ISO week by equality (date_trunc), not by a range join
--    that compared every instrument-day with every week of the period (5.4 s for a year of the bench
--    data); otherwise as 20261205000000.
/**
 * Instruments that need attention over the whole months p_from..p_to: idle ones (effective hours
 * annualised over the days of the period up to p_as_of, from the instrument's creation, below the
 * 1,200 h a fully used instrument reaches; shortfall = 1,200 − annualised) and ones turning
 * requests away (rejected requests, or ISO weeks inside the period whose booked hours reach the
 * available hours). Sorted by shortfall, then by rejections.
 */
create or replace function public.stats_attention(p_from date, p_to date, p_lab_id uuid default null, p_as_of date default null)
returns table (
  instrument_id uuid, name_zh text, name_en text, lab_id uuid, lab_name_zh text, lab_name_en text,
  effective_hours numeric, annualised_hours numeric, shortfall_hours numeric, rejected bigint, fully_booked_weeks bigint
)
language plpgsql
stable
security definer
set search_path = ''
set plan_cache_mode = 'force_custom_plan'
as $$
declare
  v_end date;
begin
  perform private.check_stats_rights(p_lab_id);
  perform private.check_stats_months(p_from, p_to);
  v_end := least((p_to + interval '1 month')::date - 1, coalesce(p_as_of, (p_to + interval '1 month')::date - 1));
  return query
  with f as (
    select * from private.stats_figures(p_from, p_to, 'instrument', false, p_as_of, p_lab_id, p_served => false)
  ),
  inst as (
    select i.id, i.name_zh, i.name_en, l.id as lab_id, l.name_zh as lab_zh, l.name_en as lab_en,
      greatest(p_from, (i.created_at at time zone 'Asia/Shanghai')::date) as start_day
    from public.instruments i join public.labs l on l.id = i.lab_id
    where l.status <> 'pending' and (p_lab_id is null or i.lab_id = p_lab_id)
  ),
  weeks as (
    -- ISO weeks wholly inside the period (up to p_as_of) and the instrument's life
    select w::date as a, (w + interval '6 days')::date as b
    from pg_catalog.generate_series(pg_catalog.date_trunc('week', (p_from + 6)::timestamp), v_end::timestamp, interval '1 week') w
    where (w + interval '6 days')::date <= v_end
  ),
  weekly_open as (
    select r.instrument_id, sum(extract(epoch from r.end_time - r.start_time) / 60) as minutes
    from public.availability_rules r join inst on inst.id = r.instrument_id group by 1
  ),
  week_booked as (
    select s.instrument_id, w.a, sum(s.booked_minutes) as booked
    from public.instrument_day_stats s
    join weeks w on w.a = pg_catalog.date_trunc('week', s.day::timestamp)::date
    join inst on inst.id = s.instrument_id
    where s.day between p_from and v_end
    group by 1, 2
  ),
  week_adjust as (
    select x.instrument_id, w.a, sum(x.delta_minutes) as delta
    from public.instrument_day_exceptions x
    join weeks w on w.a = pg_catalog.date_trunc('week', x.day::timestamp)::date
    join inst on inst.id = x.instrument_id
    where x.day between p_from and v_end
    group by 1, 2
  ),
  full_weeks as (
    select wb.instrument_id, count(*) as n
    from week_booked wb
    join inst on inst.id = wb.instrument_id and wb.a >= inst.start_day
    left join weekly_open wo on wo.instrument_id = wb.instrument_id
    left join week_adjust wa on wa.instrument_id = wb.instrument_id and wa.a = wb.a
    where coalesce(wo.minutes, 0) + coalesce(wa.delta, 0) > 0
      and wb.booked >= coalesce(wo.minutes, 0) + coalesce(wa.delta, 0)
    group by 1
  ),
  t as (
    select inst.*, f.effective_hours,
      case when v_end >= inst.start_day then round(f.effective_hours * 365 / (v_end - inst.start_day + 1), 1) end as annualised,
      f.rejected, coalesce(fw.n, 0) as full_weeks
    from inst
    join f on f.group_key = inst.id::text
    left join full_weeks fw on fw.instrument_id = inst.id
  )
  select t.id, t.name_zh, t.name_en, t.lab_id, t.lab_zh, t.lab_en, t.effective_hours, t.annualised,
    case when t.annualised < 1200 then round(1200 - t.annualised, 1) else 0 end,
    t.rejected, t.full_weeks::bigint
  from t
  where t.annualised < 1200 or t.rejected > 0 or t.full_weeks > 0
  order by case when t.annualised < 1200 then 1200 - t.annualised else 0 end desc, t.rejected desc, t.full_weeks desc, t.name_zh;
end;
$$;

-- 6. Whole tables in one call -----------------------------------------------------------------------------
-- PostgREST answers at most max-rows (1,000) rows; paging a set-returning function with
-- limit/offset runs it again for every page (eleven times for a 10,000-instrument table). These
-- return the function's rows as one JSON array, in its order (their "ordinality"), computed once.

/** public.stats_breakdown as one JSON array. */
create function public.stats_breakdown_json(
  p_from date,
  p_to date,
  p_dimension text,
  p_lab_id uuid default null,
  p_district_id uuid default null,
  p_category_id uuid default null,
  p_chain_id uuid default null,
  p_value_band text default null,
  p_as_of date default null
)
returns json
language sql
stable
set search_path = ''
as $$
  select coalesce(pg_catalog.json_agg(b order by b.ordinality), '[]'::json)
  from public.stats_breakdown(p_from, p_to, p_dimension, p_lab_id, p_district_id, p_category_id, p_chain_id,
    p_value_band, p_as_of) with ordinality b;
$$;

/** public.stats_attention as one JSON array. */
create function public.stats_attention_json(p_from date, p_to date, p_lab_id uuid default null, p_as_of date default null)
returns json
language sql
stable
set search_path = ''
as $$
  select coalesce(pg_catalog.json_agg(a order by a.ordinality), '[]'::json)
  from public.stats_attention(p_from, p_to, p_lab_id, p_as_of) with ordinality a;
$$;

/** public.stats_evaluation as one JSON array. */
create function public.stats_evaluation_json(p_year int, p_lab_id uuid default null)
returns json
language sql
stable
set search_path = ''
as $$
  select coalesce(pg_catalog.json_agg(e order by e.ordinality), '[]'::json)
  from public.stats_evaluation(p_year, p_lab_id) with ordinality e;
$$;

revoke execute on function public.stats_breakdown_json(date, date, text, uuid, uuid, uuid, uuid, text, date) from public, anon;
revoke execute on function public.stats_attention_json(date, date, uuid, date) from public, anon;
revoke execute on function public.stats_evaluation_json(int, uuid) from public, anon;
grant execute on function public.stats_breakdown_json(date, date, text, uuid, uuid, uuid, uuid, text, date) to authenticated;
grant execute on function public.stats_attention_json(date, date, uuid, date) to authenticated;
grant execute on function public.stats_evaluation_json(int, uuid) to authenticated;

-- 7. The instrument table and the evaluation sheet join instruments by id (primary key) ------------------
-- As 20261205000000 / 20261209000000 except the join: id::text = group_key could not use the index.
/**
 * Figures per lab, category, district, chain, value band or instrument over the whole months
 * p_from..p_to, filtered (drill-down: district → its labs → a lab's instruments). Lab staff must
 * pass their p_lab_id. Instrument rows also carry the lab's name.
 */
create or replace function public.stats_breakdown(
  p_from date,
  p_to date,
  p_dimension text,
  p_lab_id uuid default null,
  p_district_id uuid default null,
  p_category_id uuid default null,
  p_chain_id uuid default null,
  p_value_band text default null,
  p_as_of date default null
)
returns table (
  group_key text, label_zh text, label_en text, lab_name_zh text, lab_name_en text, instruments bigint,
  available_hours numeric, booked_hours numeric, effective_hours numeric, external_hours numeric, sme_hours numeric,
  bookings bigint, completed bigint, no_shows bigint, rejected bigint, income_internal_cny numeric,
  income_external_cny numeric, organisations_served bigint, smes_served bigint
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.check_stats_rights(p_lab_id);
  perform private.check_stats_months(p_from, p_to);
  if p_dimension is null or p_dimension not in ('instrument', 'lab', 'category', 'district', 'chain', 'value_band') then
    raise exception 'STATS_INVALID_INPUT' using errcode = 'P0001', detail = 'Unknown dimension.';
  end if;
  if p_value_band is not null and p_value_band not in ('under_500k', '500k_1m', '1m_2m', '2m_5m', '5m_plus', 'unknown') then
    raise exception 'STATS_INVALID_INPUT' using errcode = 'P0001', detail = 'Unknown value band.';
  end if;
  return query
  select f.group_key, f.label_zh, f.label_en, l.name_zh, l.name_en, f.instruments, f.available_hours, f.booked_hours,
    f.effective_hours, f.external_hours, f.sme_hours, f.bookings, f.completed, f.no_shows, f.rejected,
    f.income_internal_cny, f.income_external_cny, f.organisations_served, f.smes_served
  from private.stats_figures(p_from, p_to, p_dimension, false, p_as_of, p_lab_id, p_district_id, p_category_id,
    p_chain_id, p_value_band) f
  -- by id (the primary key), not id::text = group_key: that comparison cannot use the index and
  -- made a nested loop of 10,000 × 10,000 for the instrument table (~0.5 s)
  left join public.instruments i on i.id = case when p_dimension = 'instrument' then f.group_key::uuid end
  left join public.labs l on l.id = i.lab_id
  -- a stable order: the app pages through up to 10,000 instrument rows
  order by f.label_zh, f.group_key;
end;
$$;

create or replace function public.stats_evaluation(p_year int, p_lab_id uuid default null)
returns table (
  instrument_id uuid, name_zh text, name_en text, model text, manufacturer text, lab_name_zh text, lab_name_en text,
  organisation_name_zh text, original_value_cny numeric, effective_hours numeric, external_hours numeric,
  sharing_rate numeric, sme_hours numeric, organisations_served bigint, income_internal_cny numeric,
  income_external_cny numeric, satisfaction_average numeric, satisfaction_ratings int
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.check_stats_rights(p_lab_id);
  if p_year is null or p_year < 2000 or p_year > 2100 then
    raise exception 'STATS_INVALID_INPUT' using errcode = 'P0001', detail = 'p_year 2000..2100.';
  end if;
  return query
  select i.id, i.name_zh, i.name_en, i.model, i.manufacturer, l.name_zh, l.name_en, o.name_zh, i.original_value_cny,
    f.effective_hours, f.external_hours, round(f.external_hours / nullif(f.effective_hours, 0), 4), f.sme_hours,
    f.organisations_served, f.income_internal_cny, f.income_external_cny, s.average, coalesce(s.ratings, 0)
  from private.stats_figures(make_date(p_year, 1, 1), make_date(p_year, 12, 1), 'instrument', false, null, p_lab_id,
    null, null, null, null, true) f
  join public.instruments i on i.id = f.group_key::uuid
  join public.labs l on l.id = i.lab_id
  join public.organisations o on o.id = l.organisation_id
  left join lateral (
    select round(avg(r.rating), 2) as average, count(*)::int as ratings
    from public.booking_ratings r
    join public.bookings b on b.id = r.booking_id
    where r.instrument_id = i.id
      and lower(b.during) >= (make_date(p_year, 1, 1)::timestamp at time zone 'Asia/Shanghai')
      and lower(b.during) < (make_date(p_year + 1, 1, 1)::timestamp at time zone 'Asia/Shanghai')
  ) s on true
  order by l.name_zh, i.name_zh, i.id;
end;
$$;
