/**
 * Reading and checking registration files (docs/rules.md#registrations): CSV in every accepted encoding and
 * separator, XLSX with dates, numbers and formulas, every reason a file or a row is refused.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRegistrationFile, RegistrationFileError, type RegistrationRow } from "@/server/imports/read-file";
import { checkRegistrant } from "@/server/imports/registrant";
import { findAgency, territoryOf, type TerritoryCommune } from "@/server/imports/territory";
import { agencyCommuneRows, BULK_AGENCY_PLACES, ROUEN_RIVE_GAUCHE_COMMUNES, SAINT_DENIS_REUNION_COMMUNES } from "@/server/seed/places";
import { encodeText, REGISTRATION_HEADERS, registrationCsvChunks, writeRegistrationXlsx } from "../../scripts/lib/registration-file";

const TODAY = "2026-11-30";
const HEADER = REGISTRATION_HEADERS.join(";");
const ROW = "0123456A;Mme;  Lefèvre   Da Silva ;Élodie;03/04/1990;Elodie.Lefevre@Courriel.TEST;06 39 98 12 34;12 rue de l'Église;76100;Rouen;02/11/2026;A";

/** The bytes, delivered in small chunks (characters split across chunks). */
async function* chunked(bytes: Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function readAll(bytes: Uint8Array | string, fileName = "inscriptions.csv", chunkSize = 7): Promise<RegistrationRow[]> {
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  const rows: RegistrationRow[] = [];
  for await (const row of readRegistrationFile(chunked(data, chunkSize), { fileName })) rows.push(row);
  return rows;
}

async function refusal(bytes: Uint8Array | string, fileName = "inscriptions.csv"): Promise<string> {
  try {
    await readAll(bytes, fileName, 4096);
  } catch (error) {
    expect(error).toBeInstanceOf(RegistrationFileError);
    return (error as Error).message;
  }
  throw new Error("le fichier aurait dû être refusé");
}

function check(row: RegistrationRow | undefined) {
  if (!row) throw new Error("ligne absente");
  return checkRegistrant(row.cells, { today: TODAY });
}

describe("CSV", () => {
  it("lit un fichier UTF-8 à « ; » : numéros de ligne, noms et courriel normalisés, téléphone en E.164", async () => {
    const rows = await readAll(`${HEADER}\n${ROW}\n\n${ROW.replace("0123456A", "7654321Z")}\n`);
    expect(rows.map((r) => r.rowNumber)).toEqual([2, 4]);
    expect(check(rows[0])).toEqual({
      ok: true,
      registrant: {
        franceTravailId: "0123456A",
        civility: "MME",
        lastName: "Lefèvre Da Silva",
        firstName: "Élodie",
        birthDate: "1990-04-03",
        email: "elodie.lefevre@courriel.test",
        phone: "+33639981234",
        address: "12 rue de l'Église",
        postalCode: "76100",
        commune: "Rouen",
        registrationDate: "2026-11-02",
        category: "A",
        agencyCode: null,
      },
    });
  });

  it("numérote une ligne par la ligne où elle commence, même quand un champ entre guillemets en couvre plusieurs", async () => {
    const multiline = ROW.replace("12 rue de l'Église", '"12 rue de l\'Église\nRésidence Les Pins\nBât. B"');
    const rows = await readAll(`${HEADER}\n${multiline}\n${ROW}\n`);
    expect(rows.map((r) => r.rowNumber)).toEqual([2, 5]);
    const first = check(rows[0]);
    expect(first.ok && first.registrant.address).toBe("12 rue de l'Église Résidence Les Pins Bât. B");
  });

  it("accepte le BOM UTF-8, les fins de ligne Windows et le séparateur « , » (champs entre guillemets)", async () => {
    const header = REGISTRATION_HEADERS.map((h) => (h.includes(",") ? `"${h}"` : h)).join(",");
    const row = `0123456A,Mme,Dupont,Élodie,1990-04-03,,,"12 rue X, bâtiment B",76100,Rouen,2026-11-02,b`;
    const rows = await readAll(`\uFEFF${header}\r\n${row}\r\n`);
    const result = check(rows[0]);
    expect(result.ok && result.registrant).toMatchObject({ address: "12 rue X, bâtiment B", category: "B", email: null, phone: null });
  });

  it("reconnaît le Windows-1252 (accents des noms, de l'en-tête et des communes)", async () => {
    const bytes = encodeText(`${HEADER}\r\n${ROW.replace("Rouen", "Saint-Étienne-du-Rouvray").replace("76100", "76800")}\r\n`, "windows-1252");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const result = check((await readAll(bytes))[0]);
    expect(result.ok && [result.registrant.lastName, result.registrant.firstName, result.registrant.commune]).toEqual([
      "Lefèvre Da Silva",
      "Élodie",
      "Saint-Étienne-du-Rouvray",
    ]);
  });

  it("reconnaît les en-têtes sans accents ni casse, dans n'importe quel ordre, avec des colonnes en plus", async () => {
    const csv =
      "NOM;prenom;IDENTIFIANT FRANCE TRAVAIL;Date de Naissance;Code Postal;Date d inscription;categorie;Observations;E-mail;Agence\n" +
      "Dupont;Jean;1234567B;01/01/1980;97400;01/11/2026;C;rien;J@X.FR;974-st-denis\n";
    const result = check((await readAll(csv))[0]);
    expect(result.ok && result.registrant).toMatchObject({
      lastName: "Dupont",
      franceTravailId: "1234567B",
      email: "j@x.fr",
      agencyCode: "974-ST-DENIS",
      civility: null,
    });
  });

  it("garde le même résultat quel que soit le découpage du flux", async () => {
    const bytes = new Uint8Array(
      Buffer.concat([...registrationCsvChunks({ rows: 300, places: BULK_AGENCY_PLACES.slice(0, 2), today: TODAY, encoding: "windows-1252", errorsEvery: 7 })]),
    );
    const reference = await readAll(bytes, "f.csv", 1 << 20);
    expect(reference).toHaveLength(300);
    for (const size of [1, 3, 4096]) expect(await readAll(bytes, "f.csv", size)).toEqual(reference);
  });
});

describe("refus du fichier entier", () => {
  it.each([
    ["vide", "", /^Le fichier est vide\.$/],
    ["blanc", "\n\n  \n", /^Le fichier est vide\.$/],
    ["en-tête seul blanc", "\uFEFF", /^Le fichier est vide\.$/],
    ["sans en-tête", "0123456A;Mme;Dupont\n", /n'est pas une ligne d'en-tête reconnue/],
    [
      "colonne obligatoire absente",
      "Identifiant;Nom;Prénom;Date de naissance;Code postal;Date d'inscription\n",
      /^Colonne obligatoire absente : « Catégorie »\.$/,
    ],
    ["colonne en double", `${HEADER};Nom\n`, /La colonne « Nom » apparaît deux fois/],
    ["tabulations", REGISTRATION_HEADERS.join("\t") + "\n", /séparées par des tabulations/],
    ["texte sans séparateur", "Bonjour\nMerci\n", /ni « ; » ni « , »/],
    ["trop de colonnes", `${HEADER};${Array.from({ length: 300 }, (_, i) => `X${i}`).join(";")}\n`, /a 312 colonnes : 200 au plus/],
    ["guillemet jamais fermé", `${HEADER}\n0123456A;"Mme;Dupont\n`, /guillemet ouvert vers la ligne \d+ n'est jamais fermé/i],
    ["UTF-16", new Uint8Array([0xff, 0xfe, 0x49, 0x00]), /UTF-16/],
    ["binaire", new Uint8Array([0x49, 0x64, 0x00, 0x01, 0x02]), /données binaires/],
    ["xls ancien", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]), /Excel ancien \(\.xls\)/],
    ["PDF", "%PDF-1.7\n", /PDF/],
  ])("%s", async (_name, content, message) => {
    expect(await refusal(content)).toMatch(message);
  });

  it("refuse un .xlsx qui n'est pas une archive", async () => {
    expect(await refusal(`${HEADER}\n`, "inscriptions.xlsx")).toMatch(/porte l'extension \.xlsx mais n'est pas un classeur/);
  });

  it("refuse un UTF-8 tronqué au milieu d'un caractère, et un fichier qui change d'encodage en route", async () => {
    const truncated = Buffer.from(`${HEADER}\n${ROW};É`).subarray(0, -1);
    expect(await refusal(truncated)).toMatch(/se termine au milieu d'un caractère UTF-8/);
    const mixed = Buffer.concat([Buffer.from(`${HEADER}\n${ROW}\n`), Buffer.from(encodeText(`${ROW.replace("Rouen", "Évreux")}\n`, "windows-1252"))]);
    expect(await refusal(mixed)).toMatch(/Encodage incohérent vers la ligne 3/);
  });
});

describe("refus d'une ligne", () => {
  const withCell = (column: string, value: string) => {
    const cells = ROW.split(";");
    cells[REGISTRATION_HEADERS.indexOf(column as (typeof REGISTRATION_HEADERS)[number])] = value;
    return `${HEADER}\n${cells.join(";")}\n`;
  };
  it.each([
    ["Identifiant", "123456A", "Identifiant France Travail invalide : « 123456A » (7 chiffres suivis d'une lettre, ex. 0123456A)."],
    ["Identifiant", "", "Identifiant manquant."],
    ["Code postal", "", "Code postal manquant."],
    ["Catégorie", "", "Catégorie manquante."],
    ["Date de naissance", "", "Date de naissance manquante."],
    ["Adresse", "x".repeat(201), "Adresse trop longue (200 caractères au plus)."],
    ["Nom", "  ", "Nom manquant."],
    ["Prénom", "", "Prénom manquant."],
    ["Civilité", "Dr", "Civilité inconnue : « Dr » (M ou Mme)."],
    ["Date de naissance", "31/02/1990", "Date de naissance impossible : « 31/02/1990 » (attendu JJ/MM/AAAA, une date qui existe)."],
    ["Date de naissance", "01/01/2015", "Date de naissance invraisemblable (01/01/2015) : 11 ans à l'inscription, 16 ans au moins sont attendus."],
    ["Date d'inscription", "01/12/2026", "La date d'inscription 01/12/2026 est dans le futur."],
    ["Date d'inscription", "hier", "Date d'inscription impossible : « hier » (attendu JJ/MM/AAAA, une date qui existe)."],
    ["Code postal", "761", "Code postal invalide : « 761 » (5 chiffres)."],
    ["Courriel", "elodie@", "Adresse électronique invalide : « elodie@ »."],
    ["Téléphone portable", "06 12", "Téléphone invalide : « 06 12 » n'est pas un numéro de téléphone valide."],
    ["Téléphone portable", "02 35 12 34 56", "Téléphone invalide : « 02 35 12 34 56 » n'est pas un numéro de portable."],
    ["Catégorie", "F", "Catégorie inconnue : « F » (A, B, C, D ou E)."],
  ])("%s « %s »", async (column, value, reason) => {
    expect(check((await readAll(withCell(column, value)))[0])).toEqual({ ok: false, reason });
  });

  it("lit un portable réunionnais dans le plan de numérotation de La Réunion", async () => {
    const csv = withCell("Téléphone portable", "0692 12 34 56").replace(";76100;Rouen;", ";97490;Sainte-Clotilde;");
    const result = check((await readAll(csv))[0]);
    expect(result.ok && result.registrant.phone).toBe("+262692123456");
  });

  it("signale une ligne découpée avec l'autre séparateur sans refuser les autres", async () => {
    const rows = await readAll(`${HEADER}\n${ROW.replaceAll(";", ",")}\n${ROW}\n`);
    expect(check(rows[0])).toEqual({ ok: false, reason: "Ligne mal découpée : séparée par « , » alors que l'en-tête l'est par « ; »." });
    expect(check(rows[1]).ok).toBe(true);
  });
});

describe("XLSX", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "modalis-xlsx-test-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("lit la première feuille : dates Excel, nombres, formules avec résultat ; refuse une formule sans résultat", async () => {
    const path = join(dir, "cellules.xlsx");
    const base = [
      "0123456A",
      "Mme",
      "Dupont",
      "Élodie",
      new Date("1990-04-03T00:00:00Z"),
      "E@X.TEST",
      "0639981234",
      "1 rue X",
      76100,
      "Rouen",
      new Date("2026-11-02T00:00:00Z"),
      "A",
    ] as const;
    await writeRegistrationXlsx(path, {
      rows: [
        [...base],
        // Birth date as an Excel serial, postal code as a number that lost its leading zero, category by formula.
        ["7654321Z", "M", "Martin", "Paul", 32_874, null, null, null, 1000, "Bourg-en-Bresse", "02/11/2026", { formula: 'LEFT("B")', result: "B" }],
        ["1111111C", "M", "Martin", "Luc", "01/01/1980", null, null, null, 76100, "Rouen", { formula: "TODAY()-3" }, "A"],
        [],
        ["2222222D", "M", "Durand", "Marc", "01/01/1980", null, null, null, 76100, "Rouen", "01/11/2026", "A"],
      ],
    });
    const rows = await readAll(new Uint8Array(await readFile(path)), "cellules.xlsx", 4096);
    expect(rows.map((r) => r.rowNumber)).toEqual([2, 3, 4, 6]);
    expect(check(rows[0])).toMatchObject({
      ok: true,
      registrant: { birthDate: "1990-04-03", registrationDate: "2026-11-02", postalCode: "76100", email: "e@x.test", phone: "+33639981234" },
    });
    expect(check(rows[1])).toMatchObject({ ok: true, registrant: { birthDate: "1990-01-01", postalCode: "01000", category: "B" } });
    expect(check(rows[2])).toEqual({
      ok: false,
      reason:
        "La cellule « Date d'inscription » contient une formule sans valeur calculée (TODAY()-3) : enregistrez le classeur dans Excel, ou collez les valeurs.",
    });
    expect(check(rows[3]).ok).toBe(true);
  });

  it("lit un fichier généré en entier, et refuse les lignes fautives pour leur raison", async () => {
    const path = join(dir, "genere.xlsx");
    const written = await writeRegistrationXlsx(path, { generate: { rows: 200, places: BULK_AGENCY_PLACES.slice(0, 3), today: TODAY, errorsEvery: 9 } });
    const rows = await readAll(new Uint8Array(await readFile(path)), "genere.xlsx", 65_536);
    expect(rows).toHaveLength(200);
    const refused = rows.filter((r) => !check(r).ok).map((r) => r.rowNumber);
    const expected = [...written.faults].filter(([, fault]) => fault !== "duplicate" && fault !== "unknown-postal-code").map(([n]) => n);
    expect(refused).toEqual(expected);
  });

  it("refuse un classeur sans en-tête reconnu", async () => {
    const path = join(dir, "sans-entete.xlsx");
    await writeRegistrationXlsx(path, { header: ["A", "B", "C"], rows: [["1", "2", "3"]] });
    expect(await refusal(new Uint8Array(await readFile(path)), "sans-entete.xlsx")).toMatch(/n'est pas une ligne d'en-tête reconnue/);
  });
});

