-- The lab workspace's requests, calendar and recorded use (issue 10, parts 1-4).
--
-- Pages for lab staff read through functions that answer for one lab in one round trip:
--   lab_overview          the home page: today and tomorrow per instrument, the pending requests
--                         (oldest first, with when each was made), bookings past their end not yet
--                         recorded, instruments in maintenance, authorisations expiring within 30 days
--   lab_requests          the request queue: every pending request with requester, organisation (and
--                         whether it is an SME), instrument, time, service mode, purpose, samples,
--                         estimated cost, whether the requester's authorisation covers it, expiry
--   lab_calendar          the lab's bookings and closures over a window (93 days at most)
--   lab_bookings_to_record  confirmed bookings past their end, oldest first
--   lab_booking           one booking as the lab sees it (null when not the caller's lab's)
-- They are security definer because lab staff may not read the requesting organisations (RLS on
-- organisations shows members their own and everyone the lab-running ones); each checks first that
-- the caller staffs the lab (BOOKING_FORBIDDEN otherwise) and reads that lab's rows only.
--
-- Decisions and recordings stay with the engine's functions: decide_bookings and
-- complete_bookings_as_booked apply decide_booking / complete_booking to several bookings, each in
-- its own subtransaction, and report per booking (a refusal of one leaves the others decided).
--
-- complete_booking now takes the actual start and end (the booked times by default on the pages);
-- it derives actual_minutes from them. Those figures feed the bureau's statistics, so nothing else
-- may write them: a trigger refuses any change to actual_minutes, actual_starts_at, actual_ends_at
-- or completed_at made by the API roles (anon, authenticated, service_role) directly; only
-- functions owned by the database owner (complete_booking) and migrations/seed write them.
--
-- book_on_behalf: lab staff book for a registered user found by exact e-mail (a phone request).
-- The same rules as request_booking apply (private.place_booking is request_booking's body, now
-- shared by both); the booking is the user's and their organisation's; it is confirmed at once
-- (the lab itself made it) and the user is e-mailed (booking_confirmed). Unknown e-mail:
-- LAB_USER_NOT_FOUND (outside the BOOKING_* list: no engine function raises it).

-- Actual use --------------------------------------------------------------------------------------
alter table public.bookings
  add column actual_starts_at timestamptz,
  add column actual_ends_at timestamptz,
  add constraint bookings_actual_times_check check (
    (actual_starts_at is null) = (actual_ends_at is null)
    and (actual_ends_at is null or (actual_ends_at > actual_starts_at and actual_ends_at - actual_starts_at <= interval '7 days'))
  );
comment on column public.bookings.actual_starts_at is 'When use actually began, recorded by the lab through complete_booking.';
comment on column public.bookings.actual_ends_at is 'When use actually ended, recorded by the lab through complete_booking.';

/** Refuses writes of the recorded-use figures by the API roles: only complete_booking writes them. */
create function private.guard_recorded_use()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user::text in ('anon', 'authenticated', 'service_role', 'authenticator') and (
    tg_op = 'INSERT' and (new.actual_minutes is not null or new.actual_starts_at is not null or new.completed_at is not null)
    or tg_op = 'UPDATE' and (old.actual_minutes, old.actual_starts_at, old.actual_ends_at, old.completed_at)
      is distinct from (new.actual_minutes, new.actual_starts_at, new.actual_ends_at, new.completed_at)
  ) then
    raise exception 'BOOKING_FORBIDDEN' using errcode = '42501', detail = 'Actual use is recorded through complete_booking only.';
  end if;
  return new;
end;
$$;
create trigger bookings_guard_recorded_use before insert or update on public.bookings
  for each row execute function private.guard_recorded_use();

