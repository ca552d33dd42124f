-- The lab portal's instruments, photos and opening hours (issue 10, parts 5 and 6) and who on a
-- lab's staff owns which of them (issue 12, item 3; docs/decisions/017-lab-column-ownership.md).
--
-- * Column ownership. Managers own what costs money or decides who may book and when: rates, the
--   booking policy, service modes, authorisation and approval, the original value, retirement,
--   weekly hours, closures and extra openings; creating instruments. Technicians keep the
--   catalogue text and photos current, link chains, put an instrument into maintenance and back,
--   and schedule maintenance windows. Policies say who may write a row; a trigger on instruments
--   says which columns a technician may change (a policy cannot compare old and new values).
-- * Photos live in the public Storage bucket `instrument-photos` under `<lab_id>/<instrument_id>/…`;
--   policies on storage.objects let only that lab's staff write there. The bucket refuses files
--   over 5 MB and types other than JPEG/PNG/WebP; the app also checks the bytes (magic numbers).
--   `instruments.photo_path` names the current photo's object.
-- * Stranding. A change of weekly hours or exceptions that leaves a live (pending or confirmed)
--   booking that has not ended outside opening hours, or inside a closure or maintenance window,
--   is refused: by a constraint trigger on both tables (whoever writes), and by the functions the
--   page calls, which list the bookings (HOURS_STRAND_BOOKINGS, detail = their ids) and can cancel
--   exactly those with a reason, in the same transaction (each requester e-mailed by the outbox).

-- Photos ------------------------------------------------------------------------------------------
alter table public.instruments
  add column photo_path text
    check (photo_path is null or (
      photo_path ~ '^[0-9a-f-]{36}/[0-9a-f-]{36}/[A-Za-z0-9._-]{1,120}$'
      and split_part(photo_path, '/', 1) = lab_id::text
      and split_part(photo_path, '/', 2) = id::text
    ));
comment on column public.instruments.photo_path is
  'The instrument''s photo: an object key in the public Storage bucket instrument-photos (<lab_id>/<instrument_id>/<file>). photo_url is for pictures hosted elsewhere (and the demo images).';

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('instrument-photos', 'instrument-photos', true, 5 * 1024 * 1024, array['image/jpeg', 'image/png', 'image/webp'])
on conflict (id) do update
  set public = excluded.public, file_size_limit = excluded.file_size_limit, allowed_mime_types = excluded.allowed_mime_types;

-- Permission helpers ------------------------------------------------------------------------------

/** Is the caller a manager of the lab? */
create function private.is_lab_manager(p_lab_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.lab_members where lab_id = p_lab_id and user_id = (select auth.uid()) and role = 'manager'
  );
$$;

/** The instruments of the labs the caller manages. */
create function private.my_managed_instrument_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
rows 50
as $$
  select i.id from public.lab_members m join public.instruments i on i.lab_id = m.lab_id
  where m.user_id = (select auth.uid()) and m.role = 'manager';
$$;

/** May the caller write the Storage object `p_name` of instrument-photos: `<lab>/<instrument>/<file>` of a lab they staff? */
create function private.can_write_instrument_photo(p_name text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_length(storage.foldername(p_name), 1), 0) = 2 and exists (
    select 1
    from public.instruments i
    join public.lab_members m on m.lab_id = i.lab_id and m.user_id = (select auth.uid())
    where i.lab_id::text = (storage.foldername(p_name))[1] and i.id::text = (storage.foldername(p_name))[2]
  );
$$;

-- Column ownership on instruments -----------------------------------------------------------------

/**
 * What a technician may not change on an instrument (a manager of its lab may): rates, the booking
 * policy, service modes, authorisation and approval, the original value, and retirement (to or from
 * 'retired'). No one moves an instrument to another lab. Retiring needs no live booking ahead.
 * Writes without a user (the service role, the seed) are not checked here.
 */
