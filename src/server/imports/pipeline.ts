/**
 * Registration imports (issue 17, docs/rules.md#registration-imports), the three steps every surface shares (the
 * manager's page through the job queue, `npm run import`, the tests):
 *
 * 1. `storeRegistrationFile` streams the uploaded file into `RegistrationImportChunk` (SHA-256 and size on the way,
 *    refused past a size limit) and creates the import, PREVIEWING.
 * 2. `runRegistrationPreview` reads the file back chunk by chunk through the reader (import-parse's file reader and
 *    row checks), classifies each row against the database by France Travail identifier (src/domain/
 *    registration-outcome.ts) in batches, and writes the rows (`RegistrationImportRow`) and the progress, each batch
 *    on its own: a crash leaves PREVIEWING, and running it again starts the preview over (idempotent). At the end:
 *    PREVIEWED, the file's chunks deleted. Nothing else is written.
 * 3. `confirmRegistrationImport` checks the confirmation (same file hash, preview not older than `PREVIEW_MAX_AGE_MS`)
 *    and marks the import IMPORTING; `runRegistrationImport` then imports the stored rows with set-based SQL in ONE
 *    transaction, which first locks every concerned seeker and refuses the import (STALE) if one changed since the
 *    preview. Any failure rolls the whole transaction back: FAILED with a French message, nothing imported. A crash
 *    leaves IMPORTING; running it again imports (the transaction never committed).
 *
 * Progress and status writes happen outside the import transaction (the embedded database runs one transaction at a
 * time: a progress write inside would wait for ever on the transaction it is part of).
 */
import { createHash } from "node:crypto";
import type { IsoDate } from "@/domain";
import {
  classifyRegistrant,
  DUPLICATE_ROW,
  type Classification,
  type ExistingSeeker,
  type RegistrantFields,
  type RowOutcome,
} from "@/domain/registration-outcome";
import type { PrismaClient, Role } from "@/generated/prisma/client";
import { auditRow } from "@/server/audit";
import { DomainError } from "@/server/errors";
import { sendInTransaction } from "@/server/jobs/send-in-transaction";
import type { Tx } from "@/server/use-cases/kit";
import { transferSeekerInTransaction } from "@/server/use-cases/seeker-transfer";

/** The largest accepted file (a 150 000-row regional CSV is about 25 MB). */
export const MAX_REGISTRATION_FILE_BYTES = 64 * 1024 * 1024;
/** A preview older than this must be made again before it is imported. */
export const PREVIEW_MAX_AGE_MS = 6 * 3600 * 1000;
/** Bytes per stored chunk of the uploaded file. */
const CHUNK_BYTES = 1024 * 1024;
/** Rows classified and written per batch of the preview. */
const PREVIEW_BATCH = 2_000;
/** The job queue that books the first interviews of an agency after an import. */
export const FIRST_INTERVIEWS_QUEUE = "registrations.first-interviews";

/** A row the file reader gave and the row checks judged (import-parse's `checkRegistrant`). */
export type CheckedRow = { rowNumber: number } & (
  | { ok: true; registrant: RegistrantFields | (Omit<RegistrantFields, "commune"> & { commune: string | null; agencyCode?: string | null }) }
  | { ok: false; reason: string; raw?: RawIdentity }
);

/** What a refused row says of who it is, as written (the report names the row's person even when it is refused). */
export type RawIdentity = {
  franceTravailId: string | null;
  lastName: string | null;
  firstName: string | null;
  postalCode: string | null;
  commune: string | null;
};

/** Where a row's agency comes from (import-parse's territory: the postcode's commune). */
export type AgencyFinder = (postalCode: string, commune: string | null) => { agencyId: string; commune?: string } | { reason: string };

/** What the preview needs of the file format: its rows, checked, and the territory. */
export type RegistrationReader = {
  rows(source: AsyncIterable<Uint8Array>, context: { fileName: string; today: IsoDate }): AsyncIterable<CheckedRow>;
  territory(db: PrismaClient): Promise<AgencyFinder>;
};

/** Who imports: a signed-in manager or administrator, or the command line (no user, administrator's rights). */
export type Importer = { userId: string | null; role: Role; agencyId: string | null };

export type ImportCounts = Record<RowOutcome, number>;

export const EMPTY_COUNTS: Readonly<ImportCounts> = { NEW: 0, UPDATED: 0, UNCHANGED: 0, TRANSFER: 0, REFUSED: 0 };

