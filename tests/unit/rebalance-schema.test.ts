/** The rebalancing schemas: what a manager's form may send, refused before any use case runs. */
import { describe, expect, it } from "vitest";
import { applyBalanceSchema, moveSeekersSchema } from "@/server/use-cases/rebalance.schema";

const REASON = "Congé longue durée de la conseillère, reprise du portefeuille.";

describe("rebalance schemas", () => {
  it("refuses unknown keys, empty lists, force without a reason", () => {
    const id = "00000000-0000-4000-8000-000000000001";
    expect(moveSeekersSchema.safeParse({ seekerIds: [id], toPortfolioId: id, extra: 1 }).error?.issues[0]?.message).toMatch(/inconnu/);
    expect(moveSeekersSchema.safeParse({ seekerIds: [], toPortfolioId: id }).error?.issues[0]?.message).toMatch(/au moins un/);
    expect(moveSeekersSchema.safeParse({ seekerIds: [id, id], toPortfolioId: id }).success).toBe(false);
    expect(moveSeekersSchema.safeParse({ seekerIds: [id], toPortfolioId: id, force: true }).error?.issues[0]?.message).toMatch(/justification/);
    expect(moveSeekersSchema.safeParse({ seekerIds: [id], toPortfolioId: id, force: true, reason: "court" }).success).toBe(false);
    expect(moveSeekersSchema.safeParse({ seekerIds: [id], toPortfolioId: id, force: true, reason: REASON }).success).toBe(true);
    expect(applyBalanceSchema.safeParse({ agencyId: id, modality: "GUIDE", moves: [{ seekerId: id, fromPortfolioId: id, toPortfolioId: id }] }).success).toBe(
      false,
    );
    expect(applyBalanceSchema.safeParse({ agencyId: id, modality: "AUTRE", moves: [] }).success).toBe(false);
  });
});
