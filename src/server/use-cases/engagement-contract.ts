/**
 * « Le contrat d'engagement » of the 2025 offer (issue 20, docs/rules.md#contrat-dengagement): the advisor in charge
 * (or the agency's manager) saves a full revision — a draft, or signed on a date — of a seeker oriented to France
 * Travail. Each save appends a row (revision 1, 2, …; the table is append-only: never an UPDATE), so the history stays.
 *
 * - Only in an agency on the 2025 offer, only when the latest orientation is decided (not a proposal waiting for the
 *   département) with France Travail as the organisme référent: another organisme makes its own contract.
 * - The intensity is the decided orientation's (France Travail's own offer); the weekly activity 15 h by default,
 *   another value from 0 to 35 h by half hours with a written reason (`validateWeeklyActivity`).
 * - A signed revision needs both sides' commitments and a signature date neither in the future nor before the
 *   orientation's notification.
 * - Race-safe numbering: the seeker row is locked (FOR UPDATE), the next number read under the lock, and the unique
 *   (seekerId, revision) index backs it; an editor opened on an older revision is refused (`baseRevision`).
 * Journaled with codes and counts only (`contract.saved`), never the plan's or the commitments' texts.
 */
import "server-only";
import {
  checkSignatureDate,
  contractObligationStatus,
  decidedOrientation,
  localDateOf,
  REFERENT_LABELS,
  timeZoneOf,
  toHalfHours,
  validateContractWeeklyActivity,
  type ContractStatus,
  type IsoDate,
} from "@/domain";
import { auditRow } from "@/server/audit";
import type { Actor } from "@/server/auth/policy";
import { requirePermission, requireSeekerInScope } from "@/server/auth/row-scope";
import { DomainError } from "@/server/errors";
import { latestOrientationOf, revisionFactsOf } from "@/server/queries/engagement-contract";
import { nowOf, parseInput, runInTransaction, type Tx, type UseCaseOptions } from "./kit";
import { saveEngagementContractSchema, type SaveEngagementContractInput } from "./engagement-contract.schema";
import { dateColumn } from "./seeker-release";
import { isUniqueViolation } from "./transactions";

const NOT_FOUND = "Demandeur introuvable.";
export const CONTRACT_OFFER_2014_MESSAGE =
  "Cette agence suit encore l'offre 2014 : le contrat d'engagement n'existe que dans l'offre 2025. Rien n'a été enregistré.";
export const CONTRACT_NOT_ORIENTED_MESSAGE =
  "Ce demandeur n'a pas encore d'orientation 2025 : orientez-le avant d'établir son contrat d'engagement. Rien n'a été enregistré.";
export const CONTRACT_PENDING_DEPARTEMENT_MESSAGE =
  "L'orientation de ce demandeur attend la décision du département : le contrat d'engagement s'établit une fois l'orientation décidée. Rien n'a été enregistré.";
export const CONTRACT_STALE_MESSAGE =
  "Une autre version du contrat a été enregistrée entre-temps : rechargez la page pour repartir de la dernière version. Rien n'a été enregistré.";

export type SaveEngagementContractResult = {
  contractId: string;
  revision: number;
  signedOn: IsoDate | null;
  dueOn: IsoDate;
  status: ContractStatus;
};

function invalid(message: string): never {
  throw new DomainError("INVALID", message);
}

