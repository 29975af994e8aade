/**
 * Triage campaigns (« jour de tri », docs/rules.md#triage-campaigns): which followed files a campaign takes, how they
 * are shared among advisors, and what it changed. Pure rules: the use cases read the files and apply them.
 */
import { addMonths, compareDates, type IsoDate } from "./dates";
import { MODALITIES, type Modality } from "./modalities";

/** Longest « pas re-diagnostiqués depuis N mois » a selection accepts. */
export const CAMPAIGN_MONTHS_MAX = 120;
/** Most files one campaign takes (a whole large agency). */
export const CAMPAIGN_FILES_MAX = 20_000;

/** The filters a campaign is built from; none: the whole agency's followed files. */
export interface CampaignSelection {
  /** Only the files of this modality. */
  modality?: Modality;
  /** Only the files whose last diagnostic is older than this many months (strictly before today − N months). */
  notRediagnosedMonths?: number;
  /** Only the files of this advisor's portfolios. */
  advisorId?: string;
}

/** A followed file as the selection and the split read it. */
export interface CampaignCandidate {
  seekerId: string;
  modality: Modality;
  /** The advisor of the file's portfolio. */
  advisorId: string;
  /** The local date of the last diagnostic; null when none is recorded. */
  lastDiagnosticOn: IsoDate | null;
}

/** The day before which a last diagnostic makes a file « not re-diagnosed for N months »: today − N months. */
export function rediagnosisThreshold(today: IsoDate, months: number): IsoDate {
  return addMonths(today, -months);
}

/** True when the file matches every filter of the selection. */
export function isSelected(file: CampaignCandidate, selection: CampaignSelection, today: IsoDate): boolean {
  if (selection.modality !== undefined && file.modality !== selection.modality) return false;
  if (selection.advisorId !== undefined && file.advisorId !== selection.advisorId) return false;
  if (selection.notRediagnosedMonths !== undefined) {
    const threshold = rediagnosisThreshold(today, selection.notRediagnosedMonths);
    if (file.lastDiagnosticOn !== null && compareDates(file.lastDiagnosticOn, threshold) >= 0) return false;
  }
  return true;
}

/** Oldest diagnostic first (never diagnosed first of all), then by seeker id: the order files are worked through. */
export function byOldestDiagnostic<F extends { seekerId: string; lastDiagnosticOn: IsoDate | null }>(a: F, b: F): number {
  if (a.lastDiagnosticOn !== b.lastDiagnosticOn) {
    if (a.lastDiagnosticOn === null) return -1;
    if (b.lastDiagnosticOn === null) return 1;
    return compareDates(a.lastDiagnosticOn, b.lastDiagnosticOn);
  }
  return a.seekerId < b.seekerId ? -1 : a.seekerId > b.seekerId ? 1 : 0;
}

/** How files are shared: each with its portfolio's advisor, or evenly among chosen advisors. */
export type CampaignSplit = { mode: "PORTFOLIO" } | { mode: "EVEN"; advisorIds: readonly string[] };

/** A manager's adjustment: `count` files of `fromAdvisorId`'s share go to `toAdvisorId`. */
export interface CampaignMove {
  fromAdvisorId: string;
  toAdvisorId: string;
  count: number;
}

/**
 * Who re-examines each file (seeker id → advisor id). PORTFOLIO: its portfolio's advisor. EVEN: shares differing by
 * one at most (the first advisors in the order given take the remainder); a file stays with its own advisor when
 * they are chosen and have room, the others fill the remaining places, oldest diagnostic first. Then the moves apply
 * in order, each taking the most recently diagnosed files of the giver's share. Throws a French Error on a move
 * larger than the share or an advisor not in the campaign.
 */
export function splitCampaign(files: readonly CampaignCandidate[], split: CampaignSplit, moves: readonly CampaignMove[] = []): Map<string, string> {
  const sorted = [...files].sort(byOldestDiagnostic);
  const share = new Map<string, string>();
  if (split.mode === "PORTFOLIO") {
    for (const file of sorted) share.set(file.seekerId, file.advisorId);
  } else {
    const advisors = [...new Set(split.advisorIds)];
    if (advisors.length === 0) throw new Error("Choisissez au moins un·e conseiller·ère pour répartir les dossiers.");
    const base = Math.floor(sorted.length / advisors.length);
    const extra = sorted.length % advisors.length;
    const room = new Map(advisors.map((id, index) => [id, base + (index < extra ? 1 : 0)]));
    const rest: CampaignCandidate[] = [];
    for (const file of sorted) {
      const left = room.get(file.advisorId);
      if (left !== undefined && left > 0) {
        share.set(file.seekerId, file.advisorId);
        room.set(file.advisorId, left - 1);
      } else rest.push(file);
    }
    let index = 0;
    for (const file of rest) {
      while ((room.get(advisors[index]!) ?? 0) === 0) index += 1;
      const advisor = advisors[index]!;
      share.set(file.seekerId, advisor);
      room.set(advisor, room.get(advisor)! - 1);
    }
  }
  const order = new Map(sorted.map((file, index) => [file.seekerId, index]));
  for (const move of moves) {
    if (!Number.isInteger(move.count) || move.count < 1) throw new Error("Nombre de dossiers à déplacer : un entier positif est attendu.");
    if (move.fromAdvisorId === move.toAdvisorId) throw new Error("Un déplacement va d'un·e conseiller·ère à un·e autre.");
    const given = [...share].filter(([, advisor]) => advisor === move.fromAdvisorId).map(([seekerId]) => seekerId);
    if (given.length < move.count) {
      throw new Error(`Impossible de déplacer ${move.count} dossier${move.count > 1 ? "s" : ""} : cette part n'en compte que ${given.length}.`);
    }
    given.sort((a, b) => order.get(b)! - order.get(a)!);
    for (const seekerId of given.slice(0, move.count)) share.set(seekerId, move.toAdvisorId);
  }
  return share;
}

/** Files per advisor of a share. */
export function shareCounts(share: ReadonlyMap<string, string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const advisor of share.values()) counts.set(advisor, (counts.get(advisor) ?? 0) + 1);
  return counts;
}

/** The modality changes of the files done: before → after → count (every modality present, zeros included). */
export type ChangeMatrix = Record<Modality, Record<Modality, number>>;

export function changeMatrix(files: readonly { modalityBefore: Modality; modalityAfter: Modality | null }[]): ChangeMatrix {
  const matrix = Object.fromEntries(MODALITIES.map((from) => [from, Object.fromEntries(MODALITIES.map((to) => [to, 0]))])) as ChangeMatrix;
  for (const file of files) if (file.modalityAfter !== null) matrix[file.modalityBefore][file.modalityAfter] += 1;
  return matrix;
}
