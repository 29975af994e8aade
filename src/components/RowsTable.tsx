import type { Column } from "@/app/agence/list-parts";
import { TableHead } from "@/components/TableHead";
import { TableScroller } from "@/components/TableScroller";

/**
 * A column of a `RowsTable`: its header, its cell for a row, whether it holds figures (aligned right) or must not
 * wrap; `rowHeader`: its cells head their row (`<th scope="row">`); `className`: more classes for its cells.
 */
export type RowsColumn<Row> = Omit<Column<Row>, "sort"> & { rowHeader?: boolean; className?: string };

/**
 * A plain data table in its scrolling frame (named `label`): one `<th scope="col">` per column, one row per item of
 * `rows`, with an optional caption for screen readers. With no rows, `empty` is said instead of the table.
 */
export function RowsTable<Row>({
  label,
  caption,
  columns,
  rows,
  rowKey,
  rowClassName,
  empty,
}: {
  label: string;
  caption?: string;
  columns: readonly RowsColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string | number;
  rowClassName?: (row: Row) => string | undefined;
  empty?: string;
}) {
  if (rows.length === 0 && empty !== undefined) return <p className="text-sm">{empty}</p>;
  const cellClass = (column: RowsColumn<Row>) =>
    ["px-3 py-2", column.numeric ? "text-right tabular-nums" : "", column.nowrap ? "whitespace-nowrap" : "", column.className ?? ""].filter(Boolean).join(" ");
  return (
    <TableScroller label={label}>
      <table className="w-full text-left text-sm">
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <TableHead columns={columns.map((column) => ({ label: column.header, numeric: column.numeric ?? false }))} />
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className={["border-t border-slate-100", rowClassName?.(row) ?? ""].filter(Boolean).join(" ")}>
              {columns.map((column, index) =>
                column.rowHeader ? (
                  <th key={index} scope="row" className={cellClass(column)}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={index} className={cellClass(column)}>
                    {column.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroller>
  );
}
