/**
 * Portfolio capacity: a portfolio (one advisor × one modality) holds at most `cap` seekers unless a
 * manager forces an assignment with a written reason (docs/rules.md#capacity-of-portfolios); an advisor facing full
 * portfolios everywhere sends the file to a manager (docs/rules.md#placement-beyond-the-caps).
 */
import { type Modality, MODALITY_SHORT_LABELS } from "./modalities";

/** Current load and cap of a portfolio. */
export interface PortfolioLoad {
  load: number;
  cap: number;
}

/** A portfolio of the agency, as listed when looking for room. */
export interface PortfolioSummary extends PortfolioLoad {
  advisorName: string;
}

/** Outcome of a capacity check; `message` is French, for the UI. */
export type CapacityCheck = { ok: true } | { ok: false; code: "PORTFOLIO_FULL" | "FORCE_REASON_REQUIRED"; message: string };

/** Options of `checkCapacity`. */
export interface CapacityOptions {
  /** A manager forces the assignment beyond the cap… */
  force?: boolean;
  /** …with this written reason (required when forcing a full portfolio). */
  reason?: string;
  /** Other portfolios of the same agency and modality, to name those with room in the refusal. */
  alternatives?: readonly PortfolioSummary[];
}

function checkCount(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0) throw new Error(`${what} invalide : ${String(value)}.`);
}

/** Free places left in a portfolio (never negative). */
export function roomLeft(portfolio: PortfolioLoad): number {
  checkCount(portfolio.load, "Charge du portefeuille");
  checkCount(portfolio.cap, "Plafond du portefeuille");
  return Math.max(0, portfolio.cap - portfolio.load);
}

/** Whether `incoming` more seekers fit in the portfolio without taking it over its cap. */
export function fitsUnderCap(portfolio: PortfolioLoad, incoming = 1): boolean {
  checkCount(portfolio.load, "Charge du portefeuille");
  checkCount(portfolio.cap, "Plafond du portefeuille");
  checkCount(incoming, "Nombre de demandeurs à placer");
  return portfolio.load + incoming <= portfolio.cap;
}

/** A manager's forcing beyond a cap counts only with a written reason (not blank). */
export function isForcedWithReason(options: { force?: boolean; reason?: string | null }): boolean {
  return options.force === true && typeof options.reason === "string" && options.reason.trim().length > 0;
}

/** Whether one more seeker may enter the portfolio: below its cap, or forced with a written reason. */
export function checkCapacity(portfolio: PortfolioLoad & { modality?: Modality }, options: CapacityOptions = {}): CapacityCheck {
  if (fitsUnderCap(portfolio)) return { ok: true };
  const figures = `${portfolio.load} / ${portfolio.cap}`;
  if (options.force === true) {
    if (isForcedWithReason(options)) return { ok: true };
    return {
      ok: false,
      code: "FORCE_REASON_REQUIRED",
      message: `Le portefeuille est complet (${figures}) : une justification écrite est obligatoire pour forcer l'affectation.`,
    };
  }
  const modality = portfolio.modality === undefined ? "" : ` en ${MODALITY_SHORT_LABELS[portfolio.modality].toLowerCase()}`;
  let message = `Le portefeuille${modality} est complet (${figures}).`;
  if (options.alternatives !== undefined) {
    const withRoom = portfoliosWithRoom(options.alternatives);
    message +=
      withRoom.length > 0
        ? ` Conseillers de l'agence ayant de la place dans cette modalité : ${withRoom
            .map((p) => `${p.advisorName} (${p.room} place${p.room > 1 ? "s" : ""})`)
            .join(", ")}.`
        : " Aucun autre conseiller de l'agence n'a de place dans cette modalité : vous pouvez envoyer le dossier à la direction de l'agence, qui peut placer le demandeur au-delà du plafond avec une justification écrite.";
    return { ok: false, code: "PORTFOLIO_FULL", message };
  }
  message += " Un responsable d'équipe peut forcer l'affectation avec une justification écrite.";
  return { ok: false, code: "PORTFOLIO_FULL", message };
}

/** Portfolios that still have room, with `room` added, most room first (ties by advisor name, French order). */
export function portfoliosWithRoom<T extends PortfolioSummary>(portfolios: readonly T[]): (T & { room: number })[] {
  return portfolios
    .map((p) => ({ ...p, room: roomLeft(p) }))
    .filter((p) => p.room > 0)
    .sort((a, b) => b.room - a.room || a.advisorName.localeCompare(b.advisorName, "fr"));
}

/**
 * Whether an advisor may send a file to a manager for a placement beyond the caps: the portfolio the seeker would enter
 * exists and is full, and no other portfolio of that modality in the agency has room (docs/rules.md#placement-beyond-the-caps).
 * An advisor without a portfolio of the modality gets one at the confirmation: there is room, nothing to ask.
 */
export function mayAskForPlacementBeyondCap(target: PortfolioLoad | null, others: readonly PortfolioSummary[]): boolean {
  return target !== null && !fitsUnderCap(target) && portfoliosWithRoom(others).length === 0;
}

/** Load as a share of the cap (1 = full; may exceed 1 after forced assignments; Infinity for a zero cap with load). */
export function loadRatio(portfolio: PortfolioLoad): number {
  if (portfolio.cap === 0) return portfolio.load === 0 ? 0 : Infinity;
  return portfolio.load / portfolio.cap;
}

/** How full a portfolio is, for the loads tables: over its cap, exactly full, nearly full (90 % or more), or with room. */
export type FillLevel = "OVER" | "FULL" | "NEAR" | "ROOM";

/** The share from which a portfolio counts as nearly full. */
export const NEARLY_FULL_RATIO = 0.9;

export function fillLevel(portfolio: PortfolioLoad): FillLevel {
  if (portfolio.load > portfolio.cap) return "OVER";
  if (portfolio.load === portfolio.cap) return "FULL";
  return loadRatio(portfolio) >= NEARLY_FULL_RATIO ? "NEAR" : "ROOM";
}

/** What a loads table writes next to the rate, so that colour is never the only sign. */
export const FILL_LEVEL_LABELS: Readonly<Record<FillLevel, string | null>> = Object.freeze({
  OVER: "au-delà du plafond",
  FULL: "complet",
  NEAR: "presque complet",
  ROOM: null,
});
