/**
 * Rebalancing of portfolios (issue #5), for a manager of the agency (or an administrator):
 * - `moveSeekers`: moves followed seekers into another portfolio of the same agency and modality, in one transaction
 *   (seekers then portfolios locked in id order), capacity checked (a manager may force with a written reason),
 *   assignment history, future appointments following the seeker to the new advisor (or re-planned by the rule for
 *   moving an appointment, from the same local date: `planHandovers`), audit rows; the result lists each re-plan;
 * - `applyBalance`: applies a preview (src/server/queries/balance-preview.ts) through the same path, all or nothing, refusing a stale plan.
 */
import "server-only";
import {
  fitsUnderCap,
  isForcedWithReason,
  MODALITY_SHORT_LABELS,
  portfoliosWithRoom,
  roomLeft,
  type AppointmentKind,
  type DateWindow,
  type Modality,
} from "@/domain";
import type { Prisma } from "@/generated/prisma/client";
import { fullName } from "@/lib/format";
import { plural } from "@/lib/plural";
import { auditRow } from "@/server/audit";
import type { Actor } from "@/server/auth/policy";
import { requireAgencyInScope, requirePermission } from "@/server/auth/row-scope";
import { DomainError } from "@/server/errors";
import { cancelQueuedReminders, queueNewAdvisorNotices, queueRescheduleNotices } from "@/server/messages/notices";
import { planHandovers } from "@/server/queries/slot-choices";
import { applyBalanceSchema, moveSeekersSchema, type ApplyBalanceInput, type MoveSeekersInput } from "./rebalance.schema";
import { nowOf, parseInput, runInTransaction, type Tx, type UseCaseOptions } from "./kit";
import { seekersPerPortfolio } from "@/server/queries/loads";

/** A future appointment re-planned because the new advisor was busy at its time (docs/rules.md#rebalancing). */
export type ReplannedAppointment = {
  /** The new appointment, and the cancelled one it replaces. */
  appointmentId: string;
  replacesId: string;
  seekerId: string;
  seekerName: string;
  kind: AppointmentKind;
  fromStartsAt: string;
  toStartsAt: string;
  /** A review's window (M4/M9), and whether the new date lies outside it (the window had no free slot left). */
  window: DateWindow | null;
  outsideWindow: boolean;
};

export type MoveResult = { moved: number; appointmentsFollowed: number; appointmentsReplanned: number; replanned: ReplannedAppointment[] };

const REBALANCE_FORBIDDEN = "Seul un responsable d'équipe de l'agence peut rééquilibrer les portefeuilles.";

// ---------------------------------------------------------------------------------------------------------------
// The shared path: one transaction moving seekers into one or more target portfolios.

type PlannedMove = { seekerId: string; toPortfolioId: string; expectedFromPortfolioId?: string };

type MoveContext = {
  /** The agency and modality every portfolio must belong to (known when applying a plan). */
  agencyId?: string;
  modality?: Modality;
  force: boolean;
  reason: string | null;
  /** A plan is applied: a seeker no longer where the plan saw it refuses the whole plan. */
  fromPlan: boolean;
};

const PORTFOLIO_NOT_FOUND = "Portefeuille cible introuvable.";
const STALE_PLAN =
  "Le plan de rééquilibrage n'est plus à jour : des demandeurs ont changé de portefeuille depuis l'aperçu. Rien n'a été déplacé ; le plan recalculé est affiché, vérifiez-le puis confirmez.";

