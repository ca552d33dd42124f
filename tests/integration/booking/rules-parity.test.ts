// The booking form restates two of the engine's rules so it can answer as the user chooses
// (app/lib/bookings/rules.ts, cost.ts). Each is compared here with the SQL that decides, on the
// boundary cases: a rule changed in one place and not the other fails this file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorisationCovers } from "~/lib/bookings/rules";
import { estimateBookingCost } from "~/lib/bookings/cost";
import { addMinutes, everyDay, Fixtures, shanghai, shanghaiDate, type Engineer } from "../../support/fixtures.ts";
import { ok, requestBooking } from "./helpers.ts";

const fx = new Fixtures();
let labId: string;
let engineer: Engineer;

beforeAll(async () => {
  ({ labId } = await fx.labWorld());
  engineer = await fx.engineer(await fx.organisation("enterprise"));
});

afterAll(() => fx.end());

describe("authorisationCovers = private.authorisation_covers", () => {
  it("agrees a second before, at and after the expiry, and without one", async () => {
    const instrumentId = await fx.instrument(labId, { requires_authorisation: true, service_modes: ["self_operation"] });
    const expiry = shanghai(shanghaiDate(20), "12:00");
    await fx.authorise(instrumentId, engineer.id, expiry);
    const open = await fx.instrument(labId, { requires_authorisation: true, service_modes: ["self_operation"] });
    await fx.authorise(open, engineer.id, null);
    for (const end of [addMinutes(expiry, -1), expiry, new Date(expiry.getTime() + 1000), addMinutes(expiry, 60 * 24 * 400)]) {
      const [sql] = await fx.q<{ covers: boolean }>(`select private.authorisation_covers($1, $2, $3) as covers`, [instrumentId, engineer.id, end]);
      expect(authorisationCovers(expiry.toISOString(), end), end.toISOString()).toBe(sql.covers);
      const [none] = await fx.q<{ covers: boolean }>(`select private.authorisation_covers($1, $2, $3) as covers`, [open, engineer.id, end]);
      expect(authorisationCovers(null, end)).toBe(none.covers);
    }
  });
});

describe("estimateBookingCost = request_booking's estimated_cost_cny, at booking_rate's rate", () => {
  it("agrees to the fen for awkward rates and lengths", async () => {
    const cases = [
      { rate: 333.33, minutes: 15 },
      { rate: 333.33, minutes: 45 },
      { rate: 0.1, minutes: 30 },
      { rate: 1234.56, minutes: 450 },
      { rate: 99.99, minutes: 1425 },
    ];
    for (const { rate, minutes } of cases) {
      const instrumentId = await fx.instrument(
        labId,
        { hourly_rate_cny: rate, sme_rate_cny: rate, slot_minutes: 15, min_booking_minutes: 15, max_booking_minutes: 1440, lead_time_hours: 0 },
        everyDay("00:00", "24:00"),
      );
      const { data: quoted, error } = await engineer.client.rpc("booking_rate", { p_instrument_id: instrumentId });
      expect(error).toBeNull();
      const start = shanghai(shanghaiDate(3), "08:00");
      const end = addMinutes(start, minutes);
      const booking = ok(await requestBooking(engineer.client, instrumentId, { start, end }));
      const estimate = estimateBookingCost({ rateCny: Number(quoted[0].rate_cny), startsAt: start, endsAt: end });
      expect(Number(booking.rate_cny), `${rate} × ${minutes} min`).toBe(Number(quoted[0].rate_cny));
      expect(estimate?.costCny, `${rate} × ${minutes} min`).toBe(Number(booking.estimated_cost_cny));
    }
  });
});
