-- The booking engine (DESIGN §5, issue 3): every booking state change is one SQL function that
-- checks the instrument's policy and the caller's rights, writes the booking, one audit event and
-- the e-mails it causes in a single transaction, and raises a stable error code the UI translates.
-- Also the public calendar (busy intervals without personal data, and the free slots a booking of a
-- given length could take), the set-wise free-time check behind the catalogue's time-first search,
-- and what the caller may do with each booking (booking_actions) and pay (booking_rate). Why in
-- Postgres: the database is the security boundary, and the no-overlap invariant
-- (bookings_no_overlap) only holds under concurrency if the check and the write happen in the same
-- place.
--
-- One home for each rule (docs/decisions/011). Each rule is one function in `private`, and the
-- functions that enforce it and the functions that answer for it call the same one:
--   time       private.slot_align_up (slot grid from local midnight), private.length_error
--              (slot multiple, minimum, maximum), private.bookable_length (a searched length rounded
--              to what the instrument takes), private.earliest_start / private.latest_start (lead
--              time, horizon), private.instrument_bookable (active, lab approved),
--              private.slot_first / private.slot_last (the first and last start a free interval
--              offers) and private.slot_starts (every start between them); the instrument's time
--              as multiranges: private.opening_time (weekly rules on each Asia/Shanghai day plus
--              extra openings), private.closed_time (closures, maintenance), private.booked_time
--              (live bookings) and private.free_time (opening − closed − booked).
--   who        private.can_see_instrument; private.booking_organisation (which organisation a
--              booking is for); private.rate_for_organisation (SME rate or standard rate);
--              private.authorisation_covers (self-operation needs an authorisation that lasts until
--              the booking ends).
--   what next  private.cancel_role / private.cancel_error, private.decide_error,
--              private.complete_error, private.booking_expired: used by cancel_booking,
--              decide_booking, complete_booking and by booking_actions, so the answer a page shows
--              and the refusal a state change raises can never drift apart. They take "now" as an
--              argument (default now()) so tests can check the boundaries exactly.
--
-- Free time for one instrument and for many, side by side. free_slots (every slot of one
-- instrument) and private.booking_policy_error (request_booking) read one instrument's time with
-- private.opening_time, closed_time and booked_time. The catalogue asks, for up to 10,000
-- instruments at once, whether any slot fits: calling those functions (or free_slots) per
-- instrument takes 6–21 s on the bench data (docs/decisions/009). Variants that shared them
-- set-wise were measurably slower than one join over every candidate: over an array of instruments
-- the three time sets alone took about as long as the whole join (plans without the candidates'
-- statistics, results copied through function boundaries), and inlined per instrument they became
-- a nested loop per candidate. So private.instruments_free_core keeps that join for the three time
-- sets, here beside the per-instrument functions, and shares everything else: the length rounding,
-- lead time, horizon, bookable status and the slot bounds are the same functions, inlined.
-- The small pure functions applied per row are plain SQL without `set search_path`, on purpose:
-- the planner inlines such functions into the calling query, where a pinned search_path (or a
-- declared volatility lower than their body's: timestamptz arithmetic is stable, not immutable)
-- would make each a separate call per row, which doubled the set-wise check's time. They read no
-- table, use only pg_catalog functions and operators and other such functions, and are called
-- from functions that pin search_path ''; tests/integration/db/schema.test.ts checks both that and
-- that they are inlined. tests/integration/booking/time-first.test.ts and
-- tests/integration/db/catalogue-search.test.ts compare the set-wise answer with free_slots asked
-- per instrument, so a change to one that the other does not follow fails them.
--
-- Time: opening hours are weekly rules in Asia/Shanghai wall-clock time plus extra openings, minus
-- closures and maintenance; slots are aligned to `slot_minutes` from local midnight. Touching
-- opening intervals merge (range_agg), so a booking may span 08:00-12:00 and 12:00-17:00.
-- Choices where the design is silent (docs/decisions/005): authorisation is needed for
-- self-operation only and must last until the booking ends; the cancellation deadline binds
-- confirmed bookings (a pending request can be withdrawn until its start); lab staff cancel live
-- bookings until their end; a pending booking whose time has passed can be rejected but not
-- approved; the lab is e-mailed about every new booking, auto-confirmed ones included.
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

-- Input -------------------------------------------------------------------------------------------

/** Text without leading and trailing white space (including the ideographic space U+3000). */
create function private.trim_text(p_text text)
returns text
language sql
immutable
set search_path = ''
as $$
  select regexp_replace(p_text, '^[[:space:]\u3000]+|[[:space:]\u3000]+$', '', 'g');
$$;

/** Validates a calendar window: present, finite, ordered, at most 93 days. */
create function private.check_calendar_window(p_from timestamptz, p_to timestamptz)
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

/** Validates a time-first search window ("free for p_minutes between p_from and p_to"): at most 31 days. */
create function private.check_free_window(p_from timestamptz, p_to timestamptz, p_minutes int)
returns void
language plpgsql
immutable
set search_path = ''
as $$
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
end;
$$;

-- Time rules (pure; inlined into their callers, see the header) ------------------------------------

/** The first instant at or after p_at on the slot grid of Asia/Shanghai local time. */
create function private.slot_align_up(p_at timestamptz, p_slot_minutes int)
returns timestamptz
language sql
stable
as $$
  select (
    timestamp 'epoch' + make_interval(secs => (
      ceil(extract(epoch from (p_at at time zone 'Asia/Shanghai')) / (p_slot_minutes * 60)) * (p_slot_minutes * 60)
    )::double precision)
  ) at time zone 'Asia/Shanghai';
$$;

/**
 * Whether a booking may last p_minutes: the first broken rule's code (a multiple of the slot, at
 * least the minimum, at most the maximum), or null.
 */
create function private.length_error(p_minutes numeric, p_slot_minutes int, p_min_minutes int, p_max_minutes int)
returns text
language sql
immutable
as $$
  select case
    when p_minutes % p_slot_minutes <> 0 then 'BOOKING_NOT_ALIGNED'
    when p_minutes < p_min_minutes then 'BOOKING_TOO_SHORT'
    when p_minutes > p_max_minutes then 'BOOKING_TOO_LONG'
  end;
$$;

/**
 * The length a search for p_minutes asks of an instrument: rounded up to its slot and to at least
 * its minimum, so that private.length_error has nothing against it but the maximum; null when that
 * is longer than the instrument's maximum (it cannot serve the search).
 */
create function private.bookable_length(p_minutes int, p_slot_minutes int, p_min_minutes int, p_max_minutes int)
returns int
language sql
immutable
as $$
  -- ceil(p_minutes / slot) and ceil(min / slot) in integers (all positive); one expression, twice,
  -- so that the function stays inlinable (no FROM)
  select case
    when greatest((p_minutes + p_slot_minutes - 1) / p_slot_minutes,
                  (p_min_minutes + p_slot_minutes - 1) / p_slot_minutes) * p_slot_minutes <= p_max_minutes
    then greatest((p_minutes + p_slot_minutes - 1) / p_slot_minutes,
                  (p_min_minutes + p_slot_minutes - 1) / p_slot_minutes) * p_slot_minutes
  end;
$$;

/** The earliest start a booking may have at p_now (the lead time). */
create function private.earliest_start(p_lead_time_hours int, p_now timestamptz)
returns timestamptz
language sql
stable
as $$
  select p_now + make_interval(hours => p_lead_time_hours);
$$;

/** The latest start a booking may have at p_now (the booking horizon). */
create function private.latest_start(p_max_advance_days int, p_now timestamptz)
returns timestamptz
language sql
stable
as $$
  select p_now + make_interval(days => p_max_advance_days);
$$;

/** Whether an instrument takes bookings: active, in an approved lab. */
create function private.instrument_bookable(p_status public.instrument_status, p_lab_status public.lab_status)
returns boolean
language sql
immutable
as $$
  select p_status = 'active' and p_lab_status = 'approved';
$$;

/**
 * The bounds of the slot starts in one free interval p_free: the first aligned start at or after
 * both the interval's start and p_first (private.slot_first), and the last start that still lets a
 * booking of p_length end inside the interval, no later than p_last (private.slot_last). The
 * interval holds a slot exactly when slot_first <= slot_last.
 */
create function private.slot_first(p_free tstzrange, p_first timestamptz, p_slot_minutes int)
returns timestamptz
language sql
stable
as $$
  select private.slot_align_up(greatest(lower(p_free), p_first), p_slot_minutes);
$$;

create function private.slot_last(p_free tstzrange, p_last timestamptz, p_length interval)
returns timestamptz
language sql
stable
as $$
  select least(upper(p_free) - p_length, p_last);
$$;

/**
 * The aligned starts in p_free (an instrument's free time) from p_first to p_last where a booking
 * of p_length fits inside one free interval, in order. Touching intervals are already merged, so
 * a booking may span them.
 */
create function private.slot_starts(
  p_free tstzmultirange,
  p_first timestamptz,
  p_last timestamptz,
  p_length interval,
  p_slot_minutes int
)
returns table (starts_at timestamptz)
language sql
stable
as $$
  select s.starts_at
  from unnest(p_free) as f (r)
  cross join lateral generate_series(
    private.slot_first(f.r, p_first, p_slot_minutes),
    private.slot_last(f.r, p_last, p_length),
    make_interval(mins => p_slot_minutes)
  ) as s (starts_at);
$$;

-- An instrument's time ----------------------------------------------------------------------------

/**
 * Opening hours of the instrument around [p_from, p_to): its weekly rules on each Asia/Shanghai day
 * from the day before p_from to the day after p_to, plus its extra openings overlapping
 * [p_from, p_to), merged.
 */
create function private.opening_time(p_instrument_id uuid, p_from timestamptz, p_to timestamptz)
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

/** The instrument's closures and maintenance periods overlapping [p_from, p_to), merged. */
create function private.closed_time(p_instrument_id uuid, p_from timestamptz, p_to timestamptz)
returns tstzmultirange
language sql
stable
set search_path = ''
as $$
  select coalesce(range_agg(e.during), '{}'::tstzmultirange)
  from public.availability_exceptions e
  where e.instrument_id = p_instrument_id and e.kind in ('closure', 'maintenance') and e.during && tstzrange(p_from, p_to);
$$;

/** The instrument's live (pending or confirmed) bookings overlapping [p_from, p_to), merged. */
create function private.booked_time(p_instrument_id uuid, p_from timestamptz, p_to timestamptz)
returns tstzmultirange
language sql
stable
set search_path = ''
as $$
  select coalesce(range_agg(b.during), '{}'::tstzmultirange)
  from public.bookings b
  where b.instrument_id = p_instrument_id and b.status in ('pending', 'confirmed') and b.during && tstzrange(p_from, p_to);
$$;

/** The instrument's free time around [p_from, p_to): opening − closed − booked. Exact inside [p_from, p_to). */
create function private.free_time(p_instrument_id uuid, p_from timestamptz, p_to timestamptz)
returns tstzmultirange
language sql
stable
set search_path = ''
as $$
  select private.opening_time(p_instrument_id, p_from, p_to)
    - private.closed_time(p_instrument_id, p_from, p_to)
    - private.booked_time(p_instrument_id, p_from, p_to);
$$;

/**
 * The instrument's time rules for a booking [p_starts_at, p_ends_at) as seen at p_now: the first
 * broken rule's code, or null. Another live booking is the exclusion constraint's to refuse.
 * Used by request_booking (p_now = now()) and by tests (exact boundaries).
 */
create function private.booking_policy_error(
  p_instrument public.instruments,
  p_starts_at timestamptz,
  p_ends_at timestamptz,
  p_now timestamptz default now()
)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  v_error text;
  v_during tstzrange;
begin
  if p_starts_at >= p_ends_at then
    return 'BOOKING_INVALID_RANGE';
  end if;
  if private.slot_align_up(p_starts_at, p_instrument.slot_minutes) <> p_starts_at
     or private.slot_align_up(p_ends_at, p_instrument.slot_minutes) <> p_ends_at then
    return 'BOOKING_NOT_ALIGNED';
  end if;
  v_error := private.length_error(extract(epoch from (p_ends_at - p_starts_at)) / 60, p_instrument.slot_minutes,
    p_instrument.min_booking_minutes, p_instrument.max_booking_minutes);
  if v_error is not null then
    return v_error;
  end if;
  if p_starts_at < private.earliest_start(p_instrument.lead_time_hours, p_now) then
    return 'BOOKING_LEAD_TIME';
  end if;
  if p_starts_at > private.latest_start(p_instrument.max_advance_days, p_now) then
    return 'BOOKING_TOO_FAR_AHEAD';
  end if;
  v_during := tstzrange(p_starts_at, p_ends_at);
  if not private.opening_time(p_instrument.id, p_starts_at, p_ends_at) @> v_during then
    return 'BOOKING_OUTSIDE_HOURS';
  end if;
  if private.closed_time(p_instrument.id, p_starts_at, p_ends_at) && v_during then
    return 'BOOKING_CLOSED';
  end if;
  return null;
end;
$$;

/**
 * The instruments among p_ids (active, in an approved lab) with a bookable slot of p_minutes
 * (private.bookable_length per instrument) fully inside [p_from, p_to) that starts no later than
 * p_probe after the instrument's first admissible start (null: anywhere in the window): those for
 * which free_slots(id, p_from, p_to, length) lists a slot ending by p_to, all in one query. The
 * per-row rules are the engine's own (inlined); the opening, closed and booked time are
 * private.opening_time, closed_time and booked_time written as one join over every candidate
 * (see the header for why). Runs only inside instruments_free_among (as its owner); the caller
 * checked the arguments.
 */
create function private.instruments_free_core(
  p_ids uuid[],
  p_from timestamptz,
  p_to timestamptz,
  p_minutes int,
  p_probe interval
)
returns table (instrument_id uuid)
language plpgsql
stable
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
begin
  return query
  with candidate as materialized (
    -- free_slots' variables per instrument: the length, the first admissible start (window, lead
    -- time) and the last one looked for (window and horizon as in free_slots, ending by p_to, and
    -- the probe). A slot lies in [v_from, v_end), so only time overlapping that span matters.
    select i.id, i.slot_minutes, x.len, x.v_from, y.v_stop, y.v_stop + x.len as v_end
    from public.instruments i
    join public.labs l on l.id = i.lab_id
    cross join lateral (
      select private.bookable_length(p_minutes, i.slot_minutes, i.min_booking_minutes, i.max_booking_minutes) as minutes
    ) as m
    cross join lateral (
      select make_interval(mins => m.minutes) as len,
             greatest(p_from, private.earliest_start(i.lead_time_hours, now())) as v_from,
             least(p_to - interval '1 microsecond', private.latest_start(i.max_advance_days, now())) as v_last
    ) as x
    cross join lateral (
      select least(x.v_last, p_to - x.len, x.v_from + p_probe) as v_stop
    ) as y
    where i.id = any (p_ids)
      and private.instrument_bookable(i.status, l.status)
      and m.minutes is not null
      and x.v_from <= y.v_stop
  ),
  days as (
    -- The Asia/Shanghai days whose weekly opening hours can reach any candidate's span (one day
    -- either side, as private.opening_time expands them). Pieces that end up outside an
    -- instrument's own span change nothing inside it.
    select d::date as day, extract(isodow from d)::smallint as weekday
    from generate_series(
      ((select min(c.v_from) from candidate c) at time zone 'Asia/Shanghai')::date::timestamp - interval '1 day',
      ((select max(c.v_end) from candidate c) at time zone 'Asia/Shanghai')::date::timestamp + interval '1 day',
      interval '1 day'
    ) as d
  ),
  opening as (
    -- private.opening_time: weekly rules on each local day plus extra openings, merged.
    select p.id, range_agg(p.r) as m
    from (
      select c.id, tstzrange((d.day + ar.start_time) at time zone 'Asia/Shanghai',
                             (d.day + ar.end_time) at time zone 'Asia/Shanghai') as r
      from candidate c
      join public.availability_rules ar on ar.instrument_id = c.id
      join days d on d.weekday = ar.weekday
      union all
      select c.id, e.during
      from candidate c
      join public.availability_exceptions e
        on e.instrument_id = c.id and e.kind = 'extra_opening' and e.during && tstzrange(c.v_from, c.v_end)
    ) as p
    group by p.id
  ),
  busy as (
    -- private.closed_time and private.booked_time: closures, maintenance, live bookings.
    select x.id, range_agg(x.r) as m
    from (
      select c.id, e.during as r
      from candidate c
      join public.availability_exceptions e
        on e.instrument_id = c.id and e.kind in ('closure', 'maintenance') and e.during && tstzrange(c.v_from, c.v_end)
      union all
      select c.id, b.during
      from candidate c
      join public.bookings b
        on b.instrument_id = c.id and b.status in ('pending', 'confirmed') and b.during && tstzrange(c.v_from, c.v_end)
    ) as x
    group by x.id
  )
  select c.id
  from candidate c
  join opening o on o.id = c.id
  left join busy b on b.id = c.id
  -- a free interval that holds a slot: private.slot_starts' bounds for free_slots. The first test
  -- is implied by the second and spares most intervals that are too short the rounding.
  where exists (
    select 1 from unnest(o.m - coalesce(b.m, '{}'::tstzmultirange)) as u (r)
    where greatest(lower(u.r), c.v_from) <= private.slot_last(u.r, c.v_stop, c.len)
      and private.slot_first(u.r, c.v_from, c.slot_minutes) <= private.slot_last(u.r, c.v_stop, c.len)
  );
