/**
 * Reading a registration file exported by the national information system (docs/rules.md#registrations): CSV
 * (« ; » or « , », UTF-8 with or without BOM, or Windows-1252) read as a stream with csv-parse, or XLSX (first
 * worksheet) read with exceljs' streaming reader after the archive's sizes were checked (no zip bomb is inflated).
 * Memory stays flat in the file's size. A file that cannot be read at all throws a `RegistrationFileError`
 * (French message); a row that cannot be read is still yielded, with `cells.rowProblem` saying why.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { createInflateRaw } from "node:zlib";
import { parse as parseCsv, type CsvError } from "csv-parse";
import ExcelJS from "exceljs";
import { foldText, type IsoDate } from "@/domain";

/** The whole file is refused, for the reason in the (French) message. */
export class RegistrationFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RegistrationFileError";
  }
}

/** The columns of a registration file, by the field they fill. */
export const REGISTRATION_FIELDS = [
  "franceTravailId",
  "civility",
  "lastName",
  "firstName",
  "birthDate",
  "email",
  "phone",
  "address",
  "postalCode",
  "commune",
  "registrationDate",
  "category",
  "agencyCode",
] as const;
export type RegistrationField = (typeof REGISTRATION_FIELDS)[number];

/** A cell as read: text (CSV, XLSX strings), a number, a date cell, a formula without a cached result, or empty. */
export type CellValue = string | number | { kind: "date"; date: IsoDate } | { kind: "formula"; formula: string } | null;

/** One row's cells by field (null when the column is absent or the cell empty), and why the row is unreadable. */
export type RegistrationCells = Record<RegistrationField, CellValue> & { rowProblem?: string };

export interface RegistrationRow {
  /** The row's line (CSV) or row (XLSX) number in the file; the header is 1. */
  rowNumber: number;
  cells: RegistrationCells;
}

/**
 * Header names accepted for each column, compared without case, accents, punctuation or spaces: the national
 * export's names and their usual variants.
 */
export const COLUMN_ALIASES: Readonly<Record<RegistrationField, readonly string[]>> = {
  franceTravailId: ["Identifiant", "Identifiant France Travail", "Identifiant FT", "Identifiant Pôle emploi", "Numéro d'identifiant", "IDE"],
  civility: ["Civilité", "Titre"],
  lastName: ["Nom", "Nom de famille", "Nom d'usage"],
  firstName: ["Prénom", "Prénoms"],
  birthDate: ["Date de naissance", "Né le", "Naissance"],
  email: ["Courriel", "E-mail", "Email", "Mail", "Adresse électronique", "Adresse mail", "Adresse e-mail"],
  phone: ["Téléphone portable", "Portable", "Téléphone mobile", "Mobile", "Téléphone", "Numéro de téléphone"],
  address: ["Adresse", "Adresse postale"],
  postalCode: ["Code postal", "CP"],
  commune: ["Commune", "Ville", "Localité"],
  registrationDate: ["Date d'inscription", "Inscription", "Date inscription"],
  category: ["Catégorie", "Catégorie d'inscription", "Cat"],
  agencyCode: ["Agence", "Code agence", "Agence de rattachement"],
};

/** Columns a file must have; the others may be missing. */
export const REQUIRED_FIELDS: readonly RegistrationField[] = [
  "franceTravailId",
  "lastName",
  "firstName",
  "birthDate",
  "postalCode",
  "registrationDate",
  "category",
];

/** French label of each column (the first alias), for messages. */
export const FIELD_LABELS: Readonly<Record<RegistrationField, string>> = Object.fromEntries(
  REGISTRATION_FIELDS.map((field) => [field, COLUMN_ALIASES[field][0]]),
) as Record<RegistrationField, string>;

/** Most columns a file may have (the export has about fifteen). */
export const MAX_COLUMNS = 200;
/** Longest CSV line (characters): a longer one is not a registration but a broken or hostile file. */
export const MAX_LINE_LENGTH = 64 * 1024;
/** Largest XLSX archive accepted (compressed), and largest total of its inflated entries. */
export const MAX_XLSX_BYTES = 200 * 1024 * 1024;
export const MAX_XLSX_INFLATED_BYTES = 1024 * 1024 * 1024;
/** Largest compression ratio of an XLSX entry of more than 1 MiB (real worksheets stay far below). */
export const MAX_XLSX_RATIO = 200;