async function moveInTransaction(tx: Tx, actor: Actor, moves: PlannedMove[], ctx: MoveContext, now: Date): Promise<MoveResult> {
  const seekerIds = [...new Set(moves.map((m) => m.seekerId))].sort();
  const targetIds = [...new Set(moves.map((m) => m.toPortfolioId))].sort();

  // 1. Target portfolios: same agency and modality, within the actor's scope.
  const targets = await tx.portfolio.findMany({
    where: { id: { in: targetIds } },
    select: { id: true, agencyId: true, advisorId: true, modality: true, advisor: { select: { firstName: true, lastName: true } } },
  });
  if (targets.length !== targetIds.length) throw new DomainError("NOT_FOUND", PORTFOLIO_NOT_FOUND);
  const agencyId = ctx.agencyId ?? targets[0]!.agencyId;
  const modality = ctx.modality ?? (targets[0]!.modality as Modality);
  for (const t of targets) {
    requireAgencyInScope(actor, t.agencyId, PORTFOLIO_NOT_FOUND);
    if (t.agencyId !== agencyId || t.modality !== modality) {
      throw new DomainError("INVALID", "Les portefeuilles cibles doivent appartenir à la même agence et à la même modalité.");
    }
  }

  // 2. Lock the seekers (id order, as confirm-diagnostic locks a seeker before a portfolio), then read them.
  await tx.$queryRaw`SELECT "id" FROM "Seeker" WHERE "id" = ANY(${seekerIds}::uuid[]) ORDER BY "id" FOR UPDATE`;
  const seekers = await tx.seeker.findMany({
    where: { id: { in: seekerIds } },
    select: {
      id: true,
      agencyId: true,
      status: true,
      portfolioId: true,
      portfolio: { select: { id: true, agencyId: true, modality: true, advisorId: true } },
    },
  });
  const seekerById = new Map(seekers.map((s) => [s.id, s]));
  if (seekers.length !== seekerIds.length || seekers.some((s) => s.agencyId !== agencyId)) {
    throw new DomainError("INVALID", "Certains demandeurs sont introuvables ou ne sont pas suivis dans l'agence de ce portefeuille : rien n'a été déplacé.");
  }
  for (const move of moves) {
    const seeker = seekerById.get(move.seekerId)!;
    if (ctx.fromPlan && seeker.portfolioId !== move.expectedFromPortfolioId) throw new DomainError("CONFLICT", STALE_PLAN);
    if (seeker.status !== "FOLLOWED" || !seeker.portfolio) {
      throw new DomainError("INVALID", "Seuls des demandeurs suivis dans un portefeuille peuvent être déplacés : rien n'a été déplacé.");
    }
    if (seeker.portfolio.agencyId !== agencyId || seeker.portfolio.modality !== modality) {
      throw new DomainError(
        "INVALID",
        `Un rééquilibrage se fait entre portefeuilles de la même agence et de la même modalité (${MODALITY_SHORT_LABELS[modality].toLowerCase()}) : changer de modalité passe par un nouveau diagnostic. Rien n'a été déplacé.`,
      );
    }
    if (seeker.portfolioId === move.toPortfolioId) {
      throw new DomainError("INVALID", "Un demandeur est déjà dans le portefeuille cible : rien n'a été déplacé.");
    }
  }

  // 3. Lock targets and sources in id order; check capacity of every target.
  const sourceIds = [...new Set(seekers.map((s) => s.portfolioId as string))];
  const lockIds = [...new Set([...targetIds, ...sourceIds])].sort();
  const locked = await tx.$queryRaw<{ id: string; cap: number }[]>`SELECT "id"::text AS "id", "cap" FROM "Portfolio"
    WHERE "id" = ANY(${lockIds}::uuid[]) ORDER BY "id" FOR UPDATE`;
  const capOf = new Map(locked.map((p) => [p.id, p.cap]));
  const overCap = new Set<string>();
  for (const target of targets) {
    const incoming = moves.filter((m) => m.toPortfolioId === target.id).length;
    const outgoing = moves.filter((m) => seekerById.get(m.seekerId)!.portfolioId === target.id).length;
    const load = (await tx.seeker.count({ where: { portfolioId: target.id } })) - outgoing;
    const cap = capOf.get(target.id)!;
    if (fitsUnderCap({ load, cap }, incoming)) continue;
    if (isForcedWithReason(ctx)) {
      overCap.add(target.id);
      continue;
    }
    await refuseOverCap(tx, { agencyId, modality, portfolioId: target.id, advisor: fullName(target.advisor), load, cap, incoming });
  }

  // 4. Where each future appointment goes (docs/rules.md#rebalancing), planned on the agendas as this transaction sees them.
  const targetById = new Map(targets.map((t) => [t.id, t]));
  const handovers = await planHandovers(
    tx,
    agencyId,
    moves.map((m) => ({
      seekerId: m.seekerId,
      fromAdvisorId: seekerById.get(m.seekerId)!.portfolio!.advisorId,
      toAdvisorId: targetById.get(m.toPortfolioId)!.advisorId,
    })),
    now,
  );
  const missing = handovers.find((h) => h.toStartsAt === null);
  if (missing) {
    const target = targets.find((t) => t.advisorId === missing.toAdvisorId)!;
    throw new DomainError("CONFLICT", `Aucun créneau libre n'a été trouvé pour ${fullName(target.advisor)} : rien n'a été déplacé.`);
  }
  const seekerNames = new Map(
    (await tx.seeker.findMany({ where: { id: { in: seekerIds } }, select: { id: true, firstName: true, lastName: true } })).map((s) => [s.id, fullName(s)]),
  );

  // 5. Assignments, seekers, appointments, audit.
  let appointmentsFollowed = 0;
  const replannedList: ReplannedAppointment[] = [];
  const followedIds: string[] = [];
  const audits: Prisma.AuditEventUncheckedCreateInput[] = [];
  for (const move of [...moves].sort((a, b) => a.seekerId.localeCompare(b.seekerId))) {
    const seeker = seekerById.get(move.seekerId)!;
    const from = seeker.portfolio!;
    const target = targetById.get(move.toPortfolioId)!;
    const forced = overCap.has(target.id);
    await tx.assignment.updateMany({ where: { seekerId: seeker.id, endedAt: null }, data: { endedAt: now } });
    const assignment = await tx.assignment.create({
      data: {
        agencyId,
        seekerId: seeker.id,
        portfolioId: target.id,
        modality,
        reason: "REBALANCE",
        forced,
        note: ctx.reason,
        actorId: actor.id,
        startedAt: now,
      },
      select: { id: true },
    });
    await tx.seeker.update({ where: { id: seeker.id }, data: { portfolioId: target.id }, select: { id: true } });

    let followed = 0;
    let replanned = 0;
    for (const handover of handovers.filter((h) => h.seekerId === seeker.id)) {
      if (handover.followed) {
        await tx.appointment.update({ where: { id: handover.appointmentId }, data: { advisorId: target.advisorId }, select: { id: true } });
        followedIds.push(handover.appointmentId);
        followed += 1;
        continue;
      }
      const { count } = await tx.appointment.updateMany({
        where: { id: handover.appointmentId, status: "SCHEDULED" },
        data: { status: "CANCELLED", outcomeAt: now },
      });
      if (count !== 1) throw new DomainError("CONFLICT", "Un rendez-vous vient d'être modifié par ailleurs. Veuillez réessayer.");
      const created = await tx.appointment.create({
        data: {
          agencyId,
          seekerId: seeker.id,
          advisorId: target.advisorId,
          socialWorkerId: handover.socialWorkerId,
          kind: handover.kind,
          channel: handover.channel,
          startsAt: new Date(handover.toStartsAt!),
          endsAt: new Date(handover.toEndsAt!),
          replacesId: handover.appointmentId,
        },
        select: { id: true },
      });
      replannedList.push({
        appointmentId: created.id,
        replacesId: handover.appointmentId,
        seekerId: seeker.id,
        seekerName: seekerNames.get(seeker.id) ?? "",
        kind: handover.kind,
        fromStartsAt: handover.fromStartsAt,
        toStartsAt: handover.toStartsAt!,
        window: handover.window,
        outsideWindow: handover.outsideWindow,
      });
      replanned += 1;
    }
    appointmentsFollowed += followed;
    audits.push(
      auditRow({
        actor,
        action: "seeker.transferred",
        agencyId,
        subjectType: "Seeker",
        subjectId: seeker.id,
        seekerId: seeker.id,
        metadata: {
          fromPortfolioId: from.id,
          toPortfolioId: target.id,
          assignmentId: assignment.id,
          reason: "REBALANCE",
          forced,
          appointmentsFollowed: followed,
          appointmentsReplanned: replanned,
        },
      }),
    );
  }
  await tx.auditEvent.createMany({ data: audits });
  // A reminder already queued for an appointment handed over at the same time names the old advisor: it is cancelled,
  // and the next run of the reminder job writes one naming the new advisor (its key names the advisor,
  // docs/rules.md#reminders).
  await cancelQueuedReminders(tx, followedIds);
  // The seekers are told, if this transaction commits (docs/rules.md#messages-to-seekers): each re-planned appointment
  // as a move (old and new date, new advisor, the calendar event updated, its reminders cancelled), then each seeker
  // their new advisor and next appointment.
  await queueRescheduleNotices(
    tx,
    replannedList.map((r) => ({ fromId: r.replacesId, toId: r.appointmentId })),
    now,
  );
  await queueNewAdvisorNotices(
    tx,
    moves.map((m) => ({
      seekerId: m.seekerId,
      previousAdvisorId: seekerById.get(m.seekerId)!.portfolio!.advisorId,
      advisorId: targetById.get(m.toPortfolioId)!.advisorId,
    })),
    "REBALANCING",
    now,
  );
  return { moved: moves.length, appointmentsFollowed, appointmentsReplanned: replannedList.length, replanned: replannedList };
}

