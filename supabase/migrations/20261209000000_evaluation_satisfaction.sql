-- The annual evaluation sheet gains user satisfaction (issue 11, parts 6 and 7): the average rating
-- and the number of ratings of each large instrument's bookings that started in the year (Shanghai
-- days, as utilisation() and instrument_satisfaction() count them). The rights check and every
-- other column are as in 20261205000000; the function is recreated because its result type grows.
drop function public.stats_evaluation(int, uuid);

create function public.stats_evaluation(p_year int, p_lab_id uuid default null)
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
  join public.instruments i on i.id::text = f.group_key
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

revoke execute on function public.stats_evaluation(int, uuid) from public, anon;
grant execute on function public.stats_evaluation(int, uuid) to authenticated;