-- Placing a booking (request_booking's body, shared with book_on_behalf) -------------------------

/**
 * Places a booking for p_user with every rule of request_booking (input, instrument, time rules,
 * authorisation, organisation, overlap); p_confirm confirms it at once even where the instrument
 * needs approval (the lab booking on someone's behalf). The audit event's actor is the caller.
 */
create function private.place_booking(
  p_user uuid,
  p_instrument_id uuid,
  p_starts_at timestamptz,
  p_ends_at timestamptz,
  p_purpose text,
  p_service_mode public.service_mode,
  p_sample_description text default '',
  p_contact_phone text default null,
  p_organisation_id uuid default null,
  p_confirm boolean default false
)
returns public.bookings
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := p_user;
  v_instrument public.instruments;
  v_lab_status public.lab_status;
  v_organisation_id uuid;
  v_purpose text := private.trim_text(p_purpose);
  v_sample text := private.trim_text(coalesce(p_sample_description, ''));
  v_phone text := nullif(private.trim_text(p_contact_phone), '');
  v_error text;
  v_rate numeric(10, 2);
  v_booking public.bookings;
begin
  if v_user is null then
    raise exception 'BOOKING_NOT_SIGNED_IN' using errcode = 'P0001', detail = 'Sign in to request a booking.';
  end if;

  -- Input
  if p_instrument_id is null or p_starts_at is null or p_ends_at is null or p_service_mode is null
     or not isfinite(p_starts_at) or not isfinite(p_ends_at) then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'Instrument, start, end and service mode are required.';
  end if;
  if v_purpose is null or char_length(v_purpose) not between 1 and 2000 then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'The purpose needs 1 to 2000 characters.';
  end if;
  if char_length(v_sample) > 2000 then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'The sample description has at most 2000 characters.';
  end if;
  if v_phone is not null and (char_length(v_phone) > 20 or v_phone !~ '^\+?[0-9][0-9 -]{4,19}$') then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'The contact phone number is not valid.';
  end if;
  if p_starts_at >= p_ends_at then
    raise exception 'BOOKING_INVALID_RANGE' using errcode = 'P0001', detail = 'The start must be before the end.';
  end if;

  -- Instrument
  select i.* into v_instrument from public.instruments i where i.id = p_instrument_id;
  if not found or not private.can_see_instrument(p_instrument_id) then
    raise exception 'BOOKING_INSTRUMENT_NOT_FOUND' using errcode = 'P0001', detail = 'No such instrument.';
  end if;
  select l.status into v_lab_status from public.labs l where l.id = v_instrument.lab_id;
  if not private.instrument_bookable(v_instrument.status, v_lab_status) then
    raise exception 'BOOKING_INSTRUMENT_UNAVAILABLE' using errcode = 'P0001', detail = 'The instrument is not open for bookings.';
  end if;
  if not p_service_mode = any (v_instrument.service_modes) then
    raise exception 'BOOKING_SERVICE_MODE' using errcode = 'P0001', detail = 'The instrument does not offer this service mode.';
  end if;

  -- Time rules
  v_error := private.booking_policy_error(v_instrument, p_starts_at, p_ends_at, now());
  if v_error is not null then
    raise exception '%', v_error using errcode = 'P0001', detail = case v_error
      when 'BOOKING_NOT_ALIGNED' then format('Start and end must fall on the %s-minute grid (Asia/Shanghai).', v_instrument.slot_minutes)
      when 'BOOKING_TOO_SHORT' then format('Bookings last at least %s minutes.', v_instrument.min_booking_minutes)
      when 'BOOKING_TOO_LONG' then format('Bookings last at most %s minutes.', v_instrument.max_booking_minutes)
      when 'BOOKING_LEAD_TIME' then format('Bookings start at least %s hours from now.', v_instrument.lead_time_hours)
      when 'BOOKING_TOO_FAR_AHEAD' then format('Bookings start at most %s days from now.', v_instrument.max_advance_days)
      when 'BOOKING_OUTSIDE_HOURS' then 'The time is outside the opening hours.'
      when 'BOOKING_CLOSED' then 'The instrument is closed or under maintenance at that time.'
      else v_error
    end;
  end if;

  -- Caller
  if v_instrument.requires_authorisation and p_service_mode = 'self_operation'
     and not private.authorisation_covers(p_instrument_id, v_user, p_ends_at) then
    raise exception 'BOOKING_NOT_AUTHORISED' using errcode = 'P0001', detail = 'Operating this instrument yourself needs an authorisation from the lab.';
  end if;
  v_organisation_id := private.booking_organisation(v_user, p_organisation_id);
  if v_organisation_id is null then
    raise exception 'BOOKING_ORGANISATION_REQUIRED' using errcode = 'P0001', detail = 'Book on behalf of an organisation you belong to.';
  end if;

  -- Write
  select r.rate_cny into v_rate from private.rate_for_organisation(p_instrument_id, v_organisation_id) as r;
  begin
    insert into public.bookings (
      instrument_id, requester_id, organisation_id, during, status, service_mode, purpose,
      sample_description, contact_phone, rate_cny, estimated_cost_cny
    )
    values (
      p_instrument_id, v_user, v_organisation_id, tstzrange(p_starts_at, p_ends_at),
      case when v_instrument.requires_approval and not coalesce(p_confirm, false) then 'pending' else 'confirmed' end::public.booking_status,
      p_service_mode, v_purpose, v_sample, v_phone, v_rate,
      round(v_rate * extract(epoch from (p_ends_at - p_starts_at)) / 3600, 2)
    )
    returning * into v_booking;
  exception
    -- bookings_no_overlap; a deadlock can only come from two requests waiting on each other's slot.
    when exclusion_violation or deadlock_detected then
      raise exception 'BOOKING_SLOT_TAKEN' using errcode = 'P0001', detail = 'Another booking holds part of this time.';
  end;

  perform private.record_booking_transition(v_booking, null, null);
  return v_booking;
end;
$$;

/**
 * Requests a booking for the caller, on behalf of p_organisation_id (or their profile's
 * organisation, or their only one). Confirmed at once when the instrument needs no approval.
 */
create or replace function public.request_booking(
  p_instrument_id uuid,
  p_starts_at timestamptz,
  p_ends_at timestamptz,
  p_purpose text,
  p_service_mode public.service_mode,
  p_sample_description text default '',
  p_contact_phone text default null,
  p_organisation_id uuid default null
)
returns public.bookings
language sql
volatile
security definer
set search_path = ''
as $$
  select private.place_booking((select auth.uid()), p_instrument_id, p_starts_at, p_ends_at, p_purpose,
    p_service_mode, p_sample_description, p_contact_phone, p_organisation_id, false);
$$;

/**
 * Lab staff book for a registered user found by exact e-mail (case-insensitive), with the rules of
 * request_booking; the booking is the user's, confirmed, and the user is e-mailed.
 */
create function public.book_on_behalf(
  p_email text,
  p_instrument_id uuid,
  p_starts_at timestamptz,
  p_ends_at timestamptz,
  p_purpose text,
  p_service_mode public.service_mode,
  p_sample_description text default '',
  p_contact_phone text default null
)
returns public.bookings
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_email text := lower(private.trim_text(p_email));
  v_user uuid;
begin
  if (select auth.uid()) is null then
    raise exception 'BOOKING_NOT_SIGNED_IN' using errcode = 'P0001';
  end if;
  if p_instrument_id is null or v_email is null or v_email = '' or char_length(v_email) > 320 then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'Instrument and e-mail are required.';
  end if;
  if not exists (select 1 from public.instruments i where i.id = p_instrument_id) then
    raise exception 'BOOKING_INSTRUMENT_NOT_FOUND' using errcode = 'P0001', detail = 'No such instrument.';
  end if;
  if not private.is_instrument_staff(p_instrument_id) then
    raise exception 'BOOKING_FORBIDDEN' using errcode = 'P0001', detail = 'Only the lab''s staff book on someone''s behalf.';
  end if;
  select u.id into v_user from auth.users u where lower(u.email) = v_email and u.deleted_at is null;
  if v_user is null then
    raise exception 'LAB_USER_NOT_FOUND' using errcode = 'P0001', detail = 'No registered user has this e-mail address.';
  end if;
  return private.place_booking(v_user, p_instrument_id, p_starts_at, p_ends_at, p_purpose, p_service_mode,
    p_sample_description, p_contact_phone, null, true);
end;
$$;

-- Recording use -----------------------------------------------------------------------------------
drop function public.complete_booking(uuid, int, boolean);

/**
 * Lab staff record a started confirmed booking (private.complete_error) as completed or a no-show.
 * Completed: with the actual start and end (actual_minutes is derived from them; they must be in
 * order, not in the future, at most 7 days apart and within a day of the booked time), or, as
 * before, with actual minutes alone. A no-show has neither.
 */
create function public.complete_booking(
  p_booking_id uuid,
  p_actual_minutes int default null,
  p_no_show boolean default false,
  p_actual_starts_at timestamptz default null,
  p_actual_ends_at timestamptz default null
)
returns public.bookings
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_no_show boolean := coalesce(p_no_show, false);
  v_times boolean := p_actual_starts_at is not null or p_actual_ends_at is not null;
  v_minutes int := p_actual_minutes;
  v_booking public.bookings;
  v_from public.booking_status;
  v_error text;
begin
  if v_user is null then
    raise exception 'BOOKING_NOT_SIGNED_IN' using errcode = 'P0001';
  end if;
  if p_booking_id is null then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'The booking is required.';
  end if;
  select b.* into v_booking from public.bookings b where b.id = p_booking_id for update;
  if not found then
    raise exception 'BOOKING_NOT_FOUND' using errcode = 'P0001';
  end if;
  v_error := private.complete_error(v_booking.status, v_booking.during, private.is_instrument_staff(v_booking.instrument_id), now());
  if v_error is not null then
    raise exception '%', v_error using errcode = 'P0001', detail = case v_error
      when 'BOOKING_FORBIDDEN' then 'Only the lab''s staff record completion.'
      when 'BOOKING_NOT_STARTED' then 'The booking has not started yet.'
      else format('The booking is %s, not confirmed.', v_booking.status)
    end;
  end if;
  if v_no_show and (p_actual_minutes is not null or v_times) then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'A no-show has no actual use.';
  end if;
  if v_times then
    if p_actual_starts_at is null or p_actual_ends_at is null or not isfinite(p_actual_starts_at) or not isfinite(p_actual_ends_at)
       or p_actual_minutes is not null then
      raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'Give both the actual start and end (and no minutes).';
    end if;
    if p_actual_ends_at <= p_actual_starts_at then
      raise exception 'BOOKING_INVALID_RANGE' using errcode = 'P0001', detail = 'The actual end must be after the actual start.';
    end if;
    if p_actual_ends_at > now() then
      raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'The actual end cannot be in the future.';
    end if;
    if p_actual_ends_at - p_actual_starts_at > interval '7 days'
       or p_actual_starts_at < lower(v_booking.during) - interval '1 day'
       or p_actual_ends_at > upper(v_booking.during) + interval '1 day' then
      raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'The actual use must lie within a day of the booked time and last at most 7 days.';
    end if;
    v_minutes := ceil(extract(epoch from (p_actual_ends_at - p_actual_starts_at)) / 60)::int;
  end if;
  if not v_no_show and (v_minutes is null or v_minutes not between 0 and 7 * 24 * 60) then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'Actual minutes between 0 and 10080 are required.';
  end if;

  v_from := v_booking.status;
  update public.bookings
  set status = case when v_no_show then 'no_show' else 'completed' end::public.booking_status,
      actual_minutes = case when v_no_show then null else v_minutes end,
      actual_starts_at = case when v_no_show then null else p_actual_starts_at end,
      actual_ends_at = case when v_no_show then null else p_actual_ends_at end,
      completed_at = now()
  where id = p_booking_id
  returning * into v_booking;
  perform private.record_booking_transition(v_booking, v_from, null);
  return v_booking;
end;
$$;

-- Several at once ---------------------------------------------------------------------------------

/**
 * decide_booking for each of p_booking_ids (at most 200), each in its own subtransaction: one row
 * per booking with its new status, or the engine's error code and nothing changed for it.
 */
create function public.decide_bookings(p_booking_ids uuid[], p_approve boolean, p_reason text default null)
returns table (booking_id uuid, status public.booking_status, error text)
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_id uuid;
  v_booking public.bookings;
begin
  if p_booking_ids is null or cardinality(p_booking_ids) = 0 or cardinality(p_booking_ids) > 200 then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'Decide 1 to 200 bookings at a time.';
  end if;
  foreach v_id in array (select array_agg(distinct x) from unnest(p_booking_ids) as x) loop
    begin
      v_booking := public.decide_booking(v_id, p_approve, p_reason);
      booking_id := v_id; status := v_booking.status; error := null;
    exception when sqlstate 'P0001' then
      booking_id := v_id; status := null; error := sqlerrm;
    end;
    return next;
  end loop;
end;
$$;

/**
 * Records each of p_booking_ids (at most 200) as completed with the booked times as the actual
 * ones, through complete_booking, each in its own subtransaction; one row per booking as
 * decide_bookings.
 */
create function public.complete_bookings_as_booked(p_booking_ids uuid[])
returns table (booking_id uuid, status public.booking_status, error text)
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_id uuid;
  v_during tstzrange;
  v_booking public.bookings;
begin
  if p_booking_ids is null or cardinality(p_booking_ids) = 0 or cardinality(p_booking_ids) > 200 then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'Record 1 to 200 bookings at a time.';
  end if;
  foreach v_id in array (select array_agg(distinct x) from unnest(p_booking_ids) as x) loop
    begin
      select b.during into v_during from public.bookings b where b.id = v_id;
      if v_during is null then
        raise exception 'BOOKING_NOT_FOUND' using errcode = 'P0001';
      end if;
      v_booking := public.complete_booking(v_id, null, false, lower(v_during), upper(v_during));
      booking_id := v_id; status := v_booking.status; error := null;
    exception when sqlstate 'P0001' then
      booking_id := v_id; status := null; error := sqlerrm;
    end;
    return next;
  end loop;
end;
$$;

-- Pages of the lab workspace ----------------------------------------------------------------------

/** Raises unless the caller is signed in and on the staff of p_lab. */
create function private.require_lab_staff(p_lab uuid)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if (select auth.uid()) is null then
    raise exception 'BOOKING_NOT_SIGNED_IN' using errcode = 'P0001';
  end if;
  if p_lab is null or not private.is_lab_staff(p_lab) then
    raise exception 'BOOKING_FORBIDDEN' using errcode = 'P0001', detail = 'Only the lab''s staff see its workspace.';
  end if;
end;
$$;

/** A booking as lab pages list it (organisation, requester, instrument names, times in UTC). */
create function private.lab_booking_json(p_booking public.bookings, p_now timestamptz)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', p_booking.id,
    'instrument_id', p_booking.instrument_id,
    'instrument_name_zh', i.name_zh,
    'instrument_name_en', i.name_en,
    'starts_at', lower(p_booking.during),
    'ends_at', upper(p_booking.during),
    'minutes', (extract(epoch from upper(p_booking.during) - lower(p_booking.during)) / 60)::int,
    'status', p_booking.status,
    'service_mode', p_booking.service_mode,
    'organisation_name_zh', o.name_zh,
    'organisation_name_en', o.name_en,
    'organisation_kind', o.kind,
    'requester_name', coalesce(p.display_name, ''),
    'created_at', p_booking.created_at,
    'expired', private.booking_expired(p_booking.status, p_booking.during, p_now)
  )
  from public.instruments i, public.organisations o
  left join public.profiles p on p.id = p_booking.requester_id
  where i.id = p_booking.instrument_id and o.id = p_booking.organisation_id;
