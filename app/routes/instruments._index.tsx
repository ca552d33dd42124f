import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { getUser } from "~/lib/auth/auth.server";
import {
  catalogueQuery,
  FREE_HOURS_MAX,
  FREE_HOURS_MIN,
  freeWindow,
  hasActiveFilters,
  PAGE_SIZE,
  pageCount,
  parseCatalogueFilters,
  QUERY_MAX,
  type CatalogueFilters,
} from "~/lib/catalogue/filters";
import { SERVICE_MODES } from "~/lib/platform/enums";
import { getCatalogueReference, searchCatalogue, type CatalogueItem } from "~/lib/catalogue/catalogue.server";
import { formatPrice, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import { resolveLocale } from "~/lib/i18n/locale.server";
import { getOwnProfile } from "~/lib/account/profile.server";
import { pageMeta } from "~/lib/platform/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "catalogue.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // The filter form sends every field, empty or not: keep shared URLs to the choices made.
  const empty = [...url.searchParams.entries()].filter(([, value]) => value.trim() === "").map(([key]) => key);
  if (empty.length > 0) {
    for (const key of empty) url.searchParams.delete(key);
    throw redirect(`${url.pathname}${url.search}`);
  }
  const { supabase, headers, user } = await getUser(request);
  const params = url.searchParams;
  const filters = parseCatalogueFilters(params);
  const free = freeWindow(filters, params);
  const [reference, profile] = await Promise.all([
    getCatalogueReference(supabase),
    user ? getOwnProfile(supabase, user.id) : Promise.resolve(null),
  ]);
  // Names sort in the reader's language: the profile's, as the page itself is shown.
  const page = await searchCatalogue(supabase, reference, filters, resolveLocale(request, profile?.locale), free.window);
  return json({ filters, reference, ...page, freeApplied: free.window !== null, freeIssue: free.issue }, { headers });
}

function hrefFor(filters: CatalogueFilters, changes: Partial<CatalogueFilters> = {}) {
  const query = catalogueQuery(filters, changes);
  return query ? `/instruments?${query}` : "/instruments";
}