end;
$$;

/**
 * The instruments among p_ids with a bookable slot of p_minutes (rounded per instrument) fully
 * inside [p_from, p_to), computed set-wise. Most free instruments have a slot in the first days of
 * the window, so a first pass looks only at starts within three days of each instrument's first
 * admissible start (a slot found there is a slot); a second pass looks at the whole window for the
 * rest. security definer: reads bookings; reveals only which public instruments are free, as
 * free_slots does.
 */
create function private.instruments_free_among(p_ids uuid[], p_from timestamptz, p_to timestamptz, p_minutes int)
returns table (instrument_id uuid)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_found uuid[];
  v_rest uuid[];
begin
  perform private.check_free_window(p_from, p_to, p_minutes);
  if p_ids is null or cardinality(p_ids) = 0 then
    return;
  end if;

  if p_to - p_from <= interval '3 days' then
    -- No slot can start later than three days after v_from: one pass is the whole window.
    return query select f.instrument_id from private.instruments_free_core(p_ids, p_from, p_to, p_minutes, null) as f;
    return;
  end if;
  v_found := array(select f.instrument_id from private.instruments_free_core(p_ids, p_from, p_to, p_minutes, interval '3 days') as f);
  return query select unnest(v_found);
  v_rest := array(select unnest(p_ids) except select unnest(v_found));
  if cardinality(v_rest) > 0 then
    return query select f.instrument_id from private.instruments_free_core(v_rest, p_from, p_to, p_minutes, null) as f;
  end if;
