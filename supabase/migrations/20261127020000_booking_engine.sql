-- The booking engine (DESIGN §5, issue 3): every booking state change is one SQL function that
-- checks the instrument's policy and the caller's rights, writes the booking, one audit event and
-- the e-mails it causes in a single transaction, and raises a stable error code the UI translates.
-- Also the public calendar: busy intervals without personal data, and the free slots a booking of a
-- given length could take. Why in Postgres: the database is the security boundary, and the
-- no-overlap invariant (bookings_no_overlap) only holds under concurrency if the check and the
-- write happen in the same place.
--
-- Time: opening hours are weekly rules in Asia/Shanghai wall-clock time plus extra openings, minus
-- closures and maintenance; slots are aligned to `slot_minutes` from local midnight. Touching
-- opening intervals merge (range_agg), so a booking may span 08:00-12:00 and 12:00-17:00.
-- Choices where the design is silent (docs/decisions/005): authorisation is needed for
-- self-operation only and must last until the booking ends; the cancellation deadline binds
-- confirmed bookings (a pending request can be withdrawn until its start); the lab is e-mailed
-- about every new booking, auto-confirmed ones included.
--
-- public.booking_error_codes — every code these functions raise (errcode P0001; the code is the
-- exception message, a human explanation is in `detail`):
--   BOOKING_NOT_SIGNED_IN          the caller has no user id (no or anonymous session)
--   BOOKING_INVALID_INPUT          a missing, infinite, too long or malformed argument (purpose
--                                  1..2000 characters, sample description <= 2000, reason <= 1000,
--                                  phone number format, actual minutes 0..10080, …)
--   BOOKING_INVALID_RANGE          the start is not before the end
--   BOOKING_RANGE_TOO_LONG         a calendar query spans more than 93 days
--   BOOKING_INSTRUMENT_NOT_FOUND   no such instrument, or the caller may not see it
--   BOOKING_INSTRUMENT_UNAVAILABLE the instrument is not active (maintenance, retired) or its lab
--                                  is not approved
--   BOOKING_SERVICE_MODE           the instrument does not offer the requested service mode
--   BOOKING_NOT_ALIGNED            start or end is not on the instrument's slot grid (local time),
--                                  or a slot length is not a multiple of the slot
--   BOOKING_TOO_SHORT              shorter than the instrument's minimum booking length
--   BOOKING_TOO_LONG               longer than the instrument's maximum booking length
--   BOOKING_LEAD_TIME              starts sooner than the instrument's lead time from now
--   BOOKING_TOO_FAR_AHEAD          starts later than the instrument's booking horizon
--   BOOKING_OUTSIDE_HOURS          not entirely inside opening hours
--   BOOKING_CLOSED                 overlaps a closure or maintenance period
--   BOOKING_NOT_AUTHORISED         self-operation needs a valid authorisation for this instrument
--   BOOKING_ORGANISATION_REQUIRED  the caller must book for an organisation they belong to
--   BOOKING_SLOT_TAKEN             another live booking overlaps the time
--   BOOKING_NOT_FOUND              no such booking
--   BOOKING_FORBIDDEN              the caller may not make this change to this booking
--   BOOKING_INVALID_STATE          the booking's status (or its time having passed) does not allow it
--   BOOKING_REASON_REQUIRED        a rejection needs a reason
--   BOOKING_CANCEL_DEADLINE        the requester's cancellation deadline has passed
--   BOOKING_NOT_STARTED            completion or no-show before the booking's start

-- Helpers -----------------------------------------------------------------------------------------

/** Text without leading and trailing white space (including the ideographic space U+3000). */
create or replace function public.booking_trim(p_text text)
returns text
language sql
immutable
set search_path = ''
as $$
  select regexp_replace(p_text, '^[[:space:]\u3000]+|[[:space:]\u3000]+$', '', 'g');
$$;

/** The first instant at or after p_at on the slot grid of Asia/Shanghai local time. */
create or replace function public.booking_align_up(p_at timestamptz, p_slot_minutes int)
returns timestamptz
language sql
stable
set search_path = ''
as $$
  select (
    timestamp 'epoch' + make_interval(secs => (
      ceil(extract(epoch from (p_at at time zone 'Asia/Shanghai')) / (p_slot_minutes * 60)) * (p_slot_minutes * 60)
    )::double precision)
  ) at time zone 'Asia/Shanghai';
