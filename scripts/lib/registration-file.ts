/**
 * Realistic registration files for tests and the benchmark: the rows a national export would hold for people living
 * in the communes of given agencies (seed places), deterministic for a seed, with optional faulty rows. CSV (any
 * separator and encoding the import accepts) is written as a stream, whatever the number of rows; XLSX (exceljs'
 * streaming writer) for tests.
 */
import { createWriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import ExcelJS from "exceljs";
import { addDays, frenchDate, type IsoDate } from "../../src/domain";
import { drawBirthDate, drawCommune, drawEmail, drawName, drawPhone, franceTravailId } from "../../src/server/seed/people";
import type { AgencyPlace, Commune } from "../../src/server/seed/places";
import { Random } from "../../src/server/seed/random";

/** The faults `errorsEvery` cycles through, each refused by the import for its own reason. */
export const REGISTRATION_FAULTS = [
  "identifier",
  "impossible-date",
  "future-registration",
  "unknown-postal-code",
  "phone",
  "email",
  "category",
  "missing-name",
  /** The previous row's identifier again (refused as a duplicate by the import, not by checkRegistrant). */
  "duplicate",
] as const;
export type RegistrationFault = (typeof REGISTRATION_FAULTS)[number];

/** The column headers written, in order (the national export's names). */
export const REGISTRATION_HEADERS = [
  "Identifiant",
  "Civilité",
  "Nom",
  "Prénom",
  "Date de naissance",
  "Courriel",
  "Téléphone portable",
  "Adresse",
  "Code postal",
  "Commune",
  "Date d'inscription",
  "Catégorie",
] as const;

export interface GeneratedRegistration {
  /** Row number in the file (header = 1). */
  rowNumber: number;
  values: string[];
  franceTravailId: string;
  postalCode: string;
  /** The fault put in this row, or null for a valid row. */
  fault: RegistrationFault | null;
}

export interface RegistrationFileOptions {
  rows: number;
  /** Where the registrants live: the communes of these agencies (seed places), or the communes given. */
  places?: readonly AgencyPlace[];
  communes?: readonly Commune[];
  seed?: string;
  /** Today (registrations fall in the 30 days before). */
  today: IsoDate;
  /** Serial of the first France Travail identifier (default 200 000 000: far from the seeds' serials). */
  firstSerial?: number;
  /** One row in `errorsEvery` gets a fault (cycling through REGISTRATION_FAULTS); none by default. */
  errorsEvery?: number;
}

const STREET_TYPES = ["rue", "avenue", "boulevard", "impasse", "place", "chemin", "allée", "résidence"] as const;
const STREET_NAMES = [
  "de la République",
  "Jean Jaurès",
  "Victor Hugo",
  "des Écoles",
  "du Général de Gaulle",
  "Pasteur",
  "de l'Église",
  "des Lilas",
  "du Moulin",
  "Gambetta",
  "des Tilleuls",
  "Émile Zola",
  "de la Gare",
  "Saint-Exupéry",
  "des Flamboyants",
] as const;
const CATEGORIES: readonly (readonly [string, number])[] = [
  ["A", 60],
  ["B", 12],
  ["C", 18],
  ["D", 5],
  ["E", 5],
];

/** The rows of a generated file, one by one (memory flat in the number of rows). */
export function* registrationRows(options: RegistrationFileOptions): Generator<GeneratedRegistration> {
  const communes = options.communes ?? (options.places ?? []).flatMap((p) => p.communes);
  if (communes.length === 0) throw new Error("Aucune commune : donnez `places` ou `communes`.");
  const random = new Random(`registrations:${options.seed ?? "modalis"}:${options.today}`);
  const firstSerial = options.firstSerial ?? 200_000_000;
  let previousId = franceTravailId(firstSerial);
  let faultIndex = 0;
  for (let i = 0; i < options.rows; i += 1) {
    const id = franceTravailId(firstSerial + i);
    const [communeName, postalCode] = drawCommune(random, communes);
    const departement = postalCode.startsWith("97") ? postalCode.slice(0, 3) : postalCode.slice(0, 2);
    const name = drawName(random, departement);
    const female = random.chance(0.5);
    const registrationDate = addDays(options.today, -random.int(0, 30));
    const birthDate = drawBirthDate(random, registrationDate);
    const row = {
      id,
      civility: female ? "Mme" : "M",
      lastName: random.chance(0.3) ? name.lastName.toUpperCase() : name.lastName,
      firstName: name.firstName,
      birthDate: random.chance(0.9) ? frenchDate(birthDate) : birthDate,
      email: random.chance(0.9) ? drawEmail(random, name, firstSerial + i) : "",
      phone: random.chance(0.85) ? drawPhone(random) : "",
      address: `${random.int(1, 180)} ${random.pick(STREET_TYPES)} ${random.pick(STREET_NAMES)}${random.chance(0.1) ? `, bâtiment ${random.pick(["A", "B", "C"])}` : ""}`,
      postalCode,
      commune: random.chance(0.2) ? communeName.toUpperCase() : communeName,
      registrationDate: frenchDate(registrationDate),
      category: random.weighted(CATEGORIES),
    };
    let fault: RegistrationFault | null = null;
    if (options.errorsEvery && (i + 1) % options.errorsEvery === 0) {
      fault = REGISTRATION_FAULTS[faultIndex % REGISTRATION_FAULTS.length] ?? null;
      faultIndex += 1;
      switch (fault) {
        case "identifier":
          row.id = `${id.slice(0, 6)}X${id.slice(7)}`;
          break;
        case "impossible-date":
          row.birthDate = "31/02/1985";
          break;
        case "future-registration":
          row.registrationDate = frenchDate(addDays(options.today, 10));
          break;
        case "unknown-postal-code":
          row.postalCode = "76999";
          break;
        case "phone":
          row.phone = "06 12";
          break;
        case "email":
          row.email = "pas-une-adresse";
          break;
        case "category":
          row.category = "Z";
          break;
        case "missing-name":
          row.lastName = "";
          break;
        case "duplicate":
          row.id = previousId;
          break;
        case null:
          break;
      }
    }
    previousId = id;
    yield {
      rowNumber: i + 2,
      values: [
        row.id,
        row.civility,
        row.lastName,
        row.firstName,
        row.birthDate,
        row.email,
        row.phone,
        row.address,
        row.postalCode,
        row.commune,
        row.registrationDate,
        row.category,
      ],
      franceTravailId: row.id,
      postalCode: row.postalCode,
      fault,
    };
  }
}

export type RegistrationEncoding = "utf-8" | "utf-8-bom" | "windows-1252";

/** Windows-1252 bytes of the characters 0x80–0x9F stands for (the rest of Latin-1 maps to itself). */
const CP1252_EXTRA: Readonly<Record<string, number>> = {
  "€": 0x80, "‚": 0x82, "ƒ": 0x83, "„": 0x84, "…": 0x85, "†": 0x86, "‡": 0x87, "ˆ": 0x88, "‰": 0x89, "Š": 0x8a, "‹": 0x8b,
  "Œ": 0x8c, "Ž": 0x8e, "‘": 0x91, "’": 0x92, "“": 0x93, "”": 0x94, "•": 0x95, "–": 0x96, "—": 0x97, "˜": 0x98, "™": 0x99,
  "š": 0x9a, "›": 0x9b, "œ": 0x9c, "ž": 0x9e, "Ÿ": 0x9f,
}; // prettier-ignore

/** Text as bytes in the encoding (characters Windows-1252 lacks become « ? »). */
export function encodeText(text: string, encoding: RegistrationEncoding): Uint8Array {
  if (encoding !== "windows-1252") return new TextEncoder().encode(text);
  const bytes = new Uint8Array(text.length);
  let n = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0x3f;
    bytes[n++] = CP1252_EXTRA[char] ?? (code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : 0x3f);
  }
  return bytes.subarray(0, n);
}

