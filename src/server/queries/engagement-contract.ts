/**
 * The contrat d'engagement of a seeker's file (issue 20, docs/rules.md#contrat-dengagement): the current revision,
 * the history of revisions, the due date and the status of the obligation to sign. Read-only: nothing here writes.
 * `latestOrientationOf` and `revisionFactsOf` are shared with the use case (src/server/use-cases/engagement-contract.ts).
 */
import "server-only";
import {
  ACTION_STATUS_LABELS,
  CONTRACT_STATUS_LABELS,
  contractObligationStatus,
  decidedOrientation,
  fromHalfHours,
  INTENSITY_LABELS,
  localDateOf,
  readStoredPlan,
  REFERENT_LABELS,
  timeZoneOf,
  weeklyActivityLabel,
  type ContractObligation,
  type ContractPlan,
  type ContractRevisionFacts,
  type Intensity,
  type IsoDate,
  type OrientationFacts,
} from "@/domain";
import type { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/server/db";
import { hasPermission, SEEKER_SCOPES, type Actor } from "@/server/auth/policy";
import { isUuid } from "@/lib/route-params";
import { isoDate } from "@/lib/format";

type Reader = Pick<Prisma.TransactionClient, "orientation" | "departementDecision" | "engagementContract">;

/** The seeker's latest orientation (by creation) with the département's decision on it, as the domain reads it. */
export async function latestOrientationOf(db: Reader, seekerId: string): Promise<{ id: string; createdAt: Date; facts: OrientationFacts } | null> {
  const orientation = await db.orientation.findFirst({
    where: { seekerId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, createdAt: true, decidedBy: true, parcours: true, referent: true, intensity: true, professionalScore: true, notifiedOn: true },
  });
  if (!orientation) return null;
  const decision =
    orientation.decidedBy === "DEPARTEMENT"
      ? await db.departementDecision.findUnique({ where: { orientationId: orientation.id }, select: { decidedOn: true, parcours: true, referent: true } })
      : null;
  return {
    id: orientation.id,
    createdAt: orientation.createdAt,
    facts: {
      decidedBy: orientation.decidedBy,
      parcours: orientation.parcours,
      referent: orientation.referent,
      intensity: orientation.intensity,
      professionalScore: orientation.professionalScore,
      notifiedOn: orientation.notifiedOn ? isoDate(orientation.notifiedOn) : null,
      departementDecision: decision ? { decidedOn: isoDate(decision.decidedOn), parcours: decision.parcours, referent: decision.referent } : null,
    },
  };
}

/** Every revision's orientation, number and signature date (what the obligation's status needs). */
export async function revisionFactsOf(db: Reader, seekerId: string): Promise<ContractRevisionFacts[]> {
  const rows = await db.engagementContract.findMany({
    where: { seekerId },
    orderBy: { revision: "asc" },
    select: { orientationId: true, revision: true, signedOn: true },
  });
  return rows.map((r) => ({ orientationId: r.orientationId, revision: r.revision, signedOn: r.signedOn ? isoDate(r.signedOn) : null }));
}

export type ContractRevisionView = {
  id: string;
  revision: number;
  /** A revision of an earlier orientation (the current orientation asks for a new contract). */
  earlierOrientation: boolean;
  signedOn: IsoDate | null;
  savedOn: IsoDate;
  authorName: string;
  intensity: Intensity | null;
  intensityLabel: string | null;
  weeklyHours: number;
  weeklyLabel: string;
  weeklyHoursReason: string | null;
  plan: ContractPlan & { actionLabels: string[] };
  seekerCommitments: string;
  advisorCommitments: string;
};

export type SeekerContract =
  /** No 2025 orientation decided for France Travail: why no contract is edited here. */
  | { kind: "NOT_APPLICABLE"; reason: string; obligation: ContractObligation | null; revisions: ContractRevisionView[] }
  | {
      kind: "OPEN";
      obligation: ContractObligation & { label: string };
      notifiedOn: IsoDate;
      intensity: Intensity | null;
      intensityLabel: string | null;
      /** Newest first. */
      revisions: ContractRevisionView[];
      mayEdit: boolean;
      today: IsoDate;
    };

/**
 * The contract section of a seeker's file, for staff who may read the file's orientation (advisor's scope, the
 * agency for a manager); null when the actor may not, the seeker is outside their scope or the agency is on the 2014
 * offer (no contract there).
 */
export async function seekerContract(actor: Actor, seekerId: string, options: { now?: Date } = {}): Promise<SeekerContract | null> {
  if (!hasPermission(actor, "contract:read") || !isUuid(seekerId)) return null;
  const db = await prisma();
  const seeker = await db.seeker.findFirst({
    where: { AND: [SEEKER_SCOPES.orientation(actor), { id: seekerId }] },
    select: { id: true, status: true, agency: { select: { offer: true, departement: true } } },
  });
  if (!seeker || seeker.agency.offer !== "OFFRE_2025") return null;
  const { departement } = seeker.agency;
  const timeZone = timeZoneOf(departement);
  const today = localDateOf((options.now ?? new Date()).toISOString(), timeZone);
  const orientation = await latestOrientationOf(db, seeker.id);
  const rows = await db.engagementContract.findMany({
    where: { seekerId: seeker.id },
    orderBy: { revision: "desc" },
    select: {
      id: true,
      orientationId: true,
      revision: true,
      signedOn: true,
      createdAt: true,
      intensity: true,
      weeklyHalfHours: true,
      weeklyHoursReason: true,
      plan: true,
      seekerCommitments: true,
      advisorCommitments: true,
      authorId: true,
    },
  });
  // The authors' names: colleagues of the agency (or the manager) who saved a revision.
  const authors = await db.user.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.authorId))] } },
    select: { id: true, firstName: true, lastName: true },
  });
  const nameOf = (id: string) => {
    const user = authors.find((a) => a.id === id);
    return user ? `${user.firstName} ${user.lastName}` : "Compte inconnu";
  };
  const revisions: ContractRevisionView[] = rows.map((r) => {
    const plan = readStoredPlan(r.plan);
    return {
      id: r.id,
      revision: r.revision,
      earlierOrientation: orientation !== null && r.orientationId !== orientation.id,
      signedOn: r.signedOn ? isoDate(r.signedOn) : null,
      savedOn: localDateOf(r.createdAt.toISOString(), timeZone),
      authorName: nameOf(r.authorId),
      intensity: r.intensity,
      intensityLabel: r.intensity ? INTENSITY_LABELS[r.intensity] : null,
      weeklyHours: fromHalfHours(r.weeklyHalfHours),
      weeklyLabel: weeklyActivityLabel(r.weeklyHalfHours),
      weeklyHoursReason: r.weeklyHoursReason,
      plan: { ...plan, actionLabels: plan.actions.map((a) => ACTION_STATUS_LABELS[a.status]) },
      seekerCommitments: r.seekerCommitments,
      advisorCommitments: r.advisorCommitments,
    };
  });
  const facts = revisions.map((r) => ({ orientationId: rows.find((row) => row.id === r.id)!.orientationId, revision: r.revision, signedOn: r.signedOn }));

  if (!orientation) {
    const obligation = seeker.status === "FOLLOWED" ? contractObligationStatus({ departement, latestOrientation: null, revisions: facts, today }) : null;
    return { kind: "NOT_APPLICABLE", reason: "Pas encore d'orientation 2025 : le contrat d'engagement s'établit après l'orientation.", obligation, revisions };
  }
  const decided = decidedOrientation(orientation.facts);
  if (!decided) {
    return {
      kind: "NOT_APPLICABLE",
      reason: "L'orientation attend la décision du département : le contrat d'engagement s'établira une fois l'orientation décidée.",
      obligation: null,
      revisions,
    };
  }
  if (decided.referent !== "FRANCE_TRAVAIL") {
    return {
      kind: "NOT_APPLICABLE",
      reason: `Orienté vers ${REFERENT_LABELS[decided.referent]} : c'est cet organisme qui établit le contrat d'engagement.`,
      obligation: null,
      revisions,
    };
  }
  const notifiedOn = decided.notifiedOn ?? localDateOf(orientation.createdAt.toISOString(), timeZone);
  const obligation = contractObligationStatus({ departement, latestOrientation: { id: orientation.id, notifiedOn }, revisions: facts, today });
  const mayEdit =
    hasPermission(actor, "contract:write") &&
    seeker.status !== "CLOSED" &&
    (await db.seeker.count({ where: { AND: [SEEKER_SCOPES.contract(actor), { id: seeker.id }] } })) > 0;
  return {
    kind: "OPEN",
    obligation: { ...obligation, label: CONTRACT_STATUS_LABELS[obligation.status] },
    notifiedOn,
    intensity: decided.intensity,
    intensityLabel: decided.intensity ? INTENSITY_LABELS[decided.intensity] : null,
    revisions,
    mayEdit,
    today,
  };
}
