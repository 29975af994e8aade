/**
 * Counts scoped to the rows asked about. Prisma's relation counts (`_count: { select: { seekers: true } }`) group the
 * whole related table before joining it (prisma/orm#23669): harmless on one agency, seconds on a national database.
 * ESLint refuses them in src/ (eslint.config.mjs); these are what to use instead. They read, never write.
 */
import type { Prisma } from "@/generated/prisma/client";

type Reader = { seeker: Pick<Prisma.TransactionClient["seeker"], "groupBy">; appointment: Pick<Prisma.TransactionClient["appointment"], "groupBy"> };

/** How many seekers each of these portfolios holds (absent = 0). */
export async function seekersPerPortfolio(db: Pick<Reader, "seeker">, portfolioIds: readonly string[]): Promise<Map<string, number>> {
  if (portfolioIds.length === 0) return new Map();
  const rows = await db.seeker.groupBy({ by: ["portfolioId"], where: { portfolioId: { in: [...portfolioIds] } }, _count: { _all: true } });
  return new Map(rows.flatMap((row) => (row.portfolioId === null ? [] : [[row.portfolioId, row._count._all] as const])));
}

/** How many appointments each of these seekers has scheduled after `now` (absent = 0). */
export async function futureAppointmentsPerSeeker(db: Pick<Reader, "appointment">, seekerIds: readonly string[], now: Date): Promise<Map<string, number>> {
  if (seekerIds.length === 0) return new Map();
  const rows = await db.appointment.groupBy({
    by: ["seekerId"],
    where: { seekerId: { in: [...seekerIds] }, status: "SCHEDULED", startsAt: { gt: now } },
    _count: { _all: true },
  });
  return new Map(rows.map((row) => [row.seekerId, row._count._all]));
}
