// request_booking through supabase-js: each policy rule accepted and refused at its boundary, in
// Asia/Shanghai local time (the tests run with TZ=UTC), approval, rates and the caller's
// organisation and authorisation. Each test makes its own instrument; users are per file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, addMinutes, everyDay, Fixtures, isoWeekday, shanghai, shanghaiDate, type Engineer, type LabWorld } from "../../support/fixtures.ts";
import { bounds, ok, refused, requestBooking } from "./helpers.ts";

const f = new Fixtures();
let world: LabWorld;
let engineer: Engineer;
/** A Shanghai date ten days ahead: inside the default horizon and well past the lead time. */
const day = shanghaiDate(10);

beforeAll(async () => {
  world = await f.labWorld();
  engineer = await f.engineer();
});
afterAll(() => f.end());

describe("opening hours", () => {
  it("accepts a booking at the exact opening time and one ending exactly at closing time", async () => {
    const instrument = await f.instrument(world.labId, {}, everyDay("08:30", "17:30"));
    const first = ok(await requestBooking(engineer.client, instrument, { start: shanghai(day, "08:30"), end: shanghai(day, "09:30") }));
    expect(bounds(first.during)).toEqual([shanghai(day, "08:30").getTime(), shanghai(day, "09:30").getTime()]);
    ok(await requestBooking(engineer.client, instrument, { start: shanghai(day, "16:30"), end: shanghai(day, "17:30") }));
  });

  it("refuses a booking that starts before opening or ends after closing", async () => {
    const instrument = await f.instrument(world.labId, {}, everyDay("08:30", "17:30"));
    refused(await requestBooking(engineer.client, instrument, { start: shanghai(day, "08:00"), end: shanghai(day, "09:00") }), "BOOKING_OUTSIDE_HOURS");
    refused(await requestBooking(engineer.client, instrument, { start: shanghai(day, "17:00"), end: shanghai(day, "18:00") }), "BOOKING_OUTSIDE_HOURS");
    refused(await requestBooking(engineer.client, instrument, { start: shanghai(day, "20:00"), end: shanghai(day, "21:00") }), "BOOKING_OUTSIDE_HOURS");
  });

  it("uses the weekday of the Shanghai date, not of the UTC date", async () => {
    // 07:00-09:00 Shanghai is 23:00-01:00 UTC of the previous UTC day.
    const instrument = await f.instrument(world.labId, {}, [{ weekday: isoWeekday(day), start: "07:00", end: "09:00" }]);
    ok(await requestBooking(engineer.client, instrument, { start: shanghai(day, "07:00"), end: shanghai(day, "09:00") }));
    const next = addDays(day, 1);
    refused(await requestBooking(engineer.client, instrument, { start: shanghai(next, "07:00"), end: shanghai(next, "08:00") }), "BOOKING_OUTSIDE_HOURS");
  });

  it("lets a booking span touching rule intervals but not a gap", async () => {
    const touching = await f.instrument(world.labId, {}, [
      { weekday: isoWeekday(day), start: "08:00", end: "12:00" },
      { weekday: isoWeekday(day), start: "12:00", end: "17:00" },
    ]);
    ok(await requestBooking(engineer.client, touching, { start: shanghai(day, "11:00"), end: shanghai(day, "13:00") }));
    const gap = await f.instrument(world.labId, {}, [
      { weekday: isoWeekday(day), start: "08:00", end: "12:00" },
      { weekday: isoWeekday(day), start: "13:00", end: "17:00" },
    ]);
    refused(await requestBooking(engineer.client, gap, { start: shanghai(day, "11:00"), end: shanghai(day, "14:00") }), "BOOKING_OUTSIDE_HOURS");
    refused(await requestBooking(engineer.client, gap, { start: shanghai(day, "12:00"), end: shanghai(day, "13:00") }), "BOOKING_OUTSIDE_HOURS");
  });

  it("opens on extra openings and closes on closures and maintenance, to the minute", async () => {
    const instrument = await f.instrument(world.labId, {}, []);
    refused(await requestBooking(engineer.client, instrument, { start: shanghai(day, "09:00"), end: shanghai(day, "10:00") }), "BOOKING_OUTSIDE_HOURS");
    await f.exception(instrument, "extra_opening", shanghai(day, "09:00"), shanghai(day, "17:00"));
    await f.exception(instrument, "closure", shanghai(day, "12:00"), shanghai(day, "13:00"));
    await f.exception(instrument, "maintenance", shanghai(day, "15:00"), shanghai(day, "17:00"));
    ok(await requestBooking(engineer.client, instrument, { start: shanghai(day, "09:00"), end: shanghai(day, "10:00") }));
    // Ends exactly when the closure starts; starts exactly when it ends.
    ok(await requestBooking(engineer.client, instrument, { start: shanghai(day, "11:00"), end: shanghai(day, "12:00") }));
    ok(await requestBooking(engineer.client, instrument, { start: shanghai(day, "13:00"), end: shanghai(day, "14:00") }));
    refused(await requestBooking(engineer.client, instrument, { start: shanghai(day, "11:30"), end: shanghai(day, "12:30") }), "BOOKING_CLOSED");
    refused(await requestBooking(engineer.client, instrument, { start: shanghai(day, "14:30"), end: shanghai(day, "15:30") }), "BOOKING_CLOSED");
    refused(await requestBooking(engineer.client, instrument, { start: shanghai(day, "16:30"), end: shanghai(day, "17:30") }), "BOOKING_OUTSIDE_HOURS");
  });

  it("closes a regular opening day entirely with a closure", async () => {
    const instrument = await f.instrument(world.labId, {}, everyDay("08:00", "18:00"));
    await f.exception(instrument, "closure", shanghai(day), shanghai(addDays(day, 1)));
    refused(await requestBooking(engineer.client, instrument, { start: shanghai(day, "09:00"), end: shanghai(day, "10:00") }), "BOOKING_CLOSED");
  });
});

