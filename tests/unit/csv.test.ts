/**
 * The CSV formula guard (issue 13): a cell that a spreadsheet would run as a formula is defused by a leading `'`,
 * also when spaces of any kind come before the `=`, `+`, `-` or `@`, and for their full-width forms.
 */
import { describe, expect, it } from "vitest";
import { csvText, toCsv } from "@/lib/csv";

const HIDDEN_STARTS = [
  " ", // space
  "   ",
  "\t",
  "\n",
  "\u00a0", // non-breaking space
  "\u202f", // narrow non-breaking space
  "\u3000", // ideographic (full-width) space
  "\u2003", // em space
  "\u200b", // zero-width space
  "\ufeff", // byte-order mark
  " \u00a0\t\u3000",
];

describe("CSV formula guard", () => {
  it("defuses =, +, - and @ after leading spaces of any kind", () => {
    for (const prefix of HIDDEN_STARTS) {
      for (const formula of ["=1+1", "+33 6 12 34 56 78", "-2+3", "@SOMME(A1:A9)", "=HYPERLINK(\"http://x\")"]) {
        const value = `${prefix}${formula}`;
        const cell = csvText(value);
        const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell;
        expect(unquoted, JSON.stringify(value)).toBe(`'${value}`);
      }
    }
  });

  it("defuses the full-width forms ＝ ＋ － ＠", () => {
    for (const value of ["＝1+1", "＋33", "－2", "＠cmd", " ＝1+1", "\u3000＝1+1"]) expect(csvText(value), value).toBe(`'${value}`);
  });

  it("leaves ordinary text alone, spaces and inner signs included", () => {
    for (const value of ["Jean-Pierre", "  Durand", "Bilan M4 = fait", "A+", "Saint-Denis (La Réunion)", "\u00a0Rouen", "2 - 1"]) {
      expect(csvText(value), value).toBe(value);
    }
  });

  it("guards every cell of a file, not only the first column", () => {
    const file = toCsv(["Nom", "Commune"], [["\u00a0=cmd|' /C calc'!A0", " @SUM(1)"]]);
    expect(file).toContain("'\u00a0=cmd|' /C calc'!A0;' @SUM(1)\r\n");
  });
});
