/**
 * The move of an agency to the 2025 offer (issue 20): the seekers already followed must each have a contrat
 * d'engagement signed by the transition deadline (1 January 2027; 2028 overseas). The countdown and the count are
 * shown on the settings page and the agency's dashboard, the list on /agence/transition. Read-only: nothing here
 * writes.
 */
import "server-only";
import { offerTransitionCountdown } from "@/domain";
import { Prisma, type AgencyOffer, type Modality } from "@/generated/prisma/client";
import { readPrisma } from "@/server/db";
import type { Actor } from "@/server/auth/policy";
import { openAgency, type AgencyContext, type Db } from "./agency-context";
import { pageWindow, SEEKER_NAME_ORDER } from "./pagination";

export const TRANSITION_PAGE_SIZE = 25;

export type TransitionSummary = {
  /** The day by which every followed seeker must have a signed contract (the agency's département). */
  deadline: string;
  /** Calendar days from the agency's today to the deadline (negative once passed). */
  daysLeft: number;
  /** Followed seekers whose latest contract revision is not signed, or who have none. */
  withoutSignedContract: number;
};

/**
 * The followed seekers `s` of the agency whose latest contract revision (`latest`) is not signed, or who have none:
 * the FROM and WHERE of both the count and the list.
 */
function withoutSignedContract(agencyId: string): Prisma.Sql {
  return Prisma.sql`FROM "Seeker" s
    LEFT JOIN LATERAL (
      SELECT c."revision", c."signedOn" FROM "EngagementContract" c WHERE c."seekerId" = s."id" ORDER BY c."revision" DESC LIMIT 1
    ) latest ON true
    WHERE s."agencyId" = ${agencyId}::uuid AND s."status" = 'FOLLOWED' AND latest."signedOn" IS NULL`;
}

async function countWithoutSignedContract(db: Db, agencyId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS "n" ${withoutSignedContract(agencyId)}`;
  return row?.n ?? 0;
}

/** The countdown and the count of an agency on the 2025 offer; null for an agency on the 2014 offer. */
export async function transitionSummary(
  db: Db,
  agency: { id: string; departement: string; offer: AgencyOffer; today: string },
): Promise<TransitionSummary | null> {
  if (agency.offer !== "OFFRE_2025") return null;
  const { deadline, daysLeft } = offerTransitionCountdown(agency.departement, agency.today);
  return { deadline, daysLeft, withoutSignedContract: await countWithoutSignedContract(db, agency.id) };
}

export type TransitionList = {
  agency: AgencyContext;
  /** Null for an agency on the 2014 offer: nothing to sign, an empty list. */
  summary: TransitionSummary | null;
  total: number;
  page: number;
  pageCount: number;
  rows: {
    seekerId: string;
    franceTravailId: string;
    firstName: string;
    lastName: string;
    modality: Modality | null;
    /** The latest contract revision, not signed; null when the seeker has no contract yet. */
    draftRevision: number | null;
  }[];
};

/**
 * The followed seekers of an agency on the 2025 offer still without a signed contract, by name, a page at a time;
 * null when the actor may not read that agency (an agency on the 2014 offer: no summary and no rows).
 */
export async function transitionList(actor: Actor, agencyId: string, options: { now?: Date; page?: number } = {}): Promise<TransitionList | null> {
  const db = await readPrisma();
  const agency = await openAgency(db, actor, agencyId, options.now ?? new Date());
  if (!agency) return null;
  const summary = await transitionSummary(db, agency);
  if (!summary) return { agency, summary: null, total: 0, page: 1, pageCount: 1, rows: [] };
  const total = summary.withoutSignedContract;
  const { page, pageCount, offset } = pageWindow(total, options.page, TRANSITION_PAGE_SIZE);
  const rows = await db.$queryRaw<TransitionList["rows"]>`
    SELECT s."id"::text AS "seekerId", s."franceTravailId", s."firstName", s."lastName", s."modality"::text AS "modality",
           latest."revision" AS "draftRevision"
      ${withoutSignedContract(agency.id)}
     ORDER BY ${SEEKER_NAME_ORDER}
     LIMIT ${TRANSITION_PAGE_SIZE} OFFSET ${offset}`;
  return { agency, summary, total, page, pageCount, rows };
}

/** The transition card of the agency's dashboard: null when the actor may not read it, or on the 2014 offer. */
export async function agencyTransition(actor: Actor, agencyId: string, options: { now?: Date } = {}): Promise<TransitionSummary | null> {
  const db = await readPrisma();
  const agency = await openAgency(db, actor, agencyId, options.now ?? new Date());
  return agency ? transitionSummary(db, agency) : null;
}