const HEADER_KEYS = new Map<string, RegistrationField>(
  REGISTRATION_FIELDS.flatMap((field) => COLUMN_ALIASES[field].map((alias) => [headerKey(alias), field] as const)),
);

/** Comparison form of a header: no accents, case, spaces or punctuation. */
function headerKey(text: string): string {
  return foldText(text).replace(/[^a-z0-9]/g, "");
}

/** The field of each column (null for a column not used), or the error refusing the header. */
function mapHeader(header: readonly CellValue[]): (RegistrationField | null)[] {
  if (header.length > MAX_COLUMNS) throw new RegistrationFileError(`Le fichier a ${header.length} colonnes : ${MAX_COLUMNS} au plus sont acceptées.`);
  const texts = header.map((cell) => (typeof cell === "string" ? cell : typeof cell === "number" ? String(cell) : ""));
  const fields = texts.map((text) => HEADER_KEYS.get(headerKey(text)) ?? null);
  const found = fields.filter((f): f is RegistrationField => f !== null);
  if (found.length === 0) {
    throw new RegistrationFileError(
      "La première ligne n'est pas une ligne d'en-tête reconnue : elle doit nommer les colonnes " +
        `(${REQUIRED_FIELDS.map((f) => `« ${FIELD_LABELS[f]} »`).join(", ")}…).`,
    );
  }
  const seen = new Set<RegistrationField>();
  for (const [i, field] of fields.entries()) {
    if (field === null) continue;
    if (seen.has(field)) throw new RegistrationFileError(`La colonne « ${FIELD_LABELS[field]} » apparaît deux fois (« ${texts[i]?.trim()} »).`);
    seen.add(field);
  }
  const missing = REQUIRED_FIELDS.filter((f) => !seen.has(f));
  if (missing.length > 0) {
    throw new RegistrationFileError(
      `Colonne${missing.length > 1 ? "s" : ""} obligatoire${missing.length > 1 ? "s" : ""} absente${missing.length > 1 ? "s" : ""} : ` +
        `${missing.map((f) => `« ${FIELD_LABELS[f]} »`).join(", ")}.`,
    );
  }
  return fields;
}

function emptyCells(): RegistrationCells {
  return Object.fromEntries(REGISTRATION_FIELDS.map((f) => [f, null])) as unknown as RegistrationCells;
}

/** The cells of a row under `fields`; null when the row is blank (skipped). */
function cellsOf(values: readonly CellValue[], fields: readonly (RegistrationField | null)[]): RegistrationCells | null {
  if (values.every((v) => v === null || (typeof v === "string" && v.trim() === ""))) return null;
  const cells = emptyCells();
  for (const [i, field] of fields.entries()) {
    if (field === null) continue;
    const value = values[i] ?? null;
    cells[field] = typeof value === "string" && value.trim() === "" ? null : value;
  }
  if (values.length > MAX_COLUMNS) cells.rowProblem = `La ligne a ${values.length} colonnes : ${MAX_COLUMNS} au plus sont acceptées.`;
  return cells;
}

/**
 * The rows of a registration file, header excluded, blank rows skipped. Throws `RegistrationFileError` when the
 * file as a whole cannot be read (possibly after some rows were yielded: the caller then refuses the whole file).
 */