create function private.check_instrument_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_live uuid[];
begin
  if (select auth.uid()) is null then
    return new;
  end if;
  if new.lab_id is distinct from old.lab_id then
    raise exception 'INSTRUMENT_LAB_FIXED' using errcode = '42501', detail = 'An instrument stays in its lab.';
  end if;
  if not private.is_lab_manager(old.lab_id) and (
    (new.hourly_rate_cny, new.sme_rate_cny, new.requires_approval, new.requires_authorisation, new.service_modes,
     new.slot_minutes, new.min_booking_minutes, new.max_booking_minutes, new.lead_time_hours,
     new.cancellation_deadline_hours, new.max_advance_days, new.original_value_cny)
    is distinct from
    (old.hourly_rate_cny, old.sme_rate_cny, old.requires_approval, old.requires_authorisation, old.service_modes,
     old.slot_minutes, old.min_booking_minutes, old.max_booking_minutes, old.lead_time_hours,
     old.cancellation_deadline_hours, old.max_advance_days, old.original_value_cny)
    or (new.status is distinct from old.status and 'retired' in (new.status, old.status))
  ) then
    raise exception 'INSTRUMENT_MANAGER_ONLY' using errcode = '42501',
      detail = 'Rates, the booking policy, the original value and retirement are changed by the lab''s managers.';
  end if;
  if new.status = 'retired' and old.status <> 'retired' then
    select array_agg(b.id order by lower(b.during)) into v_live
    from public.bookings b
    where b.instrument_id = old.id and b.status in ('pending', 'confirmed') and upper(b.during) > now();
    if v_live is not null then
      raise exception 'INSTRUMENT_HAS_BOOKINGS' using errcode = 'P0001', detail = array_to_string(v_live, ',');
    end if;
  end if;
  return new;
end;
$$;

create trigger instruments_check_change before update on public.instruments
  for each row execute function private.check_instrument_change();

-- Policies: managers add instruments, hours, closures and extra openings; technicians maintenance.
drop policy "Lab staff can add instruments to their lab" on public.instruments;
create policy "Lab managers can add instruments to their lab" on public.instruments for insert to authenticated
  with check (lab_id in (select private.my_managed_lab_ids()));

drop policy "Lab staff can add opening hours" on public.availability_rules;
drop policy "Lab staff can edit opening hours" on public.availability_rules;
drop policy "Lab staff can delete opening hours" on public.availability_rules;
create policy "Lab managers can add opening hours" on public.availability_rules for insert to authenticated
  with check (instrument_id in (select private.my_managed_instrument_ids()));
create policy "Lab managers can edit opening hours" on public.availability_rules for update to authenticated
  using (instrument_id in (select private.my_managed_instrument_ids()))
  with check (instrument_id in (select private.my_managed_instrument_ids()));
create policy "Lab managers can delete opening hours" on public.availability_rules for delete to authenticated
  using (instrument_id in (select private.my_managed_instrument_ids()));

drop policy "Lab staff can add closures and extra openings" on public.availability_exceptions;
drop policy "Lab staff can edit closures and extra openings" on public.availability_exceptions;
drop policy "Lab staff can delete closures and extra openings" on public.availability_exceptions;
create policy "Lab managers add any exception, technicians maintenance windows" on public.availability_exceptions
  for insert to authenticated
  with check (
    instrument_id in (select private.my_managed_instrument_ids())
    or (kind = 'maintenance' and instrument_id in (select private.my_instrument_ids()))
  );
create policy "Lab managers edit any exception, technicians maintenance windows" on public.availability_exceptions
  for update to authenticated
  using (
    instrument_id in (select private.my_managed_instrument_ids())
    or (kind = 'maintenance' and instrument_id in (select private.my_instrument_ids()))
  )
  with check (
    instrument_id in (select private.my_managed_instrument_ids())
    or (kind = 'maintenance' and instrument_id in (select private.my_instrument_ids()))
  );
create policy "Lab managers delete any exception, technicians maintenance windows" on public.availability_exceptions
  for delete to authenticated
  using (
    instrument_id in (select private.my_managed_instrument_ids())
    or (kind = 'maintenance' and instrument_id in (select private.my_instrument_ids()))
  );

-- Storage policies: the lab's staff write their instruments' folders; the bucket is public to read.
create policy "Lab staff can list their instruments' photos" on storage.objects for select to authenticated
  using (bucket_id = 'instrument-photos' and private.can_write_instrument_photo(name));
create policy "Lab staff can upload their instruments' photos" on storage.objects for insert to authenticated
  with check (bucket_id = 'instrument-photos' and private.can_write_instrument_photo(name));
create policy "Lab staff can replace their instruments' photos" on storage.objects for update to authenticated
  using (bucket_id = 'instrument-photos' and private.can_write_instrument_photo(name))
  with check (bucket_id = 'instrument-photos' and private.can_write_instrument_photo(name));
create policy "Lab staff can remove their instruments' photos" on storage.objects for delete to authenticated
  using (bucket_id = 'instrument-photos' and private.can_write_instrument_photo(name));

-- Stranding ---------------------------------------------------------------------------------------

