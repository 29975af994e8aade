/**
 * Contrats d'engagement due within 7 days or overdue (issue 20, docs/rules.md#contrat-dengagement), for an agency on
 * the 2025 offer. Read-only: nothing here writes.
 *
 * - A seeker whose latest orientation is decided with France Travail as référent (by France Travail, or by the
 *   département on its decision's date) and has no signed revision for that orientation: due a month after the
 *   notification (`contractObligationStatus`). A proposal still waiting for the département, or another organisme
 *   référent, is not France Travail's contract to sign: not listed.
 * - A followed seeker with no orientation at all (followed before the agency's switch): the transition deadline
 *   (1 January 2027, 2028 overseas), listed once it is within 7 days or past. The /agence/transition page lists every
 *   followed seeker still without a signed contract, whatever the date.
 *
 * The SQL selects by the notification day (`latestNotificationDueBy`), the due date and status come from the domain.
 * The advisor sees their own portfolios; the manager (or an administrator) the agency, with the advisors' names.
 */
import "server-only";
import {
  addDays,
  compareDates,
  CONTRACT_DUE_SOON_DAYS,
  contractObligationStatus,
  latestNotificationDueBy,
  localDateOf,
  offerTransitionDeadline,
  timeZoneOf,
  type IsoDate,
} from "@/domain";
import { Prisma } from "@/generated/prisma/client";
import { readPrisma } from "@/server/db";
import { hasPermission, type Actor } from "@/server/auth/policy";
import { isoDate } from "@/lib/format";
import { openAgency, type AgencyContext, type Db } from "./agency-context";
import { byName, paginate } from "./pagination";

export const CONTRACTS_DUE_PAGE_SIZE = 25;

export type ContractDueRow = {
  seekerId: string;
  franceTravailId: string;
  firstName: string;
  lastName: string;
  /** The advisor whose portfolio holds the file; null while it waits in the queue. */
  advisorName: string | null;
  /** ORIENTED: a month after the orientation's notification; TRANSITION: followed before the switch, not oriented yet. */
  kind: "ORIENTED" | "TRANSITION";
  dueOn: IsoDate;
  daysLeft: number;
  status: "DUE_SOON" | "OVERDUE";
};

type RawRow = {
  id: string;
  franceTravailId: string;
  firstName: string;
  lastName: string;
  advisorFirstName: string | null;
  advisorLastName: string | null;
  orientationId: string | null;
  notifiedOn: Date | null;
};

/**
 * The rows of one agency (optionally one advisor's portfolios), most overdue first, then by name. `today` is the
 * agency's local day.
 */
