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

  it("gives every security definer function in public a fixed search_path", async () => {
    const { rows } = await db.query<{ name: string }>(`
      select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.prosecdef
        and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) as cfg where cfg like 'search_path=%')
      order by 1`);
    expect(rows.map((r) => r.name)).toEqual([]);
  });
});
