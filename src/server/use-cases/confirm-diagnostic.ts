/**
 * Use case « confirmer le diagnostic » (issue #4): one interactive transaction, all or nothing —
 * proposal recomputed on the server, target portfolio locked and its capacity checked, diagnostic appended,
 * assignment history and seeker updated, GLOBAL tandem opened, M4/M9 reviews and follow-ups booked in the
 * advisor's calendar, audit rows written. Retried as a whole on serialization failures and exclusion violations.
 */
import {
  BusyCalendar,
  CAP_FIELDS,
  checkCapacity,
  MODALITY_LABELS,
  DEFAULT_GUIDE_RHYTHM,
  diagnose,
  fitsUnderCap,
  isWebOnlyEligible,
  JUSTIFICATION_MIN,
  localDateOf,
  planFollowUps,
  planMandatoryReviewsOnCalendar,
  portfoliosWithRoom,
  REVIEW_KINDS,
  timeZoneOf,
  type AgreedRhythm,
  type DiagnosticResult,
  type Modality,
  type ReviewKind,
  type ReviewStatus,
} from "@/domain";
import { randomUUID } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import { auditRow } from "@/server/audit";
import type { Actor, SeekerScopeName } from "@/server/auth/policy";
import { requireSeekerInScope, requirePermission } from "@/server/auth/row-scope";
import { DomainError } from "@/server/errors";
import { cancelQueuedReminders, queueConvocations, queueDiagnosticResult, queueRescheduleNotices } from "@/server/messages/notices";
import { busyCalendarOf, planHandovers, withBusy } from "@/server/queries/slot-choices";
import { confirmDiagnosticSchema, type ConfirmDiagnosticInput } from "./confirm-diagnostic.schema";
import { nowOf, parseInput, runInTransaction, type Tx, type UseCaseOptions } from "./kit";
import { closureDatesOf } from "@/server/queries/agency-closures";
import { markCampaignFileDone } from "./triage-campaigns";
import { seekersPerPortfolio } from "@/server/queries/loads";

/** Months of follow-ups booked after a decision. */
const FOLLOW_UP_HORIZON_MONTHS = 12;

export type ConfirmedReview = {
  kind: ReviewKind;
  /** The planner's status; ALREADY_PLANNED when a live review of that kind already existed. */
  status: ReviewStatus | "ALREADY_PLANNED";
  startsAt?: string;
};

export type ConfirmDiagnosticResult = {
  diagnosticId: string;
  modality: Modality;
  proposedModality: Modality;
  portfolioId: string;
  /** The target advisor had no portfolio of that modality: it was created for this seeker. */
  portfolioCreated: boolean;
  advisorId: string;
  reviews: ConfirmedReview[];
  followUps: number;
  /** The seeker's pending first interviews settled: held (DONE) when started, cancelled (slot freed) when later. */
  firstInterviews: SettledFirstInterview[];
};

export type SettledFirstInterview = { appointmentId: string; startsAt: string; status: "DONE" | "CANCELLED" };

const FOLLOW_UP_KINDS = ["FOLLOW_UP", "JOINT_GLOBAL", "SOCIAL_REVIEW"] as const;
/** Booked appointments that go with the seeker to a new advisor: the mandatory reviews and the 2025 joint diagnostic. */
const KINDS_FOLLOWING_THE_SEEKER = ["REVIEW_M4", "REVIEW_M9", "JOINT_DIAGNOSTIC"] as const;
const REVIEW_APPOINTMENT_KIND = { M4: "REVIEW_M4", M9: "REVIEW_M9" } as const satisfies Record<ReviewKind, string>;

function invalid(message: string): never {
  throw new DomainError("INVALID", message);
}

export const CONFIRM_CONFLICT_MESSAGE =
  "La confirmation est entrée en conflit avec d'autres rendez-vous pris au même moment. Rien n'a été enregistré ; veuillez réessayer.";

