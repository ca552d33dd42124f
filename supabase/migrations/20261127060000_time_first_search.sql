-- Time-first search (issue 4, part 2): "free for N hours between A and B". The catalogue asks for
-- the public instruments (active, in an approved lab) that have at least one bookable slot of the
-- requested length fully inside the window, and then lists only those.
--
-- The length is rounded up to each instrument's slot length and to at least its minimum booking
-- length; instruments whose maximum booking length is shorter are skipped. Whether a slot is
-- bookable is decided by the booking engine's own free_slots (opening hours, closures and
-- maintenance, live bookings, lead time, booking horizon), so the search and the booking form can
-- never disagree. The caller's authorisation and organisation are not considered, as in free_slots.
--
-- Errors (errcode P0001, the code is the message; see public.booking_error_codes):
--   BOOKING_INVALID_INPUT   missing or infinite times, or minutes outside 15..10080
--   BOOKING_INVALID_RANGE   the start is not before the end
--   BOOKING_RANGE_TOO_LONG  the window spans more than 31 days

/**
 * Public instruments with a free slot of p_minutes (rounded per instrument) inside
 * [p_from, p_to), and the first such slot's start. security definer: visitors cannot read
 * bookings, only learn that an instrument is free.
 */
create or replace function public.instruments_free_between(p_from timestamptz, p_to timestamptz, p_minutes int)
returns table (instrument_id uuid, first_start timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_candidate record;
  v_first timestamptz;
begin
  if p_from is null or p_to is null or p_minutes is null or not isfinite(p_from) or not isfinite(p_to) then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'from, to and minutes are required.';
  end if;
  if p_minutes < 15 or p_minutes > 10080 then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'minutes must be between 15 and 10080.';
  end if;
  if p_from >= p_to then
    raise exception 'BOOKING_INVALID_RANGE' using errcode = 'P0001', detail = 'from must be before to.';
  end if;
  if p_to - p_from > interval '31 days' then
    raise exception 'BOOKING_RANGE_TOO_LONG' using errcode = 'P0001', detail = 'A time-first search spans at most 31 days.';
  end if;

  -- One instrument at a time: an instrument deleted, retired or moved to an unapproved lab while
  -- the search runs makes free_slots refuse it, which must drop that instrument, not the search.
  for v_candidate in
    select i.id,
           greatest(
             ceil(p_minutes::numeric / i.slot_minutes)::int,
             ceil(i.min_booking_minutes::numeric / i.slot_minutes)::int
           ) * i.slot_minutes as minutes,
           i.max_booking_minutes
    from public.instruments i
    join public.labs l on l.id = i.lab_id
    where i.status = 'active' and l.status = 'approved'
    order by i.id
  loop
    continue when v_candidate.minutes > v_candidate.max_booking_minutes;
    begin
      select f.starts_at into v_first
      from public.free_slots(v_candidate.id, p_from, p_to, v_candidate.minutes) as f
      where f.ends_at <= p_to
      order by f.starts_at
      limit 1;
    exception
      when sqlstate 'P0001' then
        continue;
    end;
    if v_first is not null then
      instrument_id := v_candidate.id;
      first_start := v_first;
      return next;
    end if;
  end loop;
end;
$$;

-- Supabase grants execute on new functions to anon and authenticated by default: revoke, then
-- grant to the roles meant to call it (visitors search the catalogue too).
revoke execute on function public.instruments_free_between(timestamptz, timestamptz, int) from public, service_role;
grant execute on function public.instruments_free_between(timestamptz, timestamptz, int) to anon, authenticated;