describe("slot grid and lengths", () => {
  it("refuses starts and ends off the slot grid of local time", async () => {
    const instrument = await f.instrument(world.labId, { slot_minutes: 30, min_booking_minutes: 60 });
    refused(await requestBooking(engineer.client, instrument, { start: shanghai(day, "08:45"), end: shanghai(day, "09:45") }), "BOOKING_NOT_ALIGNED");
    refused(await requestBooking(engineer.client, instrument, { start: shanghai(day, "09:00"), end: shanghai(day, "10:15") }), "BOOKING_NOT_ALIGNED");
    refused(
      await requestBooking(engineer.client, instrument, { start: new Date(shanghai(day, "09:00").getTime() + 1000), end: shanghai(day, "10:00") }),
      "BOOKING_NOT_ALIGNED",
    );
    ok(await requestBooking(engineer.client, instrument, { start: shanghai(day, "09:30"), end: shanghai(day, "10:30") }));
  });

  it("aligns four-hour slots to Shanghai midnight", async () => {
    const instrument = await f.instrument(world.labId, { slot_minutes: 240, min_booking_minutes: 240, max_booking_minutes: 480 }, everyDay("00:00", "24:00"));
    ok(await requestBooking(engineer.client, instrument, { start: shanghai(day, "08:00"), end: shanghai(day, "12:00") }));
    refused(await requestBooking(engineer.client, instrument, { start: shanghai(day, "14:00"), end: shanghai(day, "18:00") }), "BOOKING_NOT_ALIGNED");
    ok(await requestBooking(engineer.client, instrument, { start: shanghai(day, "20:00"), end: shanghai(addDays(day, 1), "04:00") }));
  });

  it("accepts the minimum and maximum lengths and refuses one slot less or more", async () => {
    const instrument = await f.instrument(world.labId, { slot_minutes: 30, min_booking_minutes: 60, max_booking_minutes: 180 });
    ok(await requestBooking(engineer.client, instrument, { start: shanghai(day, "08:00"), end: shanghai(day, "09:00") }));
    refused(await requestBooking(engineer.client, instrument, { start: shanghai(day, "09:00"), end: shanghai(day, "09:30") }), "BOOKING_TOO_SHORT");
    ok(await requestBooking(engineer.client, instrument, { start: shanghai(day, "10:00"), end: shanghai(day, "13:00") }));
    refused(await requestBooking(engineer.client, instrument, { start: shanghai(day, "13:00"), end: shanghai(day, "16:30") }), "BOOKING_TOO_LONG");
  });

  it("refuses reversed and empty ranges", async () => {
    const instrument = await f.instrument(world.labId);
    refused(await requestBooking(engineer.client, instrument, { start: shanghai(day, "10:00"), end: shanghai(day, "09:00") }), "BOOKING_INVALID_RANGE");
    refused(await requestBooking(engineer.client, instrument, { start: shanghai(day, "10:00"), end: shanghai(day, "10:00") }), "BOOKING_INVALID_RANGE");
  });
});

