-- Utilisation statistics (DESIGN §6): rollups kept by triggers, public.utilisation() that reads
-- them for the bureau and for a lab's own staff, and public.network_figures() for the home page.
--
-- Why rollups: the statistics must stay fast over a city's history (a million bookings). Reading
-- bookings and expanding opening hours day by day at query time does not. Small tables keep what the
-- statistics need, maintained incrementally in the same transaction as each change:
--   * instrument_day_stats        booked / used / external minutes, counts and revenue per
--                                 instrument and Asia/Shanghai day (bookings split at midnight);
--   * instrument_day_orgs         which organisations a completed booking served, per instrument
--                                 and day, with a reference count (distinct counts cannot be summed);
--   * instrument_day_exceptions   per instrument and day touched by an exception, how many minutes
--                                 closures, maintenance and extra openings change the weekly hours;
--   * instrument_month_stats, instrument_month_orgs, lab_month_stats, lab_month_orgs
--                                 the same per Asia/Shanghai month, per instrument and per lab
--                                 (docs/decisions/007): with about one booking per instrument-day the
--                                 day rows hardly compress the bookings, so whole months inside a
--                                 range read month rows and only the edge days read day rows. A
--                                 month's row is exactly the sum of its days' rows (numeric sums, no
--                                 re-rounding); organisations served are reference-counted sets per
--                                 instrument-month and lab-month, so distinct counts over any grouping
--                                 and union of months and edge days stay exact.
-- The weekly opening hours themselves are not rolled up: per instrument and weekday they are
-- multiplied by the number of such weekdays in the period (docs/decisions/004).
--
-- Maintenance lives in `private` (not API): the bookings trigger adds and removes each booking's
-- contribution to the day, instrument-month and lab-month rows (private.apply_booking_day_stats);
-- private.refresh_instrument_booking_stats recomputes an instrument's rows from its bookings (lab
-- moves; a move also recomputes the old lab's months); exceptions and opening hours refresh the days
-- they touch. Rows are never all zero: they go when their last contribution goes.
-- public.rebuild_instrument_day_stats() recomputes everything from scratch (service role only).
-- Policies: the bureau and the instrument's (or lab's) staff read the rollups, through the
-- set-based helpers of 20261127010000 (docs/decisions/011); nobody writes them but the triggers.

-- Rollup tables -----------------------------------------------------------------------------------
create table public.instrument_day_stats (
  instrument_id uuid not null references public.instruments (id) on delete cascade,
  day date not null,
  -- confirmed + completed bookings' minutes on this day
  booked_minutes numeric(12, 4) not null default 0,
  -- completed bookings' actual minutes, split across days like the booking
  used_minutes numeric(12, 4) not null default 0,
  -- used minutes for organisations other than the lab's own
  external_minutes numeric(12, 4) not null default 0,
  -- counts of bookings starting this day: confirmed + completed, completed, no-shows
  bookings int not null default 0,
  completed int not null default 0,
  no_shows int not null default 0,
  -- completed bookings' rate_cny × actual hours
  revenue_cny numeric(14, 4) not null default 0,
  primary key (instrument_id, day)
);
create index instrument_day_stats_day_idx on public.instrument_day_stats (day);
comment on table public.instrument_day_stats is
  'Daily booking rollup per instrument (Asia/Shanghai days), maintained by triggers on bookings.';

create table public.instrument_day_orgs (
  instrument_id uuid not null references public.instruments (id) on delete cascade,
  day date not null,
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  -- completed bookings of this organisation starting this day
  bookings int not null default 0,
  primary key (instrument_id, day, organisation_id)
);
create index instrument_day_orgs_day_idx on public.instrument_day_orgs (day);
create index instrument_day_orgs_organisation_id_idx on public.instrument_day_orgs (organisation_id);
comment on table public.instrument_day_orgs is
  'Organisations served per instrument and day (completed bookings), for distinct counts.';

create table public.instrument_day_exceptions (
  instrument_id uuid not null references public.instruments (id) on delete cascade,
  day date not null,
  -- available minutes this day minus the weekly opening minutes of its weekday
  delta_minutes numeric(10, 4) not null,
  primary key (instrument_id, day)
);
create index instrument_day_exceptions_day_idx on public.instrument_day_exceptions (day);
comment on table public.instrument_day_exceptions is
  'Per instrument and day touched by an availability exception: its effect on available minutes.';

alter table public.instrument_day_stats enable row level security;
alter table public.instrument_day_orgs enable row level security;
alter table public.instrument_day_exceptions enable row level security;

create table public.instrument_month_stats (
  instrument_id uuid not null references public.instruments (id) on delete cascade,
  -- first day of the Asia/Shanghai month
  month date not null check (extract(day from month) = 1),
  -- sums of instrument_day_stats over the month's days
  booked_minutes numeric(12, 4) not null default 0,
  used_minutes numeric(12, 4) not null default 0,
  external_minutes numeric(12, 4) not null default 0,
  bookings int not null default 0,
  completed int not null default 0,
  no_shows int not null default 0,
  revenue_cny numeric(14, 4) not null default 0,
  primary key (instrument_id, month)
);
create index instrument_month_stats_month_idx on public.instrument_month_stats (month);
comment on table public.instrument_month_stats is
  'Monthly booking rollup per instrument (sum of instrument_day_stats), maintained with it by the bookings trigger.';

