/**
 * Agency settings (issue #5), for a manager of the agency (or an administrator, any agency):
 * - `updateCaps`: the cap of each modality, on the Agency and on every portfolio of that modality; a cap below the
 *   current load of a portfolio needs the manager's confirmation (nobody is moved);
 * - `updateHours`, `updateFirstInterviewDeadline`: appointment hours and the first-interview deadline (existing
 *   appointments stay where they are);
 * - `updateGlobalPartnership`: ending the partnership while seekers are followed in global needs a confirmation;
 * - `createSocialWorker`, `deactivateSocialWorker`, `reactivateSocialWorker`: the département's social workers.
 * Each change is one retried transaction with its audit row (numbers, booleans and identifiers only).
 */
import { z } from "zod";
import { CAP_FIELDS, minutesOf, MODALITIES, MODALITY_SHORT_LABELS, type Modality } from "@/domain";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { appendAudit } from "@/server/audit";
import { generateTemporaryPassword, hashPassword } from "@/server/auth/password";
import { hasPermission, type Actor } from "@/server/auth/policy";
import { prisma } from "@/server/db";
import { DomainError } from "@/server/errors";
import {
  createSocialWorkerSchema,
  deactivateSocialWorkerSchema,
  reactivateSocialWorkerSchema,
  updateCapsSchema,
  updateDeadlineSchema,
  updateHoursSchema,
  updatePartnershipSchema,
  type CreateSocialWorkerInput,
  type DeactivateSocialWorkerInput,
  type ReactivateSocialWorkerInput,
  type UpdateCapsInput,
  type UpdateDeadlineInput,
  type UpdateHoursInput,
  type UpdatePartnershipInput,
} from "./agency-settings.schema";
import { isRetryableTransactionError, withRetry } from "./transactions";

type Tx = Prisma.TransactionClient;

export type SettingsOptions = {
  now: Date;
  /** The database to use; by default the process-wide one. */
  db?: PrismaClient;
  /** Whole-transaction attempts on retryable conflicts. */
  attempts?: number;
};

const AGENCY_NOT_FOUND = "Agence introuvable.";
const SOCIAL_WORKER_NOT_FOUND = "Travailleur social introuvable dans cette agence.";

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError("INVALID", parsed.error.issues[0]?.message ?? "Les informations envoyées ne sont pas valides.");
  }
  return parsed.data;
}

/** Those the policy lets configure an agency: its managers, and administrators for any agency. */
function assertCanConfigure(actor: Actor, agencyId: string): void {
  if (!hasPermission(actor, "agency:configure") || (actor.role !== "ADMIN" && !actor.agencyId)) {
    throw new DomainError("FORBIDDEN", "Seule la direction de l'agence peut modifier ses paramètres.");
  }
  // Another agency's settings are answered as not found: a manager does not learn which agencies exist.
  if (actor.role !== "ADMIN" && actor.agencyId !== agencyId) throw new DomainError("NOT_FOUND", AGENCY_NOT_FOUND);
}

async function inTransaction<T>(options: SettingsOptions, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = options.db ?? (await prisma());
  try {
    return await withRetry(() => db.$transaction(fn, { maxWait: 10_000, timeout: 30_000 }), options.attempts ?? 4);
  } catch (error) {
    if (isRetryableTransactionError(error)) {
      throw new DomainError("CONFLICT", "La modification est entrée en conflit avec une autre modification simultanée. Veuillez réessayer.");
    }
    throw error;
  }
}

const AGENCY_SETTINGS_SELECT = {
  id: true,
  capSuivi: true,
  capGuide: true,
  capRenforce: true,
  capGlobal: true,
  appointmentStart: true,
  appointmentEnd: true,
  slotMinutes: true,
  initialInterviewMinutes: true,
  firstInterviewDeadlineDays: true,
  globalPartnership: true,
} as const satisfies Prisma.AgencySelect;

/**
 * Locks the agency row against other settings changes and reads it. FOR NO KEY UPDATE (not FOR UPDATE) so that
 * rows referencing the agency (appointments, assignments, audit) may still be written meanwhile.
 */