$$;

/**
 * The lab home in one call: instruments (not retired) with today's and tomorrow's bookings
 * (Asia/Shanghai days of p_now), the pending requests' count and the five oldest, bookings past
 * their end not yet recorded, instruments in maintenance, authorisations expiring within 30 days.
 */
create function public.lab_overview(p_lab uuid, p_now timestamptz default now())
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_today date := (p_now at time zone 'Asia/Shanghai')::date;
  v_window tstzrange := tstzrange(v_today::timestamp at time zone 'Asia/Shanghai', (v_today + 2)::timestamp at time zone 'Asia/Shanghai');
begin
  perform private.require_lab_staff(p_lab);
  if p_now is null or not isfinite(p_now) then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001';
  end if;
  return (
    with lab_instruments as (
      select i.* from public.instruments i where i.lab_id = p_lab
    ), pending as (
      select b.* from public.bookings b join lab_instruments i on i.id = b.instrument_id where b.status = 'pending'
    )
    select jsonb_build_object(
      'today', v_today,
      'instruments', coalesce((
        select jsonb_agg(jsonb_build_object('id', i.id, 'name_zh', i.name_zh, 'name_en', i.name_en, 'status', i.status)
                         order by i.name_zh, i.id)
        from lab_instruments i where i.status <> 'retired'), '[]'::jsonb),
      'bookings', coalesce((
        select jsonb_agg(private.lab_booking_json(b, p_now) order by lower(b.during), b.id)
        from public.bookings b join lab_instruments i on i.id = b.instrument_id
        where b.during && v_window and b.status in ('pending', 'confirmed', 'completed', 'no_show')), '[]'::jsonb),
      'pending', (select count(*) from pending),
      'oldest_pending', coalesce((
        select jsonb_agg(private.lab_booking_json(o, p_now) order by o.created_at, o.id)
        from (select * from pending b order by b.created_at, b.id limit 5) as o), '[]'::jsonb),
      'to_record', (
        select count(*) from public.bookings b join lab_instruments i on i.id = b.instrument_id
        where b.status = 'confirmed' and upper(b.during) <= p_now),
      'in_maintenance', (select count(*) from lab_instruments i where i.status = 'maintenance'),
      'expiring_authorisations', (
        select count(*) from public.instrument_authorisations a join lab_instruments i on i.id = a.instrument_id
        where a.expires_at > p_now and a.expires_at <= p_now + interval '30 days')
    )
  );
