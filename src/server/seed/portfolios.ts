/**
 * Portfolio layout of a generated agency: how many portfolios of each modality, who holds them, and how many
 * seekers each gets, so that no portfolio exceeds its cap and the advisors' loads stay close to each other
 * (their calendars must hold every appointment).
 */
import { MODALITIES, type Modality2014 as Modality } from "@/domain";

export type ModalityCounts = Record<Modality, number>;

interface PlannedPortfolio {
  advisorIndex: number;
  modality: Modality;
  /** Number of seekers it will hold (≤ cap). */
  size: number;
  cap: number;
}

export interface PortfolioLayout {
  advisorCount: number;
  portfolios: PlannedPortfolio[];
}

/** Modalities with dedicated, evenly filled portfolios, most constrained first; SUIVI then fills the gaps. */
const DEDICATED_ORDER: readonly Modality[] = ["GUIDE", "RENFORCE", "GLOBAL"];

/** Splits `total` into `parts` integers differing by at most one. */
export function evenSplit(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const extra = total - base * parts;
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0));
}

/** Counts proportional to `shares` summing exactly to `total` (largest remainders). */
export function apportion(total: number, shares: Readonly<Record<Modality, number>>): ModalityCounts {
  const sum = MODALITIES.reduce((acc, m) => acc + shares[m], 0);
  const exact = MODALITIES.map((m) => (total * shares[m]) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((value, i) => [value - Math.floor(value), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    left -= 1;
  }
  return Object.fromEntries(MODALITIES.map((m, i) => [m, counts[i] ?? 0])) as ModalityCounts;
}

/**
 * Lays out portfolios for `counts` seekers per modality over `advisorCount` advisors (raised when needed:
 * an advisor holds at most one portfolio per modality). Dedicated modalities get ⌈count / cap⌉ evenly filled
 * portfolios on the least loaded advisors; SUIVI portfolios then top advisors up toward the average load.
 */
export function planPortfolios(counts: ModalityCounts, caps: Readonly<Record<Modality, number>>, advisorCount: number): PortfolioLayout {
  let advisors = Math.max(1, advisorCount);
  for (const m of MODALITIES) {
    if (counts[m] > 0) advisors = Math.max(advisors, Math.ceil(counts[m] / caps[m]));
  }
  for (;;) {
    const layout = tryLayout(counts, caps, advisors);
    if (layout !== null) return layout;
    advisors += 1;
  }
}

function tryLayout(counts: ModalityCounts, caps: Readonly<Record<Modality, number>>, advisorCount: number): PortfolioLayout | null {
  const total = MODALITIES.reduce((acc, m) => acc + counts[m], 0);
  const average = total / advisorCount;
  const loads = new Array<number>(advisorCount).fill(0);
  const held = Array.from({ length: advisorCount }, () => new Set<Modality>());
  const portfolios: PlannedPortfolio[] = [];

  const leastLoadedWithout = (modality: Modality): number => {
    let best = -1;
    for (let i = 0; i < advisorCount; i += 1) {
      if (held[i]?.has(modality)) continue;
      if (best < 0 || (loads[i] ?? 0) < (loads[best] ?? 0)) best = i;
    }
    return best;
  };
  const give = (advisorIndex: number, modality: Modality, size: number): PlannedPortfolio => {
    const portfolio: PlannedPortfolio = { advisorIndex, modality, size, cap: caps[modality] };
    portfolios.push(portfolio);
    loads[advisorIndex] = (loads[advisorIndex] ?? 0) + size;
    held[advisorIndex]?.add(modality);
    return portfolio;
  };

  for (const modality of DEDICATED_ORDER) {
    if (counts[modality] === 0) continue;
    const parts = Math.ceil(counts[modality] / caps[modality]);
    if (parts > advisorCount) return null;
    for (const size of evenSplit(counts[modality], parts)) {
      const advisor = leastLoadedWithout(modality);
      if (advisor < 0) return null;
      give(advisor, modality, size);
    }
  }

  // SUIVI: top up advisors below the average (a portfolio is worth opening from 15 % of the average load).
  let suivi = counts.SUIVI;
  const suiviPortfolios: PlannedPortfolio[] = [];
  const minimum = Math.max(1, Math.round(average * 0.15));
  const byLoad = Array.from({ length: advisorCount }, (_, i) => i).sort((a, b) => (loads[a] ?? 0) - (loads[b] ?? 0) || a - b);
  for (const advisor of byLoad) {
    if (suivi === 0) break;
    const room = Math.min(caps.SUIVI, Math.round(average - (loads[advisor] ?? 0)), suivi);
    if (room < minimum && suivi > room) continue;
    if (room <= 0) continue;
    suiviPortfolios.push(give(advisor, "SUIVI", room));
    suivi -= room;
  }
  // Left-overs go one by one to the least loaded SUIVI holder with room, opening portfolios when all are full.
  while (suivi > 0) {
    let target: PlannedPortfolio | undefined;
    for (const p of suiviPortfolios) {
      if (p.size >= p.cap) continue;
      if (target === undefined || (loads[p.advisorIndex] ?? 0) < (loads[target.advisorIndex] ?? 0)) target = p;
    }
    if (target === undefined) {
      const advisor = leastLoadedWithout("SUIVI");
      if (advisor < 0) return null;
      target = give(advisor, "SUIVI", 0);
      suiviPortfolios.push(target);
    }
    const step = Math.min(suivi, target.cap - target.size, Math.max(1, Math.ceil(suivi / Math.max(1, suiviPortfolios.length))));
    target.size += step;
    loads[target.advisorIndex] = (loads[target.advisorIndex] ?? 0) + step;
    suivi -= step;
  }
  return { advisorCount, portfolios };
}