end;
$$;

-- Who may book what, and at which rate ------------------------------------------------------------

/** Whether the caller may see the instrument: public, their lab's, or they are bureau staff. */
create function private.can_see_instrument(p_instrument_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select p_instrument_id is not null
    and (private.is_public_instrument(p_instrument_id) or private.is_instrument_staff(p_instrument_id) or private.is_bureau());
$$;

/**
 * The organisation p_user books for: p_organisation_id if given, else their profile's organisation,
 * else their only one; null unless they belong to it.
 */
create function private.booking_organisation(p_user uuid, p_organisation_id uuid default null)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select m.organisation_id
  from public.organisation_members m
  where m.user_id = p_user
    and m.organisation_id = coalesce(
      p_organisation_id,
      (select p.organisation_id from public.profiles p where p.id = p_user),
      (select min(o.organisation_id::text)::uuid from public.organisation_members o where o.user_id = p_user having count(*) = 1)
    );
$$;

/**
 * The hourly rate an organisation pays for an instrument, and its basis: the SME rate for an
 * organisation of kind 'sme', the standard rate otherwise. No row for an unknown instrument or
 * organisation.
 */
create function private.rate_for_organisation(p_instrument_id uuid, p_organisation_id uuid)
returns table (rate_cny numeric, basis text)
language sql
stable
security definer
set search_path = ''
as $$
  select case b.basis when 'sme' then i.sme_rate_cny else i.hourly_rate_cny end, b.basis
  from public.instruments i
  cross join public.organisations o
  cross join lateral (select case when o.kind = 'sme' then 'sme' else 'standard' end as basis) as b
  where i.id = p_instrument_id and o.id = p_organisation_id;
$$;

/** Whether p_user holds an authorisation for the instrument that is still valid at p_ends_at. */
create function private.authorisation_covers(p_instrument_id uuid, p_user_id uuid, p_ends_at timestamptz)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.instrument_authorisations a
    where a.instrument_id = p_instrument_id and a.user_id = p_user_id and (a.expires_at is null or a.expires_at >= p_ends_at)
  );
