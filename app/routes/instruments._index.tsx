import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CatalogueFilterForm } from "~/components/catalogue/catalogue-filters";
import { InstrumentCard } from "~/components/catalogue/instrument-card";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { Pagination } from "~/components/ui/pagination";
import { getOwnProfile } from "~/lib/account/profile.server";
import { getUser } from "~/lib/auth/auth.server";
import { loadCataloguePage } from "~/lib/catalogue/catalogue.server";
import { catalogueHref, hasActiveFilters, PAGE_SIZE, pageCount, withoutEmptyParams } from "~/lib/catalogue/filters";
import { resolveLocale } from "~/lib/i18n/locale.server";
import { useT } from "~/lib/i18n/react";
import { pageMeta } from "~/lib/platform/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "catalogue.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const clean = withoutEmptyParams(url);
  if (clean) throw redirect(clean);
  const { supabase, headers, user } = await getUser(request);
  // Names sort in the reader's language: the profile's, as the page itself is shown.
  const locale = user ? getOwnProfile(supabase, user.id).then((p) => resolveLocale(request, p?.locale)) : resolveLocale(request);
  const page = await loadCataloguePage(supabase, url.searchParams, locale);
  // Bad input is answered as such (4xx), with the cleaned search's results and the reason.
  return json(page, { headers, status: page.queryIssue ? 400 : 200 });
}

export default function Catalogue() {
  const t = useT();
  const { filters, options, items, total, freeApplied, freeIssue, queryIssue } = useLoaderData<typeof loader>();
  const pages = pageCount(total);
  const active = hasActiveFilters(filters);
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
        <CatalogueFilterForm filters={filters} options={options} queryIssue={queryIssue} />

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
              <Link to={catalogueHref(filters, { page: pages })} className="button button--secondary">
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
              <Pagination page={filters.page} pages={pages} href={(page) => catalogueHref(filters, { page })} />
            </>
          )}
        </section>
      </div>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
