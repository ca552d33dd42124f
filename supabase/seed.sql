-- Demo data for local development and demos. DEMO DATA: not real organisations or people.
-- Applied by `supabase db push --include-seed` (the local stack does this on a fresh database).
-- Demo password for every account: demo-password-2026

-- Demo users, inserted the way Supabase Auth stores e-mail users (bcrypt via pgcrypto, empty
-- strings rather than NULL in token columns, an `email` identity).
with demo(id, email, display_name, locale) as (
  values
    ('00000000-0000-4000-8000-000000000101'::uuid, 'engineer@demo.cz-instruments.cn', '王工（演示）', 'zh-CN'),
    ('00000000-0000-4000-8000-000000000102'::uuid, 'engineer.en@demo.cz-instruments.cn', 'Demo Engineer', 'en')
)
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  confirmation_token, recovery_token, email_change_token_new, email_change,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at
)
select
  '00000000-0000-0000-0000-000000000000', id, 'authenticated', 'authenticated', email,
  extensions.crypt('demo-password-2026', extensions.gen_salt('bf', 10)), now(),
  '', '', '', '',
  '{"provider": "email", "providers": ["email"]}'::jsonb,
  jsonb_build_object('display_name', display_name, 'locale', locale),
  now(), now()
from demo
on conflict (id) do nothing;

insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id::text, u.id,
  jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true, 'phone_verified', false),
  'email', now(), now(), now()
from auth.users u
where u.email like '%@demo.cz-instruments.cn'
on conflict (provider_id, provider) do nothing;
