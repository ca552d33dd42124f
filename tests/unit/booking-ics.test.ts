// The booking's calendar file: stable UID, METHOD and STATUS by booking status, SEQUENCE,
// times in UTC whatever the process's zone (tests run with TZ=UTC; the booking is stated in UTC).
import { describe, expect, it } from "vitest";
import {
  bookingIcsContentType,
  bookingIcsText,
  bookingIcsFilename,
  bookingIcsMethod,
  bookingIcsUid,
  buildBookingIcs,
  type BookingIcsInput,
} from "~/lib/bookings/ics";
import { parseIcs } from "../support/ics.ts";

const field = (ics: string, name: string) => parseIcs(ics).find((l) => l.name === name);

const base: BookingIcsInput = {
  bookingId: "5f0c2a1e-8b7d-4e3f-9a61-2c4d8e0b7a35",
  appUrl: "https://instruments.changzhou.example",
  status: "confirmed",
  sequence: 2,
  // 09:00–11:00 Asia/Shanghai (UTC+8) on 1 December 2026.
  startsAt: "2026-12-01T09:00:00+08:00",
  endsAt: "2026-12-01T11:00:00+08:00",
  title: "场发射扫描电镜, SEM; 常州大学",
  description: "断面形貌观察\nhttps://instruments.changzhou.example/bookings/5f0c2a1e",
  location: "常州市武进区滆湖中路 21 号",
  url: "https://instruments.changzhou.example/bookings/5f0c2a1e-8b7d-4e3f-9a61-2c4d8e0b7a35",
  organizer: { name: "常州大学分析测试中心", email: "ctc@example.edu.cn" },
  attendee: { name: "王工", email: "wang@example.com" },
  stamp: "2026-11-27T00:00:00Z",
};

