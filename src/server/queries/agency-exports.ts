import "server-only";
import { readPrisma } from "@/server/db";
import type { Actor } from "@/server/auth/policy";
import {
  compareDates,
  contractDueDate,
  INTENSITY_LABELS,
  MODALITY_SHORT_LABELS,
  PARCOURS_LABELS,
  REFERENT_LABELS,
  REVIEW_KINDS,
  rsaOrientationDueDate,
  type ReviewKind,
} from "@/domain";
import { csvDate, toCsv, type CsvCell } from "@/lib/csv";
import type { Modality } from "@/generated/prisma/client";
import { agencyLoads } from "./agency-loads";
import { openAgency, type AgencyContext } from "./agency-context";
import { reviewRows } from "./review-states";
import { agencyMovements } from "./movements";
import { EXIT_REASON_LABELS, EXIT_REASONS } from "@/lib/labels";
import { monthLabel } from "@/lib/format";
import { orientationExportRows, type OrientationExportRow } from "./offer-2025-dashboard";

/** The manager's CSV exports (French Excel: see src/lib/csv.ts). Null when the actor may not read the agency. */

export type CsvExport = { agencyId: string; fileName: string; body: string; rowCount: number };

/** « 18-11-2026 »: the agency's today, for file names. */
function fileDate(agency: AgencyContext): string {
  return csvDate(agency.today).replaceAll("/", "-");
}

/** A fill rate in percent with one decimal (« 93,3 »), empty without a cap. */
function fillRate(load: number, cap: number): number | null {
  return cap > 0 ? Math.round((load / cap) * 1000) / 10 : null;
}

const LOADS_HEADER = ["Conseiller·ère", "Modalité", "Demandeurs", "Plafond", "Taux de remplissage (%)"] as const;

/** Every portfolio's load against its cap, then one « Total » line per modality. */
export async function loadsExport(actor: Actor, agencyId: string, options: { now?: Date } = {}): Promise<CsvExport | null> {
  const db = await readPrisma();
  const agency = await openAgency(db, actor, agencyId, options.now ?? new Date());
  if (!agency) return null;
  const loads = await agencyLoads(actor, agency.id);
  if (!loads) return null;
  const rows: CsvCell[][] = loads.portfolios.map((row) => [
    row.advisorName,
    MODALITY_SHORT_LABELS[row.modality],
    row.load,
    row.cap,
    fillRate(row.load, row.cap),
  ]);
  for (const [modality, total] of Object.entries(loads.totals) as [Modality, { load: number; cap: number }][]) {
    rows.push(["Total", MODALITY_SHORT_LABELS[modality], total.load, total.cap, fillRate(total.load, total.cap)]);
  }
  return {
    agencyId: agency.id,
    fileName: `charges-${agency.code}-${fileDate(agency)}.csv`,
    body: toCsv(LOADS_HEADER, rows),
    rowCount: loads.portfolios.length,
  };
}

const OVERDUE_REVIEWS_HEADER = [
  "Identifiant",
  "Nom",
  "Prénom",
  "Bilan",
  "Conseiller·ère",
  "Début de la fenêtre",
  "Fin de la fenêtre",
  "Jours de retard",
] as const;

/** The OVERDUE reviews of the agency (M4 then M9, each in name order), or of one kind. */
export async function overdueReviewsExport(actor: Actor, agencyId: string, options: { now?: Date; kind?: ReviewKind | null } = {}): Promise<CsvExport | null> {
  const db = await readPrisma();
  const agency = await openAgency(db, actor, agencyId, options.now ?? new Date());
  if (!agency) return null;
  const kinds: readonly ReviewKind[] = options.kind ? [options.kind] : REVIEW_KINDS;
  const rows: CsvCell[][] = [];
  for (const kind of kinds) {
    for (const row of await reviewRows(db, agency, { kind, state: "OVERDUE", limit: null })) {
      rows.push([
        row.franceTravailId,
        row.lastName,
        row.firstName,
        kind,
        row.advisor?.name ?? null,
        csvDate(row.window.from),
        csvDate(row.window.to),
        row.daysOverdue,
      ]);
    }
  }
  return {
    agencyId: agency.id,
    fileName: `bilans-${options.kind ? `${options.kind}-` : ""}en-retard-${agency.code}-${fileDate(agency)}.csv`,
    body: toCsv(OVERDUE_REVIEWS_HEADER, rows),
    rowCount: rows.length,
  };
}

