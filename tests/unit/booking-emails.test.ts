// Every booking e-mail renders in both languages from a booking_email_context, with the booking's
// time in Asia/Shanghai, money in CNY, the right link back, and a parseable .ics attached.
import { describe, expect, it } from "vitest";
import { BOOKING_EMAIL_TEMPLATES, type BookingEmailTemplate } from "../../emails/booking";
import { EMAIL_LOCALES, emailDictionaries, type EmailLocale } from "../../emails/i18n";
import {
  bookingEmailContextSchema,
  composeBookingEmail,
  type BookingEmailContext,
} from "~/lib/email/booking-emails.server";
import { icsValue, parseIcs } from "../support/ics.ts";

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

/** The templates about a booking's time, each with an .ics; the rating invitation has none (below). */
type CalendarTemplate = Exclude<BookingEmailTemplate, "booking_rating_request">;
const CALENDAR_TEMPLATES = BOOKING_EMAIL_TEMPLATES.filter((t): t is CalendarTemplate => t !== "booking_rating_request");

const expected: Record<
  CalendarTemplate,
  { prefix: string; method: "REQUEST" | "CANCEL"; status: string; path: "bookings"; reason?: string }
> = {
  booking_requested: { prefix: "bookingRequested", method: "REQUEST", status: "TENTATIVE", path: "bookings" },
  booking_requested_lab: { prefix: "bookingRequestedLab", method: "REQUEST", status: "TENTATIVE", path: "bookings" },
  booking_confirmed: { prefix: "bookingConfirmed", method: "REQUEST", status: "CONFIRMED", path: "bookings" },
  booking_rejected: { prefix: "bookingRejected", method: "CANCEL", status: "CANCELLED", path: "bookings", reason: "设备需要校准" },
  booking_cancelled: { prefix: "bookingCancelled", method: "CANCEL", status: "CANCELLED", path: "bookings" },
  booking_cancelled_lab: {
    prefix: "bookingCancelledLab",
    method: "CANCEL",
    status: "CANCELLED",
    path: "bookings",
    reason: "样品未能按时制备",
  },
  booking_reminder: { prefix: "bookingReminder", method: "REQUEST", status: "CONFIRMED", path: "bookings" },
};

const time: Record<EmailLocale, string> = { "zh-CN": "09:00–11:00", en: "09:00–11:00" };
const date: Record<EmailLocale, string> = { "zh-CN": "2026年12月1日星期二", en: "Tuesday, December 1, 2026" };
// The app's money format (app/lib/format.ts formatPrice): no decimals when whole.
const money: Record<EmailLocale, string> = { "zh-CN": "¥1,200（¥600/小时", en: "CN¥1,200 (CN¥600 per hour" };

/**
 * What each template must say about its .ics, by language, beside the METHOD and STATUS of the
 * file: a pending request is a provisional hold, a confirmation a firm entry, a rejection or
 * cancellation removes the entry. `not`: sentences that would contradict the file.
 */
const calendarSentence: Record<CalendarTemplate, Record<EmailLocale, string>> = {
  booking_requested: {
    "zh-CN": "附件中的 .ics 文件是一个暂定的日历占位（标为“待审批”），并不代表预约已确认；实验室作出决定后，您日历中的这一条目会随之更新为已确认或被移除。",
    en: "The attached .ics file is a provisional hold for your calendar, marked tentative: the booking is not confirmed yet, and the calendar entry will be updated (confirmed or removed) when the lab decides.",
  },
  booking_requested_lab: {
    "zh-CN": "附件中的 .ics 文件会把申请的时段作为暂定日程加入您的日历；该申请尚未确认。",
    en: "The attached .ics file puts the requested time in your calendar as tentative; the request is not confirmed yet.",
  },
  booking_confirmed: {
    "zh-CN": "附件中的 .ics 文件可以添加到您的日历；如果您之前添加过暂定的占位，它会更新为已确认。",
    en: "Add the attached .ics file to your calendar; if you added the provisional hold earlier, it updates that entry to confirmed.",
  },
  booking_rejected: {
    "zh-CN": "如果您已把暂定的占位加入日历，打开附件中的 .ics 文件即可将其移除。",
    en: "If you added the provisional hold to your calendar, open the attached .ics file to remove it.",
  },
  booking_cancelled: {
    "zh-CN": "打开附件中的 .ics 文件，即可从您的日历中移除这项预约。",
    en: "Open the attached .ics file to remove this booking from your calendar.",
  },
  booking_cancelled_lab: {
    "zh-CN": "打开附件中的 .ics 文件，即可从您的日历中移除这项预约。",
    en: "Open the attached .ics file to remove this booking from your calendar.",
  },
  booking_reminder: {
    "zh-CN": "附件中的 .ics 文件可以添加到您的日历。",
    en: "Add the attached .ics file to your calendar.",
  },
};