$$;

-- What may happen to a booking (pure; inlined into booking_actions) -------------------------------

/** A pending booking whose time has passed: it can no longer be approved, only rejected. */
create function private.booking_expired(p_status public.booking_status, p_during tstzrange, p_now timestamptz default now())
returns boolean
language sql
immutable
as $$
  select p_status = 'pending' and upper(p_during) <= p_now;
$$;

/** In which capacity someone cancels a booking: the lab's staff first, then the requester; else null. */
create function private.cancel_role(p_staff boolean, p_requester boolean)
returns text
language sql
immutable
as $$
  select case when p_staff then 'staff' when p_requester then 'requester' end;
$$;

/**
 * Why the caller may not cancel the booking, or null if they may. Lab staff cancel a live booking
 * until its end; the requester withdraws a pending request until its start and cancels a confirmed
 * booking until p_deadline_hours before its start (inclusive); nobody else cancels.
 */
create function private.cancel_error(
  p_status public.booking_status,
  p_during tstzrange,
  p_deadline_hours int,
  p_staff boolean,
  p_requester boolean,
  p_now timestamptz default now()
)
returns text
language sql
stable
as $$
  select case private.cancel_role(p_staff, p_requester)
    when 'staff' then
      case when p_status not in ('pending', 'confirmed') or upper(p_during) <= p_now then 'BOOKING_INVALID_STATE' end
    when 'requester' then
      case
        when p_status not in ('pending', 'confirmed') then 'BOOKING_INVALID_STATE'
        when (p_status = 'confirmed' and p_now > lower(p_during) - make_interval(hours => p_deadline_hours))
          or (p_status = 'pending' and p_now >= lower(p_during)) then 'BOOKING_CANCEL_DEADLINE'
      end
    else 'BOOKING_FORBIDDEN'
  end;
