-- Organisations, membership with consent and verified SME status (issue 9; docs/decisions/015).
--
--   * Registering: public.create_organisation checks the unified social credit code's GB 32100-2015
--     check character (private.uscc_is_valid, also a table constraint), one organisation per
--     code; the creator becomes its owner. An organisation that says it is an SME starts as
--     'sme_pending' and books at the standard rate until the bureau verifies it.
--   * Membership only with consent: nobody writes organisation_members directly any more (the
--     write policies and privileges are gone); the security definer functions below check the
--     caller and write it: invitations (the invitee accepts), join requests (an owner approves),
--     leaving (never the last owner), role changes and ownership transfer by owners.
--   * SME status is the bureau's: kind, the credit code and the sme_* columns are not writable by
--     users; public.verify_sme / public.reject_sme (bureau admins) record the evidence, who and
--     when. private.rate_for_organisation gives the SME rate to verified SMEs only. Bookings keep
--     the rate they were requested at (a later verification does not re-price them; ADR 015).
--   * Every change is an organisation_events row and e-mails the people concerned through the
--     outbox (templates organisation_*, rendered from the row's payload).
--
-- public.organisation_error_codes — every code these functions raise (errcode P0001; the code is
-- the exception message, a human explanation is in `detail`):
--   ORG_NOT_SIGNED_IN            the caller has no user id
--   ORG_INVALID_INPUT            a missing, too long or malformed argument
--   ORG_INVALID_EMAIL            an e-mail address that is not one
--   ORG_CREDIT_CODE_INVALID      not an 18-character credit code with a valid check character
--   ORG_CREDIT_CODE_TAKEN        another organisation has this credit code
--   ORG_NOT_FOUND                no such organisation (or the caller may not see it)
--   ORG_FORBIDDEN                the caller may not do this (not an owner, not the bureau)
--   ORG_NOT_MEMBER               the person is not a member of the organisation
--   ORG_ALREADY_MEMBER           the person already belongs to the organisation
--   ORG_LAST_OWNER               the change would leave the organisation without an owner
--   ORG_INVITATION_EXISTS        a pending invitation for this address exists
--   ORG_INVITATION_NOT_FOUND     no such invitation
--   ORG_INVITATION_NOT_YOURS     the invitation is for another e-mail address
--   ORG_INVITATION_EXPIRED       the invitation has expired
--   ORG_REQUEST_EXISTS           the caller already asked to join and waits for an answer
--   ORG_REQUEST_NOT_FOUND        no such join request
--   ORG_INVALID_STATE            the invitation, request or verification is no longer pending
--   ORG_NOT_SME                  SME verification for an organisation that is not an SME
--   ORG_EVIDENCE_REQUIRED        a verification needs the document or registration number
--   ORG_REASON_REQUIRED          a refusal or rejection needs a reason

-- Types -------------------------------------------------------------------------------------------
create type public.sme_status as enum ('sme_pending', 'sme_verified', 'sme_rejected');
create type public.invitation_status as enum ('pending', 'accepted', 'declined', 'revoked', 'expired');
create type public.join_request_status as enum ('pending', 'approved', 'refused', 'withdrawn');
create type public.organisation_event_kind as enum (
  'created', 'details_updated', 'member_invited', 'invitation_accepted', 'invitation_declined',
  'invitation_revoked', 'join_requested', 'join_approved', 'join_refused', 'join_withdrawn',
  'member_left', 'member_removed', 'role_changed', 'ownership_transferred', 'sme_verified', 'sme_rejected'
);

-- The credit code's check character ---------------------------------------------------------------
/**
 * GB 32100-2015: 18 characters from the code alphabet (digits and upper-case letters without
 * I, O, S, V, Z); the 18th is the check character: 31 − (Σ value(cᵢ) × wᵢ mod 31), 31 → 0, with
 * the weights 3^(i−1) mod 31. app/lib/organisations/credit-code.ts is the same rule (tested on the
 * same examples).
 */
create function private.uscc_is_valid(p_code text)
returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  select coalesce(
    p_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'
    and substr(
      '0123456789ABCDEFGHJKLMNPQRTUWXY',
      ((31 - (
        select sum((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(p_code, t.i::int, 1)) - 1) * t.w)
        from unnest(array[1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]) with ordinality as t (w, i)
      ) % 31) % 31)::int + 1,
      1
    ) = substr(p_code, 18, 1),
    false
  );
$$;

