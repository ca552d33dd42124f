-- The sharing network's data model (DESIGN §5): reference data (districts, industrial chains,
-- instrument categories with their search aliases), organisations and their members, labs and lab
-- staff, bureau staff, instruments with their booking policy, opening hours and exceptions, user
-- authorisations, bookings with the no-overlap invariant, the append-only booking audit and the
-- e-mail outbox. State changes of bookings go through SQL functions (next migration); the tables
-- alone never let a user write a booking directly.
--
-- Row-level security is enabled on every table, one policy per operation and role, built on the
-- permission helpers defined here in the schema `private` (docs/decisions/011). PostgREST exposes
-- only `public`, so no one can call a helper through the API; the roles whose policies use a
-- helper get usage on the schema and execute on that helper, nothing more. Two kinds of helper:
--   * set-based, `private.my_…_ids()`: the caller's labs, managed labs, instruments,
--     organisations, owned organisations and the requesters of their labs' instruments. Policies on
--     long tables compare a column with them (`instrument_id in (select private.my_instrument_ids())`):
--     the set is computed once per statement and each row costs a hash probe, where a helper taking
--     the row's column (`private.is_instrument_staff(instrument_id)`) runs once per row;
--   * scalar, for one fact about the caller (`private.is_bureau()`, wrapped in `(select …)` so a
--     statement asks once) or about one row that most rows pass (`private.is_public_instrument`).
-- All are security definer (they read membership tables whose own policies would otherwise recurse),
-- stable, `set search_path = ''`, and read only the caller's own memberships.

create extension if not exists btree_gist with schema extensions;
create extension if not exists pg_trgm with schema extensions;

-- The schema of everything that is not API: permission helpers here, the engine's and the
-- statistics' internals in later migrations. PostgREST does not expose it. Postgres lets everyone
-- execute a new function: each migration revokes that for the functions it adds to `private` and
-- grants execute to the roles that need it.
create schema if not exists private;
revoke all on schema private from public;

-- Types -----------------------------------------------------------------------------------------
create type public.organisation_kind as enum ('sme', 'university', 'institute', 'testing_centre', 'enterprise', 'government');
create type public.organisation_role as enum ('owner', 'member');
create type public.lab_status as enum ('pending', 'approved', 'suspended');
create type public.lab_role as enum ('manager', 'technician');
create type public.bureau_role as enum ('analyst', 'admin');
create type public.instrument_status as enum ('active', 'maintenance', 'retired');
create type public.service_mode as enum ('self_operation', 'sample_submission');
create type public.exception_kind as enum ('closure', 'maintenance', 'extra_opening');
create type public.booking_status as enum ('pending', 'confirmed', 'rejected', 'cancelled', 'completed', 'no_show');
-- skipped: the worker decided not to send (e.g. a reminder for a booking cancelled meanwhile).
create type public.outbox_status as enum ('pending', 'sending', 'sent', 'failed', 'skipped');

-- Reference data --------------------------------------------------------------------------------
create table public.districts (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[a-z][a-z0-9_]{1,31}$'),
  name_zh text not null check (char_length(name_zh) between 1 and 40),
  name_en text not null check (char_length(name_en) between 1 and 80),
  sort_order int not null default 0,
  created_at timestamptz not null default now()
);

create table public.industrial_chains (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[a-z][a-z0-9_]{1,47}$'),
  name_zh text not null check (char_length(name_zh) between 1 and 40),
  name_en text not null check (char_length(name_en) between 1 and 120),
  sort_order int not null default 0,
  created_at timestamptz not null default now()
);

create table public.instrument_categories (
  id uuid primary key default gen_random_uuid(),
  parent_id uuid references public.instrument_categories (id) on delete restrict,
  code text not null unique check (code ~ '^[a-z][a-z0-9_]{1,47}$'),
  name_zh text not null check (char_length(name_zh) between 1 and 40),
  name_en text not null check (char_length(name_en) between 1 and 120),
  -- other words for this kind of instrument (abbreviations, everyday names) that the catalogue
  -- search matches
  aliases text[] not null default '{}'
    constraint instrument_categories_aliases_check
      check (cardinality(aliases) <= 40 and char_length(array_to_string(aliases, ' ')) <= 1000),
  sort_order int not null default 0,
  created_at timestamptz not null default now(),
  check (parent_id is null or parent_id <> id)
);
create index instrument_categories_parent_id_idx on public.instrument_categories (parent_id);

-- Categories form a two-level tree: a child's parent must itself be top-level.
create or replace function public.check_category_depth()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.parent_id is not null then
    if exists (select 1 from public.instrument_categories where id = new.parent_id and parent_id is not null) then
      raise exception 'CATEGORY_TOO_DEEP' using errcode = 'P0001', detail = 'Categories have two levels.';
    end if;
    if exists (select 1 from public.instrument_categories where parent_id = new.id) then
      raise exception 'CATEGORY_TOO_DEEP' using errcode = 'P0001', detail = 'A parent category cannot become a child.';
    end if;
  end if;
  return new;