describe("lead time and horizon", () => {
  it("accepts the first slot at or after now + lead time and refuses the slot before (now() fixed in one transaction)", async () => {
    const instrument = await f.instrument(world.labId, { slot_minutes: 15, min_booking_minutes: 15, lead_time_hours: 2 }, everyDay("00:00", "24:00"));
    await f.asUser(engineer.id, async (c) => {
      const { s } = (await c.query(`select to_timestamp(ceil(extract(epoch from now() + interval '2 hours') / 900) * 900) as s`)).rows[0] as { s: Date };
      const accepted = await c.query(
        `select status from public.request_booking($1, $2, $3, 'lead time', 'sample_submission')`,
        [instrument, s, addMinutes(s, 15)],
      );
      expect(accepted.rows[0].status).toBe("pending");
      await c.query("savepoint before");
      await expect(
        c.query(`select public.request_booking($1, $2, $3, 'lead time', 'sample_submission')`, [instrument, addMinutes(s, -15), s]),
      ).rejects.toThrow("BOOKING_LEAD_TIME");
      await c.query("rollback to savepoint before");
    });
  });

  it("puts the lead-time and horizon boundaries exactly at now + lead and now + max_advance_days", async () => {
    const instrument = await f.instrument(world.labId, { lead_time_hours: 24, max_advance_days: 90 }, everyDay("00:00", "24:00"));
    const start = shanghai(day, "10:00");
    const end = shanghai(day, "11:00");
    const check = async (now: string) =>
      (
        await f.one<{ e: string | null }>(
          `select private.booking_policy_error(i, $2, $3, $4::timestamptz) as e from public.instruments i where i.id = $1`,
          [instrument, start, end, now],
        )
      ).e;
    const exactlyLead = new Date(start.getTime() - 24 * 3600_000);
    expect(await check(exactlyLead.toISOString())).toBeNull();
    expect(await check(`${exactlyLead.toISOString().slice(0, -1)}001Z`)).toBe("BOOKING_LEAD_TIME"); // 1 µs later
    const exactlyHorizon = new Date(start.getTime() - 90 * 24 * 3600_000);
    expect(await check(exactlyHorizon.toISOString())).toBeNull();
    expect(await check(new Date(exactlyHorizon.getTime() - 1).toISOString())).toBe("BOOKING_TOO_FAR_AHEAD");
  });

  it("refuses bookings beyond the horizon and sooner than the lead time", async () => {
    const instrument = await f.instrument(world.labId, { max_advance_days: 30, lead_time_hours: 48 });
    const far = shanghaiDate(31);
    refused(await requestBooking(engineer.client, instrument, { start: shanghai(far, "09:00"), end: shanghai(far, "10:00") }), "BOOKING_TOO_FAR_AHEAD");
    const soon = shanghaiDate(1);
    refused(await requestBooking(engineer.client, instrument, { start: shanghai(soon, "09:00"), end: shanghai(soon, "10:00") }), "BOOKING_LEAD_TIME");
    const past = shanghaiDate(-3);
    refused(await requestBooking(engineer.client, instrument, { start: shanghai(past, "09:00"), end: shanghai(past, "10:00") }), "BOOKING_LEAD_TIME");
    ok(await requestBooking(engineer.client, instrument, { start: shanghai(shanghaiDate(29), "09:00"), end: shanghai(shanghaiDate(29), "10:00") }));
  });
});

