/**
 * The per-row report of a registration import (CSV, as French Excel opens it): each row of the file, what the import
 * does (or did) with it and why. Written page by page (keyset on the row number): a 150 000-row report never sits
 * whole in memory. Used by the download route and by `npm run import`.
 */
import { OUTCOME_LABELS } from "@/domain/registration-outcome";
import type { PrismaClient, RegistrationRowOutcome } from "@/generated/prisma/client";
import { CSV_START, csvDate, csvLine } from "@/lib/csv";

const PAGE = 5_000;

export const REPORT_HEADER = ["Ligne", "Résultat", "Motif ou changements", "Identifiant", "Nom", "Prénom", "Code postal", "Commune", "Agence"] as const;

/** The report's lines (the first starts with the byte-order mark), optionally of one outcome only. */
export async function* registrationReport(db: PrismaClient, importId: string, outcome?: RegistrationRowOutcome): AsyncGenerator<string> {
  const agencies = new Map((await db.agency.findMany({ select: { id: true, code: true } })).map((a) => [a.id, a.code]));
  yield CSV_START + csvLine(REPORT_HEADER);
  let after = 0;
  for (;;) {
    const rows = await db.registrationImportRow.findMany({
      where: { importId, rowNumber: { gt: after }, ...(outcome ? { outcome } : {}) },
      orderBy: { rowNumber: "asc" },
      take: PAGE,
      select: {
        rowNumber: true,
        outcome: true,
        reason: true,
        franceTravailId: true,
        lastName: true,
        firstName: true,
        postalCode: true,
        commune: true,
        agencyId: true,
      },
    });
    if (rows.length === 0) return;
    let page = "";
    for (const row of rows) {
      page += csvLine([
        row.rowNumber,
        OUTCOME_LABELS[row.outcome],
        row.reason,
        row.franceTravailId,
        row.lastName,
        row.firstName,
        row.postalCode,
        row.commune,
        row.agencyId ? (agencies.get(row.agencyId) ?? null) : null,
      ]);
    }
    yield page;
    after = rows[rows.length - 1]!.rowNumber;
  }
}

/** « 12/03/2026 » of a report's file name date. */
export function reportFileName(fileName: string, createdAt: Date): string {
  return `rapport-${fileName.replace(/\.[^.]*$/, "")}-${csvDate(createdAt.toISOString().slice(0, 10)).replaceAll("/", "-")}.csv`;
}