/** Thrown inside the import transaction when the preview no longer matches the database (rolled back). */
class StalePreviewError extends Error {}

export const STALE_MESSAGE =
  "L'aperçu n'est plus à jour : des dossiers concernés ont changé depuis (ou un nouveau demandeur a été créé entre-temps). Rien n'a été importé ; refaites l'aperçu.";
export const TOO_OLD_MESSAGE = "L'aperçu date de plus de 6 heures. Rien n'a été importé ; refaites l'aperçu.";
export const CHANGED_FILE_MESSAGE = "Le fichier confirmé n'est pas celui de l'aperçu. Rien n'a été importé ; refaites l'aperçu avec ce fichier.";

export type TransferSeeker = (
  tx: Tx,
  input: {
    seekerId: string;
    toAgencyId: string;
    actor: { userId: string | null; role: Role };
    importId: string | null;
    today: IsoDate;
    address?: { address: string | null; postalCode: string; commune: string };
  },
) => Promise<void>;

function formatOf(fileName: string): "CSV" | "XLSX" {
  return /\.xlsx$/i.test(fileName) ? "XLSX" : "CSV";
}

/**
 * Streams the file into the database (chunks of 1 MiB), hashing it, and creates the import (PREVIEWING). Past
 * `maxBytes` the import is deleted and a French error thrown. The scope (the importer may import for that agency) is
 * the caller's to check.
 */
export async function storeRegistrationFile(
  db: PrismaClient,
  input: { importer: Importer; agencyId: string | null; fileName: string; source: AsyncIterable<Uint8Array>; today: IsoDate; maxBytes?: number },
): Promise<{ importId: string; sha256: string; size: number }> {
  const maxBytes = input.maxBytes ?? MAX_REGISTRATION_FILE_BYTES;
  const fileName = input.fileName.replace(/[\\/]/g, "_").slice(-200) || "inscriptions.csv";
  const created = await db.registrationImport.create({
    data: {
      agencyId: input.agencyId,
      createdById: input.importer.userId,
      actorRole: input.importer.role,
      fileName,
      fileSize: 0,
      sha256: "0".repeat(64),
      format: formatOf(fileName),
      today: new Date(`${input.today}T00:00:00.000Z`),
    },
    select: { id: true },
  });
  const hash = createHash("sha256");
  let size = 0;
  let position = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const data = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await db.registrationImportChunk.create({ data: { importId: created.id, position, data: new Uint8Array(data) }, select: { position: true } });
    position += 1;
  };
  try {
    for await (const piece of input.source) {
      size += piece.byteLength;
      if (size > maxBytes) {
        throw new DomainError("INVALID", `Le fichier dépasse la taille maximale de ${Math.round(maxBytes / 1024 / 1024)} Mo : rien n'a été importé.`);
      }
      hash.update(piece);
      pending.push(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
      pendingBytes += piece.byteLength;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
    await flush();
    if (size === 0) throw new DomainError("INVALID", "Le fichier est vide : rien n'a été importé.");
  } catch (error) {
    await db.registrationImport.delete({ where: { id: created.id } }).catch(() => undefined);
    throw error;
  }
  const sha256 = hash.digest("hex");
  await db.registrationImport.update({ where: { id: created.id }, data: { fileSize: BigInt(size), sha256 } });
  return { importId: created.id, sha256, size };
}

/** The stored file, chunk by chunk (one chunk in memory at a time). */
async function* storedFile(db: PrismaClient, importId: string): AsyncGenerator<Uint8Array> {
  for (let position = 0; ; position += 1) {
    const chunk = await db.registrationImportChunk.findUnique({ where: { importId_position: { importId, position } }, select: { data: true } });
    if (!chunk) return;
    yield chunk.data;
  }
}

type SeekerRow = ExistingSeeker & { id: string; franceTravailId: string; updatedAt: Date };

const dateText = (value: Date | null): string | null => (value ? value.toISOString().slice(0, 10) : null);

async function existingSeekers(db: PrismaClient, ids: string[]): Promise<Map<string, SeekerRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.$queryRawUnsafe<
    {
      id: string;
      franceTravailId: string;
      agencyId: string;
      status: SeekerRow["status"];
      civility: "M" | "MME" | null;
      lastName: string;
      firstName: string;
      birthDate: Date;
      email: string | null;
      phone: string | null;
      address: string | null;
      postalCode: string;
      commune: string;
      registrationDate: Date;
      category: SeekerRow["category"];
      anonymisedAt: Date | null;
      updatedAt: Date;
    }[]
  >(
    `SELECT "id", "franceTravailId", "agencyId", "status", "civility", "lastName", "firstName", "birthDate", "email", "phone", "address",
            "postalCode", "commune", "registrationDate", "category", "anonymisedAt", "updatedAt"
       FROM "Seeker" WHERE "franceTravailId" = ANY($1::text[])`,
    ids,
  );
  return new Map(
    rows.map((row) => [
      row.franceTravailId,
      {
        ...row,
        birthDate: dateText(row.birthDate)!,
        registrationDate: dateText(row.registrationDate)!,
        anonymised: row.anonymisedAt !== null,
      },
    ]),
  );
}

