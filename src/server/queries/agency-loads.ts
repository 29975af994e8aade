import "server-only";
import { readPrisma } from "@/server/db";
import { agencyScope, type Actor } from "@/server/auth/policy";
import { ALL_MODALITIES, modalitiesOfOffer } from "@/domain";
import type { AgencyOffer, Modality } from "@/generated/prisma/client";
import { AGENCY_LOADS_SORT, checkedSort, type AgencyLoadsSortColumn } from "@/lib/table-sort";

type PortfolioLoad = {
  portfolioId: string;
  advisorId: string;
  advisorName: string;
  modality: Modality;
  load: number;
  cap: number;
};

export type AgencyLoads = {
  agency: { id: string; name: string; departement: string };
  portfolios: PortfolioLoad[];
  /** The offer's modalities only (a 2014 agency: the four of 2014). */
  totals: Partial<Record<Modality, { load: number; cap: number }>>;
  awaitingDiagnostic: number;
};

type Db = Awaited<ReturnType<typeof readPrisma>>;

export type AgencyPortfolio = { id: string; modality: Modality; cap: number; advisor: { id: string; firstName: string; lastName: string } };

/** The agency's portfolios with their advisors (one join), by advisor's last name then modality (the agency already opened). */
export async function agencyPortfolios(db: Db, agencyId: string): Promise<AgencyPortfolio[]> {
  const rows = await db.$queryRaw<{ id: string; modality: Modality; cap: number; advisorId: string; firstName: string; lastName: string }[]>`
    SELECT p."id", p."modality"::text AS modality, p."cap", u."id" AS "advisorId", u."firstName", u."lastName"
    FROM "Portfolio" p JOIN "User" u ON u."id" = p."advisorId"
    WHERE p."agencyId" = ${agencyId}::uuid
    ORDER BY u."lastName", p."modality", u."firstName", u."id"`;
  return rows.map(({ advisorId, firstName, lastName, ...portfolio }) => ({
    ...portfolio,
    cap: Number(portfolio.cap),
    advisor: { id: advisorId, firstName, lastName },
  }));
}

/** Each portfolio's load against its cap, and the totals per modality of the agency's offer (`modalitiesOfOffer`). */
export function withLoads(
  portfolios: readonly AgencyPortfolio[],
  loadByPortfolio: ReadonlyMap<string | null, number>,
  offer: AgencyOffer,
): Pick<AgencyLoads, "portfolios" | "totals"> {
  const rows = portfolios.map((portfolio) => ({
    portfolioId: portfolio.id,
    advisorId: portfolio.advisor.id,
    advisorName: `${portfolio.advisor.firstName} ${portfolio.advisor.lastName}`,
    modality: portfolio.modality,
    load: loadByPortfolio.get(portfolio.id) ?? 0,
    cap: portfolio.cap,
  }));
  const totals = Object.fromEntries(
    modalitiesOfOffer(offer).map((modality) => {
      const ofModality = rows.filter((row) => row.modality === modality);
      return [modality, { load: ofModality.reduce((sum, r) => sum + r.load, 0), cap: ofModality.reduce((sum, r) => sum + r.cap, 0) }];
    }),
  ) as AgencyLoads["totals"];
  return { portfolios: rows, totals };
}

/** Loads of every portfolio of an agency the actor may read, with the number of seekers awaiting a diagnostic. */
export async function agencyLoads(actor: Actor, agencyId: string): Promise<AgencyLoads | null> {
  const db = await readPrisma();
  const agency = await db.agency.findFirst({
    where: { AND: [agencyScope(actor), { id: agencyId }] },
    select: { id: true, name: true, departement: true, offer: true },
  });
  if (!agency) return null;
  const [portfolios, counts, awaitingDiagnostic] = await Promise.all([
    agencyPortfolios(db, agency.id),
    db.seeker.groupBy({ by: ["portfolioId"], where: { agencyId: agency.id, portfolioId: { not: null } }, _count: { _all: true } }),
    db.seeker.count({ where: { agencyId: agency.id, status: "AWAITING_DIAGNOSTIC" } }),
  ]);
  const loads = withLoads(portfolios, new Map(counts.map((row) => [row.portfolioId, row._count._all])), agency.offer);
  return { agency: { id: agency.id, name: agency.name, departement: agency.departement }, ...loads, awaitingDiagnostic };
}

/** The agencies an actor may open, with their seeker counts (the admin's roll-up). */
export async function listAgencies(actor: Actor) {
  const db = await readPrisma();
  const agencies = await db.agency.findMany({
    where: agencyScope(actor),
    orderBy: { name: "asc" },
    select: { id: true, code: true, name: true, departement: true, globalPartnership: true, offer: true },
  });
  const ids = agencies.map((agency) => agency.id);
  const [seekers, portfolios] = await Promise.all([
    db.seeker.groupBy({ by: ["agencyId"], where: { agencyId: { in: ids } }, _count: { _all: true } }),
    db.portfolio.groupBy({ by: ["agencyId"], where: { agencyId: { in: ids } }, _count: { _all: true } }),
  ]);
  const seekersOf = new Map(seekers.map((row) => [row.agencyId, row._count._all]));
  const portfoliosOf = new Map(portfolios.map((row) => [row.agencyId, row._count._all]));
  return agencies.map((agency) => ({ ...agency, seekers: seekersOf.get(agency.id) ?? 0, portfolios: portfoliosOf.get(agency.id) ?? 0 }));
}

