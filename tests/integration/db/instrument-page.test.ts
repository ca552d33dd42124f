// The instrument page's data (loadInstrumentPage): the instrument and its free slots, read at once
// (free_slots takes the instrument's minimum length itself). Real stack: visitors through
// supabase-js, fixtures with the superuser connection.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyDay, Fixtures } from "../../support/fixtures.ts";
import { anonClient } from "../../support/supabase.ts";
import { TEST_STACK } from "../../support/test-env.ts";

// app/lib/instruments/instrument.server.ts reads the app's environment when it is imported.
process.env.SUPABASE_URL ??= TEST_STACK.apiUrl;
process.env.SUPABASE_ANON_KEY ??= TEST_STACK.anonKey;
process.env.SUPABASE_SERVICE_ROLE_KEY ??= TEST_STACK.serviceRoleKey;
process.env.SEND_EMAIL_HOOK_SECRET ??= TEST_STACK.hookSecret;
process.env.RESEND_API_KEY ??= "re_test_key";
const { FREE_SLOT_DAYS, getFreeSlots, getInstrument, loadInstrumentPage } = await import("~/lib/instruments/instrument.server");

const f = new Fixtures();
const ids = { active: "", maintenance: "", pendingLab: "" };

beforeAll(async () => {
  const organisation = await f.organisation("university");
  const lab = await f.lab(organisation);
  const pending = await f.lab(organisation, "pending");
  // A minimum of two hours on a one-hour grid: the page lists two-hour slots.
  ids.active = await f.instrument(lab, { slot_minutes: 60, min_booking_minutes: 120, max_booking_minutes: 480 }, everyDay("08:00", "18:00"));
  ids.maintenance = await f.instrument(lab, { status: "maintenance" });
  ids.pendingLab = await f.instrument(pending);
}, 120_000);

afterAll(() => f.end());

describe("loadInstrumentPage", () => {
  it("lists the free slots of the instrument's minimum length, as the booking form reads them", async () => {
    const now = new Date();
    const client = anonClient();
    const page = await loadInstrumentPage(client, ids.active, now);
    const instrument = await getInstrument(client, ids.active);
    expect(page?.instrument).toEqual(instrument);
    expect(page?.slotDays).toBe(FREE_SLOT_DAYS);
    const expected = await getFreeSlots(client, { id: ids.active, min_booking_minutes: 120 }, FREE_SLOT_DAYS, now);
    expect(expected.length).toBeGreaterThan(0);
    expect(page?.slots).toEqual(expected);
    for (const slot of page?.slots ?? []) {
      expect(new Date(slot.endsAt).getTime() - new Date(slot.startsAt).getTime()).toBe(120 * 60_000);
      expect(slot.startsAt).toBe(new Date(slot.startsAt).toISOString());
    }
  });

  it("lists none for an instrument under maintenance", async () => {
    const page = await loadInstrumentPage(anonClient(), ids.maintenance);
    expect(page?.instrument.status).toBe("maintenance");
    expect(page?.slots).toEqual([]);
  });

  it("is null (a 404) for what the visitor may not see, does not exist, or is no id", async () => {
    expect(await loadInstrumentPage(anonClient(), ids.pendingLab)).toBeNull();
    expect(await loadInstrumentPage(anonClient(), randomUUID())).toBeNull();
    expect(await loadInstrumentPage(anonClient(), "not-an-id")).toBeNull();
  });
});
