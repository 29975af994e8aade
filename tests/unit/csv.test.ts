/**
 * CSV for French Excel (src/lib/csv.ts): BOM, `;`, CRLF, quoting, dates, file names, an uncached download; and the
 * formula guard (issue 13): a cell that a spreadsheet would run as a formula is defused by a leading `'`, also when
 * spaces of any kind come before the `=`, `+`, `-` or `@`, and for their full-width forms.
 */
import { describe, expect, it } from "vitest";
import { csvDate, csvNumber, csvResponse, csvText, safeFileName, toCsv } from "@/lib/csv";

const BOM = "\uFEFF";

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
      for (const formula of ["=1+1", "+33 6 12 34 56 78", "-2+3", "@SOMME(A1:A9)", '=HYPERLINK("http://x")']) {
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

describe("CSV for French Excel", () => {
  it("writes a BOM, `;` between fields and CRLF after every line", () => {
    const file = toCsv(
      ["Nom", "Jours"],
      [
        ["Durand", 3],
        ["Émile", null],
      ],
    );
    expect(file).toBe(`${BOM}Nom;Jours\r\nDurand;3\r\nÉmile;\r\n`);
    expect(Buffer.from(file, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it("quotes fields holding a separator, a quote or a line break, doubling the quotes", () => {
    expect(csvText("Da Silva; Costa")).toBe('"Da Silva; Costa"');
    expect(csvText('Le "Grand" Café')).toBe('"Le ""Grand"" Café"');
    expect(csvText("deux\nlignes")).toBe('"deux\nlignes"');
    expect(csvText("retour\r")).toBe('"retour\r"');
    expect(csvText("D'Almeida, Jean")).toBe("D'Almeida, Jean");
    expect(toCsv(["a", "b"], [["x;y", 'z"']])).toBe(`${BOM}a;b\r\n"x;y";"z"""\r\n`);
  });

  it("defuses cells a spreadsheet would run as formulas", () => {
    expect(csvText("=SOMME(A1:A9)")).toBe("'=SOMME(A1:A9)");
    expect(csvText("+33 6 12 34 56 78")).toBe("'+33 6 12 34 56 78");
    expect(csvText("-2")).toBe("'-2");
    expect(csvText("@cmd")).toBe("'@cmd");
    expect(csvText("\tcaché")).toBe("'\tcaché");
    // A guarded cell that also needs quotes is quoted after the guard.
    expect(csvText("\rx")).toBe(`"'\rx"`);
    expect(csvText('=HYPERLINK("http://x";"clic")')).toBe(`"'=HYPERLINK(""http://x"";""clic"")"`);
    expect(csvText("Jean-Pierre")).toBe("Jean-Pierre");
    // Numbers are numbers: a negative one is not a formula, and decimals take a comma.
    expect(csvNumber(-2)).toBe("-2");
    expect(csvNumber(14.7)).toBe("14,7");
    expect(() => csvNumber(Number.NaN)).toThrow();
  });

  it("writes dates as JJ/MM/AAAA and safe file names", () => {
    expect(csvDate("2026-03-12")).toBe("12/03/2026");
    expect(() => csvDate("12/03/2026")).toThrow();
    expect(safeFileName("charges-76-ROUEN-RG-18-11-2026.csv")).toBe("charges-76-ROUEN-RG-18-11-2026.csv");
    expect(safeFileName('bilans "Réunion"\r\n.csv')).toBe("bilans-Reunion-.csv");
  });

  it("answers a download that is never cached", async () => {
    const response = csvResponse(toCsv(["a"], [["b"]]), "x.csv");
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="x.csv"');
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(new Uint8Array(await response.arrayBuffer()).subarray(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });
});