/**
 * The instrument's live bookings that have not ended, overlap p_during and (when p_weekdays is
 * given) touch one of those Asia/Shanghai weekdays, and that opening hours no longer cover or a
 * closure or maintenance window overlaps: the engine's own rules (private.opening_time and
 * closed_time, as in booking_policy_error). Earliest first.
 */
create function private.stranded_bookings(p_instrument_id uuid, p_during tstzrange, p_weekdays int[] default null)
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select b.id
  from public.bookings b
  where b.instrument_id = p_instrument_id
    and b.status in ('pending', 'confirmed')
    and upper(b.during) > now()
    and b.during && p_during
    and (p_weekdays is null or exists (
      select 1
      from generate_series((lower(b.during) at time zone 'Asia/Shanghai')::date::timestamp,
                           (upper(b.during) at time zone 'Asia/Shanghai')::date::timestamp, interval '1 day') as d (day)
      where extract(isodow from d.day)::int = any (p_weekdays)
    ))
    and (not private.opening_time(b.instrument_id, lower(b.during), upper(b.during)) @> b.during
         or private.closed_time(b.instrument_id, lower(b.during), upper(b.during)) && b.during)
  order by lower(b.during), b.id;
$$;

/** Raises HOURS_STRAND_BOOKINGS when a booking of p_instrument_ids is stranded (private.stranded_bookings). */
create function private.raise_if_stranded(p_instrument_ids uuid[], p_during tstzrange, p_weekdays int[])
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_ids uuid[];
begin
  v_ids := array(
    select s.id from unnest(p_instrument_ids) as t (instrument_id)
    cross join lateral private.stranded_bookings(t.instrument_id, p_during, p_weekdays) as s (id)
  );
  if cardinality(v_ids) > 0 then
    raise exception 'HOURS_STRAND_BOOKINGS' using errcode = 'P0001', detail = array_to_string(v_ids, ','),
      hint = 'Cancel these bookings first, or keep the instrument open for them.';
  end if;
end;
$$;

/**
 * The constraint trigger on opening hours: refuse a change that strands bookings on the weekdays
 * it touches. An update that writes the same hours back checks nothing.
 */
create function private.rules_keep_bookings()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' then
    if (old.instrument_id, old.weekday, old.start_time, old.end_time) is not distinct from
       (new.instrument_id, new.weekday, new.start_time, new.end_time) then
      return null;
    end if;
    perform private.raise_if_stranded(array[old.instrument_id, new.instrument_id], tstzrange(now(), null), array[old.weekday::int, new.weekday::int]);
  elsif tg_op = 'DELETE' then
    perform private.raise_if_stranded(array[old.instrument_id], tstzrange(now(), null), array[old.weekday::int]);
  end if;
  -- Adding hours never strands a booking.
  return null;
end;
$$;

/** The constraint trigger on exceptions: refuse a change that strands bookings in the time it touches. */
create function private.exceptions_keep_bookings()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' then
    if (old.instrument_id, old.kind, old.during) is not distinct from (new.instrument_id, new.kind, new.during) then
      return null;
    end if;
    perform private.raise_if_stranded(array[old.instrument_id], old.during, null);
    perform private.raise_if_stranded(array[new.instrument_id], new.during, null);
  elsif tg_op = 'DELETE' then
    perform private.raise_if_stranded(array[old.instrument_id], old.during, null);
  else
    perform private.raise_if_stranded(array[new.instrument_id], new.during, null);
  end if;
  return null;
end;
$$;

create constraint trigger availability_rules_keep_bookings
  after insert or update or delete on public.availability_rules
  deferrable initially immediate
  for each row execute function private.rules_keep_bookings();
create constraint trigger availability_exceptions_keep_bookings
  after insert or update or delete on public.availability_exceptions
  deferrable initially immediate
  for each row execute function private.exceptions_keep_bookings();

/**
 * After a change to the instruments' hours around p_during (null: all ahead; constraints deferred
 * by the caller): cancels the stranded bookings the caller listed, with the reason (cancel_booking: audited, requester
 * e-mailed), and raises HOURS_STRAND_BOOKINGS with any stranded booking not listed. Then the
 * deferred checks run at once.
 */
create function private.settle_stranded(p_instrument_ids uuid[], p_during tstzrange, p_cancel uuid[], p_reason text)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_stranded uuid[];
  v_left uuid[];
  v_id uuid;
