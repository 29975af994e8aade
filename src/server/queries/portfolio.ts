import "server-only";
import { prisma } from "@/server/db";
import { agencyScope, type Actor } from "@/server/auth/policy";
import type { Modality } from "@/generated/prisma/client";
import { pageWindow, SEEKER_NAME_ORDER } from "./pagination";
import { listedSeeker } from "./selects";

const PORTFOLIO_PAGE_SIZE = 50;

type PortfolioView = {
  portfolio: { id: string; modality: Modality; cap: number; load: number; advisorName: string };
  agency: { id: string; name: string };
  seekers: { id: string; franceTravailId: string; firstName: string; lastName: string; registrationDate: Date; futureAppointments: number }[];
  page: number;
  pageCount: number;
  /** The other portfolios of the same agency and modality a seeker may move to (active advisors). */
  targets: { id: string; advisorName: string; load: number; cap: number }[];
};

/** One portfolio of an agency the actor manages, a page of its seekers (French alphabetical order) and where they may go. */
export async function portfolioView(actor: Actor, portfolioId: string, requestedPage: number, now: Date = new Date()): Promise<PortfolioView | null> {
  const db = await prisma();
  const portfolio = await db.portfolio.findFirst({
    where: { id: portfolioId, agency: agencyScope(actor) },
    select: {
      id: true,
      modality: true,
      cap: true,
      agency: { select: { id: true, name: true } },
      advisor: { select: { firstName: true, lastName: true } },
    },
  });
  if (!portfolio) return null;
  const [load, siblings] = await Promise.all([
    db.seeker.count({ where: { portfolioId } }),
    db.portfolio.findMany({
      where: { agencyId: portfolio.agency.id, modality: portfolio.modality, id: { not: portfolioId }, advisor: { active: true } },
      select: { id: true, cap: true, advisor: { select: { firstName: true, lastName: true } } },
      orderBy: [{ advisor: { lastName: "asc" } }, { advisor: { firstName: "asc" } }],
    }),
  ]);
  const { page, pageCount, offset } = pageWindow(load, requestedPage, PORTFOLIO_PAGE_SIZE);
  // The page's ids in French order (« Guérin » before « Guillot »), whatever the database's collation.
  const pageIds = (
    await db.$queryRaw<{ id: string }[]>`SELECT s."id"::text AS "id" FROM "Seeker" s WHERE s."portfolioId" = ${portfolioId}::uuid
      ORDER BY ${SEEKER_NAME_ORDER} LIMIT ${PORTFOLIO_PAGE_SIZE} OFFSET ${offset}`
  ).map((row) => row.id);
  const [pageSeekers, siblingLoads] = await Promise.all([
    db.seeker.findMany({
      where: { id: { in: pageIds } },
      select: {
        ...listedSeeker,
        _count: { select: { appointments: { where: { status: "SCHEDULED", startsAt: { gt: now } } } } },
      },
    }),
    siblings.length
      ? db.seeker.groupBy({ by: ["portfolioId"], where: { portfolioId: { in: siblings.map((s) => s.id) } }, _count: { _all: true } })
      : Promise.resolve([]),
  ]);
  const loadOf = new Map(siblingLoads.map((row) => [row.portfolioId, row._count._all]));
  const seekerById = new Map(pageSeekers.map((seeker) => [seeker.id, seeker]));
  const seekers = pageIds.flatMap((id) => seekerById.get(id) ?? []);
  return {
    portfolio: {
      id: portfolio.id,
      modality: portfolio.modality,
      cap: portfolio.cap,
      load,
      advisorName: `${portfolio.advisor.firstName} ${portfolio.advisor.lastName}`,
    },
    agency: portfolio.agency,
    seekers: seekers.map(({ _count, ...seeker }) => ({ ...seeker, futureAppointments: _count.appointments })),
    page,
    pageCount,
    targets: siblings
      .map((s) => ({
        id: s.id,
        advisorName: `${s.advisor.firstName} ${s.advisor.lastName}`,
        load: loadOf.get(s.id) ?? 0,
        cap: s.cap,
        lastName: s.advisor.lastName,
      }))
      .sort((a, b) => a.lastName.localeCompare(b.lastName, "fr") || a.advisorName.localeCompare(b.advisorName, "fr"))
      .map(({ lastName: _lastName, ...target }) => target),
  };
}
