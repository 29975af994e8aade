import "server-only";
import { readPrisma } from "@/server/db";
import { agencyScope, type Actor } from "@/server/auth/policy";
import type { Modality } from "@/generated/prisma/client";
import { Prisma } from "@/generated/prisma/client";
import { checkedSort, PORTFOLIO_SEEKERS_SORT, type PortfolioSeekersSortColumn, type TableSort } from "@/lib/table-sort";
import { directionNullsLast, pageWindow, SEEKER_NAME_ORDER, seekerNameOrder } from "./pagination";
import { listedSeeker } from "./selects";
import { futureAppointmentsPerSeeker, seekersPerPortfolio } from "./loads";

const PORTFOLIO_PAGE_SIZE = 50;

type PortfolioView = {
  portfolio: { id: string; modality: Modality; cap: number; load: number; advisorName: string };
  agency: { id: string; name: string };
  seekers: { id: string; franceTravailId: string; firstName: string; lastName: string; registrationDate: Date; futureAppointments: number }[];
  /** The sort of the seekers (the one asked for, or the default: French alphabetical order). */
  sort: TableSort<PortfolioSeekersSortColumn>;
  page: number;
  pageCount: number;
  /** The other portfolios of the same agency and modality a seeker may move to (active advisors). */
  targets: { id: string; advisorName: string; load: number; cap: number }[];
};

/**
 * The ORDER BY of a portfolio's seekers `s` for a sort of the table (ties in French name order, then id). The
 * future appointments are counted per seeker only when the table is sorted by them.
 */
function seekerOrder(sort: TableSort<PortfolioSeekersSortColumn>, now: Date): Prisma.Sql {
  const direction = directionNullsLast(sort.order);
  switch (sort.column) {
    case "nom":
      return seekerNameOrder(sort.order);
    case "identifiant":
      return Prisma.sql`s."franceTravailId" ${direction}, s."id"`;
    case "inscription":
      return Prisma.sql`s."registrationDate" ${direction}, ${SEEKER_NAME_ORDER}`;
    case "rdv":
      return Prisma.sql`(SELECT COUNT(*) FROM "Appointment" a WHERE a."seekerId" = s."id" AND a."status" = 'SCHEDULED' AND a."startsAt" > ${now.toISOString()}::timestamptz) ${direction},
        ${SEEKER_NAME_ORDER}`;
  }
}

/**
 * One portfolio of an agency the actor manages, a page of its seekers and where they may go. The seekers are in
 * French alphabetical order unless `sort` asks for another (`?tri=&ordre=`, docs: src/lib/table-sort.ts), sorted
 * and paged by the database.
 */
export async function portfolioView(
  actor: Actor,
  portfolioId: string,
  requestedPage: number,
  now: Date = new Date(),
  options: { sort?: { column?: unknown; order?: unknown } | null } = {},
): Promise<PortfolioView | null> {
  const sort = checkedSort(PORTFOLIO_SEEKERS_SORT, options.sort);
  const db = await readPrisma();
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
  // The page's ids in the asked order; names in French order (« Guérin » before « Guillot »), whatever the database's collation.
  const pageIds = (
    await db.$queryRaw<{ id: string }[]>`SELECT s."id"::text AS "id" FROM "Seeker" s WHERE s."portfolioId" = ${portfolioId}::uuid
      ORDER BY ${seekerOrder(sort, now)} LIMIT ${PORTFOLIO_PAGE_SIZE} OFFSET ${offset}`
  ).map((row) => row.id);
  const [pageSeekers, loadOf, futureAppointments] = await Promise.all([
    db.seeker.findMany({
      where: { id: { in: pageIds } },
      select: listedSeeker,
    }),
    seekersPerPortfolio(
      db,
      siblings.map((s) => s.id),
    ),
    futureAppointmentsPerSeeker(db, pageIds, now),
  ]);
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
    seekers: seekers.map((seeker) => ({ ...seeker, futureAppointments: futureAppointments.get(seeker.id) ?? 0 })),
    sort,
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
