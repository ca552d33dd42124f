-- Lab staff, authorisations, staff e-mail preferences and calendar feeds (issue 10, parts 7–10;
-- docs/decisions/021-lab-staff-authorisations-digest-feed.md).
--
-- * Staff: managers (and bureau admins) add staff by e-mail, change roles and remove staff through
--   functions; a trigger keeps at least one manager in every lab whoever writes lab_members.
-- * Authorisations: every member of lab staff (managers and technicians) grants, renews and
--   revokes self-operation authorisations on their lab's instruments, through functions.
-- * E-mail about new requests: per person "immediate" (as before), "digest" (one e-mail a day at
--   08:00 Asia/Shanghai, queued by the worker) or "none". record_booking_transition now asks.
-- * Calendar feed: a private .ics URL per staff member and lab; only the token's SHA-256 is kept.

-- Staff -------------------------------------------------------------------------------------------

/**
 * Keeps a manager in every lab: refuses to delete or demote the last one (LAB_LAST_MANAGER).
 * Locks the lab row first so that two managers removing each other cannot both succeed. A row
 * removed because its lab or its user is being deleted is let go.
 */
create function private.keep_a_lab_manager()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if old.role <> 'manager' or (tg_op = 'UPDATE' and new.role = 'manager' and new.lab_id = old.lab_id) then
    return coalesce(new, old);
  end if;
  perform 1 from public.labs where id = old.lab_id for update;
  if not found or not exists (select 1 from auth.users where id = old.user_id) then
    return coalesce(new, old);
  end if;
  if not exists (
    select 1 from public.lab_members m
    where m.lab_id = old.lab_id and m.role = 'manager' and m.user_id <> old.user_id
  ) then
    raise exception 'LAB_LAST_MANAGER' using errcode = 'P0001', detail = 'A lab keeps at least one manager.';
  end if;
  return coalesce(new, old);
end;
$$;
create trigger lab_members_keep_a_manager before update or delete on public.lab_members
  for each row execute function private.keep_a_lab_manager();

/** Is the caller a manager of the lab, or a bureau admin? (Who may manage the lab's staff.) */
create function private.can_manage_lab_staff(p_lab_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.lab_members where lab_id = p_lab_id and user_id = (select auth.uid()) and role = 'manager')
      or exists (select 1 from public.bureau_staff where user_id = (select auth.uid()) and role = 'admin');
$$;

/** The account with exactly this e-mail address (case-insensitive), if any. */
create function private.user_id_by_email(p_email text)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select u.id from auth.users u
  where lower(u.email) = lower(btrim(p_email)) and u.deleted_at is null
  order by u.created_at
  limit 1;
$$;

