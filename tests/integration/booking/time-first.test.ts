// Time-first search: search_instruments' free window (p_free_from, p_free_to, p_free_minutes) keeps
// the public instruments with a bookable slot of that length fully inside the window, by the booking
// engine's rules (opening hours, closures, live bookings, lengths), for visitors too. Each answer is
// also checked against free_slots asked once per instrument (tests/support/free-slots-oracle.ts), so
// the set-wise check and the per-instrument engine cannot drift apart.
import type { SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freeBySlots } from "../../support/free-slots-oracle.ts";
import { addDays, addMinutes, everyDay, Fixtures, shanghai, shanghaiDate, type Engineer, type LabWorld } from "../../support/fixtures.ts";
import { anonClient } from "../../support/supabase.ts";
import { refused, type RpcResult } from "./helpers.ts";

const f = new Fixtures();
let world: LabWorld;
let engineer: Engineer;
const day = shanghaiDate(8);

beforeAll(async () => {
  [world, engineer] = await Promise.all([f.labWorld(), f.engineer()]);
});
afterAll(() => f.end());

/** The ids search_instruments finds free in the window among this lab's instruments. */
async function freeIn(client: SupabaseClient, from: Date, to: Date, minutes: number | null): Promise<RpcResult<string[]>> {
  const { data, error, status } = await client.rpc("search_instruments", {
    p_lab: world.labId,
    p_free_from: from.toISOString(),
    p_free_to: to.toISOString(),
    p_free_minutes: minutes,
    p_limit: 100,
  });
  const row = (data as { ids: string[] }[] | null)?.[0];
  return { data: row?.ids ?? null, code: error?.message ?? null, pgCode: error?.code ?? null, status };
}

/** The free ones among `ids`, by search_instruments and by free_slots; both must agree. */
async function free(client: SupabaseClient, ids: string[], from: Date, to: Date, minutes: number): Promise<string[]> {
  const result = await freeIn(client, from, to, minutes);
  expect(result.code).toBeNull();
  const searched = (result.data ?? []).filter((x) => ids.includes(x)).sort();
  const engine = (await freeBySlots(client, ids, { from: from.toISOString(), to: to.toISOString(), minutes })).sort();
  expect(searched).toEqual(engine);
  return searched;
}

describe("time-first search", () => {
  it("keeps only the instruments with a free slot of the length inside the window", async () => {
    const hours = everyDay("08:00", "18:00");
    const [open, booked, closed, gap, maintenance, short] = await Promise.all([
      f.instrument(world.labId, {}, hours),
      f.instrument(world.labId, {}, hours),
      f.instrument(world.labId, {}, hours),
      f.instrument(world.labId, {}, hours),
      f.instrument(world.labId, { status: "maintenance" }, hours),
      f.instrument(world.labId, { min_booking_minutes: 30, max_booking_minutes: 60 }, hours),
    ]);
    const ids = [open, booked, closed, gap, maintenance, short];
    const booking = { requesterId: engineer.id, organisationId: engineer.organisationId };
    // Fully booked by live bookings (a pending and a confirmed one); a cancelled one frees nothing.
    await f.booking({ ...booking, instrumentId: booked, start: shanghai(day, "08:00"), end: shanghai(day, "12:00"), status: "pending" });
    await f.booking({ ...booking, instrumentId: booked, start: shanghai(day, "12:00"), end: shanghai(day, "18:00") });
    // One free hour between two bookings.
    await f.booking({ ...booking, instrumentId: gap, start: shanghai(day, "08:00"), end: shanghai(day, "12:00") });
    await f.booking({ ...booking, instrumentId: gap, start: shanghai(day, "13:00"), end: shanghai(day, "18:00") });
    await f.booking({ ...booking, instrumentId: gap, start: shanghai(day, "12:00"), end: shanghai(day, "13:00"), status: "cancelled" });
    await f.exception(closed, "closure", shanghai(day, "00:00"), shanghai(addDays(day, 1), "00:00"));

    const from = shanghai(day, "08:00");
    const to = shanghai(day, "18:00");
    expect(await free(engineer.client, ids, from, to, 120)).toEqual([open]);
    // One hour fits the gap; the short instrument takes at most an hour. 45 minutes round up to 60.
    expect(await free(engineer.client, ids, from, to, 45)).toEqual([open, gap, short].sort());
    // Longer than the short instrument's maximum: it cannot serve the search.
    expect(await free(engineer.client, ids, from, to, 90)).toEqual([open]);
    // The slot must end inside the window: the gap's free hour starts at 12:00, so a window that
    // ends at 12:30 has no hour for it, one that ends at 13:00 has.
    expect(await free(engineer.client, ids, from, addMinutes(from, 90), 120)).toEqual([]);
    expect(await free(engineer.client, [gap], from, shanghai(day, "12:30"), 60)).toEqual([]);
    expect(await free(engineer.client, [gap], from, shanghai(day, "13:00"), 60)).toEqual([gap]);
    expect(await free(engineer.client, ids, shanghai(day, "16:00"), shanghai(day, "20:00"), 120)).toEqual([open]);
    // Cancelling a booking frees its time at once.
    await f.q(`update public.bookings set status = 'cancelled' where instrument_id = $1 and status = 'pending'`, [booked]);
    expect(await free(engineer.client, ids, from, to, 120)).toEqual([open, booked].sort());
  });

  it("is open to visitors", async () => {
    const instrument = await f.instrument(world.labId);
    expect(await free(anonClient(), [instrument], shanghai(day, "08:00"), shanghai(day, "18:00"), 60)).toEqual([instrument]);
  });

  it("refuses bad input with stable codes", async () => {
    const client = anonClient();
    const from = shanghai(day, "08:00");
    refused(await freeIn(client, from, from, 60), "BOOKING_INVALID_RANGE");
    refused(await freeIn(client, from, addMinutes(from, -60), 60), "BOOKING_INVALID_RANGE");
    refused(await freeIn(client, from, addMinutes(from, 32 * 24 * 60), 60), "BOOKING_RANGE_TOO_LONG");
    refused(await freeIn(client, from, addMinutes(from, 600), 10), "BOOKING_INVALID_INPUT");
    refused(await freeIn(client, from, addMinutes(from, 600), 10081), "BOOKING_INVALID_INPUT");
    refused(await freeIn(client, from, addMinutes(from, 600), null), "BOOKING_INVALID_INPUT");
  });

  it("is not callable by its old name", async () => {
    const { error, status } = await anonClient().rpc("instruments_free_between", {
      p_from: shanghai(day, "08:00").toISOString(),
      p_to: shanghai(day, "18:00").toISOString(),
      p_minutes: 60,
    });
    expect(status).toBe(404);
    expect(error?.code).toBe("PGRST202");
  });
});
