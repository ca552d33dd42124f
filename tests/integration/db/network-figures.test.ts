// public.network_figures(): the home page's figures, callable by anon, matching direct SQL counts.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { anonClient } from "../../support/supabase.ts";
import { TEST_STACK } from "../../support/test-env.ts";

const db = new pg.Pool({ connectionString: TEST_STACK.dbUrl, max: 2 });
afterAll(() => db.end());

async function expected() {
  const { rows } = await db.query<{ labs: string; instruments: string; hours: string }>(
    `select
       (select count(*) from public.labs where status = 'approved') as labs,
       (select count(*) from public.instruments i join public.labs l on l.id = i.lab_id
         where i.status <> 'retired' and l.status = 'approved') as instruments,
       (select coalesce(sum(used_minutes), 0) / 60 from public.instrument_day_stats
         where extract(year from day) = extract(year from now() at time zone 'Asia/Shanghai')) as hours`,
  );
  return rows[0];
}

describe("network_figures()", () => {
  it("matches direct SQL counts", async () => {
    const want = await expected();
    const { rows } = await db.query("select * from public.network_figures()");
    expect(rows).toHaveLength(1);
    expect(rows[0].labs).toBe(want.labs);
    expect(rows[0].instruments).toBe(want.instruments);
    expect(Number(rows[0].hours_served_this_year)).toBeCloseTo(Number(want.hours), 6);
    expect(Number(want.labs)).toBeGreaterThan(0);
    expect(Number(want.instruments)).toBeGreaterThan(0);
  });

  it("can be called by anon through the API", async () => {
    const want = await expected();
    const { data, error } = await anonClient().rpc("network_figures");
    expect(error).toBeNull();
    expect(data).toHaveLength(1);
    const row = (data as { labs: number; instruments: number; hours_served_this_year: number }[])[0];
    expect(row.labs).toBe(Number(want.labs));
    expect(row.instruments).toBe(Number(want.instruments));
    expect(Number(row.hours_served_this_year)).toBeCloseTo(Number(want.hours), 6);
  });

  it("is security definer with an empty search_path and not executable by public", async () => {
    const { rows } = await db.query(
      `select p.prosecdef, p.proconfig, p.provolatile,
              has_function_privilege('anon', p.oid, 'execute') as anon,
              has_function_privilege('authenticated', p.oid, 'execute') as authenticated,
              exists (select 1 from aclexplode(p.proacl) a where a.grantee = 0) as public
         from pg_proc p where p.oid = 'public.network_figures()'::regprocedure`,
    );
    expect(rows).toEqual([
      { prosecdef: true, proconfig: ['search_path=""'], provolatile: "s", anon: true, authenticated: true, public: false },
    ]);
  });
});