/** The CAPACITY refusal: names the figures and the colleagues of the agency with room in that modality. */
async function refuseOverCap(
  tx: Tx,
  p: { agencyId: string; modality: Modality; portfolioId: string; advisor: string; load: number; cap: number; incoming: number },
): Promise<never> {
  const others = await tx.portfolio.findMany({
    where: { agencyId: p.agencyId, modality: p.modality, id: { not: p.portfolioId }, advisor: { active: true } },
    select: { id: true, cap: true, advisorId: true, advisor: { select: { firstName: true, lastName: true } } },
  });
  const loadOf = await seekersPerPortfolio(
    tx,
    others.map((o) => o.id),
  );
  const withRoom = portfoliosWithRoom(
    others.map((o) => ({ advisorId: o.advisorId, advisorName: fullName(o.advisor), load: loadOf.get(o.id) ?? 0, cap: o.cap })),
  );
  const room = roomLeft(p);
  let message =
    `Le portefeuille ${MODALITY_SHORT_LABELS[p.modality].toLowerCase()} de ${p.advisor} compte ${p.load} / ${p.cap} demandeurs : ` +
    `y déplacer ${plural(p.incoming, "demandeur")} le porterait à ${p.load + p.incoming}, au-delà du plafond de ${p.cap} ` +
    `(${plural(room, "place")} libre${room > 1 ? "s" : ""}).`;
  message +=
    withRoom.length > 0
      ? ` Conseillers de l'agence ayant de la place dans cette modalité : ${withRoom.map((o) => `${o.advisorName} (${plural(o.room, "place")})`).join(", ")}.`
      : " Aucun autre conseiller de l'agence n'a de place dans cette modalité.";
  message += " Un responsable d'équipe peut forcer le déplacement avec une justification écrite.";
  throw new DomainError("CAPACITY", message, {
    load: p.load,
    cap: p.cap,
    incoming: p.incoming,
    alternatives: withRoom.map((o) => ({ advisorId: o.advisorId, name: o.advisorName, room: o.room })),
  });
}

