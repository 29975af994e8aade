/**
 * The rebalancing preview (issue #5): a plan evening out the fill rates of one modality's portfolios of an agency
 * (`planBalance`, src/domain), with the loads before and after. It reads only; `applyBalance` (use case) applies it.
 */
import "server-only";
import { planBalance, type AppointmentKind, type BalanceSeeker, type DateWindow, type Modality } from "@/domain";
import type { PrismaClient } from "@/generated/prisma/client";
import { fullName } from "@/lib/format";
import type { Actor } from "@/server/auth/policy";
import { requireAgencyInScope, requirePermission } from "@/server/auth/row-scope";
import { prisma } from "@/server/db";
import { planHandovers } from "./slot-choices";
import { futureAppointmentsPerSeeker } from "./loads";

type PortfolioLoadView = { portfolioId: string; advisor: string; load: number; cap: number };
/** A future appointment the plan would re-plan (the new advisor is busy at its time), with its old and new date. */
export type PreviewReplan = {
  seekerId: string;
  seekerName: string;
  kind: AppointmentKind;
  fromStartsAt: string;
  /** Null when the new advisor has no slot left (applying the plan would be refused). */
  toStartsAt: string | null;
  window: DateWindow | null;
  outsideWindow: boolean;
};

export type BalancePreview = {
  /** Future appointments that keep their time with the new advisor. */
  followed: number;
  replans: PreviewReplan[];
  moves: { seekerId: string; seekerName: string; fromPortfolioId: string; fromAdvisor: string; toPortfolioId: string; toAdvisor: string }[];
  before: PortfolioLoadView[];
  after: PortfolioLoadView[];
};

export async function proposeBalance(
  actor: Actor,
  input: { agencyId: string; modality: Modality },
  options: { now: Date; db?: PrismaClient },
): Promise<BalancePreview> {
  requirePermission(actor, "portfolio:rebalance", "Seul un responsable d'équipe de l'agence peut rééquilibrer les portefeuilles.");
  requireAgencyInScope(actor, input.agencyId, "Agence introuvable.");
  const db = options.db ?? (await prisma());
  const portfolios = await db.portfolio.findMany({
    where: { agencyId: input.agencyId, modality: input.modality },
    select: { id: true, cap: true, advisorId: true, advisor: { select: { firstName: true, lastName: true, active: true } } },
  });
  const ids = portfolios.map((p) => p.id);
  const seekers = ids.length
    ? await db.seeker.findMany({
        where: { portfolioId: { in: ids } },
        select: {
          id: true,
          firstName: true,
          lastName: true,
          status: true,
          portfolioId: true,
          portfolio: { select: { advisorId: true } },
        },
      })
    : [];
  const futureAppointments = await futureAppointmentsPerSeeker(
    db,
    seekers.filter((s) => s.status === "FOLLOWED").map((s) => s.id),
    options.now,
  );
  const loadOf = new Map<string, number>();
  const seekersByPortfolio: Record<string, BalanceSeeker[]> = {};
  for (const s of seekers) {
    const pid = s.portfolioId as string;
    loadOf.set(pid, (loadOf.get(pid) ?? 0) + 1);
    if (s.status !== "FOLLOWED") continue;
    (seekersByPortfolio[pid] ??= []).push({ id: s.id, futureAppointments: futureAppointments.get(s.id) ?? 0 });
  }
  const views = portfolios
    .map((p) => ({ portfolioId: p.id, advisor: fullName(p.advisor), load: loadOf.get(p.id) ?? 0, cap: p.cap, active: p.advisor.active }))
    .sort((a, b) => a.advisor.localeCompare(b.advisor, "fr") || (a.portfolioId < b.portfolioId ? -1 : 1));
  // Inactive advisors' portfolios are only emptied, never filled (a cap of zero for the planner).
  const plan = planBalance(
    views.map((v) => ({ id: v.portfolioId, load: v.load, cap: v.active ? v.cap : 0 })),
    seekersByPortfolio,
  );
  const advisorOf = new Map(views.map((v) => [v.portfolioId, v.advisor]));
  const seekerById = new Map(seekers.map((s) => [s.id, s]));
  const after = new Map(views.map((v) => [v.portfolioId, v.load]));
  for (const m of plan) {
    after.set(m.fromPortfolioId, after.get(m.fromPortfolioId)! - 1);
    after.set(m.toPortfolioId, after.get(m.toPortfolioId)! + 1);
  }
  const advisorIdOf = new Map(portfolios.map((p) => [p.id, p.advisorId]));
  const handovers = await planHandovers(
    db,
    input.agencyId,
    plan.map((m) => ({ seekerId: m.seekerId, fromAdvisorId: advisorIdOf.get(m.fromPortfolioId)!, toAdvisorId: advisorIdOf.get(m.toPortfolioId)! })),
    options.now,
  );
  return {
    followed: handovers.filter((h) => h.followed).length,
    replans: handovers
      .filter((h) => !h.followed)
      .map((h) => ({
        seekerId: h.seekerId,
        seekerName: fullName(seekerById.get(h.seekerId)!),
        kind: h.kind,
        fromStartsAt: h.fromStartsAt,
        toStartsAt: h.toStartsAt,
        window: h.window,
        outsideWindow: h.outsideWindow,
      })),
    moves: plan.map((m) => {
      const s = seekerById.get(m.seekerId)!;
      return {
        seekerId: m.seekerId,
        seekerName: fullName(s),
        fromPortfolioId: m.fromPortfolioId,
        fromAdvisor: advisorOf.get(m.fromPortfolioId)!,
        toPortfolioId: m.toPortfolioId,
        toAdvisor: advisorOf.get(m.toPortfolioId)!,
      };
    }),
    before: views.map(({ portfolioId, advisor, load, cap }) => ({ portfolioId, advisor, load, cap })),
    after: views.map(({ portfolioId, advisor, cap }) => ({ portfolioId, advisor, load: after.get(portfolioId)!, cap })),
  };
}
