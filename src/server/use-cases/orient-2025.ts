/**
 * « L'orientation 2025 » (issue 20, docs/rules.md#orientation-2025), for an agency on the 2025 offer:
 * - `orientSeeker2025`: the advisor records the situation (RSA, RQTH; the age comes from the birth date at the agency's
 *   today), the server recomputes the proposal (`orient2025`), the advisor confirms it or overrides parcours, referent,
 *   intensity or tandem with a written justification, and the orientation is appended (append-only table). France
 *   Travail decides (notified today: the contract is due a month later), unless the person receives the RSA: then it
 *   is a proposal to the département (`decidedBy: DEPARTEMENT`, not notified yet).
 * - `recordDepartementDecision`: the département's decision on that proposal, with its date (one per orientation,
 *   race-safe: the seeker row is locked and a unique index backs it); the contract is due a month after that date.
 *
 * A referent other than France Travail, decided (by France Travail, or by the département), hands the file over: it
 * leaves France Travail's portfolios (the open assignment ended), its future appointments are cancelled with a notice
 * to the person (`releaseSeeker`, shared with exits and transfers). The seeker's status is not extended: the file is
 * FOLLOWED (by the other organisme) with no portfolio and no 2014 modality; « orienté vers … » is derived from the
 * latest orientation and its decision (src/server/queries/orientation-2025.ts). An orientation to France Travail decided
 * by France Travail places the person in the 2025 portfolio of their support (`placeWithFranceTravail`); a proposal to
 * the département leaves the file where it is until the département decides.
 *
 * RQTH (recognised disabled worker) is special-category data: stored in the orientation's situation only, never in the
 * journal nor in a message or a log.
 */
import "server-only";
import {
  ageYearsOn,
  compareDates,
  contractDueDate,
  localDateOf,
  orient2025,
  PARCOURS_LABELS,
  REFERENT_LABELS,
  SITUATION_AGE_MAX,
  SITUATION_AGE_MIN,
  JUSTIFICATION_MIN,
  orientationDecision,
  overridesProposal,
  tandemPossible,
  timeZoneOf,
  type IsoDate,
  type Orientation2025,
  type OrientationChoice,
  DEFAULT_AGILE_RHYTHM,
  intensityAfterDepartementDecision,
  modalityOfOrientation,
  type Modality2025,
} from "@/domain";
import { cancelQueuedReminders, queueConvocations, queueDiagnosticResult } from "@/server/messages/notices";
import { bookAppointments, enterPortfolio, lockPortfolioWithRoom, resolveTeam, settleFirstInterviews, type ConfirmedReview } from "./confirm-diagnostic";
import { ZodError } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { auditRow } from "@/server/audit";
import type { Actor } from "@/server/auth/policy";
import { requirePermission, requireSeekerInScope } from "@/server/auth/row-scope";
import { DomainError } from "@/server/errors";
import { nowOf, parseInput, runInTransaction, type Tx, type UseCaseOptions } from "./kit";
import { orientSeeker2025Schema, recordDepartementDecisionSchema, type OrientSeeker2025Input, type RecordDepartementDecisionInput } from "./orient-2025.schema";
import { dateColumn, lockSeekerForLifeCycle, releaseSeeker } from "./seeker-release";
import { isRaisedByTrigger, isUniqueViolation } from "./transactions";
import { isoDate } from "@/lib/format";

const NOT_FOUND = "Demandeur introuvable.";
export const OFFER_2014_MESSAGE =
  "Cette agence suit encore l'offre 2014 (modalités suivi, guidé, renforcé, global) : l'orientation 2025 n'est possible qu'après le passage de l'agence à l'offre 2025. Rien n'a été enregistré.";
export const NO_PENDING_PROPOSAL_MESSAGE = "Aucune proposition d'orientation n'attend la décision du département pour ce demandeur.";
export const DECISION_ALREADY_RECORDED_MESSAGE =
  "La décision du département sur cette orientation est déjà enregistrée : une seule décision par orientation. Rien n'a été enregistré.";

function invalid(message: string): never {
  throw new DomainError("INVALID", message);
}

export type HandOver = { appointmentsCancelled: number; previousPortfolioId: string | null };

