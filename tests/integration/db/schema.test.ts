// Structural rules of the schema that every migration must keep.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { TEST_STACK } from "../../support/test-env.ts";

const db = new pg.Pool({ connectionString: TEST_STACK.dbUrl, max: 1 });
afterAll(() => db.end());

describe("schema", () => {
  it("indexes every foreign key in public (leading index columns cover the key)", async () => {
    const { rows } = await db.query<{ fk: string }>(`
      select c.conrelid::regclass::text || '(' || string_agg(a.attname, ', ' order by k.ord) || ')' as fk
      from pg_constraint c
      join pg_namespace n on n.oid = c.connamespace
      cross join lateral unnest(c.conkey) with ordinality as k(attnum, ord)
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
      where c.contype = 'f' and n.nspname = 'public'
        and not exists (
          select 1 from pg_index i
          where i.indrelid = c.conrelid
            and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
            and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey
        )
      group by c.oid, c.conrelid
      order by 1`);
    expect(rows.map((r) => r.fk)).toEqual([]);
    const { rows: all } = await db.query<{ n: number }>(
      `select count(*)::int as n from pg_constraint c join pg_namespace n on n.oid = c.connamespace
       where c.contype = 'f' and n.nspname = 'public'`,
    );
    expect(all[0].n).toBeGreaterThan(30); // the check above ran over the real schema
  });

  it("has updated_at maintained on every table that has the column", async () => {
    const { rows } = await db.query<{ table: string }>(`
      select c.relname as table from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'updated_at' and not a.attisdropped
      where n.nspname = 'public' and c.relkind = 'r'
        and not exists (
          select 1 from pg_trigger t join pg_proc p on p.oid = t.tgfoid
          where t.tgrelid = c.oid and p.proname = 'set_updated_at'
        )
      order by 1`);
    expect(rows.map((r) => r.table)).toEqual([]);
  });

  it("gives every security definer function in public and private a fixed search_path", async () => {
    const { rows } = await db.query<{ name: string }>(`
      select n.nspname || '.' || p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ('public', 'private') and p.prosecdef
        and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) as cfg where cfg like 'search_path=%')
      order by 1`);
    expect(rows.map((r) => r.name)).toEqual([]);
    const { rows: definers } = await db.query<{ n: number }>(`
      select count(*)::int as n from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'private' and p.prosecdef`);
    expect(definers[0].n).toBeGreaterThan(10); // the permission helpers among them
  });

  it("leaves search_path unpinned only on pure SQL helpers in private, which the planner inlines", async () => {
    // Such a function must be invoker, language sql, and read no table (only its arguments and
    // pg_catalog); anything else pins search_path = ''.
    const { rows } = await db.query<{ name: string; schema: string; language: string; definer: boolean; source: string }>(`
      select p.proname as name, n.nspname as schema, l.lanname as language, p.prosecdef as definer, p.prosrc as source
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_language l on l.oid = p.prolang
      where n.nspname in ('public', 'private') and p.prokind = 'f'
        and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) as cfg where cfg like 'search_path=%')
      order by 1`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect({ name: row.name, schema: row.schema, language: row.language, definer: row.definer }).toEqual({
        name: row.name,
        schema: "private",
        language: "sql",
        definer: false,
      });
      expect(row.source, row.name).not.toMatch(/\b(public|auth|extensions)\./);
    }
  });

  it("inlines the engine's per-row rules into the queries that use them (no call per row)", async () => {
    // A pure helper that is not inlined (a pinned search_path, or a declared volatility lower than
    // its body's) shows up in a verbose plan as a function call evaluated for every row.
    const { rows } = await db.query<{ "QUERY PLAN": string }>(`
      explain (verbose, costs off)
      select private.slot_first(b.during, b.created_at, i.slot_minutes),
             private.slot_last(b.during, b.updated_at, make_interval(mins => i.slot_minutes)),
             private.earliest_start(i.lead_time_hours, now()), private.latest_start(i.max_advance_days, now()),
             private.bookable_length(60, i.slot_minutes, i.min_booking_minutes, i.max_booking_minutes),
             private.length_error(60, i.slot_minutes, i.min_booking_minutes, i.max_booking_minutes),
             private.instrument_bookable(i.status, 'approved'),
             private.cancel_error(b.status, b.during, i.cancellation_deadline_hours, true, false, now()),
             private.decide_error(b.status, b.during, true, true, now()), private.complete_error(b.status, b.during, true, now()),
             private.booking_expired(b.status, b.during, now()), private.cancel_role(true, false),
             (select count(*) from private.slot_starts(tstzmultirange(b.during), b.created_at, b.updated_at, interval '1 hour', 60))
      from public.bookings b join public.instruments i on i.id = b.instrument_id`);
    const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
    expect(plan).toContain("public.bookings");
    expect(plan.match(/private\.[a-z_]+/g) ?? []).toEqual([]);
  });
});
