import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { lazy, Suspense } from "react";
import { BookingRules } from "~/components/bookings/booking-rules";
import { FreeSlots } from "~/components/instruments/free-slots";
import { InstrumentTags } from "~/components/instruments/instrument-tags";
import { LabContact } from "~/components/instruments/lab-contact";
import { OpeningHours } from "~/components/instruments/opening-hours";
import { ClientOnly } from "~/components/ui/client-only";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { Facts } from "~/components/ui/facts";
import { getUser } from "~/lib/auth/auth.server";
import { formatDuration, formatListParts, formatPrice, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import { instrumentIdSchema, loadInstrumentPage } from "~/lib/instruments/instrument.server";
import { tFromMatches } from "~/lib/platform/meta";
import { getInstrumentRating } from "~/lib/ratings/ratings.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = tFromMatches(matches);
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  const name = data ? (root?.locale === "en" ? data.instrument.name_en : data.instrument.name_zh) : t("instrument.meta.title");
  return [{ title: `${name} · ${t("app.shortName")}` }, { name: "description", content: t("home.meta.description") }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await getUser(request);
  const id = params.id ?? "";
  // The rating needs only the id: read it beside the page's data rather than after it.
  const [page, satisfaction] = await Promise.all([
    loadInstrumentPage(supabase, id),
    instrumentIdSchema.safeParse(id).success ? getInstrumentRating(supabase, id) : null,
  ]);
  if (!page || !satisfaction) throw new Response("Not found", { status: 404, headers });
  return json({ ...page, satisfaction }, { headers });
}

// FullCalendar is loaded only here and only in the browser: its own chunk, never in the catalogue's.
const InstrumentCalendar = lazy(() => import("~/components/instruments/instrument-calendar"));

export default function InstrumentPage() {
  const t = useT();
  const locale = useLocale();
  const { instrument, photo, slots, slotDays, satisfaction } = useLoaderData<typeof loader>();
  const en = locale === "en";
  const active = instrument.status === "active";
  const text = (zh: string, enText: string) => (en ? enText || zh : zh || enText) || t("instrument.notGiven");

  return (
    <article className="instrument">
      <p className="breadcrumb">
        <Link to="/instruments">{t("catalogue.title")}</Link>
        {[instrument.category?.parent, instrument.category].map((category) =>
          category ? (
            <span key={category.code}>
              {" / "}
              <Link to={`/instruments?category=${category.code}`}>{localName(category, locale)}</Link>
            </span>
          ) : null,
        )}
      </p>

      <header className="instrument__header">
        {photo ? (
          <img className="instrument__photo instrument__photo--image" src={photo} alt={t("instrument.photoOf", { name: localName(instrument, locale) })} />
        ) : (
          <div className="instrument__photo" role="img" aria-label={t("instrument.noPhoto")}>
            <span aria-hidden="true">仪</span>
          </div>
        )}
        <div>
          <h1>{localName(instrument, locale)}</h1>
          <p className="muted" lang={en ? "zh-CN" : "en"}>
            {en ? instrument.name_zh : instrument.name_en}
          </p>
          <InstrumentTags serviceModes={instrument.service_modes} requiresApproval={instrument.requires_approval} status={instrument.status} />
          <Facts
            facts={[
              { label: t("instrument.manufacturer"), value: instrument.manufacturer || "—" },
              { label: t("instrument.model"), value: instrument.model || "—" },
              satisfaction.ratings > 0 && {
                label: t("instrument.satisfaction"),
                value:
                  satisfaction.average === null
                    ? t("instrument.satisfaction.few")
                    : t("instrument.satisfaction.value", {
                        average: satisfaction.average.toFixed(1),
                        n: satisfaction.ratings,
                      }),
              },
              instrument.chains.length > 0 && {
                label: t("instrument.chains"),
                value: formatListParts(instrument.chains, locale).map((part, i) =>
                  part.type === "element" ? (
                    <Link key={part.value.code} to={`/instruments?chain=${part.value.code}`}>
                      {localName(part.value, locale)}
                    </Link>
                  ) : (
                    <span key={`separator-${i}`}>{part.value}</span>
                  ),
                ),
              },
            ]}
          />
          {active ? (
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

          <FreeSlots
            instrumentId={instrument.id}
            slots={slots}
            days={slotDays}
            minMinutes={instrument.min_booking_minutes}
            active={active}
            skipTo="rates"
          />
          {active ? (
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
            <Facts
              facts={[
                {
                  label: t("instrument.rate.sme"),
                  value: <span className="price">{t("price.perHour", { price: formatPrice(Number(instrument.sme_rate_cny), locale) })}</span>,
                },
                { label: t("instrument.rate.standard"), value: t("price.perHour", { price: formatPrice(Number(instrument.hourly_rate_cny), locale) }) },
              ]}
            />
            <p className="muted small">{t("instrument.rate.note")}</p>
          </section>

          <section className="panel" aria-labelledby="rules">
            <h2 id="rules">{t("instrument.rules")}</h2>
            <BookingRules instrument={instrument} />
            <h3>{t("instrument.hours")}</h3>
            <OpeningHours rules={instrument.availability_rules} />
          </section>

          {instrument.lab ? <LabContact lab={instrument.lab} /> : null}
        </aside>
      </div>
    </article>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
