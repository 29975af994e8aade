/**
 * Use cases « importer des inscriptions » (issue 17, docs/rules.md#registration-imports): who may import for which
 * agency, then the pipeline (src/server/imports/pipeline.ts) run as jobs of the job queue — or at once when no queue
 * is installed on the database (tests, a PostgreSQL server whose first `npm run worker` has not run).
 *
 * Scope: a manager imports for their own agency only (the file's rows of other territories become transfers of their
 * own seekers, or are refused); the administrator imports for a chosen agency, or a multi-agency file (no agency).
 */
import { localDateOf, timeZoneOf } from "@/domain";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/policy";
import { requirePermission } from "@/server/auth/row-scope";
import { DomainError } from "@/server/errors";
import {
  confirmRegistrationImport,
  runRegistrationImport,
  runRegistrationPreview,
  storeRegistrationFile,
  type ImportResult,
  type Importer,
  type RegistrationReader,
} from "@/server/imports/pipeline";
import { importInScope } from "@/server/imports/scope";
import { sendInTransaction } from "@/server/jobs/send-in-transaction";
import { bookAgencyFirstInterviews } from "./first-interviews";
import { databaseOf, nowOf, parseInput, type UseCaseOptions } from "./kit";
import { confirmImportSchema, startImportSchema } from "./registration-imports.schema";

export const PREVIEW_QUEUE = "registrations.preview";
export const IMPORT_QUEUE = "registrations.import";

const FORBIDDEN = "Seul·e le ou la responsable de l'agence (ou l'administrateur) peut importer des inscriptions.";
const NOT_FOUND = "Import introuvable.";

export type ImportUseCaseOptions = UseCaseOptions & {
  /** The file reader (import-parse's, by default). */
  reader?: RegistrationReader;
  /** Run the preview and the import here rather than as jobs (the command line). */
  inline?: boolean;
};

/** The system actor of the command line: the administrator's rights, no user. */
export const SYSTEM_IMPORTER: Importer = { userId: null, role: "ADMIN", agencyId: null };

function importerOf(actor: Actor): Importer {
  return { userId: actor.id, role: actor.role, agencyId: actor.agencyId };
}

async function defaultReader(): Promise<RegistrationReader> {
  const { registrationReader } = await import("@/server/imports/reader");
  return registrationReader;
}

/** The agency the import is for: a manager's own; the administrator's choice (or none). */
async function importAgency(db: PrismaClient, importer: Importer, agencyId: string | null | undefined) {
  if (importer.role === "MANAGER") {
    if (!importer.agencyId || (agencyId && agencyId !== importer.agencyId))
      throw new DomainError("FORBIDDEN", "Vous ne pouvez importer des inscriptions que pour votre agence.");
    agencyId = importer.agencyId;
  } else if (importer.role !== "ADMIN") {
    throw new DomainError("FORBIDDEN", FORBIDDEN);
  }
  if (!agencyId) return null;
  const agency = await db.agency.findUnique({ where: { id: agencyId }, select: { id: true, departement: true } });
  if (!agency) throw new DomainError("NOT_FOUND", "Agence introuvable.");
  return agency;
}

/**
 * Stores the uploaded file (streamed, size-limited) and starts its preview: a job, or here (no queue, or `inline`).
 * `actor` null: the command line's system actor.
 */
export async function startRegistrationImport(
  actor: Actor | null,
  rawInput: unknown,
  source: AsyncIterable<Uint8Array>,
  options: ImportUseCaseOptions & { onProgress?: (rowsRead: number) => void; maxBytes?: number } = {},
): Promise<{ importId: string; sha256: string; queued: boolean }> {
  const input = parseInput(startImportSchema, rawInput);
  if (actor) requirePermission(actor, "registrations:import", FORBIDDEN);
  const importer = actor ? importerOf(actor) : SYSTEM_IMPORTER;
  const db = await databaseOf(options);
  const agency = await importAgency(db, importer, input.agencyId);
  const today = localDateOf(nowOf(options).toISOString(), timeZoneOf(agency?.departement ?? "75"));
  const stored = await storeRegistrationFile(db, {
    importer,
    agencyId: agency?.id ?? null,
    fileName: input.fileName,
    source,
    today,
    maxBytes: options.maxBytes,
  });
  const queued = !options.inline && (await db.$transaction((tx) => sendInTransaction(tx, PREVIEW_QUEUE, { importId: stored.importId }))) !== null;
  if (!queued) {
    await runRegistrationPreview(db, stored.importId, {
      reader: options.reader ?? (await defaultReader()),
      now: nowOf(options),
      onProgress: options.onProgress,
    });
  }
  return { importId: stored.importId, sha256: stored.sha256, queued };
}

/**
 * Confirms a previewed import (« Importer ces N lignes »): the file's hash must be the preview's. The import runs as a
 * job, or here (no queue, or `inline`), then books the first interviews of the agencies that received seekers.
 */
export async function confirmRegistrationImportAs(
  actor: Actor | null,
  rawInput: unknown,
  options: ImportUseCaseOptions = {},
): Promise<{ queued: boolean; result: ImportResult }> {
  const input = parseInput(confirmImportSchema, rawInput);
  if (actor) requirePermission(actor, "registrations:import", FORBIDDEN);
  const importer = actor ? importerOf(actor) : SYSTEM_IMPORTER;
  const db = await databaseOf(options);
  const record = await db.registrationImport.findUnique({ where: { id: input.importId }, select: { agencyId: true } });
  if (!record || !importInScope(importer, record)) throw new DomainError("NOT_FOUND", NOT_FOUND);
  await confirmRegistrationImport(db, { importId: input.importId, sha256: input.sha256, now: nowOf(options) });
  const queued = !options.inline && (await db.$transaction((tx) => sendInTransaction(tx, IMPORT_QUEUE, { importId: input.importId }))) !== null;
  if (queued) return { queued, result: null };
  return { queued, result: await importAndBook(db, input.importId, options) };
}

/** Imports, then books the first interviews here of the agencies no booking job was sent for (no queue installed). */
export async function importAndBook(db: PrismaClient, importId: string, options: UseCaseOptions = {}): Promise<ImportResult> {
  const result = await runRegistrationImport(db, importId, { now: options.now });
  if (result?.status === "IMPORTED" && result.bookingJobs === 0) {
    for (const agencyId of result.agencies) await bookAgencyFirstInterviews({ db, agencyId, now: options.now });
  }
  return result;
}