begin
  v_stranded := array(
    select s.id from unnest(p_instrument_ids) as t (instrument_id)
    cross join lateral private.stranded_bookings(t.instrument_id, coalesce(p_during, tstzrange(now(), null))) as s (id)
  );
  v_left := array(select x from unnest(v_stranded) as x where not (x = any (coalesce(p_cancel, '{}'))));
  if cardinality(v_left) > 0 then
    raise exception 'HOURS_STRAND_BOOKINGS' using errcode = 'P0001', detail = array_to_string(v_left, ','),
      hint = 'Cancel these bookings first, or keep the instrument open for them.';
  end if;
  if cardinality(v_stranded) > 0 and coalesce(btrim(p_reason), '') = '' then
    raise exception 'HOURS_REASON_REQUIRED' using errcode = 'P0001', detail = 'Cancelling bookings needs a reason.';
  end if;
  foreach v_id in array v_stranded loop
    perform public.cancel_booking(v_id, p_reason);
  end loop;
  set constraints public.availability_rules_keep_bookings, public.availability_exceptions_keep_bookings immediate;
end;
$$;

/** Checks one day's hours: [{weekday 1–7, start "HH:MM", end "HH:MM"}, …]. */
create function private.check_hours_input(p_hours jsonb)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_hours is null or jsonb_typeof(p_hours) <> 'array' or jsonb_array_length(p_hours) > 70 or exists (
    select 1 from jsonb_array_elements(p_hours) as h
    where jsonb_typeof(h) <> 'object'
      or coalesce(h ->> 'weekday', '') !~ '^[1-7]$'
      or coalesce(h ->> 'start', '') !~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'
      or coalesce(h ->> 'end', '') !~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$'
  ) then
    raise exception 'HOURS_INVALID_INPUT' using errcode = 'P0001', detail = 'Hours are a list of {weekday 1-7, start HH:MM, end HH:MM}.';
  end if;
  if exists (
    select 1 from jsonb_array_elements(p_hours) as h where (h ->> 'start')::time >= (h ->> 'end')::time and h ->> 'end' <> '24:00'
  ) then
    raise exception 'HOURS_INVALID_RANGE' using errcode = 'P0001', detail = 'Each period starts before it ends.';
  end if;
end;
$$;

/**
 * Replaces the weekly opening hours of each instrument in p_instrument_ids with p_hours: one
 * instrument's hours, or copied to other instruments of the lab (security invoker: the policies
 * decide; managers only). A period may end at 24:00.
 */
create function public.set_opening_hours(
  p_instrument_ids uuid[],
  p_hours jsonb,
  p_cancel_booking_ids uuid[] default '{}',
  p_cancel_reason text default null
)
returns void
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_id uuid;
begin
  perform private.check_hours_input(p_hours);
  if p_instrument_ids is null or cardinality(p_instrument_ids) = 0 or cardinality(p_instrument_ids) > 200 then
    raise exception 'HOURS_INVALID_INPUT' using errcode = 'P0001', detail = 'One to 200 instruments.';
  end if;
  set constraints public.availability_rules_keep_bookings, public.availability_exceptions_keep_bookings deferred;
  foreach v_id in array p_instrument_ids loop
    if not exists (select 1 from public.instruments where id = v_id) then
      raise exception 'HOURS_NOT_FOUND' using errcode = 'P0001', detail = v_id::text;
    end if;
    if v_id not in (select private.my_managed_instrument_ids()) then
      raise exception 'HOURS_FORBIDDEN' using errcode = '42501', detail = 'Opening hours are set by the lab''s managers.';
    end if;
    delete from public.availability_rules where instrument_id = v_id;
    insert into public.availability_rules (instrument_id, weekday, start_time, end_time)
    select v_id, (h ->> 'weekday')::smallint, (h ->> 'start')::time, (h ->> 'end')::time
    from jsonb_array_elements(p_hours) as h;
  end loop;
  perform private.settle_stranded(p_instrument_ids, null, p_cancel_booking_ids, p_cancel_reason);
exception
  when exclusion_violation then
    raise exception 'HOURS_OVERLAP' using errcode = 'P0001', detail = 'Two periods of one weekday overlap.';
end;
$$;

/**
 * Adds (p_exception_id null) or changes a closure, maintenance window or extra opening
 * [p_starts_at, p_ends_at) with its reason in both languages (security invoker: policies decide).
 * Returns the exception's id.
 */
create function public.save_availability_exception(
  p_instrument_id uuid,
  p_exception_id uuid,
  p_kind public.exception_kind,
  p_starts_at timestamptz,
  p_ends_at timestamptz,
  p_note_zh text,
  p_note_en text,
  p_cancel_booking_ids uuid[] default '{}',
  p_cancel_reason text default null
)
returns uuid
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_id uuid;
  v_old tstzrange;
