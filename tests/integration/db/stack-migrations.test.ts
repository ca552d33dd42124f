// The local stack warns when supabase/migrations changed since its database was migrated, because
// the Supabase CLI silently skips a migration it has recorded even when the file changed
// (supabase/local/stack.ts). Checked against the vitest stack's database, which the CLI migrated
// from the files as they are: no false alarm there, and each kind of change is seen, with the
// recorded migrations altered inside a transaction that is rolled back.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationsChangedSinceMigrated } from "../../../supabase/local/stack.ts";
import { TEST_STACK } from "../../support/test-env.ts";

const client = new pg.Client({ connectionString: TEST_STACK.dbUrl });
beforeAll(() => client.connect());
afterAll(() => client.end());

async function changedWhen(sql: string): Promise<string[]> {
  await client.query("begin");
  try {
    await client.query(sql);
    return await migrationsChangedSinceMigrated(client);
  } finally {
    await client.query("rollback");
  }
}

describe("migrationsChangedSinceMigrated", () => {
  it("finds nothing on a database migrated from the current files", async () => {
    const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from supabase_migrations.schema_migrations`);
    expect(rows[0].n).toBeGreaterThan(3);
    expect(await migrationsChangedSinceMigrated(client)).toEqual([]);
  });

  it("ignores comments and white space", async () => {
    expect(
      await changedWhen(`update supabase_migrations.schema_migrations
                         set statements = array_prepend('-- a comment', statements) || '  '::text
                         where version = '20261127020000'`),
    ).toEqual([]);
  });

  it("sees a changed, a removed and an out-of-order migration", async () => {
    expect(
      await changedWhen(`update supabase_migrations.schema_migrations
                         set statements = statements || 'select 1'::text where version = '20261127020000'`),
    ).toEqual(["20261127020000_booking_engine.sql changed"]);
    expect(
      await changedWhen(`insert into supabase_migrations.schema_migrations (version, name, statements)
                         values ('20261127060000', 'time_first_search', '{}')`),
    ).toEqual(["20261127060000_time_first_search.sql is gone"]);
    expect(await changedWhen(`delete from supabase_migrations.schema_migrations where version = '20261127030000'`)).toEqual([
      "20261127030000_utilisation.sql is older than the last applied migration",
    ]);
  });
});
