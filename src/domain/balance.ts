/**
 * Evening out the portfolios of one modality (docs/rules.md#rebalancing): the plan a manager previews before
 * moving anyone.
 */
import { loadRatio } from "./capacity";

/** A portfolio as the planner sees it: its load and the cap it may be filled up to (0: only emptied). */
export interface BalancePortfolio {
  id: string;
  load: number;
  cap: number;
}

/** A seeker who may be moved, with the number of appointments a move would carry over or re-plan. */
export interface BalanceSeeker {
  id: string;
  futureAppointments: number;
}

/** One planned move. */
export interface BalanceMove {
  seekerId: string;
  fromPortfolioId: string;
  toPortfolioId: string;
}

/**
 * Evens out fill rates (load / cap): repeatedly moves one seeker from the fullest portfolio (that still has a
 * seeker not yet moved) to the emptiest one with room, while that strictly narrows the gap between the two and does
 * not widen the spread of the agency's fill rates (a fuller portfolio whose seekers cannot move stays the fullest: a
 * move that would leave its source the emptiest is not made).
 * Seekers with the fewest future appointments go first (ties by id); a seeker moves at most once; no move
 * takes a portfolio over its cap. With equal caps the loads end within one seeker of each other. A portfolio with
 * a cap of 0 (an advisor who left) is only emptied, as far as the others have room.
 */
export function planBalance(portfolios: readonly BalancePortfolio[], seekersByPortfolio: Readonly<Record<string, readonly BalanceSeeker[]>>): BalanceMove[] {
  const state = portfolios.map((p) => ({
    id: p.id,
    cap: p.cap,
    load: p.load,
    movable: [...(seekersByPortfolio[p.id] ?? [])].sort((a, b) => a.futureAppointments - b.futureAppointments || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  }));
  const ratio = (p: { load: number; cap: number }) => loadRatio(p);
  const moves: BalanceMove[] = [];
  const byRatioThenId = (a: (typeof state)[number], b: (typeof state)[number]) => ratio(a) - ratio(b) || (a.id < b.id ? -1 : 1);
  /** Fullest minus emptiest fill rate of the portfolios that may be filled, `delta` seekers added to some. */
  const spread = (delta: ReadonlyMap<string, number> = new Map()) => {
    const ratios = state.filter((p) => p.cap > 0).map((p) => ratio({ load: p.load + (delta.get(p.id) ?? 0), cap: p.cap }));
    return ratios.length ? Math.max(...ratios) - Math.min(...ratios) : 0;
  };
  for (;;) {
    const sources = state.filter((p) => p.movable.length > 0 && p.load > 0).sort(byRatioThenId);
    const targets = state.filter((p) => p.load < p.cap).sort(byRatioThenId);
    const source = sources[sources.length - 1];
    const target = targets[0];
    if (!source || !target || source === target) break;
    const gapBefore = ratio(source) - ratio(target);
    const gapAfter = Math.abs(ratio({ load: source.load - 1, cap: source.cap }) - ratio({ load: target.load + 1, cap: target.cap }));
    // A portfolio that may not be filled (cap 0: its advisor left) is emptied whatever the gap, which stays infinite.
    if (source.cap > 0 && !(gapAfter < gapBefore - 1e-12)) break;
    const moved = new Map([
      [source.id, -1],
      [target.id, 1],
    ]);
    if (source.cap > 0 && spread(moved) > spread() + 1e-12) break;
    const seeker = source.movable.shift()!;
    source.load -= 1;
    target.load += 1;
    moves.push({ seekerId: seeker.id, fromPortfolioId: source.id, toPortfolioId: target.id });
  }
  return moves;
}
