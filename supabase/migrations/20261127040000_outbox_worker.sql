-- The e-mail outbox worker's side of the database (DESIGN §7): claiming due rows under a lease,
-- recording the outcome with back-off, the data a booking e-mail needs at send time, and the
-- 24-hour booking reminders. Every function here is for the worker (service role) only.
--
-- Delivery is at-least-once from the database's point of view (a worker that crashes after
-- sending leaves its row to be claimed again once the lease expires) and exactly-once for the
-- recipient, because each send carries the row's idempotency_key as Resend's Idempotency-Key.
-- The outbox table, its 'skipped' status and its lease columns are in 20261127010000.

-- Claiming --------------------------------------------------------------------------------------
/**
 * Takes up to p_limit due rows for p_worker: pending rows whose next attempt is due and rows left
 * in 'sending' by a worker whose lease has expired. Concurrent callers never get the same row
 * (for update skip locked). Each claim counts as an attempt. Rows whose lease expired on their
 * last allowed attempt are failed instead of claimed again.
 */
create function public.claim_outbox(p_worker text, p_limit int default 10, p_lease_seconds int default 120)
returns setof public.email_outbox
language plpgsql
volatile
set search_path = ''
as $$
begin
  if p_limit is null or p_limit < 1 or p_limit > 500 then
    raise exception 'INVALID_LIMIT' using errcode = '22023', detail = 'p_limit must be between 1 and 500.';
  end if;
  if p_lease_seconds is null or p_lease_seconds < 1 or p_lease_seconds > 3600 then
    raise exception 'INVALID_LEASE' using errcode = '22023', detail = 'p_lease_seconds must be between 1 and 3600.';
  end if;

  update public.email_outbox o
     set status = 'failed',
         locked_until = null,
         locked_by = null,
         last_error = left(coalesce(o.last_error || ' | ', '') || 'lease expired on the last attempt', 2000)
   where o.status = 'sending'
     and o.attempts >= public.outbox_max_attempts()
     and o.locked_until < now();

  return query
  with due as (
    select d.id
      from public.email_outbox d
     where d.status in ('pending', 'sending')
       and d.next_attempt_at <= now()
       and (d.locked_until is null or d.locked_until < now())
       and d.attempts < public.outbox_max_attempts()
     order by d.next_attempt_at, d.created_at
     limit p_limit
     for update skip locked
  )
  update public.email_outbox o
     set status = 'sending',
         locked_until = now() + make_interval(secs => p_lease_seconds),
         locked_by = left(p_worker, 200),
         attempts = o.attempts + 1
    from due
   where o.id = due.id
  returning o.*;
end;
$$;

/** Attempts before a row is given up: with the back-off below, about 1 h 34 min of retrying. */
create function public.outbox_max_attempts()
returns int
language sql
immutable
set search_path = ''
as $$
  select 8;
$$;

/**
 * Delay before the next attempt after `attempts` failed ones: 30 s × 2^(attempts − 1), capped at
 * one hour, with ±25 % jitter so that rows failed together do not retry together.
 */
create function public.outbox_backoff(p_attempts int)
returns interval
language sql
volatile
set search_path = ''
as $$
  select make_interval(secs => least(3600, 30 * power(2, greatest(coalesce(p_attempts, 1), 1) - 1))
                               * (0.75 + random() * 0.5));
$$;

-- Outcomes --------------------------------------------------------------------------------------
/** The row was accepted by the provider. Returns false if the row was not being sent. */
create function public.complete_outbox(p_id uuid, p_provider_message_id text default null)
returns boolean
language plpgsql
set search_path = ''
as $$
begin
  update public.email_outbox
     set status = 'sent',
         sent_at = now(),
         provider_message_id = left(p_provider_message_id, 200),
         locked_until = null,
         locked_by = null
   where id = p_id and status = 'sending';
  return found;
end;
$$;

/**
 * The send failed. Retryable failures go back to 'pending' with a back-off, until the last
 * attempt; permanent ones (p_retry false) fail at once. Returns the row's new status.
 */
create function public.fail_outbox(p_id uuid, p_error text, p_retry boolean default true)
returns public.outbox_status
language plpgsql
set search_path = ''
as $$
declare
  v_status public.outbox_status;
begin
  update public.email_outbox
     set status = case
                    when coalesce(p_retry, false) and attempts < public.outbox_max_attempts() then 'pending'::public.outbox_status
                    else 'failed'::public.outbox_status
                  end,
         next_attempt_at = case
                             when coalesce(p_retry, false) and attempts < public.outbox_max_attempts()
                               then now() + public.outbox_backoff(attempts)
                             else next_attempt_at
                           end,
         last_error = left(coalesce(p_error, 'unknown error'), 2000),
         locked_until = null,
         locked_by = null
   where id = p_id and status = 'sending'
  returning status into v_status;
  return v_status;
end;
$$;

/** The worker chose not to send the row (the reason is kept in last_error). */
create function public.skip_outbox(p_id uuid, p_reason text)
returns boolean
language plpgsql
set search_path = ''
as $$
begin
  update public.email_outbox
     set status = 'skipped',
         last_error = left(coalesce(p_reason, 'skipped'), 2000),
         locked_until = null,
         locked_by = null
   where id = p_id and status = 'sending';
  return found;
