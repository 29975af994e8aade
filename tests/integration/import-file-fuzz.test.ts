/**
 * Hostile and malformed registration files: each ends in a clear French `RegistrationFileError` or a per-row
 * reason — never a crash, a hang, or memory growing with the file (sources here are lazy, and the tests check how
 * much of them the reader pulled before giving up).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { constants, deflateRawSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRegistrationFile, RegistrationFileError } from "@/server/imports/read-file";
import { checkRegistrant } from "@/server/imports/registrant";
import { BULK_AGENCY_PLACES } from "@/server/seed/places";
import { REGISTRATION_HEADERS, registrationCsvChunks, writeRegistrationXlsx } from "../../scripts/lib/registration-file";
import { buildZip, deflatedEntry } from "../support/zip";

const TODAY = "2026-11-30";
const HEADER = REGISTRATION_HEADERS.join(";");
const ROW = "0123456A;Mme;Dupont;Élodie;03/04/1990;e@x.test;06 39 98 12 34;1 rue X;76100;Rouen;02/11/2026;A";

interface Outcome {
  rows: number;
  reasons: string[];
  error: string | null;
}

/** Reads and checks everything; any error other than RegistrationFileError fails the test. */
async function outcome(source: AsyncIterable<Uint8Array> | Uint8Array | string, fileName = "fichier.csv"): Promise<Outcome> {
  const input =
    typeof source === "string" || source instanceof Uint8Array
      ? (async function* () {
          yield typeof source === "string" ? new TextEncoder().encode(source) : source;
        })()
      : source;
  const result: Outcome = { rows: 0, reasons: [], error: null };
  try {
    for await (const row of readRegistrationFile(input, { fileName })) {
      result.rows += 1;
      const checked = checkRegistrant(row.cells, { today: TODAY });
      if (!checked.ok) result.reasons.push(checked.reason);
    }
  } catch (error) {
    if (!(error instanceof RegistrationFileError)) throw error;
    expect(error.message).toMatch(/^[A-ZÀ-Ü]/);
    result.error = error.message;
  }
  return result;
}

/** A lazy source of `total` bytes made of `fill`, after `prefix`; `pulled()` says how many bytes were taken. */
function lazySource(prefix: string, fill: string, total: number) {
  let pulled = 0;
  const chunk = new TextEncoder().encode(fill.repeat(Math.ceil(65_536 / fill.length)));
  async function* generate(): AsyncGenerator<Uint8Array> {
    const head = new TextEncoder().encode(prefix);
    pulled += head.length;
    yield head;
    while (pulled < total) {
      pulled += chunk.length;
      yield chunk;
    }
  }
  return { source: generate(), pulled: () => pulled };
}

describe("fichiers CSV malformés", () => {
  it("UTF-8 tronqué à la fin", async () => {
    const bytes = Buffer.from(`${HEADER}\n${ROW};é`);
    expect((await outcome(bytes.subarray(0, -1))).error).toMatch(/se termine au milieu d'un caractère UTF-8/);
  });

  it("mauvais séparateur : l'en-tête à « , », les lignes à « ; » — chaque ligne dit pourquoi", async () => {
    const result = await outcome(`${REGISTRATION_HEADERS.join(",")}\n${ROW}\n${ROW}\n`);
    expect(result.error).toBeNull();
    expect(result.reasons).toEqual([
      "Ligne mal découpée : séparée par « ; » alors que l'en-tête l'est par « , ».",
      "Ligne mal découpée : séparée par « ; » alors que l'en-tête l'est par « , ».",
    ]);
  });

  it("10 000 colonnes dans l'en-tête, puis dans une ligne", async () => {
    const wide = Array.from({ length: 10_000 }, (_, i) => `C${i}`).join(";");
    expect((await outcome(`${wide}\n${ROW}\n`)).error).toBe("Le fichier a 10000 colonnes : 200 au plus sont acceptées.");
    const result = await outcome(`${HEADER}\n${ROW}${";x".repeat(9_988)}\n${ROW}\n`);
    expect(result).toEqual({ rows: 2, reasons: ["La ligne a 10000 colonnes : 200 au plus sont acceptées."], error: null });
  });

  it("fichier vide, ou fait de lignes vides", async () => {
    expect((await outcome("")).error).toBe("Le fichier est vide.");
    expect((await outcome("\r\n\r\n")).error).toBe("Le fichier est vide.");
    expect(await outcome(`${HEADER}\n\n\n`)).toEqual({ rows: 0, reasons: [], error: null });
  });

  it("une seule ligne immense (50 Mo sans fin de ligne) : refus après en avoir lu très peu", async () => {
    const lazy = lazySource("", "Identifiant;Nom;", 50 * 1024 * 1024);
    expect((await outcome(lazy.source)).error).toMatch(/La première ligne dépasse 65\s536 caractères/);
    expect(lazy.pulled()).toBeLessThan(1024 * 1024);
  });

  it("une ligne de données immense (guillemet jamais refermé) : refus après en avoir lu très peu", async () => {
    const lazy = lazySource(`${HEADER}\n0123456A;"`, "x", 50 * 1024 * 1024);
    expect((await outcome(lazy.source)).error).toMatch(/La ligne 2 dépasse 65\s536 caractères/);
    expect(lazy.pulled()).toBeLessThan(1024 * 1024);
  });

  it("un gros fichier est lu au fil de l'eau : s'arrêter après 10 lignes n'en a presque rien lu", async () => {
    let pulled = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      for (const chunk of registrationCsvChunks({ rows: 150_000, places: BULK_AGENCY_PLACES.slice(0, 2), today: TODAY })) {
        pulled += chunk.length;
        yield chunk;
      }
    }
    let rows = 0;
    for await (const row of readRegistrationFile(source(), { fileName: "gros.csv" })) {
      expect(checkRegistrant(row.cells, { today: TODAY }).ok).toBe(true);
      if (++rows === 10) break;
    }
    expect(rows).toBe(10);
    expect(pulled).toBeLessThan(2 * 1024 * 1024); // the whole file is ≈ 20 Mo
  });

  it("octets aléatoires, texte aléatoire sous un en-tête valide : erreur claire ou raison par ligne, jamais de plantage", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        await outcome(bytes);
      }),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: "binary", maxLength: 200 }), { maxLength: 20 }), fc.constantFrom(";", ","), async (lines, separator) => {
        const header = REGISTRATION_HEADERS.join(separator);
        await outcome(`${header}\n${lines.join("\n")}`);
      }),
      { numRuns: 200 },
    );
  });
});