export async function* readRegistrationFile(source: AsyncIterable<Uint8Array>, options: { fileName: string }): AsyncGenerator<RegistrationRow> {
  const chunks = source[Symbol.asyncIterator]();
  const first = await nextNonEmpty(chunks);
  if (first === null) throw new RegistrationFileError("Le fichier est vide.");
  const rest: AsyncIterable<Uint8Array> = { [Symbol.asyncIterator]: () => chunks };
  const lowerName = options.fileName.toLowerCase();
  if (startsWith(first, [0x50, 0x4b, 0x03, 0x04])) {
    yield* readXlsx(prepend(first, rest));
    return;
  }
  if (startsWith(first, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new RegistrationFileError("Ce fichier est un classeur Excel ancien (.xls) : enregistrez-le en .xlsx ou en CSV.");
  }
  if (lowerName.endsWith(".xlsx") || lowerName.endsWith(".xlsm")) {
    throw new RegistrationFileError("Ce fichier porte l'extension .xlsx mais n'est pas un classeur Excel (archive illisible).");
  }
  if (startsWith(first, [0x50, 0x4b])) throw new RegistrationFileError("Ce fichier est une archive compressée, pas un fichier CSV ni un classeur XLSX.");
  if (startsWith(first, [0x25, 0x50, 0x44, 0x46])) throw new RegistrationFileError("Ce fichier est un PDF : exportez les inscriptions en CSV ou en XLSX.");
  yield* readCsv(prepend(first, rest));
}

async function nextNonEmpty(chunks: AsyncIterator<Uint8Array>): Promise<Uint8Array | null> {
  for (;;) {
    const next = await chunks.next();
    if (next.done) return null;
    if (next.value.length > 0) return next.value;
  }
}

async function* prepend(first: Uint8Array, rest: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield first;
  yield* rest;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

// ----------------------------------------------------------------------------------------------------------------
// CSV

/**
 * The file's text, decoded as UTF-8 (BOM dropped) unless its first non-ASCII bytes are not UTF-8, then as
 * Windows-1252. A file that is UTF-8 at first and not later, or that ends in the middle of a character, is refused.
 */
async function* decodeText(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  let utf8 = true;
  let first = true;
  let lineCount = 1;
  /** Bytes held back while undecided: the first non-ASCII character must be whole to tell the encodings apart. */
  let pending: Uint8Array = new Uint8Array(0);
  const decode = (chunk: Uint8Array, stream: boolean): string => {
    if (decoder === null) throw new Error("décodeur non choisi");
    try {
      return decoder.decode(chunk, { stream });
    } catch {
      // The line of the first byte that is not UTF-8 (read again, leniently).
      const lossy = new TextDecoder("utf-8").decode(chunk);
      const line = lineCount + countLines(lossy.slice(0, Math.max(0, lossy.indexOf("\uFFFD"))));
      throw new RegistrationFileError(
        stream
          ? `Encodage incohérent vers la ligne ${line} : le début du fichier est en UTF-8 mais pas la suite. Enregistrez tout le fichier en UTF-8.`
          : "Le fichier se termine au milieu d'un caractère UTF-8 : il est tronqué. Exportez-le de nouveau.",
      );
    }
  };
  /** Chooses the encoding from `sample` (starting with its first non-ASCII byte) when it can. */
  const choose = (sample: Uint8Array, final: boolean): boolean => {
    if (sample.length < 4 && !final) return false;
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(sample.subarray(0, 4), { stream: !final });
      decoder = new TextDecoder("utf-8", { fatal: true });
    } catch {
      decoder = new TextDecoder("windows-1252");
      utf8 = false;
    }
    return true;
  };
  for await (const chunk of bytes) {
    if (chunk.length === 0) continue;
    if (first) {
      first = false;
      if (startsWith(chunk, [0xef, 0xbb, 0xbf])) {
        decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
      } else if (startsWith(chunk, [0xff, 0xfe]) || startsWith(chunk, [0xfe, 0xff])) {
        throw new RegistrationFileError("Ce fichier est encodé en UTF-16 : enregistrez-le en CSV UTF-8 (ou Windows-1252).");
      }
    }
    if (chunk.includes(0)) throw new RegistrationFileError("Ce fichier contient des données binaires : ce n'est pas un fichier CSV ni un classeur XLSX.");
    if (decoder === null) {
      if (pending.length === 0) {
        const nonAscii = chunk.findIndex((b) => b >= 0x80);
        if (nonAscii === -1) {
          // Pure ASCII reads the same in both encodings: decide later.
          const text = asciiText(chunk);
          lineCount += countLines(text);
          yield text;
          continue;
        }
        const ascii = asciiText(chunk.subarray(0, nonAscii));
        lineCount += countLines(ascii);
        if (ascii) yield ascii;
        pending = chunk.slice(nonAscii);
      } else {
        pending = Buffer.concat([pending, chunk]);
      }
      if (!choose(pending, false)) continue;
      const text = decode(pending, true);
      pending = new Uint8Array(0);
      lineCount += countLines(text);
      yield text;
      continue;
    }
    const text = decode(chunk, true);
    lineCount += countLines(text);
    yield text;
  }
  if (decoder === null && pending.length > 0) {
    choose(pending, true);
    const text = decode(pending, true);
    if (text) yield text;
  }
  if (decoder !== null && utf8) {
    const tail = decode(new Uint8Array(0), false);
    if (tail) yield tail;
  }
}

function asciiText(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n += 1;
  return n;
}

/** The separator of a header line: « ; » or « , », whichever it has (more of). */
function detectSeparator(headerLine: string): ";" | "," {
  const count = (c: string) => headerLine.split(c).length - 1;
  const semicolons = count(";");
  const commas = count(",");
  if (semicolons === 0 && commas === 0) {
    const other = count("\t") > 0 ? "des tabulations" : count("|") > 0 ? "des barres « | »" : null;
    throw new RegistrationFileError(
      other
        ? `Les colonnes de l'en-tête sont séparées par ${other} : seuls « ; » et « , » sont acceptés.`
        : "La première ligne ne contient ni « ; » ni « , » : ce n'est pas l'en-tête d'un fichier CSV d'inscriptions.",
    );
  }
  return semicolons >= commas ? ";" : ",";
}

/** The text again, once the header line (the first) was seen and the separator read from it. */
async function withHeaderLine(text: AsyncIterable<string>): Promise<{ separator: ";" | ","; text: AsyncIterable<string> } | null> {
  const it = text[Symbol.asyncIterator]();
  let buffered = "";
  for (;;) {
    const next = await it.next();
    if (next.done) break;
    buffered += next.value;
    if (/[\r\n]/.test(buffered)) break;
    if (buffered.length > MAX_LINE_LENGTH) {
      throw new RegistrationFileError(`La première ligne dépasse ${MAX_LINE_LENGTH.toLocaleString("fr-FR")} caractères : ce n'est pas un en-tête de colonnes.`);
    }
  }
  if (buffered.trim() === "") return null;
  const headerLine = buffered.split(/\r?\n|\r/)[0] ?? "";
  const separator = detectSeparator(headerLine);
  async function* again(): AsyncGenerator<string> {
    yield buffered;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { separator, text: again() };
}

function csvErrorMessage(error: CsvError): string {
  const line = error.lines ?? "?";
  switch (error.code) {
    case "CSV_MAX_RECORD_SIZE":
      return `La ligne ${line} dépasse ${MAX_LINE_LENGTH.toLocaleString("fr-FR")} caractères : le fichier est endommagé (guillemet non fermé ?).`;
    case "CSV_QUOTE_NOT_CLOSED":
      return `Un guillemet ouvert vers la ligne ${line} n'est jamais fermé : le fichier est tronqué ou endommagé.`;
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return `Guillemets mal placés à la ligne ${line} : le fichier n'est pas un CSV valide.`;
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
      return `La ligne ${line} a trop de colonnes.`;
    default:
      return `Le fichier CSV est illisible vers la ligne ${line} (${error.code}).`;
  }
}

async function* readCsv(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<RegistrationRow> {
  const start = await withHeaderLine(decodeText(bytes));
  if (start === null) throw new RegistrationFileError("Le fichier est vide.");
  const parser = parseCsv({
    delimiter: start.separator,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_LINE_LENGTH,
    info: true,
    bom: true,
  });
  const input = Readable.from(start.text, { objectMode: false });
  input.on("error", (error) => parser.destroy(error));
  input.pipe(parser);

  let fields: (RegistrationField | null)[] | null = null;
  let headerSeparatorCount = 0;
  let previousEnd = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      // A record starts on the line after the previous one ends (a quoted field may span lines).
      const rowNumber = previousEnd + 1;
      previousEnd = info.lines;
      if (fields === null) {
        fields = mapHeader(record);
        headerSeparatorCount = record.length - 1;
        continue;
      }
      const cells = cellsOf(record, fields);
      if (cells === null) continue;
      if (record.length === 1 && headerSeparatorCount > 0) {
        const other = start.separator === ";" ? "," : ";";
        cells.rowProblem = record[0]?.includes(other)
          ? `Ligne mal découpée : séparée par « ${other} » alors que l'en-tête l'est par « ${start.separator} ».`
          : `Ligne mal découpée : une seule colonne au lieu de ${headerSeparatorCount + 1}.`;
      }
      yield { rowNumber, cells };
    }
  } catch (error) {
    if (error instanceof RegistrationFileError) throw error;
    if (isCsvError(error)) throw new RegistrationFileError(csvErrorMessage(error));
    throw error;
  } finally {
    input.destroy();
    parser.destroy();
  }
  if (fields === null) throw new RegistrationFileError("Le fichier est vide.");
}

function isCsvError(error: unknown): error is CsvError {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === "string" && code.startsWith("CSV_");
}

// ----------------------------------------------------------------------------------------------------------------
// XLSX

/** Copies the upload to a temporary file (checked against the size cap), runs `use`, removes the file. */
async function withTemporaryFile<T>(bytes: AsyncIterable<Uint8Array>, read: (path: string) => AsyncGenerator<T>): Promise<AsyncGenerator<T>> {
  const dir = await mkdtemp(join(tmpdir(), "modalis-import-"));
  const path = join(dir, "upload.xlsx");
  try {
    const out = createWriteStream(path);
    let size = 0;
    for await (const chunk of bytes) {
      size += chunk.length;
      if (size > MAX_XLSX_BYTES) {
        out.destroy();
        throw new RegistrationFileError(`Le classeur dépasse ${MAX_XLSX_BYTES / 1024 / 1024} Mo : découpez-le ou exportez-le en CSV.`);
      }
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", resolve));
    }
    out.end();
    await finished(out);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  async function* run(): AsyncGenerator<T> {
    try {
      yield* read(path);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return run();
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const NOT_A_WORKBOOK = "Ce fichier n'est pas un classeur XLSX lisible (archive endommagée ou tronquée).";

/** The entries of a zip archive, from its central directory (read from the end of the file). */
async function zipEntries(path: string): Promise<ZipEntry[]> {
  const file = await open(path, "r");
  try {
    const { size } = await file.stat();
    const tailLength = Math.min(size, 22 + 65_535);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i -= 1) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd === -1) throw new RegistrationFileError(NOT_A_WORKBOOK);
    const count = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || dirOffset === 0xffffffff) throw new RegistrationFileError("Classeur au format ZIP64 : trop volumineux pour être importé.");
    if (dirOffset + dirSize > size || dirSize > 16 * 1024 * 1024) throw new RegistrationFileError(NOT_A_WORKBOOK);
    const dir = Buffer.alloc(dirSize);
    await file.read(dir, 0, dirSize, dirOffset);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let n = 0; n < count; n += 1) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== 0x02014b50) throw new RegistrationFileError(NOT_A_WORKBOOK);
      const nameLength = dir.readUInt16LE(p + 28);
      const extraLength = dir.readUInt16LE(p + 30);
      const commentLength = dir.readUInt16LE(p + 32);
      entries.push({
        method: dir.readUInt16LE(p + 10),
        compressedSize: dir.readUInt32LE(p + 20),
        uncompressedSize: dir.readUInt32LE(p + 24),
        localHeaderOffset: dir.readUInt32LE(p + 42),
        name: dir.toString("utf8", p + 46, p + 46 + nameLength),
      });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await file.close();
  }
}

