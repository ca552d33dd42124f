-- The bureau's statistics pages (issue 11, docs/decisions/018): overview, trends, breakdowns,
-- attention list and the annual evaluation sheet, for the bureau network-wide and for a lab's own
-- staff scoped to their lab.
--
-- 1. A busy lab's bookings no longer queue on one row. The bookings trigger of 20261127030000 added
--    every booking's minutes to its lab's month row (lab_month_stats), so concurrent bookings of one
--    lab waited for each other's commit on that row. The row is now split in 16 shards by
--    instrument (lab_id, month, shard): bookings of different instruments of one lab rarely share
--    a shard, and readers sum the shards (public.utilisation() already sums per group). The
--    organisations counter, which moves only when a completion adds or removes a lab-month's
--    organisation, stays in shard 0.
-- 2. public.instrument_month_figures (instrument × Asia/Shanghai month), kept by its own trigger:
--    everything the pages show that the month rollup lacks (hours for SMEs, external income,
--    rejected requests) beside the same booked / effective / external minutes, so that every page
--    reads one narrow table: lab, category, district, chain, value band, network and trends are
--    sums over it. public.network_month_orgs (month × organisation) is the set of organisations
--    the network served per month, so the overview's distinct count reads a few thousand rows.
-- 3. Functions, all security definer with the rights check first (bureau: any scope; a lab's
--    staff: p_lab_id = their lab; anyone else STATS_FORBIDDEN), periods in whole months:
--    stats_overview, stats_trends, stats_breakdown, stats_attention, stats_evaluation.

-- 1. Sharded lab-month rows ---------------------------------------------------------------------------
alter table public.lab_month_stats add column shard smallint not null default 0 check (shard between 0 and 15);
alter table public.lab_month_stats drop constraint lab_month_stats_pkey;
alter table public.lab_month_stats add primary key (lab_id, month, shard);
comment on column public.lab_month_stats.shard is
  'The lab-month is split by instrument (hash mod 16) so concurrent bookings of one lab do not wait on one row; sum the shards.';

/** Which shard of its lab's month rows an instrument writes (stable, 0..15). */
create function private.lab_month_shard(p_instrument_id uuid)
returns smallint
language sql
immutable
set search_path = ''
as $$
  select (pg_catalog.abs(pg_catalog.hashtext(p_instrument_id::text)) % 16)::smallint;
$$;

