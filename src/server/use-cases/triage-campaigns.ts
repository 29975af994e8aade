/**
 * Triage campaigns (« jour de tri », issue 17, docs/rules.md#triage-campaigns) and the agency's closure days
 * (docs/rules.md#agency-closure-days). A manager opens a campaign over a selection of the agency's followed files
 * (a dry run shows the count, the split and the appointments already booked that day), shares them among advisors,
 * may close the agency to the public that day, adjusts the shares and closes the campaign. Each advisor works
 * through their share: a re-diagnosis (confirm-diagnostic.ts) marks the file done; « confirmer sans changement »
 * here. Every write in one transaction, audited.
 */
import "server-only";
import {
  addDays,
  isSelected,
  localDateOf,
  localToEpochMs,
  planningHorizon,
  replanSlot,
  shareCounts,
  splitCampaign,
  timeZoneOf,
  withinPlanningHorizon,
  type CampaignCandidate,
  type CampaignSelection,
  type IsoDate,
  type Modality,
} from "@/domain";
import type { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import { fullName } from "@/lib/format";
import { appendAudit, auditRow } from "@/server/audit";
import type { Actor, Permission } from "@/server/auth/policy";
import { requireAgencyInScope, requirePermission } from "@/server/auth/row-scope";
import { DomainError } from "@/server/errors";
import { queueRescheduleNotices } from "@/server/messages/notices";
import { moveRuleInput } from "@/server/queries/slot-choices";
import { actionableAppointment, person } from "@/server/queries/selects";
import { nowOf, parseInput, runInTransaction, type Tx, type UseCaseOptions } from "./kit";
import {
  campaignIdSchema,
  confirmUnchangedSchema,
  openCampaignSchema,
  reassignCampaignSchema,
  removeClosureSchema,
  setClosureSchema,
  type OpenCampaignInput,
} from "./triage-campaigns.schema";

const MANAGE_FORBIDDEN = "Seule la direction de l'agence peut organiser un jour de tri ou fermer l'agence au public.";
const TRIAGE_FORBIDDEN = "Seul·e un·e conseiller·ère de l'agence traite sa part d'un jour de tri.";
type Guard = { permission: Permission; forbidden: string };
const MANAGER: Guard = { permission: "campaign:manage", forbidden: MANAGE_FORBIDDEN };
const ADVISOR: Guard = { permission: "campaign:triage", forbidden: TRIAGE_FORBIDDEN };
const AGENCY_NOT_FOUND = "Agence introuvable.";
const CAMPAIGN_NOT_FOUND = "Jour de tri introuvable.";
/** Appointments of the day listed by name in a preview (the count covers all of them). */
const LISTED_APPOINTMENTS = 50;

const frenchDay = (date: IsoDate) => date.split("-").reverse().join("/");
const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/** One appointment already booked on a day the agency closes. */
export type DayAppointment = { appointmentId: string; startsAt: string; kind: string; seekerName: string; advisorName: string };

export type OpenCampaignResult = {
  dryRun: boolean;
  campaignId: string | null;
  /** Files the campaign takes. */
  files: number;
  /** Followed files matching the selection but already in another open campaign (left out). */
  alreadyInCampaign: number;
  shares: { advisorId: string; advisorName: string; files: number }[];
  /** Appointments booked on that day (when the agency closes to the public then), listed up to 50. */
  appointmentsThatDay: number;
  appointments: DayAppointment[];
  appointmentsMoved: number;
};

// ---------------------------------------------------------------------------------------------------------------
// The agency and its day

type AgencyRow = { id: string; departement: string; name: string };

/**
 * The frame of every use case here: the input parsed, the guard's permission required (else its message), then
 * `body` in one transaction, at the use case's instant.
 */
function checkedTransaction<S extends z.ZodType, R>(
  actor: Actor,
  rawInput: unknown,
  options: UseCaseOptions,
  schema: S,
  guard: Guard,
  body: (tx: Tx, input: z.output<S>, now: Date) => Promise<R>,
): Promise<R> {
  const input = parseInput(schema, rawInput);
  requirePermission(actor, guard.permission, guard.forbidden);
  const now = nowOf(options);
  return runInTransaction(options, (tx) => body(tx, input, now));
}

async function managedAgency(tx: Tx, actor: Actor, agencyId: string): Promise<AgencyRow & { timeZone: string }> {
  requireAgencyInScope(actor, agencyId, AGENCY_NOT_FOUND);
  // One organiser of the agency's days at a time: campaigns and closures of an agency are serialised on its row.
  await tx.$queryRaw`SELECT "id" FROM "Agency" WHERE "id" = ${agencyId}::uuid FOR UPDATE`;
  const agency = await tx.agency.findUnique({ where: { id: agencyId }, select: { id: true, departement: true, name: true } });
  if (!agency) throw new DomainError("NOT_FOUND", AGENCY_NOT_FOUND);
  return { ...agency, timeZone: timeZoneOf(agency.departement) };
}

function requireDayAhead(day: IsoDate, today: IsoDate): void {
  if (day < today) throw new DomainError("INVALID", `Le jour choisi (${frenchDay(day)}) est passé.`);
  if (!withinPlanningHorizon(day, today)) {
    const horizon = planningHorizon(today);
    throw new DomainError("INVALID", `Jour : au plus tard le ${frenchDay(horizon.to)} (deux ans).`);
  }
}

/** The live appointments of the agency on a local day, earliest first. */
async function appointmentsOn(tx: Tx, agency: AgencyRow & { timeZone: string }, day: IsoDate) {
  const from = new Date(localToEpochMs(day, "00:00", agency.timeZone));
  const to = new Date(localToEpochMs(addDays(day, 1), "00:00", agency.timeZone));
  return tx.appointment.findMany({
    where: { agencyId: agency.id, status: "SCHEDULED", startsAt: { gte: from, lt: to } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    select: { ...actionableAppointment, seeker: person, advisor: person },
  });
}

type DayAppointmentRow = Awaited<ReturnType<typeof appointmentsOn>>[number];

const listed = (rows: DayAppointmentRow[]): DayAppointment[] =>
  rows.slice(0, LISTED_APPOINTMENTS).map((a) => ({
    appointmentId: a.id,
    startsAt: a.startsAt.toISOString(),
    kind: a.kind,
    seekerName: fullName(a.seeker),
    advisorName: fullName(a.advisor),
  }));

/** Refused without an explicit choice when appointments are booked that day (« N rendez-vous déjà prévus ce jour-là »). */
function requireBookedChoice(rows: DayAppointmentRow[], choice: "KEEP" | "MOVE" | undefined, day: IsoDate): void {
  if (rows.length === 0 || choice !== undefined) return;
  throw new DomainError(
    "CONFIRMATION_REQUIRED",
    `${plural(rows.length, "rendez-vous déjà prévu", "rendez-vous déjà prévus")} ce jour-là (${frenchDay(day)}) : choisissez de les maintenir malgré la fermeture ou de les déplacer. Rien n'a été enregistré.`,
    { appointments: rows.length },
  );
}

/**
 * Closes the agency to the public on `day` (the closure row written first, so the moves below see it): the
 * appointments already booked that day are kept (the manager's explicit choice) or moved by the rule for moving an
 * appointment, each from that day on, with the seeker told; the closure audited.
 */
async function closeDay(
  tx: Tx,
  actor: Actor,
  agency: AgencyRow & { timeZone: string },
  input: { day: IsoDate; reason: string; campaignId: string | null; choice: "KEEP" | "MOVE" | undefined },
  rows: DayAppointmentRow[],
  now: Date,
): Promise<{ closureId: string; moved: number; kept: number }> {
  requireBookedChoice(rows, input.choice, input.day);
  const closure = await tx.agencyClosure.create({
    data: {
      agencyId: agency.id,
      day: new Date(`${input.day}T00:00:00Z`),
      reason: input.reason,
      campaignId: input.campaignId,
      createdById: actor.id,
      createdAt: now,
    },
    select: { id: true },
  });
  let moved = 0;
  if (input.choice === "MOVE") {
    const moves: { fromId: string; toId: string }[] = [];
    for (const appointment of rows) {
      const rule = await moveRuleInput(tx, appointment, now);
      const slot = replanSlot(rule, input.day);
      if (slot === null) {
        throw new DomainError(
          "CONFLICT",
          `Aucun créneau libre n'a été trouvé pour déplacer le rendez-vous de ${fullName(appointment.seeker)} : rien n'a été enregistré.`,
        );
      }
      const { count } = await tx.appointment.updateMany({ where: { id: appointment.id, status: "SCHEDULED" }, data: { status: "CANCELLED", outcomeAt: now } });
      if (count !== 1)
        throw new DomainError("CONFLICT", "Un rendez-vous de ce jour vient d'être modifié par ailleurs. Rien n'a été enregistré ; veuillez réessayer.");
      const created = await tx.appointment.create({
        data: {
          agencyId: appointment.agencyId,
          seekerId: appointment.seekerId,
          advisorId: appointment.advisorId,
          socialWorkerId: appointment.socialWorkerId,
          kind: appointment.kind,
          channel: appointment.channel,
          startsAt: new Date(slot.startsAt),
          endsAt: new Date(slot.endsAt),
          replacesId: appointment.id,
        },
        select: { id: true },
      });
      await appendAudit(tx, {
        actor,
        action: "appointment.rescheduled",
        agencyId: agency.id,
        subjectType: "Appointment",
        subjectId: created.id,
        seekerId: appointment.seekerId,
        metadata: { replacesId: appointment.id, reason: "agency_closed" },
      });
      moves.push({ fromId: appointment.id, toId: created.id });
      moved += 1;
    }
    await queueRescheduleNotices(tx, moves, now);
  }
  const kept = rows.length - moved;
  await appendAudit(tx, {
    actor,
    action: "agency.closure_set",
    agencyId: agency.id,
    subjectType: "AgencyClosure",
    subjectId: closure.id,
    metadata: { day: input.day, appointmentsMoved: moved, appointmentsKept: kept },
  });
  return { closureId: closure.id, moved, kept };
}

// ---------------------------------------------------------------------------------------------------------------
// Opening a campaign

type CandidateRow = { seekerId: string; modality: Modality; advisorId: string; lastDiagnosticAt: Date | null; inOpenCampaign: boolean };

async function candidatesOf(tx: Tx, agencyId: string, timeZone: string): Promise<{ free: CampaignCandidate[]; busy: CampaignCandidate[] }> {
  const rows = await tx.$queryRaw<CandidateRow[]>`
    SELECT s."id"::text AS "seekerId", s."modality"::text AS "modality", p."advisorId"::text AS "advisorId",
           (SELECT MAX(d."createdAt") FROM "Diagnostic" d WHERE d."seekerId" = s."id") AS "lastDiagnosticAt",
           EXISTS (SELECT 1 FROM "TriageCampaignFile" f JOIN "TriageCampaign" c ON c."id" = f."campaignId"
                   WHERE f."seekerId" = s."id" AND c."closedAt" IS NULL AND f."doneAt" IS NULL) AS "inOpenCampaign"
    FROM "Seeker" s JOIN "Portfolio" p ON p."id" = s."portfolioId"
    WHERE s."agencyId" = ${agencyId}::uuid AND s."status" = 'FOLLOWED' AND s."modality" IS NOT NULL`;
  const free: CampaignCandidate[] = [];
  const busy: CampaignCandidate[] = [];
  for (const row of rows) {
    const candidate: CampaignCandidate = {
      seekerId: row.seekerId,
      modality: row.modality,
      advisorId: row.advisorId,
      lastDiagnosticOn: row.lastDiagnosticAt ? localDateOf(row.lastDiagnosticAt.toISOString(), timeZone) : null,
    };
    (row.inOpenCampaign ? busy : free).push(candidate);
  }
  return { free, busy };
}

async function activeAdvisors(tx: Tx, agencyId: string) {
  return tx.user.findMany({
    where: { agencyId, role: "ADVISOR", active: true },
    select: { id: true, firstName: true, lastName: true },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
  });
}

function requireAdvisors(ids: readonly string[], advisors: { id: string }[]): void {
  const known = new Set(advisors.map((a) => a.id));
  if (ids.some((id) => !known.has(id))) throw new DomainError("INVALID", "Conseiller·ère inconnu·e dans cette agence (ou compte désactivé).");
}

/**
 * Opens a triage campaign (or, with `dryRun`, only says what it would do: the files, the split, the appointments of
 * the day). Refused without an explicit choice when the agency closes to the public on a day with appointments.
 */
export async function openTriageCampaign(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<OpenCampaignResult> {
  return checkedTransaction(actor, rawInput, options, openCampaignSchema, MANAGER, (tx, input, now) => openInTransaction(tx, actor, input, now));
}

async function openInTransaction(tx: Tx, actor: Actor, input: OpenCampaignInput, now: Date): Promise<OpenCampaignResult> {
  const agency = await managedAgency(tx, actor, input.agencyId);
  const today = localDateOf(now.toISOString(), agency.timeZone);
  requireDayAhead(input.day, today);
  const advisors = await activeAdvisors(tx, agency.id);
  const selection: CampaignSelection = {
    ...(input.selection.modality ? { modality: input.selection.modality } : {}),
    ...(input.selection.notRediagnosedMonths ? { notRediagnosedMonths: input.selection.notRediagnosedMonths } : {}),
    ...(input.selection.advisorId ? { advisorId: input.selection.advisorId } : {}),
  };
  if (selection.advisorId) requireAdvisors([selection.advisorId], advisors);
  if (input.split.mode === "EVEN") requireAdvisors(input.split.advisorIds, advisors);
  const moves = input.moves ?? [];
  requireAdvisors(
    moves.flatMap((m) => [m.fromAdvisorId, m.toAdvisorId]),
    advisors,
  );

  const { free, busy } = await candidatesOf(tx, agency.id, agency.timeZone);
  const selected = free.filter((file) => isSelected(file, selection, today));
  const alreadyInCampaign = busy.filter((file) => isSelected(file, selection, today)).length;
  if (selected.length === 0) {
    throw new DomainError(
      "INVALID",
      alreadyInCampaign > 0
        ? "Les dossiers choisis sont déjà tous dans un jour de tri ouvert."
        : "Aucun dossier suivi ne correspond à ce choix : rien n'a été ouvert.",
    );
  }
  let share: Map<string, string>;
  try {
    share = splitCampaign(selected, input.split, moves);
  } catch (error) {
    throw new DomainError("INVALID", error instanceof Error ? error.message : "Répartition impossible.");
  }
  // PORTFOLIO keeps each file with its advisor: an inactive one's files are not given to anybody.
  const active = new Set(advisors.map((a) => a.id));
  if ([...share.values()].some((id) => !active.has(id))) {
    throw new DomainError("INVALID", "Des dossiers appartiennent au portefeuille d'un compte désactivé : répartissez-les entre des conseillers choisis.");
  }
  const counts = shareCounts(share);
  const nameOf = new Map(advisors.map((a) => [a.id, fullName(a)]));
  const shares = [...counts].map(([advisorId, files]) => ({ advisorId, advisorName: nameOf.get(advisorId) ?? "", files }));
  shares.sort((a, b) => a.advisorName.localeCompare(b.advisorName, "fr"));

  const closed = input.closedToPublic === true;
  const existingClosure = closed
    ? await tx.agencyClosure.findUnique({ where: { agencyId_day: { agencyId: agency.id, day: new Date(`${input.day}T00:00:00Z`) } }, select: { id: true } })
    : null;
  const dayRows = closed && !existingClosure ? await appointmentsOn(tx, agency, input.day) : [];
  const result: OpenCampaignResult = {
    dryRun: input.dryRun === true,
    campaignId: null,
    files: selected.length,
    alreadyInCampaign,
    shares,
    appointmentsThatDay: dayRows.length,
    appointments: listed(dayRows),
    appointmentsMoved: 0,
  };
  if (input.dryRun === true) return result;

  requireBookedChoice(dayRows, input.bookedAppointments, input.day);
  const campaign = await tx.triageCampaign.create({
    data: {
      agencyId: agency.id,
      name: input.name,
      day: new Date(`${input.day}T00:00:00Z`),
      selection: selection as Prisma.InputJsonValue,
      closedToPublic: closed,
      openedById: actor.id,
      openedAt: now,
    },
    select: { id: true },
  });
  const modalityOf = new Map(selected.map((file) => [file.seekerId, file.modality]));
  await tx.triageCampaignFile.createMany({
    data: [...share].map(([seekerId, advisorId]) => ({
      campaignId: campaign.id,
      agencyId: agency.id,
      seekerId,
      advisorId,
      modalityBefore: modalityOf.get(seekerId)!,
    })),
  });
  let closure: { moved: number; kept: number } = { moved: 0, kept: 0 };
  if (closed && !existingClosure) {
    closure = await closeDay(
      tx,
      actor,
      agency,
      { day: input.day, reason: `Jour de tri : ${input.name}`, campaignId: campaign.id, choice: input.bookedAppointments },
      dayRows,
      now,
    );
  } else if (existingClosure) {
    await tx.agencyClosure.update({ where: { id: existingClosure.id }, data: { campaignId: campaign.id }, select: { id: true } });
  }
  await appendAudit(tx, {
    actor,
    action: "campaign.opened",
    agencyId: agency.id,
    subjectType: "TriageCampaign",
    subjectId: campaign.id,
    metadata: { day: input.day, files: selected.length, closedToPublic: closed, appointmentsMoved: closure.moved, appointmentsKept: closure.kept },
  });
  return { ...result, campaignId: campaign.id, appointmentsMoved: closure.moved };
}

// ---------------------------------------------------------------------------------------------------------------
// Adjusting and closing a campaign

async function openCampaignOf(tx: Tx, actor: Actor, campaignId: string) {
  const campaign = await tx.triageCampaign.findUnique({ where: { id: campaignId }, select: { id: true, agencyId: true, day: true, closedAt: true } });
  if (!campaign) throw new DomainError("NOT_FOUND", CAMPAIGN_NOT_FOUND);
  requireAgencyInScope(actor, campaign.agencyId, CAMPAIGN_NOT_FOUND);
  await tx.$queryRaw`SELECT "id" FROM "TriageCampaign" WHERE "id" = ${campaignId}::uuid FOR UPDATE`;
  if (campaign.closedAt) throw new DomainError("CONFLICT", "Ce jour de tri est clos.");
  return campaign;
}

export type ReassignResult = { moved: number };

/** Moves `count` files not done yet from one advisor's share to another's (the most recently diagnosed first). */
export async function reassignCampaignFiles(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<ReassignResult> {
  return checkedTransaction(actor, rawInput, options, reassignCampaignSchema, MANAGER, async (tx, input) => {
    const campaign = await openCampaignOf(tx, actor, input.campaignId);
    if (input.fromAdvisorId === input.toAdvisorId) throw new DomainError("INVALID", "Un déplacement va d'un·e conseiller·ère à un·e autre.");
    requireAdvisors([input.toAdvisorId], await activeAdvisors(tx, campaign.agencyId));
    const files = await tx.$queryRaw<{ id: string }[]>`
      SELECT f."id"::text AS "id" FROM "TriageCampaignFile" f
      WHERE f."campaignId" = ${campaign.id}::uuid AND f."advisorId" = ${input.fromAdvisorId}::uuid AND f."doneAt" IS NULL
      ORDER BY (SELECT MAX(d."createdAt") FROM "Diagnostic" d WHERE d."seekerId" = f."seekerId") DESC NULLS LAST, f."seekerId" DESC
      LIMIT ${input.count}`;
    if (files.length < input.count) {
      throw new DomainError(
        "INVALID",
        `Impossible de déplacer ${input.count} dossier${input.count > 1 ? "s" : ""} : cette part n'en a plus que ${files.length} à revoir.`,
      );
    }
    await tx.triageCampaignFile.updateMany({ where: { id: { in: files.map((f) => f.id) }, doneAt: null }, data: { advisorId: input.toAdvisorId } });
    await appendAudit(tx, {
      actor,
      action: "campaign.reassigned",
      agencyId: campaign.agencyId,
      subjectType: "TriageCampaign",
      subjectId: campaign.id,
      metadata: { fromAdvisorId: input.fromAdvisorId, toAdvisorId: input.toAdvisorId, moved: files.length },
    });
    return { moved: files.length };
  });
}

export type CloseCampaignResult = { files: number; done: number };

/** Closes a campaign: its files left are no longer anybody's share (the closure day, if any, stays until removed). */
export async function closeTriageCampaign(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<CloseCampaignResult> {
  return checkedTransaction(actor, rawInput, options, campaignIdSchema, MANAGER, async (tx, input, now) => {
    const campaign = await openCampaignOf(tx, actor, input.campaignId);
    const [files, done] = await Promise.all([
      tx.triageCampaignFile.count({ where: { campaignId: campaign.id } }),
      tx.triageCampaignFile.count({ where: { campaignId: campaign.id, doneAt: { not: null } } }),
    ]);
    await tx.triageCampaign.update({ where: { id: campaign.id }, data: { closedAt: now, closedById: actor.id }, select: { id: true } });
    await appendAudit(tx, {
      actor,
      action: "campaign.closed",
      agencyId: campaign.agencyId,
      subjectType: "TriageCampaign",
      subjectId: campaign.id,
      metadata: { day: campaign.day.toISOString().slice(0, 10), files, done },
    });
    return { files, done };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The advisor's share

export type ConfirmUnchangedResult = { campaignFileId: string; modality: Modality };

/** « Confirmer sans changement »: the file of the advisor's share is done, its modality kept, nothing else changes. */
export async function confirmCampaignFileUnchanged(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<ConfirmUnchangedResult> {
  return checkedTransaction(actor, rawInput, options, confirmUnchangedSchema, ADVISOR, async (tx, input, now) => {
    // The advisor's share only: another advisor's file, a closed campaign or another agency is « introuvable ».
    const file = await tx.triageCampaignFile.findFirst({
      where: { id: input.campaignFileId, advisorId: actor.id, agencyId: actor.agencyId ?? undefined, campaign: { closedAt: null } },
      select: { id: true, agencyId: true, seekerId: true, doneAt: true },
    });
    if (!file) throw new DomainError("NOT_FOUND", "Dossier du jour de tri introuvable.");
    await tx.$queryRaw`SELECT "id" FROM "Seeker" WHERE "id" = ${file.seekerId}::uuid FOR UPDATE`;
    if (file.doneAt) throw new DomainError("CONFLICT", "Ce dossier a déjà été revu.");
    const seeker = await tx.seeker.findUniqueOrThrow({ where: { id: file.seekerId }, select: { status: true, modality: true } });
    if (seeker.status !== "FOLLOWED" || seeker.modality === null) throw new DomainError("CONFLICT", "Ce dossier n'est plus suivi : il n'y a rien à confirmer.");
    const { count } = await tx.triageCampaignFile.updateMany({ where: { id: file.id, doneAt: null }, data: { doneAt: now, modalityAfter: seeker.modality } });
    if (count !== 1) throw new DomainError("CONFLICT", "Ce dossier a déjà été revu.");
    await tx.auditEvent.create({
      data: auditRow({
        actor,
        action: "campaign.file_confirmed",
        agencyId: file.agencyId,
        subjectType: "TriageCampaignFile",
        subjectId: file.id,
        seekerId: file.seekerId,
        metadata: { modality: seeker.modality },
      }),
      select: { id: true },
    });
    return { campaignFileId: file.id, modality: seeker.modality };
  });
}

/** Called by the confirmation of a diagnostic: the seeker's file in an open campaign is done, with the diagnostic made. */
export async function markCampaignFileDone(tx: Tx, seekerId: string, diagnosticId: string, modalityAfter: Modality, now: Date): Promise<void> {
  await tx.triageCampaignFile.updateMany({
    where: { seekerId, doneAt: null, campaign: { closedAt: null } },
    data: { doneAt: now, diagnosticId, modalityAfter },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Closure days

export type SetClosureResult = { closureId: string | null; appointmentsThatDay: number; appointments: DayAppointment[]; moved: number; kept: number };

/** Closes the agency to the public on a day (no appointment can be booked on it). */
export async function setAgencyClosure(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<SetClosureResult> {
  return checkedTransaction(actor, rawInput, options, setClosureSchema, MANAGER, async (tx, input, now) => {
    const agency = await managedAgency(tx, actor, input.agencyId);
    requireDayAhead(input.day, localDateOf(now.toISOString(), agency.timeZone));
    const existing = await tx.agencyClosure.findUnique({
      where: { agencyId_day: { agencyId: agency.id, day: new Date(`${input.day}T00:00:00Z`) } },
      select: { id: true },
    });
    if (existing) throw new DomainError("CONFLICT", `L'agence est déjà fermée au public le ${frenchDay(input.day)}.`);
    const rows = await appointmentsOn(tx, agency, input.day);
    const done = await closeDay(tx, actor, agency, { day: input.day, reason: input.reason, campaignId: null, choice: input.bookedAppointments }, rows, now);
    return { closureId: done.closureId, appointmentsThatDay: rows.length, appointments: listed(rows), moved: done.moved, kept: done.kept };
  });
}

/** Opens the agency to the public again on a day (its campaign, if any, says so). */
export async function removeAgencyClosure(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<{ removed: true }> {
  return checkedTransaction(actor, rawInput, options, removeClosureSchema, MANAGER, async (tx, input) => {
    const agency = await managedAgency(tx, actor, input.agencyId);
    const closure = await tx.agencyClosure.findUnique({
      where: { agencyId_day: { agencyId: agency.id, day: new Date(`${input.day}T00:00:00Z`) } },
      select: { id: true, campaignId: true },
    });
    if (!closure) throw new DomainError("NOT_FOUND", `L'agence n'est pas fermée au public le ${frenchDay(input.day)}.`);
    await tx.agencyClosure.delete({ where: { id: closure.id } });
    if (closure.campaignId) await tx.triageCampaign.update({ where: { id: closure.campaignId }, data: { closedToPublic: false }, select: { id: true } });
    await appendAudit(tx, {
      actor,
      action: "agency.closure_removed",
      agencyId: agency.id,
      subjectType: "AgencyClosure",
      subjectId: closure.id,
      metadata: { day: input.day },
    });
    return { removed: true as const };
  });
}