async function dueRows(db: Db, agency: { id: string; departement: string }, today: IsoDate, advisorId: string | null): Promise<ContractDueRow[]> {
  const limit = addDays(today, CONTRACT_DUE_SOON_DAYS);
  const notifiedBy = latestNotificationDueBy(limit);
  const transitionDue = compareDates(offerTransitionDeadline(agency.departement), limit) <= 0;
  const advisorFilter = advisorId === null ? Prisma.empty : Prisma.sql`AND p."advisorId" = ${advisorId}::uuid`;
  const raw = await db.$queryRaw<RawRow[]>`
    SELECT s."id"::text AS "id", s."franceTravailId", s."firstName", s."lastName",
           u."firstName" AS "advisorFirstName", u."lastName" AS "advisorLastName",
           o."id"::text AS "orientationId",
           CASE WHEN o."decidedBy" = 'FRANCE_TRAVAIL' THEN o."notifiedOn" ELSE d."decidedOn" END AS "notifiedOn"
      FROM "Seeker" s
      LEFT JOIN "Portfolio" p ON p."id" = s."portfolioId"
      LEFT JOIN "User" u ON u."id" = p."advisorId"
      LEFT JOIN LATERAL (
        SELECT o."id", o."decidedBy", o."referent", o."notifiedOn" FROM "Orientation" o
         WHERE o."seekerId" = s."id" ORDER BY o."createdAt" DESC, o."id" DESC LIMIT 1
      ) o ON true
      LEFT JOIN "DepartementDecision" d ON d."orientationId" = o."id"
     WHERE s."agencyId" = ${agency.id}::uuid AND s."status" <> 'CLOSED' ${advisorFilter}
       AND (
         (o."id" IS NULL AND s."status" = 'FOLLOWED' AND ${transitionDue})
         OR (
           ((o."decidedBy" = 'FRANCE_TRAVAIL' AND o."referent" = 'FRANCE_TRAVAIL' AND o."notifiedOn" <= ${notifiedBy}::date)
             OR (o."decidedBy" = 'DEPARTEMENT' AND d."referent" = 'FRANCE_TRAVAIL' AND d."decidedOn" <= ${notifiedBy}::date))
           AND NOT EXISTS (
             SELECT 1 FROM "EngagementContract" c
              WHERE c."seekerId" = s."id" AND c."orientationId" = o."id" AND c."signedOn" IS NOT NULL AND c."signedOn" <= ${today}::date
           )
         )
       )`;
  const rows: ContractDueRow[] = [];
  for (const r of raw) {
    const latestOrientation = r.orientationId === null ? null : { id: r.orientationId, notifiedOn: r.notifiedOn ? isoDate(r.notifiedOn) : null };
    const obligation = contractObligationStatus({ departement: agency.departement, latestOrientation, revisions: [], today });
    if (obligation.status !== "DUE_SOON" && obligation.status !== "OVERDUE") continue; // the SQL's selection, said by the domain
    rows.push({
      seekerId: r.id,
      franceTravailId: r.franceTravailId,
      firstName: r.firstName,
      lastName: r.lastName,
      advisorName: r.advisorFirstName === null ? null : `${r.advisorFirstName} ${r.advisorLastName ?? ""}`.trim(),
      kind: latestOrientation === null ? "TRANSITION" : "ORIENTED",
      dueOn: obligation.dueOn,
      daysLeft: obligation.daysLeft,
      status: obligation.status,
    });
  }
  return rows.sort((a, b) => compareDates(a.dueOn, b.dueOn) || byName({ ...a, id: a.seekerId }, { ...b, id: b.seekerId }));
}

export type CaseloadContractsDue = { today: IsoDate; overdue: number; dueSoon: number; rows: ContractDueRow[] };

/** The advisor's own portfolios: the contracts due within 7 days or overdue; null outside a 2025 agency. */
export async function caseloadContractsDue(actor: Actor, options: { now?: Date } = {}): Promise<CaseloadContractsDue | null> {
  if (actor.role !== "ADVISOR" || !hasPermission(actor, "contract:read") || !actor.agencyId) return null;
  const db = await readPrisma();
  const agency = await db.agency.findUnique({ where: { id: actor.agencyId }, select: { id: true, departement: true, offer: true } });
  if (!agency || agency.offer !== "OFFRE_2025") return null;
  const today = localDateOf((options.now ?? new Date()).toISOString(), timeZoneOf(agency.departement));
  const rows = await dueRows(db, agency, today, actor.id);
  return { today, overdue: rows.filter((r) => r.status === "OVERDUE").length, dueSoon: rows.filter((r) => r.status === "DUE_SOON").length, rows };
}

export type AgencyContractsDue = {
  agency: AgencyContext;
  /** False for an agency on the 2014 offer: no contract, no rows. */
  offer2025: boolean;
  overdue: number;
  dueSoon: number;
  total: number;
  page: number;
  pageCount: number;
  rows: ContractDueRow[];
};

/** The agency's contracts due within 7 days or overdue, a page at a time; null when the actor may not read the agency. */
export async function agencyContractsDue(actor: Actor, agencyId: string, options: { now?: Date; page?: number } = {}): Promise<AgencyContractsDue | null> {
  if (!hasPermission(actor, "contract:read")) return null;
  const db = await readPrisma();
  const agency = await openAgency(db, actor, agencyId, options.now ?? new Date());
  if (!agency) return null;
  if (agency.offer !== "OFFRE_2025") return { agency, offer2025: false, overdue: 0, dueSoon: 0, total: 0, page: 1, pageCount: 1, rows: [] };
  const all = await dueRows(db, agency, agency.today, null);
  const { slice, page, pageCount } = paginate(all, options.page ?? 1, CONTRACTS_DUE_PAGE_SIZE);
  return {
    agency,
    offer2025: true,
    overdue: all.filter((r) => r.status === "OVERDUE").length,
    dueSoon: all.filter((r) => r.status === "DUE_SOON").length,
    total: all.length,
    page,
    pageCount,
    rows: slice,
  };
}
