/** Read-only views of the registration imports (issue 17): the list an importer may see, and one import's rows. */
import "server-only";
import type { RegistrationRowOutcome } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/policy";
import { hasPermission } from "@/server/auth/policy";
import { prisma } from "@/server/db";
import { importInScope } from "@/server/imports/scope";
import { pageWindow } from "./pagination";

export const IMPORT_ROWS_PAGE_SIZE = 50;
const LIST_SIZE = 30;

export type ImportSummary = {
  id: string;
  fileName: string;
  fileSize: number;
  sha256: string;
  format: "CSV" | "XLSX";
  status: "PREVIEWING" | "PREVIEWED" | "IMPORTING" | "IMPORTED" | "FAILED" | "STALE";
  agencyId: string | null;
  agencyName: string | null;
  rowsRead: number;
  rowsTotal: number | null;
  counts: Record<RegistrationRowOutcome, number>;
  errorMessage: string | null;
  createdAt: Date;
  previewedAt: Date | null;
  importedAt: Date | null;
  byCommandLine: boolean;
};

const SUMMARY_SELECT = {
  id: true,
  fileName: true,
  fileSize: true,
  sha256: true,
  format: true,
  status: true,
  agencyId: true,
  createdById: true,
  rowsRead: true,
  rowsTotal: true,
  newCount: true,
  updatedCount: true,
  unchangedCount: true,
  transferCount: true,
  refusedCount: true,
  errorMessage: true,
  createdAt: true,
  previewedAt: true,
  importedAt: true,
} as const;

type Row = { [K in keyof typeof SUMMARY_SELECT]: unknown } & Record<string, unknown>;

async function summaries(rows: Row[]): Promise<ImportSummary[]> {
  const db = await prisma();
  const ids = [...new Set(rows.map((r) => r.agencyId as string | null).filter((id): id is string => id !== null))];
  const agencies = new Map((await db.agency.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((a) => [a.id, a.name]));
  return rows.map((r) => ({
    id: r.id as string,
    fileName: r.fileName as string,
    fileSize: Number(r.fileSize),
    sha256: r.sha256 as string,
    format: r.format as ImportSummary["format"],
    status: r.status as ImportSummary["status"],
    agencyId: r.agencyId as string | null,
    agencyName: r.agencyId ? (agencies.get(r.agencyId as string) ?? null) : null,
    rowsRead: r.rowsRead as number,
    rowsTotal: r.rowsTotal as number | null,
    counts: {
      NEW: r.newCount as number,
      UPDATED: r.updatedCount as number,
      UNCHANGED: r.unchangedCount as number,
      TRANSFER: r.transferCount as number,
      REFUSED: r.refusedCount as number,
    },
    errorMessage: r.errorMessage as string | null,
    createdAt: r.createdAt as Date,
    previewedAt: r.previewedAt as Date | null,
    importedAt: r.importedAt as Date | null,
    byCommandLine: r.createdById === null,
  }));
}

/** The latest imports the actor may see: a manager's agency's, every one for the administrator. */
export async function registrationImports(actor: Actor): Promise<ImportSummary[] | null> {
  if (!hasPermission(actor, "registrations:import")) return null;
  if (actor.role !== "ADMIN" && !actor.agencyId) return null;
  const db = await prisma();
  const rows = await db.registrationImport.findMany({
    where: actor.role === "ADMIN" ? {} : { agencyId: actor.agencyId },
    orderBy: { createdAt: "desc" },
    take: LIST_SIZE,
    select: SUMMARY_SELECT,
  });
  return summaries(rows);
}

export type ImportRowView = {
  rowNumber: number;
  outcome: RegistrationRowOutcome;
  reason: string | null;
  franceTravailId: string | null;
  lastName: string | null;
  firstName: string | null;
  postalCode: string | null;
  commune: string | null;
};

/** One import and a page of its rows (optionally of one outcome), or null when out of the actor's scope. */
export async function registrationImport(
  actor: Actor,
  importId: string,
  options: { page?: number; outcome?: RegistrationRowOutcome } = {},
): Promise<{ summary: ImportSummary; rows: ImportRowView[]; page: number; pageCount: number; total: number } | null> {
  if (!hasPermission(actor, "registrations:import")) return null;
  const db = await prisma();
  const record = await db.registrationImport.findUnique({ where: { id: importId }, select: SUMMARY_SELECT });
  if (!record || !importInScope({ role: actor.role, agencyId: actor.agencyId }, record)) return null;
  const [summary] = await summaries([record]);
  const where = { importId, ...(options.outcome ? { outcome: options.outcome } : {}) };
  const total = await db.registrationImportRow.count({ where });
  const { page, pageCount, offset } = pageWindow(total, options.page, IMPORT_ROWS_PAGE_SIZE);
  const rows = await db.registrationImportRow.findMany({
    where,
    orderBy: { rowNumber: "asc" },
    skip: offset,
    take: IMPORT_ROWS_PAGE_SIZE,
    select: { rowNumber: true, outcome: true, reason: true, franceTravailId: true, lastName: true, firstName: true, postalCode: true, commune: true },
  });
  return { summary: summary!, rows, page, pageCount, total };
}

/** The agencies the administrator may import for (the upload form's choice); null for a manager (their own only). */
export async function importAgencyChoices(actor: Actor): Promise<{ id: string; name: string }[] | null> {
  if (actor.role !== "ADMIN") return null;
  const db = await prisma();
  return db.agency.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
}
