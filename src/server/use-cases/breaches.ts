/**
 * Breaches (manquements) under the 2025 offer (issue 20, docs/rules.md#breaches-2025). Modalis never proposes,
 * computes or applies a sanction: it records what happened and what was decided elsewhere.
 * - `reportBreach`: the advisor in charge reports a breach (which obligation, the facts, the date);
 * - `notifyBreach`: the advisor records the notice of a planned sanction (10 days to answer);
 * - `answerBreach`: the advisor records the person's answer (in writing, or a request to be heard);
 * - `decideBreach`: the agency's MANAGER enters the decision as received from the regional director or the
 *   département (« pas de suite », or the sanction's text as received);
 * - `liftBreach`: the advisor or the manager records the remobilisation that lifts a sanction.
 * Each step is an appended row (append-only tables, one step of each kind per breach), checked by the domain's state
 * machine (`checkBreachStep`) with the agency's today, and journaled with codes and dates only (never the facts or a
 * text). The breach row is locked while a step is recorded: two steps at once run one after the other.
 */
import "server-only";
import {
  checkBreachReport,
  checkBreachStep,
  localDateOf,
  sanctionAnswerDeadline,
  timeZoneOf,
  type BreachRecord,
  type BreachStepKind,
  type IsoDate,
} from "@/domain";
import type { Prisma } from "@/generated/prisma/client";
import { auditRow } from "@/server/audit";
import type { AuditAction } from "@/lib/audit-vocabulary";
import type { Actor, Permission } from "@/server/auth/policy";
import { requirePermission, requireSeekerInScope } from "@/server/auth/row-scope";
import { DomainError } from "@/server/errors";
import { isoDate } from "@/lib/format";
import { nowOf, parseInput, runInTransaction, type Tx, type UseCaseOptions } from "./kit";
import { answerBreachSchema, decideBreachSchema, liftBreachSchema, notifyBreachSchema, reportBreachSchema, type ReportBreachInput } from "./breaches.schema";
import { dateColumn } from "./seeker-release";
import { isRaisedByTrigger, isUniqueViolation } from "./transactions";

const NOT_FOUND = "Demandeur introuvable.";
const BREACH_NOT_FOUND = "Manquement introuvable.";
export const BREACH_OFFER_2014_MESSAGE =
  "Cette agence suit encore l'offre 2014 : les manquements au contrat d'engagement ne sont suivis qu'après le passage de l'agence à l'offre 2025. Rien n'a été enregistré.";
export const STEP_ALREADY_RECORDED_MESSAGE = "Cette étape du manquement est déjà enregistrée. Rien n'a été enregistré.";
export const DECIDE_FORBIDDEN_MESSAGE =
  "Seule la direction de l'agence saisit la décision sur un manquement, telle qu'elle a été prise par le directeur régional ou le département.";

function invalid(message: string): never {
  throw new DomainError("INVALID", message);
}

export type BreachStepResult = { breachId: string; eventId: string | null; answerDeadline: IsoDate | null };

// ————————————————————————————————————————————— report

