import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadRatio, planBalance, type BalancePortfolio, type BalanceSeeker } from "../../src/domain";

/** Portfolios (distinct ids) with their movable seekers: each holds `load` seekers, `movable` of them followed. */
const agencyArb = fc
  .array(
    fc.record({
      // A cap of 0 is a portfolio whose advisor left: only emptied.
      cap: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 })),
      load: fc.integer({ min: 0, max: 45 }),
      movableShare: fc.double({ min: 0, max: 1, noNaN: true }),
      appointments: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 45, maxLength: 45 }),
    }),
    { maxLength: 6 },
  )
  .map((rows) => {
    const portfolios: BalancePortfolio[] = rows.map((r, i) => ({ id: `p${i}`, load: r.load, cap: r.cap }));
    const seekers: Record<string, BalanceSeeker[]> = {};
    rows.forEach((r, i) => {
      const movable = Math.floor(r.load * r.movableShare);
      seekers[`p${i}`] = Array.from({ length: movable }, (_, k) => ({ id: `p${i}-s${k}`, futureAppointments: r.appointments[k]! }));
    });
    return { portfolios, seekers };
  });

function loadsAfter(portfolios: readonly BalancePortfolio[], moves: ReturnType<typeof planBalance>): Map<string, number> {
  const loads = new Map(portfolios.map((p) => [p.id, p.load]));
  for (const m of moves) {
    loads.set(m.fromPortfolioId, loads.get(m.fromPortfolioId)! - 1);
    loads.set(m.toPortfolioId, loads.get(m.toPortfolioId)! + 1);
  }
  return loads;
}

describe("planBalance — properties", () => {
  it("moves each seeker at most once, out of its own portfolio, never into a portfolio beyond its cap", () => {
    fc.assert(
      fc.property(agencyArb, ({ portfolios, seekers }) => {
        const moves = planBalance(portfolios, seekers);
        expect(new Set(moves.map((m) => m.seekerId)).size).toBe(moves.length);
        const home = new Map(Object.entries(seekers).flatMap(([pid, list]) => list.map((s) => [s.id, pid] as const)));
        for (const m of moves) {
          expect(home.get(m.seekerId)).toBe(m.fromPortfolioId);
          expect(m.toPortfolioId).not.toBe(m.fromPortfolioId);
        }
        const after = loadsAfter(portfolios, moves);
        for (const p of portfolios) {
          const received = moves.some((m) => m.toPortfolioId === p.id);
          if (received) expect(after.get(p.id)).toBeLessThanOrEqual(p.cap);
          expect(after.get(p.id)).toBeGreaterThanOrEqual(0);
        }
        const total = (loads: Iterable<number>) => [...loads].reduce((a, b) => a + b, 0);
        expect(total(after.values())).toBe(total(portfolios.map((p) => p.load)));
      }),
      { numRuns: 500 },
    );
  });

  it("moves the seekers with the fewest future appointments of a portfolio first", () => {
    fc.assert(
      fc.property(agencyArb, ({ portfolios, seekers }) => {
        const moves = planBalance(portfolios, seekers);
        for (const [pid, list] of Object.entries(seekers)) {
          const order = [...list].sort((a, b) => a.futureAppointments - b.futureAppointments || (a.id < b.id ? -1 : 1));
          const moved = moves.filter((m) => m.fromPortfolioId === pid).map((m) => m.seekerId);
          expect(moved).toEqual(order.slice(0, moved.length).map((s) => s.id));
        }
      }),
      { numRuns: 500 },
    );
  });

  it("with equal caps, everyone movable and room somewhere, ends with loads within one seeker", () => {
    const equalCaps = fc.record({ cap: fc.integer({ min: 1, max: 40 }), loads: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }) }).map(({ cap, loads }) => {
      const portfolios = loads.map((l, i) => ({ id: `p${i}`, load: l % (cap + 1), cap }));
      const seekers = Object.fromEntries(
        portfolios.map((p) => [p.id, Array.from({ length: p.load }, (_, k) => ({ id: `${p.id}-s${k}`, futureAppointments: 0 }))]),
      );
      return { portfolios, seekers };
    });
    fc.assert(
      fc.property(equalCaps, ({ portfolios, seekers }) => {
        const after = [...loadsAfter(portfolios, planBalance(portfolios, seekers)).values()];
        expect(Math.max(...after) - Math.min(...after)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });

  it("empties the portfolios that may not be filled as far as the others have room", () => {
    fc.assert(
      fc.property(agencyArb, ({ portfolios, seekers }) => {
        const moves = planBalance(portfolios, seekers);
        const after = loadsAfter(portfolios, moves);
        const roomLeft = portfolios.some((p) => p.cap > 0 && after.get(p.id)! < p.cap);
        for (const p of portfolios.filter((q) => q.cap === 0)) {
          const stillMovable = (seekers[p.id] ?? []).length - moves.filter((m) => m.fromPortfolioId === p.id).length;
          if (roomLeft) expect(stillMovable).toBe(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("never widens the gap between the fullest and the emptiest fill rates when every portfolio may be filled", () => {
    fc.assert(
      fc.property(agencyArb, ({ portfolios, seekers }) => {
        const open = portfolios.filter((p) => p.cap > 0);
        if (open.length === 0 || open.length < portfolios.length) return;
        const gap = (loads: (id: string) => number) => {
          const ratios = open.map((p) => loadRatio({ load: loads(p.id), cap: p.cap }));
          return Math.max(...ratios) - Math.min(...ratios);
        };
        const after = loadsAfter(portfolios, planBalance(portfolios, seekers));
        const before = new Map(portfolios.map((p) => [p.id, p.load]));
        expect(gap((id) => after.get(id)!)).toBeLessThanOrEqual(gap((id) => before.get(id)!) + 1e-9);
      }),
      { numRuns: 500 },
    );
  });
});
