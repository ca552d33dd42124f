// Who may read the statistics (bureau staff; a lab's own staff for that lab) and what bad input
// gets: stable error codes through supabase-js, as the UI sees them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Fixtures } from "../../support/fixtures.ts";
import { anonClient, type TestUser } from "../../support/supabase.ts";
import { buildStatsWorld, type StatsWorld } from "./world.ts";

const f = new Fixtures();
let w: StatsWorld;
let bureau: TestUser;
let engineer: TestUser;
let otherStaff: TestUser;

beforeAll(async () => {
  w = await buildStatsWorld(f);
  bureau = await f.bureau();
  engineer = await f.engineer(w.smeA);
  otherStaff = (await f.labWorld()).manager;
});
afterAll(() => f.end());

const march = { p_from: "2026-03-01", p_to: "2026-03-31", p_group: "lab" };

describe("utilisation rights", () => {
  it("answers bureau staff, with or without a lab filter", async () => {
    expect((await bureau.client.rpc("utilisation", march)).error).toBeNull();
    const { data, error } = await bureau.client.rpc("utilisation", { ...march, p_lab_id: w.labId });
    expect(error).toBeNull();
    expect(data).toHaveLength(1);
  });

  it("answers a lab's staff about their own lab only", async () => {
    const own = await w.manager.client.rpc("utilisation", { ...march, p_lab_id: w.labId });
    expect(own.error).toBeNull();
    expect(own.data).toHaveLength(1);
    const all = await w.manager.client.rpc("utilisation", march);
    expect(all.error).toMatchObject({ code: "P0001", message: "STATS_FORBIDDEN" });
  });

  it.each([
    ["an engineer", () => engineer, { p_lab_id: null }],
    ["an engineer naming a lab", () => engineer, { p_lab_id: "__lab__" }],
    ["another lab's staff", () => otherStaff, { p_lab_id: "__lab__" }],
  ])("refuses %s", async (_who, user, extra) => {
    const args = { ...march, p_lab_id: extra.p_lab_id === "__lab__" ? w.labId : null };
    const { data, error } = await user().client.rpc("utilisation", args);
    expect(data).toBeNull();
    expect(error).toMatchObject({ code: "P0001", message: "STATS_FORBIDDEN" });
  });

  it("refuses visitors before the function runs", async () => {
    const { data, error } = await anonClient().rpc("utilisation", { ...march, p_lab_id: w.labId });
    expect(data).toBeNull();
    expect(error?.code).toBe("42501");
  });

  it("checks rights before input", async () => {
    const { error } = await engineer.client.rpc("utilisation", { ...march, p_group: "nonsense" });
    expect(error?.message).toBe("STATS_FORBIDDEN");
  });

  it("keeps the rollup tables to the bureau and the lab's staff", async () => {
    const read = (user: TestUser) => user.client.from("instrument_day_stats").select("instrument_id").in("instrument_id", [w.sem, w.icp]);
    expect((await read(bureau)).data?.length).toBeGreaterThan(0);
    expect((await read(w.manager)).data?.length).toBeGreaterThan(0);
    expect((await read(engineer)).data).toEqual([]);
    expect((await read(otherStaff)).data).toEqual([]);
    expect((await anonClient().from("instrument_day_stats").select("instrument_id")).error?.code).toBe("42501");
    const write = await bureau.client.from("instrument_day_stats").delete().eq("instrument_id", w.sem);
    expect(write.error?.code).toBe("42501");
  });
});

describe("utilisation input", () => {
  it.each([
    ["from after to", { p_from: "2026-03-31", p_to: "2026-03-01" }],
    ["more than three years", { p_from: "2023-01-01", p_to: "2026-01-02" }],
    ["an unknown grouping", { p_group: "country" }],
    ["an unknown period", { p_period: "day" }],
    ["no start", { p_from: null }],
  ])("rejects %s with STATS_INVALID_INPUT", async (_case, bad) => {
    const { data, error } = await bureau.client.rpc("utilisation", { ...march, ...bad });
    expect(data).toBeNull();
    expect(error).toMatchObject({ code: "P0001", message: "STATS_INVALID_INPUT" });
  });

  it("accepts exactly three years", async () => {
    const { error } = await bureau.client.rpc("utilisation", { p_from: "2023-01-01", p_to: "2026-01-01", p_group: "network", p_lab_id: w.labId });
    expect(error).toBeNull();
  });

  it("rejects a malformed date as a client error", async () => {
    const { error } = await bureau.client.rpc("utilisation", { ...march, p_from: "2026-02-30" });
    expect(error?.code).toBe("22008");
  });
});
