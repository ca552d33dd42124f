// The lab calendar feed's .ics (one builder with the e-mails' events: same UID and SEQUENCE,
// METHOD:PUBLISH, text sanitised) and the lab functions' error codes (the SQL list and the TS list
// are the same; each is translated).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bookingIcsUid, bookingsFeedIcs, type BookingCalendarEntry } from "~/lib/bookings/ics";
import { LAB_ERROR_CODES, mapLabError } from "~/lib/labs/errors";
import { en } from "~/locales/en";
import { zhCN } from "~/locales/zh-CN";
import { parseIcs } from "../support/ics.ts";

const APP = "https://instruments.changzhou.example";
const entry = (id: string, status: BookingCalendarEntry["status"], purpose: string): BookingCalendarEntry => ({
  bookingId: id,
  status,
  sequence: 3,
  startsAt: "2026-12-01T09:00:00+08:00",
  endsAt: "2026-12-01T11:00:00+08:00",
  instrumentName: "场发射扫描电镜",
  labName: "常州烯材新材料",
  labAddress: "常州市武进区滆湖中路 21 号",
  purpose,
});

describe("bookingsFeedIcs", () => {
  it("publishes each booking as the same event its e-mails carry, with unsafe characters dropped", () => {
    const ics = bookingsFeedIcs(
      [entry("5f0c2a1e-8b7d-4e3f-9a61-2c4d8e0b7a35", "pending", "断面\rEND:VCALENDAR\u0000"), entry("6a1d3b2f-9c8e-4f40-8b72-3d5e9f1c8b46", "confirmed", "XRD")],
      { locale: "zh-CN", appUrl: APP, calName: "常州大学\u0007分析测试中心", stamp: "2026-11-27T00:00:00Z" },
    );
    const lines = parseIcs(ics);
    expect(lines.filter((l) => l.name === "BEGIN" && l.value === "VEVENT")).toHaveLength(2);
    expect(lines.find((l) => l.name === "METHOD")?.value).toBe("PUBLISH");
    expect(lines.find((l) => l.name === "X-WR-CALNAME")?.value).toBe("常州大学分析测试中心");
    expect(lines.filter((l) => l.name === "UID").map((l) => l.value)).toEqual([
      bookingIcsUid("5f0c2a1e-8b7d-4e3f-9a61-2c4d8e0b7a35", APP),
      bookingIcsUid("6a1d3b2f-9c8e-4f40-8b72-3d5e9f1c8b46", APP),
    ]);
    expect(lines.filter((l) => l.name === "STATUS").map((l) => l.value)).toEqual(["TENTATIVE", "CONFIRMED"]);
    expect(lines.filter((l) => l.name === "SEQUENCE").map((l) => l.value)).toEqual(["3", "3"]);
    // the lone CR cannot end a line: no second END:VCALENDAR, no NUL
    expect(lines.filter((l) => l.name === "END" && l.value === "VCALENDAR")).toHaveLength(1);
    expect(ics).not.toContain("\u0000");
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("is a valid empty calendar when the lab has no bookings", () => {
    const lines = parseIcs(bookingsFeedIcs([], { locale: "en", appUrl: APP, calName: "Lab" }));
    expect(lines[0]).toMatchObject({ name: "BEGIN", value: "VCALENDAR" });
    expect(lines.some((l) => l.name === "BEGIN" && l.value === "VEVENT")).toBe(false);
  });
});

describe("lab error codes", () => {
  const sql = fs.readFileSync(path.join(import.meta.dirname, "../../supabase/migrations/20261207000000_lab_staff_authorisations_feeds.sql"), "utf8");
  const raised = new Set([...sql.matchAll(/raise exception '(LAB_[A-Z_]+)'/g)].map((m) => m[1]));

  it("lists exactly the codes the functions raise, each translated", () => {
    expect([...LAB_ERROR_CODES].sort()).toEqual([...raised].sort());
    for (const code of LAB_ERROR_CODES) {
      const mapped = mapLabError({ message: code });
      expect(mapped?.code).toBe(code);
      expect(zhCN[mapped!.message]).toBeTruthy();
      expect(en[mapped!.message]).toBeTruthy();
      expect(mapped!.status).toBeLessThan(500);
    }
  });

  it("is null for anything else (a bug: 500) and 'busy' for an outage", () => {
    expect(mapLabError({ message: "permission denied for function lab_staff" })).toBeNull();
    expect(mapLabError({ message: "fetch failed" })?.status).toBe(503);
  });
});