/** The lab's staff with their e-mail addresses, for its staff and the bureau. */
create function public.lab_staff(p_lab_id uuid)
returns table (
  user_id uuid,
  email text,
  display_name text,
  role public.lab_role,
  added_at timestamptz,
  invitation_pending boolean
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not (private.is_lab_staff(p_lab_id) or private.is_bureau()) then
    raise exception 'LAB_FORBIDDEN' using errcode = 'P0001', detail = 'Only the lab''s staff can see its staff.';
  end if;
  return query
  select m.user_id, u.email::text, coalesce(p.display_name, ''), m.role, m.created_at,
         (u.email_confirmed_at is null and u.invited_at is not null)
  from public.lab_members m
  join auth.users u on u.id = m.user_id
  left join public.profiles p on p.id = m.user_id
  where m.lab_id = p_lab_id
  order by m.role, lower(coalesce(nullif(p.display_name, ''), u.email));
end;
$$;

/**
 * Adds the account with this e-mail address to the lab's staff. Managers of the lab and bureau
 * admins only (LAB_STAFF_FORBIDDEN, checked before anything else, so that the app invites an
 * address only for someone allowed to add it); LAB_STAFF_NO_ACCOUNT when no account has the
 * address (the app then invites it and calls again); LAB_STAFF_EXISTS when already staff.
 */
create function public.add_lab_staff(p_lab_id uuid, p_email text, p_role public.lab_role)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user_id uuid;
begin
  if p_lab_id is null or not private.can_manage_lab_staff(p_lab_id) then
    raise exception 'LAB_STAFF_FORBIDDEN' using errcode = 'P0001', detail = 'Only the lab''s managers can add staff.';
  end if;
  if p_role is null then
    raise exception 'LAB_INVALID_INPUT' using errcode = 'P0001', detail = 'A role is required.';
  end if;
  if p_email is null or char_length(btrim(p_email)) > 254 or btrim(p_email) !~ '^[^\s@]+@[^\s@]+\.[^\s@]+$' then
    raise exception 'LAB_INVALID_EMAIL' using errcode = 'P0001', detail = 'Not an e-mail address.';
  end if;
  v_user_id := private.user_id_by_email(p_email);
  if v_user_id is null then
    raise exception 'LAB_STAFF_NO_ACCOUNT' using errcode = 'P0001', detail = 'No account has this e-mail address.';
  end if;
  insert into public.lab_members (lab_id, user_id, role) values (p_lab_id, v_user_id, p_role)
  on conflict do nothing;
  if not found then
    raise exception 'LAB_STAFF_EXISTS' using errcode = 'P0001', detail = 'This person is already on the lab''s staff.';
  end if;
  return v_user_id;
end;
$$;

/** Changes a staff member's role (managers of the lab and bureau admins); the last manager stays one. */
create function public.change_lab_staff_role(p_lab_id uuid, p_user_id uuid, p_role public.lab_role)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  if p_lab_id is null or not private.can_manage_lab_staff(p_lab_id) then
    raise exception 'LAB_STAFF_FORBIDDEN' using errcode = 'P0001', detail = 'Only the lab''s managers can change roles.';
  end if;
  if p_role is null then
    raise exception 'LAB_INVALID_INPUT' using errcode = 'P0001', detail = 'A role is required.';
  end if;
  update public.lab_members set role = p_role where lab_id = p_lab_id and user_id = p_user_id;
  if not found then
    raise exception 'LAB_STAFF_NOT_FOUND' using errcode = 'P0001', detail = 'Not on the lab''s staff.';
  end if;
end;
$$;

/** Removes a staff member (managers of the lab and bureau admins); the last manager stays. */
create function public.remove_lab_staff(p_lab_id uuid, p_user_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  if p_lab_id is null or not private.can_manage_lab_staff(p_lab_id) then
    raise exception 'LAB_STAFF_FORBIDDEN' using errcode = 'P0001', detail = 'Only the lab''s managers can remove staff.';
  end if;
  delete from public.lab_members where lab_id = p_lab_id and user_id = p_user_id;
  if not found then
    raise exception 'LAB_STAFF_NOT_FOUND' using errcode = 'P0001', detail = 'Not on the lab''s staff.';
  end if;
  delete from public.lab_calendar_feeds where lab_id = p_lab_id and user_id = p_user_id;
end;
$$;

-- Authorisations ----------------------------------------------------------------------------------

alter table public.instrument_authorisations add column updated_at timestamptz not null default now();
create trigger instrument_authorisations_set_updated_at before update on public.instrument_authorisations
  for each row execute function public.set_updated_at();
create index instrument_authorisations_expires_at_idx on public.instrument_authorisations (expires_at);

/**
 * Grants or renews (the same thing: the row is written again) self-operation authorisation for
 * one user on one or more instruments of one lab, valid to the end of p_expires_on in Shanghai.
 * The user is p_user_id or the account with exactly the e-mail p_email. Any member of the lab's
 * staff may grant. Returns how many instruments were written.
 */
create function public.grant_authorisations(
  p_lab_id uuid,
  p_instrument_ids uuid[],
  p_expires_on date,
  p_note text default '',
  p_user_id uuid default null,
  p_email text default null
)
returns int
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user_id uuid;
  v_today date := (now() at time zone 'Asia/Shanghai')::date;
  v_count int;
begin
  if p_lab_id is null or not private.is_lab_staff(p_lab_id) then
    raise exception 'LAB_FORBIDDEN' using errcode = 'P0001', detail = 'Only the lab''s staff can grant authorisations.';
  end if;
  if p_instrument_ids is null or cardinality(p_instrument_ids) = 0 or cardinality(p_instrument_ids) > 200 then
    raise exception 'LAB_AUTH_NO_INSTRUMENT' using errcode = 'P0001', detail = 'Choose at least one instrument.';
  end if;
  if exists (
    select 1 from unnest(p_instrument_ids) as x(id)
    where x.id is null or not exists (select 1 from public.instruments i where i.id = x.id and i.lab_id = p_lab_id)
  ) then
    raise exception 'LAB_AUTH_NOT_LAB_INSTRUMENT' using errcode = 'P0001', detail = 'An instrument is not one of this lab''s.';
  end if;
  if p_expires_on is null or p_expires_on < v_today then
    raise exception 'LAB_AUTH_EXPIRY_PAST' using errcode = 'P0001', detail = 'The expiry date must be today or later.';
  end if;
  if p_expires_on > v_today + 5 * 366 then
    raise exception 'LAB_AUTH_EXPIRY_TOO_FAR' using errcode = 'P0001', detail = 'At most five years ahead.';
  end if;
  if char_length(coalesce(p_note, '')) > 500 then
    raise exception 'LAB_INVALID_INPUT' using errcode = 'P0001', detail = 'The note has at most 500 characters.';
  end if;
  if p_user_id is not null then
    select u.id into v_user_id from auth.users u where u.id = p_user_id and u.deleted_at is null;
  elsif p_email is not null then
    v_user_id := private.user_id_by_email(p_email);
  end if;
  if v_user_id is null then
    raise exception 'LAB_USER_NOT_FOUND' using errcode = 'P0001', detail = 'No account has this e-mail address.';
  end if;

  insert into public.instrument_authorisations (instrument_id, user_id, granted_by, expires_at, note)
  select distinct x.id, v_user_id, (select auth.uid()),
         ((p_expires_on + 1)::timestamp at time zone 'Asia/Shanghai'), coalesce(p_note, '')
  from unnest(p_instrument_ids) as x(id)
  on conflict (instrument_id, user_id) do update
    set granted_by = excluded.granted_by, expires_at = excluded.expires_at, note = excluded.note;
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;

/** Revokes one authorisation on an instrument of a lab the caller staffs. */
create function public.revoke_authorisation(p_instrument_id uuid, p_user_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  if p_instrument_id is null or not private.is_instrument_staff(p_instrument_id) then
    raise exception 'LAB_FORBIDDEN' using errcode = 'P0001', detail = 'Only the lab''s staff can revoke authorisations.';
  end if;
  delete from public.instrument_authorisations where instrument_id = p_instrument_id and user_id = p_user_id;
  if not found then
    raise exception 'LAB_AUTH_NOT_FOUND' using errcode = 'P0001', detail = 'No such authorisation.';
  end if;
end;
$$;

/** The lab's authorisations with who holds them, expired and expiring first (then by name). */
create function public.lab_authorisations(p_lab_id uuid)
returns table (
  instrument_id uuid,
  instrument_name_zh text,
  instrument_name_en text,
  user_id uuid,
  email text,
  display_name text,
  organisation_name_zh text,
  organisation_name_en text,
  expires_at timestamptz,
  note text,
  granted_by_name text,
  updated_at timestamptz
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not (private.is_lab_staff(p_lab_id) or private.is_bureau()) then
    raise exception 'LAB_FORBIDDEN' using errcode = 'P0001', detail = 'Only the lab''s staff can see its authorisations.';
  end if;
  return query
  select a.instrument_id, i.name_zh, i.name_en, a.user_id, u.email::text, coalesce(p.display_name, ''),
         o.name_zh, o.name_en, a.expires_at, a.note, coalesce(g.display_name, ''), a.updated_at
  from public.instrument_authorisations a
  join public.instruments i on i.id = a.instrument_id
  join auth.users u on u.id = a.user_id
  left join public.profiles p on p.id = a.user_id
  left join public.organisations o on o.id = p.organisation_id
  left join public.profiles g on g.id = a.granted_by
  where i.lab_id = p_lab_id
  order by a.expires_at nulls last, lower(coalesce(nullif(p.display_name, ''), u.email)), i.name_zh;
end;
$$;

/** People who have booked the lab's instruments (most recent first), to grant authorisations to. */
create function public.lab_past_requesters(p_lab_id uuid)
returns table (user_id uuid, email text, display_name text, organisation_name_zh text, organisation_name_en text)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.is_lab_staff(p_lab_id) then
    raise exception 'LAB_FORBIDDEN' using errcode = 'P0001', detail = 'Only the lab''s staff can see its requesters.';
  end if;
  return query
  select r.requester_id, u.email::text, coalesce(p.display_name, ''), o.name_zh, o.name_en
  from (
    select b.requester_id, max(b.created_at) as last_at
    from public.bookings b join public.instruments i on i.id = b.instrument_id
    where i.lab_id = p_lab_id
    group by b.requester_id
  ) r
  join auth.users u on u.id = r.requester_id and u.deleted_at is null
  left join public.profiles p on p.id = r.requester_id
  left join public.organisations o on o.id = p.organisation_id
  order by r.last_at desc
  limit 300;
end;
$$;

-- E-mail preferences of lab staff -----------------------------------------------------------------

create table public.lab_staff_settings (
  user_id uuid primary key references auth.users (id) on delete cascade,
  -- new booking requests: each at once, one daily digest at 08:00 Asia/Shanghai, or none
  request_mail text not null default 'immediate' check (request_mail in ('immediate', 'digest', 'none')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create trigger lab_staff_settings_set_updated_at before update on public.lab_staff_settings
  for each row execute function public.set_updated_at();
alter table public.lab_staff_settings enable row level security;
create policy "Users can read their own lab e-mail settings" on public.lab_staff_settings for select to authenticated
  using (user_id = (select auth.uid()));
create policy "Users can create their own lab e-mail settings" on public.lab_staff_settings for insert to authenticated
  with check (user_id = (select auth.uid()));
create policy "Users can change their own lab e-mail settings" on public.lab_staff_settings for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy "Users can delete their own lab e-mail settings" on public.lab_staff_settings for delete to authenticated
  using (user_id = (select auth.uid()));
revoke all on public.lab_staff_settings from anon;

create index bookings_created_at_idx on public.bookings (created_at);

/**
 * Replaces 20261127020000's version: the same audit and e-mails, except that a new request goes
 * at once only to the staff who want it so (no settings row = "immediate"); "digest" readers get
 * it in queue_lab_request_digests, "none" readers not at all.
 */
create or replace function private.record_booking_transition(
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
    left join public.lab_staff_settings s on s.user_id = m.user_id
    where m.lab_id = v_lab_id and v_lab_template is not null
      and (v_lab_template <> 'booking_requested_lab' or coalesce(s.request_mail, 'immediate') = 'immediate')
  ) as r
  join auth.users u on u.id = r.user_id and u.email is not null and u.email <> ''
  left join public.profiles p on p.id = r.user_id;

  return v_event_id;
end;
$$;

/** The digest day for an instant: the Shanghai date of the last 08:00 Shanghai at or before it. */
create function public.lab_digest_day(p_now timestamptz)
returns date
language sql
immutable
set search_path = ''
as $$
  select ((p_now at time zone 'Asia/Shanghai') - interval '8 hours')::date;
$$;

/**
 * The new requests of a digest: bookings of the recipient's labs created in the 24 hours before
 * 08:00 Shanghai of p_day, leaving out any the recipient was already sent on its own
 * (booking_requested_lab), so a person who switches mode mid-day gets each request once.
 * Invoker and without settings, so Postgres inlines it into its callers (security definer
 * functions, which run it as their owner) and `exists` stops at the first row.
 */
create function private.digest_bookings(p_recipient_id uuid, p_day date)
returns table (booking_id uuid, lab_id uuid)
language sql
stable
as $$
  select b.id, i.lab_id
  from public.lab_members m
  join public.instruments i on i.lab_id = m.lab_id
  join public.bookings b on b.instrument_id = i.id
  where m.user_id = p_recipient_id
    and b.created_at >= ((p_day + time '08:00') at time zone 'Asia/Shanghai') - interval '1 day'
    and b.created_at < ((p_day + time '08:00') at time zone 'Asia/Shanghai')
    and not exists (
      select 1 from public.email_outbox x
      where x.booking_id = b.id and x.recipient_id = p_recipient_id and x.template = 'booking_requested_lab'
    );
$$;

/**
 * Queues the daily digest of new requests for every staff member who chose "digest" and has at
 * least one: one lab_request_digest row per person per day (key lab_request_digest/<user>/<day>),
 * however many requests and however often it runs. The day is the last 08:00 Shanghai at or before
 * p_now, so a worker that was down at 08:00 still sends that day's digest when it comes back.
 * Returns how many rows it queued. For the worker (service role).
 */
create function public.queue_lab_request_digests(p_now timestamptz default now())
returns int
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_day date := public.lab_digest_day(coalesce(p_now, now()));
  v_count int;
begin
  insert into public.email_outbox (template, recipient_id, recipient_email, locale, payload, idempotency_key)
  select 'lab_request_digest', s.user_id, u.email, coalesce(p.locale, 'zh-CN'),
         jsonb_build_object('day', v_day),
         'lab_request_digest/' || s.user_id || '/' || v_day
  from public.lab_staff_settings s
  join auth.users u on u.id = s.user_id and u.email is not null and u.email ~ '^[^\s@]+@[^\s@]+$'
  left join public.profiles p on p.id = s.user_id
  where s.request_mail = 'digest'
    and exists (select 1 from private.digest_bookings(s.user_id, v_day))
  on conflict (idempotency_key) do nothing;
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;

/**
 * What a digest shows, read at send time: per lab the recipient staffs, the day's new requests
 * (at most p_limit listed, oldest first, with their status now) and how many of the lab's
 * requests are pending in all.
 */
create function public.lab_request_digest_context(p_recipient_id uuid, p_day date, p_limit int default 50)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  with new_requests as (
    select d.lab_id, b.*
    from private.digest_bookings(p_recipient_id, p_day) d
    join public.bookings b on b.id = d.booking_id
  )
  select jsonb_build_object(
    'day', p_day,
    'recipient', (select jsonb_build_object('id', p.id, 'display_name', p.display_name, 'locale', p.locale)
                    from public.profiles p where p.id = p_recipient_id),
    'labs', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', l.id, 'name_zh', l.name_zh, 'name_en', l.name_en,
        'new_count', (select count(*) from new_requests n where n.lab_id = l.id),
        'pending_count', (select count(*) from public.bookings b join public.instruments i on i.id = b.instrument_id
                           where i.lab_id = l.id and b.status = 'pending'),
        -- the first p_limit first, then their JSON (not 10,000 objects sorted to keep 50)
        'requests', coalesce((
          select jsonb_agg(jsonb_build_object(
              'id', r.id, 'status', r.status, 'starts_at', lower(r.during), 'ends_at', upper(r.during),
              'service_mode', r.service_mode, 'created_at', r.created_at,
              'instrument_name_zh', i.name_zh, 'instrument_name_en', i.name_en,
              'organisation_name_zh', o.name_zh, 'organisation_name_en', o.name_en
            ) order by r.created_at)
          from (
            select n.id, n.status, n.during, n.service_mode, n.created_at, n.instrument_id, n.organisation_id
            from new_requests n
            where n.lab_id = l.id
            order by n.created_at
            limit greatest(1, least(coalesce(p_limit, 50), 500))
          ) r
          join public.instruments i on i.id = r.instrument_id
          join public.organisations o on o.id = r.organisation_id
        ), '[]'::jsonb)
      ) order by l.name_zh)
      from public.labs l
      where l.id in (select distinct n.lab_id from new_requests n)
    ), '[]'::jsonb)
  );
$$;

-- Calendar feeds ----------------------------------------------------------------------------------

create table public.lab_calendar_feeds (
  lab_id uuid not null references public.labs (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  -- SHA-256 of the token in the URL; the token itself is shown once and never stored
  token_hash bytea not null unique check (octet_length(token_hash) = 32),
  created_at timestamptz not null default now(),
  primary key (lab_id, user_id)
);
create index lab_calendar_feeds_user_id_idx on public.lab_calendar_feeds (user_id);
alter table public.lab_calendar_feeds enable row level security;
create policy "Staff can see whether their own calendar feeds are on" on public.lab_calendar_feeds for select to authenticated
  using (user_id = (select auth.uid()) and lab_id in (select private.my_lab_ids()));
-- Written only through enable_lab_feed / disable_lab_feed.
revoke all on public.lab_calendar_feeds from anon;
revoke insert, update, delete on public.lab_calendar_feeds from authenticated;

/** Turns on (or resets) the caller's feed of the lab; returns the new token, once. */
create function public.enable_lab_feed(p_lab_id uuid)
returns text
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_token text := translate(encode(extensions.gen_random_bytes(24), 'base64'), '+/', '-_');
begin
  if p_lab_id is null or not private.is_lab_staff(p_lab_id) then
    raise exception 'LAB_FORBIDDEN' using errcode = 'P0001', detail = 'Only the lab''s staff can subscribe to its calendar.';
  end if;
  insert into public.lab_calendar_feeds (lab_id, user_id, token_hash)
  values (p_lab_id, (select auth.uid()), extensions.digest(v_token, 'sha256'))
  on conflict (lab_id, user_id) do update set token_hash = excluded.token_hash, created_at = now();
  return v_token;
end;
$$;

/** Turns the caller's feed of the lab off; the old URL stops working at once. */
create function public.disable_lab_feed(p_lab_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  delete from public.lab_calendar_feeds where lab_id = p_lab_id and user_id = (select auth.uid());
end;
$$;

/**
 * The feed behind a token: the lab and its pending and confirmed bookings from 30 days ago to a
 * year ahead, with organisation names and never the requester's. Nothing when the token is
 * unknown or its owner no longer staffs the lab. For the app's server (service role): the token
 * is the credential.
 */
create function public.lab_feed(p_token text)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'lab', jsonb_build_object('id', l.id, 'name_zh', l.name_zh, 'name_en', l.name_en,
                              'address_zh', l.address_zh, 'address_en', l.address_en),
    'locale', coalesce(p.locale, 'zh-CN'),
    'bookings', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', b.id, 'status', b.status, 'starts_at', lower(b.during), 'ends_at', upper(b.during),
        'purpose', b.purpose, 'service_mode', b.service_mode,
        'instrument_name_zh', i.name_zh, 'instrument_name_en', i.name_en,
        'organisation_name_zh', o.name_zh, 'organisation_name_en', o.name_en,
        'sequence', (select count(*) from public.booking_events e where e.booking_id = b.id)
      ) order by lower(b.during))
      from public.instruments i
      join public.bookings b on b.instrument_id = i.id
      join public.organisations o on o.id = b.organisation_id
      where i.lab_id = l.id
        and b.status in ('pending', 'confirmed')
        and b.during && tstzrange(now() - interval '30 days', now() + interval '366 days')
    ), '[]'::jsonb)
  )
  from public.lab_calendar_feeds f
  join public.lab_members m on m.lab_id = f.lab_id and m.user_id = f.user_id
  join public.labs l on l.id = f.lab_id
  left join public.profiles p on p.id = f.user_id
  where p_token is not null and char_length(p_token) between 16 and 128
    and f.token_hash = extensions.digest(p_token, 'sha256');