export async function saveEngagementContract(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<SaveEngagementContractResult> {
  const input = parseInput(saveEngagementContractSchema, rawInput);
  requirePermission(
    actor,
    "contract:write",
    "Seuls le conseiller ou la conseillère du demandeur et la direction de l'agence peuvent établir son contrat d'engagement.",
  );
  const now = nowOf(options);
  return runInTransaction(options, (tx) => saveInTransaction(tx, actor, input, now));
}

async function saveInTransaction(tx: Tx, actor: Actor, input: SaveEngagementContractInput, now: Date): Promise<SaveEngagementContractResult> {
  // The seeker row is locked: two saves at the same time number their revisions one after the other.
  if (actor.agencyId !== null) {
    await tx.$queryRaw`SELECT "id" FROM "Seeker" WHERE "id" = ${input.seekerId}::uuid AND "agencyId" = ${actor.agencyId}::uuid FOR UPDATE`;
  }
  const seeker = await requireSeekerInScope(
    tx,
    actor,
    "contract",
    input.seekerId,
    { id: true, status: true, anonymisedAt: true, agency: { select: { id: true, offer: true, departement: true } } },
    NOT_FOUND,
  );
  const { agency } = seeker;
  if (seeker.status === "CLOSED" || seeker.anonymisedAt !== null) throw new DomainError("CONFLICT", "Le dossier de ce demandeur est clos.");
  if (agency.offer !== "OFFRE_2025") throw new DomainError("CONFLICT", CONTRACT_OFFER_2014_MESSAGE);

  const orientation = await latestOrientationOf(tx, seeker.id);
  if (!orientation) throw new DomainError("CONFLICT", CONTRACT_NOT_ORIENTED_MESSAGE);
  const decided = decidedOrientation(orientation.facts);
  if (!decided) throw new DomainError("CONFLICT", CONTRACT_PENDING_DEPARTEMENT_MESSAGE);
  if (decided.referent !== "FRANCE_TRAVAIL") {
    throw new DomainError(
      "CONFLICT",
      `Ce demandeur est orienté vers un autre organisme référent (${REFERENT_LABELS[decided.referent]}) : c'est lui qui établit son contrat d'engagement. Rien n'a été enregistré.`,
    );
  }
  const timeZone = timeZoneOf(agency.departement);
  const today = localDateOf(now.toISOString(), timeZone);
  // France Travail's decisions carry their notification day; the orientation's own day is the fallback.
  const notifiedOn = decided.notifiedOn ?? localDateOf(orientation.createdAt.toISOString(), timeZone);

  const weekly = validateContractWeeklyActivity({ hours: input.weeklyHours, reason: input.weeklyHoursReason ?? null });
  if (!weekly.ok) invalid(weekly.message);
  const weeklyHalfHours = toHalfHours(input.weeklyHours);
  const defaultHours = weeklyHalfHours === 30;

  const signedOn = input.signedOn ?? null;
  if (signedOn !== null) {
    const check = checkSignatureDate({ signedOn, today, notifiedOn });
    if (!check.ok) invalid(check.message);
    if (input.seekerCommitments === "" || input.advisorCommitments === "") {
      invalid("Un contrat signé indique les engagements de la personne et ceux de France Travail.");
    }
  }

  const revisions = await revisionFactsOf(tx, seeker.id);
  const latestRevision = revisions.reduce((max, r) => Math.max(max, r.revision), 0);
  if (input.baseRevision !== undefined && (input.baseRevision ?? 0) !== latestRevision) throw new DomainError("CONFLICT", CONTRACT_STALE_MESSAGE);
  const revision = latestRevision + 1;

  let contract: { id: string };
  try {
    contract = await tx.engagementContract.create({
      data: {
        agencyId: agency.id,
        seekerId: seeker.id,
        orientationId: orientation.id,
        revision,
        signedOn: signedOn === null ? null : dateColumn(signedOn),
        intensity: decided.intensity,
        weeklyHalfHours,
        weeklyHoursReason: defaultHours ? null : (input.weeklyHoursReason ?? null),
        plan: input.plan,
        seekerCommitments: input.seekerCommitments,
        advisorCommitments: input.advisorCommitments,
        authorId: actor.id,
        createdAt: now,
      },
      select: { id: true },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", CONTRACT_STALE_MESSAGE);
    throw error;
  }
  await tx.auditEvent.create({
    data: auditRow({
      actor,
      action: "contract.saved",
      agencyId: agency.id,
      subjectType: "EngagementContract",
      subjectId: contract.id,
      seekerId: seeker.id,
      // Codes, dates and counts only: never the plan's, the commitments' or the reason's texts.
      metadata: {
        orientationId: orientation.id,
        revision,
        signedOn,
        intensity: decided.intensity,
        weeklyHalfHours,
        objectiveCount: input.plan.objectives.length,
        actionCount: input.plan.actions.length,
      },
    }),
    select: { id: true },
  });
  const obligation = contractObligationStatus({
    departement: agency.departement,
    latestOrientation: { id: orientation.id, notifiedOn },
    revisions: [...revisions, { orientationId: orientation.id, revision, signedOn }],
    today,
  });
  return { contractId: contract.id, revision, signedOn, dueOn: obligation.dueOn, status: obligation.status };
}
