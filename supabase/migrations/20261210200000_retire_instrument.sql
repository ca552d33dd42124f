-- Retiring an instrument that still has live bookings (issue 10, part 5). The trigger
-- private.check_instrument_change (20261204000000) refuses to retire an instrument with pending or
-- confirmed bookings that have not ended (INSTRUMENT_HAS_BOOKINGS, detail = their ids). This
-- function is the way through, as set_opening_hours is for stranded bookings: the page sends the
-- bookings it listed and a reason; in one transaction each is cancelled with public.cancel_booking
-- (audited, the requester e-mailed through the outbox) and the instrument is retired. A live
-- booking the caller did not list (one made since the page was shown) refuses the whole change.

/**
 * Retires the instrument (security invoker: the policies and the trigger decide; managers of its
 * lab only), cancelling first exactly its live bookings, which must all be in p_cancel_booking_ids,
 * with p_cancel_reason (required when there is any). Raises INSTRUMENT_NOT_FOUND,
 * INSTRUMENT_MANAGER_ONLY (42501), INSTRUMENT_HAS_BOOKINGS (detail: the ids not listed, earliest
 * first) or INSTRUMENT_REASON_REQUIRED; nothing changes then.
 */
create function public.retire_instrument(
  p_instrument_id uuid,
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
  v_status public.instrument_status;
  v_live uuid[];
  v_left uuid[];
  v_id uuid;
begin
  if p_instrument_id is null then
    raise exception 'INSTRUMENT_NOT_FOUND' using errcode = 'P0001';
  end if;
  select i.status into v_status from public.instruments i where i.id = p_instrument_id;
  if not found then
    raise exception 'INSTRUMENT_NOT_FOUND' using errcode = 'P0001';
  end if;
  if p_instrument_id not in (select private.my_managed_instrument_ids()) then
    raise exception 'INSTRUMENT_MANAGER_ONLY' using errcode = '42501',
      detail = 'Rates, the booking policy, the original value and retirement are changed by the lab''s managers.';
  end if;
  -- Hold the instrument while its bookings are settled.
  perform 1 from public.instruments i where i.id = p_instrument_id for update;
  if v_status = 'retired' then
    return;
  end if;

  v_live := array(
    select b.id from public.bookings b
    where b.instrument_id = p_instrument_id and b.status in ('pending', 'confirmed') and upper(b.during) > now()
    order by lower(b.during), b.id
  );
  v_left := array(select x from unnest(v_live) as x where not (x = any (coalesce(p_cancel_booking_ids, '{}'))));
  if cardinality(v_left) > 0 then
    raise exception 'INSTRUMENT_HAS_BOOKINGS' using errcode = 'P0001', detail = array_to_string(v_left, ','),
      hint = 'Cancel these bookings first, or keep the instrument in service.';
  end if;
  if cardinality(v_live) > 0 and coalesce(btrim(p_cancel_reason), '') = '' then
    raise exception 'INSTRUMENT_REASON_REQUIRED' using errcode = 'P0001', detail = 'Cancelling bookings needs a reason.';
  end if;
  foreach v_id in array v_live loop
    perform public.cancel_booking(v_id, p_cancel_reason);
  end loop;

  update public.instruments set status = 'retired' where id = p_instrument_id;
end;
$$;

revoke execute on function public.retire_instrument(uuid, uuid[], text) from public, anon;
grant execute on function public.retire_instrument(uuid, uuid[], text) to authenticated;
