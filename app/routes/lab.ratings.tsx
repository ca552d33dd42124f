// The lab's ratings (issue 11, part 7): per-instrument averages and every rating, newest first.
// RLS on booking_ratings gives lab staff their instruments' ratings only.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/ui/data-table";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { formatDateTime, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import { requireCurrentLab } from "~/lib/labs/current-lab.server";
import { pageMeta } from "~/lib/platform/meta";
import { getLabRatings } from "~/lib/ratings/ratings.server";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "labRatings.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, lab } = await requireCurrentLab(request);
  return json(await getLabRatings(supabase, lab.id), { headers });
}

export default function LabRatingsPage() {
  const t = useT();
  const locale = useLocale();
  const { rows, byInstrument } = useLoaderData<typeof loader>();
  const number = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 2 });
  return (
    <div>
      <header className="page-header">
        <h1>{t("labRatings.title")}</h1>
        <p className="muted">{t("labRatings.intro")}</p>
      </header>
      {rows.length === 0 ? (
        <p className="muted">{t("labRatings.empty")}</p>
      ) : (
        <>
          <section className="panel" aria-labelledby="ratings-summary">
            <h2 id="ratings-summary">{t("labRatings.summary")}</h2>
            <DataTable
              caption={t("labRatings.summary")}
              rows={byInstrument}
              rowKey={(row) => row.instrumentId}
              columns={[
                {
                  id: "instrument",
                  header: t("labRatings.col.instrument"),
                  title: true,
                  cell: (row) => <Link to={`/instruments/${row.instrumentId}`}>{localName(row.instrumentName, locale)}</Link>,
                },
                { id: "average", header: t("labRatings.col.average"), align: "num", cell: (row) => number.format(row.average) },
                { id: "count", header: t("labRatings.col.count"), align: "num", cell: (row) => row.ratings },
              ]}
            />
          </section>
          <section className="panel" aria-labelledby="ratings-list">
            <h2 id="ratings-list">{t("labRatings.list")}</h2>
            <DataTable
              caption={t("labRatings.list")}
              rows={rows}
              rowKey={(row) => row.bookingId}
              columns={[
                { id: "date", header: t("labRatings.col.date"), title: true, cell: (row) => formatDateTime(row.createdAt, locale) },
                { id: "instrument", header: t("labRatings.col.instrument"), cell: (row) => localName(row.instrumentName, locale) },
                { id: "rating", header: t("labRatings.col.rating"), align: "num", cell: (row) => t("rating.stars", { rating: row.rating }) },
                { id: "comment", header: t("labRatings.col.comment"), cell: (row) => row.comment ?? "—" },
                {
                  id: "booking",
                  header: t("labRatings.col.booking"),
                  cell: (row) => <Link to={`/bookings/${row.bookingId}`}>{t("labRatings.booking")}</Link>,
                },
              ]}
            />
          </section>
        </>
      )}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
