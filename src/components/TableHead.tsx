import Link from "next/link";
import { nextSort, ORDER_LABELS, type SortOrder, type SortSpec, type TableSort } from "@/lib/table-sort";

/**
 * A column of a table's header row: its label, whether it holds figures (then aligned right, like its cells), and,
 * for a sortable table, the link that sorts by it (`sort`).
 */
export type HeaderColumn = string | { label: string; numeric?: boolean; sort?: SortLink };

/** A sortable column's header: where a click leads, and the column's current order (null: sorted by another column). */
type SortLink = { href: string; current: SortOrder | null; next: SortOrder };

/** A column of figures. */
export function numeric(label: string): HeaderColumn {
  return { label, numeric: true };
}

/**
 * The header of `column` in a table sorted by `current`: its label from the spec, a link to the sort a click asks
 * for (`href` builds the page's address for a sort), and its current order.
 */
export function sortableColumn<Column extends string>(
  spec: SortSpec<Column>,
  current: TableSort<Column>,
  column: Column,
  href: (sort: TableSort<Column>) => string,
  options: { numeric?: boolean } = {},
): HeaderColumn {
  const next = nextSort(spec, current, column);
  return {
    label: spec.columns[column].label,
    numeric: options.numeric ?? false,
    sort: { href: href(next), current: current.column === column ? current.order : null, next: next.order },
  };
}

const ARIA_SORT = { asc: "ascending", desc: "descending" } as const;
const ARROWS = { asc: "▲", desc: "▼" } as const;

/**
 * The header row of a data table, one `<th scope="col">` per column. `compact`: no shading and no padding, for the
 * small tables of a dashboard card. A sortable column's header is a link (its name says the order a click gives),
 * and the sorted column carries `aria-sort`.
 */
export function TableHead({ columns, compact = false }: { columns: readonly HeaderColumn[]; compact?: boolean }) {
  return (
    <thead className={compact ? undefined : "bg-slate-100"}>
      <tr>
        {columns.map((column, index) => {
          const { label, numeric: isNumeric = false, sort } = typeof column === "string" ? { label: column } : column;
          const className = [compact ? "" : sort ? "px-3 py-0" : "px-3 py-2", isNumeric ? "text-right" : ""].filter(Boolean).join(" ");
          return (
            // The columns of a header never move: their position is their identity (two may bear the same label).
            <th key={index} scope="col" className={className || undefined} aria-sort={sort?.current ? ARIA_SORT[sort.current] : undefined}>
              {sort ? (
                <Link href={sort.href} className="inline-flex min-h-11 items-center gap-1 text-brand-900 underline-offset-4 hover:underline">
                  {label}
                  <span aria-hidden="true" className={sort.current ? "text-xs" : "text-xs text-slate-400"}>
                    {sort.current ? ARROWS[sort.current] : "↕"}
                  </span>
                  <span className="sr-only"> : trier par {ORDER_LABELS[sort.next]}</span>
                </Link>
              ) : (
                label
              )}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