describe("buildBookingIcs", () => {
  it("writes a confirmed booking as a REQUEST with the booking's UID, times in UTC and the lab", () => {
    const ics = buildBookingIcs(base);
    expect(ics).toContain("\r\n");
    expect(ics.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(ics.trimEnd().endsWith("END:VCALENDAR")).toBe(true);
    expect(field(ics, "METHOD")?.value).toBe("REQUEST");
    expect(field(ics, "UID")?.value).toBe("5f0c2a1e-8b7d-4e3f-9a61-2c4d8e0b7a35@instruments.changzhou.example");
    expect(field(ics, "DTSTART")?.value).toBe("20261201T010000Z");
    expect(field(ics, "DTEND")?.value).toBe("20261201T030000Z");
    expect(field(ics, "DTSTAMP")?.value).toBe("20261127T000000Z");
    expect(field(ics, "SEQUENCE")?.value).toBe("2");
    expect(field(ics, "STATUS")?.value).toBe("CONFIRMED");
    expect(field(ics, "LOCATION")?.value).toBe("常州市武进区滆湖中路 21 号");
    // Commas and semicolons in text are escaped (RFC 5545 §3.3.11).
    expect(field(ics, "SUMMARY")?.value).toBe("场发射扫描电镜\\, SEM\\; 常州大学");
    expect(field(ics, "ORGANIZER")?.value.toLowerCase()).toBe("mailto:ctc@example.edu.cn");
    expect(field(ics, "ATTENDEE")?.value.toLowerCase()).toBe("mailto:wang@example.com");
  });

  it("writes a pending request as a tentative REQUEST (a provisional hold, not a confirmed booking)", () => {
    const ics = buildBookingIcs({ ...base, status: "pending", sequence: 1 });
    expect(field(ics, "METHOD")?.value).toBe("REQUEST");
    expect(field(ics, "STATUS")?.value).toBe("TENTATIVE");
    expect(field(ics, "X-MICROSOFT-CDO-BUSYSTATUS")?.value).toBe("TENTATIVE");
    expect(field(ics, "ATTENDEE")?.params).toContain('PARTSTAT="TENTATIVE"');
    // Same entry as the confirmation that later replaces it.
    expect(field(ics, "UID")?.value).toBe(field(buildBookingIcs(base), "UID")?.value);
  });

  it("writes a confirmed booking as busy and accepted", () => {
    const ics = buildBookingIcs(base);
    expect(field(ics, "X-MICROSOFT-CDO-BUSYSTATUS")?.value).toBe("BUSY");
    expect(field(ics, "ATTENDEE")?.params).toContain('PARTSTAT="ACCEPTED"');
  });

  it.each(["cancelled", "rejected"] as const)("writes a %s booking as a CANCEL with STATUS:CANCELLED", (status) => {
    const ics = buildBookingIcs({ ...base, status, sequence: 3 });
    expect(field(ics, "METHOD")?.value).toBe("CANCEL");
    expect(field(ics, "STATUS")?.value).toBe("CANCELLED");
    expect(field(ics, "SEQUENCE")?.value).toBe("3");
    // Same UID as the entry it removes.
    expect(field(ics, "UID")?.value).toBe(bookingIcsUid(base.bookingId, base.appUrl));
  });

  it("frees the time of a cancelled booking downloaded later (PUBLISH), too", () => {
    const ics = buildBookingIcs({ ...base, status: "cancelled", method: "PUBLISH", sequence: 3 });
    expect(field(ics, "STATUS")?.value).toBe("CANCELLED");
    expect(field(ics, "X-MICROSOFT-CDO-BUSYSTATUS")?.value).toBe("FREE");
  });

  it("renders the same input to the same bytes (a retried e-mail must be identical)", () => {
    expect(buildBookingIcs(base)).toBe(buildBookingIcs({ ...base }));
  });

  it("refuses a booking that ends before it starts, or bad dates", () => {
    expect(() => buildBookingIcs({ ...base, endsAt: base.startsAt })).toThrow(/end after it starts/);
    expect(() => buildBookingIcs({ ...base, startsAt: "tomorrow-ish" })).toThrow(/startsAt/);
  });

  it("names the file, the method and the content type", () => {
    expect(bookingIcsMethod("confirmed")).toBe("REQUEST");
    expect(bookingIcsMethod("cancelled")).toBe("CANCEL");
    expect(bookingIcsFilename(base.bookingId)).toBe("booking-5f0c2a1e.ics");
    expect(bookingIcsContentType("CANCEL")).toBe("text/calendar; charset=utf-8; method=CANCEL");
  });
});

describe("bookingIcsText", () => {
  it("marks a pending booking as a provisional hold and an ended one as cancelled, in both languages", () => {
    expect(bookingIcsText("pending", "zh-CN", "XRD · 实验室", ["用途"]).title).toBe("【待审批】XRD · 实验室");
    const en = bookingIcsText("pending", "en", "XRD · Lab", ["purpose", "https://x/bookings/1"]);
    expect(en.title).toBe("[Awaiting approval] XRD · Lab");
    expect(en.description.split("\n\n")).toEqual([expect.stringContaining("awaiting the lab's approval"), "purpose", "https://x/bookings/1"]);
    expect(bookingIcsText("confirmed", "en", "XRD · Lab", ["purpose"])).toEqual({ title: "XRD · Lab", description: "purpose" });
    expect(bookingIcsText("cancelled", "zh-CN", "XRD · 实验室", []).title).toBe("【已取消】XRD · 实验室");
    expect(bookingIcsText("rejected", "en", "XRD · Lab", []).title).toBe("[Cancelled] XRD · Lab");
  });
});

describe("control characters and quotes (RFC 5545)", () => {
  it("never lets a lone CR, a NUL or another control character break a line of the file", () => {
    const ics = buildBookingIcs({
      ...base,
      title: "XRD\rphase\u0000 analysis",
      description: "line one\rline two\r\nline three\u0007\u001b[31m\tend",
      location: "Room\u000b 102",
    });
    // Every CR in the file is part of a CRLF line ending.
    expect(ics.replace(/\r\n/g, "")).not.toContain("\r");
    // eslint-disable-next-line no-control-regex
    expect(ics).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
    expect(field(ics, "SUMMARY")?.value).toBe("XRD\\nphase analysis");
    expect(field(ics, "DESCRIPTION")?.value).toBe("line one\\nline two\\nline three[31m\tend");
    expect(field(ics, "LOCATION")?.value).toBe("Room 102");
  });

  it("drops quotes and control characters from the organiser's and attendee's names instead of backslash-escaping them", () => {
    const ics = buildBookingIcs({
      ...base,
      organizer: { name: 'The "Best" Lab\r', email: "lab@example.test" },
      attendee: { name: 'Wang "Engineer"\u0000', email: "wang@example.com" },
    });
    expect(ics).not.toContain('\\"');
    expect(ics.replace(/\r\n[ \t]/g, "")).toContain('CN="Wang Engineer"');
    expect(ics.replace(/\r\n[ \t]/g, "")).toContain('CN="The Best Lab"');
  });
});
