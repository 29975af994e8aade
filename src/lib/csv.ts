/**
 * CSV files that French Excel opens as they are: `;` between fields, UTF-8 with a byte-order mark (without it
 * Excel reads the file as Windows-1252), CRLF line ends, JJ/MM/AAAA dates, decimal commas.
 */

/** A cell: text (quoted when needed, guarded against formulas), a number (written with a decimal comma), or empty. */
export type CsvCell = string | number | null | undefined;

const CSV_SEPARATOR = ";";
const CSV_BOM = "\uFEFF";
const CSV_LINE_END = "\r\n";
const CSV_CONTENT_TYPE = "text/csv; charset=utf-8";

/**
 * A text cell a spreadsheet would run as a formula (CSV injection): one starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return, also after leading spaces, tabs, line breaks, non-breaking, full-width or zero-width spaces (Excel
 * and LibreOffice skip them), and the full-width forms ＝ ＋ － ＠ that Asian input methods type.
 */
const FORMULA_START = /^[\s\u200b-\u200d\u2060\ufeff]*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/u;
const NEEDS_QUOTES = /[;"\r\n]/;

/** One text cell: a leading `'` defuses formulas, then quotes when the cell holds `;`, `"` or a line break. */
export function csvText(value: string): string {
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/** A number as French Excel reads it: decimal comma, no thousands separator (« 93,3 »). */
export function csvNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Nombre invalide pour un fichier CSV : ${String(value)}.`);
  return String(value).replace(".", ",");
}

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  return typeof value === "number" ? csvNumber(value) : csvText(value);
}

/** One line of a file written piece by piece (a long report streamed): the cells, `;`-separated, ended by CRLF. */
export function csvLine(row: readonly CsvCell[]): string {
  return row.map(cell).join(CSV_SEPARATOR) + CSV_LINE_END;
}

/** The byte-order mark a file written piece by piece starts with. */
export const CSV_START = CSV_BOM;

/** The whole file: BOM, header, rows, each line ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(cell).join(CSV_SEPARATOR));
  return CSV_BOM + lines.map((line) => line + CSV_LINE_END).join("");
}

/** « 12/03/2026 » from « 2026-03-12 » (a calendar date, no time zone involved). */
export function csvDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new RangeError(`Date invalide : « ${isoDate} » (AAAA-MM-JJ attendu).`);
  return `${match[3]}/${match[2]}/${match[1]}`;
}

/** A file name safe in a Content-Disposition header: ASCII letters, digits, `-`, `_` and `.` only. */
export function safeFileName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-");
}

/** The download response of a CSV file (never cached: it holds personal data). */
export function csvResponse(body: string, fileName: string): Response {
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": CSV_CONTENT_TYPE,
      "Content-Disposition": `attachment; filename="${safeFileName(fileName)}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