$$;

/** Opening hours (weekly rules on each local day, plus extra openings) around [p_from, p_to). */
create or replace function public.instrument_opening(p_instrument_id uuid, p_from timestamptz, p_to timestamptz)
returns tstzmultirange
language sql
stable
set search_path = ''
as $$
  select coalesce(range_agg(s.r), '{}'::tstzmultirange)
  from (
    select tstzrange(
      (d.day::date + ar.start_time) at time zone 'Asia/Shanghai',
      (d.day::date + ar.end_time) at time zone 'Asia/Shanghai'
    ) as r
    from generate_series(
      ((p_from at time zone 'Asia/Shanghai')::date - 1)::timestamp,
      ((p_to at time zone 'Asia/Shanghai')::date + 1)::timestamp,
      interval '1 day'
    ) as d (day)
    join public.availability_rules ar
      on ar.instrument_id = p_instrument_id and ar.weekday = extract(isodow from d.day)::smallint
    union all
    select e.during
    from public.availability_exceptions e
    where e.instrument_id = p_instrument_id and e.kind = 'extra_opening' and e.during && tstzrange(p_from, p_to)
  ) as s;
$$;

/** Closures and maintenance periods overlapping [p_from, p_to). */
create or replace function public.instrument_closed(p_instrument_id uuid, p_from timestamptz, p_to timestamptz)
returns tstzmultirange
language sql
stable
set search_path = ''
as $$
  select coalesce(range_agg(e.during), '{}'::tstzmultirange)
  from public.availability_exceptions e
  where e.instrument_id = p_instrument_id and e.kind in ('closure', 'maintenance') and e.during && tstzrange(p_from, p_to);
$$;

/** Live (pending or confirmed) bookings overlapping [p_from, p_to). */
create or replace function public.instrument_booked(p_instrument_id uuid, p_from timestamptz, p_to timestamptz)
returns tstzmultirange
language sql
stable
set search_path = ''
as $$
  select coalesce(range_agg(b.during), '{}'::tstzmultirange)
  from public.bookings b
  where b.instrument_id = p_instrument_id and b.status in ('pending', 'confirmed') and b.during && tstzrange(p_from, p_to);
$$;

/**
 * The instrument's time rules for a booking [p_starts_at, p_ends_at) as seen at p_now: the first
 * broken rule's code, or null. Shared by request_booking (p_now = now()) and tests (exact
 * boundaries); free_slots applies the same rules set-wise.
 */
create or replace function public.booking_policy_error(
  p_instrument public.instruments,
  p_starts_at timestamptz,
  p_ends_at timestamptz,
  p_now timestamptz
)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  v_minutes numeric;
  v_during tstzrange;
begin
  if p_starts_at >= p_ends_at then
    return 'BOOKING_INVALID_RANGE';
  end if;
  if public.booking_align_up(p_starts_at, p_instrument.slot_minutes) <> p_starts_at
     or public.booking_align_up(p_ends_at, p_instrument.slot_minutes) <> p_ends_at then
    return 'BOOKING_NOT_ALIGNED';
  end if;
  v_minutes := extract(epoch from (p_ends_at - p_starts_at)) / 60;
  if v_minutes < p_instrument.min_booking_minutes then
    return 'BOOKING_TOO_SHORT';
  end if;
  if v_minutes > p_instrument.max_booking_minutes then
    return 'BOOKING_TOO_LONG';
  end if;
  if p_starts_at < p_now + make_interval(hours => p_instrument.lead_time_hours) then
    return 'BOOKING_LEAD_TIME';
  end if;
  if p_starts_at > p_now + make_interval(days => p_instrument.max_advance_days) then
    return 'BOOKING_TOO_FAR_AHEAD';
  end if;
  v_during := tstzrange(p_starts_at, p_ends_at);
  if not public.instrument_opening(p_instrument.id, p_starts_at, p_ends_at) @> v_during then
    return 'BOOKING_OUTSIDE_HOURS';
  end if;
  if public.instrument_closed(p_instrument.id, p_starts_at, p_ends_at) && v_during then
    return 'BOOKING_CLOSED';
  end if;
  return null;