create table public.instrument_month_orgs (
  instrument_id uuid not null references public.instruments (id) on delete cascade,
  month date not null check (extract(day from month) = 1),
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  -- completed bookings of this organisation starting this month (reference count)
  bookings int not null default 0,
  primary key (instrument_id, month, organisation_id)
);
create index instrument_month_orgs_month_idx on public.instrument_month_orgs (month);
create index instrument_month_orgs_organisation_id_idx on public.instrument_month_orgs (organisation_id);
comment on table public.instrument_month_orgs is
  'Organisations served per instrument and month (completed bookings), for distinct counts.';

-- The same set per lab: a lab-month's organisations are few rows to count, where deriving them
-- from its instruments' rows would need a distinct over every instrument-month-organisation row.
create table public.lab_month_orgs (
  lab_id uuid not null references public.labs (id) on delete cascade,
  month date not null check (extract(day from month) = 1),
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  -- completed bookings of this organisation on the lab's instruments starting this month
  bookings int not null default 0,
  primary key (lab_id, month, organisation_id)
);
create index lab_month_orgs_month_idx on public.lab_month_orgs (month);
create index lab_month_orgs_organisation_id_idx on public.lab_month_orgs (organisation_id);
comment on table public.lab_month_orgs is
  'Organisations served per lab and month (completed bookings on its instruments), for distinct counts.';

-- A lab's month: the sum of its instruments' month rows, and how many organisations it served (the
-- rows of lab_month_orgs), so that a report by lab and month reads one row per lab and month.
create table public.lab_month_stats (
  lab_id uuid not null references public.labs (id) on delete cascade,
  month date not null check (extract(day from month) = 1),
  booked_minutes numeric(16, 4) not null default 0,
  used_minutes numeric(16, 4) not null default 0,
  external_minutes numeric(16, 4) not null default 0,
  bookings int not null default 0,
  completed int not null default 0,
  no_shows int not null default 0,
  revenue_cny numeric(18, 4) not null default 0,
  organisations int not null default 0,
  primary key (lab_id, month)
);
create index lab_month_stats_month_idx on public.lab_month_stats (month);
comment on table public.lab_month_stats is
  'Monthly booking rollup per lab (sum of its instruments'' months) with the number of organisations served.';

alter table public.instrument_month_stats enable row level security;
alter table public.instrument_month_orgs enable row level security;
alter table public.lab_month_orgs enable row level security;
alter table public.lab_month_stats enable row level security;

-- Read by the bureau and by the instrument's (or lab's) staff; written only by the functions below.
create policy "Bureau and lab staff can read instrument day stats" on public.instrument_day_stats
  for select to authenticated
  using ((select private.is_bureau()) or instrument_id in (select private.my_instrument_ids()));
create policy "Bureau and lab staff can read organisations served per day" on public.instrument_day_orgs
  for select to authenticated
  using ((select private.is_bureau()) or instrument_id in (select private.my_instrument_ids()));
create policy "Bureau and lab staff can read availability adjustments per day" on public.instrument_day_exceptions
  for select to authenticated
  using ((select private.is_bureau()) or instrument_id in (select private.my_instrument_ids()));
create policy "Bureau and lab staff can read instrument month stats" on public.instrument_month_stats
  for select to authenticated
  using ((select private.is_bureau()) or instrument_id in (select private.my_instrument_ids()));
create policy "Bureau and lab staff can read organisations served per month" on public.instrument_month_orgs
  for select to authenticated
  using ((select private.is_bureau()) or instrument_id in (select private.my_instrument_ids()));
create policy "Bureau and lab staff can read organisations served per lab month" on public.lab_month_orgs
  for select to authenticated
  using ((select private.is_bureau()) or lab_id in (select private.my_lab_ids()));
create policy "Bureau and lab staff can read lab month stats" on public.lab_month_stats
  for select to authenticated
  using ((select private.is_bureau()) or lab_id in (select private.my_lab_ids()));

revoke all on public.instrument_day_stats, public.instrument_day_orgs, public.instrument_day_exceptions,
  public.instrument_month_stats, public.instrument_month_orgs, public.lab_month_orgs, public.lab_month_stats from anon;
revoke insert, update, delete, truncate, references, trigger
  on public.instrument_day_stats, public.instrument_day_orgs, public.instrument_day_exceptions,
     public.instrument_month_stats, public.instrument_month_orgs, public.lab_month_orgs, public.lab_month_stats
  from authenticated;

-- Booking contributions ------------------------------------------------------------------------------
/**
 * What one booking adds to the daily rollup, one row per Asia/Shanghai day it touches.
 * Booked minutes are the booking's minutes on that day; actual minutes and revenue are split
 * across days in proportion, rounded so that the parts add up exactly to the whole. Counts go to
 * the day the booking starts. Only confirmed, completed and no-show bookings contribute.
 * No `set search_path` here, on purpose: a plain SQL function without one is inlined into the
 * rebuild's query (12 s instead of 105 s for a million bookings). It reads no table, calls only
 * pg_catalog functions and operators (always searched first), and is called only from functions
 * that run with search_path ''.
 */
