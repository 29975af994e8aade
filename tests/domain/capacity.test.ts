import { describe, expect, it } from "vitest";
import {
  FILL_LEVEL_LABELS,
  fillLevel,
  CAP_BOUNDS,
  CAP_FIELDS,
  CAP_RANGES,
  checkCapacity,
  DEFAULT_CAPS,
  fitsUnderCap,
  isForcedWithReason,
  loadRatio,
  mayAskForPlacementBeyondCap,
  portfoliosWithRoom,
  roomLeft,
} from "../../src/domain";

describe("capacity", () => {
  it("has the default caps of docs/rules.md", () => {
    expect(DEFAULT_CAPS).toEqual({ SUIVI: 350, GUIDE: 150, RENFORCE: 70, GLOBAL: 100, INTENSIF: 50, AGILE: 300, TANDEM: 100 });
  });

  it("bounds the caps a manager may set: renforcé by its national maximum, the defaults within every bound", () => {
    expect(CAP_BOUNDS.RENFORCE).toEqual({ min: 1, max: 70 });
    expect(CAP_BOUNDS.RENFORCE.max).toBe(CAP_RANGES.RENFORCE[1]);
    for (const modality of ["SUIVI", "GUIDE", "RENFORCE", "GLOBAL"] as const) {
      const { min, max } = CAP_BOUNDS[modality];
      const [low, high] = CAP_RANGES[modality];
      expect(min).toBe(1);
      expect(DEFAULT_CAPS[modality]).toBe(high);
      expect(low).toBeGreaterThanOrEqual(min);
      expect(high).toBeLessThanOrEqual(max);
    }
    expect(CAP_FIELDS).toEqual({
      SUIVI: "capSuivi",
      GUIDE: "capGuide",
      RENFORCE: "capRenforce",
      GLOBAL: "capGlobal",
      INTENSIF: "capIntensif",
      AGILE: "capAgile",
      TANDEM: "capTandem",
    });
    expect(CAP_BOUNDS.INTENSIF).toEqual({ min: 1, max: 50 });
  });

  it("accepts below the cap", () => {
    expect(checkCapacity({ load: 69, cap: 70 })).toEqual({ ok: true });
    expect(checkCapacity({ load: 0, cap: 1 })).toEqual({ ok: true });
  });

  it("refuses a full portfolio, naming advisors with room (most room first)", () => {
    const result = checkCapacity(
      { load: 70, cap: 70, modality: "RENFORCE" },
      {
        alternatives: [
          { advisorName: "Mme Petit", load: 70, cap: 70 },
          { advisorName: "M. Durand", load: 69, cap: 70 },
          { advisorName: "Mme Martin", load: 60, cap: 70 },
        ],
      },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe("PORTFOLIO_FULL");
    expect(result.message).toContain("70 / 70");
    expect(result.message).toContain("Mme Martin (10 places), M. Durand (1 place)");
    expect(result.message).not.toContain("Mme Petit");
    const none = checkCapacity({ load: 71, cap: 70 }, { alternatives: [] });
    expect(none.ok === false && none.message).toContain("Aucun autre conseiller");
  });

  it("lets an advisor send a file to the manager only when the target portfolio and every other one are full", () => {
    const full = { advisorName: "Mme Petit", load: 70, cap: 70 };
    const over = { advisorName: "M. Durand", load: 72, cap: 70 };
    const room = { advisorName: "Mme Martin", load: 69, cap: 70 };
    expect(mayAskForPlacementBeyondCap({ load: 70, cap: 70 }, [full, over])).toBe(true);
    expect(mayAskForPlacementBeyondCap({ load: 70, cap: 70 }, [])).toBe(true);
    // A colleague has room: place the seeker there instead.
    expect(mayAskForPlacementBeyondCap({ load: 70, cap: 70 }, [full, room])).toBe(false);
    // The target has room, or does not exist yet (created at the confirmation, empty): nothing to ask.
    expect(mayAskForPlacementBeyondCap({ load: 69, cap: 70 }, [full])).toBe(false);
    expect(mayAskForPlacementBeyondCap(null, [full])).toBe(false);
    const none = checkCapacity({ load: 70, cap: 70, modality: "RENFORCE" }, { alternatives: [full] });
    expect(none.ok === false && none.message).toContain("envoyer le dossier à la direction");
  });

  it("lets a manager force with a written reason only", () => {
    expect(checkCapacity({ load: 70, cap: 70 }, { force: true, reason: "Suivi par la même conseillère depuis 2024" })).toEqual({ ok: true });
    for (const reason of [undefined, "", "   "]) {
      const r = checkCapacity({ load: 70, cap: 70 }, { force: true, reason });
      expect(r).toMatchObject({ ok: false, code: "FORCE_REASON_REQUIRED" });
    }
    expect(checkCapacity({ load: 70, cap: 70 }, { force: false, reason: "x" })).toMatchObject({ ok: false, code: "PORTFOLIO_FULL" });
  });

  it("counts several incoming seekers against the room left (rebalancing moves many at once)", () => {
    expect(fitsUnderCap({ load: 68, cap: 70 }, 2)).toBe(true);
    expect(fitsUnderCap({ load: 68, cap: 70 }, 3)).toBe(false);
    expect(fitsUnderCap({ load: 69, cap: 70 })).toBe(true);
    expect(fitsUnderCap({ load: 70, cap: 70 })).toBe(false);
    expect(fitsUnderCap({ load: 75, cap: 70 }, 1)).toBe(false);
    expect(() => fitsUnderCap({ load: 1, cap: 70 }, -1)).toThrow(/invalide/);
    expect(isForcedWithReason({ force: true, reason: "Reprise du portefeuille" })).toBe(true);
    for (const reason of [undefined, null, "", " \n "]) expect(isForcedWithReason({ force: true, reason })).toBe(false);
    expect(isForcedWithReason({ force: false, reason: "Reprise du portefeuille" })).toBe(false);
  });

  it("sorts portfolios by room and computes ratios", () => {
    const list = portfoliosWithRoom([
      { advisorName: "Claire", load: 140, cap: 150, id: "a" },
      { advisorName: "Bruno", load: 150, cap: 150, id: "b" },
      { advisorName: "Anne", load: 100, cap: 150, id: "c" },
      { advisorName: "Émile", load: 140, cap: 150, id: "d" },
      { advisorName: "Zoé", load: 160, cap: 150, id: "e" },
    ]);
    expect(list.map((p) => [p.id, p.room])).toEqual([
      ["c", 50],
      ["a", 10],
      ["d", 10],
    ]);
    expect(roomLeft({ load: 160, cap: 150 })).toBe(0);
    expect(loadRatio({ load: 35, cap: 70 })).toBe(0.5);
    expect(() => checkCapacity({ load: -1, cap: 70 })).toThrow(/invalide/);
  });

  it("tells a full portfolio (150/150) from a nearly full one (94 %), and an overfilled one from both", () => {
    expect(fillLevel({ load: 150, cap: 150 })).toBe("FULL");
    expect(fillLevel({ load: 141, cap: 150 })).toBe("NEAR");
    expect(fillLevel({ load: 135, cap: 150 })).toBe("NEAR");
    expect(fillLevel({ load: 134, cap: 150 })).toBe("ROOM");
    expect(fillLevel({ load: 151, cap: 150 })).toBe("OVER");
    expect(fillLevel({ load: 0, cap: 0 })).toBe("FULL");
    expect(fillLevel({ load: 1, cap: 0 })).toBe("OVER");
    expect(FILL_LEVEL_LABELS.FULL).not.toBe(FILL_LEVEL_LABELS.NEAR);
    expect(FILL_LEVEL_LABELS.ROOM).toBeNull();
  });
});