$$;

/**
 * Why the caller may not approve (p_approve) or reject the booking, or null if they may: the lab's
 * staff decide pending bookings; an expired one can be rejected but not approved.
 */
create function private.decide_error(
  p_status public.booking_status,
  p_during tstzrange,
  p_staff boolean,
  p_approve boolean,
  p_now timestamptz default now()
)
returns text
language sql
immutable
as $$
  select case
    when not coalesce(p_staff, false) then 'BOOKING_FORBIDDEN'
    when p_status <> 'pending' then 'BOOKING_INVALID_STATE'
    when p_approve and private.booking_expired(p_status, p_during, p_now) then 'BOOKING_INVALID_STATE'
  end;
$$;

/**
 * Why the caller may not record the booking as completed or a no-show, or null if they may: the
 * lab's staff, for a confirmed booking that has started.
 */
create function private.complete_error(
  p_status public.booking_status,
  p_during tstzrange,
  p_staff boolean,
  p_now timestamptz default now()
)
returns text
language sql
immutable
as $$
  select case
    when not coalesce(p_staff, false) then 'BOOKING_FORBIDDEN'
    when p_status <> 'confirmed' then 'BOOKING_INVALID_STATE'
    when p_now < lower(p_during) then 'BOOKING_NOT_STARTED'
  end;