export async function confirmDiagnostic(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<ConfirmDiagnosticResult> {
  const input = parseInput(confirmDiagnosticSchema, rawInput);
  requirePermission(actor, "diagnostic:confirm", "Seul un·e conseiller·ère de l'agence peut confirmer un diagnostic.");
  const now = nowOf(options);
  const placement: Placement = { agencyId: actor.agencyId as string, scope: "diagnosable", authorId: actor.id, beyondCap: null };
  return runInTransaction(options, (tx) => confirmInTransaction(tx, actor, input, now, placement), { conflictMessage: CONFIRM_CONFLICT_MESSAGE });
}

/**
 * Who places the seeker and how: the advisor confirming their own interview (the « diagnosable » scope, within the
 * caps), or a manager granting an advisor's request (the agency's seekers, beyond the cap with a written reason).
 */
export type Placement = {
  agencyId: string;
  scope: SeekerScopeName;
  /** The advisor who held the interview (the diagnostic's author). */
  authorId: string;
  /** A manager's placement beyond the cap: the request granted and the written reason. */
  beyondCap: { requestId: string; reason: string } | null;
};

/** The confirmation's steps, all in the caller's transaction. */
export async function confirmInTransaction(
  tx: Tx,
  actor: Actor,
  input: ConfirmDiagnosticInput,
  now: Date,
  placement: Placement,
): Promise<ConfirmDiagnosticResult> {
  const { agencyId } = placement;
  const seeker = await lockSeeker(tx, actor, input.seekerId, agencyId, placement.scope);
  const decision = decide(input, seeker.agency);
  const { advisorId, socialWorkerId } = await resolveTeam(tx, input, agencyId, placement.authorId, decision.decided);
  const portfolio = await lockPortfolioWithRoom(tx, seeker, advisorId, decision.decided, placement.beyondCap?.reason ?? null);
  const recorded = await recordDecision(tx, actor, {
    seeker,
    decision,
    answers: input.answers,
    portfolioId: portfolio.id,
    socialWorkerId,
    now,
    authorId: placement.authorId,
    forcedReason: portfolio.forced ? (placement.beyondCap?.reason ?? null) : null,
  });
  // A re-diagnosis of a file of an open triage campaign is that file's review (docs/rules.md#triage-campaigns).
  await markCampaignFileDone(tx, seeker.id, recorded.diagnosticId, decision.decided, now);
  await settlePlacementRequests(tx, actor, seeker.id, { now, placed: placement.beyondCap, diagnosticId: recorded.diagnosticId });
  const firstInterviews = await settleFirstInterviews(tx, actor, seeker, now);
  const booked = await bookAppointments(tx, { seeker, modality: decision.decided, rhythm: decision.rhythm, advisorId, socialWorkerId, now });
  // If this transaction commits: no reminder goes for an appointment it cancelled; the seeker is convoked to the
  // mandatory reviews just booked and told the result (modality, advisor, next appointment), never a barrier.
  await cancelQueuedReminders(tx, [...firstInterviews.filter((a) => a.status === "CANCELLED").map((a) => a.appointmentId), ...booked.cancelledIds]);
  await queueConvocations(tx, { appointmentIds: booked.bookedReviewIds, now });
  await queueDiagnosticResult(tx, {
    seekerId: seeker.id,
    modality: decision.decided,
    agreedRhythmMonths: decision.rhythm,
    webOnly: decision.webOnly,
    advisorId,
    now,
  });
  await auditDecision(tx, actor, { seeker, decision, advisorId, portfolioId: portfolio.id, forced: portfolio.forced, ...recorded });
  return {
    diagnosticId: recorded.diagnosticId,
    modality: decision.decided,
    proposedModality: decision.result.modality,
    portfolioId: portfolio.id,
    portfolioCreated: portfolio.created,
    advisorId,
    reviews: booked.reviews,
    followUps: booked.followUps,
    firstInterviews,
  };
}

/**
 * The diagnostic is held during the first interview (docs/rules.md#first-interview): a pending INITIAL appointment
 * that has started is recorded as held, one for later is cancelled (its slot is freed before the reviews are booked).
 * A seeker never keeps both a confirmed diagnostic and a pending first interview.
 */
export async function settleFirstInterviews(tx: Tx, actor: Actor, seeker: { id: string; agency: { id: string } }, now: Date): Promise<SettledFirstInterview[]> {
  const pending = await tx.appointment.findMany({
    where: { seekerId: seeker.id, kind: "INITIAL", status: "SCHEDULED" },
    select: { id: true, startsAt: true },
    orderBy: { startsAt: "asc" },
  });
  const settled: SettledFirstInterview[] = pending.map((a) => ({
    appointmentId: a.id,
    startsAt: a.startsAt.toISOString(),
    status: a.startsAt.getTime() <= now.getTime() ? "DONE" : "CANCELLED",
  }));
  for (const status of ["DONE", "CANCELLED"] as const) {
    const ids = settled.filter((a) => a.status === status).map((a) => a.appointmentId);
    if (ids.length === 0) continue;
    await tx.appointment.updateMany({ where: { id: { in: ids }, status: "SCHEDULED" }, data: { status, outcomeAt: now } });
  }
  if (settled.length > 0) {
    await tx.auditEvent.createMany({
      data: settled.map((a) =>
        auditRow({
          actor,
          action: a.status === "DONE" ? "appointment.outcome_recorded" : "appointment.cancelled",
          agencyId: seeker.agency.id,
          subjectType: "Appointment",
          subjectId: a.appointmentId,
          seekerId: seeker.id,
          ...(a.status === "DONE" ? { metadata: { outcome: "DONE" } } : {}),
        }),
      ),
    });
  }
  return settled;
}

/**
 * A seeker placed by a confirmation has no pending request any more: the one a manager granted is PLACED, any other
 * (the advisor found room after all) CANCELLED; the prepared answers are erased either way.
 */
async function settlePlacementRequests(
  tx: Tx,
  actor: Actor,
  seekerId: string,
  { now, placed, diagnosticId }: { now: Date; placed: Placement["beyondCap"]; diagnosticId: string },
) {
  const resolved = { resolvedAt: now, resolvedById: actor.id, confirmation: Prisma.DbNull };
  if (placed) {
    await tx.placementRequest.update({
      where: { id: placed.requestId },
      data: { ...resolved, status: "PLACED", resolution: placed.reason, diagnosticId },
      select: { id: true },
    });
  }
  await tx.placementRequest.updateMany({ where: { seekerId, status: "PENDING" }, data: { ...resolved, status: "CANCELLED" } });
}

/** The seeker, within the actor's scope, locked: two confirmations of one seeker run one after the other. */
async function lockSeeker(tx: Tx, actor: Actor, seekerId: string, agencyId: string, scope: SeekerScopeName) {
  await tx.$queryRaw`SELECT "id" FROM "Seeker" WHERE "id" = ${seekerId}::uuid AND "agencyId" = ${agencyId}::uuid FOR UPDATE`;
  // The agency's settings (partnership, caps, hours) cannot change under this confirmation (they lock it to change).
  await tx.$queryRaw`SELECT "id" FROM "Agency" WHERE "id" = ${agencyId}::uuid FOR SHARE`;
  const seeker = await requireSeekerInScope(
    tx,
    actor,
    scope,
    seekerId,
    { id: true, status: true, modality: true, portfolioId: true, registrationDate: true, agency: true },
    "Demandeur introuvable.",
  );
  if (seeker.status === "CLOSED") throw new DomainError("CONFLICT", "Le dossier de ce demandeur est clos.");
  return seeker;
}

export type LockedSeeker = Awaited<ReturnType<typeof lockSeeker>>;
type Agency = LockedSeeker["agency"];

export type Decision = {
  result: DiagnosticResult;
  decided: Modality;
  isOverride: boolean;
  justification: string | null;
  webOnly: boolean;
  rhythm: AgreedRhythm | null;
};

/** The server's own proposal, and the advisor's decision checked against it (override justified, global possible). */
export function decide(input: ConfirmDiagnosticInput, agency: Agency): Decision {
  const result: DiagnosticResult = diagnose(input.answers, { globalPartnership: agency.globalPartnership });
  const decided = input.decidedModality;
  const isOverride = decided !== result.modality;
  if (decided === "GLOBAL" && !agency.globalPartnership) {
    invalid("L'accompagnement global n'est pas proposé dans ce département : aucune convention n'est signée avec le conseil départemental.");
  }
  if (isOverride && input.overrideJustification === undefined) {
    invalid(
      `La modalité décidée diffère de la proposition (${MODALITY_LABELS[result.modality].toLowerCase()}) : une justification écrite de ${JUSTIFICATION_MIN} caractères au moins est obligatoire.`,
    );
  }
  const justification = isOverride ? (input.overrideJustification ?? null) : null;
  const webOnly = isWebOnlyEligible(decided, input.answers) ? (input.webOnly ?? result.webOnly) : false;
  const rhythm: AgreedRhythm | null = decided === "GUIDE" ? (input.agreedRhythmMonths ?? DEFAULT_GUIDE_RHYTHM) : null;

  return { result, decided, isOverride, justification, webOnly, rhythm };
}

/**
 * The target advisor (by default the one who held the interview, or a colleague of the same agency) and, in global, the
 * social worker of the tandem.
 */
export async function resolveTeam(
  tx: Tx,
  input: { targetAdvisorId?: string | undefined; socialWorkerId?: string | undefined },
  agencyId: string,
  interviewerId: string,
  decided: Modality,
) {
  const advisorId = input.targetAdvisorId ?? interviewerId;
  const advisor = await tx.user.findFirst({
    where: { id: advisorId, agencyId, role: "ADVISOR", active: true },
    select: { id: true },
  });
  if (!advisor) invalid("Conseiller·ère cible introuvable dans votre agence.");
  let socialWorkerId: string | null = null;
  if (decided === "GLOBAL" || decided === "TANDEM") {
    if (input.socialWorkerId === undefined) invalid(`L'${MODALITY_LABELS[decided].toLowerCase()} exige un travailleur social du conseil départemental.`);
    // Nor can the social worker be deactivated meanwhile.
    await tx.$queryRaw`SELECT "id" FROM "User" WHERE "id" = ${input.socialWorkerId}::uuid FOR SHARE`;
    const worker = await tx.user.findFirst({
      where: { id: input.socialWorkerId, agencyId, role: "SOCIAL_WORKER", active: true },
      select: { id: true },
    });
    if (!worker) invalid("Travailleur social introuvable pour cette agence.");
    socialWorkerId = worker.id;
  }

  return { advisorId, socialWorkerId };
}

/**
 * The target portfolio, created if needed, then locked; a full one refuses with the colleagues who have room — unless a
 * manager places the seeker beyond the cap with a written reason (`forced` then says the cap was passed).
 */
export async function lockPortfolioWithRoom(
  tx: Tx,
  seeker: { id: string; agency: Pick<Agency, "id" | (typeof CAP_FIELDS)[Modality]> },
  advisorId: string,
  decided: Modality,
  beyondCapReason: string | null,
) {
  const agencyId = seeker.agency.id;
  const cap = seeker.agency[CAP_FIELDS[decided]];
  const created = await tx.$executeRaw`INSERT INTO "Portfolio" ("agencyId", "advisorId", "modality", "cap")
    VALUES (${agencyId}::uuid, ${advisorId}::uuid, ${decided}::text::"Modality", ${cap}::int)
    ON CONFLICT ("advisorId", "modality") DO NOTHING`;
  const locked = await tx.$queryRaw<{ id: string; cap: number }[]>`SELECT "id"::text AS "id", "cap" FROM "Portfolio"
    WHERE "advisorId" = ${advisorId}::uuid AND "modality" = ${decided}::text::"Modality" FOR UPDATE`;
  const portfolio = locked[0];
  if (!portfolio) throw new Error("Portefeuille cible introuvable après sa création.");
  const load = await tx.seeker.count({ where: { portfolioId: portfolio.id, id: { not: seeker.id } } });
  const forcing = beyondCapReason === null ? {} : { force: true, reason: beyondCapReason };
  if (checkCapacity({ load, cap: portfolio.cap, modality: decided }, forcing).ok !== true) {
    await refuseFullPortfolio(tx, agencyId, decided, portfolio.id, load, portfolio.cap);
  }

  return { ...portfolio, created: created > 0, forced: !fitsUnderCap({ load, cap: portfolio.cap }) };
}

type DecisionToRecord = {
  seeker: LockedSeeker;
  decision: Decision;
  answers: ConfirmDiagnosticInput["answers"];
  portfolioId: string;
  socialWorkerId: string | null;
  now: Date;
  authorId: string;
  /** The manager's written reason when the seeker enters a portfolio beyond its cap (kept on the assignment). */
  forcedReason: string | null;
};

/** The diagnostic (append-only), the assignment history, the seeker's new modality and portfolio, the tandem. */
async function recordDecision(tx: Tx, actor: Actor, { seeker, decision, answers, portfolioId, socialWorkerId, now, authorId, forcedReason }: DecisionToRecord) {
  const agencyId = seeker.agency.id;
  const { result, decided, isOverride, justification, webOnly, rhythm } = decision;
  const diagnostic = await tx.diagnostic.create({
    data: {
      agencyId,
      seekerId: seeker.id,
      authorId,
      rulesetVersion: result.rulesetVersion,
      answers: answers as unknown as Prisma.InputJsonValue,
      proposedModality: result.modality,
      proposedWebOnly: result.webOnly,
      professionalScore: result.professionalScore,
      workAxis: result.workAxis,
      reasons: result.reasons,
      decidedModality: decided,
      webOnly,
      overrideJustification: justification,
      agreedRhythmMonths: rhythm,
      createdAt: now,
    },
    select: { id: true },
  });
  const assignmentId = await enterPortfolio(tx, actor, {
    seekerId: seeker.id,
    agencyId,
    portfolioId,
    modality: decided,
    override: isOverride,
    forcedReason,
    webOnly,
    rhythm,
    socialWorkerId,
    now,
  });
  return { diagnosticId: diagnostic.id, assignmentId };
}

export type PortfolioEntry = {
  seekerId: string;
  agencyId: string;
  portfolioId: string;
  modality: Modality;
  override: boolean;
  /** The manager's written reason when the seeker enters a portfolio beyond its cap. */
  forcedReason: string | null;
  webOnly: boolean;
  rhythm: AgreedRhythm | null;
  /** Global or tandem: the département's social worker. */
  socialWorkerId: string | null;
  now: Date;
};

/**
 * The seeker enters the portfolio (the portfolio locked by the caller): the open assignment ended and a new one
 * started, the seeker's modality and portfolio set, the social tandem replaced. Returns the new assignment's id.
 */
export async function enterPortfolio(tx: Tx, actor: Actor, entry: PortfolioEntry): Promise<string> {
  const { seekerId, agencyId, portfolioId, modality, forcedReason, socialWorkerId, now } = entry;
  await tx.assignment.updateMany({ where: { seekerId, endedAt: null }, data: { endedAt: now } });
  const assignment = await tx.assignment.create({
    data: {
      agencyId,
      seekerId,
      portfolioId,
      modality,
      reason: entry.override ? "OVERRIDE" : "DIAGNOSTIC",
      forced: forcedReason !== null,
      note: forcedReason,
      actorId: actor.id,
      startedAt: now,
    },
    select: { id: true },
  });
  await tx.seeker.update({
    where: { id: seekerId },
    data: { portfolioId, modality, status: "FOLLOWED", webOnly: entry.webOnly, agreedRhythmMonths: entry.rhythm },
    select: { id: true },
  });
  await tx.socialTandem.updateMany({ where: { seekerId, endedAt: null }, data: { endedAt: now } });
  if (socialWorkerId) {
    await tx.socialTandem.create({ data: { agencyId, seekerId, socialWorkerId, startedAt: now }, select: { id: true } });
  }
  return assignment.id;
}

/**
 * The seeker's future reviews booked with another advisor follow them to `advisorId`: at the same time when the new
 * advisor is free then, else re-planned by the rule for moving an appointment (as rebalancing does,
 * docs/rules.md#rebalancing), the seeker told of the new date.
 */
async function handOverReviews(tx: Tx, seekerId: string, agencyId: string, advisorId: string, now: Date): Promise<void> {
  const others = await tx.appointment.findMany({
    where: { seekerId, status: "SCHEDULED", kind: { in: [...KINDS_FOLLOWING_THE_SEEKER] }, startsAt: { gt: now }, advisorId: { not: advisorId } },
    select: { advisorId: true },
    distinct: ["advisorId"],
  });
  if (others.length === 0) return;
  const handovers = (
    await planHandovers(
      tx,
      agencyId,
      others.map((o) => ({ seekerId, fromAdvisorId: o.advisorId, toAdvisorId: advisorId })),
      now,
    )
  ).filter((h) => (KINDS_FOLLOWING_THE_SEEKER as readonly string[]).includes(h.kind));
  const moves: { fromId: string; toId: string }[] = [];
  for (const handover of handovers) {
    if (handover.followed) {
      await tx.appointment.update({ where: { id: handover.appointmentId }, data: { advisorId }, select: { id: true } });
      continue;
    }
    if (handover.toStartsAt === null || handover.toEndsAt === null) throw new DomainError("CONFLICT", CONFIRM_CONFLICT_MESSAGE);
    const { count } = await tx.appointment.updateMany({
      where: { id: handover.appointmentId, status: "SCHEDULED" },
      data: { status: "CANCELLED", outcomeAt: now },
    });
    if (count !== 1) throw new DomainError("CONFLICT", CONFIRM_CONFLICT_MESSAGE);
    const created = await tx.appointment.create({
      data: {
        agencyId,
        seekerId,
        advisorId,
        socialWorkerId: handover.socialWorkerId,
        kind: handover.kind,
        channel: handover.channel,
        startsAt: new Date(handover.toStartsAt),
        endsAt: new Date(handover.toEndsAt),
        replacesId: handover.appointmentId,
      },
      select: { id: true },
    });
    moves.push({ fromId: handover.appointmentId, toId: created.id });
  }
  await queueRescheduleNotices(tx, moves, now);
}

type Booking = {
  seeker: Pick<LockedSeeker, "id" | "registrationDate"> & {
    agency: Pick<Agency, "id" | "departement" | "appointmentStart" | "appointmentEnd" | "slotMinutes">;
  };
  modality: Modality;
  rhythm: AgreedRhythm | null;
  advisorId: string;
  socialWorkerId: string | null;
  now: Date;
};

/** Follow-ups of a previous decision cancelled; the mandatory reviews and the new follow-ups booked. */
export async function bookAppointments(tx: Tx, { seeker, modality: decided, rhythm, advisorId, socialWorkerId, now }: Booking) {
  const { agency } = seeker;
  const agencyId = agency.id;
  const previous = await tx.appointment.findMany({
    where: { seekerId: seeker.id, status: "SCHEDULED", kind: { in: [...FOLLOW_UP_KINDS] }, startsAt: { gte: now } },
    select: { id: true },
  });
  const cancelledIds = previous.map((a) => a.id);
  if (cancelledIds.length > 0) {
    await tx.appointment.updateMany({ where: { id: { in: cancelledIds }, status: "SCHEDULED" }, data: { status: "CANCELLED", outcomeAt: now } });
  }
  // A new portfolio with another advisor (a re-diagnosis): the reviews already booked go with the seeker.
  await handOverReviews(tx, seeker.id, agencyId, advisorId, now);
  const timeZone = timeZoneOf(agency.departement);
  const today = localDateOf(now.toISOString(), timeZone);
  const hours = { start: agency.appointmentStart, end: agency.appointmentEnd, slotMinutes: agency.slotMinutes };
  const busy = await tx.appointment.findMany({
    where: { advisorId, status: { not: "CANCELLED" }, endsAt: { gt: now } },
    select: { startsAt: true, endsAt: true },
    orderBy: { startsAt: "asc" },
  });
  const calendar = BusyCalendar.fromEpochMs(busy.map((a) => [a.startsAt.getTime(), a.endsAt.getTime()] as const));
  const closures = await closureDatesOf(tx, agencyId, today);
  const existingReviews = await tx.appointment.findMany({
    where: { seekerId: seeker.id, kind: { in: ["REVIEW_M4", "REVIEW_M9"] }, status: { not: "CANCELLED" } },
    select: { kind: true, status: true, startsAt: true },
    orderBy: { startsAt: "asc" },
  });
  const existing = (kind: ReviewKind) => existingReviews.filter((a) => a.kind === REVIEW_APPOINTMENT_KIND[kind]);
  const skipped = REVIEW_KINDS.filter((kind) => existing(kind).length > 0);
  const plan = planMandatoryReviewsOnCalendar(calendar, {
    registrationDate: seeker.registrationDate.toISOString().slice(0, 10),
    departement: agency.departement,
    today,
    done: skipped,
    hours,
    closures,
  });
  const slotMs = agency.slotMinutes * 60_000;
  const rows: Prisma.AppointmentCreateManyInput[] = [];
  const reviews: ConfirmedReview[] = [];
  const reviewDates: string[] = [];
  const bookedReviewIds: string[] = [];
  for (const review of plan) {
    const live = existing(review.kind);
    if (live.length > 0) {
      const done = live.find((a) => a.status === "DONE");
      const shown = done ?? live[live.length - 1]!;
      reviews.push({ kind: review.kind, status: done ? "DONE" : "ALREADY_PLANNED", startsAt: shown.startsAt.toISOString() });
      reviewDates.push(localDateOf(shown.startsAt.toISOString(), timeZone));
      continue;
    }
    reviews.push({ kind: review.kind, status: review.status, ...(review.startsAt ? { startsAt: review.startsAt } : {}) });
    if (review.startsAt === undefined) continue; // MISSED: nothing to book
    const startsAt = new Date(review.startsAt);
    reviewDates.push(localDateOf(review.startsAt, timeZone));
    const id = randomUUID();
    bookedReviewIds.push(id);
    rows.push({
      id,
      agencyId,
      seekerId: seeker.id,
      advisorId,
      kind: REVIEW_APPOINTMENT_KIND[review.kind],
      startsAt,
      endsAt: new Date(startsAt.getTime() + slotMs),
    });
  }
  // In global, the joint meetings also need the tandem's social worker free: their agenda joins the advisor's.
  const followUpCalendar = socialWorkerId ? withBusy(calendar, await busyCalendarOf(tx, { advisorIds: [], socialWorkerIds: [socialWorkerId] }, now)) : calendar;
  const followUps = planFollowUps({
    modality: decided,
    decisionDate: today,
    ...(rhythm !== null ? { agreedRhythm: rhythm } : {}),
    horizonMonths: FOLLOW_UP_HORIZON_MONTHS,
    departement: agency.departement,
    busy: followUpCalendar,
    hours,
    closures,
    reviewDates,
  });
  for (const followUp of followUps) {
    const startsAt = new Date(followUp.startsAt);
    rows.push({
      agencyId,
      seekerId: seeker.id,
      advisorId,
      socialWorkerId: followUp.kind === "JOINT_GLOBAL" ? socialWorkerId : null,
      kind: followUp.kind,
      startsAt,
      endsAt: new Date(startsAt.getTime() + slotMs),
    });
  }
  if (rows.length > 0) await tx.appointment.createMany({ data: rows });

  return { reviews, followUps: followUps.length, bookedReviewIds, cancelledIds };
}

type AuditedDecision = {
  seeker: LockedSeeker;
  decision: Decision;
  advisorId: string;
  portfolioId: string;
  forced: boolean;
  diagnosticId: string;
  assignmentId: string;
};

/** The journal: identifiers and codes only. */
async function auditDecision(tx: Tx, actor: Actor, { seeker, decision, advisorId, portfolioId, forced, diagnosticId, assignmentId }: AuditedDecision) {
  const agencyId = seeker.agency.id;
  const { result, decided, isOverride } = decision;
  await tx.auditEvent.createMany({
    data: [
      auditRow({
        actor,
        action: "diagnostic.confirmed",
        agencyId,
        subjectType: "Diagnostic",
        subjectId: diagnosticId,
        seekerId: seeker.id,
        metadata: {
          rulesetVersion: result.rulesetVersion,
          proposedModality: result.modality,
          decidedModality: decided,
          override: isOverride,
          portfolioId,
          advisorId,
          ...(forced ? { forced } : {}),
        },
      }),
      auditRow({
        actor,
        action: "seeker.modality_changed",
        agencyId,
        subjectType: "Seeker",
        subjectId: seeker.id,
        seekerId: seeker.id,
        metadata: {
          from: seeker.modality,
          to: decided,
          fromPortfolioId: seeker.portfolioId,
          toPortfolioId: portfolioId,
          assignmentId,
          reason: isOverride ? "OVERRIDE" : "DIAGNOSTIC",
          ...(forced ? { forced } : {}),
        },
      }),
    ],
  });
}

/** Throws the CAPACITY refusal naming the colleagues of the agency with room in that modality. */
async function refuseFullPortfolio(tx: Tx, agencyId: string, modality: Modality, portfolioId: string, load: number, cap: number): Promise<never> {
  const others = await tx.portfolio.findMany({
    where: { agencyId, modality, id: { not: portfolioId }, advisor: { active: true } },
    select: { id: true, cap: true, advisorId: true, advisor: { select: { firstName: true, lastName: true } } },
  });
  const loadOf = await seekersPerPortfolio(
    tx,
    others.map((p) => p.id),
  );
  const alternatives = others.map((p) => ({
    advisorId: p.advisorId,
    advisorName: `${p.advisor.firstName} ${p.advisor.lastName}`,
    load: loadOf.get(p.id) ?? 0,
    cap: p.cap,
  }));
  const check = checkCapacity({ load, cap, modality }, { alternatives });
  const message = check.ok ? "Le portefeuille est complet." : check.message;
  throw new DomainError("CAPACITY", message, {
    alternatives: portfoliosWithRoom(alternatives).map((p) => ({ advisorId: p.advisorId, name: p.advisorName, room: p.room })),
  });
}
