/**
 * Entries and exits per month (docs/rules.md#exits-reopening-and-transfers): the months of the manager's table, in the
 * agency's calendar, and the counts folded into them. Entries: registrations, arrivals by transfer and reopenings;
 * exits: closings by reason and departures by transfer.
 */
import { addMonths, type IsoDate, parseDate } from "./dates";

/** A calendar month, `YYYY-MM`. */
export type IsoMonth = string;

export const MOVEMENT_MONTHS = 12;

export const ENTRY_KINDS = ["REGISTRATION", "TRANSFER_IN", "REOPENING"] as const;
export const EXIT_KINDS = ["EXIT", "TRANSFER_OUT"] as const;
export const EXIT_REASON_CODES = [
  "REPRISE_EMPLOI",
  "ENTREE_FORMATION",
  "RADIATION",
  "CHANGEMENT_SITUATION",
  "DEMENAGEMENT_HORS_TERRITOIRE",
  "FIN_INSCRIPTION",
] as const;

export type EntryKind = (typeof ENTRY_KINDS)[number];
export type ExitReasonCode = (typeof EXIT_REASON_CODES)[number];
export type MovementKind = EntryKind | (typeof EXIT_KINDS)[number];

/** The first day of the month of `date`. */
export function monthOf(date: IsoDate): IsoMonth {
  const [year, month] = parseDate(date);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
}

/** The `count` months ending with today's, oldest first (`2026-04` … `2027-03` for a today in March 2027). */
export function lastMonths(today: IsoDate, count: number = MOVEMENT_MONTHS): IsoMonth[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`Nombre de mois invalide : ${String(count)}.`);
  const first = `${monthOf(today)}-01`;
  return Array.from({ length: count }, (_, i) => monthOf(addMonths(first, i - count + 1)));
}

export type MonthMovements = {
  month: IsoMonth;
  entries: Record<EntryKind, number> & { total: number };
  exits: Record<ExitReasonCode, number> & { TRANSFER_OUT: number; total: number };
};

/** One counted group of life events (the database's GROUP BY): month, kind, exit reason. */
export type MovementCount = { month: IsoMonth; kind: MovementKind; exitReason: ExitReasonCode | null; n: number };

const zeroEntries = () => ({ REGISTRATION: 0, TRANSFER_IN: 0, REOPENING: 0, total: 0 });
const zeroExits = () => ({ ...(Object.fromEntries(EXIT_REASON_CODES.map((r) => [r, 0])) as Record<ExitReasonCode, number>), TRANSFER_OUT: 0, total: 0 });

/** The counts folded into the months (every month present, zero when nothing happened), and the period's totals. */
export function foldMovements(months: readonly IsoMonth[], counts: readonly MovementCount[]): { months: MonthMovements[]; total: MonthMovements } {
  const rows = new Map<IsoMonth, MonthMovements>(months.map((month) => [month, { month, entries: zeroEntries(), exits: zeroExits() }]));
  const total: MonthMovements = { month: "", entries: zeroEntries(), exits: zeroExits() };
  for (const count of counts) {
    const row = rows.get(count.month);
    if (!row) continue;
    for (const target of [row, total]) {
      if (count.kind === "EXIT") {
        if (count.exitReason === null) continue;
        target.exits[count.exitReason] += count.n;
        target.exits.total += count.n;
      } else if (count.kind === "TRANSFER_OUT") {
        target.exits.TRANSFER_OUT += count.n;
        target.exits.total += count.n;
      } else {
        target.entries[count.kind] += count.n;
        target.entries.total += count.n;
      }
    }
  }
  return { months: [...rows.values()], total };
}