/** "Add it to your calendar" is right only for a file that adds a confirmed entry. */
const addSentence: Record<EmailLocale, RegExp> = { "zh-CN": /可以添加到您的日历/, en: /Add the attached \.ics file/ };

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
  it.each(EMAIL_LOCALES)("booking_rating_request asks the requester to rate, links to the rating form, attaches no .ics (%s)", async (locale) => {
    const ctx = context({ status: "completed" }, "completed");
    const email = await composeBookingEmail("booking_rating_request", ctx, {
      locale,
      appUrl: APP_URL,
      fallbackOrganizerEmail: "noreply@instruments.changzhou.example",
      rateUntil: "2026-12-31T03:00:00Z",
    });
    const dictionary = emailDictionaries[locale] as Record<string, string>;
    expect(email.subject).toContain(locale === "en" ? "Field-emission SEM" : "场发射扫描电镜");
    expect(email.html).toContain(dictionary["bookingRatingRequest.heading"]);
    expect(email.html).toContain(dictionary["booking.button.rate"]);
    expect(email.html).toContain(`href="${APP_URL}/bookings/${BOOKING_ID}#rate"`);
    expect(email.text).toContain(locale === "en" ? "December 31, 2026" : "2026年12月31日");
    expect(email.text).not.toMatch(/\.ics/);
    expect(email.attachments).toEqual([]);
  });

  for (const template of CALENDAR_TEMPLATES) {
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
        // The sentence about the attachment says what the attached file does.
        expect(email.html).toContain(calendarSentence[template][locale]);
        expect(email.text.replace(/\s+/g, " ")).toContain(calendarSentence[template][locale]);
        if (e.status !== "CONFIRMED") expect(email.text).not.toMatch(addSentence[locale]);
        if (e.method === "CANCEL") expect(email.text).toMatch(en ? /remove/ : /移除/);
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

  it.each(EMAIL_LOCALES)("marks a pending request's .ics as a tentative hold awaiting approval (%s)", async (locale) => {
    const ics = (await compose("booking_requested", locale)).attachments[0].content.toString("utf8");
    const lines = parseIcs(ics);
    const en = locale === "en";
    expect(icsValue(ics, "METHOD")).toBe("REQUEST");
    expect(icsValue(ics, "STATUS")).toBe("TENTATIVE");
    expect(icsValue(ics, "X-MICROSOFT-CDO-BUSYSTATUS")).toBe("TENTATIVE");
    expect(lines.find((l) => l.name === "ATTENDEE")?.params).toContain('PARTSTAT="TENTATIVE"');
    expect(icsValue(ics, "SUMMARY")).toBe(
      en ? "[Awaiting approval] Field-emission SEM · CZU Analysis Centre" : "【待审批】场发射扫描电镜 · 常州大学分析测试中心",
    );
    expect(icsValue(ics, "DESCRIPTION")).toMatch(
      en ? /^This booking request is awaiting the lab's approval\. It is a provisional hold/ : /^预约申请正在等待实验室审批。这是一个暂定的占位/,
    );
  });

  it("updates the same calendar entry from request to confirmation to cancellation", async () => {
    const uid = `${BOOKING_ID}@instruments.changzhou.example`;
    const requested = await compose("booking_requested", "en", { ...context(), sequence: 1 });
    const confirmed = await compose("booking_confirmed", "en", { ...context(), sequence: 2 });
    const cancelled = await compose("booking_cancelled", "en", { ...context({ status: "cancelled" }), sequence: 3 });
    const [r, c, x] = [requested, confirmed, cancelled].map((e) => e.attachments[0].content.toString("utf8"));
    expect([r, c, x].map((ics) => icsValue(ics, "UID"))).toEqual([uid, uid, uid]);
    expect([r, c, x].map((ics) => icsValue(ics, "SEQUENCE"))).toEqual(["1", "2", "3"]);
    expect([r, c, x].map((ics) => icsValue(ics, "METHOD"))).toEqual(["REQUEST", "REQUEST", "CANCEL"]);
    expect([r, c, x].map((ics) => icsValue(ics, "STATUS"))).toEqual(["TENTATIVE", "CONFIRMED", "CANCELLED"]);
    // The confirmation drops the "awaiting approval" of the provisional hold it replaces.
    expect(icsValue(c, "SUMMARY")).toBe("Field-emission SEM · CZU Analysis Centre");
    expect(icsValue(c, "DESCRIPTION")).not.toMatch(/awaiting/i);
    expect(parseIcs(c).find((l) => l.name === "ATTENDEE")?.params).toContain('PARTSTAT="ACCEPTED"');
  });

  it("shows money as the app does: no decimals when whole, two otherwise", async () => {
    const whole = await compose("booking_confirmed", "en", context({ rate_cny: 380, estimated_cost_cny: 760 }));
    expect(whole.html).toContain("CN¥760 (CN¥380 per hour");
    expect(whole.html).not.toContain("CN¥760.00");
    const cents = await compose("booking_confirmed", "zh-CN", context({ rate_cny: 380.5, estimated_cost_cny: 1234.5 }));
    expect(cents.html).toContain("¥1,234.50（¥380.50/小时");
  });

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
    const ics = email.attachments[0].content.toString();
    expect(icsValue(ics, "METHOD")).toBe("REQUEST");
    expect(icsValue(ics, "STATUS")).toBe("CONFIRMED");
    expect(icsValue(ics, "SUMMARY")).not.toMatch(/Awaiting/);
    expect(email.html).toContain("Add the attached .ics file to your calendar.");
    expect(email.html).not.toContain("tentative");
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

describe("a booking confirmed at once (no approval)", () => {
  it("says so instead of 'the lab has confirmed', and asks to add the .ics rather than replace a hold", async () => {
    const auto = await compose("booking_confirmed", "en", { ...context(), sequence: 1 });
    expect(auto.text).toContain("needs no approval by the lab");
    expect(auto.text).not.toContain("has confirmed your booking");
    const approved = await compose("booking_confirmed", "en", { ...context(), sequence: 2 });
    expect(approved.text).toContain("has confirmed your booking");
    expect(auto.text).not.toEqual(approved.text);
    const zh = await compose("booking_confirmed", "zh-CN", { ...context(), sequence: 1 });
    expect(zh.text).toContain("此仪器无需实验室审批");
  });
});
