/**
 * Placement beyond the caps (issue 15, docs/rules.md#placement-beyond-the-caps). An advisor cannot force a full
 * portfolio; when every portfolio of the decided modality in the agency is full, they send the confirmation they
 * prepared to the managers (`requestPlacement`). A manager then places the seeker with an advisor of the agency
 * beyond the cap, with a written reason, through the very steps of the confirmation (`placeBeyondCap`), or declines
 * with a reason (`declinePlacement`); the advisor reads the answer on the seeker's diagnostic page.
 */
import "server-only";
import { mayAskForPlacementBeyondCap, MODALITY_SHORT_LABELS, portfoliosWithRoom, type Modality } from "@/domain";
import { Prisma } from "@/generated/prisma/client";
import { fullName } from "@/lib/format";
import { auditRow } from "@/server/audit";
import type { Actor } from "@/server/auth/policy";
import { requireAgencyInScope, requirePermission, requireSeekerInScope } from "@/server/auth/row-scope";
import { DomainError } from "@/server/errors";
import { CONFIRM_CONFLICT_MESSAGE, confirmInTransaction, decide, resolveTeam, type ConfirmDiagnosticResult } from "./confirm-diagnostic";
import { confirmDiagnosticSchema } from "./confirm-diagnostic.schema";
import {
  declinePlacementSchema,
  placeBeyondCapSchema,
  requestPlacementSchema,
  type DeclinePlacementInput,
  type PlaceBeyondCapInput,
  type RequestPlacementInput,
} from "./placement-requests.schema";
import { nowOf, parseInput, runInTransaction, type Tx, type UseCaseOptions } from "./kit";
import { seekersPerPortfolio } from "@/server/queries/loads";

export type PlacementRequestResult = { requestId: string; decidedModality: Modality };
export type DeclinedPlacement = { requestId: string };

const DECIDE_FORBIDDEN = "Seul un responsable d'équipe de l'agence peut traiter une demande de placement.";
const REQUEST_NOT_FOUND = "Demande de placement introuvable.";