type AgencyRollupRow = {
  id: string;
  code: string;
  name: string;
  departement: string;
  globalPartnership: boolean;
  followed: Record<Modality, number>;
  caps: Record<Modality, number>;
  awaitingDiagnostic: number;
};

const zeroByModality = (): Record<Modality, number> => ({ SUIVI: 0, GUIDE: 0, RENFORCE: 0, GLOBAL: 0, INTENSIF: 0, AGILE: 0, TANDEM: 0 });

/** Every agency the actor may see with followed seekers and summed portfolio caps per modality, and the total row. */
export async function agencyRollup(
  actor: Actor,
): Promise<{ agencies: AgencyRollupRow[]; total: Omit<AgencyRollupRow, "id" | "code" | "name" | "departement" | "globalPartnership"> }> {
  const db = await readPrisma();
  const agencies = await db.agency.findMany({
    where: agencyScope(actor),
    orderBy: { name: "asc" },
    select: { id: true, code: true, name: true, departement: true, globalPartnership: true },
  });
  const ids = agencies.map((a) => a.id);
  const [followed, awaiting, caps] = await Promise.all([
    db.seeker.groupBy({ by: ["agencyId", "modality"], where: { agencyId: { in: ids }, status: "FOLLOWED" }, _count: { _all: true } }),
    db.seeker.groupBy({ by: ["agencyId"], where: { agencyId: { in: ids }, status: "AWAITING_DIAGNOSTIC" }, _count: { _all: true } }),
    db.portfolio.groupBy({ by: ["agencyId", "modality"], where: { agencyId: { in: ids } }, _sum: { cap: true } }),
  ]);
  const rows = new Map<string, AgencyRollupRow>(
    agencies.map((a) => [a.id, { ...a, followed: zeroByModality(), caps: zeroByModality(), awaitingDiagnostic: 0 }]),
  );
  for (const row of followed) if (row.modality) rows.get(row.agencyId)!.followed[row.modality] = row._count._all;
  for (const row of caps) rows.get(row.agencyId)!.caps[row.modality] = row._sum.cap ?? 0;
  for (const row of awaiting) rows.get(row.agencyId)!.awaitingDiagnostic = row._count._all;
  const total = { followed: zeroByModality(), caps: zeroByModality(), awaitingDiagnostic: 0 };
  for (const row of rows.values()) {
    for (const m of ALL_MODALITIES) {
      total.followed[m] += row.followed[m];
      total.caps[m] += row.caps[m];
    }
    total.awaitingDiagnostic += row.awaitingDiagnostic;
  }
  return { agencies: [...rows.values()], total };
}

const MODALITY_RANK: Record<Modality, number> = { SUIVI: 0, GUIDE: 1, RENFORCE: 2, GLOBAL: 3, INTENSIF: 4, AGILE: 5, TANDEM: 6 };
const french = new Intl.Collator("fr");

/**
 * The loads table of /agence in the order asked for (`?tri=&ordre=`): by advisor (French order of last then first
 * name), modality (from the lightest to the most intensive), load, or fill rate (a portfolio without a cap last);
 * ties by advisor, then modality. A few dozen rows: sorted here, on the server. `portfolios` gives the advisors' names.
 */
export function sortLoads(
  rows: readonly PortfolioLoad[],
  portfolios: readonly AgencyPortfolio[],
  sort: { column?: unknown; order?: unknown } | null | undefined,
): PortfolioLoad[] {
  const { column, order } = checkedSort(AGENCY_LOADS_SORT, sort);
  const sign = order === "asc" ? 1 : -1;
  const advisorOf = new Map(portfolios.map((portfolio) => [portfolio.id, portfolio.advisor]));
  const byAdvisor = (a: PortfolioLoad, b: PortfolioLoad) => {
    const x = advisorOf.get(a.portfolioId);
    const y = advisorOf.get(b.portfolioId);
    return (
      french.compare(x?.lastName ?? "", y?.lastName ?? "") ||
      french.compare(x?.firstName ?? "", y?.firstName ?? "") ||
      a.advisorId.localeCompare(b.advisorId) ||
      MODALITY_RANK[a.modality] - MODALITY_RANK[b.modality]
    );
  };
  const tie = (a: PortfolioLoad, b: PortfolioLoad) => byAdvisor(a, b) || a.portfolioId.localeCompare(b.portfolioId);
  const rate = (row: PortfolioLoad) => (row.cap > 0 ? row.load / row.cap : null);
  const compare: Record<AgencyLoadsSortColumn, (a: PortfolioLoad, b: PortfolioLoad) => number> = {
    conseiller: (a, b) => sign * byAdvisor(a, b) || a.portfolioId.localeCompare(b.portfolioId),
    modalite: (a, b) => sign * (MODALITY_RANK[a.modality] - MODALITY_RANK[b.modality]) || tie(a, b),
    demandeurs: (a, b) => sign * (a.load - b.load) || tie(a, b),
    taux: (a, b) => {
      const x = rate(a);
      const y = rate(b);
      if (x === null || y === null) return x === y ? tie(a, b) : x === null ? 1 : -1;
      return sign * (x - y) || tie(a, b);
    },
  };
  return [...rows].sort(compare[column]);
}