type StoredRow = {
  rowNumber: number;
  outcome: RowOutcome;
  reason: string | null;
  changes: string[];
  reopens: boolean;
  fields: Partial<RegistrantFields> & { franceTravailId?: string };
  agencyId: string | null;
  seekerId: string | null;
  seekerVersion: Date | null;
};

const ROW_INSERT = `INSERT INTO "RegistrationImportRow" ("importId", "rowNumber", "outcome", "reason", "changes", "reopens", "franceTravailId",
    "civility", "lastName", "firstName", "birthDate", "email", "phone", "address", "postalCode", "commune", "registrationDate", "category",
    "agencyId", "seekerId", "seekerVersion")
  SELECT $1::uuid, t."rowNumber", t."outcome", t."reason", COALESCE(string_to_array(NULLIF(t."changes", ''), ','), '{}'), t."reopens",
         t."franceTravailId", t."civility", t."lastName", t."firstName", t."birthDate", t."email", t."phone", t."address", t."postalCode",
         t."commune", t."registrationDate", t."category", t."agencyId", t."seekerId", t."seekerVersion"
    FROM unnest($2::int[], $3::text[]::"RegistrationRowOutcome"[], $4::text[], $5::text[], $6::boolean[], $7::text[],
    $8::text[]::"Civility"[], $9::text[], $10::text[], $11::date[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::date[],
    $18::text[]::"SeekerCategory"[], $19::uuid[], $20::uuid[], $21::timestamptz[])
    AS t("rowNumber", "outcome", "reason", "changes", "reopens", "franceTravailId", "civility", "lastName", "firstName", "birthDate", "email", "phone",
         "address", "postalCode", "commune", "registrationDate", "category", "agencyId", "seekerId", "seekerVersion")`;

async function insertRows(db: PrismaClient, importId: string, rows: StoredRow[]): Promise<void> {
  if (rows.length === 0) return;
  const column = <T>(pick: (row: StoredRow) => T) => rows.map(pick);
  await db.$executeRawUnsafe(
    ROW_INSERT,
    importId,
    column((r) => r.rowNumber),
    column((r) => r.outcome),
    column((r) => r.reason),
    // A text[] per row does not pass through unnest as an array of arrays: joined, split back below.
    column((r) => r.changes.join(",")),
    column((r) => r.reopens),
    column((r) => r.fields.franceTravailId ?? null),
    column((r) => r.fields.civility ?? null),
    column((r) => r.fields.lastName ?? null),
    column((r) => r.fields.firstName ?? null),
    column((r) => r.fields.birthDate ?? null),
    column((r) => r.fields.email ?? null),
    column((r) => r.fields.phone ?? null),
    column((r) => r.fields.address ?? null),
    column((r) => r.fields.postalCode ?? null),
    column((r) => r.fields.commune ?? null),
    column((r) => r.fields.registrationDate ?? null),
    column((r) => r.fields.category ?? null),
    column((r) => r.agencyId),
    column((r) => r.seekerId),
    column((r) => (r.seekerVersion ? r.seekerVersion.toISOString() : null)),
  );
}

/** Agencies by code (a row naming its agency) and the first commune name of each postal code (a row without one). */
async function agencyCodes(db: PrismaClient): Promise<Map<string, string>> {
  const agencies = await db.agency.findMany({ select: { id: true, code: true } });
  return new Map(agencies.map((a) => [a.code.toUpperCase(), a.id]));
}

export type PreviewOptions = {
  reader: RegistrationReader;
  now?: Date;
  /** Called after each batch (the command line's progress bar). */
  onProgress?: (rowsRead: number) => void;
  /** Tests: throws after this many rows were written, as a crash would stop the preview mid-way. */
  crashAfterRows?: number;
};

