import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getUser } from "~/lib/auth/auth.server";
import { QUERY_MAX } from "~/lib/catalogue/filters";
import { getCatalogueReference } from "~/lib/catalogue/catalogue.server";
import { formatNumber, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import { getHomeFigures } from "~/lib/catalogue/network-figures.server";
import { useRootData } from "~/root";

const features = [
  { key: "find", icon: "⌕" },
  { key: "book", icon: "◷" },
  { key: "labs", icon: "⚗" },
  { key: "stats", icon: "▥" },
] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await getUser(request);
  const [reference, network] = await Promise.all([getCatalogueReference(supabase), getHomeFigures(supabase)]);
  const categories = reference.categories.filter((c) => c.parent_id === null);
  return json(
    {
      categories,
      chains: reference.chains,
      figures: { ...network, categories: categories.length, chains: reference.chains.length },
    },
    { headers },
  );
}

export default function Index() {
  const t = useT();
  const locale = useLocale();
  const user = useRootData()?.user;
  const { categories, chains, figures } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <p className="hero__eyebrow">{t("home.hero.eyebrow")}</p>
        <h1 id="hero-title">{t("home.hero.title")}</h1>
        <p className="hero__body">{t("home.hero.body")}</p>
        {user ? <p className="hero__welcome">{t("home.welcomeBack", { name: user.displayName })}</p> : null}
        <Form method="get" action="/instruments" className="hero-search" role="search">
          <label htmlFor="home-q" className="visually-hidden">
            {t("home.search.label")}
          </label>
          <input id="home-q" name="q" type="search" maxLength={QUERY_MAX} placeholder={t("home.search.placeholder")} />
          <button type="submit" className="button button--primary button--large">
            {t("home.search.submit")}
          </button>
        </Form>
        <div className="hero__actions">
          <Link to="/instruments" className="button button--secondary">
            {t("home.search.all")}
          </Link>
          {user ? (
            <Link to="/bookings" className="button button--secondary">
              {t("nav.bookings")}
            </Link>
          ) : (
            <Link to="/signup" className="button button--secondary">
              {t("home.hero.ctaSignUp")}
            </Link>
          )}
        </div>
      </section>

      <section aria-labelledby="figures-title" className="figures">
        <h2 id="figures-title">{t("home.figures.title")}</h2>
        <dl className="figure-grid">
          {(["labs", "instruments", "hours", "categories", "chains"] as const).map((key) => (
            <div key={key} className={key === "hours" ? "figure figure--wide" : "figure"}>
              <dt>{t(`home.figures.${key}`)}</dt>
              <dd>
                {key === "hours" ? (
                  <>
                    {formatNumber(Math.round(figures.hoursServedThisYear), locale)}{" "}
                    <span className="figure-unit">{t("home.figures.hoursUnit")}</span>
                  </>
                ) : (
                  formatNumber(figures[key], locale)
                )}
              </dd>
            </div>
          ))}
        </dl>
        <p className="muted small">{t("home.figures.note")}</p>
      </section>

      <section aria-labelledby="browse-categories" className="browse">
        <h2 id="browse-categories">{t("home.browse.categories")}</h2>
        <ul className="chip-list">
          {categories.map((c) => (
            <li key={c.id}>
              <Link to={`/instruments?category=${c.code}`} className="chip">
                {localName(c, locale)}
              </Link>
            </li>
          ))}
        </ul>
        <h2 id="browse-chains">{t("home.browse.chains")}</h2>
        <ul className="chip-list" aria-labelledby="browse-chains">
          {chains.map((c) => (
            <li key={c.id}>
              <Link to={`/instruments?chain=${c.code}`} className="chip">
                {localName(c, locale)}
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="features-title" className="features">
        <h2 id="features-title">{t("home.features.title")}</h2>
        <ul className="feature-grid">
          {features.map(({ key, icon }) => (
            <li key={key} className="feature-card">
              <span className="feature-card__icon" aria-hidden="true">
                {icon}
              </span>
              <h3>{t(`home.features.${key}.title`)}</h3>
              <p>{t(`home.features.${key}.body`)}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
