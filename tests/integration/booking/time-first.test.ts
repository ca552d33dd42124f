// Time-first search: instruments_free_between(from, to, minutes) lists the public instruments with
// a bookable slot of that length fully inside the window, using the booking engine's rules
// (opening hours, closures, live bookings, lengths), callable by visitors.
import type { SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, addMinutes, everyDay, Fixtures, shanghai, shanghaiDate, type Engineer, type LabWorld } from "../../support/fixtures.ts";
import { anonClient } from "../../support/supabase.ts";
import { ms, ok, refused, type RpcResult } from "./helpers.ts";

const f = new Fixtures();
let world: LabWorld;
let engineer: Engineer;
const day = shanghaiDate(8);

beforeAll(async () => {
  [world, engineer] = await Promise.all([f.labWorld(), f.engineer()]);
});
afterAll(() => f.end());

interface FreeRow {
  instrument_id: string;
  first_start: string;
}

async function freeBetween(client: SupabaseClient, from: Date, to: Date, minutes: number): Promise<RpcResult<FreeRow[]>> {
  const { data, error, status } = await client.rpc("instruments_free_between", {
    p_from: from.toISOString(),
    p_to: to.toISOString(),
    p_minutes: minutes,
  });
  return { data: (data as FreeRow[] | null) ?? null, code: error?.message ?? null, pgCode: error?.code ?? null, status };
}

/** The rows for the given instruments only (the function searches the whole network). */
function among(rows: FreeRow[], ids: string[]): [string, number][] {
  return rows.filter((r) => ids.includes(r.instrument_id)).map((r) => [r.instrument_id, ms(r.first_start)]);
}

describe("instruments_free_between", () => {
  it("lists only the instruments with a free slot of the length inside the window", async () => {
    const hours = everyDay("08:00", "18:00");
    const [free, booked, closed, gap, maintenance, short] = await Promise.all([
      f.instrument(world.labId, {}, hours),
      f.instrument(world.labId, {}, hours),
      f.instrument(world.labId, {}, hours),
      f.instrument(world.labId, {}, hours),
      f.instrument(world.labId, { status: "maintenance" }, hours),
      f.instrument(world.labId, { min_booking_minutes: 30, max_booking_minutes: 60 }, hours),
    ]);
    const ids = [free, booked, closed, gap, maintenance, short];
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
    expect(among(ok(await freeBetween(engineer.client, from, to, 120)), ids)).toEqual([[free, from.getTime()]]);

    // One hour fits the gap; the short instrument takes at most an hour. 45 minutes round up to 60.
    const hour = among(ok(await freeBetween(engineer.client, from, to, 45)), ids);
    expect(hour).toHaveLength(3);
    expect(hour).toEqual(
      expect.arrayContaining([
        [free, from.getTime()],
        [short, from.getTime()],
        [gap, shanghai(day, "12:00").getTime()],
      ]),
    );

    // The slot must end inside the window.
    expect(among(ok(await freeBetween(engineer.client, from, addMinutes(from, 90), 120)), ids)).toEqual([]);
    expect(among(ok(await freeBetween(engineer.client, shanghai(day, "16:00"), shanghai(day, "20:00"), 120)), ids)).toEqual([
      [free, shanghai(day, "16:00").getTime()],
    ]);
  });

  it("is open to visitors", async () => {
    const instrument = await f.instrument(world.labId);
    const rows = ok(await freeBetween(anonClient(), shanghai(day, "08:00"), shanghai(day, "18:00"), 60));
    expect(among(rows, [instrument])).toEqual([[instrument, shanghai(day, "08:00").getTime()]]);
  });

  it("refuses bad input with stable codes", async () => {
    const client = anonClient();
    const from = shanghai(day, "08:00");
    refused(await freeBetween(client, from, from, 60), "BOOKING_INVALID_RANGE");
    refused(await freeBetween(client, from, addMinutes(from, -60), 60), "BOOKING_INVALID_RANGE");
    refused(await freeBetween(client, from, addMinutes(from, 32 * 24 * 60), 60), "BOOKING_RANGE_TOO_LONG");
    refused(await freeBetween(client, from, addMinutes(from, 600), 10), "BOOKING_INVALID_INPUT");
    refused(await freeBetween(client, from, addMinutes(from, 600), 10081), "BOOKING_INVALID_INPUT");
    const { error } = await client.rpc("instruments_free_between", { p_from: from.toISOString(), p_to: null, p_minutes: 60 });
    expect(error?.message).toBe("BOOKING_INVALID_INPUT");
  });
});