export default function Catalogue() {
  const t = useT();
  const locale = useLocale();
  const { filters, reference, items, total, freeApplied, freeIssue } = useLoaderData<typeof loader>();
  // The filter fields show the URL's choices: a new URL (clear all, a link) remounts them.
  const { search } = useLocation();
  const pages = pageCount(total);
  const active = hasActiveFilters(filters);
  const topCategories = reference.categories.filter((c) => c.parent_id === null);
  const first = (filters.page - 1) * PAGE_SIZE + 1;
  const freeSummary =
    freeApplied && filters.freeFrom && filters.freeTo && filters.hours !== undefined
      ? t("catalogue.free.summary", {
          hours: filters.hours,
          from: filters.freeFrom.replace("T", " "),
          to: filters.freeTo.replace("T", " "),
        })
      : null;

  return (
    <div className="catalogue">
      <header className="page-header">
        <h1>{t("catalogue.title")}</h1>
        <p className="muted">{t("catalogue.intro")}</p>
      </header>

      <div className="catalogue__layout">
        {/* On a phone the filters fill the first screens: a way straight to the results. */}
        <a href="#results" className="button button--secondary catalogue__jump">
          {t("catalogue.jumpToResults", { total })}
        </a>
        <Form key={search} method="get" action="/instruments" className="panel filters" aria-label={t("catalogue.filters")}>
          <div className="field">
            <label htmlFor="q">{t("catalogue.search.label")}</label>
            <input
              id="q"
              name="q"
              type="search"
              defaultValue={filters.q}
              maxLength={QUERY_MAX}
              placeholder={t("catalogue.search.placeholder")}
            />
          </div>
          <div className="field">
            <label htmlFor="category">{t("catalogue.filter.category")}</label>
            <select id="category" name="category" defaultValue={filters.category ?? ""}>
              <option value="">{t("catalogue.filter.any")}</option>
              {topCategories.map((top) => (
                <optgroup key={top.id} label={localName(top, locale)}>
                  <option value={top.code}>
                    {localName(top, locale)} · {t("catalogue.filter.any")}
                  </option>
                  {reference.categories
                    .filter((c) => c.parent_id === top.id)
                    .map((c) => (
                      <option key={c.id} value={c.code}>
                        {localName(c, locale)}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          </div>
          <SelectFilter
            name="district"
            label={t("catalogue.filter.district")}
            value={filters.district}
            options={reference.districts.map((d) => ({ value: d.code, label: localName(d, locale) }))}
          />
          <SelectFilter
            name="chain"
            label={t("catalogue.filter.chain")}
            value={filters.chain}
            options={reference.chains.map((c) => ({ value: c.code, label: localName(c, locale) }))}
          />
          <SelectFilter
            name="lab"
            label={t("catalogue.filter.lab")}
            value={filters.lab}
            options={reference.labs.map((l) => ({ value: l.id, label: localName(l, locale) }))}
          />
          <SelectFilter
            name="mode"
            label={t("catalogue.filter.mode")}
            value={filters.mode}
            options={SERVICE_MODES.map((m) => ({ value: m, label: t(`mode.${m}`) }))}
          />
          <SelectFilter
            name="accreditation"
            label={t("catalogue.filter.accreditation")}
            value={filters.accreditation}
            options={reference.accreditations.map((a) => ({ value: a, label: a }))}
          />
          <div className="field">
            <label htmlFor="maxPrice">{t("catalogue.filter.maxPrice")}</label>
            <input
              id="maxPrice"
              name="maxPrice"
              type="number"
              min={0}
              step={10}
              inputMode="numeric"
              defaultValue={filters.maxPrice ?? ""}
            />
          </div>
          <fieldset className="fieldset filters__free">
            <legend>{t("catalogue.free.legend")}</legend>
            <p className="muted" id="free-hint">
              {t("catalogue.free.hint")}
            </p>
            <div className="field">
              <label htmlFor="freeFrom">{t("catalogue.free.from")}</label>
              <input
                id="freeFrom"
                name="freeFrom"
                type="datetime-local"
                step={60}
                aria-describedby="free-hint"
                defaultValue={filters.freeFrom ?? ""}
              />
            </div>
            <div className="field">
              <label htmlFor="freeTo">{t("catalogue.free.to")}</label>
              <input
                id="freeTo"
                name="freeTo"
                type="datetime-local"
                step={60}
                aria-describedby="free-hint"
                defaultValue={filters.freeTo ?? ""}
              />
            </div>
            <div className="field">
              <label htmlFor="hours">{t("catalogue.free.hours")}</label>
              <input
                id="hours"
                name="hours"
                type="number"
                min={FREE_HOURS_MIN}
                max={FREE_HOURS_MAX}
                step={0.5}
                inputMode="decimal"
                defaultValue={filters.hours ?? ""}
              />
            </div>
          </fieldset>
          <SelectFilter
            name="sort"
            label={t("catalogue.sort.label")}
            value={filters.sort}
            includeAny={false}
            options={(["relevance", "price", "name"] as const).map((s) => ({ value: s, label: t(`catalogue.sort.${s}`) }))}
          />
          <button type="submit" className="button button--primary">
            {t("catalogue.filter.apply")}
          </button>
          {active ? (
            <Link to="/instruments" className="filters__clear">
              {t("catalogue.filter.clear")}
            </Link>
          ) : null}
        </Form>

        <section id="results" className="catalogue__results" aria-labelledby="results-title" tabIndex={-1}>
          <h2 id="results-title" className="visually-hidden">
            {t("catalogue.title")}
          </h2>
          {freeIssue ? (
            <p className="alert alert--info" role="alert">
              {t(`catalogue.free.issue.${freeIssue}`)}
            </p>
          ) : null}
          {items.length === 0 && total > 0 ? (
            <div className="panel empty-state" role="status">
              <h3>{t("catalogue.pastEnd.title", { page: filters.page })}</h3>
              <p className="muted">{t("catalogue.pastEnd.body", { total, pages })}</p>
              <Link to={hrefFor(filters, { page: pages })} className="button button--secondary">
                {t("catalogue.pastEnd.link", { page: pages })}
              </Link>
            </div>
          ) : items.length === 0 ? (
            <div className="panel empty-state" role="status">
              <h3>
                {freeSummary ? t("catalogue.free.none.title") : active ? t("catalogue.noResults.title") : t("catalogue.empty.title")}
              </h3>
              <p className="muted">
                {freeSummary ? freeSummary : active ? t("catalogue.noResults.body") : t("catalogue.empty.body")}
              </p>
              {active ? (
                <Link to="/instruments" className="button button--secondary">
                  {t("catalogue.filter.clear")}
                </Link>
              ) : null}
            </div>
          ) : (
            <>
              <p className="results-count" role="status">
                {total === 1
                  ? t("catalogue.results.one")
                  : t("catalogue.results", { total, from: first, to: first + items.length - 1 })}
                {freeSummary ? ` ${freeSummary}` : ""}
              </p>
              <ul className="instrument-list">
                {items.map((item) => (
                  <InstrumentCard key={item.id} item={item} />
                ))}
              </ul>
              {pages > 1 ? (
                <nav className="pagination" aria-label={t("catalogue.pagination")}>
                  {filters.page > 1 ? (
                    <Link to={hrefFor(filters, { page: filters.page - 1 })} rel="prev" className="button button--secondary">
                      {t("catalogue.pagination.prev")}
                    </Link>
                  ) : (
                    <span />
                  )}
                  <span aria-current="page">{t("catalogue.pagination.page", { page: filters.page, pages })}</span>
                  {filters.page < pages ? (
                    <Link to={hrefFor(filters, { page: filters.page + 1 })} rel="next" className="button button--secondary">
                      {t("catalogue.pagination.next")}
                    </Link>
                  ) : (
                    <span />
                  )}
                </nav>
              ) : null}
            </>
          )}
        </section>
      </div>
    </div>
  );
}

function SelectFilter({
  name,
  label,
  value,
  options,
  includeAny = true,
}: {
  name: string;
  label: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  includeAny?: boolean;
}) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value ?? ""}>
        {includeAny ? <option value="">{t("catalogue.filter.any")}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function InstrumentCard({ item }: { item: CatalogueItem }) {
  const t = useT();
  const locale = useLocale();
  const other = locale === "en" ? item.name_zh : item.name_en;
  return (
    <li className="instrument-card">
      <div className="instrument-card__main">
        <h3>
          <Link to={`/instruments/${item.id}`}>{localName(item, locale)}</Link>
        </h3>
        <p className="instrument-card__sub muted">
          {other} · {[item.manufacturer, item.model].filter(Boolean).join(" ")}
        </p>
        <p className="instrument-card__meta">
          {localName(item.labs, locale)}
          {item.labs.district ? ` · ${localName(item.labs.district, locale)}` : ""}
          {item.category ? ` · ${localName(item.category, locale)}` : ""}
        </p>
        <p className="tags">
          {item.service_modes.map((m) => (
            <span key={m} className="tag">
              {t(`mode.${m}`)}
            </span>
          ))}
          <span className="tag tag--soft">{item.requires_approval ? t("catalogue.item.approval") : t("catalogue.item.instant")}</span>
          {item.labs.accreditations.map((a) => (
            <span key={a} className="tag tag--outline">
              {a}
            </span>
          ))}
          {item.status === "maintenance" ? <span className="tag tag--warning">{t("catalogue.item.maintenance")}</span> : null}
        </p>
      </div>
      <dl className="instrument-card__price">
        <dt>{t("catalogue.item.smeRate")}</dt>
        <dd className="price">{t("price.perHour", { price: formatPrice(Number(item.sme_rate_cny), locale) })}</dd>
        <dt>{t("catalogue.item.rate")}</dt>
        <dd>{t("price.perHour", { price: formatPrice(Number(item.hourly_rate_cny), locale) })}</dd>
      </dl>
    </li>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