const ZIP_BOMB = "Ce classeur se décompresse en un volume démesuré (bombe de décompression) : il est refusé.";

/**
 * Refuses an archive whose entries would inflate beyond the caps, from the sizes it declares, then checks that
 * every entry inflates to no more than it declares (inflating at most the declared, already capped, size).
 */
async function checkArchive(path: string): Promise<void> {
  const entries = await zipEntries(path);
  if (!entries.some((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name))) {
    throw new RegistrationFileError("Cette archive n'est pas un classeur XLSX : elle ne contient aucune feuille de calcul.");
  }
  let total = 0;
  for (const entry of entries) {
    if (entry.uncompressedSize === 0xffffffff || entry.compressedSize === 0xffffffff) throw new RegistrationFileError(ZIP_BOMB);
    total += entry.uncompressedSize;
    if (entry.uncompressedSize > 1024 * 1024 && entry.uncompressedSize > MAX_XLSX_RATIO * Math.max(1, entry.compressedSize))
      throw new RegistrationFileError(ZIP_BOMB);
  }
  if (total > MAX_XLSX_INFLATED_BYTES) throw new RegistrationFileError(ZIP_BOMB);
  const file = await open(path, "r");
  try {
    for (const entry of entries) {
      if (entry.method !== 8 || entry.compressedSize === 0) continue;
      const header = Buffer.alloc(30);
      await file.read(header, 0, 30, entry.localHeaderOffset);
      if (header.readUInt32LE(0) !== 0x04034b50) throw new RegistrationFileError(NOT_A_WORKBOOK);
      const dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
      await inflatesWithin(path, dataStart, entry.compressedSize, entry.uncompressedSize);
    }
  } finally {
    await file.close();
  }
}

