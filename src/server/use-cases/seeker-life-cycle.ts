/**
 * A file's life cycle by hand (issue 17, docs/rules.md#exits-reopening-and-transfers):
 * - `closeSeeker`: the exit (« sortie ») with its reason: the file closes (CLOSED, `closedAt`, `exitReason`), the
 *   portfolio place is freed, the appointments still to come cancelled (the seeker told), the tandem ended; no review
 *   is planned for it any more (the planners take followed files only). An EXIT event is written.
 * - `reopenSeeker`: the file goes back to the agency's queue « à diagnostiquer » (`queuedOn` = the day), its history
 *   kept; a REOPENING event is written.
 * - `transferSeeker`: to another agency, chosen or found from a new address in its territory (AgencyCommune), once
 *   the user confirmed (src/server/use-cases/seeker-transfer.ts does the move).
 * Who: the advisor in charge, the agency's managers, administrators anywhere (the `lifeCycle` row scope). The
 * `…InTransaction` variants take an actor by id and role: the registration import calls them too.
 */
import "server-only";
import { compareDates, localDateOf, timeZoneOf, type IsoDate } from "@/domain";
import type { ExitReason } from "@/generated/prisma/enums";
import type { Actor } from "@/server/auth/policy";
import { requirePermission, requireSeekerInScope } from "@/server/auth/row-scope";
import { DomainError } from "@/server/errors";
import { nowOf, parseInput, runInTransaction, type Tx, type UseCaseOptions } from "./kit";
import { closeSeekerSchema, reopenSeekerSchema, transferSeekerSchema } from "./seeker-life-cycle.schema";
import { dateColumn, lockSeekerForLifeCycle, releaseSeeker } from "./seeker-release";
import { lifeCycleAudit, transferInTransaction, type LifeCycleActor, type TransferResult } from "./seeker-transfer";

const NOT_FOUND = "Demandeur introuvable.";
const FORBIDDEN = "Seuls le conseiller ou la conseillère du demandeur, la direction de l'agence et l'administration peuvent changer l'état d'un dossier.";

export type CloseResult = { seekerId: string; appointmentsCancelled: number };
export type ReopenResult = { seekerId: string };

const lifeCycleActor = (actor: Actor): LifeCycleActor => ({ userId: actor.id, role: actor.role });

/** The agency's calendar day at `now`. */
async function agencyToday(tx: Tx, agencyId: string, now: Date): Promise<IsoDate> {
  const agency = await tx.agency.findUniqueOrThrow({ where: { id: agencyId }, select: { departement: true } });
  return localDateOf(now.toISOString(), timeZoneOf(agency.departement));
}

/** NOT_FOUND unless the seeker is within the actor's `lifeCycle` scope. */
async function requireInScope(tx: Tx, actor: Actor, seekerId: string) {
  return requireSeekerInScope(tx, actor, "lifeCycle", seekerId, { id: true, agencyId: true, registrationDate: true }, NOT_FOUND);
}

// ————————————————————————————————————————————— exit

