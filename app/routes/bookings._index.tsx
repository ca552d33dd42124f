import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { StatusBadge } from "~/components/ui/status-badge";
import { requireUser } from "~/lib/auth/auth.server";
import { listMyBookings } from "~/lib/bookings/bookings.server";
import { formatPrice, formatRange, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";
import { pageMeta } from "~/lib/platform/meta";
import { z } from "zod";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "bookings.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, user } = await requireUser(request);
  const page = z.coerce.number().int().min(1).max(1000).catch(1).parse(new URL(request.url).searchParams.get("past") ?? 1);
  const bookings = await listMyBookings(supabase, user.id, page);
  // Past the last page of history (an old link): go to the last page.
  if (page > bookings.pastPages) throw redirect(`/bookings?past=${bookings.pastPages}`, { headers });
  return json(bookings, { headers });
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["upcoming"][number];

export default function MyBookings() {
  const t = useT();
  const { upcoming, past, pastTotal, pastPage, pastPages } = useLoaderData<typeof loader>();
  return (
    <div>
      <header className="page-header">
        <h1>{t("bookings.title")}</h1>
      </header>
      <BookingTable
        titleKey="bookings.upcoming"
        emptyKey="bookings.empty.upcoming"
        rows={upcoming}
        id="upcoming"
        total={upcoming.length}
      />
      <BookingTable titleKey="bookings.past" emptyKey="bookings.empty.past" rows={past} id="past" total={pastTotal}>
        {pastPages > 1 ? (
          <nav className="pagination" aria-label={t("catalogue.pagination")}>
            {pastPage > 1 ? (
              <Link to={`/bookings?past=${pastPage - 1}#past-title`} className="button button--secondary">
                {t("catalogue.pagination.prev")}
              </Link>
            ) : (
              <span />
            )}
            <span aria-current="page">{t("catalogue.pagination.page", { page: pastPage, pages: pastPages })}</span>
            {pastPage < pastPages ? (
              <Link to={`/bookings?past=${pastPage + 1}#past-title`} className="button button--secondary">
                {t("catalogue.pagination.next")}
              </Link>
            ) : (
              <span />
            )}
          </nav>
        ) : null}
      </BookingTable>
      <p>
        <Link to="/instruments" className="button button--secondary">
          {t("bookings.browse")}
        </Link>
      </p>
    </div>
  );
}

function BookingTable({
  titleKey,
  emptyKey,
  rows,
  id,
  total,
  children,
}: {
  titleKey: MessageKey;
  emptyKey: MessageKey;
  rows: Row[];
  id: string;
  total: number;
  children?: ReactNode;
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {t(titleKey)} ({total})
      </h2>
      {rows.length === 0 ? (
        <p className="muted">{t(emptyKey)}</p>
      ) : (
        <div className="table-wrap">
          {/* A real table on wide screens; on phones CSS lays each row out as a card and shows the
              column names from data-label (hidden from assistive technology, which keeps the
              column headers). The explicit roles keep the table semantics when CSS changes the
              display of the table parts. */}
          <table className="table table--cards" role="table">
            <thead role="rowgroup">
              <tr role="row">
                <th scope="col" role="columnheader">
                  {t("bookings.col.instrument")}
                </th>
                <th scope="col" role="columnheader">
                  {t("bookings.col.time")}
                </th>
                <th scope="col" role="columnheader">
                  {t("bookings.col.status")}
                </th>
                <th scope="col" role="columnheader" className="num">
                  {t("bookings.col.cost")}
                </th>
              </tr>
            </thead>
            <tbody role="rowgroup">
              {rows.map((row) => (
                <tr key={row.id} role="row">
                  <td role="cell" className="table__title">
                    <Link to={`/bookings/${row.id}`}>{localName(row.instrument, locale)}</Link>
                    <div className="muted small">{localName(row.instrument?.lab, locale)}</div>
                  </td>
                  <td role="cell" data-label={t("bookings.col.time")}>
                    {formatRange(row.startsAt, row.endsAt, locale)}
                  </td>
                  <td role="cell" data-label={t("bookings.col.status")}>
                    <StatusBadge status={row.status} />
                  </td>
                  <td role="cell" data-label={t("bookings.col.cost")} className="num">
                    {formatPrice(Number(row.estimated_cost_cny), locale)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {children}
    </section>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
