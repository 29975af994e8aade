/**
 * The joint diagnostics of an agency's followed seekers (issue 20, docs/rules.md#joint-diagnostic): for each seeker in
 * a portfolio, their latest orientation (the département's decided parcours when recorded), the latest signed
 * revision of their contract and their JOINT_DIAGNOSTIC appointments, judged by the domain's
 * `jointDiagnosticTracking` — the rule is not restated in SQL. Read-only, and free of the pages' helpers: the
 * command-line planner (scripts/plan-reviews.ts) reads through it too; the scoped readers are in joint-diagnostics.ts.
 */
import { Prisma } from "@/generated/prisma/client";
import {
  jointDiagnosticTracking,
  localDateOf,
  type IsoDate,
  type JointDiagnosticOrientation,
  type JointDiagnosticState,
  type JointDiagnosticTracking,
  type Parcours,
} from "@/domain";
import { PREPARED } from "@/server/db/connection";
import type { Db } from "./agency-context";

/** A Prisma client or transaction: what these reads need. */
export type JointDiagnosticReader = Pick<Db, "$queryRaw" | "seeker" | "appointment" | "socialTandem">;

export type JointDiagnosticRow = JointDiagnosticTracking & {
  seekerId: string;
  franceTravailId: string;
  firstName: string;
  lastName: string;
  /** The advisor in charge (the seeker's portfolio), or null outside France Travail's portfolios. */
  advisor: { id: string; name: string } | null;
  /** The social worker of the seeker's open tandem, if any (invited with the advisor). */
  socialWorkerId: string | null;
  /** The booked appointment's start, for this contract. */
  bookedAt: Date | null;
  orientation: JointDiagnosticOrientation | null;
  contractSignedOn: IsoDate | null;
};

/** Which seekers: an agency's (optionally one advisor's portfolios, or some seekers). */
export type JointDiagnosticFilter = { agencyId: string; advisorId?: string | null; seekerIds?: readonly string[] };

/**
 * The joint-diagnostic situation of the filter's seekers in a portfolio, in name order: each named seeker (NOT_DUE
 * included), or without names every seeker with a signed contract.
 */
export async function jointDiagnosticRows(
  db: JointDiagnosticReader,
  filter: JointDiagnosticFilter,
  today: IsoDate,
  timeZone: string,
): Promise<JointDiagnosticRow[]> {
  // Without named seekers, only those with a signed contract can be anything but NOT_DUE: read those alone (none in an
  // agency on the 2014 offer), not every followed file of the agency.
  const signed =
    filter.seekerIds === undefined
      ? (
          await db.$queryRaw<{ seekerId: string }[]>`${Prisma.raw(PREPARED)}
            SELECT DISTINCT c."seekerId"::text AS "seekerId" FROM "EngagementContract" c
            WHERE c."agencyId" = ${filter.agencyId}::uuid AND c."signedOn" IS NOT NULL`
        ).map((r) => r.seekerId)
      : [...filter.seekerIds];
  if (signed.length === 0) return [];
  const seekers = await db.seeker.findMany({
    where: {
      agencyId: filter.agencyId,
      status: "FOLLOWED",
      portfolioId: { not: null },
      ...(filter.advisorId ? { portfolio: { advisorId: filter.advisorId } } : {}),
      id: { in: signed },
    },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    select: {
      id: true,
      franceTravailId: true,
      firstName: true,
      lastName: true,
      portfolio: { select: { advisor: { select: { id: true, firstName: true, lastName: true } } } },
    },
  });
  if (seekers.length === 0) return [];
  const ids = seekers.map((seeker) => seeker.id);
  const idArray = Prisma.sql`${ids}::uuid[]`;
  const [orientations, contracts, appointments, tandems] = await Promise.all([
    // The latest orientation of each seeker; the département's decision, when recorded, decides the parcours.
    db.$queryRaw<{ seekerId: string; parcours: Parcours; situation: unknown; answers: unknown }[]>`${Prisma.raw(PREPARED)}
      SELECT DISTINCT ON (o."seekerId") o."seekerId"::text AS "seekerId", coalesce(d."parcours", o."parcours")::text AS "parcours",
             o."situation", o."answers"
      FROM "Orientation" o LEFT JOIN "DepartementDecision" d ON d."orientationId" = o."id"
      WHERE o."seekerId" = ANY(${idArray})
      ORDER BY o."seekerId", o."createdAt" DESC, o."id" DESC`,
    // The latest signed revision of each seeker's contract: « signé ou révisé le ».
    db.$queryRaw<{ seekerId: string; signedOn: string }[]>`${Prisma.raw(PREPARED)}
      SELECT DISTINCT ON (c."seekerId") c."seekerId"::text AS "seekerId", to_char(c."signedOn", 'YYYY-MM-DD') AS "signedOn"
      FROM "EngagementContract" c
      WHERE c."seekerId" = ANY(${idArray}) AND c."signedOn" IS NOT NULL
      ORDER BY c."seekerId", c."revision" DESC`,
    db.appointment.findMany({
      where: { seekerId: { in: ids }, kind: "JOINT_DIAGNOSTIC" },
      select: { seekerId: true, status: true, startsAt: true },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    }),
    db.socialTandem.findMany({
      where: { seekerId: { in: ids }, endedAt: null },
      orderBy: { startedAt: "desc" },
      select: { seekerId: true, socialWorkerId: true },
    }),
  ]);
  const orientationOf = new Map(orientations.map((o) => [o.seekerId, { parcours: o.parcours, situation: o.situation, answers: o.answers }]));
  const signedOf = new Map(contracts.map((c) => [c.seekerId, c.signedOn]));
  const socialWorkerOf = new Map<string, string>();
  for (const tandem of tandems) if (!socialWorkerOf.has(tandem.seekerId)) socialWorkerOf.set(tandem.seekerId, tandem.socialWorkerId);
  return seekers.map((seeker) => {
    const own = appointments.filter((a) => a.seekerId === seeker.id);
    const orientation = orientationOf.get(seeker.id) ?? null;
    const contractSignedOn = signedOf.get(seeker.id) ?? null;
    const tracking = jointDiagnosticTracking({
      orientation,
      contractSignedOn,
      today,
      appointments: own.map((a) => ({ status: a.status, date: localDateOf(a.startsAt.toISOString(), timeZone) })),
    });
    const booked =
      tracking.bookedOn === null
        ? undefined
        : own.find((a) => a.status === "SCHEDULED" && localDateOf(a.startsAt.toISOString(), timeZone) === tracking.bookedOn);
    const advisor = seeker.portfolio?.advisor ?? null;
    return {
      ...tracking,
      seekerId: seeker.id,
      franceTravailId: seeker.franceTravailId,
      firstName: seeker.firstName,
      lastName: seeker.lastName,
      advisor: advisor ? { id: advisor.id, name: `${advisor.firstName} ${advisor.lastName}` } : null,
      socialWorkerId: socialWorkerOf.get(seeker.id) ?? null,
      bookedAt: booked?.startsAt ?? null,
      orientation,
      contractSignedOn,
    };
  });
}

/** The states a list of joint diagnostics to act on shows: to book, booked, late (as the reviews « à réserver / en retard »). */
export const JOINT_DIAGNOSTIC_LISTED: readonly JointDiagnosticState[] = ["TO_BOOK", "BOOKED", "LATE"];

/** The rows worth a list: due and not done. */
export function listedJointDiagnostics(rows: readonly JointDiagnosticRow[]): JointDiagnosticRow[] {
  return rows.filter((row) => JOINT_DIAGNOSTIC_LISTED.includes(row.state));
}
