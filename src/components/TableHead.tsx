/** A column of a table's header row: its label, and whether it holds figures (then aligned right, like its cells). */
export type HeaderColumn = string | { label: string; numeric: boolean };

/** A column of figures. */
export function numeric(label: string): HeaderColumn {
  return { label, numeric: true };
}

/**
 * The header row of a data table, one `<th scope="col">` per column. `compact`: no shading and no padding, for the
 * small tables of a dashboard card.
 */
export function TableHead({ columns, compact = false }: { columns: readonly HeaderColumn[]; compact?: boolean }) {
  return (
    <thead className={compact ? undefined : "bg-slate-100"}>
      <tr>
        {columns.map((column, index) => {
          const { label, numeric: isNumeric } = typeof column === "string" ? { label: column, numeric: false } : column;
          const className = [compact ? "" : "px-3 py-2", isNumeric ? "text-right" : ""].filter(Boolean).join(" ");
          return (
            // The columns of a header never move: their position is their identity (two may bear the same label).
            <th key={index} scope="col" className={className || undefined}>
              {label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