/** The advisor sends the prepared confirmation to the managers: only when every portfolio of its modality is full. */
export async function requestPlacement(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<PlacementRequestResult> {
  const input = parseInput(requestPlacementSchema, rawInput);
  requirePermission(actor, "placement:request", "Seul un·e conseiller·ère de l'agence peut envoyer un dossier à la direction.");
  const now = nowOf(options);
  return runInTransaction(options, (tx) => requestInTransaction(tx, actor, input, now));
}

async function requestInTransaction(tx: Tx, actor: Actor, input: RequestPlacementInput, now: Date): Promise<PlacementRequestResult> {
  const { confirmation } = input;
  const agencyId = actor.agencyId as string;
  // One decision about a seeker at a time: the confirmation locks the same row.
  await tx.$queryRaw`SELECT "id" FROM "Seeker" WHERE "id" = ${confirmation.seekerId}::uuid AND "agencyId" = ${agencyId}::uuid FOR UPDATE`;
  const seeker = await requireSeekerInScope(
    tx,
    actor,
    "diagnosable",
    confirmation.seekerId,
    { id: true, status: true, agency: true },
    "Demandeur introuvable.",
  );
  if (seeker.status === "CLOSED") throw new DomainError("CONFLICT", "Le dossier de ce demandeur est clos.");
  const pending = await tx.placementRequest.findFirst({ where: { seekerId: seeker.id, status: "PENDING" }, select: { createdAt: true } });
  if (pending) {
    throw new DomainError("CONFLICT", "Ce dossier attend déjà la décision de la direction de l'agence.");
  }
  // The same checks as a confirmation: justified override, global possible, advisor and social worker of the agency.
  const decision = decide(confirmation, seeker.agency);
  const { advisorId } = await resolveTeam(tx, confirmation, agencyId, actor.id, decision.decided);
  await requireEveryPortfolioFull(tx, agencyId, advisorId, decision.decided);

  const request = await tx.placementRequest.create({
    data: {
      agencyId,
      seekerId: seeker.id,
      requestedById: actor.id,
      confirmation: confirmation as unknown as Prisma.InputJsonValue,
      proposedModality: decision.result.modality,
      decidedModality: decision.decided,
      note: input.note ? input.note : null,
      createdAt: now,
    },
    select: { id: true },
  });
  await tx.auditEvent.create({
    data: auditRow({
      actor,
      action: "placement.requested",
      agencyId,
      subjectType: "PlacementRequest",
      subjectId: request.id,
      seekerId: seeker.id,
      metadata: { decidedModality: decision.decided, advisorId },
    }),
  });
  return { requestId: request.id, decidedModality: decision.decided };
}

/** CONFLICT unless the target portfolio exists and is full and no other portfolio of the modality has room. */
async function requireEveryPortfolioFull(tx: Tx, agencyId: string, advisorId: string, modality: Modality): Promise<void> {
  const portfolios = await tx.portfolio.findMany({
    where: { agencyId, modality, advisor: { active: true } },
    select: { id: true, cap: true, advisorId: true, advisor: { select: { firstName: true, lastName: true } } },
  });
  const loadOf = await seekersPerPortfolio(
    tx,
    portfolios.map((p) => p.id),
  );
  const summaries = portfolios.map((p) => ({ advisorId: p.advisorId, advisorName: fullName(p.advisor), load: loadOf.get(p.id) ?? 0, cap: p.cap }));
  const target = summaries.find((p) => p.advisorId === advisorId) ?? null;
  const others = summaries.filter((p) => p.advisorId !== advisorId);
  if (mayAskForPlacementBeyondCap(target, others)) return;
  const label = MODALITY_SHORT_LABELS[modality].toLowerCase();
  if (target === null) {
    throw new DomainError(
      "CONFLICT",
      `Le portefeuille « ${label} » de la personne choisie n'existe pas encore : il sera créé à la confirmation. Confirmez le diagnostic.`,
    );
  }
  const withRoom = portfoliosWithRoom(target.load < target.cap ? summaries : others);
  throw new DomainError(
    "CONFLICT",
    `Il reste de la place en ${label} : ${withRoom.map((p) => `${p.advisorName} (${p.room})`).join(", ")}. Placez le demandeur dans un de ces portefeuilles.`,
    { alternatives: withRoom.map((p) => ({ advisorId: p.advisorId, name: p.advisorName, room: p.room })) },
  );
}

/** The pending request, locked, within the actor's agencies; NOT_FOUND outside, CONFLICT once resolved. */
async function lockPendingRequest(tx: Tx, actor: Actor, requestId: string) {
  await tx.$queryRaw`SELECT "id" FROM "PlacementRequest" WHERE "id" = ${requestId}::uuid FOR UPDATE`;
  const request = await tx.placementRequest.findUnique({
    where: { id: requestId },
    select: { id: true, agencyId: true, seekerId: true, requestedById: true, status: true, confirmation: true, decidedModality: true },
  });
  if (!request) throw new DomainError("NOT_FOUND", REQUEST_NOT_FOUND);
  requireAgencyInScope(actor, request.agencyId, REQUEST_NOT_FOUND);
  if (request.status !== "PENDING") throw new DomainError("CONFLICT", "Cette demande de placement a déjà été traitée.");
  return request;
}

/**
 * The manager places the seeker with the chosen advisor of the agency, through the confirmation's own steps: the
 * diagnostic (authored by the advisor who held the interview), the assignment (forced, with the reason, when the
 * portfolio is full), the tandem, the first interview settled, the reviews and follow-ups booked.
 */
export async function placeBeyondCap(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<ConfirmDiagnosticResult> {
  const input = parseInput(placeBeyondCapSchema, rawInput);
  requirePermission(actor, "placement:decide", DECIDE_FORBIDDEN);
  const now = nowOf(options);
  return runInTransaction(options, (tx) => placeInTransaction(tx, actor, input, now), { conflictMessage: CONFIRM_CONFLICT_MESSAGE });
}

async function placeInTransaction(tx: Tx, actor: Actor, input: PlaceBeyondCapInput, now: Date): Promise<ConfirmDiagnosticResult> {
  const request = await lockPendingRequest(tx, actor, input.requestId);
  const parsed = confirmDiagnosticSchema.safeParse(request.confirmation);
  if (!parsed.success) {
    throw new DomainError("CONFLICT", "Cette demande ne peut plus être appliquée telle quelle : refusez-la, le conseiller refera la confirmation.");
  }
  const confirmation = { ...parsed.data, targetAdvisorId: input.advisorId };
  const result = await confirmInTransaction(tx, actor, confirmation, now, {
    agencyId: request.agencyId,
    scope: "visible",
    authorId: request.requestedById,
    beyondCap: { requestId: request.id, reason: input.reason },
  });
  await tx.auditEvent.create({
    data: auditRow({
      actor,
      action: "placement.granted",
      agencyId: request.agencyId,
      subjectType: "PlacementRequest",
      subjectId: request.id,
      seekerId: request.seekerId,
      metadata: { decidedModality: result.modality, advisorId: result.advisorId, portfolioId: result.portfolioId },
    }),
  });
  return result;
}

/** The manager declines with a reason the advisor reads; the prepared answers are erased, the seeker stays where they were. */
export async function declinePlacement(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<DeclinedPlacement> {
  const input = parseInput(declinePlacementSchema, rawInput);
  requirePermission(actor, "placement:decide", DECIDE_FORBIDDEN);
  const now = nowOf(options);
  return runInTransaction(options, (tx) => declineInTransaction(tx, actor, input, now));
}

async function declineInTransaction(tx: Tx, actor: Actor, input: DeclinePlacementInput, now: Date): Promise<DeclinedPlacement> {
  const request = await lockPendingRequest(tx, actor, input.requestId);
  await tx.placementRequest.update({
    where: { id: request.id },
    data: { status: "DECLINED", resolvedAt: now, resolvedById: actor.id, resolution: input.reason, confirmation: Prisma.DbNull },
    select: { id: true },
  });
  await tx.auditEvent.create({
    data: auditRow({
      actor,
      action: "placement.declined",
      agencyId: request.agencyId,
      subjectType: "PlacementRequest",
      subjectId: request.id,
      seekerId: request.seekerId,
      metadata: { decidedModality: request.decidedModality },
    }),
  });
  return { requestId: request.id };
}
