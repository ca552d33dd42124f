-- Network figures for the home page (issue 4): approved labs, public instruments (not retired, in
-- an approved lab) and the hours instruments were used this calendar year (Asia/Shanghai), from the
-- daily rollup public.instrument_day_stats. Aggregates only: no personal data leaves the function.
-- security definer because anon cannot read the rollup; callable by anon and authenticated only.

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