end;
$$;

-- What a booking e-mail needs -----------------------------------------------------------------
/**
 * Everything a booking e-mail shows, read fresh at send time: the booking, its instrument, lab,
 * organisation, requester and the recipient's name. `sequence` (the .ics SEQUENCE) counts the
 * booking's events up to p_event_id, so a retried message renders the same calendar entry.
 */
create function public.booking_email_context(
  p_booking_id uuid,
  p_event_id uuid default null,
  p_recipient_id uuid default null
)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'booking', jsonb_build_object(
      'id', b.id,
      'status', b.status,
      'starts_at', lower(b.during),
      'ends_at', upper(b.during),
      'service_mode', b.service_mode,
      'purpose', b.purpose,
      'sample_description', b.sample_description,
      'rate_cny', b.rate_cny,
      'estimated_cost_cny', b.estimated_cost_cny,
      'decision_reason', b.decision_reason,
      'cancel_reason', b.cancel_reason,
      'cancelled_by_requester', b.cancelled_by is not null and b.cancelled_by = b.requester_id,
      'created_at', b.created_at
    ),
    'instrument', jsonb_build_object(
      'id', i.id, 'name_zh', i.name_zh, 'name_en', i.name_en, 'model', i.model, 'manufacturer', i.manufacturer
    ),
    'lab', jsonb_build_object(
      'id', l.id, 'name_zh', l.name_zh, 'name_en', l.name_en, 'address_zh', l.address_zh,
      'address_en', l.address_en, 'contact_name', l.contact_name, 'contact_phone', l.contact_phone,
      'contact_email', l.contact_email
    ),
    'organisation', jsonb_build_object('id', o.id, 'name_zh', o.name_zh, 'name_en', o.name_en),
    'requester', jsonb_build_object(
      'id', b.requester_id, 'display_name', coalesce(rp.display_name, ''), 'email', ru.email,
      'locale', coalesce(rp.locale, 'zh-CN')
    ),
    'recipient', (
      select jsonb_build_object('id', p.id, 'display_name', p.display_name, 'locale', p.locale)
        from public.profiles p where p.id = p_recipient_id
    ),
    'event', (
      select jsonb_build_object('id', e.id, 'from_status', e.from_status, 'to_status', e.to_status,
                                'note', e.note, 'created_at', e.created_at)
        from public.booking_events e where e.id = p_event_id and e.booking_id = b.id
    ),
    'sequence', (
      select count(*)
        from public.booking_events e
       where e.booking_id = b.id
         and (p_event_id is null
              or e.created_at <= coalesce((select x.created_at from public.booking_events x where x.id = p_event_id),
                                          'infinity'::timestamptz))
    )
  )
  from public.bookings b
  join public.instruments i on i.id = b.instrument_id
  join public.labs l on l.id = i.lab_id
  join public.organisations o on o.id = b.organisation_id
  left join public.profiles rp on rp.id = b.requester_id
  left join auth.users ru on ru.id = b.requester_id
  where b.id = p_booking_id;
$$;

-- Reminders ---------------------------------------------------------------------------------------
/**
 * Queues one booking_reminder e-mail to the requester of each confirmed booking that starts in
 * the next 24 hours and was confirmed before its reminder window opened (a booking confirmed
 * inside the last day has just had its confirmation). Idempotent: the key is
 * booking_reminder/<booking-id>. p_booking_id limits it to one booking (tests). Returns how many
 * rows it queued.
 */
create function public.queue_booking_reminders(p_booking_id uuid default null)
returns int
language plpgsql
set search_path = ''
as $$
declare
  v_count int;
begin
  insert into public.email_outbox (booking_id, template, recipient_id, recipient_email, locale, payload, idempotency_key)
  select b.id, 'booking_reminder', b.requester_id, u.email, coalesce(p.locale, 'zh-CN'),
         jsonb_build_object('starts_at', lower(b.during)),
         'booking_reminder/' || b.id
    from public.bookings b
    join auth.users u on u.id = b.requester_id
    left join public.profiles p on p.id = b.requester_id
   where b.status = 'confirmed'
     and (p_booking_id is null or b.id = p_booking_id)
     and lower(b.during) > now()
     and lower(b.during) <= now() + interval '24 hours'
     and coalesce(b.decided_at, b.created_at) <= lower(b.during) - interval '24 hours'
     and u.email is not null and u.email ~ '^[^\s@]+@[^\s@]+$'
  on conflict (idempotency_key) do nothing;
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;

-- The worker's functions are the service role's alone.
revoke execute on function public.claim_outbox(text, int, int), public.complete_outbox(uuid, text),
  public.fail_outbox(uuid, text, boolean), public.skip_outbox(uuid, text), public.outbox_backoff(int),
  public.outbox_max_attempts(), public.booking_email_context(uuid, uuid, uuid), public.queue_booking_reminders(uuid)
  from public, anon, authenticated;
grant execute on function public.claim_outbox(text, int, int), public.complete_outbox(uuid, text),
  public.fail_outbox(uuid, text, boolean), public.skip_outbox(uuid, text), public.outbox_backoff(int),
  public.outbox_max_attempts(), public.booking_email_context(uuid, uuid, uuid), public.queue_booking_reminders(uuid)
  to service_role;