$$;

/** The instrument's cancellation deadline in hours (policy data, shown on its public page). */
create function private.cancellation_deadline_hours(p_instrument_id uuid)
returns int
language sql
stable
security definer
set search_path = ''
as $$
  select i.cancellation_deadline_hours from public.instruments i where i.id = p_instrument_id;
$$;

-- Audit and e-mail --------------------------------------------------------------------------------

/**
 * Records one status change of p_booking (already written, with its new status): one
 * booking_events row and the e-mails it causes, keyed <template>/<booking>/<event>/<recipient>.
 */
create function private.record_booking_transition(
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
create function public.request_booking(
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

  perform private.record_booking_transition(v_booking, null, null);
  return v_booking;
end;
$$;

/** Lab staff approve or reject a pending booking (private.decide_error); a rejection needs a reason. */
create function public.decide_booking(p_booking_id uuid, p_approve boolean, p_reason text default null)
returns public.bookings
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_reason text := nullif(private.trim_text(p_reason), '');
  v_booking public.bookings;
  v_from public.booking_status;
  v_error text;
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
  v_error := private.decide_error(v_booking.status, v_booking.during, private.is_instrument_staff(v_booking.instrument_id), p_approve, now());
  if v_error is not null then
    raise exception '%', v_error using errcode = 'P0001', detail = case
      when v_error = 'BOOKING_FORBIDDEN' then 'Only the lab''s staff decide on its bookings.'
      when v_booking.status <> 'pending' then format('The booking is %s, not pending.', v_booking.status)
      else 'The booking''s time has passed.'
    end;
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
  perform private.record_booking_transition(v_booking, v_from, v_reason);
  return v_booking;
end;
$$;

/**
 * Cancels a live booking (private.cancel_error): the lab's staff until its end; the requester a
 * pending request until its start and a confirmed booking until the cancellation deadline.
 */
create function public.cancel_booking(p_booking_id uuid, p_reason text default null)
returns public.bookings
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_reason text := nullif(private.trim_text(p_reason), '');
  v_booking public.bookings;
  v_deadline_hours int;
  v_from public.booking_status;
  v_error text;
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

  v_deadline_hours := private.cancellation_deadline_hours(v_booking.instrument_id);
  v_error := private.cancel_error(v_booking.status, v_booking.during, v_deadline_hours,
    private.is_instrument_staff(v_booking.instrument_id), v_booking.requester_id = v_user, now());
  if v_error is not null then
    raise exception '%', v_error using errcode = 'P0001', detail = case v_error
      when 'BOOKING_FORBIDDEN' then 'Only the requester and the lab''s staff cancel a booking.'
      when 'BOOKING_CANCEL_DEADLINE' then
        format('Confirmed bookings can be cancelled up to %s hours before the start; ask the lab.', v_deadline_hours)
      else format('The booking is %s; only live bookings that have not ended can be cancelled.', v_booking.status)
    end;
  end if;

  v_from := v_booking.status;
  update public.bookings
  set status = 'cancelled', cancelled_by = v_user, cancelled_at = now(), cancel_reason = v_reason
  where id = p_booking_id
  returning * into v_booking;
  perform private.record_booking_transition(v_booking, v_from, v_reason);
  return v_booking;
end;
$$;

/**
 * Lab staff record a started confirmed booking (private.complete_error) as completed (with actual
 * minutes) or a no-show.
 */
create function public.complete_booking(p_booking_id uuid, p_actual_minutes int default null, p_no_show boolean default false)
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
  perform private.record_booking_transition(v_booking, v_from, null);
  return v_booking;
end;
$$;

-- Answers for pages -------------------------------------------------------------------------------

/**
 * What the caller may do now with each of p_booking_ids (at most 500) that they can see (row-level
 * security decides; others get no row): cancel (as 'requester' or 'staff'), approve, reject,
 * complete (or record a no-show), and whether a pending booking has expired (its time has passed, so
 * it can only be rejected). The same rule functions decide as cancel_booking, decide_booking and
 * complete_booking, so every true here is accepted there and every false refused. A rejection
 * still needs a reason.
 */
create function public.booking_actions(p_booking_ids uuid[])
returns table (
  booking_id uuid,
  can_cancel boolean,
  cancel_as text,
  can_approve boolean,
  can_reject boolean,
  can_complete boolean,
  expired boolean
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if cardinality(p_booking_ids) > 500 then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'Ask for at most 500 bookings at a time.';
  end if;
  return query
  select b.id,
         c.error is null,
         case when c.error is null then private.cancel_role(w.staff, w.requester) end,
         private.decide_error(b.status, b.during, w.staff, true, now()) is null,
         private.decide_error(b.status, b.during, w.staff, false, now()) is null,
         private.complete_error(b.status, b.during, w.staff, now()) is null,
         private.booking_expired(b.status, b.during, now())
  from public.bookings b
  cross join lateral (
    select b.instrument_id in (select private.my_instrument_ids()) as staff,
           b.requester_id = (select auth.uid()) as requester,
           private.cancellation_deadline_hours(b.instrument_id) as deadline_hours
    offset 0
  ) as w
  cross join lateral (
    select private.cancel_error(b.status, b.during, w.deadline_hours, w.staff, w.requester, now()) as error
  ) as c
  where b.id = any (p_booking_ids)
  order by b.id;
end;
$$;

/**
 * The hourly rate the caller would pay for the instrument, and its basis ('sme' or 'standard'),
 * booking for p_organisation_id or, without it, the organisation request_booking would choose
 * (private.booking_organisation). Errors as request_booking: BOOKING_NOT_SIGNED_IN,
 * BOOKING_INVALID_INPUT, BOOKING_INSTRUMENT_NOT_FOUND, BOOKING_ORGANISATION_REQUIRED.
 */
create function public.booking_rate(p_instrument_id uuid, p_organisation_id uuid default null)
returns table (rate_cny numeric, basis text)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_organisation_id uuid;
begin
  if v_user is null then
    raise exception 'BOOKING_NOT_SIGNED_IN' using errcode = 'P0001', detail = 'Sign in to see your rate.';
  end if;
  if p_instrument_id is null then
    raise exception 'BOOKING_INVALID_INPUT' using errcode = 'P0001', detail = 'The instrument is required.';
  end if;
  if not private.can_see_instrument(p_instrument_id) then
    raise exception 'BOOKING_INSTRUMENT_NOT_FOUND' using errcode = 'P0001', detail = 'No such instrument.';
  end if;
  v_organisation_id := private.booking_organisation(v_user, p_organisation_id);
  if v_organisation_id is null then
    raise exception 'BOOKING_ORGANISATION_REQUIRED' using errcode = 'P0001', detail = 'Book on behalf of an organisation you belong to.';
  end if;
  return query select r.rate_cny, r.basis from private.rate_for_organisation(p_instrument_id, v_organisation_id) as r;
end;
$$;

-- Public calendar ---------------------------------------------------------------------------------

/**
 * Busy intervals of an instrument in [p_from, p_to): live bookings (kind 'booking', `mine` when the
 * caller requested it) and closures / maintenance. No requester, organisation or purpose.
 * security definer: visitors cannot read bookings, only these intervals.
 */
create function public.instrument_busy(p_instrument_id uuid, p_from timestamptz, p_to timestamptz)
returns table (starts_at timestamptz, ends_at timestamptz, kind text, mine boolean)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
begin
  perform private.check_calendar_window(p_from, p_to);
  if not private.can_see_instrument(p_instrument_id) then
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
 * the free intervals (private.free_time, private.slot_starts), so the cost follows the number of
 * slots, not the length of the window in minutes.
 */
create function public.free_slots(p_instrument_id uuid, p_from timestamptz, p_to timestamptz, p_minutes int)
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
  v_error text;
  v_length interval;
  v_from timestamptz;
  v_last timestamptz;
begin
  perform private.check_calendar_window(p_from, p_to);
  select i.* into v_instrument from public.instruments i where i.id = p_instrument_id;
  if not found or not private.can_see_instrument(p_instrument_id) then
    raise exception 'BOOKING_INSTRUMENT_NOT_FOUND' using errcode = 'P0001', detail = 'No such instrument.';
  end if;
  v_minutes := coalesce(p_minutes, v_instrument.min_booking_minutes);
  v_error := private.length_error(v_minutes, v_instrument.slot_minutes, v_instrument.min_booking_minutes, v_instrument.max_booking_minutes);
  if v_error is not null then
    raise exception '%', v_error using errcode = 'P0001', detail = case v_error
      when 'BOOKING_NOT_ALIGNED' then format('Lengths are multiples of %s minutes.', v_instrument.slot_minutes)
      when 'BOOKING_TOO_SHORT' then format('Bookings last at least %s minutes.', v_instrument.min_booking_minutes)
      else format('Bookings last at most %s minutes.', v_instrument.max_booking_minutes)
    end;
  end if;
  select l.status into v_lab_status from public.labs l where l.id = v_instrument.lab_id;
  if not private.instrument_bookable(v_instrument.status, v_lab_status) then
    return;
  end if;

  v_length := make_interval(mins => v_minutes);
  v_from := greatest(p_from, private.earliest_start(v_instrument.lead_time_hours, now()));
  -- The last admissible start: before p_to and within the booking horizon.
  v_last := least(p_to - interval '1 microsecond', private.latest_start(v_instrument.max_advance_days, now()));
  if v_from > v_last then
    return;
  end if;

  return query
  select s.starts_at, s.starts_at + v_length
  from private.slot_starts(private.free_time(p_instrument_id, v_from, v_last + v_length), v_from, v_last, v_length,
    v_instrument.slot_minutes) as s
  order by s.starts_at;
end;
$$;

-- Privileges --------------------------------------------------------------------------------------
-- Supabase grants execute on new functions in `public` to anon and authenticated by default, and
-- Postgres to everyone: revoke, then grant each function to the roles meant to call it. Functions
-- in `private` run inside the functions above as their owner, except those that security invoker
-- functions call as the caller: booking_actions (authenticated) and search_instruments (anon and
-- authenticated, 20261127050000) use the ones granted below.
revoke execute on all functions in schema private from public;
grant execute on function
  private.cancel_role(boolean, boolean),
  private.cancel_error(public.booking_status, tstzrange, int, boolean, boolean, timestamptz),
  private.decide_error(public.booking_status, tstzrange, boolean, boolean, timestamptz),
  private.complete_error(public.booking_status, tstzrange, boolean, timestamptz),
  private.booking_expired(public.booking_status, tstzrange, timestamptz),
  private.cancellation_deadline_hours(uuid)
to authenticated;
grant execute on function
  private.check_free_window(timestamptz, timestamptz, int),
  private.instruments_free_among(uuid[], timestamptz, timestamptz, int)
to anon, authenticated;

revoke execute on function
  public.request_booking(uuid, timestamptz, timestamptz, text, public.service_mode, text, text, uuid),
  public.decide_booking(uuid, boolean, text),
  public.cancel_booking(uuid, text),
  public.complete_booking(uuid, int, boolean),
  public.booking_actions(uuid[]),
  public.booking_rate(uuid, uuid)
from public, anon, service_role;
grant execute on function
  public.request_booking(uuid, timestamptz, timestamptz, text, public.service_mode, text, text, uuid),
  public.decide_booking(uuid, boolean, text),
  public.cancel_booking(uuid, text),
  public.complete_booking(uuid, int, boolean),
  public.booking_actions(uuid[]),
  public.booking_rate(uuid, uuid)
to authenticated;

revoke execute on function
  public.instrument_busy(uuid, timestamptz, timestamptz),
  public.free_slots(uuid, timestamptz, timestamptz, int)
from public, service_role;
grant execute on function
  public.instrument_busy(uuid, timestamptz, timestamptz),
  public.free_slots(uuid, timestamptz, timestamptz, int)
to anon, authenticated;