/**
 * Reads, checks and classifies every row of a PREVIEWING import, then marks it PREVIEWED (or FAILED with the file's
 * French error). Running it again on a PREVIEWING import (after a crash) starts over; on any other status it does
 * nothing. Returns the counts.
 */
export async function runRegistrationPreview(db: PrismaClient, importId: string, options: PreviewOptions): Promise<ImportCounts | null> {
  const current = await db.registrationImport.findUnique({ where: { id: importId } });
  if (!current || current.status !== "PREVIEWING") return null;
  // Over again from the first row (a previous attempt may have stopped mid-way).
  await db.registrationImportRow.deleteMany({ where: { importId } });
  await db.registrationImport.update({ where: { id: importId }, data: { rowsRead: 0, rowsTotal: null, ...countColumns(EMPTY_COUNTS) } });

  const counts: ImportCounts = { ...EMPTY_COUNTS };
  const today = dateText(current.today)!;
  let rowsRead = 0;
  try {
    const finder = await options.reader.territory(db);
    const codes = await agencyCodes(db);
    const seen = new Set<string>();
    let batch: CheckedRow[] = [];
    const flush = async () => {
      const stored = await classifyBatch(db, batch, { finder, codes, seen, scopeAgencyId: current.agencyId });
      batch = [];
      await insertRows(db, importId, stored);
      for (const row of stored) counts[row.outcome] += 1;
      rowsRead += stored.length;
      await db.registrationImport.update({ where: { id: importId }, data: { rowsRead, ...countColumns(counts) } });
      options.onProgress?.(rowsRead);
      if (options.crashAfterRows !== undefined && rowsRead >= options.crashAfterRows) throw new SimulatedCrash();
    };
    for await (const row of options.reader.rows(storedFile(db, importId), { fileName: current.fileName, today })) {
      batch.push(row);
      if (batch.length >= PREVIEW_BATCH) await flush();
    }
    await flush();
    if (rowsRead === 0) throw new DomainError("INVALID", "Le fichier ne contient aucune ligne de demandeur : rien n'a été importé.");
  } catch (error) {
    if (error instanceof SimulatedCrash) throw error;
    await markFailed(db, importId, current, messageOf(error, "L'aperçu a échoué"), "preview");
    return null;
  }
  const now = options.now ?? new Date();
  await db.$transaction(async (tx) => {
    await tx.registrationImport.update({
      where: { id: importId },
      data: { status: "PREVIEWED", previewedAt: now, rowsRead, rowsTotal: rowsRead, ...countColumns(counts) },
    });
    await tx.registrationImportChunk.deleteMany({ where: { importId } });
    await tx.auditEvent.create({
      data: auditRow({
        actor: actorOf(current),
        action: "registrations.previewed",
        agencyId: current.agencyId,
        subjectType: "RegistrationImport",
        subjectId: importId,
        metadata: { rows: rowsRead, ...auditCounts(counts) },
      }),
      select: { id: true },
    });
  });
  return counts;
}

/** A crash stand-in (tests): not caught as a failure of the file. */
export class SimulatedCrash extends Error {
  constructor() {
    super("arrêt simulé");
  }
}

function countColumns(counts: Readonly<ImportCounts>) {
  return {
    newCount: counts.NEW,
    updatedCount: counts.UPDATED,
    unchangedCount: counts.UNCHANGED,
    transferCount: counts.TRANSFER,
    refusedCount: counts.REFUSED,
  };
}

function auditCounts(counts: Readonly<ImportCounts>) {
  return { new: counts.NEW, updated: counts.UPDATED, unchanged: counts.UNCHANGED, transfers: counts.TRANSFER, refused: counts.REFUSED };
}

type ImportRecord = { id: string; agencyId: string | null; createdById: string | null; actorRole: Role };

/** The journal's actor of an import: its user, or Modalis (the command line). */
function actorOf(record: ImportRecord) {
  return record.createdById ? { id: record.createdById, role: record.actorRole, agencyId: record.agencyId, email: "", firstName: "", lastName: "" } : null;
}

function messageOf(error: unknown, prefix: string): string {
  if (error instanceof DomainError) return error.message;
  // The file reader's errors (RegistrationFileError) carry their French message.
  if (error instanceof Error && error.name === "RegistrationFileError") return error.message;
  return `${prefix} : erreur inattendue (${error instanceof Error ? error.message.slice(0, 200) : String(error)}). Rien n'a été importé.`;
}