describe("approval and price", () => {
  it("confirms at once when the instrument needs no approval, else waits as pending", async () => {
    const auto = await f.instrument(world.labId, { requires_approval: false });
    const manual = await f.instrument(world.labId, { requires_approval: true });
    const a = ok(await requestBooking(engineer.client, auto, { start: shanghai(day, "09:00"), end: shanghai(day, "10:00") }));
    const m = ok(await requestBooking(engineer.client, manual, { start: shanghai(day, "09:00"), end: shanghai(day, "10:00") }));
    expect(a.status).toBe("confirmed");
    expect(m.status).toBe("pending");
    expect(a.requester_id).toBe(engineer.id);
    expect(a.organisation_id).toBe(engineer.organisationId);
  });

  it("charges SMEs the SME rate and others the hourly rate, rounded to cents", async () => {
    const instrument = await f.instrument(world.labId, { hourly_rate_cny: 333.33, sme_rate_cny: 123.45 });
    const university = await f.engineer(await f.organisation("university"));
    const sme = ok(await requestBooking(engineer.client, instrument, { start: shanghai(day, "09:00"), end: shanghai(day, "10:30") }));
    expect(Number(sme.rate_cny)).toBe(123.45);
    expect(Number(sme.estimated_cost_cny)).toBe(185.18); // 123.45 × 1.5 = 185.175
    const other = ok(await requestBooking(university.client, instrument, { start: shanghai(day, "11:00"), end: shanghai(day, "12:30") }));
    expect(Number(other.rate_cny)).toBe(333.33);
    expect(Number(other.estimated_cost_cny)).toBe(500); // 499.995
  });

  it("stores trimmed purpose, sample description and contact phone", async () => {
    const instrument = await f.instrument(world.labId);
    const b = ok(
      await requestBooking(engineer.client, instrument, {
        start: shanghai(day, "09:00"),
        end: shanghai(day, "10:00"),
        purpose: "  粉末衍射 phase analysis  ",
        sampleDescription: " 3 g LiFePO4 powder ",
        contactPhone: "+86 519 8888 0000",
      }),
    );
    expect(b.purpose).toBe("粉末衍射 phase analysis");
    expect(b.sample_description).toBe("3 g LiFePO4 powder");
    expect(b.contact_phone).toBe("+86 519 8888 0000");
  });
});