describe("territoire", () => {
  const agencies = [
    { code: "76-RRG", id: "rrg", communes: ROUEN_RIVE_GAUCHE_COMMUNES },
    { code: "974-SD", id: "sd", communes: SAINT_DENIS_REUNION_COMMUNES },
    ...BULK_AGENCY_PLACES.filter((p) => p.departement === "76").map((p) => ({ code: p.name, id: p.name, communes: p.communes })),
  ];
  const territory = territoryOf(
    agencies.flatMap((a): TerritoryCommune[] => agencyCommuneRows(a.id, a.communes).map((row) => ({ ...row, agencyCode: a.code }))),
  );
  const insee = (postalCode: string) => territory.byPostalCode.get(postalCode)?.map((c) => c.inseeCode);

  it("porte les codes INSEE réels des communes", () => {
    expect(insee("76100")).toEqual(["76540"]);
    expect(insee("76000")).toEqual(["76540"]);
    expect(insee("97400")).toEqual(["97411"]);
    expect(insee("97490")).toEqual(["97411"]);
    expect(insee("76320")?.sort()).toEqual(["76165", "76640"]);
  });

  it("trouve l'agence par le code postal, ou par la commune quand le code est partagé", () => {
    expect(findAgency(territory, "76100", null)).toEqual({ agencyId: "rrg" });
    expect(findAgency(territory, "76000", "Rouen")).toEqual({ agencyId: "Rouen Rive Droite" });
    expect(findAgency(territory, "97490", null)).toEqual({ agencyId: "sd" });
    expect(findAgency(territory, "76800", "n'importe")).toEqual({ agencyId: "rrg" });
    expect(findAgency(territory, "76380", "VAL DE LA HAYE")).toEqual({ agencyId: "rrg" });
    expect(findAgency(territory, "76380", " Canteleu ")).toEqual({ agencyId: "Rouen Rive Droite" });
    expect(findAgency(territory, "76999", null)).toEqual({ reason: "Code postal inconnu du territoire : 76999" });
    expect(findAgency(territory, "76380", null)).toEqual({ reason: "Code postal partagé entre plusieurs agences : précisez la commune" });
    expect(findAgency(territory, "76380", "")).toEqual({ reason: "Code postal partagé entre plusieurs agences : précisez la commune" });
    expect(findAgency(territory, "76380", "Montigny")).toEqual({
      reason: "Commune « Montigny » inconnue pour le code postal 76380, partagé entre plusieurs agences (Canteleu, Val-de-la-Haye)",
    });
  });
});