async function markFailed(db: PrismaClient, importId: string, record: ImportRecord, message: string, phase: "preview" | "import"): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.registrationImport.update({ where: { id: importId }, data: { status: "FAILED", errorMessage: message, failedAt: new Date() } });
    if (phase === "preview") {
      await tx.registrationImportChunk.deleteMany({ where: { importId } });
      await tx.registrationImportRow.deleteMany({ where: { importId } });
    }
    await tx.auditEvent.create({
      data: auditRow({
        actor: actorOf(record),
        action: "registrations.failed",
        agencyId: record.agencyId,
        subjectType: "RegistrationImport",
        subjectId: importId,
        metadata: { phase },
      }),
      select: { id: true },
    });
  });
}

/** A refused row's identity as written, bounded (it is shown and reported, never imported). */
function rawFields(raw: RawIdentity | undefined): StoredRow["fields"] {
  if (!raw) return {};
  const cut = (value: string | null) => (value === null ? undefined : value.slice(0, 100));
  return {
    franceTravailId: cut(raw.franceTravailId),
    lastName: cut(raw.lastName),
    firstName: cut(raw.firstName),
    postalCode: cut(raw.postalCode),
    commune: cut(raw.commune),
  };
}

async function classifyBatch(
  db: PrismaClient,
  batch: CheckedRow[],
  context: { finder: AgencyFinder; codes: Map<string, string>; seen: Set<string>; scopeAgencyId: string | null },
): Promise<StoredRow[]> {
  const valid = batch.filter((row): row is Extract<CheckedRow, { ok: true }> => row.ok);
  const seekers = await existingSeekers(db, [...new Set(valid.map((row) => row.registrant.franceTravailId))]);
  return batch.map((row): StoredRow => {
    const refused = (reason: string): StoredRow => ({
      rowNumber: row.rowNumber,
      outcome: "REFUSED",
      reason,
      changes: [],
      reopens: false,
      fields: row.ok ? { ...row.registrant, commune: row.registrant.commune ?? undefined } : rawFields(row.raw),
      agencyId: null,
      seekerId: null,
      seekerVersion: null,
    });
    if (!row.ok) return refused(row.reason);
    const registrant = row.registrant;
    if (context.seen.has(registrant.franceTravailId)) return refused(DUPLICATE_ROW);
    context.seen.add(registrant.franceTravailId);
    // The agency: the one the row names, else the postcode's commune.
    const agencyCode = "agencyCode" in registrant ? registrant.agencyCode : null;
    let territoryAgencyId: string;
    let commune = registrant.commune;
    if (agencyCode) {
      const id = context.codes.get(agencyCode.toUpperCase());
      if (!id) return refused(`agence « ${agencyCode} » inconnue`);
      territoryAgencyId = id;
    } else {
      const found = context.finder(registrant.postalCode, registrant.commune);
      if ("reason" in found) return refused(found.reason);
      territoryAgencyId = found.agencyId;
      commune = commune ?? found.commune ?? null;
    }
    if (!commune) return refused(`commune manquante pour le code postal ${registrant.postalCode}`);
    const fields: RegistrantFields = { ...registrant, commune };
    const seeker = seekers.get(registrant.franceTravailId) ?? null;
    const outcome: Classification = classifyRegistrant({ row: fields, seeker, territoryAgencyId, scopeAgencyId: context.scopeAgencyId });
    if (outcome.outcome === "REFUSED") return { ...refused(outcome.reason), seekerId: seeker?.id ?? null };
    return {
      rowNumber: row.rowNumber,
      outcome: outcome.outcome,
      reason: "reason" in outcome && outcome.reason ? outcome.reason : null,
      changes: "changes" in outcome ? outcome.changes : [],
      reopens: outcome.outcome === "UPDATED" && outcome.reopens,
      fields,
      agencyId: outcome.agencyId,
      seekerId: seeker?.id ?? null,
      seekerVersion: seeker?.updatedAt ?? null,
    };
  });
}

/**
 * Accepts the confirmation of a PREVIEWED import (the file's hash must be the preview's, the preview young enough)
 * and marks it IMPORTING; the import itself is `runRegistrationImport` (a job, or at once on the command line).
 * Refusals throw a French DomainError; a preview too old is marked STALE.
 */
