-- The reference for tests/integration/stats/monthly.test.ts: utilisation() as it was before the
-- monthly rollups (docs/decisions/007), reading only the day rollups, created as
-- pg_temp.utilisation_daily() on the test's own connection. The monthly rollups must give exactly
-- what it gives. A test oracle, not part of the schema (the migrations define utilisation() once).

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
 */
create or replace function pg_temp.utilisation_daily(
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

  return query
  with ig as (
    -- each instrument in scope with its group (twice if in two chains) and first available day
    select
      i.id as instrument_id,
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
  booked as (
    -- summed per instrument and period first (a parallel scan of the rollup), then per group
    select ig.key, b.pk,
      sum(b.booked) as booked, sum(b.used) as used, sum(b.external) as external, sum(b.bookings) as bookings,
      sum(b.completed) as completed, sum(b.no_shows) as no_shows, sum(b.revenue) as revenue
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
      where s.day between p_from and p_to
        and (p_lab_id is null or s.instrument_id in (select i.id from public.instruments i where i.lab_id = p_lab_id))
      group by 1, 2
    ) b
    join ig on ig.instrument_id = b.instrument_id
    group by 1, 2
  ),
  served as (
    select ig.key, o.pk, count(distinct o.organisation_id) as organisations
    from (
      select o.instrument_id, case p_period
          when 'week' then pg_catalog.date_trunc('week', o.day::timestamp)::date
          when 'month' then pg_catalog.date_trunc('month', o.day::timestamp)::date
          else p_from
        end as pk, o.organisation_id
      from public.instrument_day_orgs o
      where o.day between p_from and p_to
        and (p_lab_id is null or o.instrument_id in (select i.id from public.instruments i where i.lab_id = p_lab_id))
    ) o
    join ig on ig.instrument_id = o.instrument_id
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
