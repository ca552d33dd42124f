import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { lazy, Suspense } from "react";
import { ClientOnly } from "~/components/ui/client-only";
import { BookingRules } from "~/components/bookings/booking-rules";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { getUser } from "~/lib/auth/auth.server";
import { formatDay, formatDuration, formatListParts, formatPrice, formatTime, groupByDay, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import { FREE_SLOT_DAYS, getFreeSlots, getInstrument } from "~/lib/instruments/instrument.server";
import { tFromMatches } from "~/lib/platform/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = tFromMatches(matches);
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  const name = data ? (root?.locale === "en" ? data.instrument.name_en : data.instrument.name_zh) : t("instrument.meta.title");
  return [{ title: `${name} · ${t("app.shortName")}` }, { name: "description", content: t("home.meta.description") }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await getUser(request);
  const instrument = await getInstrument(supabase, params.id ?? "");
  if (!instrument) throw new Response("Not found", { status: 404, headers });
  const slots = instrument.status === "active" ? await getFreeSlots(supabase, instrument) : [];
  return json({ instrument, slots, slotDays: FREE_SLOT_DAYS }, { headers });
}

const SLOTS_PER_DAY = 24;

// FullCalendar is loaded only here and only in the browser: its own chunk, never in the catalogue's.
const InstrumentCalendar = lazy(() => import("~/components/instruments/instrument-calendar"));

export default function InstrumentPage() {
  const t = useT();
  const locale = useLocale();
  const { instrument, slots, slotDays } = useLoaderData<typeof loader>();
  const en = locale === "en";
  const lab = instrument.lab;
  const text = (zh: string, enText: string) => (en ? enText || zh : zh || enText) || t("instrument.notGiven");
  const days = groupByDay(slots);
  const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;

  return (
    <article className="instrument">
      <p className="breadcrumb">
        <Link to="/instruments">{t("catalogue.title")}</Link>
        {instrument.category?.parent ? (
          <>
            {" / "}
            <Link to={`/instruments?category=${instrument.category.parent.code}`}>{localName(instrument.category.parent, locale)}</Link>
          </>
        ) : null}
        {instrument.category ? (
          <>
            {" / "}
            <Link to={`/instruments?category=${instrument.category.code}`}>{localName(instrument.category, locale)}</Link>
          </>
        ) : null}
      </p>

      <header className="instrument__header">
        <div className="instrument__photo" role="img" aria-label={t("instrument.noPhoto")}>
          <span aria-hidden="true">仪</span>
        </div>
        <div>
          <h1>{localName(instrument, locale)}</h1>
          <p className="muted" lang={en ? "zh-CN" : "en"}>
            {en ? instrument.name_zh : instrument.name_en}
          </p>
          <p className="tags">
            {instrument.service_modes.map((m) => (
              <span key={m} className="tag">
                {t(`mode.${m}`)}
              </span>
            ))}
            <span className="tag tag--soft">
              {instrument.requires_approval ? t("catalogue.item.approval") : t("catalogue.item.instant")}
            </span>
            {instrument.status === "maintenance" ? <span className="tag tag--warning">{t("catalogue.item.maintenance")}</span> : null}
          </p>
          <dl className="facts">
            <div>
              <dt>{t("instrument.manufacturer")}</dt>
              <dd>{instrument.manufacturer || "—"}</dd>
            </div>
            <div>
              <dt>{t("instrument.model")}</dt>
              <dd>{instrument.model || "—"}</dd>
            </div>
            {instrument.chains.length > 0 ? (
              <div>
                <dt>{t("instrument.chains")}</dt>
                <dd>
                  {formatListParts(instrument.chains, locale).map((part, i) =>
                    part.type === "element" ? (
                      <Link key={part.value.code} to={`/instruments?chain=${part.value.code}`}>
                        {localName(part.value, locale)}
                      </Link>
                    ) : (
                      <span key={`separator-${i}`}>{part.value}</span>
                    ),
                  )}
                </dd>
              </div>
            ) : null}
          </dl>
          {instrument.status === "active" ? (
            <a href="#free-slots" className="button button--primary">
              {t("instrument.book")}
            </a>
          ) : null}
        </div>
      </header>

      <div className="instrument__grid">
        <div>
          <section className="panel" aria-labelledby="specs">
            <h2 id="specs">{t("instrument.specs")}</h2>
            <p className="prose">{text(instrument.specs_zh, instrument.specs_en)}</p>
            <h2>{t("instrument.services")}</h2>
            <p className="prose">{text(instrument.services_zh, instrument.services_en)}</p>
            <h2>{t("instrument.sampleRequirements")}</h2>
            <p className="prose">{text(instrument.sample_requirements_zh, instrument.sample_requirements_en)}</p>
          </section>

          <section className="panel" aria-labelledby="free-slots">
            <h2 id="free-slots" tabIndex={-1}>
              {t("instrument.slots", { days: slotDays })}
            </h2>
            {instrument.status !== "active" ? (
              <p role="status">{t("instrument.slots.unavailable")}</p>
            ) : days.length === 0 ? (
              <p role="status">{t("instrument.slots.none")}</p>
            ) : (
              <>
                <p className="muted">
                  {t("instrument.slots.intro", { length: formatDuration(instrument.min_booking_minutes, t) })}
                </p>
                {/* Keyboard users can pass the long list of slot links. */}
                <a href="#rates" className="skip-inline">
                  {t("instrument.slots.skip")}
                </a>
                <ol className="slot-days">
                  {days.map(({ day, items }) => (
                    <li key={day} className="slot-day">
                      <h3 id={`day-${day}`}>{formatDay(items[0].startsAt, locale)}</h3>
                      <ul className="slot-list" aria-labelledby={`day-${day}`}>
                        {items.slice(0, SLOTS_PER_DAY).map((slot) => {
                          const label = `${formatTime(slot.startsAt, locale)}–${formatTime(slot.endsAt, locale)}`;
                          const query = new URLSearchParams({ start: slot.startsAt, end: slot.endsAt });
                          return (
                            <li key={slot.startsAt}>
                              <Link
                                className="slot"
                                to={`/instruments/${instrument.id}/book?${query}`}
                                aria-label={t("instrument.slots.book", { time: `${formatDay(slot.startsAt, locale)} ${label}` })}
                              >
                                {label}
                              </Link>
                            </li>
                          );
                        })}
                      </ul>
                      {items.length > SLOTS_PER_DAY ? (
                        <p className="slot-more">
                          <Link to={`/instruments/${instrument.id}/book`}>
                            {t("instrument.slots.more", { n: items.length - SLOTS_PER_DAY })}
                          </Link>
                        </p>
                      ) : null}
                    </li>
                  ))}
                </ol>
              </>
            )}
          </section>
          {instrument.status === "active" ? (
            <section className="panel" aria-labelledby="calendar-title">
              <h2 id="calendar-title">{t("calendar.title")}</h2>
              <p className="muted small">{t("calendar.hint", { min: formatDuration(instrument.min_booking_minutes, t) })}</p>
              <ClientOnly fallback={<p className="muted">{t("calendar.loading")}</p>}>
                {() => (
                  <Suspense fallback={<p className="muted">{t("calendar.loading")}</p>}>
                    <InstrumentCalendar
                      instrumentId={instrument.id}
                      slotMinutes={instrument.slot_minutes}
                      minMinutes={instrument.min_booking_minutes}
                      maxMinutes={instrument.max_booking_minutes}
                      leadTimeHours={instrument.lead_time_hours}
                      maxAdvanceDays={instrument.max_advance_days}
                      rules={instrument.availability_rules}
                    />
                  </Suspense>
                )}
              </ClientOnly>
            </section>
          ) : null}
        </div>

        <aside>
          <section className="panel" aria-labelledby="rates">
            <h2 id="rates" tabIndex={-1}>
              {t("instrument.rates")}
            </h2>
            <dl className="facts">
              <div>
                <dt>{t("instrument.rate.sme")}</dt>
                <dd className="price">{t("price.perHour", { price: formatPrice(Number(instrument.sme_rate_cny), locale) })}</dd>
              </div>
              <div>
                <dt>{t("instrument.rate.standard")}</dt>
                <dd>{t("price.perHour", { price: formatPrice(Number(instrument.hourly_rate_cny), locale) })}</dd>
              </div>
            </dl>
            <p className="muted small">{t("instrument.rate.note")}</p>
          </section>

          <section className="panel" aria-labelledby="rules">
            <h2 id="rules">{t("instrument.rules")}</h2>
            <BookingRules instrument={instrument} />
            <h3>{t("instrument.hours")}</h3>
            {instrument.availability_rules.length === 0 ? (
              <p className="muted">{t("instrument.hours.none")}</p>
            ) : (
              <dl className="facts facts--compact">
                {weekdays.map((d) => {
                  const rules = instrument.availability_rules.filter((r) => r.weekday === d);
                  return (
                    <div key={d}>
                      <dt>{t(`weekday.${d}`)}</dt>
                      <dd>
                        {rules.length === 0
                          ? t("instrument.hours.closed")
                          : rules.map((r) => (
                              <span key={r.start_time} className="nowrap">
                                {r.start_time.slice(0, 5)}–{r.end_time.slice(0, 5)}{" "}
                              </span>
                            ))}
                      </dd>
                    </div>
                  );
                })}
              </dl>
            )}
          </section>

          {lab ? (
            <section className="panel" aria-labelledby="lab">
              <h2 id="lab">{t("instrument.lab")}</h2>
              <p>
                <Link to={`/instruments?lab=${lab.id}`}>
                  <strong>{localName(lab, locale)}</strong>
                </Link>
              </p>
              <dl className="facts">
                <div>
                  <dt>{t("instrument.address")}</dt>
                  <dd>{(en && lab.address_en) || lab.address_zh}</dd>
                </div>
                {lab.district ? (
                  <div>
                    <dt>{t("instrument.district")}</dt>
                    <dd>{localName(lab.district, locale)}</dd>
                  </div>
                ) : null}
                {lab.contact_name ? (
                  <div>
                    <dt>{t("instrument.contact")}</dt>
                    <dd>{lab.contact_name}</dd>
                  </div>
                ) : null}
                {lab.contact_phone ? (
                  <div>
                    <dt>{t("instrument.phone")}</dt>
                    <dd>
                      <a href={`tel:${lab.contact_phone.replace(/[\s-]/g, "")}`}>{lab.contact_phone}</a>
                    </dd>
                  </div>
                ) : null}
                {lab.contact_email ? (
                  <div>
                    <dt>{t("instrument.email")}</dt>
                    <dd>
                      <a href={`mailto:${lab.contact_email}`}>{lab.contact_email}</a>
                    </dd>
                  </div>
                ) : null}
                {lab.accreditations.length > 0 ? (
                  <div>
                    <dt>{t("instrument.accreditations")}</dt>
                    <dd>{lab.accreditations.join(" · ")}</dd>
                  </div>
                ) : null}
              </dl>
            </section>
          ) : null}
        </aside>
      </div>
    </article>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