const MOVEMENTS_HEADER = [
  "Mois",
  "Inscriptions",
  "Arrivées par transfert",
  "Réouvertures",
  "Total des entrées",
  ...EXIT_REASONS.map((reason) => `Sorties : ${EXIT_REASON_LABELS[reason].toLowerCase()}`),
  "Départs par transfert",
  "Total des sorties",
] as const;

/** Entries and exits of the last twelve months, one line per month, then the period's total. */
export async function movementsExport(actor: Actor, agencyId: string, options: { now?: Date } = {}): Promise<CsvExport | null> {
  const movements = await agencyMovements(actor, agencyId, options);
  if (!movements) return null;
  const line = (label: string, m: (typeof movements)["total"]): CsvCell[] => [
    label,
    m.entries.REGISTRATION,
    m.entries.TRANSFER_IN,
    m.entries.REOPENING,
    m.entries.total,
    ...EXIT_REASONS.map((reason) => m.exits[reason]),
    m.exits.TRANSFER_OUT,
    m.exits.total,
  ];
  const rows = [...movements.months.map((m) => line(monthLabel(m.month), m)), line("Total", movements.total)];
  return {
    agencyId: movements.agency.id,
    fileName: `mouvements-${movements.agency.code}-${fileDate(movements.agency)}.csv`,
    body: toCsv(MOVEMENTS_HEADER, rows),
    rowCount: movements.months.length,
  };
}

/**
 * The oriented seekers of an agency on the 2025 offer (one row each, by name; only the header on the 2014 offer).
 * Never the RQTH nor anything of the situation or the diagnostic: special-category data stays out of files.
 */
export const ORIENTATIONS_2025_HEADER = [
  "Identifiant",
  "Nom",
  "Prénom",
  "Parcours",
  "Organisme référent",
  "Intensité",
  "Binôme",
  "Décidé par",
  "Notifié le",
  "Contrat dû le",
  "Contrat signé le",
  "Statut",
] as const;

/** The row's status in words: the département's pending proposal, the contract (France Travail) or the other organisme. */
function orientationStatus(row: OrientationExportRow, dueOn: string | null, today: string): string {
  if (!row.decided) {
    return compareDates(today, rsaOrientationDueDate(row.orientedOn)) > 0
      ? "Proposition au département, délai de 6 semaines dépassé"
      : "Proposition transmise au département";
  }
  if (row.firstSigned !== null) return "Contrat signé";
  if (row.referent !== "FRANCE_TRAVAIL") return `Orienté vers ${REFERENT_LABELS[row.referent]}`;
  return dueOn !== null && compareDates(today, dueOn) > 0 ? "Contrat en retard" : "Contrat à signer";
}

export async function orientations2025Export(actor: Actor, agencyId: string, options: { now?: Date } = {}): Promise<CsvExport | null> {
  const db = await readPrisma();
  const agency = await openAgency(db, actor, agencyId, options.now ?? new Date());
  if (!agency) return null;
  const found = agency.offer === "OFFRE_2025" ? await orientationExportRows(db, agency) : [];
  const rows: CsvCell[][] = found.map((row) => {
    const dueOn = row.notified === null ? null : contractDueDate({ notifiedOn: row.notified, departement: agency.departement });
    return [
      row.franceTravailId,
      row.lastName,
      row.firstName,
      PARCOURS_LABELS[row.parcours],
      REFERENT_LABELS[row.referent],
      row.intensity === null ? null : INTENSITY_LABELS[row.intensity],
      row.tandem ? "Oui" : "Non",
      row.decided ? (row.decidedBy === "DEPARTEMENT" ? "Département" : "France Travail") : "En attente du département",
      row.notified === null ? null : csvDate(row.notified),
      dueOn === null ? null : csvDate(dueOn),
      row.firstSigned === null ? null : csvDate(row.firstSigned),
      orientationStatus(row, dueOn, agency.today),
    ];
  });
  return {
    agencyId: agency.id,
    fileName: `orientations-2025-${agency.code}-${fileDate(agency)}.csv`,
    body: toCsv(ORIENTATIONS_2025_HEADER, rows),
    rowCount: rows.length,
  };
}
