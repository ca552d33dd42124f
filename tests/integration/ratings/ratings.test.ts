// Satisfaction ratings (issue 11, part 7) through supabase-js: the invitation queued on completion,
// rate_booking's rules (once, only the requester, only completed bookings, until 30 days after the
// end), the database refusing the same even for a superuser's insert, the instrument's public
// average from 5 ratings on, and instrument_satisfaction for the evaluation sheet checked against
// an independent computation from the rows. Days are computed, never assumed (ADR 014).
import type { SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Fixtures, shanghai, shanghaiDate, type Engineer, type LabWorld } from "../../support/fixtures.ts";
import { anonClient, type TestUser } from "../../support/supabase.ts";
import { completeBooking } from "../booking/helpers.ts";

const f = new Fixtures();
let world: LabWorld;
let otherWorld: LabWorld;
let requester: Engineer;
let colleague: Engineer;
let otherEngineer: Engineer;
let analyst: TestUser;
let instrument: string;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  [world, otherWorld, requester, otherEngineer, analyst] = await Promise.all([
    f.labWorld(),
    f.labWorld("institute"),
    f.engineer(),
    f.engineer(),
    f.bureau("analyst"),
  ]);
  colleague = await f.engineer(requester.organisationId);
  instrument = await f.instrument(world.labId);
});
afterAll(() => f.end());

/** A booking of `requester` that ended `endedAgoMs` ago (two hours long), in the given status. */
async function pastBooking(
  status: "confirmed" | "completed" | "no_show" | "cancelled" = "completed",
  endedAgoMs = DAY,
  on = instrument,
  by: Engineer = requester,
): Promise<string> {
  const end = new Date(Math.floor((Date.now() - endedAgoMs) / HOUR) * HOUR);
  // a live (confirmed) booking gets an instrument of its own: live bookings may not overlap
  if (status === "confirmed" && on === instrument) on = await f.instrument(world.labId);
  return f.booking({ instrumentId: on, requesterId: by.id, organisationId: by.organisationId, start: new Date(end.getTime() - 2 * HOUR), end, status });
}

async function rate(client: SupabaseClient, bookingId: string, rating: unknown, comment?: string | null) {
  const { data, error, status } = await client.rpc("rate_booking", {
    p_booking_id: bookingId,
    p_rating: rating,
    ...(comment !== undefined ? { p_comment: comment } : {}),
  });
  return { data, code: error?.message ?? null, status };
}

const ratings = (bookingId: string) => f.count("public.booking_ratings", "booking_id = $1", [bookingId]);

describe("the rating invitation", () => {
  it("is queued for the requester when the lab records a completion, once, and not for a no-show", async () => {
    const done = await pastBooking("confirmed");
    const missed = await pastBooking("confirmed", 2 * DAY);
    expect((await completeBooking(world.technician.client, done, 120)).code).toBeNull();
    expect((await completeBooking(world.technician.client, missed, null, true)).code).toBeNull();
    const rows = await f.q<{ template: string; recipient_id: string; idempotency_key: string; payload: { rate_until: string } }>(
      `select template, recipient_id, idempotency_key, payload from public.email_outbox where booking_id = $1 and template = 'booking_rating_request'`,
      [done],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].recipient_id).toBe(requester.id);
    expect(rows[0].idempotency_key).toBe(`booking_rating_request/${done}`);
    const end = await f.one<{ end: Date }>(`select upper(during) as end from public.bookings where id = $1`, [done]);
    expect(Date.parse(rows[0].payload.rate_until)).toBe(end.end.getTime() + 30 * DAY);
    expect(await f.count("public.email_outbox", "booking_id = $1 and template = 'booking_rating_request'", [missed])).toBe(0);
  });
});