export async function closeSeeker(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<CloseResult> {
  const input = parseInput(closeSeekerSchema, rawInput);
  requirePermission(actor, "seeker:lifecycle", FORBIDDEN);
  const now = nowOf(options);
  return runInTransaction(options, async (tx) => {
    const seeker = await requireInScope(tx, actor, input.seekerId);
    const today = await agencyToday(tx, seeker.agencyId, now);
    const day = input.date ?? today;
    if (compareDates(day, today) > 0) throw new DomainError("INVALID", "La date de sortie ne peut pas être dans le futur.");
    if (compareDates(day, seeker.registrationDate.toISOString().slice(0, 10)) < 0) {
      throw new DomainError("INVALID", "La date de sortie ne peut pas précéder l'inscription.");
    }
    return closeSeekerInTransaction(tx, { seekerId: seeker.id, reason: input.reason, actor: lifeCycleActor(actor), importId: null, day, now });
  });
}

/**
 * Closes the file inside the caller's transaction. Refused (nothing written): an unknown seeker, a file already closed
 * or anonymised.
 */
export async function closeSeekerInTransaction(
  tx: Tx,
  input: { seekerId: string; reason: ExitReason; actor: LifeCycleActor; importId: string | null; day: IsoDate; now?: Date; note?: string | null },
): Promise<CloseResult> {
  const now = input.now ?? nowOf();
  const seeker = await lockSeekerForLifeCycle(tx, input.seekerId);
  if (!seeker) throw new DomainError("NOT_FOUND", NOT_FOUND);
  if (seeker.anonymisedAt !== null) throw new DomainError("CONFLICT", "Ce dossier a été anonymisé.");
  if (seeker.status === "CLOSED") throw new DomainError("CONFLICT", "Ce dossier est déjà clos.");
  const released = await releaseSeeker(tx, seeker, { now, actorId: input.actor.userId });
  await tx.seeker.update({
    where: { id: seeker.id },
    data: { status: "CLOSED", closedAt: now, exitReason: input.reason },
    select: { id: true },
  });
  await recordLifeEvent(tx, input.actor, {
    seeker,
    kind: "EXIT",
    exitReason: input.reason,
    importId: input.importId,
    occurredOn: input.day,
    note: input.note,
    audit: {
      action: "seeker.closed",
      metadata: {
        exitReason: input.reason,
        importId: input.importId,
        appointmentsCancelled: released.cancelledAppointmentIds.length,
        portfolioId: released.previousPortfolioId,
        tandemEnded: released.tandemEnded,
      },
    },
  });
  return { seekerId: seeker.id, appointmentsCancelled: released.cancelledAppointmentIds.length };
}

// ————————————————————————————————————————————— reopening

export async function reopenSeeker(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<ReopenResult> {
  const input = parseInput(reopenSeekerSchema, rawInput);
  requirePermission(actor, "seeker:lifecycle", FORBIDDEN);
  const now = nowOf(options);
  return runInTransaction(options, async (tx) => {
    const seeker = await requireInScope(tx, actor, input.seekerId);
    const today = await agencyToday(tx, seeker.agencyId, now);
    return reopenSeekerInTransaction(tx, { seekerId: seeker.id, actor: lifeCycleActor(actor), importId: null, today });
  });
}

/**
 * Reopens a closed file inside the caller's transaction: back in its agency's queue « à diagnostiquer » from `today`
 * (the first interview is due from it), its exit reason cleared, everything before kept. Refused (nothing written):
 * an unknown seeker, a file not closed, an anonymised one.
 */
export async function reopenSeekerInTransaction(
  tx: Tx,
  input: { seekerId: string; actor: LifeCycleActor; importId: string | null; today: IsoDate; note?: string | null },
): Promise<ReopenResult> {
  const seeker = await lockSeekerForLifeCycle(tx, input.seekerId);
  if (!seeker) throw new DomainError("NOT_FOUND", NOT_FOUND);
  if (seeker.anonymisedAt !== null) throw new DomainError("CONFLICT", "Ce dossier a été anonymisé : il ne peut plus être rouvert.");
  if (seeker.status !== "CLOSED") throw new DomainError("CONFLICT", "Ce dossier n'est pas clos.");
  await tx.seeker.update({
    where: { id: seeker.id },
    data: { status: "AWAITING_DIAGNOSTIC", closedAt: null, exitReason: null, modality: null, agreedRhythmMonths: null, queuedOn: dateColumn(input.today) },
    select: { id: true },
  });
  await recordLifeEvent(tx, input.actor, {
    seeker,
    kind: "REOPENING",
    importId: input.importId,
    occurredOn: input.today,
    note: input.note,
    audit: { action: "seeker.reopened", metadata: { previousExitReason: seeker.exitReason, importId: input.importId } },
  });
  return { seekerId: seeker.id };
}

/** The file's life event (append-only history) and its journal line, written together. */
async function recordLifeEvent(
  tx: Tx,
  actor: LifeCycleActor,
  event: {
    seeker: { id: string; agencyId: string };
    kind: "EXIT" | "REOPENING";
    exitReason?: ExitReason;
    importId: string | null;
    occurredOn: IsoDate;
    note?: string | null;
    audit: { action: "seeker.closed" | "seeker.reopened"; metadata: Record<string, string | number | boolean | null> };
  },
): Promise<void> {
  const { seeker } = event;
  await tx.seekerLifeEvent.create({
    data: {
      agencyId: seeker.agencyId,
      seekerId: seeker.id,
      kind: event.kind,
      exitReason: event.exitReason ?? null,
      importId: event.importId,
      actorId: actor.userId,
      occurredOn: dateColumn(event.occurredOn),
      note: event.note ? event.note : null,
    },
    select: { id: true },
  });
  await tx.auditEvent.create({
    data: lifeCycleAudit(actor, {
      action: event.audit.action,
      agencyId: seeker.agencyId,
      subjectType: "Seeker",
      subjectId: seeker.id,
      seekerId: seeker.id,
      metadata: event.audit.metadata,
    }),
    select: { id: true },
  });
}

// ————————————————————————————————————————————— transfer by hand

/**
 * The agency whose territory holds this postal code and commune (AgencyCommune), or null. The commune's name decides
 * only where the postal code is shared by several agencies. Until the registration import's territory lookup lands,
 * this small function is the one place that reads the territories.
 */
export async function agencyOfAddress(tx: Pick<Tx, "agencyCommune">, postalCode: string, commune: string): Promise<string | null> {
  const rows = await tx.agencyCommune.findMany({ where: { postalCode }, select: { agencyId: true, name: true } });
  const agencies = [...new Set(rows.map((r) => r.agencyId))];
  if (agencies.length <= 1) return agencies[0] ?? null;
  const wanted = normaliseCommune(commune);
  return rows.find((r) => normaliseCommune(r.name) === wanted)?.agencyId ?? null;
}

/** « Saint-Denis », « ST DENIS », « saint denis » alike. */
export function normaliseCommune(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toUpperCase()
    .replace(/\bST\b/g, "SAINT")
    .replace(/\bSTE\b/g, "SAINTE")
    .replace(/[^A-Z0-9]+/g, " ")
    .trim();
}

export async function transferSeeker(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<TransferResult> {
  const input = parseInput(transferSeekerSchema, rawInput);
  requirePermission(actor, "seeker:lifecycle", FORBIDDEN);
  const now = nowOf(options);
  return runInTransaction(options, async (tx) => {
    const seeker = await requireInScope(tx, actor, input.seekerId);
    let toAgencyId = input.toAgencyId ?? null;
    if (input.address) {
      const found = await agencyOfAddress(tx, input.address.postalCode, input.address.commune);
      if (toAgencyId === null) {
        if (found === null) {
          throw new DomainError("INVALID", "Aucune agence ne dessert cette commune : choisissez l'agence d'accueil dans la liste.");
        }
        if (found === seeker.agencyId) {
          throw new DomainError("INVALID", "Cette adresse est dans le territoire de l'agence actuelle : il n'y a rien à transférer.");
        }
        toAgencyId = found;
      }
    }
    const target = await tx.agency.findUnique({ where: { id: toAgencyId! }, select: { id: true, departement: true } });
    if (!target) throw new DomainError("NOT_FOUND", "Agence d'accueil introuvable.");
    // The day the file enters the receiving agency's queue, in that agency's calendar.
    const today = localDateOf(now.toISOString(), timeZoneOf(target.departement));
    return transferInTransaction(tx, {
      seekerId: seeker.id,
      toAgencyId: target.id,
      actor: lifeCycleActor(actor),
      importId: null,
      today,
      ...(input.address ? { address: { address: input.address.address || null, postalCode: input.address.postalCode, commune: input.address.commune } } : {}),
      now,
    });
  });
}
