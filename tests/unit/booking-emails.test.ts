// Every booking e-mail renders in both languages from a booking_email_context, with the booking's
// time in Asia/Shanghai, money in CNY, the right link back, and a parseable .ics attached.
import { describe, expect, it } from "vitest";
import { BOOKING_EMAIL_TEMPLATES, type BookingEmailTemplate } from "../../emails/booking";
import { EMAIL_LOCALES, emailDictionaries, type EmailLocale } from "../../emails/i18n";
import {
  bookingEmailContextSchema,
  composeBookingEmail,
  type BookingEmailContext,
} from "~/lib/booking-emails.server";
import { icsValue } from "../support/ics.ts";

const APP_URL = "https://instruments.changzhou.example";
const BOOKING_ID = "5f0c2a1e-8b7d-4e3f-9a61-2c4d8e0b7a35";

/** As public.booking_email_context() returns it: 09:00–11:00 Shanghai time = 01:00–03:00 UTC. */
function context(overrides: Partial<BookingEmailContext["booking"]> = {}, toStatus = "confirmed"): BookingEmailContext {
  return bookingEmailContextSchema.parse({
    booking: {
      id: BOOKING_ID,
      status: "confirmed",
      starts_at: "2026-12-01T01:00:00+00:00",
      ends_at: "2026-12-01T03:00:00+00:00",
      service_mode: "self_operation",
      purpose: "锂电池正极材料断面形貌观察",
      sample_description: "",
      rate_cny: 600,
      estimated_cost_cny: 1200,
      decision_reason: "设备需要校准",
      cancel_reason: "样品未能按时制备",
      cancelled_by_requester: true,
      created_at: "2026-11-20T02:00:00+00:00",
      ...overrides,
    },
    instrument: { id: "i", name_zh: "场发射扫描电镜", name_en: "Field-emission SEM", model: "Zeiss Sigma 300", manufacturer: "Zeiss" },
    lab: {
      id: "l",
      name_zh: "常州大学分析测试中心",
      name_en: "CZU Analysis Centre",
      address_zh: "常州市武进区滆湖中路 21 号",
      address_en: "21 Gehu Middle Rd, Wujin, Changzhou",
      contact_name: "李老师",
      contact_phone: "0519-8633 0000",
      contact_email: "ctc@example.edu.cn",
    },
    organisation: { id: "o", name_zh: "常州示例新材料有限公司", name_en: "Changzhou Example Materials" },
    requester: { id: "r", display_name: "王工", email: "wang@example.com", locale: "zh-CN" },
    recipient: { id: "x", display_name: "李老师", locale: "zh-CN" },
    event: { id: "e", from_status: "pending", to_status: toStatus, note: null, created_at: "2026-11-21T02:00:00+00:00" },
    sequence: 2,
  });
}

const expected: Record<
  BookingEmailTemplate,
  { prefix: string; method: "REQUEST" | "CANCEL"; status: string; path: "bookings" | "lab/bookings"; reason?: string }
> = {
  booking_requested: { prefix: "bookingRequested", method: "REQUEST", status: "TENTATIVE", path: "bookings" },
  booking_requested_lab: { prefix: "bookingRequestedLab", method: "REQUEST", status: "TENTATIVE", path: "lab/bookings" },
  booking_confirmed: { prefix: "bookingConfirmed", method: "REQUEST", status: "CONFIRMED", path: "bookings" },
  booking_rejected: { prefix: "bookingRejected", method: "CANCEL", status: "CANCELLED", path: "bookings", reason: "设备需要校准" },
  booking_cancelled: { prefix: "bookingCancelled", method: "CANCEL", status: "CANCELLED", path: "bookings" },
  booking_cancelled_lab: {
    prefix: "bookingCancelledLab",
    method: "CANCEL",
    status: "CANCELLED",
    path: "lab/bookings",
    reason: "样品未能按时制备",
  },
  booking_reminder: { prefix: "bookingReminder", method: "REQUEST", status: "CONFIRMED", path: "bookings" },
};

const time: Record<EmailLocale, string> = { "zh-CN": "09:00–11:00", en: "09:00–11:00" };
const date: Record<EmailLocale, string> = { "zh-CN": "2026年12月1日星期二", en: "Tuesday, December 1, 2026" };
const money: Record<EmailLocale, string> = { "zh-CN": "¥1,200.00", en: "CN¥1,200.00" };

async function compose(template: BookingEmailTemplate, locale: EmailLocale, ctx = context()) {
  const pendingStatus = template.startsWith("booking_requested") ? "pending" : ctx.booking.status;
  const c = { ...ctx, booking: { ...ctx.booking, status: pendingStatus } } as BookingEmailContext;
  if (template.startsWith("booking_requested")) c.event = c.event && { ...c.event, to_status: "pending" };
  return composeBookingEmail(template, c, {
    locale,
    appUrl: APP_URL,
    fallbackOrganizerEmail: "noreply@instruments.changzhou.example",
    stamp: "2026-11-21T02:00:05Z",
  });
}

