-- The home page's "hours served this year" summed every instrument-day of the year: 178 ms on the
-- bench data (10,073 instruments), on every visit to the landing page (its p50 189 ms). The
-- lab-month rollups hold the same minutes per lab and month (kept by the same triggers,
-- docs/decisions/007): a year is at most labs × 12 × shards rows, 1 ms. Same answer, same rights.
create or replace function public.network_figures()
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
       from public.lab_month_stats s
      where s.month >= date_trunc('year', (now() at time zone 'Asia/Shanghai'))::date
        and s.month < (date_trunc('year', (now() at time zone 'Asia/Shanghai')) + interval '1 year')::date);
$$;