-- The same as 20261127030000 except that the lab-month row is the instrument's shard.
create or replace function private.apply_booking_day_stats(
  p_instrument_id uuid,
  p_organisation_id uuid,
  p_during tstzrange,
  p_status public.booking_status,
  p_actual_minutes int,
  p_rate_cny numeric,
  p_sign int
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_lab_organisation uuid;
  v_lab_id uuid;
  v_lab_org_bookings int;
  v_shard smallint := private.lab_month_shard(p_instrument_id);
  v_first_day date := (lower(p_during) at time zone 'Asia/Shanghai')::date;
  v_last_day date := ((upper(p_during) - interval '1 microsecond') at time zone 'Asia/Shanghai')::date;
  v_first_month date := pg_catalog.date_trunc('month', v_first_day::timestamp)::date;
  v_last_month date := pg_catalog.date_trunc('month', v_last_day::timestamp)::date;
begin
  if p_status not in ('confirmed', 'completed', 'no_show') then
    return;
  end if;
  select l.organisation_id, l.id into v_lab_organisation, v_lab_id
  from public.instruments i join public.labs l on l.id = i.lab_id
  where i.id = p_instrument_id;

  with c as materialized (
    select p_instrument_id as instrument_id, c.day, p_sign * c.booked_minutes as booked_minutes,
      p_sign * c.used_minutes as used_minutes, p_sign * c.external_minutes as external_minutes,
      p_sign * c.bookings as bookings, p_sign * c.completed as completed, p_sign * c.no_shows as no_shows,
      p_sign * c.revenue_cny as revenue_cny
    from private.booking_day_contributions(
      p_during, p_status, p_actual_minutes, p_rate_cny, p_organisation_id is distinct from v_lab_organisation
    ) c
  ),
  days as (
    insert into public.instrument_day_stats as s
      (instrument_id, day, booked_minutes, used_minutes, external_minutes, bookings, completed, no_shows, revenue_cny)
    select c.instrument_id, c.day, c.booked_minutes, c.used_minutes, c.external_minutes, c.bookings, c.completed,
      c.no_shows, c.revenue_cny
    from c
    order by c.day
    on conflict (instrument_id, day) do update set
      booked_minutes = s.booked_minutes + excluded.booked_minutes,
      used_minutes = s.used_minutes + excluded.used_minutes,
      external_minutes = s.external_minutes + excluded.external_minutes,
      bookings = s.bookings + excluded.bookings,
      completed = s.completed + excluded.completed,
      no_shows = s.no_shows + excluded.no_shows,
      revenue_cny = s.revenue_cny + excluded.revenue_cny
    returning 1
  ),
  months as (
    select pg_catalog.date_trunc('month', c.day::timestamp)::date as month, sum(c.booked_minutes) as booked_minutes,
      sum(c.used_minutes) as used_minutes, sum(c.external_minutes) as external_minutes, sum(c.bookings) as bookings,
      sum(c.completed) as completed, sum(c.no_shows) as no_shows, sum(c.revenue_cny) as revenue_cny
    from c
    group by 1
    having (sum(c.booked_minutes), sum(c.used_minutes), sum(c.external_minutes), sum(c.bookings), sum(c.completed),
            sum(c.no_shows), sum(c.revenue_cny)) <> (0, 0, 0, 0, 0, 0, 0)
  ),
  instrument_months as (
    insert into public.instrument_month_stats as s
      (instrument_id, month, booked_minutes, used_minutes, external_minutes, bookings, completed, no_shows, revenue_cny)
    select p_instrument_id, m.month, m.booked_minutes, m.used_minutes, m.external_minutes, m.bookings, m.completed,
      m.no_shows, m.revenue_cny
    from months m
    order by m.month
    on conflict (instrument_id, month) do update set
      booked_minutes = s.booked_minutes + excluded.booked_minutes,
      used_minutes = s.used_minutes + excluded.used_minutes,
      external_minutes = s.external_minutes + excluded.external_minutes,
      bookings = s.bookings + excluded.bookings,
      completed = s.completed + excluded.completed,
      no_shows = s.no_shows + excluded.no_shows,
      revenue_cny = s.revenue_cny + excluded.revenue_cny
    returning 1
  )
  insert into public.lab_month_stats as s
    (lab_id, month, shard, booked_minutes, used_minutes, external_minutes, bookings, completed, no_shows, revenue_cny)
  select v_lab_id, m.month, v_shard, m.booked_minutes, m.used_minutes, m.external_minutes, m.bookings, m.completed,
    m.no_shows, m.revenue_cny
  from months m
  order by m.month
  on conflict (lab_id, month, shard) do update set
    booked_minutes = s.booked_minutes + excluded.booked_minutes,
    used_minutes = s.used_minutes + excluded.used_minutes,
    external_minutes = s.external_minutes + excluded.external_minutes,
    bookings = s.bookings + excluded.bookings,
    completed = s.completed + excluded.completed,
    no_shows = s.no_shows + excluded.no_shows,
    revenue_cny = s.revenue_cny + excluded.revenue_cny;

  if p_status = 'completed' then
    insert into public.instrument_day_orgs as o (instrument_id, day, organisation_id, bookings)
    values (p_instrument_id, v_first_day, p_organisation_id, p_sign)
    on conflict (instrument_id, day, organisation_id) do update set bookings = o.bookings + excluded.bookings;
    insert into public.instrument_month_orgs as o (instrument_id, month, organisation_id, bookings)
    values (p_instrument_id, v_first_month, p_organisation_id, p_sign)
    on conflict (instrument_id, month, organisation_id) do update set bookings = o.bookings + excluded.bookings;
    insert into public.lab_month_orgs as o (lab_id, month, organisation_id, bookings)
    values (v_lab_id, v_first_month, p_organisation_id, p_sign)
    on conflict (lab_id, month, organisation_id) do update set bookings = o.bookings + excluded.bookings
    returning o.bookings into v_lab_org_bookings;
    if (p_sign > 0 and v_lab_org_bookings = 1) or (p_sign < 0 and v_lab_org_bookings = 0) then
      insert into public.lab_month_stats as s (lab_id, month, shard, organisations)
      values (v_lab_id, v_first_month, 0, p_sign)
      on conflict (lab_id, month, shard) do update set organisations = s.organisations + excluded.organisations;
    end if;
  end if;

  if p_sign < 0 then
    delete from public.instrument_day_stats s
    where s.instrument_id = p_instrument_id and s.day between v_first_day and v_last_day
      and s.booked_minutes = 0 and s.used_minutes = 0 and s.external_minutes = 0 and s.bookings = 0
      and s.completed = 0 and s.no_shows = 0 and s.revenue_cny = 0;
    delete from public.instrument_month_stats s
    where s.instrument_id = p_instrument_id and s.month between v_first_month and v_last_month
      and s.booked_minutes = 0 and s.used_minutes = 0 and s.external_minutes = 0 and s.bookings = 0
      and s.completed = 0 and s.no_shows = 0 and s.revenue_cny = 0;
    if p_status = 'completed' then
      delete from public.instrument_day_orgs o
      where o.instrument_id = p_instrument_id and o.day = v_first_day
        and o.organisation_id = p_organisation_id and o.bookings = 0;
      delete from public.instrument_month_orgs o
      where o.instrument_id = p_instrument_id and o.month = v_first_month
        and o.organisation_id = p_organisation_id and o.bookings = 0;
      delete from public.lab_month_orgs o
      where o.lab_id = v_lab_id and o.month = v_first_month
        and o.organisation_id = p_organisation_id and o.bookings = 0;
    end if;
    delete from public.lab_month_stats s
    where s.lab_id = v_lab_id and s.month between v_first_month and v_last_month and s.shard in (v_shard, 0)
      and s.booked_minutes = 0 and s.used_minutes = 0 and s.external_minutes = 0 and s.bookings = 0
      and s.completed = 0 and s.no_shows = 0 and s.revenue_cny = 0 and s.organisations = 0;
  end if;
end;
$$;

-- 2. Instrument-month figures and the network's organisations per month --------------------------------
create table public.instrument_month_figures (
  instrument_id uuid not null references public.instruments (id) on delete cascade,
  month date not null check (extract(day from month) = 1),
  -- as in instrument_month_stats: confirmed + completed minutes; completed actual minutes (split
  -- across days and months in proportion, 004); the part for organisations other than the lab's
  booked_minutes numeric(12, 4) not null default 0,
  used_minutes numeric(12, 4) not null default 0,
  external_minutes numeric(12, 4) not null default 0,
  -- the part of used minutes for organisations of kind 'sme'
  sme_minutes numeric(12, 4) not null default 0,
  -- bookings starting this month: confirmed + completed, completed, no-shows, rejected requests
  bookings int not null default 0,
  completed int not null default 0,
  no_shows int not null default 0,
  rejected int not null default 0,
  -- service income at the charged rate (rate_cny × actual hours), and its external part
  revenue_cny numeric(14, 4) not null default 0,
  external_revenue_cny numeric(14, 4) not null default 0,
  primary key (instrument_id, month)
);
create index instrument_month_figures_month_idx on public.instrument_month_figures (month);
comment on table public.instrument_month_figures is
  'Per instrument and Asia/Shanghai month: what the bureau statistics pages sum (018); kept by a trigger on bookings.';

create table public.network_month_orgs (
  month date not null check (extract(day from month) = 1),
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  -- completed bookings of this organisation starting this month, on any instrument (reference count)
  bookings int not null default 0,
  primary key (month, organisation_id)
);
comment on table public.network_month_orgs is
  'Organisations the network served per Asia/Shanghai month (completed bookings), for distinct counts (018).';

alter table public.instrument_month_figures enable row level security;
alter table public.network_month_orgs enable row level security;

create policy "Bureau and lab staff can read instrument month figures" on public.instrument_month_figures
  for select to authenticated
  using ((select private.is_bureau()) or instrument_id in (select private.my_instrument_ids()));
create policy "Bureau can read organisations served per network month" on public.network_month_orgs
  for select to authenticated
  using ((select private.is_bureau()));

revoke all on public.instrument_month_figures, public.network_month_orgs from anon;
revoke insert, update, delete, truncate, references, trigger
  on public.instrument_month_figures, public.network_month_orgs from authenticated;

/**
 * One booking's contribution to instrument_month_figures, one row per month it touches: the day
 * contributions of 004 summed by month (so hours equal instrument_month_stats digit for digit),
 * plus SME minutes, external income and a rejected request in its first month.
 */
create function private.booking_month_figures(
  p_during tstzrange,
  p_status public.booking_status,
  p_actual_minutes int,
  p_rate_cny numeric,
  p_external boolean,
  p_sme boolean
)
returns table (
  month date, booked_minutes numeric, used_minutes numeric, external_minutes numeric, sme_minutes numeric,
  bookings int, completed int, no_shows int, rejected int, revenue_cny numeric, external_revenue_cny numeric
)
language sql
stable
set search_path = ''
as $$
  select pg_catalog.date_trunc('month', c.day::timestamp)::date,
    sum(c.booked_minutes), sum(c.used_minutes), sum(c.external_minutes),
    case when p_sme then sum(c.used_minutes) else 0 end,
    sum(c.bookings)::int, sum(c.completed)::int, sum(c.no_shows)::int, 0,
    sum(c.revenue_cny), case when p_external then sum(c.revenue_cny) else 0 end
  from private.booking_day_contributions(p_during, p_status, p_actual_minutes, p_rate_cny, p_external) c
  group by 1
  union all
  select pg_catalog.date_trunc('month', (lower(p_during) at time zone 'Asia/Shanghai')::date::timestamp)::date,
    0, 0, 0, 0, 0, 0, 0, 1, 0, 0
  where p_status = 'rejected';
$$;

create function private.apply_booking_month_figures(
  p_instrument_id uuid,
  p_organisation_id uuid,
  p_during tstzrange,
  p_status public.booking_status,
  p_actual_minutes int,
  p_rate_cny numeric,
  p_sign int
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_external boolean;
  v_sme boolean;
  v_first_month date := pg_catalog.date_trunc('month', (lower(p_during) at time zone 'Asia/Shanghai')::date::timestamp)::date;
  v_last_month date := pg_catalog.date_trunc('month', ((upper(p_during) - interval '1 microsecond') at time zone 'Asia/Shanghai')::date::timestamp)::date;
begin
  if p_status not in ('confirmed', 'completed', 'no_show', 'rejected') then
    return;
  end if;
  select l.organisation_id is distinct from p_organisation_id into v_external
  from public.instruments i join public.labs l on l.id = i.lab_id where i.id = p_instrument_id;
  select o.kind = 'sme' into v_sme from public.organisations o where o.id = p_organisation_id;

  insert into public.instrument_month_figures as s (instrument_id, month, booked_minutes, used_minutes,
    external_minutes, sme_minutes, bookings, completed, no_shows, rejected, revenue_cny, external_revenue_cny)
  select p_instrument_id, m.month, p_sign * m.booked_minutes, p_sign * m.used_minutes, p_sign * m.external_minutes,
    p_sign * m.sme_minutes, p_sign * m.bookings, p_sign * m.completed, p_sign * m.no_shows, p_sign * m.rejected,
    p_sign * m.revenue_cny, p_sign * m.external_revenue_cny
  from private.booking_month_figures(p_during, p_status, p_actual_minutes, p_rate_cny, v_external, coalesce(v_sme, false)) m
  where (m.booked_minutes, m.used_minutes, m.bookings, m.no_shows, m.rejected, m.revenue_cny) <> (0, 0, 0, 0, 0, 0)
  order by m.month
  on conflict (instrument_id, month) do update set
    booked_minutes = s.booked_minutes + excluded.booked_minutes,
    used_minutes = s.used_minutes + excluded.used_minutes,
    external_minutes = s.external_minutes + excluded.external_minutes,
    sme_minutes = s.sme_minutes + excluded.sme_minutes,
    bookings = s.bookings + excluded.bookings,
    completed = s.completed + excluded.completed,
    no_shows = s.no_shows + excluded.no_shows,
    rejected = s.rejected + excluded.rejected,
    revenue_cny = s.revenue_cny + excluded.revenue_cny,
    external_revenue_cny = s.external_revenue_cny + excluded.external_revenue_cny;

  if p_status = 'completed' then
    insert into public.network_month_orgs as o (month, organisation_id, bookings)
    values (v_first_month, p_organisation_id, p_sign)
    on conflict (month, organisation_id) do update set bookings = o.bookings + excluded.bookings;
  end if;

  if p_sign < 0 then
    delete from public.instrument_month_figures s
    where s.instrument_id = p_instrument_id and s.month between v_first_month and v_last_month
      and (s.booked_minutes, s.used_minutes, s.external_minutes, s.sme_minutes, s.bookings, s.completed, s.no_shows,
           s.rejected, s.revenue_cny, s.external_revenue_cny) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    if p_status = 'completed' then
      delete from public.network_month_orgs o
      where o.month = v_first_month and o.organisation_id = p_organisation_id and o.bookings = 0;
    end if;
  end if;
end;
$$;

create function private.track_booking_month_figures()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform private.apply_booking_month_figures(old.instrument_id, old.organisation_id, old.during, old.status,
      old.actual_minutes, old.rate_cny, -1);
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    perform private.apply_booking_month_figures(new.instrument_id, new.organisation_id, new.during, new.status,
      new.actual_minutes, new.rate_cny, 1);
  end if;
  return null;
end;
$$;

create trigger bookings_track_month_figures_insert_delete
  after insert or delete on public.bookings
  for each row execute function private.track_booking_month_figures();
create trigger bookings_track_month_figures_update
  after update of instrument_id, organisation_id, during, status, actual_minutes, rate_cny on public.bookings
  for each row
  when ((old.instrument_id, old.organisation_id, old.during, old.status, old.actual_minutes, old.rate_cny)
        is distinct from (new.instrument_id, new.organisation_id, new.during, new.status, new.actual_minutes, new.rate_cny))
  execute function private.track_booking_month_figures();

/** Recomputes instrument_month_figures of one instrument (all when null) from bookings; network_month_orgs when null. */
create function private.refresh_instrument_month_figures(p_instrument_id uuid default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.instrument_month_figures s where p_instrument_id is null or s.instrument_id = p_instrument_id;
  insert into public.instrument_month_figures (instrument_id, month, booked_minutes, used_minutes, external_minutes,
    sme_minutes, bookings, completed, no_shows, rejected, revenue_cny, external_revenue_cny)
  select b.instrument_id, m.month, sum(m.booked_minutes), sum(m.used_minutes), sum(m.external_minutes),
    sum(m.sme_minutes), sum(m.bookings), sum(m.completed), sum(m.no_shows), sum(m.rejected), sum(m.revenue_cny),
    sum(m.external_revenue_cny)
  from public.bookings b
  join public.instruments i on i.id = b.instrument_id
  join public.labs l on l.id = i.lab_id
  join public.organisations o on o.id = b.organisation_id
  cross join lateral private.booking_month_figures(b.during, b.status, b.actual_minutes, b.rate_cny,
    b.organisation_id is distinct from l.organisation_id, o.kind = 'sme') m
  where b.status in ('confirmed', 'completed', 'no_show', 'rejected')
    and (p_instrument_id is null or b.instrument_id = p_instrument_id)
  group by 1, 2
  having (sum(m.booked_minutes), sum(m.used_minutes), sum(m.bookings), sum(m.no_shows), sum(m.rejected),
          sum(m.revenue_cny)) <> (0, 0, 0, 0, 0, 0);

  if p_instrument_id is null then
    delete from public.network_month_orgs;
    insert into public.network_month_orgs (month, organisation_id, bookings)
    select pg_catalog.date_trunc('month', (lower(b.during) at time zone 'Asia/Shanghai')::date::timestamp)::date,
      b.organisation_id, count(*)
    from public.bookings b where b.status = 'completed'
    group by 1, 2;
  end if;
end;
$$;

-- Moving an instrument to another lab changes which of its hours and income are external.
create function private.track_instrument_lab_change_figures()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.refresh_instrument_month_figures(new.id);
  return null;
end;
$$;
create trigger instruments_track_lab_change_figures
  after update of lab_id on public.instruments
  for each row when (old.lab_id is distinct from new.lab_id)
  execute function private.track_instrument_lab_change_figures();

/** Recomputes instrument_month_figures and network_month_orgs from bookings (service role; after bulk loads). */
create function public.rebuild_instrument_month_figures()
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  lock table public.instrument_month_figures, public.network_month_orgs in exclusive mode;
  perform private.refresh_instrument_month_figures(null);
end;
$$;

-- The day-and-month rebuild now also rebuilds the figures, and puts each lab-month in shard 0.
create or replace function public.rebuild_instrument_day_stats()
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  lock table public.instrument_day_stats, public.instrument_day_orgs, public.instrument_day_exceptions,
    public.instrument_month_stats, public.instrument_month_orgs, public.lab_month_orgs, public.lab_month_stats,
    public.instrument_month_figures, public.network_month_orgs
    in exclusive mode;
  perform private.refresh_instrument_booking_stats(null);
  perform private.refresh_instrument_day_exceptions(null, null);
  perform private.refresh_instrument_month_figures(null);
end;
$$;

-- Backfill.
select private.refresh_instrument_month_figures(null);

-- 3. The statistics -------------------------------------------------------------------------------------
/** The value band of an original value (CNY): the evaluation's 大型仪器 start at ¥500,000. */
create function private.value_band(p_value numeric)
returns text
language sql
immutable
set search_path = ''
as $$
  select case
    when p_value is null then 'unknown'
    when p_value < 500000 then 'under_500k'
    when p_value < 1000000 then '500k_1m'
    when p_value < 2000000 then '1m_2m'
    when p_value < 5000000 then '2m_5m'
    else '5m_plus'
  end;
$$;

/** Bureau staff, or staff of p_lab_id; else STATS_FORBIDDEN. */
create function private.check_stats_rights(p_lab_id uuid)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not ((select private.is_bureau()) or (p_lab_id is not null and (select private.is_lab_staff(p_lab_id)))) then
    raise exception 'STATS_FORBIDDEN' using errcode = 'P0001',
      detail = 'Statistics are for bureau staff, or for a lab''s own staff.';
  end if;
end;
$$;

/** p_from and p_to are first days of months, p_from <= p_to, at most 5 years apart; else STATS_INVALID_INPUT. */
create function private.check_stats_months(p_from date, p_to date)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_from is null or p_to is null or extract(day from p_from) <> 1 or extract(day from p_to) <> 1
     or p_from > p_to or p_to >= (p_from + interval '5 years')::date then
    raise exception 'STATS_INVALID_INPUT' using errcode = 'P0001',
      detail = 'Need whole months: p_from and p_to first days of months, p_from <= p_to, within 5 years.';
  end if;
end;
$$;

/**
 * The figures per group (and per month when p_by_month) over the whole months p_from..p_to
 * (first days of the first and last month), read from instrument_month_figures; the instruments
 * in scope are those of approved or suspended labs that pass every filter.
 *   p_dimension  instrument | lab | category (top level) | district | chain | value_band | network
 *   available hours: weekly opening hours × weekdays from the instrument's creation, plus the
 *   exception deltas, up to p_as_of (inclusive) when given (the current month so far).
 *   organisations / smes served: distinct organisations of completed bookings starting in the
 *   period: network (network_month_orgs, or lab_month_orgs when filtered by lab or district), lab
 *   and district (lab_month_orgs), instrument, category, chain and value band (instrument_month_orgs).
 * No rights check here: private, called by the public functions below after theirs.
 */
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
  p_large_only boolean default false
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
as $$
#variable_conflict use_column
declare
  v_avail_end date := least((p_to + interval '1 month')::date - 1, coalesce(p_as_of, (p_to + interval '1 month')::date - 1));
  v_whole_network boolean := p_lab_id is null and p_district_id is null and p_category_id is null
    and p_chain_id is null and p_value_band is null and not p_large_only;
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
        when 'value_band' then private.value_band(i.original_value_cny)
        else 'network'
      end as key,
      case p_dimension
        when 'instrument' then i.name_zh
        when 'lab' then l.name_zh
        when 'category' then tc.name_zh
        when 'district' then dz.name_zh
        when 'chain' then coalesce(ch.name_zh, '未纳入重点产业链')
        when 'value_band' then case private.value_band(i.original_value_cny)
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
        when 'value_band' then case private.value_band(i.original_value_cny)
          when 'under_500k' then 'Under ¥500k' when '500k_1m' then '¥500k–1m' when '1m_2m' then '¥1m–2m'
          when '2m_5m' then '¥2m–5m' when '5m_plus' then '¥5m and over' else 'Value not given' end
        else 'Whole network'
      end as label_en
    from public.instruments i
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
      and (p_value_band is null or private.value_band(i.original_value_cny) = p_value_band)
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
    select ig.key, ig.created_day, r.weekday::int as weekday, sum(extract(epoch from r.end_time - r.start_time) / 60) as minutes
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
  org_rows as (
    -- (key, period, organisation), not yet distinct
    select 'network' as key, case when p_by_month then o.month else p_from end as pk, o.organisation_id
    from public.network_month_orgs o
    where p_dimension = 'network' and v_whole_network and o.month between p_from and p_to
    union all
    select case when p_dimension = 'lab' then o.lab_id::text when p_dimension = 'district' then l.district_id::text else 'network' end,
      case when p_by_month then o.month else p_from end, o.organisation_id
    from public.lab_month_orgs o
    join public.labs l on l.id = o.lab_id
    where ((p_dimension in ('lab', 'district')) or (p_dimension = 'network' and not v_whole_network
            and p_category_id is null and p_chain_id is null and p_value_band is null and not p_large_only))
      and o.month between p_from and p_to
      and l.status <> 'pending'
      and (p_lab_id is null or o.lab_id = p_lab_id)
      and (p_district_id is null or l.district_id = p_district_id)
      and p_category_id is null and p_chain_id is null and p_value_band is null and not p_large_only
    union all
    select ig.key, case when p_by_month then o.month else p_from end, o.organisation_id
    from public.instrument_month_orgs o
    join ig on ig.instrument_id = o.instrument_id
    where o.month between p_from and p_to
      and (p_dimension in ('instrument', 'category', 'chain', 'value_band')
           or (p_dimension in ('lab', 'district', 'network')
               and (p_category_id is not null or p_chain_id is not null or p_value_band is not null or p_large_only)))
  ),
  served as (
    select d.key, d.pk, count(*) as organisations, count(*) filter (where og.kind = 'sme') as smes
    from (select distinct r.key, r.pk, r.organisation_id from org_rows r) d
    join public.organisations og on og.id = d.organisation_id
    group by 1, 2
  ),
  groups as (
    select ig.key, min(ig.label_zh) as label_zh, min(ig.label_en) as label_en, count(distinct ig.instrument_id) as n
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

/**
 * The overview: one row of figures for the whole months p_from..p_to (first days), network-wide
 * (bureau) or for one lab (its staff or the bureau). p_as_of clips available hours (today for a
 * period still running). Errors STATS_FORBIDDEN, STATS_INVALID_INPUT.
 */
create function public.stats_overview(p_from date, p_to date, p_lab_id uuid default null, p_as_of date default null)
returns table (
  instruments bigint, large_instruments bigint, available_hours numeric, booked_hours numeric,
  effective_hours numeric, external_hours numeric, sme_hours numeric, bookings bigint, completed bigint,
  no_shows bigint, rejected bigint, income_internal_cny numeric, income_external_cny numeric,
  organisations_served bigint, smes_served bigint
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.check_stats_rights(p_lab_id);
  perform private.check_stats_months(p_from, p_to);
  return query
  select f.instruments,
    (select count(*) from public.instruments i join public.labs l on l.id = i.lab_id
      where l.status <> 'pending' and i.original_value_cny >= 500000 and (p_lab_id is null or i.lab_id = p_lab_id)),
    f.available_hours, f.booked_hours, f.effective_hours, f.external_hours, f.sme_hours, f.bookings,
    f.completed, f.no_shows, f.rejected, f.income_internal_cny, f.income_external_cny, f.organisations_served, f.smes_served
  from private.stats_figures(p_from, p_to, 'network', false, p_as_of, p_lab_id) f;
end;
$$;

/** The network's (or one lab's) figures per month, p_months months up to the month p_to. */
create function public.stats_trends(p_to date, p_months int default 24, p_lab_id uuid default null, p_as_of date default null)
returns table (
  month date, instruments bigint, available_hours numeric, booked_hours numeric, effective_hours numeric,
  external_hours numeric, sme_hours numeric, bookings bigint, no_shows bigint, rejected bigint,
  income_internal_cny numeric, income_external_cny numeric, organisations_served bigint
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.check_stats_rights(p_lab_id);
  if p_months is null or p_months < 1 or p_months > 60 then
    raise exception 'STATS_INVALID_INPUT' using errcode = 'P0001', detail = 'p_months 1..60.';
  end if;
  perform private.check_stats_months((p_to - make_interval(months => p_months - 1))::date, p_to);
  return query
  select f.period_start, f.instruments, f.available_hours, f.booked_hours, f.effective_hours, f.external_hours,
    f.sme_hours, f.bookings, f.no_shows, f.rejected, f.income_internal_cny, f.income_external_cny, f.organisations_served
  from private.stats_figures((p_to - make_interval(months => p_months - 1))::date, p_to, 'network', true, p_as_of, p_lab_id) f
  order by f.period_start;
end;
$$;

/**
 * Figures per lab, category, district, chain, value band or instrument over the whole months
 * p_from..p_to, filtered (drill-down: district → its labs → a lab's instruments). Lab staff must
 * pass their p_lab_id. Instrument rows also carry the lab's name.
 */
create function public.stats_breakdown(
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
  left join public.instruments i on p_dimension = 'instrument' and i.id::text = f.group_key
  left join public.labs l on l.id = i.lab_id;
end;
$$;

/**
 * Instruments that need attention over the whole months p_from..p_to: idle ones (effective hours
 * annualised over the days of the period up to p_as_of, from the instrument's creation, below the
 * 1,200 h a fully used instrument reaches; shortfall = 1,200 − annualised) and ones turning
 * requests away (rejected requests, or ISO weeks inside the period whose booked hours reach the
 * available hours). Sorted by shortfall, then by rejections.
 */
create function public.stats_attention(p_from date, p_to date, p_lab_id uuid default null, p_as_of date default null)
returns table (
  instrument_id uuid, name_zh text, name_en text, lab_id uuid, lab_name_zh text, lab_name_en text,
  effective_hours numeric, annualised_hours numeric, shortfall_hours numeric, rejected bigint, fully_booked_weeks bigint
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_end date;
begin
  perform private.check_stats_rights(p_lab_id);
  perform private.check_stats_months(p_from, p_to);
  v_end := least((p_to + interval '1 month')::date - 1, coalesce(p_as_of, (p_to + interval '1 month')::date - 1));
  return query
  with f as (
    select * from private.stats_figures(p_from, p_to, 'instrument', false, p_as_of, p_lab_id)
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
    join weeks w on s.day between w.a and w.b
    join inst on inst.id = s.instrument_id
    where s.day between p_from and v_end
    group by 1, 2
  ),
  week_adjust as (
    select x.instrument_id, w.a, sum(x.delta_minutes) as delta
    from public.instrument_day_exceptions x
    join weeks w on x.day between w.a and w.b
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

/**
 * The annual evaluation sheet (开放共享评价考核): one row per 大型仪器 (original value ≥ ¥500,000)
 * of approved or suspended labs, for the Asia/Shanghai calendar year p_year.
 * Average satisfaction and number of ratings join here once public.booking_ratings exists.
 */
create function public.stats_evaluation(p_year int, p_lab_id uuid default null)
returns table (
  instrument_id uuid, name_zh text, name_en text, model text, manufacturer text, lab_name_zh text, lab_name_en text,
  organisation_name_zh text, original_value_cny numeric, effective_hours numeric, external_hours numeric,
  sharing_rate numeric, sme_hours numeric, organisations_served bigint, income_internal_cny numeric,
  income_external_cny numeric
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
    f.organisations_served, f.income_internal_cny, f.income_external_cny
  from private.stats_figures(make_date(p_year, 1, 1), make_date(p_year, 12, 1), 'instrument', false, null, p_lab_id,
    null, null, null, null, true) f
  join public.instruments i on i.id::text = f.group_key
  join public.labs l on l.id = i.lab_id
  join public.organisations o on o.id = l.organisation_id
  order by l.name_zh, i.name_zh, i.id;
end;
$$;

revoke execute on all functions in schema private from public;
revoke execute on function public.rebuild_instrument_month_figures() from public, anon, authenticated;
grant execute on function public.rebuild_instrument_month_figures() to service_role;
revoke execute on function public.stats_overview(date, date, uuid, date) from public, anon;
revoke execute on function public.stats_trends(date, int, uuid, date) from public, anon;
revoke execute on function public.stats_breakdown(date, date, text, uuid, uuid, uuid, uuid, text, date) from public, anon;
revoke execute on function public.stats_attention(date, date, uuid, date) from public, anon;
revoke execute on function public.stats_evaluation(int, uuid) from public, anon;
grant execute on function public.stats_overview(date, date, uuid, date) to authenticated;
grant execute on function public.stats_trends(date, int, uuid, date) to authenticated;
grant execute on function public.stats_breakdown(date, date, text, uuid, uuid, uuid, uuid, text, date) to authenticated;
grant execute on function public.stats_attention(date, date, uuid, date) to authenticated;
grant execute on function public.stats_evaluation(int, uuid) to authenticated;
