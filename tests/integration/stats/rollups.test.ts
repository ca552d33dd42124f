// The daily rollups stay equal to a from-scratch rebuild through inserts, updates, status changes,
// deletes, exception and opening-hour changes; the rebuild is the service role's alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Fixtures, shanghai } from "../../support/fixtures.ts";
import { anonClient, serviceClient } from "../../support/supabase.ts";
import { buildStatsWorld, type StatsWorld } from "./world.ts";

const f = new Fixtures();
let w: StatsWorld;

beforeAll(async () => {
  w = await buildStatsWorld(f);
});
afterAll(() => f.end());

/** The rollup rows of this world's instruments, as text for exact comparison. */
async function snapshot(): Promise<unknown[]> {
  const ids = [w.sem, w.icp];
  return f.q(
    `select 'stats' as t, s.instrument_id, s.day::text, s.booked_minutes::text, s.used_minutes::text,
       s.external_minutes::text, s.bookings, s.completed, s.no_shows, s.revenue_cny::text
     from public.instrument_day_stats s where s.instrument_id = any($1::uuid[])
     union all
     select 'orgs', o.instrument_id, o.day::text, o.organisation_id::text, null, null, o.bookings, null, null, null
     from public.instrument_day_orgs o where o.instrument_id = any($1::uuid[])
     union all
     select 'exceptions', x.instrument_id, x.day::text, x.delta_minutes::text, null, null, null, null, null, null
     from public.instrument_day_exceptions x where x.instrument_id = any($1::uuid[])
     order by 1, 2, 3, 4`,
    [ids],
  );
}

async function expectEqualToRebuild(): Promise<void> {
  const incremental = await snapshot();
  expect(incremental.length).toBeGreaterThan(0);
  const { error } = await serviceClient().rpc("rebuild_instrument_day_stats");
  expect(error).toBeNull();
  expect(await snapshot()).toEqual(incremental);
}