describe("booking e-mails", () => {
  for (const template of BOOKING_EMAIL_TEMPLATES) {
    for (const locale of EMAIL_LOCALES) {
      it(`${template} renders in ${locale} with the time, the link and an .ics`, async () => {
        const e = expected[template];
        const email = await compose(template, locale);
        const dictionary = emailDictionaries[locale] as Record<string, string>;
        const en = locale === "en";

        expect(dictionary[`${e.prefix}.subject`]).toBeTruthy();
        expect(email.subject).toContain(en ? "Field-emission SEM" : "场发射扫描电镜");
        expect(email.html).toContain(`lang="${locale}"`);
        expect(email.html).toContain(dictionary[`${e.prefix}.heading`]);
        expect(email.html).toContain(date[locale]);
        expect(email.html).toContain(time[locale]);
        expect(email.html).toContain(money[locale]);
        expect(email.html).toContain(en ? "21 Gehu Middle Rd" : "滆湖中路 21 号");
        expect(email.html).toContain(`href="${APP_URL}/${e.path}/${BOOKING_ID}"`);
        expect(email.text).toContain(`${APP_URL}/${e.path}/${BOOKING_ID}`);
        if (e.reason) expect(email.html).toContain(e.reason);
        // The other language does not leak in.
        expect(email.html).not.toContain(en ? "常州大学分析测试中心" : "CZU Analysis Centre");

        expect(email.attachments).toHaveLength(1);
        const [attachment] = email.attachments;
        expect(attachment.filename).toBe("booking-5f0c2a1e.ics");
        expect(attachment.contentType).toBe(`text/calendar; charset=utf-8; method=${e.method}`);
        const ics = attachment.content.toString("utf8");
        expect(ics.startsWith("BEGIN:VCALENDAR")).toBe(true);
        expect(icsValue(ics, "METHOD")).toBe(e.method);
        expect(icsValue(ics, "STATUS")).toBe(e.status);
        expect(icsValue(ics, "UID")).toBe(`${BOOKING_ID}@instruments.changzhou.example`);
        expect(icsValue(ics, "DTSTART")).toBe("20261201T010000Z");
        expect(icsValue(ics, "DTEND")).toBe("20261201T030000Z");
        expect(icsValue(ics, "SEQUENCE")).toBe("2");
        expect(icsValue(ics, "ORGANIZER")?.toLowerCase()).toBe("mailto:ctc@example.edu.cn");
      });
    }
  }

  it("tells the requester who cancelled", async () => {
    const byRequester = await compose("booking_cancelled", "en", context({ status: "cancelled", cancelled_by_requester: true }));
    expect(byRequester.html).toContain("You have cancelled your booking");
    const byLab = await compose("booking_cancelled", "zh-CN", context({ status: "cancelled", cancelled_by_requester: false }));
    expect(byLab.html).toContain("常州大学分析测试中心取消了您对");
    expect(byLab.html).toContain("样品未能按时制备");
  });

  it("tells the lab when a booking was confirmed at once (no approval needed)", async () => {
    const email = await composeBookingEmail("booking_requested_lab", context({}, "confirmed"), {
      locale: "en",
      appUrl: APP_URL,
      fallbackOrganizerEmail: "noreply@instruments.changzhou.example",
    });
    expect(email.subject).toMatch(/^New booking \(confirmed automatically\)/);
    expect(icsValue(email.attachments[0].content.toString(), "STATUS")).toBe("CONFIRMED");
  });

  it("renders the same message twice to the same bytes (retries must match the idempotent first send)", async () => {
    const a = await compose("booking_confirmed", "zh-CN");
    const b = await compose("booking_confirmed", "zh-CN");
    expect(b.html).toBe(a.html);
    expect(b.text).toBe(a.text);
    expect(b.attachments[0].content.equals(a.attachments[0].content)).toBe(true);
  });

  it("uses the sender as organiser when the lab has no e-mail", async () => {
    const ctx = context();
    ctx.lab.contact_email = null;
    const email = await compose("booking_confirmed", "zh-CN", ctx);
    expect(icsValue(email.attachments[0].content.toString(), "ORGANIZER")?.toLowerCase()).toBe(
      "mailto:noreply@instruments.changzhou.example",
    );
  });

  it("every booking message exists in both languages", () => {
    const keys = Object.keys(emailDictionaries["zh-CN"]).filter((k) => k.startsWith("booking"));
    expect(keys.length).toBeGreaterThan(40);
    for (const key of keys) expect((emailDictionaries.en as Record<string, string>)[key]).toBeTruthy();
  });
});
