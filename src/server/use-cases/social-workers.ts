/**
 * The département's social workers' accounts (issue #5), managed by the agency's manager (or an administrator):
 * create one with a one-time password, deactivate it (its open tandems and future appointments go to a colleague the
 * manager chooses), reactivate it. Each change is one retried transaction with its audit row.
 */
import "server-only";
import { fullName, ofName } from "@/lib/format";
import { plural } from "@/lib/plural";
import { appendAudit } from "@/server/audit";
import { generateTemporaryPassword, hashPassword } from "@/server/auth/password";
import type { Actor } from "@/server/auth/policy";
import { DomainError } from "@/server/errors";
import { AGENCY_NOT_FOUND, assertCanConfigure, inSettingsTransaction, settingsChange } from "./agency-settings";
import { createSocialWorkerSchema, deactivateSocialWorkerSchema, reactivateSocialWorkerSchema, type CreateSocialWorkerInput } from "./agency-settings.schema";
import { nowOf, parseInput, type Tx, type UseCaseOptions } from "./kit";
import { isUniqueViolation } from "./transactions";

const SOCIAL_WORKER_NOT_FOUND = "Travailleur social introuvable dans cette agence.";

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
  options: UseCaseOptions = {},
): Promise<CreatedSocialWorker> {
  const input = parseInput(createSocialWorkerSchema, rawInput);
  assertCanConfigure(actor, input.agencyId);
  const now = nowOf(options);
  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  try {
    return await inSettingsTransaction(options, async (tx) => {
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
          createdAt: now,
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

export const deactivateSocialWorker = settingsChange(deactivateSocialWorkerSchema, async (tx, { actor, input, now }): Promise<DeactivationResult> => {
  const worker = await lockSocialWorker(tx, input.agencyId, input.userId);
  if (!worker.active) throw new DomainError("INVALID", `Le compte ${ofName(fullName(worker))} est déjà désactivé.`);
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
        `${fullName(worker)} co-suit ${followed} en accompagnement global (${plural(tandems.length, "binôme en cours", "binômes en cours")}). ` +
          (colleagues.length > 0
            ? "Choisissez le ou la travailleur·se social·e de l'agence qui reprendra ces binômes et leurs rendez-vous à venir, puis désactivez le compte. "
            : "Aucun·e autre travailleur·se social·e actif·ve dans l'agence ne peut les reprendre : créez d'abord son compte. ") +
          "Rien n'a été modifié.",
        {
          openTandems: tandems.length,
          colleagues: colleagues.map((c) => ({ id: c.id, name: fullName(c) })),
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
    await tx.socialTandem.updateMany({ where: { id: { in: tandems.map((t) => t.id) } }, data: { endedAt: now } });
    await tx.socialTandem.createMany({
      data: tandems.map((t) => ({ agencyId: input.agencyId, seekerId: t.seekerId, socialWorkerId: successorId, startedAt: now })),
    });
    const moved = await tx.appointment.updateMany({
      where: { socialWorkerId: worker.id, status: "SCHEDULED", startsAt: { gt: now } },
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

export const reactivateSocialWorker = settingsChange(reactivateSocialWorkerSchema, async (tx, { actor, input }): Promise<{ userId: string }> => {
  const worker = await lockSocialWorker(tx, input.agencyId, input.userId);
  if (worker.active) throw new DomainError("INVALID", `Le compte ${ofName(fullName(worker))} est déjà actif.`);
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