begin
  if p_instrument_id is null or p_kind is null or p_starts_at is null or p_ends_at is null
     or not isfinite(p_starts_at) or not isfinite(p_ends_at)
     or char_length(coalesce(p_note_zh, '')) > 500 or char_length(coalesce(p_note_en, '')) > 1000 then
    raise exception 'HOURS_INVALID_INPUT' using errcode = 'P0001', detail = 'Instrument, kind, start and end are required; notes are short.';
  end if;
  if p_starts_at >= p_ends_at then
    raise exception 'HOURS_INVALID_RANGE' using errcode = 'P0001', detail = 'The start is before the end.';
  end if;
  if not exists (select 1 from public.instruments where id = p_instrument_id) then
    raise exception 'HOURS_NOT_FOUND' using errcode = 'P0001';
  end if;
  set constraints public.availability_rules_keep_bookings, public.availability_exceptions_keep_bookings deferred;
  if p_exception_id is null then
    insert into public.availability_exceptions (instrument_id, kind, during, note_zh, note_en, created_by)
    values (p_instrument_id, p_kind, tstzrange(p_starts_at, p_ends_at), coalesce(p_note_zh, ''), coalesce(p_note_en, ''), (select auth.uid()))
    returning id into v_id;
  else
    select e.during into v_old from public.availability_exceptions e where e.id = p_exception_id and e.instrument_id = p_instrument_id;
    update public.availability_exceptions
    set kind = p_kind, during = tstzrange(p_starts_at, p_ends_at), note_zh = coalesce(p_note_zh, ''), note_en = coalesce(p_note_en, '')
    where id = p_exception_id and instrument_id = p_instrument_id
    returning id into v_id;
    if v_id is null then
      raise exception 'HOURS_NOT_FOUND' using errcode = 'P0001';
    end if;
  end if;
  perform private.settle_stranded(array[p_instrument_id], range_merge(coalesce(v_old, tstzrange(p_starts_at, p_ends_at)), tstzrange(p_starts_at, p_ends_at)),
    p_cancel_booking_ids, p_cancel_reason);
  return v_id;
end;
$$;

/** Removes a closure, maintenance window or extra opening (removing an extra opening can strand bookings). */
create function public.delete_availability_exception(
  p_exception_id uuid,
  p_cancel_booking_ids uuid[] default '{}',
  p_cancel_reason text default null
)
returns void
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_instrument uuid;
  v_during tstzrange;
begin
  set constraints public.availability_rules_keep_bookings, public.availability_exceptions_keep_bookings deferred;
  delete from public.availability_exceptions where id = p_exception_id returning instrument_id, during into v_instrument, v_during;
  if v_instrument is null then
    raise exception 'HOURS_NOT_FOUND' using errcode = 'P0001';
  end if;
  perform private.settle_stranded(array[v_instrument], v_during, p_cancel_booking_ids, p_cancel_reason);
end;
$$;

-- Grants: the new public functions to signed-in users only; private helpers to the roles whose
-- policies and invoker functions use them.
revoke execute on function private.is_lab_manager(uuid), private.my_managed_instrument_ids(),
  private.can_write_instrument_photo(text), private.check_instrument_change(), private.stranded_bookings(uuid, tstzrange, int[]),
  private.rules_keep_bookings(), private.exceptions_keep_bookings(), private.raise_if_stranded(uuid[], tstzrange, int[]), private.settle_stranded(uuid[], tstzrange, uuid[], text), private.check_hours_input(jsonb) from public;
grant execute on function private.my_managed_instrument_ids(), private.can_write_instrument_photo(text),
  private.stranded_bookings(uuid, tstzrange, int[]), private.settle_stranded(uuid[], tstzrange, uuid[], text),
  private.check_hours_input(jsonb) to authenticated;
revoke execute on function public.set_opening_hours(uuid[], jsonb, uuid[], text),
  public.save_availability_exception(uuid, uuid, public.exception_kind, timestamptz, timestamptz, text, text, uuid[], text),
  public.delete_availability_exception(uuid, uuid[], text) from public, anon;
grant execute on function public.set_opening_hours(uuid[], jsonb, uuid[], text),
  public.save_availability_exception(uuid, uuid, public.exception_kind, timestamptz, timestamptz, text, text, uuid[], text),
  public.delete_availability_exception(uuid, uuid[], text) to authenticated;