end;
$$;

/** Every pending request of the lab, oldest first, with what the queue shows of each. */
create function public.lab_requests(p_lab uuid, p_now timestamptz default now())
returns table (
  id uuid,
  instrument_id uuid,
  instrument_name_zh text,
  instrument_name_en text,
  requester_name text,
  requester_email text,
  contact_phone text,
  organisation_name_zh text,
  organisation_name_en text,
  organisation_kind public.organisation_kind,
  starts_at timestamptz,
  ends_at timestamptz,
  minutes int,
  service_mode public.service_mode,
  purpose text,
  sample_description text,
  rate_cny numeric,
  estimated_cost_cny numeric,
  needs_authorisation boolean,
  authorised boolean,
  expired boolean,
  created_at timestamptz
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_lab_staff(p_lab);
  return query
  select b.id, i.id, i.name_zh, i.name_en, coalesce(p.display_name, ''), u.email::text, b.contact_phone,
         o.name_zh, o.name_en, o.kind, lower(b.during), upper(b.during),
         (extract(epoch from upper(b.during) - lower(b.during)) / 60)::int,
         b.service_mode, b.purpose, b.sample_description, b.rate_cny, b.estimated_cost_cny,
         i.requires_authorisation and b.service_mode = 'self_operation',
         private.authorisation_covers(i.id, b.requester_id, upper(b.during)),
         private.booking_expired(b.status, b.during, coalesce(p_now, now())),
         b.created_at
  from public.instruments i
  join public.bookings b on b.instrument_id = i.id and b.status = 'pending'
  join public.organisations o on o.id = b.organisation_id
  left join public.profiles p on p.id = b.requester_id
  left join auth.users u on u.id = b.requester_id
  where i.lab_id = p_lab
  order by b.created_at, b.id;
end;
$$;

/**
 * The lab's calendar between p_from and p_to (at most 93 days), optionally of one instrument:
 * its instruments, the bookings that are not rejected or cancelled, and closures and maintenance.
 */
create function public.lab_calendar(p_lab uuid, p_from timestamptz, p_to timestamptz, p_instrument_id uuid default null)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_window tstzrange;
begin
  perform private.require_lab_staff(p_lab);
  perform private.check_calendar_window(p_from, p_to);
  v_window := tstzrange(p_from, p_to);
  return (
    with lab_instruments as (
      select i.* from public.instruments i
      where i.lab_id = p_lab and (p_instrument_id is null or i.id = p_instrument_id)
    )
    select jsonb_build_object(
      'instruments', coalesce((
        select jsonb_agg(jsonb_build_object('id', i.id, 'name_zh', i.name_zh, 'name_en', i.name_en, 'status', i.status)
                         order by i.name_zh, i.id)
        from public.instruments i where i.lab_id = p_lab and i.status <> 'retired'), '[]'::jsonb),
      'bookings', coalesce((
        select jsonb_agg(private.lab_booking_json(b, now()) order by lower(b.during), b.id)
        from public.bookings b join lab_instruments i on i.id = b.instrument_id
        where b.during && v_window and b.status in ('pending', 'confirmed', 'completed', 'no_show')), '[]'::jsonb),
      'closures', coalesce((
        select jsonb_agg(jsonb_build_object(
                 'id', e.id, 'instrument_id', e.instrument_id, 'kind', e.kind,
                 'starts_at', lower(e.during), 'ends_at', upper(e.during), 'note_zh', e.note_zh, 'note_en', e.note_en)
               order by lower(e.during), e.id)
        from public.availability_exceptions e join lab_instruments i on i.id = e.instrument_id
        where e.during && v_window and e.kind in ('closure', 'maintenance')), '[]'::jsonb)
    )
  );
end;
$$;

/** Confirmed bookings of the lab past their end and not yet recorded, oldest first. */
create function public.lab_bookings_to_record(p_lab uuid, p_now timestamptz default now())
returns setof jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_lab_staff(p_lab);
  return query
  select private.lab_booking_json(b, p_now)
  from public.instruments i
  join public.bookings b on b.instrument_id = i.id
  where i.lab_id = p_lab and b.status = 'confirmed' and upper(b.during) <= p_now
  order by upper(b.during), b.id;
end;
$$;

/**
 * One booking as its lab sees it, with purpose, samples, contact, costs, recorded use and what the
 * caller may do now; null when it does not exist or is not a booking of a lab the caller staffs.
 */
create function public.lab_booking(p_booking_id uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select private.lab_booking_json(b, now()) || jsonb_build_object(
    'lab_id', i.lab_id,
    'purpose', b.purpose,
    'sample_description', b.sample_description,
    'contact_phone', b.contact_phone,
    'requester_email', u.email,
    'rate_cny', b.rate_cny,
    'estimated_cost_cny', b.estimated_cost_cny,
    'actual_minutes', b.actual_minutes,
    'actual_starts_at', b.actual_starts_at,
    'actual_ends_at', b.actual_ends_at,
    'decision_reason', b.decision_reason,
    'cancel_reason', b.cancel_reason,
    'completed_at', b.completed_at,
    'can_approve', private.decide_error(b.status, b.during, true, true, now()) is null,
    'can_reject', private.decide_error(b.status, b.during, true, false, now()) is null,
    'can_complete', private.complete_error(b.status, b.during, true, now()) is null
  )
  from public.bookings b
  join public.instruments i on i.id = b.instrument_id
  left join auth.users u on u.id = b.requester_id
  where b.id = p_booking_id and private.is_lab_staff(i.lab_id);
$$;

-- Privileges --------------------------------------------------------------------------------------
revoke execute on function
  private.guard_recorded_use(),
  private.place_booking(uuid, uuid, timestamptz, timestamptz, text, public.service_mode, text, text, uuid, boolean),
  private.require_lab_staff(uuid),
  private.lab_booking_json(public.bookings, timestamptz)
from public, anon, authenticated, service_role;

revoke execute on function
  public.book_on_behalf(text, uuid, timestamptz, timestamptz, text, public.service_mode, text, text),
  public.complete_booking(uuid, int, boolean, timestamptz, timestamptz),
  public.decide_bookings(uuid[], boolean, text),
  public.complete_bookings_as_booked(uuid[]),
  public.lab_overview(uuid, timestamptz),
  public.lab_requests(uuid, timestamptz),
  public.lab_calendar(uuid, timestamptz, timestamptz, uuid),
  public.lab_bookings_to_record(uuid, timestamptz),
  public.lab_booking(uuid)
from public, anon, service_role;
grant execute on function
  public.book_on_behalf(text, uuid, timestamptz, timestamptz, text, public.service_mode, text, text),
  public.complete_booking(uuid, int, boolean, timestamptz, timestamptz),
  public.decide_bookings(uuid[], boolean, text),
  public.complete_bookings_as_booked(uuid[]),
  public.lab_overview(uuid, timestamptz),
  public.lab_requests(uuid, timestamptz),
  public.lab_calendar(uuid, timestamptz, timestamptz, uuid),
  public.lab_bookings_to_record(uuid, timestamptz),
  public.lab_booking(uuid)
to authenticated;