/** Inflates one entry, discarding the output, and refuses it as soon as it passes its declared size. */
async function inflatesWithin(path: string, start: number, compressedSize: number, declared: number): Promise<void> {
  const input = createReadStream(path, { start, end: start + compressedSize - 1 });
  const inflate = createInflateRaw();
  let inflated = 0;
  await new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => {
      input.destroy();
      inflate.destroy();
      reject(error);
    };
    input.on("error", fail);
    inflate.on("error", () => fail(new RegistrationFileError(NOT_A_WORKBOOK)));
    inflate.on("data", (chunk: Buffer) => {
      inflated += chunk.length;
      if (inflated > declared) fail(new RegistrationFileError(ZIP_BOMB));
    });
    inflate.on("end", resolve);
    input.pipe(inflate);
  });
}

function readXlsx(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<RegistrationRow> {
  async function* lazily(): AsyncGenerator<RegistrationRow> {
    const rows = await withTemporaryFile(bytes, readXlsxFile);
    yield* rows;
  }
  return lazily();
}

/** The value of an exceljs cell as a registration cell. */
function xlsxCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "boolean") return value ? "VRAI" : "FAUX";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : { kind: "date", date: value.toISOString().slice(0, 10) };
  if (typeof value === "object") {
    const v = value as { formula?: string; sharedFormula?: string; result?: unknown; richText?: { text: string }[]; text?: unknown; error?: string };
    if (v.formula !== undefined || v.sharedFormula !== undefined) {
      const result = v.result;
      if (result === undefined || result === null || (typeof result === "object" && !(result instanceof Date))) {
        return { kind: "formula", formula: String(v.formula ?? v.sharedFormula ?? "") };
      }
      return xlsxCell(result);
    }
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join("");
    if (typeof v.text === "string") return v.text;
    if (v.error !== undefined) return { kind: "formula", formula: v.error };
  }
  return String(value);
}

