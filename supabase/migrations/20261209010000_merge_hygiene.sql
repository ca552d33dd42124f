-- What the schema tests ask of every migration, for two objects that arrived in parallel branches:
-- a foreign key is covered by an index (deleting an organisation must not scan the rollup), and a
-- private SQL helper that names tables pins its search_path (only pure helpers stay inlinable).
create index network_month_orgs_organisation_id_idx on public.network_month_orgs (organisation_id);
alter function private.digest_bookings(uuid, date) set search_path = '';
