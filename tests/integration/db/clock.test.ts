// The clocks tests rely on agree: the worker running this file and Postgres read the same "now"
// (under `npm run test:dates` both are the faked instant, tests/support/fake-clock.ts), a
// signed-in request through PostgREST still works (tokens come from the real clock), and
// Postgres's timeouts still fire (they did not under libfaketime: no deadlock detection).
import { afterAll, describe, expect, it } from "vitest";
import { Fixtures } from "../../support/fixtures.ts";
import { createSignedInUser } from "../../support/supabase.ts";

const f = new Fixtures();
afterAll(() => f.end());

describe("the test clock", () => {
  it("is the same in the test worker and in Postgres", async () => {
    const before = Date.now();
    const { now } = await f.one<{ now: Date }>("select now()");
    const after = Date.now();
    console.log(`worker: ${new Date(before).toISOString()}  postgres: ${now.toISOString()}`);
    expect(now.getTime()).toBeGreaterThanOrEqual(before - 2_000);
    expect(now.getTime()).toBeLessThanOrEqual(after + 2_000);
  });

  it("is the instant asked for under test:dates", () => {
    const target = process.env.TEST_FAKE_NOW;
    if (!target) return;
    // Setup starts the stack after computing the offset: tests begin a little after the instant.
    const late = Date.now() - new Date(target).getTime();
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThan(30 * 60_000);
  });

  it("still fires Postgres's timeouts (statement_timeout, and so deadlock_timeout)", async () => {
    const client = await f.db.connect();
    const started = performance.now();
    try {
      await client.query("begin");
      await client.query("set local statement_timeout = 300");
      await expect(client.query("select pg_sleep(3)")).rejects.toThrow(/statement timeout/);
    } finally {
      await client.query("rollback").catch(() => undefined);
      client.release();
    }
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("signs in and reads through PostgREST, whose own clock is the real one", async () => {
    const user = await createSignedInUser();
    const { data, error } = await user.client.from("profiles").select("id").eq("id", user.id);
    expect(error).toBeNull();
    expect(data).toEqual([{ id: user.id }]);
  });
});