end;
$$;

/** Validates a calendar window: present, finite, ordered, at most 93 days. */
create or replace function public.booking_check_window(p_from timestamptz, p_to timestamptz)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_from is null or p_to is null or not isfinite(p_from) or not isfinite(p_to) then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'from and to are required finite timestamps.';
  end if;
  if p_from >= p_to then
    raise exception 'BOOKING_INVALID_RANGE' using errcode = 'P0001', detail = 'from must be before to.';
  end if;
  if p_to - p_from > interval '93 days' then
    raise exception 'BOOKING_RANGE_TOO_LONG' using errcode = 'P0001', detail = 'A calendar query spans at most 93 days.';
  end if;
end;
$$;

-- Audit and e-mail --------------------------------------------------------------------------------

/**
 * Records one status change of p_booking (already written, with its new status): one
 * booking_events row and the e-mails the change causes, keyed <template>/<booking>/<event>/<recipient>.
 */
create or replace function public.booking_record_transition(
  p_booking public.bookings,
  p_from public.booking_status,
  p_note text
)
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_event_id uuid;
  v_requester_template text;
  v_lab_template text;
  v_payload jsonb;
  v_lab_id uuid;
begin
  insert into public.booking_events (booking_id, actor_id, from_status, to_status, note)
  values (p_booking.id, (select auth.uid()), p_from, p_booking.status, p_note)
  returning id into v_event_id;

  v_requester_template := case
    when p_booking.status = 'pending' and p_from is null then 'booking_requested'
    when p_booking.status = 'confirmed' then 'booking_confirmed'
    when p_booking.status = 'rejected' then 'booking_rejected'
    when p_booking.status = 'cancelled' then 'booking_cancelled'
  end;
  v_lab_template := case
    when p_from is null then 'booking_requested_lab'
    when p_booking.status = 'cancelled' then 'booking_cancelled_lab'
  end;
  if v_requester_template is null and v_lab_template is null then
    return v_event_id;
  end if;

  select
    l.id,
    jsonb_build_object(
      'booking_id', p_booking.id,
      'event_id', v_event_id,
      'instrument_id', i.id,
      'instrument_name_zh', i.name_zh,
      'instrument_name_en', i.name_en,
      'lab_id', l.id,
      'lab_name_zh', l.name_zh,
      'lab_name_en', l.name_en,
      'lab_address_zh', l.address_zh,
      'lab_address_en', l.address_en,
      'lab_contact_phone', l.contact_phone,
      'lab_contact_email', l.contact_email,
      'starts_at', to_char(lower(p_booking.during) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
      'ends_at', to_char(upper(p_booking.during) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
      'time_zone', 'Asia/Shanghai',
      'status', p_booking.status,
      'previous_status', p_from,
      'reason', p_note,
      'service_mode', p_booking.service_mode,
      'purpose', p_booking.purpose,
      'rate_cny', p_booking.rate_cny,
      'estimated_cost_cny', p_booking.estimated_cost_cny,
      'requester_name', coalesce(rp.display_name, ''),
      'organisation_name_zh', o.name_zh,
      'organisation_name_en', o.name_en
    )
  into v_lab_id, v_payload
  from public.instruments i
  join public.labs l on l.id = i.lab_id
  join public.organisations o on o.id = p_booking.organisation_id
  left join public.profiles rp on rp.id = p_booking.requester_id
  where i.id = p_booking.instrument_id;

  insert into public.email_outbox (booking_id, event_id, template, recipient_id, recipient_email, locale, payload, idempotency_key)
  select p_booking.id, v_event_id, r.template, r.user_id, u.email, coalesce(p.locale, 'zh-CN'), v_payload,
         r.template || '/' || p_booking.id || '/' || v_event_id || '/' || r.user_id
  from (
    select p_booking.requester_id as user_id, v_requester_template as template
    where v_requester_template is not null
    union all
    select m.user_id, v_lab_template
    from public.lab_members m
    where m.lab_id = v_lab_id and v_lab_template is not null
  ) as r
  join auth.users u on u.id = r.user_id and u.email is not null and u.email <> ''
  left join public.profiles p on p.id = r.user_id;

  return v_event_id;
end;
$$;

-- State changes -----------------------------------------------------------------------------------

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
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_instrument public.instruments;
  v_lab_status public.lab_status;
  v_organisation_id uuid;
  v_organisation_kind public.organisation_kind;
  v_purpose text := public.booking_trim(p_purpose);
  v_sample text := public.booking_trim(coalesce(p_sample_description, ''));
  v_phone text := nullif(public.booking_trim(p_contact_phone), '');
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
  if not found or not (public.is_public_instrument(p_instrument_id) or public.is_instrument_staff(p_instrument_id) or public.is_bureau()) then
    raise exception 'BOOKING_INSTRUMENT_NOT_FOUND' using errcode = 'P0001', detail = 'No such instrument.';
  end if;
  select l.status into v_lab_status from public.labs l where l.id = v_instrument.lab_id;
  if v_instrument.status <> 'active' or v_lab_status <> 'approved' then
    raise exception 'BOOKING_INSTRUMENT_UNAVAILABLE' using errcode = 'P0001', detail = 'The instrument is not open for bookings.';
  end if;
  if not p_service_mode = any (v_instrument.service_modes) then
    raise exception 'BOOKING_SERVICE_MODE' using errcode = 'P0001', detail = 'The instrument does not offer this service mode.';
  end if;

  -- Time rules
  v_error := public.booking_policy_error(v_instrument, p_starts_at, p_ends_at, now());
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
  if v_instrument.requires_authorisation and p_service_mode = 'self_operation' and not exists (
    select 1 from public.instrument_authorisations a
    where a.instrument_id = p_instrument_id and a.user_id = v_user and (a.expires_at is null or a.expires_at >= p_ends_at)
  ) then
    raise exception 'BOOKING_NOT_AUTHORISED' using errcode = 'P0001', detail = 'Operating this instrument yourself needs an authorisation from the lab.';
  end if;

  if p_organisation_id is not null then
    v_organisation_id := p_organisation_id;
  else
    select p.organisation_id into v_organisation_id from public.profiles p where p.id = v_user;
    if v_organisation_id is null then
      select min(m.organisation_id::text)::uuid into v_organisation_id
      from public.organisation_members m where m.user_id = v_user
      having count(*) = 1;
    end if;
  end if;
  select o.kind into v_organisation_kind
  from public.organisations o
  join public.organisation_members m on m.organisation_id = o.id and m.user_id = v_user
  where o.id = v_organisation_id;
  if v_organisation_kind is null then
    raise exception 'BOOKING_ORGANISATION_REQUIRED' using errcode = 'P0001', detail = 'Book on behalf of an organisation you belong to.';
  end if;

  -- Write
  v_rate := case when v_organisation_kind = 'sme' then v_instrument.sme_rate_cny else v_instrument.hourly_rate_cny end;
  begin
    insert into public.bookings (
      instrument_id, requester_id, organisation_id, during, status, service_mode, purpose,
      sample_description, contact_phone, rate_cny, estimated_cost_cny
    )
    values (
      p_instrument_id, v_user, v_organisation_id, tstzrange(p_starts_at, p_ends_at),
      case when v_instrument.requires_approval then 'pending' else 'confirmed' end::public.booking_status,
      p_service_mode, v_purpose, v_sample, v_phone, v_rate,
      round(v_rate * extract(epoch from (p_ends_at - p_starts_at)) / 3600, 2)
    )
    returning * into v_booking;
  exception
    -- bookings_no_overlap; a deadlock can only come from two requests waiting on each other's slot.
    when exclusion_violation or deadlock_detected then
      raise exception 'BOOKING_SLOT_TAKEN' using errcode = 'P0001', detail = 'Another booking holds part of this time.';
  end;

  perform public.booking_record_transition(v_booking, null, null);
  return v_booking;
end;
$$;

/** Lab staff approve or reject a pending booking; a rejection needs a reason. */
create or replace function public.decide_booking(p_booking_id uuid, p_approve boolean, p_reason text default null)
returns public.bookings
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_reason text := nullif(public.booking_trim(p_reason), '');
  v_booking public.bookings;
  v_from public.booking_status;
begin
  if v_user is null then
    raise exception 'BOOKING_NOT_SIGNED_IN' using errcode = 'P0001';
  end if;
  if p_booking_id is null or p_approve is null or char_length(v_reason) > 1000 then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'Booking and decision are required; the reason has at most 1000 characters.';
  end if;
  select b.* into v_booking from public.bookings b where b.id = p_booking_id for update;
  if not found then
    raise exception 'BOOKING_NOT_FOUND' using errcode = 'P0001';
  end if;
  if not public.is_instrument_staff(v_booking.instrument_id) then
    raise exception 'BOOKING_FORBIDDEN' using errcode = 'P0001', detail = 'Only the lab''s staff decide on its bookings.';
  end if;
  if v_booking.status <> 'pending' then
    raise exception 'BOOKING_INVALID_STATE' using errcode = 'P0001', detail = format('The booking is %s, not pending.', v_booking.status);
  end if;
  if p_approve and upper(v_booking.during) <= now() then
    raise exception 'BOOKING_INVALID_STATE' using errcode = 'P0001', detail = 'The booking''s time has passed.';
  end if;
  if not p_approve and v_reason is null then
    raise exception 'BOOKING_REASON_REQUIRED' using errcode = 'P0001', detail = 'Say why the request is rejected.';
  end if;

  v_from := v_booking.status;
  update public.bookings
  set status = case when p_approve then 'confirmed' else 'rejected' end::public.booking_status,
      decided_by = v_user, decided_at = now(), decision_reason = v_reason
  where id = p_booking_id
  returning * into v_booking;
  perform public.booking_record_transition(v_booking, v_from, v_reason);
  return v_booking;
end;
$$;

/**
 * Cancels a live booking. The lab's staff may cancel until its end; the requester may withdraw a
 * pending request until its start and cancel a confirmed booking until the cancellation deadline.
 */
create or replace function public.cancel_booking(p_booking_id uuid, p_reason text default null)
returns public.bookings
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_reason text := nullif(public.booking_trim(p_reason), '');
  v_booking public.bookings;
  v_deadline_hours int;
  v_from public.booking_status;
begin
  if v_user is null then
    raise exception 'BOOKING_NOT_SIGNED_IN' using errcode = 'P0001';
  end if;
  if p_booking_id is null or char_length(v_reason) > 1000 then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'The booking is required; the reason has at most 1000 characters.';
  end if;
  select b.* into v_booking from public.bookings b where b.id = p_booking_id for update;
  if not found then
    raise exception 'BOOKING_NOT_FOUND' using errcode = 'P0001';
  end if;

  if public.is_instrument_staff(v_booking.instrument_id) then
    if v_booking.status not in ('pending', 'confirmed') or upper(v_booking.during) <= now() then
      raise exception 'BOOKING_INVALID_STATE' using errcode = 'P0001', detail = 'Only live bookings that have not ended can be cancelled.';
    end if;
  elsif v_booking.requester_id = v_user then
    if v_booking.status not in ('pending', 'confirmed') then
      raise exception 'BOOKING_INVALID_STATE' using errcode = 'P0001', detail = format('The booking is %s.', v_booking.status);
    end if;
    select i.cancellation_deadline_hours into v_deadline_hours from public.instruments i where i.id = v_booking.instrument_id;
    if (v_booking.status = 'confirmed' and now() > lower(v_booking.during) - make_interval(hours => v_deadline_hours))
       or (v_booking.status = 'pending' and now() >= lower(v_booking.during)) then
      raise exception 'BOOKING_CANCEL_DEADLINE' using errcode = 'P0001',
        detail = format('Confirmed bookings can be cancelled up to %s hours before the start; ask the lab.', v_deadline_hours);
    end if;
  else
    raise exception 'BOOKING_FORBIDDEN' using errcode = 'P0001', detail = 'Only the requester and the lab''s staff cancel a booking.';
  end if;

  v_from := v_booking.status;
  update public.bookings
  set status = 'cancelled', cancelled_by = v_user, cancelled_at = now(), cancel_reason = v_reason
  where id = p_booking_id
  returning * into v_booking;
  perform public.booking_record_transition(v_booking, v_from, v_reason);
  return v_booking;
end;
$$;

/** Lab staff record a started confirmed booking as completed (with actual minutes) or a no-show. */
create or replace function public.complete_booking(p_booking_id uuid, p_actual_minutes int default null, p_no_show boolean default false)
returns public.bookings
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_no_show boolean := coalesce(p_no_show, false);
  v_booking public.bookings;
  v_from public.booking_status;
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
  if not public.is_instrument_staff(v_booking.instrument_id) then
    raise exception 'BOOKING_FORBIDDEN' using errcode = 'P0001', detail = 'Only the lab''s staff record completion.';
  end if;
  if v_booking.status <> 'confirmed' then
    raise exception 'BOOKING_INVALID_STATE' using errcode = 'P0001', detail = format('The booking is %s, not confirmed.', v_booking.status);
  end if;
  if now() < lower(v_booking.during) then
    raise exception 'BOOKING_NOT_STARTED' using errcode = 'P0001', detail = 'The booking has not started yet.';
  end if;
  if v_no_show and p_actual_minutes is not null then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'A no-show has no actual minutes.';
  end if;
  if not v_no_show and (p_actual_minutes is null or p_actual_minutes not between 0 and 7 * 24 * 60) then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'Actual minutes between 0 and 10080 are required.';
  end if;

  v_from := v_booking.status;
  update public.bookings
  set status = case when v_no_show then 'no_show' else 'completed' end::public.booking_status,
      actual_minutes = case when v_no_show then null else p_actual_minutes end,
      completed_at = now()
  where id = p_booking_id
  returning * into v_booking;
  perform public.booking_record_transition(v_booking, v_from, null);
  return v_booking;
end;
$$;

-- Public calendar ---------------------------------------------------------------------------------

/**
 * Busy intervals of an instrument in [p_from, p_to): live bookings (kind 'booking', `mine` when the
 * caller requested it) and closures / maintenance. No requester, organisation or purpose.
 * security definer: visitors cannot read bookings, only these intervals.
 */
create or replace function public.instrument_busy(p_instrument_id uuid, p_from timestamptz, p_to timestamptz)
returns table (starts_at timestamptz, ends_at timestamptz, kind text, mine boolean)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
begin
  perform public.booking_check_window(p_from, p_to);
  if p_instrument_id is null or not (
    public.is_public_instrument(p_instrument_id) or public.is_instrument_staff(p_instrument_id) or public.is_bureau()
  ) then
    raise exception 'BOOKING_INSTRUMENT_NOT_FOUND' using errcode = 'P0001', detail = 'No such instrument.';
  end if;
  return query
  select x.starts_at, x.ends_at, x.kind, x.mine
  from (
    select lower(b.during) as starts_at, upper(b.during) as ends_at, 'booking'::text as kind,
           coalesce(b.requester_id = v_user, false) as mine
    from public.bookings b
    where b.instrument_id = p_instrument_id and b.status in ('pending', 'confirmed')
      and b.during && tstzrange(p_from, p_to)
    union all
    select lower(e.during), upper(e.during), e.kind::text, false
    from public.availability_exceptions e
    where e.instrument_id = p_instrument_id and e.kind in ('closure', 'maintenance')
      and e.during && tstzrange(p_from, p_to)
  ) as x
  order by x.starts_at, x.ends_at;
end;
$$;

/**
 * Every aligned start in [p_from, p_to) where a booking of p_minutes (default: the minimum length)
 * would pass the instrument's rules (opening hours, closures, other bookings, lead time, horizon,
 * length); the caller's authorisation and organisation are not considered. Candidates come from
 * the free intervals (opening − closures − bookings), so the cost follows the number of slots,
 * not the length of the window in minutes.
 */
create or replace function public.free_slots(p_instrument_id uuid, p_from timestamptz, p_to timestamptz, p_minutes int)
returns table (starts_at timestamptz, ends_at timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_instrument public.instruments;
  v_lab_status public.lab_status;
  v_minutes int;
  v_length interval;
  v_step interval;
  v_from timestamptz;
  v_last timestamptz;
  v_window_end timestamptz;
begin
  perform public.booking_check_window(p_from, p_to);
  select i.* into v_instrument from public.instruments i where i.id = p_instrument_id;
  if not found or not (public.is_public_instrument(p_instrument_id) or public.is_instrument_staff(p_instrument_id) or public.is_bureau()) then
    raise exception 'BOOKING_INSTRUMENT_NOT_FOUND' using errcode = 'P0001', detail = 'No such instrument.';
  end if;
  v_minutes := coalesce(p_minutes, v_instrument.min_booking_minutes);
  if v_minutes % v_instrument.slot_minutes <> 0 then
    raise exception 'BOOKING_NOT_ALIGNED' using errcode = 'P0001', detail = format('Lengths are multiples of %s minutes.', v_instrument.slot_minutes);
  end if;
  if v_minutes < v_instrument.min_booking_minutes then
    raise exception 'BOOKING_TOO_SHORT' using errcode = 'P0001', detail = format('Bookings last at least %s minutes.', v_instrument.min_booking_minutes);
  end if;
  if v_minutes > v_instrument.max_booking_minutes then
    raise exception 'BOOKING_TOO_LONG' using errcode = 'P0001', detail = format('Bookings last at most %s minutes.', v_instrument.max_booking_minutes);
  end if;
  select l.status into v_lab_status from public.labs l where l.id = v_instrument.lab_id;
  if v_instrument.status <> 'active' or v_lab_status <> 'approved' then
    return;
  end if;

  v_length := make_interval(mins => v_minutes);
  v_step := make_interval(mins => v_instrument.slot_minutes);
  v_from := greatest(p_from, now() + make_interval(hours => v_instrument.lead_time_hours));
  -- The last admissible start: before p_to and within the booking horizon.
  v_last := least(p_to - interval '1 microsecond', now() + make_interval(days => v_instrument.max_advance_days));
  if v_from > v_last then
    return;
  end if;
  v_window_end := v_last + v_length;

  return query
  select s.slot_start, s.slot_start + v_length
  from (
    select generate_series(
      public.booking_align_up(greatest(lower(f.r), v_from), v_instrument.slot_minutes),
      least(upper(f.r) - v_length, v_last),
      v_step
    ) as slot_start
    from unnest(
      public.instrument_opening(p_instrument_id, v_from, v_window_end)
      - public.instrument_closed(p_instrument_id, v_from, v_window_end)
      - public.instrument_booked(p_instrument_id, v_from, v_window_end)
    ) as f (r)
    where upper(f.r) - lower(f.r) >= v_length
  ) as s
  order by s.slot_start;
end;
$$;

-- Privileges --------------------------------------------------------------------------------------
-- Supabase grants execute on new functions to anon and authenticated by default: revoke, then
-- grant each function to the roles meant to call it. The helpers run only inside the functions
-- above (as their owner).
revoke execute on function
  public.booking_trim(text),
  public.booking_align_up(timestamptz, int),
  public.instrument_opening(uuid, timestamptz, timestamptz),
  public.instrument_closed(uuid, timestamptz, timestamptz),
  public.instrument_booked(uuid, timestamptz, timestamptz),
  public.booking_policy_error(public.instruments, timestamptz, timestamptz, timestamptz),
  public.booking_check_window(timestamptz, timestamptz),
  public.booking_record_transition(public.bookings, public.booking_status, text)
from public, anon, authenticated, service_role;

revoke execute on function
  public.request_booking(uuid, timestamptz, timestamptz, text, public.service_mode, text, text, uuid),
  public.decide_booking(uuid, boolean, text),
  public.cancel_booking(uuid, text),
  public.complete_booking(uuid, int, boolean)
from public, anon, service_role;
grant execute on function
  public.request_booking(uuid, timestamptz, timestamptz, text, public.service_mode, text, text, uuid),
  public.decide_booking(uuid, boolean, text),
  public.cancel_booking(uuid, text),
  public.complete_booking(uuid, int, boolean)
to authenticated;

revoke execute on function
  public.instrument_busy(uuid, timestamptz, timestamptz),
  public.free_slots(uuid, timestamptz, timestamptz, int)
from public, service_role;
grant execute on function
  public.instrument_busy(uuid, timestamptz, timestamptz),
  public.free_slots(uuid, timestamptz, timestamptz, int)
to anon, authenticated;