export type OrientSeeker2025Result = {
  orientationId: string;
  proposal: Orientation2025;
  decided: OrientationChoice;
  override: boolean;
  decidedBy: Orientation2025["decidedBy"];
  /** The day France Travail's decision is notified (today); null for a proposal to the département. */
  notifiedOn: IsoDate | null;
  /** One month after the notification; null until the département decides. */
  contractDueOn: IsoDate | null;
  /** The file left France Travail (referent other than France Travail, decided by France Travail); null otherwise. */
  handedOver: HandOver | null;
  /** Oriented to France Travail and decided: the portfolio the person entered; null otherwise. */
  placed: Placed | null;
};

/** Where a person oriented to France Travail was placed. */
export type Placed = {
  modality: Modality2025;
  portfolioId: string;
  portfolioCreated: boolean;
  advisorId: string;
  reviews: ConfirmedReview[];
  followUps: number;
};

export type RecordDepartementDecisionResult = {
  decisionId: string;
  orientationId: string;
  contractDueOn: IsoDate;
  handedOver: HandOver | null;
  /** To France Travail: the portfolio the person entered; null when handed over or left in the queue. */
  placed: Placed | null;
};

// ————————————————————————————————————————————— the orientation

export async function orientSeeker2025(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<OrientSeeker2025Result> {
  const input = parseInput(orientSeeker2025Schema, rawInput);
  requirePermission(actor, "diagnostic:confirm", "Seul un·e conseiller·ère de l'agence peut orienter un demandeur.");
  const now = nowOf(options);
  return runInTransaction(options, (tx) => orientInTransaction(tx, actor, input, now));
}

async function orientInTransaction(tx: Tx, actor: Actor, input: OrientSeeker2025Input, now: Date): Promise<OrientSeeker2025Result> {
  const seeker = await lockScopedSeeker(tx, actor, input.seekerId, "diagnosable");
  const { agency } = seeker;
  if (agency.offer !== "OFFRE_2025") throw new DomainError("CONFLICT", OFFER_2014_MESSAGE);
  const today = localDateOf(now.toISOString(), timeZoneOf(agency.departement));
  const ageYears = ageOf(seeker.birthDate, today);
  const proposal = propose(input, ageYears, agency.globalPartnership);
  const { decided, override } = decide(input, proposal, agency.globalPartnership);
  const notifiedOn = proposal.decidedBy === "FRANCE_TRAVAIL" ? today : null;

  const orientation = await insertOrientation(tx, {
    agencyId: agency.id,
    seekerId: seeker.id,
    authorId: actor.id,
    rulesetVersion: proposal.rulesetVersion,
    answers: input.answers as unknown as Prisma.InputJsonValue,
    situation: { rsa: input.situation.rsa, rqth: input.situation.rqth, ageYears },
    proposedParcours: proposal.parcours,
    proposedReferent: proposal.referent,
    proposedIntensity: proposal.intensity,
    proposedTandem: proposal.tandem,
    decidedBy: proposal.decidedBy,
    professionalScore: proposal.professionalScore,
    reasons: proposal.reasons,
    ...decided,
    overrideJustification: override ? (input.overrideJustification ?? null) : null,
    notifiedOn: notifiedOn === null ? null : dateColumn(notifiedOn),
    createdAt: now,
  });

  const decidedByFranceTravail = proposal.decidedBy === "FRANCE_TRAVAIL";
  const handedOver = decidedByFranceTravail && decided.referent !== "FRANCE_TRAVAIL" ? await handOver(tx, actor, seeker.id, now) : null;
  const placed =
    decidedByFranceTravail && decided.referent === "FRANCE_TRAVAIL" ? await placeWithFranceTravail(tx, actor, seeker, input, { decided, override, now }) : null;
  await tx.auditEvent.create({
    data: auditRow({
      actor,
      action: "orientation.recorded",
      agencyId: agency.id,
      subjectType: "Orientation",
      subjectId: orientation.id,
      seekerId: seeker.id,
      // Codes only: never the situation (RQTH is special-category data), the answers or the justification.
      metadata: {
        rulesetVersion: proposal.rulesetVersion,
        proposedParcours: proposal.parcours,
        proposedReferent: proposal.referent,
        parcours: decided.parcours,
        referent: decided.referent,
        intensity: decided.intensity,
        socialTandem: decided.tandem,
        decidedBy: proposal.decidedBy,
        override,
        ...handOverMetadata(handedOver),
        ...(placed ? { modality: placed.modality, portfolioId: placed.portfolioId, advisorId: placed.advisorId } : {}),
      },
    }),
    select: { id: true },
  });
  return {
    orientationId: orientation.id,
    proposal,
    decided,
    override,
    decidedBy: proposal.decidedBy,
    notifiedOn,
    contractDueOn: notifiedOn === null ? null : contractDueDate({ notifiedOn, departement: agency.departement }),
    handedOver,
    placed,
  };
}

/**
 * Oriented to France Travail: the person enters the portfolio of their support (INTENSIF, AGILE or TANDEM) of the
 * target advisor exactly as a 2014 diagnostic places a seeker — the portfolio created if needed and locked, its cap
 * checked (a full one refused with the colleagues who have room), the assignment history, the tandem's social worker,
 * the pending first interview settled, the M4/M9 reviews and the follow-ups booked on working days, the convocations
 * and the result message queued.
 */
async function placeWithFranceTravail(
  tx: Tx,
  actor: Actor,
  seeker: ScopedSeeker,
  input: Pick<OrientSeeker2025Input, "targetAdvisorId" | "socialWorkerId" | "agreedRhythmMonths">,
  { decided, override, now }: { decided: OrientationChoice; override: boolean; now: Date },
): Promise<Placed> {
  const modality = modalityOfOrientation(decided);
  if (modality === null) throw new Error("Placement demandé pour une orientation hors France Travail.");
  if (modality !== "TANDEM" && input.socialWorkerId !== undefined) invalid("Un travailleur social n'est désigné que pour un accompagnement en binôme.");
  if (modality !== "AGILE" && input.agreedRhythmMonths !== undefined) invalid("Le rythme convenu ne s'applique qu'à l'accompagnement agile.");
  const agencyId = seeker.agency.id;
  const { advisorId, socialWorkerId } = await resolveTeam(tx, input, agencyId, actor.id, modality);
  const portfolio = await lockPortfolioWithRoom(tx, seeker, advisorId, modality, null);
  const rhythm = modality === "AGILE" ? (input.agreedRhythmMonths ?? DEFAULT_AGILE_RHYTHM) : null;
  await enterPortfolio(tx, actor, {
    seekerId: seeker.id,
    agencyId,
    portfolioId: portfolio.id,
    modality,
    override,
    forcedReason: null,
    webOnly: false,
    rhythm,
    socialWorkerId,
    now,
  });
  const firstInterviews = await settleFirstInterviews(tx, actor, seeker, now);
  const booked = await bookAppointments(tx, { seeker, modality, rhythm, advisorId, socialWorkerId, now });
  await cancelQueuedReminders(tx, [...firstInterviews.filter((a) => a.status === "CANCELLED").map((a) => a.appointmentId), ...booked.cancelledIds]);
  await queueConvocations(tx, { appointmentIds: booked.bookedReviewIds, now });
  await queueDiagnosticResult(tx, { seekerId: seeker.id, modality, agreedRhythmMonths: rhythm, webOnly: false, advisorId, now });
  return { modality, portfolioId: portfolio.id, portfolioCreated: portfolio.created, advisorId, reviews: booked.reviews, followUps: booked.followUps };
}

/** The seeker's age in whole years at the agency's today. */
function ageOf(birthDate: Date, today: IsoDate): number {
  try {
    return ageYearsOn(isoDate(birthDate), today);
  } catch {
    return invalid("La date de naissance du demandeur est postérieure à aujourd'hui : corrigez-la avant d'orienter.");
  }
}

/** The rules' proposal, recomputed on the server; an age outside 16–70 or invalid answers are refused in French. */
function propose(input: OrientSeeker2025Input, ageYears: number, globalPartnership: boolean): Orientation2025 {
  if (ageYears < SITUATION_AGE_MIN || ageYears > SITUATION_AGE_MAX) {
    invalid(
      `L'orientation 2025 concerne les personnes de ${SITUATION_AGE_MIN} à ${SITUATION_AGE_MAX} ans ; ce demandeur a ${ageYears} ans d'après sa date de naissance : vérifiez-la.`,
    );
  }
  try {
    return orient2025({ answers: input.answers, situation: { rsa: input.situation.rsa, rqth: input.situation.rqth, ageYears } }, { globalPartnership });
  } catch (error) {
    if (error instanceof ZodError) invalid(error.issues[0]?.message ?? "Les réponses du diagnostic ne sont pas valides.");
    throw error;
  }
}

/**
 * The advisor's choice: each omitted part follows the proposal (the intensity and the tandem follow the rules applied
 * to the decided parcours and referent); anything different from the proposal needs the written justification.
 */
export function decide(input: OrientSeeker2025Input, proposal: Orientation2025, globalPartnership: boolean): { decided: OrientationChoice; override: boolean } {
  const decided = orientationDecision(
    proposal,
    { parcours: input.decidedParcours, referent: input.decidedReferent, intensity: input.decidedIntensity, tandem: input.decidedTandem },
    globalPartnership,
  );
  const { parcours, referent, intensity, tandem } = decided;
  const followsFranceTravail = referent === "FRANCE_TRAVAIL";
  if (followsFranceTravail && intensity === null) invalid("Choisissez l'intensité de l'accompagnement France Travail : intensif ou agile.");
  if (!followsFranceTravail && intensity !== null) {
    invalid(`Pas d'intensité à choisir quand l'organisme référent est ${REFERENT_LABELS[referent]} : seule France Travail en propose une.`);
  }
  if (tandem && !tandemPossible(parcours, referent, globalPartnership)) {
    invalid(
      "Le binôme avec un travailleur social n'est possible que dans le parcours socio-professionnel suivi par France Travail, là où une convention est signée avec le conseil départemental.",
    );
  }
  const override = overridesProposal(decided, proposal);
  if (override && input.overrideJustification === undefined) {
    invalid(
      `La décision diffère de la proposition (${PARCOURS_LABELS[proposal.parcours].toLowerCase()}, ${REFERENT_LABELS[proposal.referent]}) : une justification écrite de ${JUSTIFICATION_MIN} caractères au moins est obligatoire.`,
    );
  }
  return { decided, override };
}

/** The orientation row; the database's refusal of an agency not on the 2025 offer (its trigger) reads in French. */
async function insertOrientation(tx: Tx, data: Prisma.OrientationUncheckedCreateInput) {
  try {
    return await tx.orientation.create({ data, select: { id: true } });
  } catch (error) {
    if (isRaisedByTrigger(error, /not on the 2025 offer/)) throw new DomainError("CONFLICT", OFFER_2014_MESSAGE);
    throw error;
  }
}

// ————————————————————————————————————————————— the département's decision

export async function recordDepartementDecision(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<RecordDepartementDecisionResult> {
  const input = parseInput(recordDepartementDecisionSchema, rawInput);
  requirePermission(
    actor,
    "orientation:departement-decision",
    "Seuls les conseillers et la direction de l'agence peuvent enregistrer la décision du département.",
  );
  const now = nowOf(options);
  return runInTransaction(options, (tx) => decisionInTransaction(tx, actor, input, now));
}

async function decisionInTransaction(tx: Tx, actor: Actor, input: RecordDepartementDecisionInput, now: Date): Promise<RecordDepartementDecisionResult> {
  // The seeker row is locked: two decisions recorded at the same time run one after the other (the second is refused).
  const seeker = await lockScopedSeeker(tx, actor, input.seekerId, "orientation");
  const { agency } = seeker;
  const orientation = await tx.orientation.findFirst({
    where: { seekerId: seeker.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, decidedBy: true, createdAt: true, professionalScore: true },
  });
  if (!orientation || orientation.decidedBy !== "DEPARTEMENT") throw new DomainError("CONFLICT", NO_PENDING_PROPOSAL_MESSAGE);
  if ((await tx.departementDecision.count({ where: { orientationId: orientation.id } })) > 0) {
    throw new DomainError("CONFLICT", DECISION_ALREADY_RECORDED_MESSAGE);
  }
  const timeZone = timeZoneOf(agency.departement);
  const today = localDateOf(now.toISOString(), timeZone);
  const proposedOn = localDateOf(orientation.createdAt.toISOString(), timeZone);
  if (compareDates(input.decidedOn, today) > 0) invalid("La date de la décision du département ne peut pas être dans le futur.");
  if (compareDates(input.decidedOn, proposedOn) < 0) {
    invalid("La date de la décision du département ne peut pas précéder la proposition d'orientation qu'elle tranche.");
  }

  let decision: { id: string };
  try {
    decision = await tx.departementDecision.create({
      data: {
        agencyId: agency.id,
        orientationId: orientation.id,
        decidedOn: dateColumn(input.decidedOn),
        parcours: input.parcours,
        referent: input.referent,
        note: input.note === undefined || input.note === "" ? null : input.note,
        authorId: actor.id,
        createdAt: now,
      },
      select: { id: true },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", DECISION_ALREADY_RECORDED_MESSAGE);
    throw error;
  }
  const handedOver = input.referent !== "FRANCE_TRAVAIL" ? await handOver(tx, actor, seeker.id, now) : null;
  // To France Travail: the person enters the portfolio of the intensity the rules give the decided parcours, with the
  // advisor named, else their current advisor, else the advisor recording it; a manager recording it for a file of
  // the queue leaves it there (« en attente de portefeuille »).
  const advisorId = input.targetAdvisorId ?? seeker.portfolio?.advisorId ?? (actor.role === "ADVISOR" ? actor.id : undefined);
  const placed =
    input.referent === "FRANCE_TRAVAIL" && advisorId !== undefined
      ? await placeWithFranceTravail(
          tx,
          actor,
          seeker,
          { targetAdvisorId: advisorId },
          {
            decided: {
              parcours: input.parcours,
              referent: input.referent,
              intensity: intensityAfterDepartementDecision(input, orientation.professionalScore),
              tandem: false,
            },
            override: false,
            now,
          },
        )
      : null;
  await tx.auditEvent.create({
    data: auditRow({
      actor,
      action: "orientation.departement_decided",
      agencyId: agency.id,
      subjectType: "DepartementDecision",
      subjectId: decision.id,
      seekerId: seeker.id,
      // Codes and the date only: never the note (free text).
      metadata: {
        orientationId: orientation.id,
        parcours: input.parcours,
        referent: input.referent,
        decidedOn: input.decidedOn,
        ...handOverMetadata(handedOver),
        ...(placed ? { modality: placed.modality, portfolioId: placed.portfolioId, advisorId: placed.advisorId } : {}),
      },
    }),
    select: { id: true },
  });
  return {
    decisionId: decision.id,
    orientationId: orientation.id,
    contractDueOn: contractDueDate({ notifiedOn: input.decidedOn, departement: agency.departement }),
    handedOver,
    placed,
  };
}

// ————————————————————————————————————————————— shared steps

/**
 * The seeker, locked (FOR UPDATE) within the actor's agency and then checked against the named scope (NOT_FOUND
 * otherwise), with the agency read FOR SHARE: its offer cannot switch under this transaction.
 */
async function lockScopedSeeker(tx: Tx, actor: Actor, seekerId: string, scope: "diagnosable" | "orientation") {
  if (actor.agencyId !== null) {
    await tx.$queryRaw`SELECT "id" FROM "Seeker" WHERE "id" = ${seekerId}::uuid AND "agencyId" = ${actor.agencyId}::uuid FOR UPDATE`;
  }
  const seeker = await requireSeekerInScope(
    tx,
    actor,
    scope,
    seekerId,
    {
      id: true,
      status: true,
      birthDate: true,
      registrationDate: true,
      anonymisedAt: true,
      agency: true,
      portfolio: { select: { advisorId: true } },
    },
    NOT_FOUND,
  );
  await tx.$queryRaw`SELECT "id" FROM "Agency" WHERE "id" = ${seeker.agency.id}::uuid FOR SHARE`;
  if (seeker.status === "CLOSED" || seeker.anonymisedAt !== null) throw new DomainError("CONFLICT", "Le dossier de ce demandeur est clos.");
  return seeker;
}

type ScopedSeeker = Awaited<ReturnType<typeof lockScopedSeeker>>;

/**
 * The file goes to another organisme: out of France Travail's portfolios (assignment ended), future appointments
 * cancelled with a notice to the person, tandem and pending placement request ended (`releaseSeeker`). It stays
 * FOLLOWED — by the organisme référent — with no 2014 modality (docs/rules.md#orientation-2025).
 */
async function handOver(tx: Tx, actor: Actor, seekerId: string, now: Date): Promise<HandOver> {
  const locked = await lockSeekerForLifeCycle(tx, seekerId);
  if (!locked) throw new DomainError("NOT_FOUND", NOT_FOUND);
  const released = await releaseSeeker(tx, locked, { now, actorId: actor.id });
  await tx.seeker.update({
    where: { id: seekerId },
    data: { status: "FOLLOWED", modality: null, agreedRhythmMonths: null, webOnly: false },
    select: { id: true },
  });
  return { appointmentsCancelled: released.cancelledAppointmentIds.length, previousPortfolioId: released.previousPortfolioId };
}

function handOverMetadata(handedOver: HandOver | null): Record<string, string | number | boolean | null> {
  if (handedOver === null) return { handedOver: false };
  return { handedOver: true, appointmentsCancelled: handedOver.appointmentsCancelled, portfolioId: handedOver.previousPortfolioId };
}
