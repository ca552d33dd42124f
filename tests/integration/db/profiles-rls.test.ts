// Row-level security of public.profiles, through PostgREST with real JWTs (supabase-js) and
// directly in Postgres with the real roles and claims.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonClient, createSignedInUser, type TestUser } from "../../support/supabase.ts";
import { TEST_STACK } from "../../support/test-env.ts";

let alice: TestUser;
let bob: TestUser;
const db = new pg.Pool({ connectionString: TEST_STACK.dbUrl, max: 2 });

beforeAll(async () => {
  [alice, bob] = await Promise.all([
    createSignedInUser({ display_name: "Alice", locale: "en" }),
    createSignedInUser({ display_name: "Bob" }),
  ]);
});
afterAll(() => db.end());

describe("profiles", () => {
  it("is created by the sign-up trigger with the metadata's name and language", async () => {
    const { rows } = await db.query("select display_name, locale from public.profiles where id = $1", [alice.id]);
    expect(rows).toEqual([{ display_name: "Alice", locale: "en" }]);
    const { rows: bobRows } = await db.query("select locale from public.profiles where id = $1", [bob.id]);
    expect(bobRows).toEqual([{ locale: "zh-CN" }]);
  });

  it("hides every row from anon", async () => {
    const { data, error } = await anonClient().from("profiles").select("*");
    // anon has no select grant: PostgREST answers 401 permission denied
    expect(data ?? []).toEqual([]);
    expect(error?.code).toBe("42501");
  });

  it("shows a user only their own row", async () => {
    const { data, error } = await alice.client.from("profiles").select("id, display_name");
    expect(error).toBeNull();
    expect(data).toEqual([{ id: alice.id, display_name: "Alice" }]);
    const other = await alice.client.from("profiles").select("id").eq("id", bob.id);
    expect(other.data).toEqual([]);
  });

  it("lets a user update their own row", async () => {
    const { data, error } = await alice.client
      .from("profiles")
      .update({ display_name: "Alice Wang", phone: "+86 519 8888 0000", locale: "zh-CN" })
      .eq("id", alice.id)
      .select("display_name, phone, locale");
    expect(error).toBeNull();
    expect(data).toEqual([{ display_name: "Alice Wang", phone: "+86 519 8888 0000", locale: "zh-CN" }]);
  });

  it("does not let a user update someone else's row", async () => {
    const { data, error } = await alice.client.from("profiles").update({ display_name: "hacked" }).eq("id", bob.id).select();
    expect(error).toBeNull();
    expect(data).toEqual([]);
    const { rows } = await db.query("select display_name from public.profiles where id = $1", [bob.id]);
    expect(rows[0].display_name).toBe("Bob");
  });

  it("does not let a user insert, delete or change the id", async () => {
    const insert = await alice.client.from("profiles").insert({ id: alice.id, display_name: "twice" });
    expect(insert.error?.code).toBe("42501");
    const del = await alice.client.from("profiles").delete().eq("id", alice.id);
    expect(del.error?.code).toBe("42501");
    const move = await alice.client.from("profiles").update({ id: bob.id }).eq("id", alice.id);
    expect(move.error?.code).toBe("42501");
    const { rows } = await db.query("select count(*)::int as n from public.profiles where id = any($1)", [[alice.id, bob.id]]);
    expect(rows[0].n).toBe(2);
  });

  it("rejects bad values with a constraint error and changes nothing", async () => {
    const tooLong = await bob.client.from("profiles").update({ display_name: "x".repeat(81) }).eq("id", bob.id);
    expect(tooLong.error?.code).toBe("23514");
    const badPhone = await bob.client.from("profiles").update({ phone: "call me" }).eq("id", bob.id);
    expect(badPhone.error?.code).toBe("23514");
    const badLocale = await bob.client.from("profiles").update({ locale: "fr" }).eq("id", bob.id);
    expect(badLocale.error?.code).toBe("23514");
    const { rows } = await db.query("select display_name, phone, locale from public.profiles where id = $1", [bob.id]);
    expect(rows[0]).toEqual({ display_name: "Bob", phone: null, locale: "zh-CN" });
  });

  it("applies the same rules inside Postgres for the authenticated role and its claims", async () => {
    const client = await db.connect();
    try {
      await client.query("begin");
      await client.query("set local role authenticated");
      await client.query("select set_config('request.jwt.claims', $1, true)", [
        JSON.stringify({ sub: bob.id, role: "authenticated" }),
      ]);
      const { rows } = await client.query("select id from public.profiles");
      expect(rows).toEqual([{ id: bob.id }]);
      await client.query("rollback");
    } finally {
      client.release();
    }
  });
});

describe("row-level security coverage", () => {
  it("is enabled on every table in public", async () => {
    const { rows } = await db.query(
      `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity`,
    );
    expect(rows).toEqual([]);
  });
});