-- Organisations: contact details and the SME verification -------------------------------------------
alter table public.organisations
  add column address text check (address is null or char_length(address) between 2 and 200),
  add column contact_name text check (contact_name is null or char_length(contact_name) between 1 and 80),
  add column contact_phone text check (contact_phone is null or contact_phone ~ '^\+?[0-9][0-9 -]{4,19}$'),
  add column contact_email text check (contact_email is null or (char_length(contact_email) <= 254 and contact_email ~ '^[^\s@]+@[^\s@]+\.[^\s@]+$')),
  -- SMEs only: pending until the bureau verifies or rejects the claim
  add column sme_status public.sme_status,
  -- the document seen: business licence, 科技型中小企业 registration number, …
  add column sme_evidence text check (sme_evidence is null or char_length(sme_evidence) between 2 and 200),
  -- the credit code the bureau checked (the organisation's code when it verified)
  add column sme_verified_uscc text,
  add column sme_rejection_reason text check (sme_rejection_reason is null or char_length(sme_rejection_reason) between 2 and 500),
  add column sme_decided_by uuid references auth.users (id) on delete set null,
  add column sme_decided_at timestamptz;
create index organisations_sme_decided_by_idx on public.organisations (sme_decided_by);
create index organisations_sme_pending_idx on public.organisations (created_at) where sme_status = 'sme_pending';
-- Name search for the onboarding step.
create index organisations_name_zh_trgm_idx on public.organisations using gin (name_zh extensions.gin_trgm_ops);
create index organisations_name_en_trgm_idx on public.organisations using gin (name_en extensions.gin_trgm_ops);

-- Declared SMEs of an existing database are not verified: they wait for the bureau like new ones.
update public.organisations set sme_status = 'sme_pending' where kind = 'sme' and sme_status is null;

alter table public.organisations
  add constraint organisations_sme_status_for_smes check ((kind = 'sme') = (sme_status is not null)),
  add constraint organisations_sme_rejection_reason check (sme_status is distinct from 'sme_rejected' or sme_rejection_reason is not null),
  -- new and changed rows only: codes written before the check character was checked stay readable
  add constraint organisations_uscc_check_character check (uscc is null or private.uscc_is_valid(uscc)) not valid;

/** An SME without a status starts pending; another kind has none. */
create function private.organisations_sme_status()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.kind = 'sme' and new.sme_status is null then
    new.sme_status := 'sme_pending';
  elsif new.kind <> 'sme' then
    new.sme_status := null;
    new.sme_rejection_reason := null;
  end if;
  return new;
end;
$$;
create trigger organisations_sme_status before insert or update of kind, sme_status on public.organisations
  for each row execute function private.organisations_sme_status();

-- Audit ---------------------------------------------------------------------------------------------
create table public.organisation_events (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  actor_id uuid references auth.users (id) on delete set null,
  kind public.organisation_event_kind not null,
  -- the person the change is about (new member, invitee, requester), if any
  subject_user_id uuid references auth.users (id) on delete set null,
  subject_email text,
  detail jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index organisation_events_organisation_id_idx on public.organisation_events (organisation_id, created_at desc);
create index organisation_events_actor_id_idx on public.organisation_events (actor_id);
create index organisation_events_subject_user_id_idx on public.organisation_events (subject_user_id);

-- Invitations ---------------------------------------------------------------------------------------
create table public.organisation_invitations (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  email text not null check (email = lower(email) and char_length(email) <= 254 and email ~ '^[^\s@]+@[^\s@]+\.[^\s@]+$'),
  role public.organisation_role not null default 'member',
  -- the secret in the e-mail's link (/invitations/<token>); accepting also needs the address
  token uuid not null unique default gen_random_uuid(),
  status public.invitation_status not null default 'pending',
  invited_by uuid references auth.users (id) on delete set null,
  decided_by uuid references auth.users (id) on delete set null,
  expires_at timestamptz not null default now() + interval '14 days',
  decided_at timestamptz,
  created_at timestamptz not null default now()
);
create unique index organisation_invitations_one_pending_idx on public.organisation_invitations (organisation_id, email) where status = 'pending';
create index organisation_invitations_organisation_id_idx on public.organisation_invitations (organisation_id, created_at);
create index organisation_invitations_email_idx on public.organisation_invitations (email) where status = 'pending';
create index organisation_invitations_invited_by_idx on public.organisation_invitations (invited_by);
create index organisation_invitations_decided_by_idx on public.organisation_invitations (decided_by);

-- Join requests -------------------------------------------------------------------------------------
create table public.organisation_join_requests (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  message text check (message is null or char_length(message) <= 500),
  status public.join_request_status not null default 'pending',
  decided_by uuid references auth.users (id) on delete set null,
  decided_at timestamptz,
  reason text check (reason is null or char_length(reason) <= 500),
  created_at timestamptz not null default now()
);
create unique index organisation_join_requests_one_pending_idx on public.organisation_join_requests (organisation_id, user_id) where status = 'pending';
create index organisation_join_requests_organisation_id_idx on public.organisation_join_requests (organisation_id, created_at);
create index organisation_join_requests_user_id_idx on public.organisation_join_requests (user_id);
create index organisation_join_requests_decided_by_idx on public.organisation_join_requests (decided_by);

-- Helpers -------------------------------------------------------------------------------------------
/** The caller's e-mail address, lower case (from auth.users, not the token). */
create function private.my_email()
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select lower(u.email) from auth.users u where u.id = (select auth.uid());
$$;

/** The caller's user id, or ORG_NOT_SIGNED_IN. */
create function private.org_caller()
returns uuid
language plpgsql
stable
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
begin
  if v_user is null then
    raise exception 'ORG_NOT_SIGNED_IN' using errcode = 'P0001', detail = 'Sign in first.';
  end if;
  return v_user;
end;
$$;

/** p_user's role in the organisation, null when not a member. */
create function private.org_role(p_organisation_id uuid, p_user uuid)
returns public.organisation_role
language sql
stable
security definer
set search_path = ''
as $$
  select m.role from public.organisation_members m where m.organisation_id = p_organisation_id and m.user_id = p_user;
$$;

/** Raises ORG_NOT_FOUND for an unknown organisation and ORG_FORBIDDEN unless p_user owns it. */
create function private.require_org_owner(p_organisation_id uuid, p_user uuid)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if p_organisation_id is null or not exists (select 1 from public.organisations where id = p_organisation_id) then
    raise exception 'ORG_NOT_FOUND' using errcode = 'P0001', detail = 'No such organisation.';
  end if;
  if private.org_role(p_organisation_id, p_user) is distinct from 'owner' then
    raise exception 'ORG_FORBIDDEN' using errcode = 'P0001', detail = 'Only the organisation''s owners may do this.';
  end if;
end;
$$;

/** Records a change. */
create function private.log_org_event(
  p_organisation_id uuid,
  p_kind public.organisation_event_kind,
  p_subject_user_id uuid default null,
  p_subject_email text default null,
  p_detail jsonb default '{}'
)
returns uuid
language sql
volatile
security definer
set search_path = ''
as $$
  insert into public.organisation_events (organisation_id, actor_id, kind, subject_user_id, subject_email, detail)
  values (p_organisation_id, (select auth.uid()), p_kind, p_subject_user_id, p_subject_email, coalesce(p_detail, '{}'))
  returning id;
$$;

/**
 * Queues an organisation e-mail for one recipient (a user, or a bare address for an invitee
 * without an account), in the recipient's language, with what the template shows in the payload:
 * the organisation's names, the actor's and the subject's names, the event's details.
 */
create function private.queue_org_email(
  p_template text,
  p_event_id uuid,
  p_recipient_id uuid,
  p_recipient_email text default null,
  p_payload jsonb default '{}'
)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_email text;
  v_locale text;
  v_event public.organisation_events;
  v_payload jsonb;
begin
  select * into v_event from public.organisation_events where id = p_event_id;
  if p_recipient_id is not null then
    select u.email, coalesce(p.locale, 'zh-CN') into v_email, v_locale
    from auth.users u left join public.profiles p on p.id = u.id where u.id = p_recipient_id;
  else
    v_email := p_recipient_email;
    -- someone without an account reads it in the language of the person who wrote to them
    select coalesce(p.locale, 'zh-CN') into v_locale from public.profiles p where p.id = v_event.actor_id;
  end if;
  if v_email is null then
    return;
  end if;
  select jsonb_build_object(
    'organisation', jsonb_build_object('id', o.id, 'name_zh', o.name_zh, 'name_en', o.name_en, 'kind', o.kind, 'sme_status', o.sme_status),
    'actor', (select jsonb_build_object('display_name', a.display_name) from public.profiles a where a.id = v_event.actor_id),
    'subject', coalesce(
      (select jsonb_build_object('user_id', su.id, 'display_name', s.display_name, 'email', su.email)
       from auth.users su left join public.profiles s on s.id = su.id where su.id = v_event.subject_user_id),
      jsonb_build_object('user_id', null, 'display_name', null, 'email', v_event.subject_email)
    ),
    'recipient', (select jsonb_build_object('display_name', r.display_name) from public.profiles r where r.id = p_recipient_id),
    'event', jsonb_build_object('kind', v_event.kind, 'detail', v_event.detail, 'created_at', v_event.created_at)
  ) || coalesce(p_payload, '{}')
  into v_payload
  from public.organisations o where o.id = v_event.organisation_id;
  insert into public.email_outbox (template, recipient_id, recipient_email, locale, payload, idempotency_key)
  values (p_template, p_recipient_id, v_email, coalesce(v_locale, 'zh-CN'), v_payload,
          p_template || '/' || p_event_id || '/' || coalesce(p_recipient_id::text, lower(v_email)))
  on conflict (idempotency_key) do nothing;
end;
$$;

/** Queues the e-mail for every owner of the organisation (but p_except). */
create function private.queue_org_email_to_owners(p_template text, p_event_id uuid, p_organisation_id uuid, p_except uuid default null, p_payload jsonb default '{}')
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_owner uuid;
begin
  for v_owner in
    select m.user_id from public.organisation_members m
    where m.organisation_id = p_organisation_id and m.role = 'owner' and m.user_id is distinct from p_except
    order by m.created_at
  loop
    perform private.queue_org_email(p_template, p_event_id, v_owner, null, p_payload);
  end loop;
end;
$$;

/** Adds the member and makes the organisation their profile's one if they have none. */
create function private.add_org_member(p_organisation_id uuid, p_user uuid, p_role public.organisation_role)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  insert into public.organisation_members (organisation_id, user_id, role) values (p_organisation_id, p_user, p_role);
  update public.profiles set organisation_id = p_organisation_id where id = p_user and organisation_id is null;
end;
$$;

/** Removes the member; their profile falls back to another organisation of theirs, if any. */
create function private.remove_org_member(p_organisation_id uuid, p_user uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  delete from public.organisation_members where organisation_id = p_organisation_id and user_id = p_user;
  update public.profiles p
     set organisation_id = (select m.organisation_id from public.organisation_members m where m.user_id = p_user order by m.created_at limit 1)
   where p.id = p_user and p.organisation_id = p_organisation_id;
end;
$$;

/** Raises ORG_LAST_OWNER unless the organisation has an owner other than p_user. */
create function private.require_other_owner(p_organisation_id uuid, p_user uuid)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not exists (
    select 1 from public.organisation_members m
    where m.organisation_id = p_organisation_id and m.role = 'owner' and m.user_id <> p_user
  ) then
    raise exception 'ORG_LAST_OWNER' using errcode = 'P0001', detail = 'The organisation needs another owner first.';
  end if;
end;
$$;

/** Optional text, trimmed; null when empty; ORG_INVALID_INPUT when longer than p_max. */
create function private.org_text(p_text text, p_max int)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v text := nullif(private.trim_text(p_text), '');
begin
  if v is not null and (char_length(v) > p_max or v ~ '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]') then
    raise exception 'ORG_INVALID_INPUT' using errcode = 'P0001', detail = format('At most %s characters, no control characters.', p_max);
  end if;
  return v;
end;
$$;

-- Registering ---------------------------------------------------------------------------------------
drop function public.create_organisation(text, public.organisation_kind, text, uuid, text);

/**
 * Registers an organisation with the caller as its owner. An SME starts 'sme_pending' (the
 * standard rate until the bureau verifies it); 'government' is not a kind anyone registers.
 */
create function public.create_organisation(
  p_name_zh text,
  p_kind public.organisation_kind,
  p_uscc text,
  p_district_id uuid default null,
  p_name_en text default null,
  p_address text default null,
  p_contact_name text default null,
  p_contact_phone text default null,
  p_contact_email text default null
)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := private.org_caller();
  -- as typed: spaces (also the ideographic space) and hyphens dropped, upper case
  v_uscc text := nullif(upper(regexp_replace(coalesce(p_uscc, ''), '[\s\u3000-]', '', 'g')), '');
  v_name_zh text := private.org_text(p_name_zh, 100);
  v_name_en text := private.org_text(p_name_en, 200);
  v_email text := lower(private.org_text(p_contact_email, 254));
  v_id uuid;
  v_event uuid;
begin
  if v_name_zh is null or char_length(v_name_zh) < 2 or (v_name_en is not null and char_length(v_name_en) < 2)
     or p_kind is null or p_kind = 'government' then
    raise exception 'ORG_INVALID_INPUT' using errcode = 'P0001', detail = 'A name (2 to 100 characters) and a kind are required.';
  end if;
  if v_uscc is null or not private.uscc_is_valid(v_uscc) then
    raise exception 'ORG_CREDIT_CODE_INVALID' using errcode = 'P0001', detail = 'Not a unified social credit code (GB 32100-2015).';
  end if;
  if p_district_id is not null and not exists (select 1 from public.districts where id = p_district_id) then
    raise exception 'ORG_INVALID_INPUT' using errcode = 'P0001', detail = 'No such district.';
  end if;
  if v_email is not null and v_email !~ '^[^\s@]+@[^\s@]+\.[^\s@]+$' then
    raise exception 'ORG_INVALID_EMAIL' using errcode = 'P0001', detail = 'The contact e-mail is not an address.';
  end if;
  begin
    insert into public.organisations (name_zh, name_en, kind, uscc, district_id, created_by, address, contact_name, contact_phone, contact_email, sme_status)
    values (v_name_zh, v_name_en, p_kind, v_uscc, p_district_id, v_user, private.org_text(p_address, 200),
            private.org_text(p_contact_name, 80), private.org_text(p_contact_phone, 20), v_email,
            case when p_kind = 'sme' then 'sme_pending'::public.sme_status end)
    returning id into v_id;
  exception
    when unique_violation then
      raise exception 'ORG_CREDIT_CODE_TAKEN' using errcode = 'P0001', detail = 'An organisation with this credit code is registered.';
    when check_violation then
      raise exception 'ORG_INVALID_INPUT' using errcode = 'P0001', detail = 'A field is malformed (address, contact).';
  end;
  perform private.add_org_member(v_id, v_user, 'owner');
  v_event := private.log_org_event(v_id, 'created', v_user, null, jsonb_build_object('kind', p_kind));
  perform private.queue_org_email('organisation_registered', v_event, v_user, null, jsonb_build_object('sme_pending', p_kind = 'sme'));
  return v_id;
end;
$$;

/**
 * Organisations to join, by name (part of the Chinese or English name) or by exact credit code:
 * at most 20, with whether the caller belongs to each or asked to join it. Names, kinds,
 * districts and credit codes are public registry facts; nothing about members is shown.
 */
create function public.find_organisations(p_query text)
returns table (
  id uuid,
  name_zh text,
  name_en text,
  kind public.organisation_kind,
  uscc text,
  district_name_zh text,
  district_name_en text,
  is_member boolean,
  request_pending boolean
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_user uuid := private.org_caller();
  v_query text := private.trim_text(p_query);
begin
  if v_query is null or char_length(v_query) < 2 or char_length(v_query) > 100 then
    raise exception 'ORG_INVALID_INPUT' using errcode = 'P0001', detail = 'Search with 2 to 100 characters.';
  end if;
  return query
  select o.id, o.name_zh, o.name_en, o.kind, o.uscc, d.name_zh, d.name_en,
         exists (select 1 from public.organisation_members m where m.organisation_id = o.id and m.user_id = v_user),
         exists (select 1 from public.organisation_join_requests r where r.organisation_id = o.id and r.user_id = v_user and r.status = 'pending')
  from public.organisations o
  left join public.districts d on d.id = o.district_id
  where o.kind <> 'government'
    and (o.uscc = upper(v_query)
         or o.name_zh ilike '%' || replace(replace(replace(v_query, '\', '\\'), '%', '\%'), '_', '\_') || '%'
         or o.name_en ilike '%' || replace(replace(replace(v_query, '\', '\\'), '%', '\%'), '_', '\_') || '%')
  order by (o.uscc = upper(v_query)) desc, char_length(o.name_zh), o.name_zh
  limit 20;
end;
$$;

-- Join requests -------------------------------------------------------------------------------------
/** The caller asks to join; the owners are e-mailed and decide. */
create function public.request_to_join(p_organisation_id uuid, p_message text default null)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := private.org_caller();
  v_message text := private.org_text(p_message, 500);
  v_id uuid;
  v_event uuid;
begin
  if p_organisation_id is null or not exists (select 1 from public.organisations where id = p_organisation_id and kind <> 'government') then
    raise exception 'ORG_NOT_FOUND' using errcode = 'P0001', detail = 'No such organisation.';
  end if;
  if private.org_role(p_organisation_id, v_user) is not null then
    raise exception 'ORG_ALREADY_MEMBER' using errcode = 'P0001', detail = 'You already belong to this organisation.';
  end if;
  begin
    insert into public.organisation_join_requests (organisation_id, user_id, message) values (p_organisation_id, v_user, v_message)
    returning id into v_id;
  exception when unique_violation then
    raise exception 'ORG_REQUEST_EXISTS' using errcode = 'P0001', detail = 'You have asked to join already.';
  end;
  v_event := private.log_org_event(p_organisation_id, 'join_requested', v_user, null, jsonb_build_object('request_id', v_id, 'message', v_message));
  perform private.queue_org_email_to_owners('organisation_join_requested', v_event, p_organisation_id, null,
    jsonb_build_object('message', v_message));
  return v_id;
end;
$$;

/** The requester withdraws their pending request. */
create function public.withdraw_join_request(p_request_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := private.org_caller();
  v_request public.organisation_join_requests;
begin
  select * into v_request from public.organisation_join_requests where id = p_request_id and user_id = v_user for update;
  if not found then
    raise exception 'ORG_REQUEST_NOT_FOUND' using errcode = 'P0001', detail = 'No such request of yours.';
  end if;
  if v_request.status <> 'pending' then
    raise exception 'ORG_INVALID_STATE' using errcode = 'P0001', detail = 'The request has been answered.';
  end if;
  update public.organisation_join_requests set status = 'withdrawn', decided_by = v_user, decided_at = now() where id = p_request_id;
  perform private.log_org_event(v_request.organisation_id, 'join_withdrawn', v_user, null, jsonb_build_object('request_id', p_request_id));
end;
$$;

/** An owner approves (the requester becomes a member) or refuses (with a reason) a join request. */
create function public.decide_join_request(p_request_id uuid, p_approve boolean, p_reason text default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := private.org_caller();
  v_request public.organisation_join_requests;
  v_reason text := private.org_text(p_reason, 500);
  v_event uuid;
begin
  if p_approve is null then
    raise exception 'ORG_INVALID_INPUT' using errcode = 'P0001', detail = 'Approve or refuse.';
  end if;
  select * into v_request from public.organisation_join_requests where id = p_request_id for update;
  if not found then
    raise exception 'ORG_REQUEST_NOT_FOUND' using errcode = 'P0001', detail = 'No such request.';
  end if;
  if private.org_role(v_request.organisation_id, v_user) is distinct from 'owner' then
    -- someone who may not decide learns nothing about the request
    if v_request.user_id = v_user then
      raise exception 'ORG_FORBIDDEN' using errcode = 'P0001', detail = 'Only the organisation''s owners decide.';
    end if;
    raise exception 'ORG_REQUEST_NOT_FOUND' using errcode = 'P0001', detail = 'No such request.';
  end if;
  if v_request.status <> 'pending' then
    raise exception 'ORG_INVALID_STATE' using errcode = 'P0001', detail = 'The request has been answered.';
  end if;
  if not p_approve and v_reason is null then
    raise exception 'ORG_REASON_REQUIRED' using errcode = 'P0001', detail = 'Say why you refuse.';
  end if;
  update public.organisation_join_requests
     set status = case when p_approve then 'approved'::public.join_request_status else 'refused' end,
         decided_by = v_user, decided_at = now(), reason = v_reason
   where id = p_request_id;
  if p_approve and private.org_role(v_request.organisation_id, v_request.user_id) is null then
    perform private.add_org_member(v_request.organisation_id, v_request.user_id, 'member');
  end if;
  v_event := private.log_org_event(v_request.organisation_id, case when p_approve then 'join_approved'::public.organisation_event_kind else 'join_refused' end,
    v_request.user_id, null, jsonb_build_object('request_id', p_request_id, 'reason', v_reason));
  perform private.queue_org_email('organisation_join_decided', v_event, v_request.user_id, null,
    jsonb_build_object('approved', p_approve, 'reason', v_reason));
end;
$$;

-- Invitations ---------------------------------------------------------------------------------------
/**
 * An owner invites an e-mail address. The invitee accepts from the e-mail's link or their account
 * page; an address without an account is sent the sign-up link first.
 */
create function public.invite_member(p_organisation_id uuid, p_email text, p_role public.organisation_role default 'member')
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := private.org_caller();
  v_email text := lower(private.trim_text(p_email));
  v_invitee uuid;
  v_id uuid;
  v_token uuid;
  v_event uuid;
begin
  perform private.require_org_owner(p_organisation_id, v_user);
  if v_email is null or char_length(v_email) > 254 or v_email !~ '^[^\s@]+@[^\s@]+\.[^\s@]+$' then
    raise exception 'ORG_INVALID_EMAIL' using errcode = 'P0001', detail = 'Not an e-mail address.';
  end if;
  if p_role is null then
    raise exception 'ORG_INVALID_INPUT' using errcode = 'P0001', detail = 'A role is required.';
  end if;
  select u.id into v_invitee from auth.users u where lower(u.email) = v_email;
  if v_invitee is not null and private.org_role(p_organisation_id, v_invitee) is not null then
    raise exception 'ORG_ALREADY_MEMBER' using errcode = 'P0001', detail = 'This person already belongs to the organisation.';
  end if;
  update public.organisation_invitations set status = 'expired'
   where organisation_id = p_organisation_id and email = v_email and status = 'pending' and expires_at <= now();
  begin
    insert into public.organisation_invitations (organisation_id, email, role, invited_by)
    values (p_organisation_id, v_email, p_role, v_user)
    returning id, token into v_id, v_token;
  exception when unique_violation then
    raise exception 'ORG_INVITATION_EXISTS' using errcode = 'P0001', detail = 'This address has a pending invitation.';
  end;
  v_event := private.log_org_event(p_organisation_id, 'member_invited', v_invitee, v_email,
    jsonb_build_object('invitation_id', v_id, 'role', p_role));
  perform private.queue_org_email('organisation_invitation', v_event, v_invitee, v_email,
    jsonb_build_object('token', v_token, 'role', p_role, 'has_account', v_invitee is not null,
                       'expires_at', (select expires_at from public.organisation_invitations where id = v_id)));
  return v_id;
end;
$$;

/** The invitation behind a token, for the invitee: checks address, state and expiry. */
create function private.my_invitation(p_token uuid, p_user uuid)
returns public.organisation_invitations
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_invitation public.organisation_invitations;
begin
  select * into v_invitation from public.organisation_invitations where token = p_token for update;
  if not found then
    raise exception 'ORG_INVITATION_NOT_FOUND' using errcode = 'P0001', detail = 'No such invitation.';
  end if;
  if v_invitation.email is distinct from (select lower(u.email) from auth.users u where u.id = p_user) then
    raise exception 'ORG_INVITATION_NOT_YOURS' using errcode = 'P0001', detail = 'The invitation is for another e-mail address.';
  end if;
  if v_invitation.status <> 'pending' then
    raise exception 'ORG_INVALID_STATE' using errcode = 'P0001', detail = 'The invitation has been used or withdrawn.';
  end if;
  if v_invitation.expires_at <= now() then
    raise exception 'ORG_INVITATION_EXPIRED' using errcode = 'P0001', detail = 'The invitation has expired; ask for a new one.';
  end if;
  return v_invitation;
end;
$$;

/** The invitee accepts: they become a member with the invited role. Returns the organisation. */
create function public.accept_invitation(p_token uuid)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := private.org_caller();
  v_invitation public.organisation_invitations := private.my_invitation(p_token, v_user);
  v_event uuid;
begin
  if private.org_role(v_invitation.organisation_id, v_user) is not null then
    raise exception 'ORG_ALREADY_MEMBER' using errcode = 'P0001', detail = 'You already belong to this organisation.';
  end if;
  update public.organisation_invitations set status = 'accepted', decided_by = v_user, decided_at = now() where id = v_invitation.id;
  perform private.add_org_member(v_invitation.organisation_id, v_user, v_invitation.role);
  -- a pending request to join the same organisation is answered by this
  update public.organisation_join_requests set status = 'approved', decided_by = v_user, decided_at = now()
   where organisation_id = v_invitation.organisation_id and user_id = v_user and status = 'pending';
  v_event := private.log_org_event(v_invitation.organisation_id, 'invitation_accepted', v_user, v_invitation.email,
    jsonb_build_object('invitation_id', v_invitation.id, 'role', v_invitation.role));
  perform private.queue_org_email_to_owners('organisation_membership', v_event, v_invitation.organisation_id);
  return v_invitation.organisation_id;
end;
$$;

/** The invitee declines. */
create function public.decline_invitation(p_token uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := private.org_caller();
  v_invitation public.organisation_invitations := private.my_invitation(p_token, v_user);
  v_event uuid;
begin
  update public.organisation_invitations set status = 'declined', decided_by = v_user, decided_at = now() where id = v_invitation.id;
  v_event := private.log_org_event(v_invitation.organisation_id, 'invitation_declined', v_user, v_invitation.email,
    jsonb_build_object('invitation_id', v_invitation.id));
  perform private.queue_org_email_to_owners('organisation_membership', v_event, v_invitation.organisation_id);
end;
$$;

/** An owner withdraws a pending invitation. */
create function public.revoke_invitation(p_invitation_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := private.org_caller();
  v_invitation public.organisation_invitations;
begin
  select * into v_invitation from public.organisation_invitations where id = p_invitation_id for update;
  if not found or private.org_role(v_invitation.organisation_id, v_user) is distinct from 'owner' then
    raise exception 'ORG_INVITATION_NOT_FOUND' using errcode = 'P0001', detail = 'No such invitation.';
  end if;
  if v_invitation.status <> 'pending' then
    raise exception 'ORG_INVALID_STATE' using errcode = 'P0001', detail = 'The invitation has been used or withdrawn.';
  end if;
  update public.organisation_invitations set status = 'revoked', decided_by = v_user, decided_at = now() where id = p_invitation_id;
  perform private.log_org_event(v_invitation.organisation_id, 'invitation_revoked', null, v_invitation.email,
    jsonb_build_object('invitation_id', p_invitation_id));
end;
$$;

-- Members -------------------------------------------------------------------------------------------
/** The caller leaves; the last owner cannot (they pass ownership on first). */
create function public.leave_organisation(p_organisation_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := private.org_caller();
  v_role public.organisation_role := private.org_role(p_organisation_id, v_user);
  v_event uuid;
begin
  if v_role is null then
    raise exception 'ORG_NOT_MEMBER' using errcode = 'P0001', detail = 'You do not belong to this organisation.';
  end if;
  if v_role = 'owner' then
    perform private.require_other_owner(p_organisation_id, v_user);
  end if;
  perform private.remove_org_member(p_organisation_id, v_user);
  v_event := private.log_org_event(p_organisation_id, 'member_left', v_user);
  perform private.queue_org_email('organisation_membership', v_event, v_user);
  perform private.queue_org_email_to_owners('organisation_membership', v_event, p_organisation_id);
end;
$$;

/** An owner removes another member (an owner too, while another owner remains). */
create function public.remove_member(p_organisation_id uuid, p_user_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := private.org_caller();
  v_event uuid;
begin
  perform private.require_org_owner(p_organisation_id, v_user);
  if p_user_id is null or p_user_id = v_user then
    raise exception 'ORG_INVALID_INPUT' using errcode = 'P0001', detail = 'To leave, use leave_organisation.';
  end if;
  if private.org_role(p_organisation_id, p_user_id) is null then
    raise exception 'ORG_NOT_MEMBER' using errcode = 'P0001', detail = 'This person does not belong to the organisation.';
  end if;
  perform private.remove_org_member(p_organisation_id, p_user_id);
  v_event := private.log_org_event(p_organisation_id, 'member_removed', p_user_id);
  perform private.queue_org_email('organisation_membership', v_event, p_user_id);
  perform private.queue_org_email_to_owners('organisation_membership', v_event, p_organisation_id, v_user);
end;
$$;

/** An owner makes a member an owner or an owner a member (never leaving the organisation without one). */
create function public.set_member_role(p_organisation_id uuid, p_user_id uuid, p_role public.organisation_role)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := private.org_caller();
  v_old public.organisation_role;
  v_event uuid;
begin
  perform private.require_org_owner(p_organisation_id, v_user);
  if p_role is null then
    raise exception 'ORG_INVALID_INPUT' using errcode = 'P0001', detail = 'A role is required.';
  end if;
  v_old := private.org_role(p_organisation_id, p_user_id);
  if v_old is null then
    raise exception 'ORG_NOT_MEMBER' using errcode = 'P0001', detail = 'This person does not belong to the organisation.';
  end if;
  if v_old = p_role then
    return;
  end if;
  if v_old = 'owner' then
    perform private.require_other_owner(p_organisation_id, p_user_id);
  end if;
  update public.organisation_members set role = p_role where organisation_id = p_organisation_id and user_id = p_user_id;
  v_event := private.log_org_event(p_organisation_id, 'role_changed', p_user_id, null, jsonb_build_object('from', v_old, 'to', p_role));
  perform private.queue_org_email('organisation_membership', v_event, p_user_id);
  perform private.queue_org_email_to_owners('organisation_membership', v_event, p_organisation_id, p_user_id);
end;
$$;

/** An owner passes ownership to a member and becomes a member. */
create function public.transfer_ownership(p_organisation_id uuid, p_user_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := private.org_caller();
  v_event uuid;
begin
  perform private.require_org_owner(p_organisation_id, v_user);
  if p_user_id is null or p_user_id = v_user then
    raise exception 'ORG_INVALID_INPUT' using errcode = 'P0001', detail = 'Choose another member.';
  end if;
  if private.org_role(p_organisation_id, p_user_id) is null then
    raise exception 'ORG_NOT_MEMBER' using errcode = 'P0001', detail = 'This person does not belong to the organisation.';
  end if;
  update public.organisation_members set role = 'owner' where organisation_id = p_organisation_id and user_id = p_user_id;
  update public.organisation_members set role = 'member' where organisation_id = p_organisation_id and user_id = v_user;
  v_event := private.log_org_event(p_organisation_id, 'ownership_transferred', p_user_id, null, jsonb_build_object('from_user_id', v_user));
  perform private.queue_org_email('organisation_membership', v_event, p_user_id);
  perform private.queue_org_email('organisation_membership', v_event, v_user);
end;
$$;

-- SME verification (the bureau) --------------------------------------------------------------------
/** A bureau admin verifies an SME: the evidence seen, the credit code checked, who and when. */
create function public.verify_sme(p_organisation_id uuid, p_evidence text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := private.org_caller();
  v_org public.organisations;
  v_evidence text := private.org_text(p_evidence, 200);
  v_event uuid;
begin
  if not private.is_bureau_admin() then
    raise exception 'ORG_FORBIDDEN' using errcode = 'P0001', detail = 'Only bureau admins verify SMEs.';
  end if;
  select * into v_org from public.organisations where id = p_organisation_id for update;
  if not found then
    raise exception 'ORG_NOT_FOUND' using errcode = 'P0001', detail = 'No such organisation.';
  end if;
  if v_org.kind <> 'sme' then
    raise exception 'ORG_NOT_SME' using errcode = 'P0001', detail = 'The organisation is not registered as an SME.';
  end if;
  if v_org.sme_status = 'sme_verified' then
    raise exception 'ORG_INVALID_STATE' using errcode = 'P0001', detail = 'Verified already.';
  end if;
  if v_org.uscc is null or not private.uscc_is_valid(v_org.uscc) then
    raise exception 'ORG_CREDIT_CODE_INVALID' using errcode = 'P0001', detail = 'The organisation has no valid credit code.';
  end if;
  if v_evidence is null or char_length(v_evidence) < 2 then
    raise exception 'ORG_EVIDENCE_REQUIRED' using errcode = 'P0001', detail = 'Name the document or registration number seen.';
  end if;
  update public.organisations
     set sme_status = 'sme_verified', sme_evidence = v_evidence, sme_verified_uscc = v_org.uscc,
         sme_rejection_reason = null, sme_decided_by = v_user, sme_decided_at = now()
   where id = p_organisation_id;
  v_event := private.log_org_event(p_organisation_id, 'sme_verified', null, null,
    jsonb_build_object('evidence', v_evidence, 'uscc', v_org.uscc));
  perform private.queue_org_email_to_owners('organisation_sme_decided', v_event, p_organisation_id, null,
    jsonb_build_object('verified', true));
end;
$$;

/** A bureau admin rejects an SME claim (pending or verified) with a reason: the standard rate applies. */
create function public.reject_sme(p_organisation_id uuid, p_reason text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := private.org_caller();
  v_org public.organisations;
  v_reason text := private.org_text(p_reason, 500);
  v_event uuid;
begin
  if not private.is_bureau_admin() then
    raise exception 'ORG_FORBIDDEN' using errcode = 'P0001', detail = 'Only bureau admins decide SME status.';
  end if;
  select * into v_org from public.organisations where id = p_organisation_id for update;
  if not found then
    raise exception 'ORG_NOT_FOUND' using errcode = 'P0001', detail = 'No such organisation.';
  end if;
  if v_org.kind <> 'sme' then
    raise exception 'ORG_NOT_SME' using errcode = 'P0001', detail = 'The organisation is not registered as an SME.';
  end if;
  if v_org.sme_status = 'sme_rejected' then
    raise exception 'ORG_INVALID_STATE' using errcode = 'P0001', detail = 'Rejected already.';
  end if;
  if v_reason is null or char_length(v_reason) < 2 then
    raise exception 'ORG_REASON_REQUIRED' using errcode = 'P0001', detail = 'Say why.';
  end if;
  update public.organisations
     set sme_status = 'sme_rejected', sme_rejection_reason = v_reason, sme_decided_by = v_user, sme_decided_at = now()
   where id = p_organisation_id;
  v_event := private.log_org_event(p_organisation_id, 'sme_rejected', null, null, jsonb_build_object('reason', v_reason));
  perform private.queue_org_email_to_owners('organisation_sme_decided', v_event, p_organisation_id, null,
    jsonb_build_object('verified', false, 'reason', v_reason));
end;
$$;

-- Reading -------------------------------------------------------------------------------------------
/**
 * The account page's view of one organisation, for its members and the bureau: details and SME
 * status, members with names, e-mail addresses and roles; for owners and the bureau also pending
 * invitations, pending join requests and the latest 50 events. ORG_NOT_FOUND otherwise.
 */
create function public.organisation_overview(p_organisation_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_user uuid := private.org_caller();
  v_role public.organisation_role := private.org_role(p_organisation_id, v_user);
  v_manager boolean;
begin
  if v_role is null and not private.is_bureau() then
    raise exception 'ORG_NOT_FOUND' using errcode = 'P0001', detail = 'No such organisation of yours.';
  end if;
  v_manager := v_role = 'owner' or private.is_bureau();
  return (
    select jsonb_build_object(
      'organisation', jsonb_build_object(
        'id', o.id, 'name_zh', o.name_zh, 'name_en', o.name_en, 'kind', o.kind, 'uscc', o.uscc,
        'district_name_zh', d.name_zh, 'district_name_en', d.name_en, 'address', o.address,
        'contact_name', o.contact_name, 'contact_phone', o.contact_phone, 'contact_email', o.contact_email,
        'sme_status', o.sme_status, 'sme_evidence', o.sme_evidence, 'sme_rejection_reason', o.sme_rejection_reason,
        'sme_decided_at', o.sme_decided_at, 'created_at', o.created_at),
      'my_role', v_role,
      'members', coalesce((
        select jsonb_agg(jsonb_build_object('user_id', m.user_id, 'display_name', p.display_name, 'email', u.email,
                                            'role', m.role, 'since', m.created_at) order by m.role, m.created_at)
        from public.organisation_members m
        join auth.users u on u.id = m.user_id
        left join public.profiles p on p.id = m.user_id
        where m.organisation_id = o.id), '[]'),
      'invitations', case when v_manager then coalesce((
        select jsonb_agg(jsonb_build_object('id', i.id, 'email', i.email, 'role', i.role, 'expires_at', i.expires_at,
                                            'expired', i.expires_at <= now(), 'created_at', i.created_at) order by i.created_at)
        from public.organisation_invitations i where i.organisation_id = o.id and i.status = 'pending'), '[]') else '[]' end,
      'requests', case when v_manager then coalesce((
        select jsonb_agg(jsonb_build_object('id', r.id, 'user_id', r.user_id, 'display_name', p.display_name, 'email', u.email,
                                            'message', r.message, 'created_at', r.created_at) order by r.created_at)
        from public.organisation_join_requests r
        join auth.users u on u.id = r.user_id
        left join public.profiles p on p.id = r.user_id
        where r.organisation_id = o.id and r.status = 'pending'), '[]') else '[]' end,
      'events', case when v_manager then coalesce((
        select jsonb_agg(e.row order by e.created_at desc)
        from (
          select ev.created_at, jsonb_build_object('kind', ev.kind, 'created_at', ev.created_at, 'actor', ap.display_name,
                   'subject', coalesce(sp.display_name, ev.subject_email), 'detail', ev.detail) as row
          from public.organisation_events ev
          left join public.profiles ap on ap.id = ev.actor_id
          left join public.profiles sp on sp.id = ev.subject_user_id
          where ev.organisation_id = o.id
          order by ev.created_at desc
          limit 50
        ) e), '[]') else '[]' end
    )
    from public.organisations o
    left join public.districts d on d.id = o.district_id
    where o.id = p_organisation_id
  );
end;
$$;

/** The caller's organisations, pending invitations (by their e-mail) and pending join requests. */
create function public.my_organisation_state()
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'organisations', coalesce((
      select jsonb_agg(jsonb_build_object('id', o.id, 'name_zh', o.name_zh, 'name_en', o.name_en, 'kind', o.kind,
                                          'sme_status', o.sme_status, 'role', m.role,
                                          'is_profile_organisation', p.organisation_id is not distinct from o.id)
                       order by m.created_at)
      from public.organisation_members m
      join public.organisations o on o.id = m.organisation_id
      left join public.profiles p on p.id = m.user_id
      where m.user_id = (select auth.uid())), '[]'),
    'invitations', coalesce((
      select jsonb_agg(jsonb_build_object('token', i.token, 'organisation_id', o.id, 'name_zh', o.name_zh, 'name_en', o.name_en,
                                          'role', i.role, 'expires_at', i.expires_at, 'invited_by', ip.display_name)
                       order by i.created_at)
      from public.organisation_invitations i
      join public.organisations o on o.id = i.organisation_id
      left join public.profiles ip on ip.id = i.invited_by
      where i.email = private.my_email() and i.status = 'pending' and i.expires_at > now()), '[]'),
    'requests', coalesce((
      select jsonb_agg(jsonb_build_object('id', r.id, 'organisation_id', o.id, 'name_zh', o.name_zh, 'name_en', o.name_en,
                                          'created_at', r.created_at) order by r.created_at)
      from public.organisation_join_requests r
      join public.organisations o on o.id = r.organisation_id
      where r.user_id = (select auth.uid()) and r.status = 'pending'), '[]')
  )
  where (select auth.uid()) is not null;
$$;

/** One invitation by its token, for the /invitations/:token page (the invitee, or whoever has the link, signed in). */
create function public.invitation_by_token(p_token uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_user uuid := private.org_caller();
begin
  return (
    select jsonb_build_object(
      'organisation_id', o.id, 'name_zh', o.name_zh, 'name_en', o.name_en, 'role', i.role, 'status', i.status,
      'expired', i.expires_at <= now(), 'expires_at', i.expires_at, 'invited_by', ip.display_name,
      'for_me', i.email = private.my_email(),
      'already_member', exists (select 1 from public.organisation_members m where m.organisation_id = o.id and m.user_id = v_user))
    from public.organisation_invitations i
    join public.organisations o on o.id = i.organisation_id
    left join public.profiles ip on ip.id = i.invited_by
    where i.token = p_token
  );
end;
$$;

-- Rates: the SME rate for verified SMEs only ---------------------------------------------------------
/**
 * The hourly rate an organisation pays for an instrument, and its basis: 'sme' (the SME rate)
 * for a verified SME; otherwise the standard rate, with the basis saying why an SME does not get
 * its rate yet ('sme_pending', 'sme_rejected') or 'standard'.
 */
create or replace function private.rate_for_organisation(p_instrument_id uuid, p_organisation_id uuid)
returns table (rate_cny numeric, basis text)
language sql
stable
security definer
set search_path = ''
as $$
  select case b.basis when 'sme' then i.sme_rate_cny else i.hourly_rate_cny end, b.basis
  from public.instruments i
  cross join public.organisations o
  cross join lateral (
    select case
      when o.kind <> 'sme' then 'standard'
      when o.sme_status = 'sme_verified' then 'sme'
      else coalesce(o.sme_status::text, 'sme_pending')
    end as basis
  ) as b
  where i.id = p_instrument_id and o.id = p_organisation_id;
$$;

-- Audit of direct edits of the details owners may change --------------------------------------------
create function private.audit_organisation_details()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if (select auth.uid()) is not null and (
       new.name_zh, new.name_en, new.address, new.contact_name, new.contact_phone, new.contact_email, new.district_id
     ) is distinct from (
       old.name_zh, old.name_en, old.address, old.contact_name, old.contact_phone, old.contact_email, old.district_id
     ) then
    perform private.log_org_event(new.id, 'details_updated', null, null, jsonb_build_object(
      'before', jsonb_build_object('name_zh', old.name_zh, 'name_en', old.name_en, 'address', old.address, 'contact_name', old.contact_name,
                                  'contact_phone', old.contact_phone, 'contact_email', old.contact_email, 'district_id', old.district_id),
      'after', jsonb_build_object('name_zh', new.name_zh, 'name_en', new.name_en, 'address', new.address, 'contact_name', new.contact_name,
                                  'contact_phone', new.contact_phone, 'contact_email', new.contact_email, 'district_id', new.district_id)));
  end if;
  return new;
end;
$$;
create trigger organisations_audit_details after update on public.organisations
  for each row execute function private.audit_organisation_details();

-- Row-level security and privileges -------------------------------------------------------------------
alter table public.organisation_events enable row level security;
alter table public.organisation_invitations enable row level security;
alter table public.organisation_join_requests enable row level security;

-- Organisations: created only through create_organisation; owners and bureau admins edit the
-- details, never the kind, the credit code or the SME verification.
drop policy "Signed-in users can register an organisation they create" on public.organisations;
revoke insert, update on public.organisations from authenticated;
grant update (name_zh, name_en, district_id, address, contact_name, contact_phone, contact_email) on public.organisations to authenticated;

-- Members: only the functions above write (they run as their owner); users read.
drop policy "Owners can add members to their organisation" on public.organisation_members;
drop policy "Owners can change other members' roles" on public.organisation_members;
drop policy "Owners can remove other members" on public.organisation_members;
revoke insert, update, delete, truncate on public.organisation_members from authenticated;

create policy "Owners, the people concerned and the bureau can read organisation events" on public.organisation_events for select to authenticated
  using (organisation_id in (select private.my_owned_organisation_ids()) or subject_user_id = (select auth.uid()) or (select private.is_bureau()));
create policy "Owners, invitees and the bureau can read invitations" on public.organisation_invitations for select to authenticated
  using (organisation_id in (select private.my_owned_organisation_ids()) or email = (select private.my_email()) or (select private.is_bureau()));
create policy "Owners, requesters and the bureau can read join requests" on public.organisation_join_requests for select to authenticated
  using (organisation_id in (select private.my_owned_organisation_ids()) or user_id = (select auth.uid()) or (select private.is_bureau()));

revoke all on public.organisation_events, public.organisation_invitations, public.organisation_join_requests from anon;
revoke insert, update, delete, truncate on public.organisation_events, public.organisation_invitations, public.organisation_join_requests from authenticated;

-- Functions: private helpers are for the definer functions; policies need my_email, and the
-- uscc constraint runs as whoever updates a row.
revoke execute on all functions in schema private from public;
grant execute on function private.is_public_instrument(uuid) to anon, authenticated;
grant execute on function private.is_bureau(), private.is_bureau_admin(), private.my_lab_ids(),
  private.my_managed_lab_ids(), private.my_instrument_ids(), private.my_organisation_ids(),
  private.my_owned_organisation_ids(), private.my_lab_requester_ids(), private.my_email(), private.uscc_is_valid(text)
  to authenticated;

revoke execute on function public.create_organisation(text, public.organisation_kind, text, uuid, text, text, text, text, text),
  public.find_organisations(text), public.request_to_join(uuid, text), public.withdraw_join_request(uuid),
  public.decide_join_request(uuid, boolean, text), public.invite_member(uuid, text, public.organisation_role),
  public.accept_invitation(uuid), public.decline_invitation(uuid), public.revoke_invitation(uuid),
  public.leave_organisation(uuid), public.remove_member(uuid, uuid), public.set_member_role(uuid, uuid, public.organisation_role),
  public.transfer_ownership(uuid, uuid), public.verify_sme(uuid, text), public.reject_sme(uuid, text),
  public.organisation_overview(uuid), public.my_organisation_state(), public.invitation_by_token(uuid)
  from public, anon;
grant execute on function public.create_organisation(text, public.organisation_kind, text, uuid, text, text, text, text, text),
  public.find_organisations(text), public.request_to_join(uuid, text), public.withdraw_join_request(uuid),
  public.decide_join_request(uuid, boolean, text), public.invite_member(uuid, text, public.organisation_role),
  public.accept_invitation(uuid), public.decline_invitation(uuid), public.revoke_invitation(uuid),
  public.leave_organisation(uuid), public.remove_member(uuid, uuid), public.set_member_role(uuid, uuid, public.organisation_role),
  public.transfer_ownership(uuid, uuid), public.verify_sme(uuid, text), public.reject_sme(uuid, text),
  public.organisation_overview(uuid), public.my_organisation_state(), public.invitation_by_token(uuid)
  to authenticated;
