-- Administration of the network by the bureau (issue 11, part 9; docs/decisions/022).
--
--   * A member of an organisation applies to open a lab (public.apply_for_lab): organisation,
--     names in Chinese and English, address, district, accreditations as written on the
--     certificates (CMA / CNAS numbers), contact. The application is a row of
--     public.lab_applications; no labs row exists until a bureau admin approves it.
--   * A bureau admin approves (the lab is created, approved, with the applicant or a user the admin
--     names as its first manager) or rejects it with a reason (public.decide_lab_application);
--     assigns a lab's manager (public.assign_lab_manager); suspends or reinstates a lab
--     (public.set_lab_suspended: a suspended lab's instruments leave the catalogue and cannot be
--     booked, because both already require an approved lab; its live bookings stay as they are and
--     the page lists them before the admin confirms); adds or removes bureau analysts
--     (public.add_bureau_analyst, public.remove_bureau_analyst).
--   * Every action writes one public.admin_events row (who, when, what, why; append-only) and
--     queues the e-mails it causes in the same transaction: the applicant, the new manager, the
--     lab's managers, the analyst concerned. The worker renders them from the row's payload.
--   * Analysts read everything here and change nothing: each function checks
--     private.is_bureau_admin() itself (security definer, search_path pinned).
--
-- Labs now come into being only through approval: the policy that let organisation owners insert
-- a pending labs row directly is dropped (an application carries the accreditation numbers and
-- the applicant, which a labs row has no place for, and a rejected application is not a lab).
--
-- Error codes (errcode P0001, the code is the message; for ADMIN_INVALID_INPUT the hint names the
-- field): ADMIN_NOT_SIGNED_IN, ADMIN_FORBIDDEN (not a bureau admin; for apply_for_lab: not a
-- member of the organisation), ADMIN_INVALID_INPUT, ADMIN_NOT_FOUND (no such application, lab or
-- analyst), ADMIN_USER_NOT_FOUND (no account with that e-mail), ADMIN_INVALID_STATE (the
-- application is decided, the lab is not approved / not suspended, the user is bureau staff
-- already), ADMIN_REASON_REQUIRED (rejection, suspension), ADMIN_SELF (an admin's own role).

create type public.lab_application_status as enum ('pending', 'approved', 'rejected');

create table public.lab_applications (
  id uuid primary key default gen_random_uuid(),
  applicant_id uuid not null references auth.users (id) on delete cascade,
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  name_zh text not null check (char_length(name_zh) between 2 and 100),
  name_en text not null check (char_length(name_en) between 2 and 200),
  district_id uuid not null references public.districts (id) on delete restrict,
  address_zh text not null check (char_length(address_zh) between 2 and 200),
  address_en text not null default '' check (char_length(address_en) <= 300),
  -- as on the certificates: "CMA 201519000123; CNAS L1234"
  accreditations text not null default '' check (char_length(accreditations) <= 500),
  description text not null default '' check (char_length(description) <= 2000),
  contact_name text not null check (char_length(contact_name) between 1 and 60),
  contact_phone text check (contact_phone is null or contact_phone ~ '^\+?[0-9][0-9 -]{4,19}$'),
  contact_email text check (contact_email is null or contact_email ~ '^[^\s@]+@[^\s@]+\.[^\s@]+$'),
  status public.lab_application_status not null default 'pending',
  decided_by uuid references auth.users (id) on delete set null,
  decided_at timestamptz,
  decision_reason text check (decision_reason is null or char_length(decision_reason) between 1 and 1000),
  -- the lab the approval created, and its first manager
  lab_id uuid references public.labs (id) on delete set null,
  manager_id uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (contact_phone is not null or contact_email is not null),
  check ((status = 'pending') = (decided_at is null)),
  check (status <> 'approved' or lab_id is not null),
  check (status <> 'rejected' or decision_reason is not null)
);
create index lab_applications_applicant_id_idx on public.lab_applications (applicant_id, created_at desc);
create index lab_applications_organisation_id_idx on public.lab_applications (organisation_id);
create index lab_applications_district_id_idx on public.lab_applications (district_id);
create index lab_applications_status_idx on public.lab_applications (status, created_at);
create index lab_applications_decided_by_idx on public.lab_applications (decided_by);
create index lab_applications_lab_id_idx on public.lab_applications (lab_id);
create index lab_applications_manager_id_idx on public.lab_applications (manager_id);
create trigger lab_applications_set_updated_at before update on public.lab_applications
  for each row execute function public.set_updated_at();

comment on table public.lab_applications is
  'Applications to open a lab on the network, decided by a bureau admin (approval creates the lab).';

create table public.admin_events (
  id uuid primary key default gen_random_uuid(),
  actor_id uuid references auth.users (id) on delete set null,
  action text not null check (action in (
    'lab_application_submitted', 'lab_application_approved', 'lab_application_rejected',
    'lab_manager_assigned', 'lab_suspended', 'lab_reinstated', 'bureau_analyst_added', 'bureau_analyst_removed')),
  application_id uuid references public.lab_applications (id) on delete set null,
  lab_id uuid references public.labs (id) on delete set null,
  subject_user_id uuid references auth.users (id) on delete set null,
  reason text check (reason is null or char_length(reason) <= 1000),
  created_at timestamptz not null default now()
);
create index admin_events_created_at_idx on public.admin_events (created_at desc);
create index admin_events_actor_id_idx on public.admin_events (actor_id);
create index admin_events_application_id_idx on public.admin_events (application_id);
create index admin_events_lab_id_idx on public.admin_events (lab_id);
create index admin_events_subject_user_id_idx on public.admin_events (subject_user_id);
create trigger admin_events_append_only before update or delete on public.admin_events
  for each row execute function public.forbid_change();

comment on table public.admin_events is 'Append-only audit of the bureau''s administration: who did what, when and why.';

alter table public.lab_applications enable row level security;
alter table public.admin_events enable row level security;

create policy "Applicants can read their own lab applications" on public.lab_applications for select to authenticated
  using (applicant_id = (select auth.uid()));
create policy "Bureau staff can read lab applications" on public.lab_applications for select to authenticated
  using ((select private.is_bureau()));
-- No insert, update or delete policies: apply_for_lab and decide_lab_application write.

create policy "Bureau staff can read the administration audit" on public.admin_events for select to authenticated
  using ((select private.is_bureau()));
-- No write policies: the administration functions write, and the audit is append-only.

drop policy "Organisation owners can propose labs" on public.labs;

-- Helpers ---------------------------------------------------------------------------------------------

/** Raises ADMIN_NOT_SIGNED_IN / ADMIN_FORBIDDEN unless the caller is a bureau admin; returns the caller. */
create function private.require_bureau_admin()
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
begin
  if v_user is null then
    raise exception 'ADMIN_NOT_SIGNED_IN' using errcode = 'P0001';
  end if;
  if not exists (select 1 from public.bureau_staff where user_id = v_user and role = 'admin') then
    raise exception 'ADMIN_FORBIDDEN' using errcode = 'P0001', detail = 'Only bureau admins administer the network.';
  end if;
  return v_user;
end;
$$;

/** Trimmed text, null when blank; ADMIN_INVALID_INPUT (hint: the field) when too long or with control characters. */
create function private.admin_text(p_value text, p_field text, p_max int)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_text text := nullif(btrim(coalesce(p_value, ''), E' \t\r\n'), '');
begin
  if v_text is not null and (char_length(v_text) > p_max or v_text ~ '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]') then
    raise exception 'ADMIN_INVALID_INPUT' using errcode = 'P0001', hint = p_field,
      detail = format('%s: at most %s characters, no control characters.', p_field, p_max);
  end if;
  return v_text;
end;
$$;

/** The user with this e-mail address (case-insensitive), or ADMIN_USER_NOT_FOUND. */
create function private.user_by_email(p_email text)
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  select u.id into v_id from auth.users u
  where lower(u.email) = lower(btrim(coalesce(p_email, ''))) and u.deleted_at is null
  limit 1;
  if v_id is null then
    raise exception 'ADMIN_USER_NOT_FOUND' using errcode = 'P0001', hint = 'email';
  end if;
  return v_id;
end;
$$;

/**
 * Writes the audit row of one action and queues its e-mails, one per recipient, keyed
 * <template>/<event>/<recipient>. The payload carries what the message says (the worker renders
 * it without reading anything else).
 */
create function private.record_admin_event(
  p_action text,
  p_application_id uuid,
  p_lab_id uuid,
  p_subject_user_id uuid,
  p_reason text,
  p_recipients uuid[],
  p_template text default null
)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_event uuid;
  v_payload jsonb;
begin
  insert into public.admin_events (actor_id, action, application_id, lab_id, subject_user_id, reason)
  values ((select auth.uid()), p_action, p_application_id, p_lab_id, p_subject_user_id, p_reason)
  returning id into v_event;

  select jsonb_build_object(
    'event_id', v_event,
    'action', p_action,
    'reason', p_reason,
    'application_id', p_application_id,
    'lab_id', p_lab_id,
    'lab_name_zh', coalesce(l.name_zh, a.name_zh),
    'lab_name_en', coalesce(l.name_en, a.name_en),
    'organisation_name_zh', o.name_zh,
    'organisation_name_en', o.name_en
  )
  into v_payload
  from (select 1) as one
  left join public.lab_applications a on a.id = p_application_id
  left join public.labs l on l.id = coalesce(p_lab_id, a.lab_id)
  left join public.organisations o on o.id = coalesce(l.organisation_id, a.organisation_id);

  insert into public.email_outbox (template, recipient_id, recipient_email, locale, payload, idempotency_key)
  select coalesce(p_template, p_action), u.id, u.email, coalesce(p.locale, 'zh-CN'),
         v_payload || jsonb_build_object('recipient_name', coalesce(p.display_name, '')),
         coalesce(p_template, p_action) || '/' || v_event || '/' || u.id
  from (select distinct r from unnest(p_recipients) as r where r is not null) as rs
  join auth.users u on u.id = rs.r and u.email is not null and u.email <> ''
  left join public.profiles p on p.id = u.id;
  return v_event;
end;
$$;

-- Applying ---------------------------------------------------------------------------------------------

/** The caller applies, for an organisation they belong to, to open a lab. Returns the application. */
create function public.apply_for_lab(
  p_organisation_id uuid,
  p_name_zh text,
  p_name_en text,
  p_district_id uuid,
  p_address_zh text,
  p_contact_name text,
  p_contact_phone text default null,
  p_contact_email text default null,
  p_address_en text default null,
  p_accreditations text default null,
  p_description text default null
)
returns public.lab_applications
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_row public.lab_applications;
  v_name_zh text := private.admin_text(p_name_zh, 'nameZh', 100);
  v_name_en text := private.admin_text(p_name_en, 'nameEn', 200);
  v_address_zh text := private.admin_text(p_address_zh, 'addressZh', 200);
  v_address_en text := private.admin_text(p_address_en, 'addressEn', 300);
  v_accreditations text := private.admin_text(p_accreditations, 'accreditations', 500);
  v_description text := private.admin_text(p_description, 'description', 2000);
  v_contact_name text := private.admin_text(p_contact_name, 'contactName', 60);
  v_phone text := private.admin_text(p_contact_phone, 'contactPhone', 20);
  v_email text := lower(private.admin_text(p_contact_email, 'contactEmail', 254));
begin
  if v_user is null then
    raise exception 'ADMIN_NOT_SIGNED_IN' using errcode = 'P0001';
  end if;
  if p_organisation_id is null
     or not exists (select 1 from public.organisation_members m where m.organisation_id = p_organisation_id and m.user_id = v_user) then
    raise exception 'ADMIN_FORBIDDEN' using errcode = 'P0001', hint = 'organisationId',
      detail = 'Apply for an organisation you belong to.';
  end if;
  if v_name_zh is null or char_length(v_name_zh) < 2 then
    raise exception 'ADMIN_INVALID_INPUT' using errcode = 'P0001', hint = 'nameZh';
  end if;
  if v_name_en is null or char_length(v_name_en) < 2 then
    raise exception 'ADMIN_INVALID_INPUT' using errcode = 'P0001', hint = 'nameEn';
  end if;
  if p_district_id is null or not exists (select 1 from public.districts d where d.id = p_district_id) then
    raise exception 'ADMIN_INVALID_INPUT' using errcode = 'P0001', hint = 'districtId';
  end if;
  if v_address_zh is null or char_length(v_address_zh) < 2 then
    raise exception 'ADMIN_INVALID_INPUT' using errcode = 'P0001', hint = 'addressZh';
  end if;
  if v_contact_name is null then
    raise exception 'ADMIN_INVALID_INPUT' using errcode = 'P0001', hint = 'contactName';
  end if;
  if v_phone is not null and v_phone !~ '^\+?[0-9][0-9 -]{4,19}$' then
    raise exception 'ADMIN_INVALID_INPUT' using errcode = 'P0001', hint = 'contactPhone';
  end if;
  if v_email is not null and v_email !~ '^[^\s@]+@[^\s@]+\.[^\s@]+$' then
    raise exception 'ADMIN_INVALID_INPUT' using errcode = 'P0001', hint = 'contactEmail';
  end if;
  if v_phone is null and v_email is null then
    raise exception 'ADMIN_INVALID_INPUT' using errcode = 'P0001', hint = 'contactPhone',
      detail = 'A phone number or an e-mail address is required.';
  end if;

  insert into public.lab_applications (
    applicant_id, organisation_id, name_zh, name_en, district_id, address_zh, address_en,
    accreditations, description, contact_name, contact_phone, contact_email)
  values (
    v_user, p_organisation_id, v_name_zh, v_name_en, p_district_id, v_address_zh, coalesce(v_address_en, ''),
    coalesce(v_accreditations, ''), coalesce(v_description, ''), v_contact_name, v_phone, v_email)
  returning * into v_row;
  perform private.record_admin_event('lab_application_submitted', v_row.id, null, v_user, null, array[v_user]);
  return v_row;
end;
$$;

-- Deciding -------------------------------------------------------------------------------------------

/**
 * Approves (p_approve true: creates the approved lab, its first manager is the user with
 * p_manager_email or else the applicant) or rejects (reason required) a pending application.
 */
create function public.decide_lab_application(
  p_application_id uuid,
  p_approve boolean,
  p_reason text default null,
  p_manager_email text default null
)
returns public.lab_applications
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_admin uuid := private.require_bureau_admin();
  v_reason text := private.admin_text(p_reason, 'reason', 1000);
  v_app public.lab_applications;
  v_manager uuid;
  v_lab uuid;
begin
  if p_application_id is null or p_approve is null then
    raise exception 'ADMIN_INVALID_INPUT' using errcode = 'P0001', hint = 'form';
  end if;
  select a.* into v_app from public.lab_applications a where a.id = p_application_id for update;
  if not found then
    raise exception 'ADMIN_NOT_FOUND' using errcode = 'P0001';
  end if;
  if v_app.status <> 'pending' then
    raise exception 'ADMIN_INVALID_STATE' using errcode = 'P0001', detail = format('The application is %s.', v_app.status);
  end if;

  if not p_approve then
    if v_reason is null then
      raise exception 'ADMIN_REASON_REQUIRED' using errcode = 'P0001', hint = 'reason';
    end if;
    update public.lab_applications
    set status = 'rejected', decided_by = v_admin, decided_at = now(), decision_reason = v_reason
    where id = v_app.id returning * into v_app;
    perform private.record_admin_event('lab_application_rejected', v_app.id, null, v_app.applicant_id, v_reason, array[v_app.applicant_id]);
    return v_app;
  end if;

  v_manager := case when nullif(btrim(coalesce(p_manager_email, '')), '') is null then v_app.applicant_id
                    else private.user_by_email(p_manager_email) end;
  if v_manager = v_admin then
    raise exception 'ADMIN_SELF' using errcode = 'P0001', hint = 'managerEmail';
  end if;
  insert into public.labs (
    organisation_id, name_zh, name_en, description_zh, district_id, address_zh, address_en,
    contact_name, contact_phone, contact_email, accreditations, status, approved_by, approved_at)
  values (
    v_app.organisation_id, v_app.name_zh, v_app.name_en, v_app.description, v_app.district_id, v_app.address_zh,
    v_app.address_en, v_app.contact_name, v_app.contact_phone, v_app.contact_email,
    -- the accreditation kinds the labs table knows, as named in the application's text
    coalesce((select array_agg(k order by k) from unnest(array['CMA', 'CNAS', 'CATL', 'GLP', 'ISO17025']) as k
              where upper(replace(v_app.accreditations, ' ', '')) like '%' || k || '%'), '{}'),
    'approved', v_admin, now())
  returning id into v_lab;
  insert into public.lab_members (lab_id, user_id, role) values (v_lab, v_manager, 'manager');
  update public.lab_applications
  set status = 'approved', decided_by = v_admin, decided_at = now(), decision_reason = v_reason, lab_id = v_lab, manager_id = v_manager
  where id = v_app.id returning * into v_app;
  perform private.record_admin_event('lab_application_approved', v_app.id, v_lab, v_app.applicant_id, v_reason, array[v_app.applicant_id]);
  if v_manager <> v_app.applicant_id then
    perform private.record_admin_event('lab_manager_assigned', v_app.id, v_lab, v_manager, null, array[v_manager]);
  end if;
  return v_app;
end;
$$;

/** Makes the user with this e-mail a manager of the lab (the lab's first manager, or another). */
create function public.assign_lab_manager(p_lab_id uuid, p_email text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_admin uuid := private.require_bureau_admin();
  v_user uuid;
begin
  if p_lab_id is null or not exists (select 1 from public.labs l where l.id = p_lab_id) then
    raise exception 'ADMIN_NOT_FOUND' using errcode = 'P0001';
  end if;
  if nullif(btrim(coalesce(p_email, '')), '') is null or char_length(p_email) > 254 then
    raise exception 'ADMIN_INVALID_INPUT' using errcode = 'P0001', hint = 'email';
  end if;
  v_user := private.user_by_email(p_email);
  if v_user = v_admin then
    raise exception 'ADMIN_SELF' using errcode = 'P0001', hint = 'email';
  end if;
  if exists (select 1 from public.lab_members m where m.lab_id = p_lab_id and m.user_id = v_user and m.role = 'manager') then
    raise exception 'ADMIN_INVALID_STATE' using errcode = 'P0001', hint = 'email', detail = 'Already a manager of this lab.';
  end if;
  insert into public.lab_members (lab_id, user_id, role) values (p_lab_id, v_user, 'manager')
  on conflict (lab_id, user_id) do update set role = 'manager';
  perform private.record_admin_event('lab_manager_assigned', null, p_lab_id, v_user, null, array[v_user]);
end;
$$;

/**
 * Suspends an approved lab (p_suspend true, reason required: its instruments leave the catalogue
 * and take no new bookings) or reinstates a suspended one. The lab's managers are e-mailed.
 */
create function public.set_lab_suspended(p_lab_id uuid, p_suspend boolean, p_reason text default null)
returns public.labs
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_admin uuid := private.require_bureau_admin();
  v_reason text := private.admin_text(p_reason, 'reason', 1000);
  v_lab public.labs;
begin
  if p_lab_id is null or p_suspend is null then
    raise exception 'ADMIN_INVALID_INPUT' using errcode = 'P0001', hint = 'form';
  end if;
  select l.* into v_lab from public.labs l where l.id = p_lab_id for update;
  if not found then
    raise exception 'ADMIN_NOT_FOUND' using errcode = 'P0001';
  end if;
  if v_lab.status <> (case when p_suspend then 'approved' else 'suspended' end)::public.lab_status then
    raise exception 'ADMIN_INVALID_STATE' using errcode = 'P0001', detail = format('The lab is %s.', v_lab.status);
  end if;
  if p_suspend and v_reason is null then
    raise exception 'ADMIN_REASON_REQUIRED' using errcode = 'P0001', hint = 'reason';
  end if;
  update public.labs set status = case when p_suspend then 'suspended' else 'approved' end::public.lab_status
  where id = p_lab_id returning * into v_lab;
  perform private.record_admin_event(
    case when p_suspend then 'lab_suspended' else 'lab_reinstated' end, null, p_lab_id, null, v_reason,
    array(select m.user_id from public.lab_members m where m.lab_id = p_lab_id and m.role = 'manager'));
  return v_lab;
end;
$$;

/** Makes the user with this e-mail a bureau analyst (read-only statistics and administration). */
create function public.add_bureau_analyst(p_email text)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_admin uuid := private.require_bureau_admin();
  v_user uuid;
begin
  if nullif(btrim(coalesce(p_email, '')), '') is null or char_length(p_email) > 254 then
    raise exception 'ADMIN_INVALID_INPUT' using errcode = 'P0001', hint = 'email';
  end if;
  v_user := private.user_by_email(p_email);
  if v_user = v_admin then
    raise exception 'ADMIN_SELF' using errcode = 'P0001', hint = 'email';
  end if;
  if exists (select 1 from public.bureau_staff b where b.user_id = v_user) then
    raise exception 'ADMIN_INVALID_STATE' using errcode = 'P0001', hint = 'email', detail = 'Already bureau staff.';
  end if;
  insert into public.bureau_staff (user_id, role) values (v_user, 'analyst');
  perform private.record_admin_event('bureau_analyst_added', null, null, v_user, null, array[v_user]);
  return v_user;
end;
$$;

/** Removes a bureau analyst (admins are not removed here, nor is oneself). */
create function public.remove_bureau_analyst(p_user_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_admin uuid := private.require_bureau_admin();
begin
  if p_user_id = v_admin then
    raise exception 'ADMIN_SELF' using errcode = 'P0001';
  end if;
  delete from public.bureau_staff b where b.user_id = p_user_id and b.role = 'analyst';
  if not found then
    raise exception 'ADMIN_NOT_FOUND' using errcode = 'P0001';
  end if;
  perform private.record_admin_event('bureau_analyst_removed', null, null, p_user_id, null, array[p_user_id]);
end;
$$;

/** Bureau staff with their names and e-mail addresses, for bureau staff only (others: no rows). */
create function public.bureau_staff_list()
returns table (user_id uuid, role public.bureau_role, display_name text, email text, created_at timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select b.user_id, b.role, coalesce(p.display_name, ''), u.email::text, b.created_at
  from public.bureau_staff b
  join auth.users u on u.id = b.user_id
  left join public.profiles p on p.id = b.user_id
  where (select private.is_bureau())
  order by b.role desc, b.created_at, b.user_id;
$$;

-- Grants ----------------------------------------------------------------------------------------------
revoke execute on function private.require_bureau_admin(), private.admin_text(text, text, int),
  private.user_by_email(text), private.record_admin_event(text, uuid, uuid, uuid, text, uuid[], text) from public;

revoke execute on function
  public.apply_for_lab(uuid, text, text, uuid, text, text, text, text, text, text, text),
  public.decide_lab_application(uuid, boolean, text, text),
  public.assign_lab_manager(uuid, text),
  public.set_lab_suspended(uuid, boolean, text),
  public.add_bureau_analyst(text),
  public.remove_bureau_analyst(uuid),
  public.bureau_staff_list()
  from public, anon, authenticated;
grant execute on function
  public.apply_for_lab(uuid, text, text, uuid, text, text, text, text, text, text, text),
  public.decide_lab_application(uuid, boolean, text, text),
  public.assign_lab_manager(uuid, text),
  public.set_lab_suspended(uuid, boolean, text),
  public.add_bureau_analyst(text),
  public.remove_bureau_analyst(uuid),
  public.bureau_staff_list()
  to authenticated;
