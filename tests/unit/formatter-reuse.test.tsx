// Intl formatters are built once and reused (issue 12, item 10). Building one costs ~1 ms and holds
// ICU memory outside V8's heap: an instrument page that built three per free slot took ~95 ms to
// render and grew the server by ~7 MB per request. This test counts constructions while the
// instrument page renders, so a formatter built per call (or per render) fails it — by count, not
// by time.
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  formatDate,
  formatDateTime,
  formatDay,
  formatFullRange,
  formatList,
  formatNumber,
  formatPercent,
  formatPrice,
  formatRange,
  formatShortStart,
  formatTime,
} from "~/lib/i18n/format";
import { I18nProvider } from "~/lib/i18n/react";
import type { Locale } from "~/lib/i18n/translate";
import { TEST_STACK } from "../support/test-env";

const COUNTED = ["DateTimeFormat", "NumberFormat", "ListFormat", "PluralRules", "RelativeTimeFormat", "Collator"] as const;
type Counted = (typeof COUNTED)[number];

const constructions: Record<Counted, number> = Object.fromEntries(COUNTED.map((name) => [name, 0])) as Record<Counted, number>;
const originals = new Map<Counted, unknown>();
let toLocaleCalls = 0;
const originalToLocale = new Map<string, unknown>();
const TO_LOCALE: [object, string][] = [
  [Date.prototype, "toLocaleString"],
  [Date.prototype, "toLocaleDateString"],
  [Date.prototype, "toLocaleTimeString"],
  [Number.prototype, "toLocaleString"],
];

function total(): number {
  return COUNTED.reduce((sum, name) => sum + constructions[name], 0) + toLocaleCalls;
}

beforeAll(() => {
  // Count every `new Intl.X(…)` (and the toLocale…String shortcuts, which build one per call).
  for (const name of COUNTED) {
    const original = Intl[name] as unknown as new (...args: unknown[]) => object;
    originals.set(name, original);
    Object.defineProperty(Intl, name, {
      configurable: true,
      writable: true,
      value: new Proxy(original, {
        construct(target, args, newTarget) {
          constructions[name]++;
          return Reflect.construct(target, args, newTarget);
        },
      }),
    });
  }
  for (const [proto, method] of TO_LOCALE) {
    const original = (proto as Record<string, (...args: unknown[]) => string>)[method];
    originalToLocale.set(`${proto === Date.prototype ? "Date" : "Number"}.${method}`, original);
    Object.defineProperty(proto, method, {
      configurable: true,
      writable: true,
      value: function (this: unknown, ...args: unknown[]) {
        toLocaleCalls++;
        return original.apply(this, args);
      },
    });
  }
});

afterAll(() => {
  for (const [name, original] of originals) Object.defineProperty(Intl, name, { configurable: true, writable: true, value: original });
  for (const [proto, method] of TO_LOCALE) {
    const original = originalToLocale.get(`${proto === Date.prototype ? "Date" : "Number"}.${method}`);
    Object.defineProperty(proto, method, { configurable: true, writable: true, value: original });
  }
});

/** Free slots every 30 minutes, 08:00–20:00 Shanghai, for `days` days from a fixed Monday. */
function slots(days: number) {
  const out: { startsAt: string; endsAt: string }[] = [];
  const first = Date.parse("2026-12-07T00:00:00Z"); // 08:00 in Shanghai
  for (let day = 0; day < days; day++) {
    for (let i = 0; i < 24; i++) {
      const start = first + day * 86_400_000 + i * 1_800_000;
      out.push({ startsAt: new Date(start).toISOString(), endsAt: new Date(start + 1_800_000).toISOString() });
    }
  }
  return out;
}