describe("instrument and caller", () => {
  it("refuses a service mode the instrument does not offer", async () => {
    const instrument = await f.instrument(world.labId, { service_modes: ["sample_submission"] });
    refused(
      await requestBooking(engineer.client, instrument, { start: shanghai(day, "09:00"), end: shanghai(day, "10:00"), serviceMode: "self_operation" }),
      "BOOKING_SERVICE_MODE",
    );
  });

  it("refuses instruments in maintenance, and hides retired ones and those of unapproved labs", async () => {
    const maintenance = await f.instrument(world.labId, { status: "maintenance" });
    const retired = await f.instrument(world.labId, { status: "retired" });
    const pendingLab = await f.lab(world.organisationId, "pending");
    const hidden = await f.instrument(pendingLab);
    const range = { start: shanghai(day, "09:00"), end: shanghai(day, "10:00") };
    refused(await requestBooking(engineer.client, maintenance, range), "BOOKING_INSTRUMENT_UNAVAILABLE");
    refused(await requestBooking(engineer.client, retired, range), "BOOKING_INSTRUMENT_NOT_FOUND");
    refused(await requestBooking(engineer.client, hidden, range), "BOOKING_INSTRUMENT_NOT_FOUND");
    // The unapproved lab's own staff see the instrument, but it takes no bookings yet.
    const staff = await f.labStaff(pendingLab);
    await f.addOrganisationMember(world.organisationId, staff.id);
    refused(await requestBooking(staff.client, hidden, range), "BOOKING_INSTRUMENT_UNAVAILABLE");
  });

  it("needs a valid authorisation for self-operation when the instrument requires one", async () => {
    const instrument = await f.instrument(world.labId, { requires_authorisation: true });
    const [trained, expired, untrained] = await Promise.all([f.engineer(), f.engineer(), f.engineer()]);
    await f.authorise(instrument, trained.id, shanghai(day, "12:00"));
    await f.authorise(instrument, expired.id, shanghai(day, "09:30"));
    const self = (start: string, end: string) => ({ start: shanghai(day, start), end: shanghai(day, end), serviceMode: "self_operation" as const });
    refused(await requestBooking(untrained.client, instrument, self("09:00", "10:00")), "BOOKING_NOT_AUTHORISED");
    refused(await requestBooking(expired.client, instrument, self("09:00", "10:00")), "BOOKING_NOT_AUTHORISED");
    ok(await requestBooking(trained.client, instrument, self("10:00", "12:00")));
    // Sample submission is run by the lab: no authorisation needed.
    ok(await requestBooking(untrained.client, instrument, { start: shanghai(day, "13:00"), end: shanghai(day, "14:00") }));
  });

  it("books for the given organisation, the profile's, or the only membership, and refuses otherwise", async () => {
    const instrument = await f.instrument(world.labId, { hourly_rate_cny: 500, sme_rate_cny: 300 });
    const slot = (h: number) => ({ start: shanghai(day, `${String(h).padStart(2, "0")}:00`), end: shanghai(day, `${String(h + 1).padStart(2, "0")}:00`) });

    // No organisation at all.
    const loner = await f.engineer();
    await f.q(`delete from public.organisation_members where user_id = $1`, [loner.id]);
    refused(await requestBooking(loner.client, instrument, slot(8)), "BOOKING_ORGANISATION_REQUIRED");

    // One membership, no profile organisation: that one.
    const single = await f.engineer();
    await f.q(`update public.profiles set organisation_id = null where id = $1`, [single.id]);
    expect(ok(await requestBooking(single.client, instrument, slot(9))).organisation_id).toBe(single.organisationId);

    // Two memberships, no profile organisation: must choose; choosing the university gets its rate.
    const university = await f.organisation("university");
    await f.addOrganisationMember(university, single.id, false);
    refused(await requestBooking(single.client, instrument, slot(10)), "BOOKING_ORGANISATION_REQUIRED");
    const chosen = ok(await requestBooking(single.client, instrument, { ...slot(11), organisationId: university }));
    expect(chosen.organisation_id).toBe(university);
    expect(Number(chosen.rate_cny)).toBe(500);

    // The profile's organisation is the default; someone else's organisation is refused.
    expect(ok(await requestBooking(engineer.client, instrument, slot(12))).organisation_id).toBe(engineer.organisationId);
    refused(await requestBooking(engineer.client, instrument, { ...slot(13), organisationId: university }), "BOOKING_ORGANISATION_REQUIRED");
  });

  it("refuses an overlapping booking and allows one that touches", async () => {
    const instrument = await f.instrument(world.labId);
    const other = await f.engineer();
    ok(await requestBooking(engineer.client, instrument, { start: shanghai(day, "09:00"), end: shanghai(day, "11:00") }));
    refused(await requestBooking(other.client, instrument, { start: shanghai(day, "10:30"), end: shanghai(day, "11:30") }), "BOOKING_SLOT_TAKEN");
    refused(await requestBooking(engineer.client, instrument, { start: shanghai(day, "08:00"), end: shanghai(day, "12:00") }), "BOOKING_SLOT_TAKEN");
    ok(await requestBooking(other.client, instrument, { start: shanghai(day, "11:00"), end: shanghai(day, "12:00") }));
  });
});