describe("daily rollups", () => {
  it("match a rebuild after the world's inserts", async () => {
    await expectEqualToRebuild();
  });

  it("match a rebuild after status changes, edits, moves across midnight and deletes", async () => {
    const { b4, b6, b7, c1, c2, b5 } = w.bookings;
    // pending → confirmed → completed; confirmed → no-show; completed → actual minutes corrected
    await f.q(`update public.bookings set status = 'confirmed' where id = $1`, [b6]);
    await f.q(`update public.bookings set status = 'completed', actual_minutes = 55 where id = $1`, [b6]);
    await f.q(`update public.bookings set status = 'no_show' where id = $1`, [b4]);
    await f.q(`update public.bookings set actual_minutes = 135, rate_cny = 250 where id = $1`, [b7]);
    // moved to run across midnight, and another organisation
    await f.q(`update public.bookings set during = tstzrange($2, $3), organisation_id = $4 where id = $1`, [
      c1,
      shanghai("2026-03-20", "21:00").toISOString(),
      shanghai("2026-03-22", "03:00").toISOString(),
      w.labOrgId,
    ]);
    // an update that touches no figure
    await f.q(`update public.bookings set purpose = 'changed' where id = $1`, [c2]);
    await f.q(`delete from public.bookings where id = $1`, [c2]);
    await f.q(`update public.bookings set status = 'confirmed' where id = $1`, [b5]);
    await f.q(`update public.bookings set status = 'cancelled' where id = $1`, [b5]);
    // odd durations: 7 hours 20 minutes over three days, actual minutes that do not split evenly
    await f.booking({
      instrumentId: w.icp,
      requesterId: w.requester,
      organisationId: w.smeA,
      start: shanghai("2026-03-24", "23:50"),
      end: shanghai("2026-03-26", "00:10"),
      status: "completed",
      rateCny: 77.7,
      actualMinutes: 1001,
    });
    await expectEqualToRebuild();
  });

  it("drops empty rows when the last booking of a day goes", async () => {
    const id = await f.booking({
      instrumentId: w.icp,
      requesterId: w.requester,
      organisationId: w.smeB,
      start: shanghai("2026-05-06", "09:00"),
      end: shanghai("2026-05-06", "10:00"),
      status: "completed",
      rateCny: 100,
    });
    expect(await f.count("public.instrument_day_stats", "instrument_id = $1 and day = '2026-05-06'", [w.icp])).toBe(1);
    expect(await f.count("public.instrument_day_orgs", "instrument_id = $1 and day = '2026-05-06'", [w.icp])).toBe(1);
    await f.q(`update public.bookings set status = 'rejected' where id = $1`, [id]);
    expect(await f.count("public.instrument_day_stats", "instrument_id = $1 and day = '2026-05-06'", [w.icp])).toBe(0);
    expect(await f.count("public.instrument_day_orgs", "instrument_id = $1 and day = '2026-05-06'", [w.icp])).toBe(0);
  });

  it("follow exceptions and opening hours", async () => {
    const id = await f.exception(w.icp, "maintenance", shanghai("2026-03-17", "11:00"), shanghai("2026-03-18", "10:00"));
    // Tue 17 March loses 11:00–12:00 and 13:30–17:30; Wed 18 March 08:30–10:00.
    const rows = await f.q<{ day: string; delta: string }>(
      `select day::text, delta_minutes::text as delta from public.instrument_day_exceptions where instrument_id = $1 order by day`,
      [w.icp],
    );
    expect(rows).toEqual([
      { day: "2026-03-17", delta: "-300.0000" },
      { day: "2026-03-18", delta: "-90.0000" },
    ]);
    await f.q(`update public.availability_exceptions set during = tstzrange($2, $3) where id = $1`, [
      id,
      shanghai("2026-03-19", "08:00").toISOString(),
      shanghai("2026-03-19", "09:00").toISOString(),
    ]);
    await f.q(`update public.availability_rules set start_time = '09:00' where instrument_id = $1 and weekday = 4 and start_time = '08:30'`, [w.icp]);
    // Thursday now opens at 09:00, so an 08:00–09:00 maintenance takes nothing: no row.
    expect(await f.count("public.instrument_day_exceptions", "instrument_id = $1", [w.icp])).toBe(0);
    await f.q(`update public.availability_rules set start_time = '08:30' where instrument_id = $1 and weekday = 4 and start_time = '09:00'`, [w.icp]);
    expect(await f.count("public.instrument_day_exceptions", "instrument_id = $1", [w.icp])).toBe(1);
    // An extra opening overlapping opening hours adds only the time outside them; a closure wins over it.
    await f.exception(w.icp, "extra_opening", shanghai("2026-03-23", "11:00"), shanghai("2026-03-23", "14:00"));
    await f.exception(w.icp, "closure", shanghai("2026-03-23", "13:00"), shanghai("2026-03-23", "13:15"));
    const monday = await f.one<{ delta: string }>(
      `select delta_minutes::text as delta from public.instrument_day_exceptions where instrument_id = $1 and day = '2026-03-23'`,
      [w.icp],
    );
    expect(monday.delta).toBe("75.0000"); // 12:00–13:30 is 90 min, less 15 min closed
    await f.q(`delete from public.availability_exceptions where id = $1`, [id]);
    await expectEqualToRebuild();
  });

  it("recompute an instrument's external hours when it moves to another lab", async () => {
    const otherOrg = await f.organisation("institute");
    const otherLab = await f.lab(otherOrg);
    await f.q(`update public.instruments set lab_id = $2 where id = $1`, [w.sem, otherLab]);
    const row = await f.one<{ used: string; external: string }>(
      `select sum(used_minutes)::text as used, sum(external_minutes)::text as external from public.instrument_day_stats where instrument_id = $1`,
      [w.sem],
    );
    expect(row.external).toBe(row.used); // the old lab's own bookings are external now
    await expectEqualToRebuild();
    await f.q(`update public.instruments set lab_id = $2 where id = $1`, [w.sem, w.labId]);
  });

  it("can be rebuilt only by the service role", async () => {
    const bureau = await f.bureau("admin");
    expect((await bureau.client.rpc("rebuild_instrument_day_stats")).error?.code).toBe("42501");
    expect((await anonClient().rpc("rebuild_instrument_day_stats")).error?.code).toBe("42501");
  });
});
