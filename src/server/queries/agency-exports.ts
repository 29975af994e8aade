import "server-only";
import { readPrisma } from "@/server/db";
import type { Actor } from "@/server/auth/policy";
import { MODALITY_SHORT_LABELS, REVIEW_KINDS, type ReviewKind } from "@/domain";
import { csvDate, toCsv, type CsvCell } from "@/lib/csv";
import type { Modality } from "@/generated/prisma/client";
import { agencyLoads } from "./agency-loads";
import { openAgency, type AgencyContext } from "./agency-context";
import { reviewRows } from "./review-states";
import { agencyMovements } from "./movements";
import { EXIT_REASON_LABELS, EXIT_REASONS } from "@/lib/labels";
import { monthLabel } from "@/lib/format";

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
  for (const modality of Object.keys(loads.totals) as Modality[]) {
    const total = loads.totals[modality];
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
