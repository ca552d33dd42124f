-- The catalogue page in one call (issue 12, item 11; docs/decisions/024): public.catalogue_page
-- answers with one page of instruments as the page shows them (search_instruments, then the page's
-- rows with their category, lab and district) and, only when the caller's copy is out of date, the
-- reference data of the filter form (categories, districts, chains, approved labs and their
-- accreditations). The app keeps that reference data per process and sends the version it holds;
-- the version is read in the same snapshot as the page, so a change (a lab approved, renamed or
-- suspended, a category added) shows on the next page load, on every app process.
--
-- The version: private.catalogue_reference_version, one row, bumped by statement-level triggers on
-- the four tables the reference is read from, in the same transaction as the change (so it is
-- visible exactly when the change is). For labs only the columns the reference shows count.
--
-- Visibility: catalogue_page is security invoker, like search_instruments: row-level security
-- decides which instruments, labs, categories and districts the caller sees. The reference data
-- (public tables and approved labs, which everyone may read) is the same for every caller, so a
-- copy read by one caller may be shown to another.

create table private.catalogue_reference_version (
  id boolean primary key default true check (id),
  version bigint not null
);
insert into private.catalogue_reference_version (id, version) values (true, 1);
-- Only the functions below (security definer) read or write it.
alter table private.catalogue_reference_version enable row level security;
revoke all on private.catalogue_reference_version from public, anon, authenticated;

create function private.bump_catalogue_reference_version()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update private.catalogue_reference_version set version = version + 1 where id;
  return null;
end;
$$;
revoke execute on function private.bump_catalogue_reference_version() from public, anon, authenticated;

create trigger catalogue_reference_changed
  after insert or update or delete or truncate on public.instrument_categories
  for each statement execute function private.bump_catalogue_reference_version();
create trigger catalogue_reference_changed
  after insert or update or delete or truncate on public.districts
  for each statement execute function private.bump_catalogue_reference_version();
create trigger catalogue_reference_changed
  after insert or update or delete or truncate on public.industrial_chains
  for each statement execute function private.bump_catalogue_reference_version();
create trigger catalogue_reference_changed
  after insert or delete or truncate or update of status, name_zh, name_en, accreditations on public.labs
  for each statement execute function private.bump_catalogue_reference_version();

/** The version of the catalogue's reference data (increases with every change to it). */
create function private.catalogue_reference_version()
returns bigint
language sql
stable
security definer
set search_path = ''
as $$
  select v.version from private.catalogue_reference_version v where v.id;
$$;
revoke execute on function private.catalogue_reference_version() from public;
grant execute on function private.catalogue_reference_version() to anon, authenticated;

/**
 * One page of the catalogue as the caller may see it, as JSON:
 *   { total, items: [instrument … with category, labs { …, district }], reference_version,
 *     reference: { categories, districts, chains, labs } | null }
 * Arguments as public.search_instruments (same checks and errors), plus p_reference_version: the
 * version of the reference data the caller holds; reference is null when it is still current.
 */
create function public.catalogue_page(
  p_q text default '',
  p_category text default null,
  p_district text default null,
  p_chain text default null,
  p_lab uuid default null,
  p_mode public.service_mode default null,
  p_max_price numeric default null,
  p_accreditation text default null,
  p_free_from timestamptz default null,
  p_free_to timestamptz default null,
  p_free_minutes int default null,
  p_sort text default 'relevance',
  p_locale text default 'zh-CN',
  p_page int default 1,
  p_limit int default 20,
  p_reference_version bigint default null
)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_ids uuid[];
  v_total bigint;
  v_version bigint := private.catalogue_reference_version();
  v_reference jsonb;
  v_items jsonb;
begin
  select s.ids, s.total into v_ids, v_total
  from public.search_instruments(p_q, p_category, p_district, p_chain, p_lab, p_mode, p_max_price, p_accreditation,
                                 p_free_from, p_free_to, p_free_minutes, p_sort, p_locale, p_page, p_limit) as s;

  select coalesce(jsonb_agg(jsonb_build_object(
           'id', i.id, 'name_zh', i.name_zh, 'name_en', i.name_en, 'model', i.model, 'manufacturer', i.manufacturer,
           'hourly_rate_cny', i.hourly_rate_cny, 'sme_rate_cny', i.sme_rate_cny, 'service_modes', i.service_modes,
           'requires_approval', i.requires_approval, 'status', i.status, 'photo_url', i.photo_url, 'photo_path', i.photo_path,
           'category', case when c.id is null then null else jsonb_build_object('code', c.code, 'name_zh', c.name_zh, 'name_en', c.name_en) end,
           'labs', jsonb_build_object(
             'id', l.id, 'name_zh', l.name_zh, 'name_en', l.name_en, 'accreditations', l.accreditations,
             'district', case when d.id is null then null else jsonb_build_object('code', d.code, 'name_zh', d.name_zh, 'name_en', d.name_en) end))
           order by t.n), '[]'::jsonb)
    into v_items
  from unnest(v_ids) with ordinality as t(id, n)
  join public.instruments i on i.id = t.id
  join public.labs l on l.id = i.lab_id
  left join public.instrument_categories c on c.id = i.category_id
  left join public.districts d on d.id = l.district_id;

  if p_reference_version is distinct from v_version then
    v_reference := jsonb_build_object(
      'categories', (select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'code', c.code, 'name_zh', c.name_zh, 'name_en', c.name_en, 'parent_id', c.parent_id)
                                               order by c.sort_order, c.code), '[]'::jsonb)
                     from public.instrument_categories c),
      'districts', (select coalesce(jsonb_agg(jsonb_build_object('id', d.id, 'code', d.code, 'name_zh', d.name_zh, 'name_en', d.name_en)
                                              order by d.sort_order, d.code), '[]'::jsonb)
                    from public.districts d),
      'chains', (select coalesce(jsonb_agg(jsonb_build_object('id', ch.id, 'code', ch.code, 'name_zh', ch.name_zh, 'name_en', ch.name_en)
                                           order by ch.sort_order, ch.code), '[]'::jsonb)
                 from public.industrial_chains ch),
      'labs', (select coalesce(jsonb_agg(jsonb_build_object('id', l.id, 'name_zh', l.name_zh, 'name_en', l.name_en, 'accreditations', l.accreditations)
                                         order by l.name_zh), '[]'::jsonb)
               from public.labs l where l.status = 'approved'));
  end if;

  return jsonb_build_object('total', v_total, 'items', v_items, 'reference_version', v_version, 'reference', v_reference);
end;
$$;

revoke execute on function public.catalogue_page(
  text, text, text, text, uuid, public.service_mode, numeric, text, timestamptz, timestamptz, int, text, text, int, int, bigint
) from public, service_role;
grant execute on function public.catalogue_page(
  text, text, text, text, uuid, public.service_mode, numeric, text, timestamptz, timestamptz, int, text, text, int, int, bigint
) to anon, authenticated;