end;
$$;
create trigger instrument_categories_depth
  before insert or update of parent_id on public.instrument_categories
  for each row execute function public.check_category_depth();

-- People and organisations ------------------------------------------------------------------------
create table public.organisations (
  id uuid primary key default gen_random_uuid(),
  name_zh text not null check (char_length(name_zh) between 2 and 100),
  name_en text check (name_en is null or char_length(name_en) between 2 and 200),
  kind public.organisation_kind not null,
  -- 统一社会信用代码: 18 characters from the GB 32100-2015 alphabet.
  uscc text unique check (uscc is null or uscc ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'),
  district_id uuid references public.districts (id) on delete set null,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index organisations_district_id_idx on public.organisations (district_id);
create index organisations_created_by_idx on public.organisations (created_by);

create table public.organisation_members (
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.organisation_role not null default 'member',
  created_at timestamptz not null default now(),
  primary key (organisation_id, user_id)
);
create index organisation_members_user_id_idx on public.organisation_members (user_id);

alter table public.profiles
  add column organisation_id uuid references public.organisations (id) on delete set null;
create index profiles_organisation_id_idx on public.profiles (organisation_id);

create table public.bureau_staff (
  user_id uuid primary key references auth.users (id) on delete cascade,
  role public.bureau_role not null default 'analyst',
  created_at timestamptz not null default now()
);

create table public.labs (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references public.organisations (id) on delete restrict,
  name_zh text not null check (char_length(name_zh) between 2 and 100),
  name_en text not null check (char_length(name_en) between 2 and 200),
  description_zh text not null default '' check (char_length(description_zh) <= 4000),
  description_en text not null default '' check (char_length(description_en) <= 8000),
  district_id uuid not null references public.districts (id) on delete restrict,
  address_zh text not null check (char_length(address_zh) between 2 and 200),
  address_en text not null default '' check (char_length(address_en) <= 300),
  contact_name text not null default '' check (char_length(contact_name) <= 60),
  contact_phone text check (contact_phone is null or contact_phone ~ '^\+?[0-9][0-9 -]{4,19}$'),
  contact_email text check (contact_email is null or contact_email ~ '^[^\s@]+@[^\s@]+\.[^\s@]+$'),
  -- Accreditations such as CMA (检验检测机构资质认定) and CNAS (实验室认可).
  accreditations text[] not null default '{}' check (accreditations <@ array['CMA', 'CNAS', 'CATL', 'GLP', 'ISO17025']::text[]),
  status public.lab_status not null default 'pending',
  approved_by uuid references auth.users (id) on delete set null,
  approved_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index labs_organisation_id_idx on public.labs (organisation_id);
create index labs_district_id_idx on public.labs (district_id);
create index labs_status_idx on public.labs (status);
create index labs_approved_by_idx on public.labs (approved_by);

create table public.lab_members (
  lab_id uuid not null references public.labs (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.lab_role not null,
  created_at timestamptz not null default now(),
  primary key (lab_id, user_id)
);
create index lab_members_user_id_idx on public.lab_members (user_id);

-- Instruments -------------------------------------------------------------------------------------
create table public.instruments (
  id uuid primary key default gen_random_uuid(),
  lab_id uuid not null references public.labs (id) on delete restrict,
  category_id uuid not null references public.instrument_categories (id) on delete restrict,
  name_zh text not null check (char_length(name_zh) between 2 and 100),
  name_en text not null check (char_length(name_en) between 2 and 200),
  model text not null default '' check (char_length(model) <= 100),
  manufacturer text not null default '' check (char_length(manufacturer) <= 100),
  original_value_cny numeric(14, 2) check (original_value_cny is null or original_value_cny >= 0),
  specs_zh text not null default '' check (char_length(specs_zh) <= 4000),
  specs_en text not null default '' check (char_length(specs_en) <= 8000),
  services_zh text not null default '' check (char_length(services_zh) <= 4000),
  services_en text not null default '' check (char_length(services_en) <= 8000),
  sample_requirements_zh text not null default '' check (char_length(sample_requirements_zh) <= 4000),
  sample_requirements_en text not null default '' check (char_length(sample_requirements_en) <= 8000),
  photo_url text check (photo_url is null or photo_url ~ '^(https://|/)'),
  hourly_rate_cny numeric(10, 2) not null check (hourly_rate_cny >= 0),
  sme_rate_cny numeric(10, 2) not null check (sme_rate_cny >= 0),
  status public.instrument_status not null default 'active',
  service_modes public.service_mode[] not null default array['sample_submission']::public.service_mode[]
    check (cardinality(service_modes) between 1 and 2),
  requires_authorisation boolean not null default false,
  -- Booking policy
  requires_approval boolean not null default true,
  slot_minutes int not null default 60 check (slot_minutes in (15, 30, 60, 120, 240)),
  min_booking_minutes int not null default 60,
  max_booking_minutes int not null default 480,
  lead_time_hours int not null default 24 check (lead_time_hours between 0 and 720),
  cancellation_deadline_hours int not null default 24 check (cancellation_deadline_hours between 0 and 720),
  max_advance_days int not null default 90 check (max_advance_days between 1 and 365),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (sme_rate_cny <= hourly_rate_cny),
  check (min_booking_minutes > 0 and min_booking_minutes % slot_minutes = 0),
  check (max_booking_minutes >= min_booking_minutes and max_booking_minutes % slot_minutes = 0
         and max_booking_minutes <= 7 * 24 * 60),
  -- Catalogue search text in both languages (trigram-indexed below).
  search_text text generated always as (
    lower(name_zh || ' ' || name_en || ' ' || model || ' ' || manufacturer || ' ' || specs_zh || ' ' || specs_en)
  ) stored
);
create index instruments_lab_id_idx on public.instruments (lab_id);
create index instruments_category_id_idx on public.instruments (category_id);
create index instruments_status_idx on public.instruments (status);
create index instruments_search_text_trgm_idx on public.instruments using gin (search_text extensions.gin_trgm_ops);
create index instruments_hourly_rate_idx on public.instruments (hourly_rate_cny);

create table public.instrument_chains (
  instrument_id uuid not null references public.instruments (id) on delete cascade,
  chain_id uuid not null references public.industrial_chains (id) on delete restrict,
  created_at timestamptz not null default now(),
  primary key (instrument_id, chain_id)
);
create index instrument_chains_chain_id_idx on public.instrument_chains (chain_id);

create table public.instrument_authorisations (
  instrument_id uuid not null references public.instruments (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  granted_by uuid references auth.users (id) on delete set null,
  expires_at timestamptz,
  note text not null default '' check (char_length(note) <= 500),
  created_at timestamptz not null default now(),
  primary key (instrument_id, user_id)
);
create index instrument_authorisations_user_id_idx on public.instrument_authorisations (user_id);
create index instrument_authorisations_granted_by_idx on public.instrument_authorisations (granted_by);

-- Weekly opening hours, in Asia/Shanghai local time; ISO weekday 1 = Monday … 7 = Sunday.
create table public.availability_rules (
  id uuid primary key default gen_random_uuid(),
  instrument_id uuid not null references public.instruments (id) on delete cascade,
  weekday smallint not null check (weekday between 1 and 7),
  start_time time not null,
  end_time time not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (start_time < end_time),
  exclude using gist (
    instrument_id with =,
    weekday with =,
    tsrange('2000-01-03'::date + start_time, '2000-01-03'::date + end_time) with &&
  )
);
create index availability_rules_instrument_id_idx on public.availability_rules (instrument_id);

create table public.availability_exceptions (
  id uuid primary key default gen_random_uuid(),
  instrument_id uuid not null references public.instruments (id) on delete cascade,
  kind public.exception_kind not null,
  during tstzrange not null check (not isempty(during) and not lower_inf(during) and not upper_inf(during)),
  note_zh text not null default '' check (char_length(note_zh) <= 500),
  note_en text not null default '' check (char_length(note_en) <= 1000),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index availability_exceptions_instrument_id_idx on public.availability_exceptions using gist (instrument_id, during);
create index availability_exceptions_created_by_idx on public.availability_exceptions (created_by);

-- Bookings ----------------------------------------------------------------------------------------
create table public.bookings (
  id uuid primary key default gen_random_uuid(),
  instrument_id uuid not null references public.instruments (id) on delete restrict,
  requester_id uuid not null references auth.users (id) on delete restrict,
  organisation_id uuid not null references public.organisations (id) on delete restrict,
  during tstzrange not null
    check (not isempty(during) and not lower_inf(during) and not upper_inf(during)
           and lower_inc(during) and not upper_inc(during)),
  status public.booking_status not null default 'pending',
  service_mode public.service_mode not null,
  purpose text not null check (char_length(purpose) between 1 and 2000),
  sample_description text not null default '' check (char_length(sample_description) <= 2000),
  contact_phone text check (contact_phone is null or contact_phone ~ '^\+?[0-9][0-9 -]{4,19}$'),
  rate_cny numeric(10, 2) not null check (rate_cny >= 0),
  estimated_cost_cny numeric(12, 2) not null check (estimated_cost_cny >= 0),
  actual_minutes int check (actual_minutes is null or actual_minutes between 0 and 7 * 24 * 60),
  decided_by uuid references auth.users (id) on delete set null,
  decided_at timestamptz,
  decision_reason text check (decision_reason is null or char_length(decision_reason) <= 1000),
  cancelled_by uuid references auth.users (id) on delete set null,
  cancelled_at timestamptz,
  cancel_reason text check (cancel_reason is null or char_length(cancel_reason) <= 1000),
  completed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (status <> 'completed' or actual_minutes is not null),
  -- The invariant: two live bookings of one instrument never overlap, under any concurrency.
  constraint bookings_no_overlap exclude using gist (instrument_id with =, during with &&)
    where (status in ('pending', 'confirmed'))
);
create index bookings_instrument_id_during_idx on public.bookings using gist (instrument_id, during);
create index bookings_requester_id_idx on public.bookings (requester_id, created_at desc);
create index bookings_organisation_id_idx on public.bookings (organisation_id);
create index bookings_status_idx on public.bookings (status);
create index bookings_decided_by_idx on public.bookings (decided_by);
create index bookings_cancelled_by_idx on public.bookings (cancelled_by);
create index bookings_lower_during_idx on public.bookings (lower(during));

create table public.booking_events (
  id uuid primary key default gen_random_uuid(),
  booking_id uuid not null references public.bookings (id) on delete cascade,
  actor_id uuid references auth.users (id) on delete set null,
  from_status public.booking_status,
  to_status public.booking_status not null,
  note text check (note is null or char_length(note) <= 2000),
  created_at timestamptz not null default now()
);
create index booking_events_booking_id_idx on public.booking_events (booking_id, created_at);
create index booking_events_actor_id_idx on public.booking_events (actor_id);

create table public.email_outbox (
  id uuid primary key default gen_random_uuid(),
  booking_id uuid references public.bookings (id) on delete cascade,
  event_id uuid references public.booking_events (id) on delete cascade,
  template text not null check (template ~ '^[a-z][a-z0-9_.-]{1,63}$'),
  recipient_id uuid references auth.users (id) on delete set null,
  recipient_email text not null check (recipient_email ~ '^[^\s@]+@[^\s@]+$'),
  locale text not null default 'zh-CN' check (locale in ('zh-CN', 'en')),
  payload jsonb not null default '{}',
  idempotency_key text not null unique check (char_length(idempotency_key) between 3 and 256),
  status public.outbox_status not null default 'pending',
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  locked_until timestamptz,
  -- the worker holding the lease (locked_until), for diagnosis
  locked_by text check (locked_by is null or char_length(locked_by) <= 200),
  last_error text,
  provider_message_id text,
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index email_outbox_due_idx on public.email_outbox (next_attempt_at) where status in ('pending', 'sending');
create index email_outbox_booking_id_idx on public.email_outbox (booking_id);
create index email_outbox_event_id_idx on public.email_outbox (event_id);
create index email_outbox_recipient_id_idx on public.email_outbox (recipient_id);

-- updated_at ---------------------------------------------------------------------------------------
create trigger organisations_set_updated_at before update on public.organisations
  for each row execute function public.set_updated_at();
create trigger labs_set_updated_at before update on public.labs
  for each row execute function public.set_updated_at();
create trigger instruments_set_updated_at before update on public.instruments
  for each row execute function public.set_updated_at();
create trigger availability_rules_set_updated_at before update on public.availability_rules
  for each row execute function public.set_updated_at();
create trigger availability_exceptions_set_updated_at before update on public.availability_exceptions
  for each row execute function public.set_updated_at();
create trigger bookings_set_updated_at before update on public.bookings
  for each row execute function public.set_updated_at();
create trigger email_outbox_set_updated_at before update on public.email_outbox
  for each row execute function public.set_updated_at();

-- The audit is append-only, whoever asks (the service role included).
create or replace function public.forbid_change()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'APPEND_ONLY' using errcode = 'P0001', detail = tg_table_name || ' rows cannot be changed or deleted.';
end;
$$;
create trigger booking_events_append_only before update or delete on public.booking_events
  for each row execute function public.forbid_change();

comment on column public.instrument_categories.aliases is
  'Other words for this kind of instrument (abbreviations, everyday names) that the catalogue search matches.';
comment on column public.email_outbox.locked_by is 'The worker holding the lease (locked_until), for diagnosis.';

-- Permission helpers -------------------------------------------------------------------------------
-- Facts about the caller. Each reads only the caller's own rows.

/** Is the caller bureau staff (analyst or admin)? */
create function private.is_bureau()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.bureau_staff where user_id = (select auth.uid()));
$$;

/** Is the caller a bureau admin? */
create function private.is_bureau_admin()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.bureau_staff where user_id = (select auth.uid()) and role = 'admin');
$$;

/** Is the caller on the staff (manager or technician) of the lab? */
create function private.is_lab_staff(p_lab_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.lab_members where lab_id = p_lab_id and user_id = (select auth.uid()));
$$;

/** Is the caller on the staff of the lab that owns the instrument? */
create function private.is_instrument_staff(p_instrument_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.instruments i
    join public.lab_members m on m.lab_id = i.lab_id
    where i.id = p_instrument_id and m.user_id = (select auth.uid())
  );
$$;

/**
 * Is the instrument visible to the public: active or in maintenance, in an approved lab. A fact
 * about the instrument, not the caller; per row, because most instruments are public and a set of
 * them would be most of the table.
 */
create function private.is_public_instrument(p_instrument_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.instruments i join public.labs l on l.id = i.lab_id
    where i.id = p_instrument_id and i.status <> 'retired' and l.status = 'approved'
  );
$$;

-- The caller's memberships as sets, for policies on long tables and lists.

/** The labs the caller is on the staff of. */
create function private.my_lab_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
rows 3
as $$
  select m.lab_id from public.lab_members m where m.user_id = (select auth.uid());
$$;

/** The labs the caller manages. */
create function private.my_managed_lab_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
rows 2
as $$
  select m.lab_id from public.lab_members m where m.user_id = (select auth.uid()) and m.role = 'manager';
$$;

/** The instruments of the labs the caller is on the staff of. */
create function private.my_instrument_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
rows 50
as $$
  select i.id from public.lab_members m join public.instruments i on i.lab_id = m.lab_id
  where m.user_id = (select auth.uid());
$$;

/** The organisations the caller belongs to. */
create function private.my_organisation_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
rows 2
as $$
  select m.organisation_id from public.organisation_members m where m.user_id = (select auth.uid());
$$;

/** The organisations the caller owns. */
create function private.my_owned_organisation_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
rows 2
as $$
  select m.organisation_id from public.organisation_members m where m.user_id = (select auth.uid()) and m.role = 'owner';
$$;

/** The users who booked (any status) an instrument of a lab the caller is on the staff of. */
create function private.my_lab_requester_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
rows 200
as $$
  select distinct b.requester_id
  from public.lab_members m
  join public.instruments i on i.lab_id = m.lab_id
  join public.bookings b on b.instrument_id = i.id
  where m.user_id = (select auth.uid());
$$;

-- Policies use the helpers as the caller: anon's policies need only is_public_instrument.
revoke execute on all functions in schema private from public;
grant usage on schema private to anon, authenticated;
grant execute on function private.is_public_instrument(uuid) to anon, authenticated;
grant execute on function private.is_bureau(), private.is_bureau_admin(), private.my_lab_ids(),
  private.my_managed_lab_ids(), private.my_instrument_ids(), private.my_organisation_ids(),
  private.my_owned_organisation_ids(), private.my_lab_requester_ids()
  to authenticated;
-- is_lab_staff and is_instrument_staff answer for one lab or instrument inside security definer
-- functions (statistics, state changes), which run as their owner: no role needs them.

-- Row-level security -------------------------------------------------------------------------------
alter table public.districts enable row level security;
alter table public.industrial_chains enable row level security;
alter table public.instrument_categories enable row level security;
alter table public.organisations enable row level security;
alter table public.organisation_members enable row level security;
alter table public.bureau_staff enable row level security;
alter table public.labs enable row level security;
alter table public.lab_members enable row level security;
alter table public.instruments enable row level security;
alter table public.instrument_chains enable row level security;
alter table public.instrument_authorisations enable row level security;
alter table public.availability_rules enable row level security;
alter table public.availability_exceptions enable row level security;
alter table public.bookings enable row level security;
alter table public.booking_events enable row level security;
alter table public.email_outbox enable row level security;

-- Reference data: everyone reads; bureau admins maintain.
create policy "Anyone can read districts" on public.districts for select to anon using (true);
create policy "Signed-in users can read districts" on public.districts for select to authenticated using (true);
create policy "Bureau admins can add districts" on public.districts for insert to authenticated with check ((select private.is_bureau_admin()));
create policy "Bureau admins can edit districts" on public.districts for update to authenticated using ((select private.is_bureau_admin())) with check ((select private.is_bureau_admin()));
create policy "Bureau admins can delete districts" on public.districts for delete to authenticated using ((select private.is_bureau_admin()));

create policy "Anyone can read industrial chains" on public.industrial_chains for select to anon using (true);
create policy "Signed-in users can read industrial chains" on public.industrial_chains for select to authenticated using (true);
create policy "Bureau admins can add industrial chains" on public.industrial_chains for insert to authenticated with check ((select private.is_bureau_admin()));
create policy "Bureau admins can edit industrial chains" on public.industrial_chains for update to authenticated using ((select private.is_bureau_admin())) with check ((select private.is_bureau_admin()));
create policy "Bureau admins can delete industrial chains" on public.industrial_chains for delete to authenticated using ((select private.is_bureau_admin()));

create policy "Anyone can read instrument categories" on public.instrument_categories for select to anon using (true);
create policy "Signed-in users can read instrument categories" on public.instrument_categories for select to authenticated using (true);
create policy "Bureau admins can add instrument categories" on public.instrument_categories for insert to authenticated with check ((select private.is_bureau_admin()));
create policy "Bureau admins can edit instrument categories" on public.instrument_categories for update to authenticated using ((select private.is_bureau_admin())) with check ((select private.is_bureau_admin()));
create policy "Bureau admins can delete instrument categories" on public.instrument_categories for delete to authenticated using ((select private.is_bureau_admin()));

-- Organisations: the public sees those that run approved labs; members see their own; bureau all.
create policy "Anyone can read organisations that run approved labs" on public.organisations for select to anon
  using (exists (select 1 from public.labs l where l.organisation_id = organisations.id and l.status = 'approved'));
create policy "Signed-in users can read their own and lab-running organisations" on public.organisations for select to authenticated
  using (
    id in (select private.my_organisation_ids())
    or exists (select 1 from public.labs l where l.organisation_id = organisations.id and l.status = 'approved')
    or (select private.is_bureau())
  );
create policy "Signed-in users can register an organisation they create" on public.organisations for insert to authenticated
  with check (created_by = (select auth.uid()));
create policy "Organisation owners and bureau admins can edit organisations" on public.organisations for update to authenticated
  using (id in (select private.my_owned_organisation_ids()) or (select private.is_bureau_admin()))
  with check (id in (select private.my_owned_organisation_ids()) or (select private.is_bureau_admin()));
create policy "Bureau admins can delete organisations" on public.organisations for delete to authenticated
  using ((select private.is_bureau_admin()));

-- Organisation members: members see their colleagues; owners manage others (never their own row);
-- a creator becomes the first owner through create_organisation().
create policy "Members can read their organisation's members" on public.organisation_members for select to authenticated
  using (organisation_id in (select private.my_organisation_ids()) or (select private.is_bureau()));
create policy "Owners can add members to their organisation" on public.organisation_members for insert to authenticated
  with check (organisation_id in (select private.my_owned_organisation_ids()) and user_id <> (select auth.uid()));
create policy "Owners can change other members' roles" on public.organisation_members for update to authenticated
  using (organisation_id in (select private.my_owned_organisation_ids()) and user_id <> (select auth.uid()))
  with check (organisation_id in (select private.my_owned_organisation_ids()) and user_id <> (select auth.uid()));
create policy "Owners can remove other members" on public.organisation_members for delete to authenticated
  using (organisation_id in (select private.my_owned_organisation_ids()) and user_id <> (select auth.uid()));

-- Bureau staff: the bureau reads; only bureau admins write, never their own row.
create policy "Bureau staff can read bureau staff" on public.bureau_staff for select to authenticated
  using ((select private.is_bureau()) or user_id = (select auth.uid()));
create policy "Bureau admins can add bureau staff" on public.bureau_staff for insert to authenticated
  with check ((select private.is_bureau_admin()) and user_id <> (select auth.uid()));
create policy "Bureau admins can change other bureau staff" on public.bureau_staff for update to authenticated
  using ((select private.is_bureau_admin()) and user_id <> (select auth.uid()))
  with check ((select private.is_bureau_admin()) and user_id <> (select auth.uid()));
create policy "Bureau admins can remove other bureau staff" on public.bureau_staff for delete to authenticated
  using ((select private.is_bureau_admin()) and user_id <> (select auth.uid()));

-- Labs: the public sees approved labs; staff see their own; the bureau sees and approves all.
create policy "Anyone can read approved labs" on public.labs for select to anon using (status = 'approved');
create policy "Signed-in users can read approved labs and their own" on public.labs for select to authenticated
  using (status = 'approved' or id in (select private.my_lab_ids()) or (select private.is_bureau()));
create policy "Organisation owners can propose labs" on public.labs for insert to authenticated
  with check (organisation_id in (select private.my_owned_organisation_ids()) and status = 'pending' and approved_by is null);
create policy "Lab managers and bureau admins can edit labs" on public.labs for update to authenticated
  using (id in (select private.my_managed_lab_ids()) or (select private.is_bureau_admin()))
  with check (id in (select private.my_managed_lab_ids()) or (select private.is_bureau_admin()));
create policy "Bureau admins can delete labs" on public.labs for delete to authenticated
  using ((select private.is_bureau_admin()));
-- Approval fields are the bureau's: lab managers edit everything else.
revoke update on public.labs from authenticated;
grant update (name_zh, name_en, description_zh, description_en, district_id, address_zh, address_en,
  contact_name, contact_phone, contact_email, accreditations) on public.labs to authenticated;

-- Lab members: staff see their lab's team; the bureau assigns staff; nobody edits their own row.
create policy "Lab staff and the bureau can read lab members" on public.lab_members for select to authenticated
  using (lab_id in (select private.my_lab_ids()) or (select private.is_bureau()) or user_id = (select auth.uid()));
create policy "Bureau admins and lab managers can add lab staff" on public.lab_members for insert to authenticated
  with check (
    user_id <> (select auth.uid())
    and ((select private.is_bureau_admin()) or (lab_id in (select private.my_managed_lab_ids()) and role = 'technician'))
  );
create policy "Bureau admins can change other lab staff roles" on public.lab_members for update to authenticated
  using ((select private.is_bureau_admin()) and user_id <> (select auth.uid()))
  with check ((select private.is_bureau_admin()) and user_id <> (select auth.uid()));
create policy "Bureau admins and lab managers can remove other lab staff" on public.lab_members for delete to authenticated
  using (
    user_id <> (select auth.uid())
    and ((select private.is_bureau_admin()) or (lab_id in (select private.my_managed_lab_ids()) and role = 'technician'))
  );

-- Instruments: the public sees non-retired instruments of approved labs; lab staff manage theirs.
create policy "Anyone can read public instruments" on public.instruments for select to anon
  using (status <> 'retired' and exists (select 1 from public.labs l where l.id = lab_id and l.status = 'approved'));
create policy "Signed-in users can read public instruments and their lab's" on public.instruments for select to authenticated
  using (
    (status <> 'retired' and exists (select 1 from public.labs l where l.id = lab_id and l.status = 'approved'))
    or lab_id in (select private.my_lab_ids())
    or (select private.is_bureau())
  );
create policy "Lab staff can add instruments to their lab" on public.instruments for insert to authenticated
  with check (lab_id in (select private.my_lab_ids()));
create policy "Lab staff can edit their lab's instruments" on public.instruments for update to authenticated
  using (lab_id in (select private.my_lab_ids()))
  with check (lab_id in (select private.my_lab_ids()));
create policy "Lab managers can delete their lab's instruments" on public.instruments for delete to authenticated
  using (lab_id in (select private.my_managed_lab_ids()));

create policy "Anyone can read public instruments' chains" on public.instrument_chains for select to anon
  using (private.is_public_instrument(instrument_id));
create policy "Signed-in users can read instrument chains they can see" on public.instrument_chains for select to authenticated
  using ((select private.is_bureau()) or instrument_id in (select private.my_instrument_ids()) or private.is_public_instrument(instrument_id));
create policy "Lab staff can link their instruments to chains" on public.instrument_chains for insert to authenticated
  with check (instrument_id in (select private.my_instrument_ids()));
create policy "Lab staff can relink their instruments' chains" on public.instrument_chains for update to authenticated
  using (instrument_id in (select private.my_instrument_ids()))
  with check (instrument_id in (select private.my_instrument_ids()));
create policy "Lab staff can unlink their instruments from chains" on public.instrument_chains for delete to authenticated
  using (instrument_id in (select private.my_instrument_ids()));

-- Authorisations: the user sees their own; the lab grants and revokes.
create policy "Users and lab staff can read instrument authorisations" on public.instrument_authorisations for select to authenticated
  using (user_id = (select auth.uid()) or instrument_id in (select private.my_instrument_ids()) or (select private.is_bureau()));
create policy "Lab staff can grant authorisations for their instruments" on public.instrument_authorisations for insert to authenticated
  with check (instrument_id in (select private.my_instrument_ids()) and granted_by = (select auth.uid()));
create policy "Lab staff can change authorisations for their instruments" on public.instrument_authorisations for update to authenticated
  using (instrument_id in (select private.my_instrument_ids()))
  with check (instrument_id in (select private.my_instrument_ids()));
create policy "Lab staff can revoke authorisations for their instruments" on public.instrument_authorisations for delete to authenticated
  using (instrument_id in (select private.my_instrument_ids()));

-- Opening hours and exceptions: public for public instruments; lab staff maintain.
create policy "Anyone can read public instruments' opening hours" on public.availability_rules for select to anon
  using (private.is_public_instrument(instrument_id));
create policy "Signed-in users can read opening hours they can see" on public.availability_rules for select to authenticated
  using ((select private.is_bureau()) or instrument_id in (select private.my_instrument_ids()) or private.is_public_instrument(instrument_id));
create policy "Lab staff can add opening hours" on public.availability_rules for insert to authenticated
  with check (instrument_id in (select private.my_instrument_ids()));
create policy "Lab staff can edit opening hours" on public.availability_rules for update to authenticated
  using (instrument_id in (select private.my_instrument_ids()))
  with check (instrument_id in (select private.my_instrument_ids()));
create policy "Lab staff can delete opening hours" on public.availability_rules for delete to authenticated
  using (instrument_id in (select private.my_instrument_ids()));

create policy "Anyone can read public instruments' closures" on public.availability_exceptions for select to anon
  using (private.is_public_instrument(instrument_id));
create policy "Signed-in users can read closures they can see" on public.availability_exceptions for select to authenticated
  using ((select private.is_bureau()) or instrument_id in (select private.my_instrument_ids()) or private.is_public_instrument(instrument_id));
create policy "Lab staff can add closures and extra openings" on public.availability_exceptions for insert to authenticated
  with check (instrument_id in (select private.my_instrument_ids()));
create policy "Lab staff can edit closures and extra openings" on public.availability_exceptions for update to authenticated
  using (instrument_id in (select private.my_instrument_ids()))
  with check (instrument_id in (select private.my_instrument_ids()));
create policy "Lab staff can delete closures and extra openings" on public.availability_exceptions for delete to authenticated
  using (instrument_id in (select private.my_instrument_ids()));

-- Bookings: requesters and their organisation's members see theirs; lab staff see their lab's;
-- the bureau reads all. Every write goes through the booking functions (security definer), so
-- no role may insert, update or delete rows directly. The public sees busy times only through
-- instrument_busy(), never the rows.
create policy "Requesters and their organisation can read their bookings" on public.bookings for select to authenticated
  using (requester_id = (select auth.uid()) or organisation_id in (select private.my_organisation_ids()));
create policy "Lab staff can read their instruments' bookings" on public.bookings for select to authenticated
  using (instrument_id in (select private.my_instrument_ids()));
create policy "Bureau staff can read all bookings" on public.bookings for select to authenticated
  using ((select private.is_bureau()));

-- Events are read a booking at a time: a primary-key look-up of the booking per event, then the
-- same tests as the bookings' policies (the sets computed once).
create policy "Booking parties can read the booking's events" on public.booking_events for select to authenticated
  using ((select private.is_bureau()) or exists (
    select 1 from public.bookings b where b.id = booking_id
      and (b.requester_id = (select auth.uid()) or b.organisation_id in (select private.my_organisation_ids())
           or b.instrument_id in (select private.my_instrument_ids()))
  ));

-- The outbox is the mail worker's (service role); the bureau may read it to investigate.
create policy "Bureau staff can read the e-mail outbox" on public.email_outbox for select to authenticated
  using ((select private.is_bureau()));

-- Table privileges: anon reads only public tables; direct writes to bookings, events and the
-- outbox are closed to users (the functions write them).
revoke all on public.bookings, public.booking_events, public.email_outbox from anon;
revoke insert, update, delete, truncate on public.bookings, public.booking_events, public.email_outbox from authenticated;
revoke insert, update, delete, truncate on public.districts, public.industrial_chains, public.instrument_categories,
  public.organisations, public.organisation_members, public.bureau_staff, public.labs, public.lab_members,
  public.instruments, public.instrument_chains, public.instrument_authorisations, public.availability_rules,
  public.availability_exceptions from anon;
revoke select on public.organisation_members, public.bureau_staff, public.lab_members,
  public.instrument_authorisations from anon;

-- Organisations are created with their first owner in one step.
create or replace function public.create_organisation(
  p_name_zh text,
  p_kind public.organisation_kind default 'sme',
  p_uscc text default null,
  p_district_id uuid default null,
  p_name_en text default null
)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_id uuid;
begin
  if v_user is null then
    raise exception 'NOT_SIGNED_IN' using errcode = 'P0001';
  end if;
  insert into public.organisations (name_zh, name_en, kind, uscc, district_id, created_by)
  values (p_name_zh, p_name_en, p_kind, nullif(upper(trim(p_uscc)), ''), p_district_id, v_user)
  returning id into v_id;
  insert into public.organisation_members (organisation_id, user_id, role) values (v_id, v_user, 'owner');
  update public.profiles set organisation_id = coalesce(organisation_id, v_id) where id = v_user;
  return v_id;
exception
  when unique_violation then
    raise exception 'ORGANISATION_EXISTS' using errcode = 'P0001', detail = 'An organisation with this credit code exists.';
end;
$$;
revoke execute on function public.create_organisation(text, public.organisation_kind, text, uuid, text) from public, anon;
grant execute on function public.create_organisation(text, public.organisation_kind, text, uuid, text) to authenticated;

-- A profile's organisation must be one the user belongs to.
create or replace function public.check_profile_organisation()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.organisation_id is not null and new.organisation_id is distinct from old.organisation_id
     and not exists (select 1 from public.organisation_members where organisation_id = new.organisation_id and user_id = new.id) then
    raise exception 'NOT_ORGANISATION_MEMBER' using errcode = 'P0001';
  end if;
  return new;
end;
$$;
create trigger profiles_check_organisation before update of organisation_id on public.profiles
  for each row execute function public.check_profile_organisation();
grant update (organisation_id) on public.profiles to authenticated;

-- Lab staff and the bureau may see the profiles of people who book their instruments.
create policy "Lab staff can read profiles of their instruments' requesters" on public.profiles for select to authenticated
  using (id in (select private.my_lab_requester_ids()));
create policy "Bureau staff can read profiles" on public.profiles for select to authenticated
  using ((select private.is_bureau()));