describe("rate_booking", () => {
  it("takes the requester's rating of a completed booking once, with an optional comment", async () => {
    const booking = await pastBooking();
    const first = await rate(requester.client, booking, 4, "  数据清楚，服务及时。 ");
    expect(first.code).toBeNull();
    expect(first.data).toMatchObject({ booking_id: booking, instrument_id: instrument, rating: 4, comment: "数据清楚，服务及时。", rated_by: requester.id });
    const again = await rate(requester.client, booking, 5);
    expect(again.code).toBe("RATING_ALREADY_RATED");
    expect(again.status).toBe(400);
    expect(await f.one(`select rating, comment from public.booking_ratings where booking_id = $1`, [booking])).toEqual({
      rating: 4,
      comment: "数据清楚，服务及时。",
    });
    const silent = await pastBooking();
    expect((await rate(requester.client, silent, 1, "")).data).toMatchObject({ rating: 1, comment: null });
  });

  it("refuses everyone but the requester, and writes nothing", async () => {
    const booking = await pastBooking();
    for (const [who, client, code] of [
      ["a colleague of the same organisation", colleague.client, "RATING_FORBIDDEN"],
      ["the lab's manager", world.manager.client, "RATING_FORBIDDEN"],
      ["the bureau", analyst.client, "RATING_FORBIDDEN"],
      ["another engineer", otherEngineer.client, "RATING_NOT_FOUND"],
      ["another lab's staff", otherWorld.manager.client, "RATING_NOT_FOUND"],
      ["a visitor", anonClient(), null],
    ] as const) {
      const result = await rate(client, booking, 5);
      if (code) expect(result.code, who).toBe(code);
      else expect(result.status, who).toBeGreaterThanOrEqual(400);
    }
    expect(await ratings(booking)).toBe(0);
  });

  it("rates only completed bookings", async () => {
    for (const status of ["confirmed", "no_show", "cancelled"] as const) {
      const booking = await pastBooking(status, 3 * DAY);
      expect((await rate(requester.client, booking, 5)).code, status).toBe("RATING_NOT_COMPLETED");
      expect(await ratings(booking)).toBe(0);
    }
    const unknown = await rate(requester.client, "00000000-0000-4000-8000-00000000dead", 5);
    expect(unknown.code).toBe("RATING_NOT_FOUND");
  });

  it("takes ratings until 30 days after the booking's end, not after", async () => {
    const inside = await pastBooking("completed", 29 * DAY);
    const outside = await pastBooking("completed", 31 * DAY);
    expect((await rate(requester.client, inside, 3)).code).toBeNull();
    expect((await rate(requester.client, outside, 3)).code).toBe("RATING_WINDOW_CLOSED");
    expect(await ratings(outside)).toBe(0);
    // the boundary itself, with "now" passed in
    const edge = await f.one<{ at: string; after: string | null; before: string | null }>(
      `select private.rating_error('completed', b.during, true, false, upper(b.during) + interval '30 days') as at,
              private.rating_error('completed', b.during, true, false, upper(b.during) + interval '30 days 1 microsecond') as after,
              private.rating_error('completed', b.during, true, false, upper(b.during) - interval '1 hour') as before
       from public.bookings b where b.id = $1`,
      [inside],
    );
    expect(edge).toEqual({ at: null, after: "RATING_WINDOW_CLOSED", before: null });
  });

  it("refuses bad input with a stable code and writes nothing", async () => {
    const booking = await pastBooking();
    for (const [what, rating, comment] of [
      ["zero", 0, undefined],
      ["six", 6, undefined],
      ["no rating", null, undefined],
      ["a comment over 1000 characters", 4, "好".repeat(1001)],
      ["a control character", 4, "ok\u0007"],
    ] as const) {
      const result = await rate(requester.client, booking, rating, comment);
      expect(result.code, what).toBe("RATING_INVALID_INPUT");
      expect(result.status, what).toBe(400);
    }
    expect((await rate(requester.client, booking, "five")).status).toBe(400);
    expect(await ratings(booking)).toBe(0);
  });

  it("is enforced by the table itself: a superuser's insert breaking a rule is refused, a rating cannot change", async () => {
    const confirmed = await pastBooking("confirmed");
    const old = await pastBooking("completed", 40 * DAY);
    const done = await pastBooking();
    const insert = (booking: string, by: string) =>
      f.q(`insert into public.booking_ratings (booking_id, instrument_id, rating, rated_by) values ($1, $2, 5, $3)`, [booking, instrument, by]);
    await expect(insert(confirmed, requester.id)).rejects.toThrow("RATING_NOT_COMPLETED");
    await expect(insert(old, requester.id)).rejects.toThrow("RATING_WINDOW_CLOSED");
    await expect(insert(done, colleague.id)).rejects.toThrow("RATING_FORBIDDEN");
    await insert(done, requester.id);
    await expect(insert(done, requester.id)).rejects.toThrow("RATING_ALREADY_RATED");
    await expect(f.q(`update public.booking_ratings set rating = 1 where booking_id = $1`, [done])).rejects.toThrow("APPEND_ONLY");
    await expect(f.q(`delete from public.booking_ratings where booking_id = $1`, [done])).rejects.toThrow("APPEND_ONLY");
  });
});

describe("booking_rating_status", () => {
  it("tells the requester whether and until when they may rate, and why not", async () => {
    const booking = await pastBooking();
    const status = async (client: SupabaseClient) => {
      const { data, error } = await client.rpc("booking_rating_status", { p_booking_id: booking });
      expect(error).toBeNull();
      return (data as { can_rate: boolean; error: string | null; rate_until: string }[])[0] ?? null;
    };
    const open = await status(requester.client);
    expect(open).toMatchObject({ can_rate: true, error: null });
    expect(await status(world.manager.client)).toMatchObject({ can_rate: false, error: "RATING_FORBIDDEN" });
    expect(await status(otherEngineer.client)).toBeNull();
    await rate(requester.client, booking, 5);
    expect(await status(requester.client)).toMatchObject({ can_rate: false, error: "RATING_ALREADY_RATED" });
  });
});