async function lockAgency(tx: Tx, agencyId: string) {
  await tx.$queryRaw`SELECT "id" FROM "Agency" WHERE "id" = ${agencyId}::uuid FOR NO KEY UPDATE`;
  const agency = await tx.agency.findUnique({ where: { id: agencyId }, select: AGENCY_SETTINGS_SELECT });
  if (!agency) throw new DomainError("NOT_FOUND", AGENCY_NOT_FOUND);
  return agency;
}

type Metadata = Record<string, string | number | boolean | null>;

/** The audit metadata of a settings change: the changed field names, then each field's old and new value. */
function changeMetadata(section: string, changes: { field: string; old: number | boolean; new: number | boolean }[], extra: Metadata = {}): Metadata {
  const metadata: Metadata = { section, fields: changes.map((c) => c.field).join(",") };
  for (const change of changes) {
    metadata[`${change.field}.old`] = change.old;
    metadata[`${change.field}.new`] = change.new;
  }
  return { ...metadata, ...extra };
}

/** Records one change of the agency's settings in the audit log (field names and old/new values only). */
async function auditSettingsChange(tx: Tx, actor: Actor, agencyId: string, metadata: Metadata): Promise<void> {
  await appendAudit(tx, { actor, action: "agency.settings.changed", agencyId, subjectType: "Agency", subjectId: agencyId, metadata });
}

const plural = (n: number, singular: string, pluralForm = `${singular}s`) => `${n} ${n > 1 ? pluralForm : singular}`;
const nameOf = (u: { firstName: string; lastName: string }) => `${u.firstName} ${u.lastName}`;

// ---------------------------------------------------------------------------------------------------------------
// Caps

export type CapConflict = { modality: Modality; portfolioId: string; advisorName: string; load: number; proposedCap: number };

export type UpdateCapsResult = {
  /** The modalities whose cap changed (none when the values were already those). */
  changed: Modality[];
  portfoliosUpdated: number;
  /** Portfolios now holding more seekers than their new cap (only with a confirmation). */
  portfoliosAboveCap: number;
};

/** The explanation a manager reads before confirming caps below the current load of some portfolios. */
export function belowLoadMessage(conflicts: readonly CapConflict[]): string {
  const byModality = new Map<Modality, CapConflict[]>();
  for (const c of conflicts) byModality.set(c.modality, [...(byModality.get(c.modality) ?? []), c]);
  const parts = [...byModality].map(([modality, rows]) => {
    const list = rows.map((r) => `${r.advisorName} (${plural(r.load, "demandeur")})`).join(", ");
    const label = MODALITY_SHORT_LABELS[modality].toLowerCase();
    return rows.length > 1
      ? `Le plafond ${label} proposé (${rows[0]!.proposedCap}) est inférieur à la charge actuelle de ${rows.length} portefeuilles : ${list}.`
      : `Le plafond ${label} proposé (${rows[0]!.proposedCap}) est inférieur à la charge actuelle du portefeuille de ${list}.`;
  });
  return (
    `${parts.join(" ")} Personne ne sera déplacé : ces demandeurs restent dans leur portefeuille et gardent leur conseiller·ère. ` +
    "Tant que la charge d'un de ces portefeuilles n'est pas redescendue sous le nouveau plafond, aucun nouveau demandeur ne pourra y être orienté. " +
    "Vous pourrez rééquilibrer les portefeuilles de l'agence pour les ramener sous le plafond. Confirmez pour appliquer ce plafond."
  );
}