create function private.booking_day_contributions(
  p_during tstzrange,
  p_status public.booking_status,
  p_actual_minutes int,
  p_rate_cny numeric,
  p_external boolean
)
returns table (
  day date,
  booked_minutes numeric,
  used_minutes numeric,
  external_minutes numeric,
  bookings int,
  completed int,
  no_shows int,
  revenue_cny numeric
)
language sql
stable
as $$
  with parts as (
    select
      d::date as day,
      extract(epoch from
        least(upper(p_during), (d + interval '1 day') at time zone 'Asia/Shanghai')
        - greatest(lower(p_during), d at time zone 'Asia/Shanghai')) as secs
    from pg_catalog.generate_series(
      (lower(p_during) at time zone 'Asia/Shanghai')::date::timestamp,
      ((upper(p_during) - interval '1 microsecond') at time zone 'Asia/Shanghai')::date::timestamp,
      interval '1 day'
    ) as d
    where p_status in ('confirmed', 'completed', 'no_show')
  ),
  shares as (
    select
      parts.day,
      parts.secs,
      parts.day = (lower(p_during) at time zone 'Asia/Shanghai')::date as first_day,
      pg_catalog.sum(parts.secs) over (order by parts.day) / nullif(pg_catalog.sum(parts.secs) over (), 0) as upto,
      (pg_catalog.sum(parts.secs) over (order by parts.day) - parts.secs) / nullif(pg_catalog.sum(parts.secs) over (), 0) as before
    from parts
  ),
  used as (
    select
      shares.*,
      case when p_status = 'completed' then
        pg_catalog.round(p_actual_minutes * shares.upto, 4) - pg_catalog.round(p_actual_minutes * shares.before, 4)
      else 0 end as used,
      case when p_status = 'completed' then
        pg_catalog.round(p_rate_cny * p_actual_minutes / 60 * shares.upto, 4) - pg_catalog.round(p_rate_cny * p_actual_minutes / 60 * shares.before, 4)
      else 0 end as revenue
    from shares
  )
  select
    used.day,
    case when p_status in ('confirmed', 'completed') then pg_catalog.round(used.secs / 60, 4) else 0 end,
    used.used,
    case when p_external then used.used else 0 end,
    case when used.first_day and p_status in ('confirmed', 'completed') then 1 else 0 end,
    case when used.first_day and p_status = 'completed' then 1 else 0 end,
    case when used.first_day and p_status = 'no_show' then 1 else 0 end,
    used.revenue
  from used;
$$;


