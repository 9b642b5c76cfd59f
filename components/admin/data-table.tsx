import type { HTMLAttributes, ReactNode } from "react";
import styles from "./admin.module.css";

export type Column<Row> = {
  /** The header's text, and the key of the column. */
  label: string;
  /** Header content when it is more than the label (a sort link, a visually hidden name). */
  header?: ReactNode;
  numeric?: boolean;
  /** On the header of the column the rows are sorted by (the header, not the link inside it, carries it). */
  ariaSort?: "ascending" | "descending";
  /** Extra class on each cell (`styles.wrap`, `styles.mono`…). */
  cellClassName?: string;
  cell: (row: Row) => ReactNode;
  /** Stacked tables: the caption beside the value at 390 px (default: the label). */
  caption?: string;
  /** Stacked tables: an empty cell's caption is hidden too. */
  isEmpty?: (row: Row) => boolean;
};

type RowAttributes = HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | undefined>;

/**
 * The admin console's list table: scrollable wrapper (a focusable, named region when `label` is given, so a
 * keyboard can scroll it), header row, one row per item, and a sentence when there is none. `stacked`: each row
 * becomes a small card of "caption value" lines on a phone.
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  rowProps,
  testId,
  label,
  stacked = false,
  empty,
}: {
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  rowProps?: (row: Row) => RowAttributes;
  testId?: string;
  label?: string;
  stacked?: boolean;
  empty: string;
}) {
  const region = label ? { tabIndex: 0, role: "region", "aria-label": label } : {};
  return (
    <div className={styles.tableWrap} {...region}>
      <table className={stacked ? `${styles.table} ${styles.stacked}` : styles.table} data-testid={testId}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.label} scope="col" className={column.numeric ? styles.num : undefined} aria-sort={column.ariaSort}>
                {column.header ?? column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowProps?.(row)}>
              {columns.map((column) => (
                <td
                  key={column.label}
                  className={[column.numeric && styles.num, column.cellClassName].filter(Boolean).join(" ") || undefined}
                  data-label={stacked ? (column.caption ?? column.label) : undefined}
                  data-empty={column.isEmpty?.(row) ? "" : undefined}
                >
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className={styles.empty}>{empty}</p>}
    </div>
  );
}