function csvField(value: string, separator: string): string {
  return value.includes(separator) || value.includes('"') || /[\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The CSV file as chunks of bytes (about 1 000 rows each), header first. */
export function* registrationCsvChunks(
  options: RegistrationFileOptions & { encoding?: RegistrationEncoding; separator?: ";" | ","; onRow?: (row: GeneratedRegistration) => void },
): Generator<Uint8Array> {
  const encoding = options.encoding ?? "utf-8";
  const separator = options.separator ?? ";";
  const line = (values: readonly string[]) => `${values.map((v) => csvField(v, separator)).join(separator)}\r\n`;
  let text = (encoding === "utf-8-bom" ? "\uFEFF" : "") + line(REGISTRATION_HEADERS);
  let count = 0;
  for (const row of registrationRows(options)) {
    options.onRow?.(row);
    text += line(row.values);
    count += 1;
    if (count % 1000 === 0) {
      yield encodeText(text, encoding);
      text = "";
    }
  }
  if (text !== "") yield encodeText(text, encoding);
}

export interface WrittenRegistrationFile {
  rows: number;
  /** Row number → fault, for the faulty rows. */
  faults: Map<number, RegistrationFault>;
}

/** Writes a CSV registration file at `path` (streamed: 150 000 rows take a few megabytes of memory at most). */
export async function writeRegistrationCsv(
  path: string,
  options: RegistrationFileOptions & { encoding?: RegistrationEncoding; separator?: ";" | "," },
): Promise<WrittenRegistrationFile> {
  const faults = new Map<number, RegistrationFault>();
  const out = createWriteStream(path);
  for (const chunk of registrationCsvChunks({ ...options, onRow: (row) => row.fault && faults.set(row.rowNumber, row.fault) })) {
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", resolve));
  }
  out.end();
  await finished(out);
  return { rows: options.rows, faults };
}

/** A cell of an XLSX test file: text, number, date (a real Excel date cell) or formula (with or without result). */
export type XlsxCell = string | number | Date | { formula: string; result?: string | number } | null;

/**
 * Writes an XLSX file (first sheet « Inscriptions ») with `header` and `rows` as given — tests put dates, numbers
 * and formulas in cells — or, with `generate`, the generated rows (dates as real date cells).
 */
export async function writeRegistrationXlsx(
  path: string,
  content: { header?: readonly string[]; rows?: readonly (readonly XlsxCell[])[]; generate?: RegistrationFileOptions },
): Promise<WrittenRegistrationFile> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet("Inscriptions");
  sheet.addRow([...(content.header ?? REGISTRATION_HEADERS)]).commit();
  const faults = new Map<number, RegistrationFault>();
  let count = 0;
  for (const values of content.rows ?? []) {
    const row = sheet.addRow(values.map((v) => v ?? null));
    values.forEach((v, i) => {
      if (v instanceof Date) row.getCell(i + 1).numFmt = "dd/mm/yyyy";
    });
    row.commit();
    count += 1;
  }
  if (content.generate) {
    for (const generated of registrationRows(content.generate)) {
      if (generated.fault) faults.set(generated.rowNumber, generated.fault);
      const values: XlsxCell[] = generated.values.map((v, i) => (i === 4 || i === 10 ? (toDateCell(v) ?? v) : v));
      const row = sheet.addRow(values);
      for (const i of [4, 10]) if (values[i] instanceof Date) row.getCell(i + 1).numFmt = "dd/mm/yyyy";
      row.commit();
      count += 1;
    }
  }
  sheet.commit();
  await workbook.commit();
  return { rows: count, faults };
}

/** A JJ/MM/AAAA or AAAA-MM-JJ text of a real date as a UTC-midnight Date (an Excel date cell), else null. */
function toDateCell(text: string): Date | null {
  const french = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  const iso = french ? `${french[3]}-${french[2]}-${french[1]}` : text;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? null : date;
}
