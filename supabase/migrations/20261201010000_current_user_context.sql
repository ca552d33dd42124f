-- The signed-in user's context in one call, for the app's root loader and its route guards
-- (issue 8): display name and language from the profile, the bureau role if any, and the labs the
-- user staffs with their role. The app decides what pages and header entries to show from it; the
-- database still decides what data anyone gets (RLS on every table read here).
--
-- security invoker: every row read is one the caller may read anyway (their own profile, their own
-- bureau_staff and lab_members rows, labs they staff). anon gets null.

create or replace function public.current_user_context()
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select jsonb_build_object(
    'display_name', coalesce(p.display_name, ''),
    'locale', p.locale,
    'bureau_role', (select b.role from public.bureau_staff b where b.user_id = (select auth.uid())),
    'labs', coalesce((
      select jsonb_agg(
        jsonb_build_object('id', l.id, 'name_zh', l.name_zh, 'name_en', l.name_en, 'status', l.status, 'role', m.role)
        order by l.name_zh, l.id
      )
      from public.lab_members m
      join public.labs l on l.id = m.lab_id
      where m.user_id = (select auth.uid())
    ), '[]'::jsonb)
  )
  from (select (select auth.uid()) as uid) as caller
  left join public.profiles p on p.id = caller.uid
  where caller.uid is not null;
$$;

revoke execute on function public.current_user_context() from public, anon, service_role;
grant execute on function public.current_user_context() to authenticated;