$$;

-- Grants ------------------------------------------------------------------------------------------
revoke execute on function private.keep_a_lab_manager(), private.can_manage_lab_staff(uuid),
  private.user_id_by_email(text), private.digest_bookings(uuid, date) from public, anon, authenticated;

revoke execute on function public.lab_staff(uuid), public.add_lab_staff(uuid, text, public.lab_role),
  public.change_lab_staff_role(uuid, uuid, public.lab_role), public.remove_lab_staff(uuid, uuid),
  public.grant_authorisations(uuid, uuid[], date, text, uuid, text), public.revoke_authorisation(uuid, uuid),
  public.lab_authorisations(uuid), public.lab_past_requesters(uuid),
  public.enable_lab_feed(uuid), public.disable_lab_feed(uuid)
  from public, anon, service_role;
grant execute on function public.lab_staff(uuid), public.add_lab_staff(uuid, text, public.lab_role),
  public.change_lab_staff_role(uuid, uuid, public.lab_role), public.remove_lab_staff(uuid, uuid),
  public.grant_authorisations(uuid, uuid[], date, text, uuid, text), public.revoke_authorisation(uuid, uuid),
  public.lab_authorisations(uuid), public.lab_past_requesters(uuid),
  public.enable_lab_feed(uuid), public.disable_lab_feed(uuid)
  to authenticated;

revoke execute on function public.lab_digest_day(timestamptz), public.queue_lab_request_digests(timestamptz),
  public.lab_request_digest_context(uuid, date, int), public.lab_feed(text)
  from public, anon, authenticated;
grant execute on function public.lab_digest_day(timestamptz), public.queue_lab_request_digests(timestamptz),
  public.lab_request_digest_context(uuid, date, int), public.lab_feed(text)
  to service_role;