export async function reportBreach(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<BreachStepResult> {
  const input = parseInput(reportBreachSchema, rawInput);
  requirePermission(actor, "breach:report", "Seul le conseiller ou la conseillère qui suit la personne peut signaler un manquement.");
  const now = nowOf(options);
  return runInTransaction(options, (tx) => reportInTransaction(tx, actor, input, now));
}

async function reportInTransaction(tx: Tx, actor: Actor, input: ReportBreachInput, now: Date): Promise<BreachStepResult> {
  const seeker = await requireSeekerInScope(
    tx,
    actor,
    "breaches",
    input.seekerId,
    { id: true, status: true, anonymisedAt: true, agency: { select: { id: true, offer: true, departement: true } } },
    NOT_FOUND,
  );
  if (seeker.agency.offer !== "OFFRE_2025") throw new DomainError("CONFLICT", BREACH_OFFER_2014_MESSAGE);
  if (seeker.status === "CLOSED" || seeker.anonymisedAt !== null) throw new DomainError("CONFLICT", "Le dossier de ce demandeur est clos.");
  const today = localDateOf(now.toISOString(), timeZoneOf(seeker.agency.departement));
  const check = checkBreachReport(input.occurredOn, today);
  if (!check.ok) invalid(check.message);
  let breach: { id: string };
  try {
    breach = await tx.breach.create({
      data: {
        agencyId: seeker.agency.id,
        seekerId: seeker.id,
        obligation: input.obligation,
        facts: input.facts,
        occurredOn: dateColumn(input.occurredOn),
        reportedById: actor.id,
        createdAt: now,
      },
      select: { id: true },
    });
  } catch (error) {
    if (isRaisedByTrigger(error, /not on the 2025 offer/)) throw new DomainError("CONFLICT", BREACH_OFFER_2014_MESSAGE);
    throw error;
  }
  await tx.auditEvent.create({
    data: auditRow({
      actor,
      action: "breach.reported",
      agencyId: seeker.agency.id,
      subjectType: "Breach",
      subjectId: breach.id,
      seekerId: seeker.id,
      // The obligation and the date only: never the facts (free text).
      metadata: { obligation: input.obligation, occurredOn: input.occurredOn },
    }),
    select: { id: true },
  });
  return { breachId: breach.id, eventId: null, answerDeadline: null };
}

// ————————————————————————————————————————————— steps

type StepSpec = {
  kind: BreachStepKind;
  action: AuditAction;
  permission: Permission;
  forbidden: string;
  on: string;
  fields: Pick<Prisma.BreachEventUncheckedCreateInput, "answerKind" | "decisionKind" | "authority" | "text">;
  metadata: Record<string, string | null>;
};

export async function notifyBreach(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<BreachStepResult> {
  const input = parseInput(notifyBreachSchema, rawInput);
  return recordStep(actor, input.breachId, options, {
    kind: "NOTIFIED",
    action: "breach.notified",
    permission: "breach:report",
    forbidden: "Seul le conseiller ou la conseillère qui suit la personne enregistre la notification d'un manquement.",
    on: input.notifiedOn,
    fields: {},
    metadata: {},
  });
}

export async function answerBreach(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<BreachStepResult> {
  const input = parseInput(answerBreachSchema, rawInput);
  return recordStep(actor, input.breachId, options, {
    kind: "ANSWERED",
    action: "breach.answered",
    permission: "breach:report",
    forbidden: "Seul le conseiller ou la conseillère qui suit la personne enregistre sa réponse.",
    on: input.answeredOn,
    fields: { answerKind: input.answerKind, text: input.summary ? input.summary : null },
    metadata: { answerKind: input.answerKind },
  });
}

export async function decideBreach(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<BreachStepResult> {
  const input = parseInput(decideBreachSchema, rawInput);
  return recordStep(actor, input.breachId, options, {
    kind: "DECIDED",
    action: "breach.decided",
    permission: "breach:decide",
    forbidden: DECIDE_FORBIDDEN_MESSAGE,
    on: input.decidedOn,
    fields: { decisionKind: input.decisionKind, authority: input.authority, text: input.decisionText },
    // The kind and the authority only: the decision's text stays in the file.
    metadata: { decisionKind: input.decisionKind, authority: input.authority },
  });
}

export async function liftBreach(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<BreachStepResult> {
  const input = parseInput(liftBreachSchema, rawInput);
  return recordStep(actor, input.breachId, options, {
    kind: "LIFTED",
    action: "breach.lifted",
    permission: "breach:lift",
    forbidden: "Seuls le conseiller ou la conseillère qui suit la personne et la direction de l'agence enregistrent une remobilisation.",
    on: input.liftedOn,
    fields: { text: input.note ? input.note : null },
    metadata: {},
  });
}

async function recordStep(actor: Actor, breachId: string, options: UseCaseOptions, spec: StepSpec): Promise<BreachStepResult> {
  requirePermission(actor, spec.permission, spec.forbidden);
  const now = nowOf(options);
  return runInTransaction(options, async (tx) => {
    // The breach, within the actor's agency, locked: steps recorded at the same time run one after the other.
    const locked =
      actor.agencyId === null
        ? await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Breach" WHERE "id" = ${breachId}::uuid FOR UPDATE`
        : await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Breach" WHERE "id" = ${breachId}::uuid AND "agencyId" = ${actor.agencyId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new DomainError("NOT_FOUND", BREACH_NOT_FOUND);
    const breach = await tx.breach.findUniqueOrThrow({ where: { id: breachId }, select: { id: true, seekerId: true, agencyId: true, occurredOn: true } });
    const seeker = await requireSeekerInScope(
      tx,
      actor,
      "breaches",
      breach.seekerId,
      { id: true, agency: { select: { id: true, offer: true, departement: true } } },
      BREACH_NOT_FOUND,
    );
    if (seeker.agency.offer !== "OFFRE_2025") throw new DomainError("CONFLICT", BREACH_OFFER_2014_MESSAGE);
    const events = await tx.breachEvent.findMany({ where: { breachId }, select: { kind: true, on: true, answerKind: true, decisionKind: true } });
    const record: BreachRecord = {
      occurredOn: isoDate(breach.occurredOn),
      steps: events.map((e) => ({ kind: e.kind, on: isoDate(e.on), answerKind: e.answerKind, decisionKind: e.decisionKind })),
    };
    const today = localDateOf(now.toISOString(), timeZoneOf(seeker.agency.departement));
    const check = checkBreachStep(record, { kind: spec.kind, on: spec.on }, today);
    if (!check.ok) {
      if (check.code === "NOT_NOW") throw new DomainError("CONFLICT", check.message);
      invalid(check.message);
    }
    let event: { id: string };
    try {
      event = await tx.breachEvent.create({
        data: { agencyId: breach.agencyId, breachId, kind: spec.kind, on: dateColumn(spec.on), ...spec.fields, authorId: actor.id, createdAt: now },
        select: { id: true },
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError("CONFLICT", STEP_ALREADY_RECORDED_MESSAGE);
      throw error;
    }
    await tx.auditEvent.create({
      data: auditRow({
        actor,
        action: spec.action,
        agencyId: breach.agencyId,
        subjectType: "Breach",
        subjectId: breachId,
        seekerId: seeker.id,
        metadata: { stepOn: spec.on, ...spec.metadata },
      }),
      select: { id: true },
    });
    const notice = spec.kind === "NOTIFIED" ? spec.on : (record.steps.find((s) => s.kind === "NOTIFIED")?.on ?? null);
    return { breachId, eventId: event.id, answerDeadline: notice === null ? null : sanctionAnswerDeadline(notice) };
  });
}