describe("instrument_rating (the instrument page)", () => {
  it("shows the average only from the fifth rating on, to visitors too", async () => {
    const own = await f.instrument(world.labId);
    const values = [5, 4, 4, 3, 5];
    for (const [i, value] of values.entries()) {
      const rater = i % 2 === 0 ? requester : colleague;
      const booking = await pastBooking("completed", (i + 1) * DAY, own, rater);
      expect((await rate(rater.client, booking, value)).code).toBeNull();
      const { data } = await anonClient().rpc("instrument_rating", { p_instrument_id: own });
      const row = (data as { average: number | null; ratings: number }[])[0];
      expect(row.ratings).toBe(i + 1);
      if (i < 4) expect(row.average).toBeNull();
      else expect(Number(row.average)).toBe(4.2);
    }
  });
});

describe("instrument_satisfaction (the evaluation sheet)", () => {
  it("equals an independent computation from the bookings started in the period, for the bureau", async () => {
    const a = await f.instrument(otherWorld.labId);
    const b = await f.instrument(otherWorld.labId);
    const samples: [string, number, number][] = [
      [a, 3, 5],
      [a, 4, 2],
      [a, 5, 4],
      [b, 6, 1],
      [b, 7, 2],
    ];
    for (const [on, daysAgo, value] of samples) {
      const booking = await pastBooking("completed", daysAgo * DAY, on, otherEngineer);
      expect((await rate(otherEngineer.client, booking, value)).code).toBeNull();
    }
    const from = shanghaiDate(-20);
    const to = shanghaiDate(0);
    const { data, error } = await analyst.client.rpc("instrument_satisfaction", { p_from: from, p_to: to });
    expect(error).toBeNull();
    const got = new Map((data as { instrument_id: string; average: number; ratings: number }[]).map((r) => [r.instrument_id, r]));
    // independent: from the booking rows and rating rows, grouped here
    const expectedRows = await f.q<{ instrument_id: string; total: number; n: number }>(
      `select r.instrument_id, sum(r.rating)::int as total, count(*)::int as n
       from public.booking_ratings r join public.bookings b on b.id = r.booking_id
       where r.instrument_id = any($1) and lower(b.during) >= $2 and lower(b.during) < $3
       group by 1`,
      [[a, b], shanghai(from).toISOString(), shanghai(to, "24:00").toISOString()],
    );
    expect(expectedRows).toHaveLength(2);
    for (const row of expectedRows) {
      expect(got.get(row.instrument_id)?.ratings).toBe(row.n);
      expect(Number(got.get(row.instrument_id)?.average)).toBeCloseTo(row.total / row.n, 2);
    }
    expect(Number(got.get(a)?.average)).toBeCloseTo(11 / 3, 2);
    // a period before the bookings has none of them
    const before = await analyst.client.rpc("instrument_satisfaction", { p_from: shanghaiDate(-400), p_to: shanghaiDate(-60) });
    expect((before.data as { instrument_id: string }[]).filter((r) => r.instrument_id === a || r.instrument_id === b)).toEqual([]);
  });

  it("gives lab staff their labs' instruments only, and refuses SMEs and bad periods", async () => {
    const { data: staff } = await otherWorld.manager.client.rpc("instrument_satisfaction", { p_from: shanghaiDate(-20), p_to: shanghaiDate(0) });
    const labInstruments = new Set(
      (await f.q<{ id: string }>(`select id from public.instruments where lab_id = $1`, [otherWorld.labId])).map((r) => r.id),
    );
    expect((staff as { instrument_id: string }[]).length).toBeGreaterThan(0);
    for (const row of staff as { instrument_id: string }[]) expect(labInstruments.has(row.instrument_id)).toBe(true);

    const sme = await requester.client.rpc("instrument_satisfaction", { p_from: shanghaiDate(-20), p_to: shanghaiDate(0) });
    expect(sme.error?.message).toBe("STATS_FORBIDDEN");
    for (const [from, to] of [
      [shanghaiDate(0), shanghaiDate(-1)],
      [shanghaiDate(-20 * 365), shanghaiDate(0)],
    ]) {
      const bad = await analyst.client.rpc("instrument_satisfaction", { p_from: from, p_to: to });
      expect(bad.error?.message).toBe("STATS_INVALID_INPUT");
      expect(bad.status).toBe(400);
    }
    const malformed = await analyst.client.rpc("instrument_satisfaction", { p_from: "2026-02-30", p_to: "2026-03-01" });
    expect(malformed.status).toBe(400);
  });
});
