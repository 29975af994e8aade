import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkCapacity, fitsUnderCap, isForcedWithReason, roomLeft } from "../../src/domain";

const count = fc.integer({ min: 0, max: 500 });
const reason = fc.option(fc.oneof(fc.constantFrom("", "   ", "Reprise du portefeuille"), fc.string()), { nil: undefined });

describe("capacity — properties", () => {
  it("n seekers fit exactly when load + n stays within the cap", () => {
    fc.assert(
      fc.property(count, count, fc.integer({ min: 0, max: 50 }), (load, cap, incoming) => {
        expect(fitsUnderCap({ load, cap }, incoming)).toBe(load + incoming <= cap);
        expect(roomLeft({ load, cap })).toBe(Math.max(0, cap - load));
      }),
    );
  });

  it("one more seeker enters below the cap, or beyond it only when forced with a written reason", () => {
    fc.assert(
      fc.property(count, count, fc.boolean(), reason, (load, cap, force, why) => {
        const check = checkCapacity({ load, cap }, { force, ...(why === undefined ? {} : { reason: why }) });
        expect(check.ok).toBe(fitsUnderCap({ load, cap }) || isForcedWithReason({ force, reason: why }));
        if (!check.ok) expect(check.code).toBe(force ? "FORCE_REASON_REQUIRED" : "PORTFOLIO_FULL");
      }),
    );
  });
});