export async function updateCaps(actor: Actor, rawInput: UpdateCapsInput | unknown, options: SettingsOptions): Promise<UpdateCapsResult> {
  const input = parse(updateCapsSchema, rawInput);
  assertCanConfigure(actor, input.agencyId);
  return inTransaction(options, async (tx) => {
    const agency = await lockAgency(tx, input.agencyId);
    const changed = MODALITIES.filter((m) => agency[CAP_FIELDS[m]] !== input[CAP_FIELDS[m]]);
    if (changed.length === 0) return { changed: [], portfoliosUpdated: 0, portfoliosAboveCap: 0 };

    // The portfolios of the changed modalities, locked so that no seeker enters one while its cap changes.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id"::text AS "id" FROM "Portfolio"
      WHERE "agencyId" = ${agency.id}::uuid AND "modality"::text = ANY(${changed as string[]}::text[])
      ORDER BY "id" FOR NO KEY UPDATE`;
    const ids = locked.map((p) => p.id);
    const [portfolios, counts] = ids.length
      ? await Promise.all([
          tx.portfolio.findMany({
            where: { id: { in: ids } },
            select: { id: true, modality: true, advisor: { select: { firstName: true, lastName: true } } },
          }),
          tx.seeker.groupBy({ by: ["portfolioId"], where: { portfolioId: { in: ids } }, _count: { _all: true } }),
        ])
      : [[], []];
    const loadOf = new Map(counts.map((c) => [c.portfolioId, c._count._all]));
    const conflicts: CapConflict[] = portfolios
      .map((p) => ({
        modality: p.modality as Modality,
        portfolioId: p.id,
        advisorName: nameOf(p.advisor),
        load: loadOf.get(p.id) ?? 0,
        proposedCap: input[CAP_FIELDS[p.modality as Modality]],
      }))
      .filter((c) => c.load > c.proposedCap)
      .sort(
        (a, b) =>
          MODALITIES.indexOf(a.modality) - MODALITIES.indexOf(b.modality) ||
          b.load - a.load ||
          a.advisorName.localeCompare(b.advisorName, "fr"),
      );
    if (conflicts.length > 0 && input.confirmBelowLoad !== true) {
      throw new DomainError("CONFIRMATION_REQUIRED", belowLoadMessage(conflicts), {
        confirmation: "BELOW_LOAD",
        portfolios: conflicts.map(({ modality, advisorName, load, proposedCap }) => ({ modality, advisorName, load, proposedCap })),
      });
    }

    const data: Prisma.AgencyUpdateInput = {};
    for (const m of changed) data[CAP_FIELDS[m]] = input[CAP_FIELDS[m]];
    await tx.agency.update({ where: { id: agency.id }, data, select: { id: true } });
    let portfoliosUpdated = 0;
    for (const m of changed) {
      const updated = await tx.portfolio.updateMany({ where: { agencyId: agency.id, modality: m }, data: { cap: input[CAP_FIELDS[m]] } });
      portfoliosUpdated += updated.count;
    }
    await auditSettingsChange(
      tx,
      actor,
      agency.id,
      changeMetadata(
        "caps",
        changed.map((m) => ({ field: CAP_FIELDS[m], old: agency[CAP_FIELDS[m]], new: input[CAP_FIELDS[m]] })),
        { portfoliosUpdated, portfoliosAboveCap: conflicts.length, confirmedBelowLoad: conflicts.length > 0 },
      ),
    );
    return { changed, portfoliosUpdated, portfoliosAboveCap: conflicts.length };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Hours and first-interview deadline

export type SettingsChangeResult = { changed: string[] };

const HOURS_FIELDS = ["appointmentStart", "appointmentEnd", "slotMinutes", "initialInterviewMinutes"] as const;

/** Times are audited as minutes since midnight (numbers only in the journal). */
const auditValue = (value: string | number): number => (typeof value === "number" ? value : (minutesOf(value) ?? -1));

export async function updateHours(actor: Actor, rawInput: UpdateHoursInput | unknown, options: SettingsOptions): Promise<SettingsChangeResult> {
  const input = parse(updateHoursSchema, rawInput);
  assertCanConfigure(actor, input.agencyId);
  return inTransaction(options, async (tx) => {
    const agency = await lockAgency(tx, input.agencyId);
    const changed = HOURS_FIELDS.filter((f) => agency[f] !== input[f]);
    if (changed.length === 0) return { changed: [] };
    await tx.agency.update({
      where: { id: agency.id },
      data: Object.fromEntries(changed.map((f) => [f, input[f]])),
      select: { id: true },
    });
    await auditSettingsChange(
      tx,
      actor,
      agency.id,
      changeMetadata("hours", changed.map((f) => ({ field: f, old: auditValue(agency[f]), new: auditValue(input[f]) }))),
    );
    return { changed: [...changed] };
  });
}

export async function updateFirstInterviewDeadline(
  actor: Actor,
  rawInput: UpdateDeadlineInput | unknown,
  options: SettingsOptions,
): Promise<SettingsChangeResult> {
  const input = parse(updateDeadlineSchema, rawInput);
  assertCanConfigure(actor, input.agencyId);
  return inTransaction(options, async (tx) => {
    const agency = await lockAgency(tx, input.agencyId);
    if (agency.firstInterviewDeadlineDays === input.firstInterviewDeadlineDays) return { changed: [] };
    await tx.agency.update({
      where: { id: agency.id },
      data: { firstInterviewDeadlineDays: input.firstInterviewDeadlineDays },
      select: { id: true },
    });
    await auditSettingsChange(
      tx,
      actor,
      agency.id,
      changeMetadata("deadline", [{ field: "firstInterviewDeadlineDays", old: agency.firstInterviewDeadlineDays, new: input.firstInterviewDeadlineDays }]),
    );
    return { changed: ["firstInterviewDeadlineDays"] };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Global partnership

export type PartnershipResult = {
  changed: boolean;
  globalPartnership: boolean;
  /** Seekers followed in global in the agency (they keep their accompaniment). */
  globalSeekers: number;
  /** Active social worker accounts: the partnership is of little use without one. */
  activeSocialWorkers: number;
};

export function partnershipEndMessage(globalSeekers: number): string {
  const who =
    globalSeekers > 1
      ? `${globalSeekers} demandeurs sont suivis en accompagnement global dans cette agence. Ils gardent leur accompagnement et leur binôme conseiller·ère – travailleur social`
      : "1 demandeur est suivi en accompagnement global dans cette agence. Il garde son accompagnement et son binôme conseiller·ère – travailleur social";
  return (
    `${who}, avec les rendez-vous prévus. En revanche, plus aucun nouveau demandeur ne pourra être orienté en accompagnement global : ` +
    "le diagnostic proposera l'accompagnement renforcé à la place, en indiquant que l'accompagnement global n'est pas disponible dans ce département. " +
    "Confirmez pour mettre fin au partenariat."
  );
}

export async function updateGlobalPartnership(
  actor: Actor,
  rawInput: UpdatePartnershipInput | unknown,
  options: SettingsOptions,
): Promise<PartnershipResult> {
  const input = parse(updatePartnershipSchema, rawInput);
  assertCanConfigure(actor, input.agencyId);
  return inTransaction(options, async (tx) => {
    const agency = await lockAgency(tx, input.agencyId);
    const [globalSeekers, activeSocialWorkers] = await Promise.all([
      tx.seeker.count({ where: { agencyId: agency.id, status: "FOLLOWED", modality: "GLOBAL" } }),
      tx.user.count({ where: { agencyId: agency.id, role: "SOCIAL_WORKER", active: true } }),
    ]);
    const result = { globalPartnership: input.globalPartnership, globalSeekers, activeSocialWorkers };
    if (agency.globalPartnership === input.globalPartnership) return { changed: false, ...result };
    if (!input.globalPartnership && globalSeekers > 0 && input.confirmGlobalSeekers !== true) {
      throw new DomainError("CONFIRMATION_REQUIRED", partnershipEndMessage(globalSeekers), {
        confirmation: "GLOBAL_SEEKERS",
        globalSeekers,
      });
    }
    await tx.agency.update({ where: { id: agency.id }, data: { globalPartnership: input.globalPartnership }, select: { id: true } });
    await auditSettingsChange(
      tx,
      actor,
      agency.id,
      changeMetadata("partnership", [{ field: "globalPartnership", old: agency.globalPartnership, new: input.globalPartnership }], { globalSeekers }),
    );
    return { changed: true, ...result };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Social workers' accounts

function isUniqueViolation(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): boolean => {
    if (value === null || typeof value !== "object" || depth > 6 || seen.has(value)) return false;
    seen.add(value);
    const record = value as Record<string, unknown>;
    if (record.code === "P2002" || record.code === "23505" || record.kind === "UniqueConstraintViolation") return true;
    return ["cause", "meta", "driverAdapterError", "originalError"].some((key) => visit(record[key], depth + 1));
  };
  return visit(error, 0);
}

/**
 * An address already in use, wherever its account is (this agency, another one, a seeker's): one neutral answer that
 * names neither the account nor its place, so that a manager cannot learn who holds an address.
 */
export const EMAIL_UNAVAILABLE =
  "Ce compte ne peut pas être créé avec cette adresse e-mail. Vérifiez l'adresse professionnelle de la personne ; si elle est exacte, l'administration de Modalis pourra vous aider.";
const duplicateEmail = (_email: string) => new DomainError("CONFLICT", EMAIL_UNAVAILABLE);

export type CreatedSocialWorker = {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  /** Shown once to the manager; only its hash is stored. */
  temporaryPassword: string;
};

export async function createSocialWorker(
  actor: Actor,
  rawInput: CreateSocialWorkerInput | unknown,
  options: SettingsOptions,
): Promise<CreatedSocialWorker> {
  const input = parse(createSocialWorkerSchema, rawInput);
  assertCanConfigure(actor, input.agencyId);
  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  try {
    return await inTransaction(options, async (tx) => {
      const agency = await tx.agency.findUnique({ where: { id: input.agencyId }, select: { id: true } });
      if (!agency) throw new DomainError("NOT_FOUND", AGENCY_NOT_FOUND);
      const existing = await tx.user.findFirst({ where: { email: { equals: input.email, mode: "insensitive" } }, select: { id: true } });
      if (existing) throw duplicateEmail(input.email);
      const user = await tx.user.create({
        data: {
          email: input.email,
          firstName: input.firstName,
          lastName: input.lastName,
          role: "SOCIAL_WORKER",
          passwordHash,
          // The manager has seen the temporary password: the worker must replace it at first sign-in.
          mustChangePassword: true,
          agencyId: agency.id,
          createdAt: options.now,
        },
        select: { id: true },
      });
      await appendAudit(tx, {
          actor,
          action: "user.created",
          agencyId: agency.id,
          subjectType: "User",
          subjectId: user.id,
          metadata: { role: "SOCIAL_WORKER" },
        });
      return { userId: user.id, email: input.email, firstName: input.firstName, lastName: input.lastName, temporaryPassword };
    });
  } catch (error) {
    // Two creations racing for one address: the unique index refuses the second.
    if (isUniqueViolation(error)) throw duplicateEmail(input.email);
    throw error;
  }
}

/** Locks a social worker of the agency (FOR UPDATE: waits for a tandem being opened with them) and reads them. */
async function lockSocialWorker(tx: Tx, agencyId: string, userId: string) {
  await tx.$queryRaw`SELECT "id" FROM "User" WHERE "id" = ${userId}::uuid FOR UPDATE`;
  const user = await tx.user.findFirst({
    where: { id: userId, agencyId, role: "SOCIAL_WORKER" },
    select: { id: true, firstName: true, lastName: true, active: true },
  });
  if (!user) throw new DomainError("NOT_FOUND", SOCIAL_WORKER_NOT_FOUND);
  return user;
}

export type DeactivationResult = { userId: string; tandemsTransferred: number; appointmentsTransferred: number };

export async function deactivateSocialWorker(
  actor: Actor,
  rawInput: DeactivateSocialWorkerInput | unknown,
  options: SettingsOptions,
): Promise<DeactivationResult> {
  const input = parse(deactivateSocialWorkerSchema, rawInput);
  assertCanConfigure(actor, input.agencyId);
  return inTransaction(options, async (tx) => {
    const worker = await lockSocialWorker(tx, input.agencyId, input.userId);
    if (!worker.active) throw new DomainError("INVALID", `Le compte de ${nameOf(worker)} est déjà désactivé.`);
    const tandems = await tx.socialTandem.findMany({
      where: { socialWorkerId: worker.id, endedAt: null },
      select: { id: true, seekerId: true },
      orderBy: { id: "asc" },
    });
    let successorId: string | null = null;
    if (tandems.length > 0) {
      if (input.transferToId === undefined) {
        const colleagues = await tx.user.findMany({
          where: { agencyId: input.agencyId, role: "SOCIAL_WORKER", active: true, id: { not: worker.id } },
          select: { id: true, firstName: true, lastName: true },
          orderBy: [{ lastName: "asc" }, { firstName: "asc" }],
        });
        const followed = tandems.length > 1 ? `${tandems.length} demandeurs` : "1 demandeur";
        throw new DomainError(
          "CONFLICT",
          `${nameOf(worker)} co-suit ${followed} en accompagnement global (${plural(tandems.length, "binôme en cours", "binômes en cours")}). ` +
            (colleagues.length > 0
              ? "Choisissez le ou la travailleur·se social·e de l'agence qui reprendra ces binômes et leurs rendez-vous à venir, puis désactivez le compte. "
              : "Aucun·e autre travailleur·se social·e actif·ve dans l'agence ne peut les reprendre : créez d'abord son compte. ") +
            "Rien n'a été modifié.",
          {
            openTandems: tandems.length,
            colleagues: colleagues.map((c) => ({ id: c.id, name: nameOf(c) })),
          },
        );
      }
      if (input.transferToId === worker.id) {
        throw new DomainError("INVALID", "Les binômes doivent être repris par un·e autre travailleur·se social·e.");
      }
      const successor = await tx.user.findFirst({
        where: { id: input.transferToId, agencyId: input.agencyId, role: "SOCIAL_WORKER", active: true },
        select: { id: true },
      });
      if (!successor) throw new DomainError("INVALID", "Le ou la travailleur·se social·e repreneur·se est introuvable ou inactif·ve dans cette agence.");
      successorId = successor.id;
    }

    let appointmentsTransferred = 0;
    if (successorId !== null) {
      await tx.socialTandem.updateMany({ where: { id: { in: tandems.map((t) => t.id) } }, data: { endedAt: options.now } });
      await tx.socialTandem.createMany({
        data: tandems.map((t) => ({ agencyId: input.agencyId, seekerId: t.seekerId, socialWorkerId: successorId, startedAt: options.now })),
      });
      const moved = await tx.appointment.updateMany({
        where: { socialWorkerId: worker.id, status: "SCHEDULED", startsAt: { gt: options.now } },
        data: { socialWorkerId: successorId },
      });
      appointmentsTransferred = moved.count;
    }
    // A new session version ends the person's open sessions at their next request.
    await tx.user.update({ where: { id: worker.id }, data: { active: false, sessionVersion: { increment: 1 } }, select: { id: true } });
    await appendAudit(tx, {
        actor,
        action: "user.deactivated",
        agencyId: input.agencyId,
        subjectType: "User",
        subjectId: worker.id,
        metadata: { role: "SOCIAL_WORKER", transferredToId: successorId, tandemsTransferred: tandems.length, appointmentsTransferred },
      });
    return { userId: worker.id, tandemsTransferred: successorId ? tandems.length : 0, appointmentsTransferred };
  });
}

export async function reactivateSocialWorker(
  actor: Actor,
  rawInput: ReactivateSocialWorkerInput | unknown,
  options: SettingsOptions,
): Promise<{ userId: string }> {
  const input = parse(reactivateSocialWorkerSchema, rawInput);
  assertCanConfigure(actor, input.agencyId);
  return inTransaction(options, async (tx) => {
    const worker = await lockSocialWorker(tx, input.agencyId, input.userId);
    if (worker.active) throw new DomainError("INVALID", `Le compte de ${nameOf(worker)} est déjà actif.`);
    // The session version stays as deactivation left it: sessions opened before then remain closed.
    await tx.user.update({ where: { id: worker.id }, data: { active: true }, select: { id: true } });
    await appendAudit(tx, {
        actor,
        action: "user.reactivated",
        agencyId: input.agencyId,
        subjectType: "User",
        subjectId: worker.id,
        metadata: { role: "SOCIAL_WORKER" },
      });
    return { userId: worker.id };
  });
}