create function private.apply_booking_day_stats(
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
    -- an all-zero part (a no-show's second day) adds nothing and must not create an empty month row
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
    (lab_id, month, booked_minutes, used_minutes, external_minutes, bookings, completed, no_shows, revenue_cny)
  select v_lab_id, m.month, m.booked_minutes, m.used_minutes, m.external_minutes, m.bookings, m.completed,
    m.no_shows, m.revenue_cny
  from months m
  order by m.month
  on conflict (lab_id, month) do update set
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
    -- the lab served one organisation more (its first booking this month) or one fewer (its last)
    if (p_sign > 0 and v_lab_org_bookings = 1) or (p_sign < 0 and v_lab_org_bookings = 0) then
      insert into public.lab_month_stats as s (lab_id, month, organisations)
      values (v_lab_id, v_first_month, p_sign)
      on conflict (lab_id, month) do update set organisations = s.organisations + excluded.organisations;
    end if;
  end if;

  if p_sign < 0 then
    -- A rebuild never leaves empty rows; neither do the triggers.
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
    where s.lab_id = v_lab_id and s.month between v_first_month and v_last_month
      and s.booked_minutes = 0 and s.used_minutes = 0 and s.external_minutes = 0 and s.bookings = 0
      and s.completed = 0 and s.no_shows = 0 and s.revenue_cny = 0 and s.organisations = 0;
  end if;
end;
$$;


create function private.track_booking_day_stats()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform private.apply_booking_day_stats(old.instrument_id, old.organisation_id, old.during, old.status,
      old.actual_minutes, old.rate_cny, -1);
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    perform private.apply_booking_day_stats(new.instrument_id, new.organisation_id, new.during, new.status,
      new.actual_minutes, new.rate_cny, 1);
  end if;
  return null;
end;
$$;

create trigger bookings_track_day_stats_insert_delete
  after insert or delete on public.bookings
  for each row execute function private.track_booking_day_stats();
create trigger bookings_track_day_stats_update
  after update of instrument_id, organisation_id, during, status, actual_minutes, rate_cny on public.bookings
  for each row
  when ((old.instrument_id, old.organisation_id, old.during, old.status, old.actual_minutes, old.rate_cny)
        is distinct from (new.instrument_id, new.organisation_id, new.during, new.status, new.actual_minutes, new.rate_cny))
  execute function private.track_booking_day_stats();

-- Maintenance ------------------------------------------------------------------------------------
/** Recomputes lab_month_orgs and lab_month_stats of one lab (all labs when null) from the instrument months. */
create function private.refresh_lab_month_stats(p_lab_id uuid default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.lab_month_orgs o where p_lab_id is null or o.lab_id = p_lab_id;
  delete from public.lab_month_stats s where p_lab_id is null or s.lab_id = p_lab_id;

  insert into public.lab_month_orgs (lab_id, month, organisation_id, bookings)
  select i.lab_id, o.month, o.organisation_id, sum(o.bookings)
  from public.instrument_month_orgs o
  join public.instruments i on i.id = o.instrument_id
  where p_lab_id is null or i.lab_id = p_lab_id
  group by 1, 2, 3;

  -- a completed booking gives its first month a row, so every month with organisations has one
  insert into public.lab_month_stats
    (lab_id, month, booked_minutes, used_minutes, external_minutes, bookings, completed, no_shows, revenue_cny, organisations)
  select t.lab_id, t.month, t.booked, t.used, t.external, t.bookings, t.completed, t.no_shows, t.revenue,
    coalesce(o.organisations, 0)
  from (
    select i.lab_id, s.month, sum(s.booked_minutes) as booked, sum(s.used_minutes) as used,
      sum(s.external_minutes) as external, sum(s.bookings) as bookings, sum(s.completed) as completed,
      sum(s.no_shows) as no_shows, sum(s.revenue_cny) as revenue
    from public.instrument_month_stats s
    join public.instruments i on i.id = s.instrument_id
    where p_lab_id is null or i.lab_id = p_lab_id
    group by 1, 2
  ) t
  left join (
    select o.lab_id, o.month, count(*) as organisations
    from public.lab_month_orgs o
    where p_lab_id is null or o.lab_id = p_lab_id
    group by 1, 2
  ) o on o.lab_id = t.lab_id and o.month = t.month;
end;
$$;

/**
 * Recomputes the month rollups of one instrument (all instruments when null) from the day
 * rollups, and its lab's month rows (all labs when null). Months whose figures are all zero get no row (a no-show running past midnight leaves
 * an all-zero day row; the month it falls in may have nothing else).
 */
create function private.refresh_instrument_month_stats(p_instrument_id uuid default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.instrument_month_stats s where p_instrument_id is null or s.instrument_id = p_instrument_id;
  delete from public.instrument_month_orgs o where p_instrument_id is null or o.instrument_id = p_instrument_id;

  insert into public.instrument_month_stats
    (instrument_id, month, booked_minutes, used_minutes, external_minutes, bookings, completed, no_shows, revenue_cny)
  select s.instrument_id, pg_catalog.date_trunc('month', s.day::timestamp)::date,
    sum(s.booked_minutes), sum(s.used_minutes), sum(s.external_minutes),
    sum(s.bookings), sum(s.completed), sum(s.no_shows), sum(s.revenue_cny)
  from public.instrument_day_stats s
  where p_instrument_id is null or s.instrument_id = p_instrument_id
  group by 1, 2
  having (sum(s.booked_minutes), sum(s.used_minutes), sum(s.external_minutes), sum(s.bookings), sum(s.completed),
          sum(s.no_shows), sum(s.revenue_cny)) <> (0, 0, 0, 0, 0, 0, 0);

  insert into public.instrument_month_orgs (instrument_id, month, organisation_id, bookings)
  select o.instrument_id, pg_catalog.date_trunc('month', o.day::timestamp)::date, o.organisation_id, sum(o.bookings)
  from public.instrument_day_orgs o
  where p_instrument_id is null or o.instrument_id = p_instrument_id
  group by 1, 2, 3;

  if p_instrument_id is null then
    perform private.refresh_lab_month_stats(null);
  else
    perform private.refresh_lab_month_stats(i.lab_id) from public.instruments i where i.id = p_instrument_id;
  end if;
end;
$$;


/** Recomputes the booking rollups, day and month, of one instrument (all instruments when null) from bookings. */
create function private.refresh_instrument_booking_stats(p_instrument_id uuid default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.instrument_day_stats s where p_instrument_id is null or s.instrument_id = p_instrument_id;
  delete from public.instrument_day_orgs o where p_instrument_id is null or o.instrument_id = p_instrument_id;

  insert into public.instrument_day_stats
    (instrument_id, day, booked_minutes, used_minutes, external_minutes, bookings, completed, no_shows, revenue_cny)
  select b.instrument_id, c.day, sum(c.booked_minutes), sum(c.used_minutes), sum(c.external_minutes),
    sum(c.bookings), sum(c.completed), sum(c.no_shows), sum(c.revenue_cny)
  from public.bookings b
  join public.instruments i on i.id = b.instrument_id
  join public.labs l on l.id = i.lab_id
  cross join lateral private.booking_day_contributions(
    b.during, b.status, b.actual_minutes, b.rate_cny, b.organisation_id is distinct from l.organisation_id
  ) c
  where b.status in ('confirmed', 'completed', 'no_show')
    and (p_instrument_id is null or b.instrument_id = p_instrument_id)
  group by b.instrument_id, c.day;

  insert into public.instrument_day_orgs (instrument_id, day, organisation_id, bookings)
  select b.instrument_id, (lower(b.during) at time zone 'Asia/Shanghai')::date, b.organisation_id, count(*)
  from public.bookings b
  where b.status = 'completed' and (p_instrument_id is null or b.instrument_id = p_instrument_id)
  group by 1, 2, 3;

  perform private.refresh_instrument_month_stats(p_instrument_id);
end;
$$;

-- Moving an instrument to another lab: its booking rollups and its new lab's organisations are
-- recomputed (refresh_instrument_booking_stats), and so are its old lab's.
create function private.track_instrument_lab_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.refresh_instrument_booking_stats(new.id);
  perform private.refresh_lab_month_stats(old.lab_id);
  return null;
end;
$$;

create trigger instruments_track_lab_change
  after update of lab_id on public.instruments
  for each row when (old.lab_id is distinct from new.lab_id)
  execute function private.track_instrument_lab_change();

-- Availability exceptions ----------------------------------------------------------------------------
/**
 * Recomputes instrument_day_exceptions for one instrument (all when null) on the days in p_days
 * (all days when null). A day's available time is (opening hours ∪ extra openings) − (closures ∪
 * maintenance), as multiranges in Asia/Shanghai time; the row keeps its difference from the
 * weekly opening hours, so rows exist only for days an exception touches.
 */
create function private.refresh_instrument_day_exceptions(p_instrument_id uuid default null, p_days daterange default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.instrument_day_exceptions x
  where (p_instrument_id is null or x.instrument_id = p_instrument_id)
    and (p_days is null or x.day <@ p_days);

  insert into public.instrument_day_exceptions (instrument_id, day, delta_minutes)
  select t.instrument_id, t.day, round(a.available - a.opening, 4)
  from (
    select distinct e.instrument_id, d::date as day
    from public.availability_exceptions e
    cross join lateral pg_catalog.generate_series(
      (lower(e.during) at time zone 'Asia/Shanghai')::date::timestamp,
      ((upper(e.during) - interval '1 microsecond') at time zone 'Asia/Shanghai')::date::timestamp,
      interval '1 day'
    ) as d
    where (p_instrument_id is null or e.instrument_id = p_instrument_id)
      and (p_days is null or e.during && tstzrange(lower(p_days)::timestamp at time zone 'Asia/Shanghai',
                                                 upper(p_days)::timestamp at time zone 'Asia/Shanghai'))
  ) t
  cross join lateral (
    select tstzrange(t.day::timestamp at time zone 'Asia/Shanghai', (t.day + 1)::timestamp at time zone 'Asia/Shanghai') as whole
  ) dr
  cross join lateral (
    select
      coalesce((
        select range_agg(tstzrange((t.day + r.start_time) at time zone 'Asia/Shanghai', (t.day + r.end_time) at time zone 'Asia/Shanghai'))
        from public.availability_rules r
        where r.instrument_id = t.instrument_id and r.weekday = extract(isodow from t.day)
      ), '{}'::tstzmultirange) as opening,
      coalesce((
        select range_agg(e.during * dr.whole) from public.availability_exceptions e
        where e.instrument_id = t.instrument_id and e.kind = 'extra_opening' and e.during && dr.whole
      ), '{}'::tstzmultirange) as extra,
      coalesce((
        select range_agg(e.during * dr.whole) from public.availability_exceptions e
        where e.instrument_id = t.instrument_id and e.kind in ('closure', 'maintenance') and e.during && dr.whole
      ), '{}'::tstzmultirange) as closed
  ) m
  cross join lateral (
    select
      (select coalesce(sum(extract(epoch from upper(x) - lower(x))), 0) / 60 from unnest(m.opening) x) as opening,
      (select coalesce(sum(extract(epoch from upper(x) - lower(x))), 0) / 60 from unnest((m.opening + m.extra) - m.closed) x) as available
  ) a
  where (p_days is null or t.day <@ p_days)
    and a.available <> a.opening;
end;
$$;

/** The Asia/Shanghai days a time range touches. */
create function private.local_days(p_during tstzrange)
returns daterange
language sql
immutable
set search_path = ''
as $$
  select pg_catalog.daterange(
    (lower(p_during) at time zone 'Asia/Shanghai')::date,
    ((upper(p_during) - interval '1 microsecond') at time zone 'Asia/Shanghai')::date,
    '[]'
  );
$$;

create function private.track_availability_exception()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform private.refresh_instrument_day_exceptions(old.instrument_id, private.local_days(old.during));
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    perform private.refresh_instrument_day_exceptions(new.instrument_id, private.local_days(new.during));
  end if;
  return null;
end;
$$;
create trigger availability_exceptions_track_day_exceptions
  after insert or update or delete on public.availability_exceptions
  for each row execute function private.track_availability_exception();

-- Opening hours changed: the exceptions' effect on this instrument's days changes with them.
create function private.track_availability_rule()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform private.refresh_instrument_day_exceptions(old.instrument_id);
  end if;
  if tg_op = 'INSERT' or (tg_op = 'UPDATE' and new.instrument_id <> old.instrument_id) then
    perform private.refresh_instrument_day_exceptions(new.instrument_id);
  end if;
  return null;
end;
$$;
create trigger availability_rules_track_day_exceptions
  after insert or update or delete on public.availability_rules
  for each row execute function private.track_availability_rule();

-- Rebuild --------------------------------------------------------------------------------------------
/** Recomputes every rollup, day and month, from bookings, rules and exceptions (service role; after bulk loads). */
create function public.rebuild_instrument_day_stats()
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  lock table public.instrument_day_stats, public.instrument_day_orgs, public.instrument_day_exceptions,
    public.instrument_month_stats, public.instrument_month_orgs, public.lab_month_orgs, public.lab_month_stats
    in exclusive mode;
  perform private.refresh_instrument_booking_stats(null);
  perform private.refresh_instrument_day_exceptions(null, null);
end;
$$;

-- Only the service role rebuilds (after bulk loads); the maintenance functions run inside triggers.
revoke execute on all functions in schema private from public;
revoke execute on function public.rebuild_instrument_day_stats() from public, anon, authenticated;
grant execute on function public.rebuild_instrument_day_stats() to service_role;

-- The statistics ---------------------------------------------------------------------------------
/**
 * Utilisation per group and period, in hours (DESIGN §6), over the Asia/Shanghai days
 * p_from..p_to inclusive.
 *   p_group   instrument | lab | category (top level) | district (the lab's) | chain | network
 *             (an instrument in two chains counts in both; instruments in none under key 'none')
 *   p_period  week (ISO, from Monday) | month | null (one row per group for the whole range);
 *             period_start is the period's first day, periods at the edges are clipped to the range
 *   p_lab_id  only this lab's instruments; lets the lab's staff see their own figures
 * available = weekly opening hours − closures and maintenance + extra openings, from the day the
 * instrument was created; booked = confirmed + completed; used = completed actual hours;
 * external = used for organisations other than the lab's own; bookings = confirmed + completed
 * starting in the period; organisations_served = distinct organisations of completed bookings;
 * no-show rate = no-shows / (completed + no-shows); revenue = rate_cny × actual hours.
 * Instruments of labs still pending approval are left out.
 * Callable by bureau staff, or by staff of p_lab_id; errors STATS_FORBIDDEN, STATS_INVALID_INPUT.
 * Booking figures of the whole months inside the range (month or whole-range periods) come from
 * the month rollups; the days outside them, and weekly periods, from the day rollups (007).
 */
create function public.utilisation(
  p_from date,
  p_to date,
  p_group text,
  p_period text default null,
  p_lab_id uuid default null
)
returns table (
  group_key text,
  group_label_zh text,
  group_label_en text,
  period_start date,
  available_hours numeric,
  booked_hours numeric,
  used_hours numeric,
  external_hours numeric,
  utilisation_rate numeric,
  sharing_rate numeric,
  bookings bigint,
  organisations_served bigint,
  no_shows bigint,
  no_show_rate numeric,
  revenue_cny numeric
)
language plpgsql
stable
security definer
set search_path = ''
-- sorts and hashes over a million rollup rows stay in memory
set work_mem = '64MB'
as $$
#variable_conflict use_column
declare
  -- whole months inside the range: [v_months_from, v_months_to); empty (both p_to + 1) for weekly
  -- periods or when the range holds no whole month. Days outside it read the day rollups.
  v_months_from date;
  v_months_to date;
begin
  -- Rights first: this function reads every booking, so it decides who may call it.
  if not ((select private.is_bureau()) or (p_lab_id is not null and (select private.is_lab_staff(p_lab_id)))) then
    raise exception 'STATS_FORBIDDEN' using errcode = 'P0001',
      detail = 'Statistics are for bureau staff, or for a lab''s own staff.';
  end if;
  if p_from is null or p_to is null or p_from > p_to or p_to > (p_from + interval '3 years')::date
     or p_group is null or p_group not in ('instrument', 'lab', 'category', 'district', 'chain', 'network')
     or (p_period is not null and p_period not in ('week', 'month')) then
    raise exception 'STATS_INVALID_INPUT' using errcode = 'P0001',
      detail = 'Need p_from <= p_to within 3 years, p_group instrument|lab|category|district|chain|network, p_period week|month|null.';
  end if;

  v_months_from := case when p_from = pg_catalog.date_trunc('month', p_from::timestamp)::date then p_from
                        else (pg_catalog.date_trunc('month', p_from::timestamp) + interval '1 month')::date end;
  v_months_to := pg_catalog.date_trunc('month', (p_to + 1)::timestamp)::date;
  if p_period = 'week' or v_months_from >= v_months_to then
    v_months_from := p_to + 1;
    v_months_to := p_to + 1;
  end if;

  return query
  with ig as (
    -- each instrument in scope with its group (twice if in two chains) and first available day
    select
      i.id as instrument_id,
      i.lab_id,
      greatest(p_from, (i.created_at at time zone 'Asia/Shanghai')::date) as eff_from,
      case p_group
        when 'instrument' then i.id
        when 'lab' then l.id
        when 'category' then tc.id
        when 'district' then dz.id
        -- the nil uuid: the whole network, or no chain
        when 'chain' then coalesce(ch.id, '00000000-0000-0000-0000-000000000000')
        else '00000000-0000-0000-0000-000000000000'
      end as key,
      case p_group
        when 'instrument' then i.name_zh
        when 'lab' then l.name_zh
        when 'category' then tc.name_zh
        when 'district' then dz.name_zh
        when 'chain' then coalesce(ch.name_zh, '未纳入重点产业链')
        else '全市共享网络'
      end as label_zh,
      case p_group
        when 'instrument' then i.name_en
        when 'lab' then l.name_en
        when 'category' then tc.name_en
        when 'district' then dz.name_en
        when 'chain' then coalesce(ch.name_en, 'Not in a priority chain')
        else 'Whole network'
      end as label_en
    from public.instruments i
    join public.labs l on l.id = i.lab_id
    join public.instrument_categories c on c.id = i.category_id
    join public.instrument_categories tc on tc.id = coalesce(c.parent_id, c.id)
    join public.districts dz on dz.id = l.district_id
    left join public.instrument_chains ic on p_group = 'chain' and ic.instrument_id = i.id
    left join public.industrial_chains ch on ch.id = ic.chain_id
    where l.status <> 'pending' and (p_lab_id is null or i.lab_id = p_lab_id)
  ),
  periods as materialized (
    -- pk: the period's key (its first day, or p_from for the whole range); a..b: its days in range
    select p_from as pk, p_from as a, p_to as b
    where p_period is null
    union all
    select s::date, greatest(s::date, p_from), least((s + ('1 ' || p_period)::interval)::date - 1, p_to)
    from pg_catalog.generate_series(
      pg_catalog.date_trunc(p_period, p_from::timestamp), p_to::timestamp, ('1 ' || p_period)::interval
    ) as s
    where p_period is not null
  ),
  weekly as (
    -- weekly opening minutes per group, first available day and ISO weekday
    select ig.key, ig.eff_from, r.weekday::int as weekday,
      sum(extract(epoch from r.end_time - r.start_time) / 60) as minutes
    from ig join public.availability_rules r on r.instrument_id = ig.instrument_id
    where ig.eff_from <= p_to
    group by 1, 2, 3
  ),
  opening as (
    -- minutes × how many such weekdays fall in the period (from the first available day)
    select w.key, p.pk, sum(w.minutes * ((p.b - f.first_day) / 7 + 1)) as minutes
    from weekly w
    cross join periods p
    cross join lateral (select greatest(p.a, w.eff_from) as start_day) s
    cross join lateral (
      select s.start_day + ((w.weekday - extract(isodow from s.start_day)::int + 7) % 7) as first_day
    ) f
    where f.first_day <= p.b
    group by 1, 2
  ),
  adjustments as (
    select ig.key, x.pk, sum(x.minutes) as minutes
    from (
      select x.instrument_id, case p_period
          when 'week' then pg_catalog.date_trunc('week', x.day::timestamp)::date
          when 'month' then pg_catalog.date_trunc('month', x.day::timestamp)::date
          else p_from
        end as pk, x.day, x.delta_minutes as minutes
      from public.instrument_day_exceptions x
      where x.day between p_from and p_to
    ) x
    join ig on ig.instrument_id = x.instrument_id and x.day >= ig.eff_from
    group by 1, 2
  ),
  lk as (
    -- groups made of whole labs: each lab in scope with its group
    select distinct ig.lab_id, ig.key from ig where p_group in ('lab', 'district', 'network')
  ),
  booked as (
    -- edge days summed per instrument and period first (a scan of the day rollup), whole months
    -- from the lab rows for groups of labs, else from the instrument rows; then per group
    select b.key, b.pk,
      sum(b.booked) as booked, sum(b.used) as used, sum(b.external) as external, sum(b.bookings) as bookings,
      sum(b.completed) as completed, sum(b.no_shows) as no_shows, sum(b.revenue) as revenue
    from (
      select ig.key, d.pk, d.booked, d.used, d.external, d.bookings, d.completed, d.no_shows, d.revenue
      from (
        select s.instrument_id,
          case p_period
            when 'week' then pg_catalog.date_trunc('week', s.day::timestamp)::date
            when 'month' then pg_catalog.date_trunc('month', s.day::timestamp)::date
            else p_from
          end as pk,
          sum(s.booked_minutes) as booked, sum(s.used_minutes) as used, sum(s.external_minutes) as external,
          sum(s.bookings) as bookings, sum(s.completed) as completed, sum(s.no_shows) as no_shows,
          sum(s.revenue_cny) as revenue
        from public.instrument_day_stats s
        where ((s.day >= p_from and s.day < v_months_from) or (s.day >= v_months_to and s.day <= p_to))
          and (p_lab_id is null or s.instrument_id in (select i.id from public.instruments i where i.lab_id = p_lab_id))
        group by 1, 2
      ) d
      join ig on ig.instrument_id = d.instrument_id
      union all
      select ig.key, case p_period when 'month' then s.month else p_from end,
        s.booked_minutes, s.used_minutes, s.external_minutes, s.bookings, s.completed, s.no_shows, s.revenue_cny
      from public.instrument_month_stats s
      join ig on ig.instrument_id = s.instrument_id
      where s.month >= v_months_from and s.month < v_months_to and p_group not in ('lab', 'district', 'network')
        and (p_lab_id is null or s.instrument_id in (select i.id from public.instruments i where i.lab_id = p_lab_id))
      union all
      select lk.key, case p_period when 'month' then s.month else p_from end,
        s.booked_minutes, s.used_minutes, s.external_minutes, s.bookings, s.completed, s.no_shows, s.revenue_cny
      from public.lab_month_stats s
      join lk on lk.lab_id = s.lab_id
      where s.month >= v_months_from and s.month < v_months_to and p_group in ('lab', 'district', 'network')
    ) b
    group by 1, 2
  ),
  month_orgs as not materialized (
    -- organisations served in the whole months: from the lab rows for groups of labs, else from
    -- the instrument rows; unique per group, period and organisation for labs and instruments
    select lk.key, case p_period when 'month' then o.month else p_from end as pk, o.organisation_id
    from public.lab_month_orgs o
    join lk on lk.lab_id = o.lab_id
    where o.month >= v_months_from and o.month < v_months_to and p_group in ('lab', 'district', 'network')
    union all
    select ig.key, case p_period when 'month' then o.month else p_from end, o.organisation_id
    from public.instrument_month_orgs o
    join ig on ig.instrument_id = o.instrument_id
    where o.month >= v_months_from and o.month < v_months_to and p_group not in ('lab', 'district', 'network')
      and (p_lab_id is null or o.instrument_id in (select i.id from public.instruments i where i.lab_id = p_lab_id))
  ),
  served as (
    -- distinct organisations per group and period. Month periods are whole months or edge days,
    -- never both, so by lab the whole months' counts are read and by instrument the month rows are
    -- counted as they are; otherwise (and for the whole range, which mixes both) one distinct over
    -- edge days and whole months.
    select u.key, u.pk, sum(u.organisations) as organisations
    from (
      select d.key, d.pk, count(*) as organisations
      from (
        select distinct x.key, x.pk, x.organisation_id
        from (
          select ig.key, o.pk, o.organisation_id
          from (
            select o.instrument_id, case p_period
                when 'week' then pg_catalog.date_trunc('week', o.day::timestamp)::date
                when 'month' then pg_catalog.date_trunc('month', o.day::timestamp)::date
                else p_from
              end as pk, o.organisation_id
            from public.instrument_day_orgs o
            where ((o.day >= p_from and o.day < v_months_from) or (o.day >= v_months_to and o.day <= p_to))
              and (p_lab_id is null or o.instrument_id in (select i.id from public.instruments i where i.lab_id = p_lab_id))
          ) o
          join ig on ig.instrument_id = o.instrument_id
          union all
          select m.key, m.pk, m.organisation_id from month_orgs m
          where p_period is distinct from 'month' or p_group not in ('lab', 'instrument')
        ) x
      ) d
      group by 1, 2
      union all
      select m.key, m.pk, count(*) from month_orgs m
      where p_period = 'month' and p_group = 'instrument'
      group by 1, 2
      union all
      select lk.key, s.month, s.organisations::bigint
      from public.lab_month_stats s
      join lk on lk.lab_id = s.lab_id
      where s.month >= v_months_from and s.month < v_months_to and p_period = 'month' and p_group = 'lab'
    ) u
    group by 1, 2
  ),
  groups as (
    select distinct ig.key, ig.label_zh, ig.label_en from ig
  ),
  figures as (
    select g.key, g.label_zh, g.label_en, p.pk,
      (coalesce(op.minutes, 0) + coalesce(ad.minutes, 0)) / 60 as available,
      coalesce(bk.booked, 0) / 60 as booked,
      coalesce(bk.used, 0) / 60 as used,
      coalesce(bk.external, 0) / 60 as external,
      coalesce(bk.bookings, 0) as bookings,
      coalesce(bk.completed, 0) as completed,
      coalesce(bk.no_shows, 0) as no_shows,
      coalesce(bk.revenue, 0) as revenue,
      coalesce(sv.organisations, 0) as organisations
    from groups g
    cross join periods p
    left join opening op on op.key = g.key and op.pk = p.pk
    left join adjustments ad on ad.key = g.key and ad.pk = p.pk
    left join booked bk on bk.key = g.key and bk.pk = p.pk
    left join served sv on sv.key = g.key and sv.pk = p.pk
  )
  select
    case
      when p_group = 'network' then 'network'
      when p_group = 'chain' and f.key = '00000000-0000-0000-0000-000000000000' then 'none'
      else f.key::text
    end,
    f.label_zh,
    f.label_en,
    case when p_period is null then null else f.pk end,
    round(f.available, 2),
    round(f.booked, 2),
    round(f.used, 2),
    round(f.external, 2),
    round(f.booked / nullif(f.available, 0), 4),
    round(f.external / nullif(f.used, 0), 4),
    f.bookings::bigint,
    f.organisations::bigint,
    f.no_shows::bigint,
    round(f.no_shows::numeric / nullif(f.completed + f.no_shows, 0), 4),
    round(f.revenue, 2)
  from figures f
  order by f.pk, f.label_zh, f.key::text;
end;
$$;

revoke execute on function public.utilisation(date, date, text, text, uuid) from public, anon;
grant execute on function public.utilisation(date, date, text, text, uuid) to authenticated;

-- Network figures ----------------------------------------------------------------------------------
/**
 * The home page's figures (issue 4): approved labs, public instruments (not retired, in an approved
 * lab) and the hours instruments were used this Asia/Shanghai calendar year, from the daily rollup.
 * Aggregates only: no personal data leaves the function. security definer because anon cannot read
 * the rollup; callable by anon and authenticated only.
 */
create function public.network_figures()
returns table (labs bigint, instruments bigint, hours_served_this_year numeric)
language sql
stable
security definer
set search_path = ''
as $$
  select
    (select count(*) from public.labs l where l.status = 'approved'),
    (select count(*) from public.instruments i
      where i.status <> 'retired'
        and exists (select 1 from public.labs l where l.id = i.lab_id and l.status = 'approved')),
    (select coalesce(sum(s.used_minutes), 0) / 60
       from public.instrument_day_stats s
      where s.day >= date_trunc('year', (now() at time zone 'Asia/Shanghai'))::date
        and s.day < (date_trunc('year', (now() at time zone 'Asia/Shanghai')) + interval '1 year')::date);
$$;

comment on function public.network_figures() is
  'Home-page figures: approved labs, public instruments, hours used this Asia/Shanghai calendar year.';

revoke execute on function public.network_figures() from public;
revoke execute on function public.network_figures() from anon, authenticated, service_role;
grant execute on function public.network_figures() to anon, authenticated;
