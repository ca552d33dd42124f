// A list of the user's bookings (instrument and lab, time, status, cost) in a titled panel, as a
// table on wide screens and as cards on phones.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { DataTable } from "~/components/ui/data-table";
import { StatusBadge } from "~/components/ui/status-badge";
import type { BookingListRow } from "~/lib/bookings/bookings.server";
import { formatPrice, formatRange, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";
import type { SerializeFrom } from "@remix-run/node";

type Row = SerializeFrom<BookingListRow>;

export function BookingTable({
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
        <DataTable
          rows={rows}
          rowKey={(row) => row.id}
          columns={[
            {
              id: "instrument",
              header: t("bookings.col.instrument"),
              title: true,
              cell: (row) => (
                <>
                  <Link to={`/bookings/${row.id}`}>{localName(row.instrument, locale)}</Link>
                  <div className="muted small">{localName(row.instrument?.lab, locale)}</div>
                </>
              ),
            },
            { id: "time", header: t("bookings.col.time"), cell: (row) => formatRange(row.startsAt, row.endsAt, locale) },
            { id: "status", header: t("bookings.col.status"), cell: (row) => <StatusBadge status={row.status} /> },
            {
              id: "cost",
              header: t("bookings.col.cost"),
              align: "num",
              cell: (row) => formatPrice(Number(row.estimated_cost_cny), locale),
            },
          ]}
        />
      )}
      {children}
    </section>
  );
}