export async function confirmRegistrationImport(db: PrismaClient, input: { importId: string; sha256: string; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  const record = await db.registrationImport.findUnique({ where: { id: input.importId } });
  if (!record) throw new DomainError("NOT_FOUND", "Import introuvable.");
  if (record.status === "IMPORTED") throw new DomainError("CONFLICT", "Ce fichier est déjà importé.");
  if (record.status === "IMPORTING") throw new DomainError("CONFLICT", "L'import de ce fichier est déjà en cours.");
  if (record.status !== "PREVIEWED") throw new DomainError("CONFLICT", "Cet import ne peut plus être confirmé : refaites l'aperçu.");
  if (input.sha256.toLowerCase() !== record.sha256) throw new DomainError("INVALID", CHANGED_FILE_MESSAGE);
  if (!record.previewedAt || now.getTime() - record.previewedAt.getTime() > PREVIEW_MAX_AGE_MS) {
    await db.registrationImport.update({ where: { id: record.id }, data: { status: "STALE", errorMessage: TOO_OLD_MESSAGE } });
    throw new DomainError("CONFLICT", TOO_OLD_MESSAGE);
  }
  const marked = await db.registrationImport.updateMany({
    where: { id: record.id, status: "PREVIEWED" },
    data: { status: "IMPORTING", importStartedAt: now, errorMessage: null },
  });
  if (marked.count !== 1) throw new DomainError("CONFLICT", "L'import de ce fichier est déjà en cours.");
}

export type ImportResult =
  { status: "IMPORTED"; counts: ImportCounts; agencies: string[]; bookingJobs: number } | { status: "STALE" | "FAILED"; message: string } | null;

export type ImportOptions = {
  now?: Date;
  /** The lifecycle's `transferSeekerInTransaction` (src/server/use-cases/seeker-transfer.ts). */
  transfer?: TransferSeeker;
  /** Tests: runs inside the import transaction after the writes, before the commit (a failure injected there). */
  beforeCommit?: (tx: Tx) => Promise<void>;
};

/**
 * Imports an IMPORTING import exactly as previewed, in one transaction; marks it IMPORTED, STALE or FAILED. On any
 * other status it does nothing (a job worked twice). After the commit, the first interviews of the agencies that
 * received seekers are booked by a job per agency (sent in the transaction), or — no job queue installed — the
 * caller books them (`agencies`).
 */
export async function runRegistrationImport(db: PrismaClient, importId: string, options: ImportOptions = {}): Promise<ImportResult> {
  const record = await db.registrationImport.findUnique({ where: { id: importId } });
  if (!record || record.status !== "IMPORTING") return null;
  const now = options.now ?? new Date();
  const today = dateText(record.today)!;
  try {
    const result = await db.$transaction(
      async (tx) => {
        // The server's statement limit is for interactive requests; a regional file takes longer.
        await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = '10min'`);
        // The import's row lock, held to the commit: a second run (a job retried while this one still runs) waits,
        // then finds it IMPORTED; the recovery at worker start skips it (src/server/jobs/registration-imports.ts).
        const [locked] = await tx.$queryRawUnsafe<{ status: string }[]>(
          `SELECT "status"::text AS "status" FROM "RegistrationImport" WHERE "id" = $1::uuid FOR UPDATE`,
          importId,
        );
        if (locked?.status !== "IMPORTING") return null;
        await checkFresh(tx, importId);
        const counts = await importRows(tx, importId, record, now, today, options.transfer);
        await tx.registrationImport.update({
          where: { id: importId },
          data: { status: "IMPORTED", importedAt: now, errorMessage: null },
        });
        await tx.auditEvent.create({
          data: auditRow({
            actor: actorOf(record),
            action: "registrations.imported",
            agencyId: record.agencyId,
            subjectType: "RegistrationImport",
            subjectId: importId,
            metadata: auditCounts(counts),
          }),
          select: { id: true },
        });
        const agencies = (
          await tx.$queryRawUnsafe<{ agencyId: string }[]>(
            `SELECT DISTINCT "agencyId"::text AS "agencyId" FROM "RegistrationImportRow"
              WHERE "importId" = $1::uuid AND ("outcome" = 'NEW' OR "reopens" OR "outcome" = 'TRANSFER') ORDER BY 1`,
            importId,
          )
        ).map((row) => row.agencyId);
        let bookingJobs = 0;
        for (const agencyId of agencies) {
          if (await sendInTransaction(tx, FIRST_INTERVIEWS_QUEUE, { agencyId })) bookingJobs += 1;
        }
        await options.beforeCommit?.(tx);
        return { status: "IMPORTED" as const, counts, agencies, bookingJobs };
      },
      { maxWait: 60_000, timeout: 15 * 60_000 },
    );
    return result;
  } catch (error) {
    // A crash stand-in (tests): the process would be gone, the import left IMPORTING for the job's retry.
    if (error instanceof SimulatedCrash) throw error;
    if (error instanceof StalePreviewError) {
      await db.registrationImport.update({ where: { id: importId }, data: { status: "STALE", errorMessage: STALE_MESSAGE, failedAt: new Date() } });
      return { status: "STALE", message: STALE_MESSAGE };
    }
    const message = `L'import a échoué, rien n'a été importé : ${messageOf(error, "erreur").replace(/ Rien n'a été importé\.$/, "")}`;
    await markFailed(db, importId, record, message, "import");
    return { status: "FAILED", message };
  }
}

/** Locks every seeker the preview saw and refuses (rolls back) if one changed, or a NEW row's identifier now exists. */
async function checkFresh(tx: Tx, importId: string): Promise<void> {
  const [changed] = await tx.$queryRawUnsafe<{ count: number }[]>(
    `WITH locked AS (
       SELECT s."updatedAt", r."seekerVersion" FROM "Seeker" s
         JOIN "RegistrationImportRow" r ON r."seekerId" = s."id"
        WHERE r."importId" = $1::uuid AND r."outcome" <> 'REFUSED'
        FOR UPDATE OF s)
     SELECT count(*)::int AS "count" FROM locked WHERE "updatedAt" IS DISTINCT FROM "seekerVersion"`,
    importId,
  );
  const [taken] = await tx.$queryRawUnsafe<{ count: number }[]>(
    `SELECT count(*)::int AS "count" FROM "RegistrationImportRow" r JOIN "Seeker" s ON s."franceTravailId" = r."franceTravailId"
      WHERE r."importId" = $1::uuid AND r."outcome" = 'NEW'`,
    importId,
  );
  const [gone] = await tx.$queryRawUnsafe<{ count: number }[]>(
    `SELECT count(*)::int AS "count" FROM "RegistrationImportRow" r
      WHERE r."importId" = $1::uuid AND r."outcome" <> 'REFUSED' AND r."seekerId" IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM "Seeker" s WHERE s."id" = r."seekerId")`,
    importId,
  );
  if ((changed?.count ?? 0) + (taken?.count ?? 0) + (gone?.count ?? 0) > 0) throw new StalePreviewError();
}

async function importRows(
  tx: Tx,
  importId: string,
  record: ImportRecord,
  now: Date,
  today: IsoDate,
  transfer: TransferSeeker | undefined,
): Promise<ImportCounts> {
  const actorId = record.createdById;
  // New registrants, each with its REGISTRATION event.
  await tx.$executeRawUnsafe(
    `WITH inserted AS (
       INSERT INTO "Seeker" ("agencyId", "franceTravailId", "civility", "firstName", "lastName", "birthDate", "email", "phone", "address",
                             "commune", "postalCode", "registrationDate", "category", "status", "createdAt", "updatedAt")
       SELECT r."agencyId", r."franceTravailId", r."civility", r."firstName", r."lastName", r."birthDate", r."email", r."phone", r."address",
              r."commune", r."postalCode", r."registrationDate", r."category", 'AWAITING_DIAGNOSTIC', $2::timestamptz, $2::timestamptz
         FROM "RegistrationImportRow" r WHERE r."importId" = $1::uuid AND r."outcome" = 'NEW'
       RETURNING "id", "agencyId", "registrationDate")
     INSERT INTO "SeekerLifeEvent" ("agencyId", "seekerId", "kind", "importId", "actorId", "occurredOn", "createdAt")
     SELECT "agencyId", "id", 'REGISTRATION', $1::uuid, $3::uuid, "registrationDate", $2::timestamptz FROM inserted`,
    importId,
    now.toISOString(),
    actorId,
  );
  // Updated (and reopened) files; a transfer's other fields (its address goes with the transfer below).
  await tx.$executeRawUnsafe(
    `UPDATE "Seeker" s SET
        "civility" = COALESCE(r."civility", s."civility"),
        "firstName" = r."firstName",
        "lastName" = r."lastName",
        "birthDate" = r."birthDate",
        "email" = COALESCE(r."email", s."email"),
        "emailBouncedAt" = CASE WHEN r."email" IS NOT NULL AND r."email" IS DISTINCT FROM s."email" THEN NULL ELSE s."emailBouncedAt" END,
        "emailBounceReason" = CASE WHEN r."email" IS NOT NULL AND r."email" IS DISTINCT FROM s."email" THEN NULL ELSE s."emailBounceReason" END,
        "phone" = COALESCE(r."phone", s."phone"),
        "phoneInvalidAt" = CASE WHEN r."phone" IS NOT NULL AND r."phone" IS DISTINCT FROM s."phone" THEN NULL ELSE s."phoneInvalidAt" END,
        "phoneInvalidReason" = CASE WHEN r."phone" IS NOT NULL AND r."phone" IS DISTINCT FROM s."phone" THEN NULL ELSE s."phoneInvalidReason" END,
        "address" = CASE WHEN r."outcome" = 'TRANSFER' THEN s."address" ELSE COALESCE(r."address", s."address") END,
        "postalCode" = CASE WHEN r."outcome" = 'TRANSFER' THEN s."postalCode" ELSE r."postalCode" END,
        "commune" = CASE WHEN r."outcome" = 'TRANSFER' THEN s."commune" ELSE r."commune" END,
        "registrationDate" = r."registrationDate",
        "category" = r."category",
        "agencyId" = CASE WHEN r."reopens" THEN r."agencyId" ELSE s."agencyId" END,
        "status" = CASE WHEN r."reopens" THEN 'AWAITING_DIAGNOSTIC'::"SeekerStatus" ELSE s."status" END,
        "closedAt" = CASE WHEN r."reopens" THEN NULL ELSE s."closedAt" END,
        "exitReason" = CASE WHEN r."reopens" THEN NULL ELSE s."exitReason" END,
        "modality" = CASE WHEN r."reopens" THEN NULL ELSE s."modality" END,
        "agreedRhythmMonths" = CASE WHEN r."reopens" THEN NULL ELSE s."agreedRhythmMonths" END,
        "portfolioId" = CASE WHEN r."reopens" THEN NULL ELSE s."portfolioId" END,
        "queuedOn" = CASE WHEN r."reopens" THEN $2::date ELSE s."queuedOn" END,
        "updatedAt" = $3::timestamptz
       FROM "RegistrationImportRow" r
      WHERE r."importId" = $1::uuid AND r."outcome" IN ('UPDATED', 'TRANSFER') AND s."id" = r."seekerId"`,
    importId,
    today,
    now.toISOString(),
  );
  // Reopened files: a REOPENING event in the agency that takes them back.
  await tx.$executeRawUnsafe(
    `INSERT INTO "SeekerLifeEvent" ("agencyId", "seekerId", "kind", "importId", "actorId", "occurredOn", "createdAt")
     SELECT r."agencyId", r."seekerId", 'REOPENING', $1::uuid, $3::uuid, $2::date, $4::timestamptz
       FROM "RegistrationImportRow" r WHERE r."importId" = $1::uuid AND r."reopens"`,
    importId,
    today,
    actorId,
    now.toISOString(),
  );
  await tx.$executeRawUnsafe(
    `INSERT INTO "AuditEvent" ("agencyId", "actorId", "actorRole", "action", "subjectType", "subjectId", "seekerId", "metadata", "createdAt")
     SELECT r."agencyId", $2::uuid, $3::text::"Role", 'seeker.reopened', 'Seeker', r."seekerId"::text, r."seekerId",
            jsonb_build_object('importId', $1::text), $4::timestamptz
       FROM "RegistrationImportRow" r WHERE r."importId" = $1::uuid AND r."reopens"`,
    importId,
    actorId,
    record.actorRole,
    now.toISOString(),
  );
  // Transfers: few, one by one through the lifecycle's use case (portfolio place, appointments, queue, events).
  const transfers = await tx.registrationImportRow.findMany({
    where: { importId, outcome: "TRANSFER" },
    select: { seekerId: true, agencyId: true, address: true, postalCode: true, commune: true },
    orderBy: { rowNumber: "asc" },
  });
  if (transfers.length > 0) {
    for (const row of transfers) {
      await (transfer ?? transferSeekerInTransaction)(tx, {
        seekerId: row.seekerId!,
        toAgencyId: row.agencyId!,
        actor: { userId: record.createdById, role: record.actorRole },
        importId,
        today,
        address: { address: row.address, postalCode: row.postalCode!, commune: row.commune! },
      });
    }
  }
  const grouped = await tx.registrationImportRow.groupBy({ by: ["outcome"], where: { importId }, _count: { _all: true } });
  const counts: ImportCounts = { ...EMPTY_COUNTS };
  for (const group of grouped) counts[group.outcome] = group._count._all;
  return counts;
}