describe("classeurs XLSX hostiles", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "modalis-fuzz-xlsx-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * A raw deflate stream inflating to `megabytes` MiB of zeros, built by repeating one fully flushed 1 MiB block
   * (never inflated here: 4 096 copies make 4 GiB from ≈ 4 Mo).
   */
  function zerosBomb(megabytes: number): Buffer {
    const block = deflateRawSync(Buffer.alloc(1024 * 1024), { finishFlush: constants.Z_FULL_FLUSH });
    const end = deflateRawSync(Buffer.alloc(0));
    return Buffer.concat([...Array.from({ length: megabytes }, () => block), end]);
  }

  const CONTENT_TYPES = deflatedEntry(
    "[Content_Types].xml",
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
  );

  it("bombe de décompression déclarant sa taille (4 Gio) : refusée sans rien décompresser", async () => {
    const sheet = { name: "xl/worksheets/sheet1.xml", deflated: zerosBomb(4096), declaredSize: 0xffff_fffe };
    const zip = buildZip([CONTENT_TYPES, sheet]);
    expect(zip.length).toBeLessThan(8 * 1024 * 1024);
    expect((await outcome(zip, "bombe.xlsx")).error).toBe("Ce classeur se décompresse en un volume démesuré (bombe de décompression) : il est refusé.");
  });

  it("bombe de décompression mentant sur sa taille : refusée dès qu'elle dépasse ce qu'elle déclare", async () => {
    const sheet = { name: "xl/worksheets/sheet1.xml", deflated: zerosBomb(4096), declaredSize: 10_000 };
    expect((await outcome(buildZip([CONTENT_TYPES, sheet]), "menteuse.xlsx")).error).toBe(
      "Ce classeur se décompresse en un volume démesuré (bombe de décompression) : il est refusé.",
    );
  });

  it("taux de compression démesuré, ou total des entrées au-delà du plafond", async () => {
    const ratio = { name: "xl/worksheets/sheet1.xml", deflated: zerosBomb(1), declaredSize: 600 * 1024 * 1024 };
    expect((await outcome(buildZip([ratio]), "taux.xlsx")).error).toMatch(/bombe de décompression/);
    const many = Array.from({ length: 8 }, (_, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, deflated: zerosBomb(2), declaredSize: 200 * 1024 * 1024 }));
    expect((await outcome(buildZip(many), "total.xlsx")).error).toMatch(/bombe de décompression/);
  });

  it("archive sans feuille, archive tronquée, octets aléatoires derrière la signature ZIP", async () => {
    expect((await outcome(buildZip([CONTENT_TYPES]), "vide.xlsx")).error).toBe(
      "Cette archive n'est pas un classeur XLSX : elle ne contient aucune feuille de calcul.",
    );
    const path = join(dir, "ok.xlsx");
    await writeRegistrationXlsx(path, { rows: [ROW.split(";")] });
    const whole = await readFile(path);
    expect((await outcome(whole, "ok.xlsx")).rows).toBe(1);
    expect((await outcome(whole.subarray(0, Math.floor(whole.length / 2)), "tronque.xlsx")).error).toMatch(/n'est pas un classeur XLSX lisible/);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        const result = await outcome(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), bytes]), "hasard.xlsx");
        expect(result.error).not.toBeNull();
      }),
      { numRuns: 100 },
    );
  });

  it("feuille au XML cassé : erreur claire", async () => {
    const broken = buildZip([
      CONTENT_TYPES,
      deflatedEntry("xl/worksheets/sheet1.xml", "<worksheet><sheetData><row r='1'><c r='A1' t='inlineStr'><is><t>Nom</t></is></c></row><row r="),
    ]);
    // The reader stops where the XML breaks: here after a header that lacks the required columns.
    expect((await outcome(broken, "casse.xlsx")).error).toMatch(/^Colonnes obligatoires absentes : « Identifiant »/);
  });

  it("10 000 colonnes, formules sans résultat", async () => {
    const wide = join(dir, "large.xlsx");
    await writeRegistrationXlsx(wide, { header: Array.from({ length: 10_000 }, (_, i) => `C${i}`), rows: [] });
    expect((await outcome(await readFile(wide), "large.xlsx")).error).toBe("Le fichier a 10000 colonnes : 200 au plus sont acceptées.");
    const formulas = join(dir, "formules.xlsx");
    const cells = ROW.split(";").map((v, i) => (i === 0 ? { formula: 'CONCAT("0123456","A")' } : i === 11 ? { formula: "A1", result: "B" } : v));
    await writeRegistrationXlsx(formulas, { rows: [cells] });
    expect(await outcome(await readFile(formulas), "formules.xlsx")).toEqual({
      rows: 1,
      reasons: [
        'La cellule « Identifiant » contient une formule sans valeur calculée (CONCAT("0123456","A")) : enregistrez le classeur dans Excel, ou collez les valeurs.',
      ],
      error: null,
    });
  });
});
