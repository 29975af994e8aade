/**
 * The files advisors sent to the managers because every portfolio of the decided modality was full (issue 15,
 * docs/rules.md#placement-beyond-the-caps), oldest first, with the advisors the seeker may be placed with and their
 * load in that modality. Read-only; null when the agency is out of the actor's scope.
 */
import "server-only";
import { MODALITIES, type Modality } from "@/domain";
import { prisma } from "@/server/db";
import type { Actor } from "@/server/auth/policy";
import { fullName, isoDate } from "@/lib/format";
import { openAgency } from "./agency-context";
import { seekersPerPortfolio } from "./loads";

/** An advisor the seeker may be placed with, and their portfolio of the modality (null: created at the placement). */
export type PlacementChoice = { advisorId: string; name: string; portfolio: { load: number; cap: number } | null };

export type PendingPlacement = {
  id: string;
  createdAt: string;
  seeker: { id: string; firstName: string; lastName: string; franceTravailId: string; registrationDate: string };
  requestedBy: { id: string; name: string };
  proposedModality: Modality;
  decidedModality: Modality;
  note: string | null;
  choices: PlacementChoice[];
};

/** At most this many requests are listed at once (oldest first): a queue longer than that is an agency problem to see. */
export const PLACEMENTS_SHOWN = 100;

export async function pendingPlacements(
  actor: Actor,
  agencyId: string,
  now: Date = new Date(),
): Promise<{ total: number; requests: PendingPlacement[] } | null> {
  const db = await prisma();
  const agency = await openAgency(db, actor, agencyId, now);
  if (!agency) return null;
  const where = { agencyId: agency.id, status: "PENDING" as const };
  const [total, requests] = await Promise.all([
    db.placementRequest.count({ where }),
    db.placementRequest.findMany({
      where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: PLACEMENTS_SHOWN,
      select: {
        id: true,
        createdAt: true,
        proposedModality: true,
        decidedModality: true,
        note: true,
        seeker: { select: { id: true, firstName: true, lastName: true, franceTravailId: true, registrationDate: true } },
        requestedBy: { select: { id: true, firstName: true, lastName: true } },
      },
    }),
  ]);
  if (requests.length === 0) return { total, requests: [] };
  const choicesByModality = await advisorChoices(db, agency.id, new Set(requests.map((r) => r.decidedModality)));
  return {
    total,
    requests: requests.map((r) => ({
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      seeker: { ...r.seeker, registrationDate: isoDate(r.seeker.registrationDate) },
      requestedBy: { id: r.requestedBy.id, name: fullName(r.requestedBy) },
      proposedModality: r.proposedModality,
      decidedModality: r.decidedModality,
      note: r.note,
      choices: choicesByModality.get(r.decidedModality) ?? [],
    })),
  };
}

/** The agency's active advisors (French order) with their load and cap in each modality asked for. */
async function advisorChoices(db: Awaited<ReturnType<typeof prisma>>, agencyId: string, modalities: ReadonlySet<Modality>) {
  const advisors = await db.user.findMany({
    where: { agencyId, role: "ADVISOR", active: true },
    select: {
      id: true,
      firstName: true,
      lastName: true,
      portfolios: { where: { modality: { in: [...modalities] } }, select: { id: true, modality: true, cap: true } },
    },
  });
  const loads = await seekersPerPortfolio(
    db,
    advisors.flatMap((advisor) => advisor.portfolios.map((p) => p.id)),
  );
  advisors.sort((a, b) => a.lastName.localeCompare(b.lastName, "fr") || a.firstName.localeCompare(b.firstName, "fr"));
  const byModality = new Map<Modality, PlacementChoice[]>();
  for (const modality of MODALITIES.filter((m) => modalities.has(m))) {
    byModality.set(
      modality,
      advisors.map((advisor) => {
        const portfolio = advisor.portfolios.find((p) => p.modality === modality);
        return {
          advisorId: advisor.id,
          name: fullName(advisor),
          portfolio: portfolio ? { load: loads.get(portfolio.id) ?? 0, cap: portfolio.cap } : null,
        };
      }),
    );
  }
  return byModality;
}