function instrumentFixture() {
  const name = { code: "x", name_zh: "电子显微镜", name_en: "Electron microscopy" };
  return {
    id: "00000000-0000-4000-8000-000000000001",
    name_zh: "场发射扫描电子显微镜",
    name_en: "Field-emission scanning electron microscope",
    model: "GeminiSEM 500",
    manufacturer: "Carl Zeiss",
    photo_url: null,
    status: "active",
    specs_zh: "分辨率 0.8 nm",
    specs_en: "0.8 nm",
    services_zh: "",
    services_en: "",
    sample_requirements_zh: "",
    sample_requirements_en: "",
    hourly_rate_cny: 450,
    sme_rate_cny: 380.5,
    service_modes: ["self_service", "staff_operated"],
    requires_authorisation: false,
    requires_approval: true,
    slot_minutes: 30,
    min_booking_minutes: 30,
    max_booking_minutes: 480,
    lead_time_hours: 24,
    cancellation_deadline_hours: 24,
    max_advance_days: 60,
    category: { ...name, parent: { code: "microscopy", name_zh: "显微", name_en: "Microscopy" } },
    lab: {
      id: "00000000-0000-4000-8000-000000000002",
      name_zh: "测试实验室",
      name_en: "Test lab",
      address_zh: "常州",
      address_en: "Changzhou",
      contact_name: "王工",
      contact_phone: "0519-0000000",
      contact_email: "lab@example.test",
      accreditations: ["CNAS", "CMA"],
      district: { code: "wujin", name_zh: "武进区", name_en: "Wujin" },
    },
    chains: [
      { code: "new_carbon", name_zh: "新型碳材料", name_en: "New carbon materials" },
      { code: "power_battery", name_zh: "动力电池", name_en: "Power batteries" },
    ],
    availability_rules: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start_time: "08:00:00", end_time: "20:00:00" })),
  };
}

async function renderInstrumentPage(locale: Locale, days: number): Promise<string> {
  const { default: InstrumentPage } = await import("~/routes/instruments.$id");
  const data = { instrument: instrumentFixture(), slots: slots(days), slotDays: 14, photo: null, satisfaction: { average: 4.6, ratings: 7 } };
  const routes = [{ id: "routes/instruments.$id", path: "/instruments/:id", loader: () => data, Component: InstrumentPage }];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request(`http://localhost/instruments/${data.instrument.id}`));
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToString(
    <I18nProvider locale={locale}>
      <StaticRouterProvider router={router} context={context} hydrate={false} />
    </I18nProvider>,
  );
}

describe("Intl formatters are built once, not per call", () => {
  beforeAll(() => {
    // The route module imports server modules that read the environment when loaded.
    Object.assign(process.env, {
      SUPABASE_URL: TEST_STACK.apiUrl,
      SUPABASE_ANON_KEY: TEST_STACK.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: TEST_STACK.serviceRoleKey,
      SEND_EMAIL_HOOK_SECRET: TEST_STACK.hookSecret,
      RESEND_API_KEY: "re_test",
    });
  });

  it("the instrument page builds none per free slot, and none at all once warm", async () => {
    // The first render in each language may build the few formatters the page needs.
    const before = total();
    const html = await renderInstrumentPage("zh-CN", 1);
    await renderInstrumentPage("en", 1);
    const warmUp = total() - before;
    expect(html).toContain('class="slot"');
    expect(warmUp).toBeLessThanOrEqual(12);

    // 14 days × 24 slots in both languages: nothing more is built.
    const start = total();
    for (const locale of ["zh-CN", "en"] as const) {
      const page = await renderInstrumentPage(locale, 14);
      expect(page.match(/class="slot"/g)).toHaveLength(14 * 24);
    }
    expect({ ...constructions, toLocaleCalls, built: total() - start }).toMatchObject({ built: 0 });
  });

  it("every formatting helper reuses its formatters", () => {
    const instant = "2026-12-07T05:14:00Z";
    const end = "2026-12-07T07:00:00Z";
    const all = (locale: Locale, i: number) => [
      formatDateTime(instant, locale),
      formatDateTime(instant, locale, { month: "numeric", day: "numeric" }),
      formatDate(instant, locale),
      formatDay(instant, locale),
      formatTime(instant, locale),
      formatRange(instant, end, locale),
      formatFullRange(instant, end, locale),
      formatShortStart(instant, locale),
      formatPrice(380 + i / 2, locale),
      formatNumber(12_345.6 + i, locale, 1),
      formatPercent(i / 1000, locale),
      formatList(["a", "b", "c"], locale),
    ];
    all("zh-CN", 1);
    all("en", 1);
    const start = total();
    for (let i = 0; i < 200; i++) {
      all("zh-CN", i);
      all("en", i);
    }
    expect(total() - start).toBe(0);
  });
});