function runMoves(actor: Actor, moves: PlannedMove[], ctx: MoveContext, options: UseCaseOptions): Promise<MoveResult> {
  const now = nowOf(options);
  return runInTransaction(options, (tx) => moveInTransaction(tx, actor, moves, ctx, now), {
    timeoutMs: 60_000,
    attempts: 6,
    conflictMessage: "Le rééquilibrage est entré en conflit avec d'autres modifications simultanées. Rien n'a été déplacé ; veuillez réessayer.",
  });
}

// ---------------------------------------------------------------------------------------------------------------
// moveSeekers

export async function moveSeekers(actor: Actor, rawInput: MoveSeekersInput | unknown, options: UseCaseOptions = {}): Promise<MoveResult> {
  const input = parseInput(moveSeekersSchema, rawInput);
  requirePermission(actor, "portfolio:rebalance", REBALANCE_FORBIDDEN);
  return runMoves(
    actor,
    input.seekerIds.map((seekerId) => ({ seekerId, toPortfolioId: input.toPortfolioId })),
    { force: input.force === true, reason: input.reason ?? null, fromPlan: false },
    options,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// applyBalance

/** Applies a previewed plan through the `moveSeekers` path, all or nothing; a stale plan is refused (CONFLICT). */
export async function applyBalance(actor: Actor, rawInput: ApplyBalanceInput | unknown, options: UseCaseOptions = {}): Promise<MoveResult> {
  const input = parseInput(applyBalanceSchema, rawInput);
  requirePermission(actor, "portfolio:rebalance", REBALANCE_FORBIDDEN);
  requireAgencyInScope(actor, input.agencyId, "Agence introuvable.");
  const moves = [...input.moves]
    .sort((a, b) => (a.toPortfolioId < b.toPortfolioId ? -1 : a.toPortfolioId > b.toPortfolioId ? 1 : 0))
    .map((m) => ({ seekerId: m.seekerId, toPortfolioId: m.toPortfolioId, expectedFromPortfolioId: m.fromPortfolioId }));
  return runMoves(actor, moves, { agencyId: input.agencyId, modality: input.modality, force: false, reason: null, fromPlan: true }, options);
}
