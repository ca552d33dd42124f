// A table of rows with declared columns. On wide screens a real table; on phones (`cards`) CSS
// lays each row out as a card and shows the column names from data-label (hidden from assistive
// technology, which keeps the column headers). The explicit ARIA roles keep the table semantics
// when CSS changes the display of the table parts.
import type { ReactNode } from "react";

export interface Column<Row> {
  /** Unique within the table. */
  id: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** "num" right-aligns numbers. */
  align?: "num";
  /** The row's title cell: shown as the card's heading on phones, without a label. */
  title?: boolean;
  /** The column's name as a card label on phones (defaults to the header when it is text). */
  label?: string;
}

export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  caption,
  cards = true,
}: {
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  /** A caption names the table for screen readers (visually hidden when `caption` is a string). */
  caption?: ReactNode;
  cards?: boolean;
}) {
  return (
    // Focusable, so that keyboard users can scroll a table wider than the screen (WCAG 2.1.1).
    <div className="table-wrap" tabIndex={0} role={typeof caption === "string" ? "region" : undefined} aria-label={typeof caption === "string" ? caption : undefined}>
      <table className={cards ? "table table--cards" : "table"} role="table">
        {caption ? <caption className="visually-hidden">{caption}</caption> : null}
        <thead role="rowgroup">
          <tr role="row">
            {columns.map((column) => (
              <th key={column.id} scope="col" role="columnheader" className={column.align}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {rows.map((row) => (
            <tr key={rowKey(row)} role="row">
              {columns.map((column) => (
                <td
                  key={column.id}
                  role="cell"
                  className={[column.title ? "table__title" : "", column.align ?? ""].filter(Boolean).join(" ") || undefined}
                  data-label={column.title ? undefined : (column.label ?? (typeof column.header === "string" ? column.header : undefined))}
                >
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