async function* readXlsxFile(path: string): AsyncGenerator<RegistrationRow> {
  await checkArchive(path);
  const input = createReadStream(path);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  let fields: (RegistrationField | null)[] | null = null;
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const values = Array.isArray(row.values) ? row.values.slice(1) : [];
        if (values.length > MAX_COLUMNS && fields === null) {
          throw new RegistrationFileError(`Le fichier a ${values.length} colonnes : ${MAX_COLUMNS} au plus sont acceptées.`);
        }
        const cells: CellValue[] = [];
        for (let i = 0; i < Math.min(values.length, MAX_COLUMNS + 1); i += 1) cells.push(xlsxCell(values[i]));
        if (fields === null) {
          if (cells.every((c) => c === null)) continue;
          fields = mapHeader(cells);
          continue;
        }
        const rowCells = cellsOf(cells, fields);
        if (rowCells === null) continue;
        if (values.length > MAX_COLUMNS) rowCells.rowProblem = `La ligne a ${values.length} colonnes : ${MAX_COLUMNS} au plus sont acceptées.`;
        yield { rowNumber: row.number, cells: rowCells };
      }
      // The first worksheet only.
      break;
    }
  } catch (error) {
    if (error instanceof RegistrationFileError) throw error;
    throw new RegistrationFileError(`${NOT_A_WORKBOOK.slice(0, -1)} : ${error instanceof Error ? error.message : String(error)}.`);
  } finally {
    // Stopped early (first sheet read, or the caller broke off): release the file.
    input.destroy();
  }
  if (fields === null) throw new RegistrationFileError("Le classeur est vide : sa première feuille n'a pas de ligne d'en-tête.");
}
