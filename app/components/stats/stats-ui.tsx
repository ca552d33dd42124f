// The statistics pages' building blocks, shared by /bureau/* and /lab/stats (one set of
// components; the scope decides what the data holds): the period selector, the overview with
// previous period, change and national references, sortable tables, export links, the bureau's
// sub-navigation.
import { Form, Link, NavLink } from "@remix-run/react";
import { DataTable, type Column } from "~/components/ui/data-table";
import { useLocale, useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";
import type { Overview } from "~/lib/stats/bureau.server";
import { PERIOD_KINDS, endOfMonth, type StatsPeriod } from "~/lib/stats/period";
import { REFERENCE } from "~/lib/stats/reference";
import { change, formatCell, OVERVIEW_ROWS, type StatsColumn, type TablePage } from "~/lib/stats/tables";
import { Pagination } from "~/components/ui/pagination";

export const BUREAU_STATS_NAV: { to: string; label: MessageKey; end?: boolean }[] = [
  { to: "/bureau", label: "stats.nav.overview", end: true },
  { to: "/bureau/trends", label: "stats.nav.trends" },
  { to: "/bureau/breakdowns", label: "stats.nav.breakdowns" },
  { to: "/bureau/attention", label: "stats.nav.attention" },
  { to: "/bureau/evaluation", label: "stats.nav.evaluation" },
  { to: "/bureau/labs", label: "bureau.nav.labs" },
  { to: "/bureau/analysts", label: "bureau.nav.analysts" },
  { to: "/bureau/organisations", label: "bureauOrgs.title" },
];

export function BureauStatsNav() {
  const t = useT();
  return (
    <nav className="subnav" aria-label={t("stats.nav.label")}>
      {BUREAU_STATS_NAV.map((item) => (
        <NavLink key={item.to} to={item.to} end={item.end} prefetch="none">
          {t(item.label)}
        </NavLink>
      ))}
    </nav>
  );
}

/** A GET form: the period lands in the URL (`period`, and `from`/`to` for a custom one); `keep` carries other parameters. */
export function PeriodSelector({ action, period, keep = {} }: { action: string; period: StatsPeriod | null; keep?: Record<string, string | null> }) {
  const t = useT();
  return (
    <Form method="get" action={action} className="panel filters period-selector" aria-label={t("stats.period.label")}>
      {Object.entries(keep).map(([name, value]) => (value ? <input key={name} type="hidden" name={name} value={value} /> : null))}
      <div className="field">
        <label htmlFor="period">{t("stats.period.label")}</label>
        <select id="period" name="period" defaultValue={period?.kind ?? "this-month"}>
          {PERIOD_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`stats.period.${kind}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="period-from">{t("stats.period.from")}</label>
        <input id="period-from" name="from" type="month" defaultValue={period?.from.slice(0, 7)} />
      </div>
      <div className="field">
        <label htmlFor="period-to">{t("stats.period.to")}</label>
        <input id="period-to" name="to" type="month" defaultValue={period?.to.slice(0, 7)} />
      </div>
      <button type="submit" className="button">
        {t("stats.period.apply")}
      </button>
    </Form>
  );
}

export function PeriodLabel({ period }: { period: { from: string; to: string; asOf: string | null } }) {
  const t = useT();
  return (
    <span>
      {t("stats.period.current", { from: period.from.slice(0, 7), to: period.to.slice(0, 7) })}
      {period.asOf ? ` (${t("stats.period.running", { date: period.asOf })})` : ` (${period.from} – ${endOfMonth(period.to)})`}
    </span>
  );
}

export function StatsError({ message }: { message: MessageKey }) {
  const t = useT();
  return (
    <p className="alert alert--error" role="alert">
      {t(message)}
    </p>
  );
}

export function ExportLinks({ href }: { href: string }) {
  const t = useT();
  const join = href.includes("?") ? "&" : "?";
  return (
    <p className="export-links">
      <span className="muted">{t("stats.export.label")}:</span>{" "}
      <a href={`${href}${join}format=csv`} download>
        {t("stats.export.csv")}
      </a>{" "}
      <a href={`${href}${join}format=xlsx`} download>
        {t("stats.export.xlsx")}
      </a>
    </p>
  );
}

/** The overview: each figure this period, the previous one and the change; then the national references. */
export function OverviewFigures({ current, previous, days, previousDays }: { current: Overview; previous: Overview; days: number; previousDays: number }) {
  const t = useT();
  const locale = useLocale();
  const annual = (hours: number) => (current.instruments > 0 ? Math.round(((hours / current.instruments) * 365) / Math.max(days, 1)) : 0);
  const effective = annual(current.effectiveHours);
  const external = annual(current.externalHours);
  const scale = Math.max(REFERENCE.nationalEffectiveHours, effective) * 1.1;
  const bar = (value: number) => `${Math.min(100, (value / scale) * 100).toFixed(1)}%`;
  return (
    <>
      <section className="panel" aria-labelledby="figures-title">
        <h2 id="figures-title">{t("stats.figures.title")}</h2>
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="figures-title">
          <table className="table" id="overview-table">
            <thead>
              <tr>
                <th scope="col">{t("stats.col.figure")}</th>
                <th scope="col" className="num">
                  {t("stats.col.current")}
                </th>
                <th scope="col" className="num">
                  {t("stats.col.previous")}
                </th>
                <th scope="col" className="num">
                  {t("stats.col.change")}
                </th>
              </tr>
            </thead>
            <tbody>
              {OVERVIEW_ROWS.map((row) => {
                const a = row.value(current, days);
                const b = row.value(previous, previousDays);
                const c = change(a, b);
                return (
                  <tr key={row.id} data-figure={row.id}>
                    <th scope="row">{t(row.label)}</th>
                    <td className="num">{formatCell(a, row.kind, locale)}</td>
                    <td className="num">{formatCell(b, row.kind, locale)}</td>
                    <td className="num">{c === null ? t("stats.change.none") : `${c > 0 ? "+" : ""}${formatCell(c, "rate", locale)}`}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      <section className="panel" aria-labelledby="reference-title">
        <h2 id="reference-title">{t("stats.reference.title")}</h2>
        <dl className="reference-bars">
          {[
            { label: t("stats.reference.effective"), value: effective, refs: [REFERENCE.fullyUsedHours, REFERENCE.nationalEffectiveHours] },
            { label: t("stats.reference.external"), value: external, refs: [REFERENCE.nationalExternalHours] },
          ].map((item) => (
            <div key={item.label} className="reference-bar">
              <dt>{item.label}</dt>
              <dd>
                <span className="reference-bar__track" aria-hidden="true">
                  <span className="reference-bar__value" style={{ width: bar(item.value) }} />
                  {item.refs.map((ref) => (
                    <span key={ref} className="reference-bar__mark" style={{ left: bar(ref) }} />
                  ))}
                </span>
                <strong>{formatCell(item.value, "hours", locale)} h</strong>{" "}
                <span className="muted small">
                  {item.refs.length > 1
                    ? `${t("stats.reference.fullyUsed", { hours: formatCell(REFERENCE.fullyUsedHours, "count", locale) })} · ${t("stats.reference.national", { year: REFERENCE.nationalYear, hours: formatCell(REFERENCE.nationalEffectiveHours, "count", locale) })}`
                    : t("stats.reference.national", { year: REFERENCE.nationalYear, hours: formatCell(REFERENCE.nationalExternalHours, "count", locale) })}
                </span>
              </dd>
            </div>
          ))}
        </dl>
        <p className="muted small">{t("stats.reference.note", { year: REFERENCE.nationalYear })}</p>
      </section>
    </>
  );
}

/**
 * A table sorted on the server: each header is a link that sorts by its column (again: the other
 * way), so sorting works without JavaScript and the URL keeps it. `link` makes a row's name a
 * drill-down link.
 */
export function SortableTable<Row>({
  columns,
  rows,
  rowKey,
  caption,
  sort,
  dir,
  sortHref,
  link,
}: {
  columns: StatsColumn<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  caption: string;
  sort?: string | null;
  dir?: "asc" | "desc";
  sortHref?: (column: string, dir: "asc" | "desc") => string;
  link?: (row: Row) => string | null;
}) {
  const t = useT();
  const locale = useLocale();
  const tableColumns: Column<Row>[] = columns.map((column, i) => {
    const header = t(column.header);
    const active = sort === column.id;
    const next = active && dir === "desc" ? "asc" : "desc";
    return {
      id: column.id,
      header: sortHref ? (
        <Link
          to={sortHref(column.id, next)}
          preventScrollReset
          aria-label={t("stats.sort.by", { column: header })}
          aria-current={active ? "true" : undefined}
        >
          {header}
          {active ? (dir === "asc" ? " ▲" : " ▼") : ""}
        </Link>
      ) : (
        header
      ),
      label: header,
      align: column.kind === "text" ? undefined : "num",
      title: i === 0,
      cell: (row: Row) => {
        const text = formatCell(column.value(row, locale), column.kind, locale);
        const href = i === 0 && link ? link(row) : null;
        return href ? <Link to={href}>{text}</Link> : text;
      },
    };
  });
  return <DataTable columns={tableColumns} rows={rows} rowKey={rowKey} caption={caption} />;
}

/** Which rows of a long table this page shows, and links to the other pages (nothing on one page). */
export function TablePages({ at, shown, href }: { at: TablePage; shown: number; href: (page: number) => string }) {
  const t = useT();
  if (at.pages <= 1) return null;
  return (
    <>
      <p className="muted" role="status">
        {t("stats.table.rows", { from: at.offset + 1, to: at.offset + shown, total: at.total })}
      </p>
      <Pagination page={at.page} pages={at.pages} href={href} />
    </>
  );
}
