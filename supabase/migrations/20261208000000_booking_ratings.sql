-- Satisfaction (issue 11, part 7): the requester rates a completed booking, 1–5 with an optional
-- comment, once, until 30 days after the booking's end. The national evaluation reports average
-- satisfaction and the number of ratings per large instrument; the lab reads its ratings; the
-- instrument page shows the average once there are 5 or more (fewer would identify the raters and
-- swing wildly).
--
-- The database enforces every rule, whoever writes:
--   * once: booking_id is the primary key;
--   * only the requester, only completed bookings, only in the window: a before-insert trigger
--     (private.check_booking_rating) asks private.rating_error, the one home of the rule, which
--     public.booking_rating_status also answers with for the page;
--   * a rating is final: no update or delete (append-only trigger, and no policies).
-- Users write only through public.rate_booking (security definer, as the booking engine's state
-- changes): there is no insert policy, so a direct insert through the API is refused.
--
-- The invitation: when a booking_events row records a completion, a trigger queues one
-- `booking_rating_request` e-mail to the requester in the same transaction (idempotency key
-- booking_rating_request/<booking>), whichever function recorded it.
--
-- Error codes (errcode P0001, the code is the message): RATING_NOT_SIGNED_IN, RATING_INVALID_INPUT
-- (rating not 1..5, comment over 1000 characters or with control characters), RATING_NOT_FOUND
-- (no such booking, or not the caller's to see), RATING_FORBIDDEN (not the requester),
-- RATING_NOT_COMPLETED, RATING_WINDOW_CLOSED (more than 30 days after the booking's end),
-- RATING_ALREADY_RATED.

create table public.booking_ratings (
  booking_id uuid primary key references public.bookings (id) on delete cascade,
  -- the booking's instrument, copied so that the lab's policy and the averages read one table
  instrument_id uuid not null references public.instruments (id) on delete cascade,
  rating smallint not null check (rating between 1 and 5),
  comment text check (comment is null or (char_length(comment) between 1 and 1000
    and comment !~ '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]')),
  rated_by uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now()
);
create index booking_ratings_instrument_id_idx on public.booking_ratings (instrument_id, created_at desc);
create index booking_ratings_rated_by_idx on public.booking_ratings (rated_by);

comment on table public.booking_ratings is
  'Satisfaction with a completed booking (1-5, optional comment), by its requester, once, within 30 days of its end.';

/** How long after a booking's end its requester may rate it. */
create function private.rating_window()
returns interval
language sql
immutable
as $$
  select interval '30 days';
$$;

/**
 * Why the booking cannot be rated now, or null: the rule behind the trigger and the page's answer.
 * p_requester: is the rater the booking's requester; p_rated: does a rating exist already.
 */
create function private.rating_error(
  p_status public.booking_status,
  p_during tstzrange,
  p_requester boolean,
  p_rated boolean,
  p_now timestamptz default now()
)
returns text
language sql
stable
as $$
  select case
    when not p_requester then 'RATING_FORBIDDEN'
    when p_status <> 'completed' then 'RATING_NOT_COMPLETED'
    when p_rated then 'RATING_ALREADY_RATED'
    when p_now > upper(p_during) + private.rating_window() then 'RATING_WINDOW_CLOSED'
  end;
$$;

/** The rules for every insert, whoever writes (rate_booking, the service role, a superuser). */
create function private.check_booking_rating()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_booking public.bookings;
  v_error text;
begin
  select b.* into v_booking from public.bookings b where b.id = new.booking_id for share;
  if not found then
    raise exception 'RATING_NOT_FOUND' using errcode = 'P0001';
  end if;
  v_error := private.rating_error(
    v_booking.status, v_booking.during, new.rated_by = v_booking.requester_id,
    exists (select 1 from public.booking_ratings r where r.booking_id = new.booking_id), now());
  if v_error is not null then
    raise exception '%', v_error using errcode = 'P0001';
  end if;
  new.instrument_id := v_booking.instrument_id;
  new.created_at := now();
  return new;
end;
$$;
create trigger booking_ratings_check before insert on public.booking_ratings
  for each row execute function private.check_booking_rating();
create trigger booking_ratings_append_only before update or delete on public.booking_ratings
  for each row execute function public.forbid_change();

alter table public.booking_ratings enable row level security;

create policy "Requesters can read their own ratings" on public.booking_ratings for select to authenticated
  using (rated_by = (select auth.uid()));
create policy "Lab staff can read their instruments' ratings" on public.booking_ratings for select to authenticated
  using (instrument_id in (select private.my_instrument_ids()));
create policy "Bureau staff can read every rating" on public.booking_ratings for select to authenticated
  using ((select private.is_bureau()));
-- No insert, update or delete policies: ratings are written by public.rate_booking only, and are final.

-- Functions -----------------------------------------------------------------------------------------

/** Rates the caller's completed booking. Returns the rating. */
create function public.rate_booking(p_booking_id uuid, p_rating int, p_comment text default null)
returns public.booking_ratings
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_comment text := nullif(btrim(coalesce(p_comment, '')), '');
  v_booking public.bookings;
  v_row public.booking_ratings;
begin
  if v_user is null then
    raise exception 'RATING_NOT_SIGNED_IN' using errcode = 'P0001';
  end if;
  if p_booking_id is null or p_rating is null or p_rating not between 1 and 5
     or (v_comment is not null and (char_length(v_comment) > 1000 or v_comment ~ '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]')) then
    raise exception 'RATING_INVALID_INPUT' using errcode = 'P0001',
      detail = 'A rating 1..5 and a comment of at most 1000 characters are required.';
  end if;
  -- Someone who may not see the booking (as the bookings' read policies say) learns nothing about it.
  select b.* into v_booking from public.bookings b where b.id = p_booking_id;
  if not found or not (v_booking.requester_id = v_user
                       or v_booking.organisation_id in (select private.my_organisation_ids())
                       or private.is_instrument_staff(v_booking.instrument_id)
                       or private.is_bureau()) then
    raise exception 'RATING_NOT_FOUND' using errcode = 'P0001';
  end if;
  insert into public.booking_ratings (booking_id, instrument_id, rating, comment, rated_by)
  values (v_booking.id, v_booking.instrument_id, p_rating, v_comment, v_user)
  returning * into v_row;
  return v_row;
exception
  when unique_violation then
    raise exception 'RATING_ALREADY_RATED' using errcode = 'P0001';
end;
$$;

/**
 * Whether the caller may rate the booking now (null error) or why not, and until when a rating is
 * taken. No row when the booking does not exist or the caller may not see it (RLS on bookings).
 */
create function public.booking_rating_status(p_booking_id uuid)
returns table (can_rate boolean, error text, rate_until timestamptz)
language sql
stable
security invoker
set search_path = ''
as $$
  select e.error is null, e.error, upper(b.during) + private.rating_window()
  from public.bookings b
  cross join lateral (
    select private.rating_error(
      b.status, b.during, b.requester_id = (select auth.uid()),
      exists (select 1 from public.booking_ratings r where r.booking_id = b.id), now()) as error
  ) e
  where b.id = p_booking_id;
$$;

/**
 * An instrument's average satisfaction for its public page: the number of ratings, and the average
 * only once there are at least 5 (null below). Anyone who may see the instrument may ask.
 */
create function public.instrument_rating(p_instrument_id uuid)
returns table (average numeric, ratings int)
language sql
stable
security definer
set search_path = ''
as $$
  select case when count(*) >= 5 then round(avg(r.rating), 2) end, count(*)::int
  from public.booking_ratings r
  where r.instrument_id = p_instrument_id
    and (private.is_public_instrument(p_instrument_id)
         or p_instrument_id in (select private.my_instrument_ids())
         or (select private.is_bureau()));
$$;

/**
 * Average satisfaction and number of ratings per instrument, for the ratings of bookings starting
 * in [p_from, p_to] (Asia/Shanghai days, as utilisation() counts bookings): the evaluation sheet's
 * two columns. Bureau staff see every instrument, lab staff their labs' instruments; others get
 * STATS_FORBIDDEN. Instruments without ratings in the period have no row.
 */
create function public.instrument_satisfaction(p_from date, p_to date)
returns table (instrument_id uuid, average numeric, ratings int)
language plpgsql
stable
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  v_bureau boolean := (select private.is_bureau());
begin
  if (select auth.uid()) is null or not (v_bureau or exists (select 1 from private.my_lab_ids())) then
    raise exception 'STATS_FORBIDDEN' using errcode = 'P0001',
      detail = 'Satisfaction figures are for bureau staff, or for a lab''s own staff.';
  end if;
  if p_from is null or p_to is null or p_from > p_to or p_to > (p_from + interval '3 years')::date then
    raise exception 'STATS_INVALID_INPUT' using errcode = 'P0001', detail = 'Need p_from <= p_to within 3 years.';
  end if;
  return query
  select r.instrument_id, round(avg(r.rating), 2), count(*)::int
  from public.booking_ratings r
  join public.bookings b on b.id = r.booking_id
  where lower(b.during) >= (p_from::timestamp at time zone 'Asia/Shanghai')
    and lower(b.during) < ((p_to + 1)::timestamp at time zone 'Asia/Shanghai')
    and (v_bureau or r.instrument_id in (select private.my_instrument_ids()))
  group by r.instrument_id
  order by r.instrument_id;
end;
$$;

-- The invitation -----------------------------------------------------------------------------------

/** Queues the rating invitation when a completion is recorded (no-shows are not invited). */
create function private.queue_rating_request()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.email_outbox (booking_id, event_id, template, recipient_id, recipient_email, locale, payload, idempotency_key)
  select b.id, new.id, 'booking_rating_request', b.requester_id, u.email, coalesce(p.locale, 'zh-CN'),
         jsonb_build_object('booking_id', b.id, 'rate_until',
           to_char((upper(b.during) + private.rating_window()) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
         'booking_rating_request/' || b.id
  from public.bookings b
  join auth.users u on u.id = b.requester_id and u.email is not null and u.email <> ''
  left join public.profiles p on p.id = b.requester_id
  where b.id = new.booking_id
    and now() <= upper(b.during) + private.rating_window()
  on conflict (idempotency_key) do nothing;
  return new;
end;
$$;
create trigger booking_events_rating_request after insert on public.booking_events
  for each row when (new.to_status = 'completed') execute function private.queue_rating_request();

-- Grants ---------------------------------------------------------------------------------------------
revoke execute on function private.rating_window(), private.rating_error(public.booking_status, tstzrange, boolean, boolean, timestamptz),
  private.check_booking_rating(), private.queue_rating_request() from public;
-- booking_rating_status is security invoker and calls these as the caller
grant execute on function private.rating_window(), private.rating_error(public.booking_status, tstzrange, boolean, boolean, timestamptz)
  to authenticated;

revoke execute on function public.rate_booking(uuid, int, text), public.booking_rating_status(uuid),
  public.instrument_rating(uuid), public.instrument_satisfaction(date, date) from public, anon, authenticated;
grant execute on function public.rate_booking(uuid, int, text), public.booking_rating_status(uuid),
  public.instrument_rating(uuid), public.instrument_satisfaction(date, date) to authenticated;
grant execute on function public.instrument_rating(uuid) to anon;
