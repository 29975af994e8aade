/**
 * The seeker's own actions on `/mon-espace` (issue #6): choose or leave 100 % web, create (or replace) and revoke
 * the private calendar feed. The seeker acted upon is always the one linked to the signed-in account
 * (`seekerScope(actor)`), never one named by the input. Each runs in one retried transaction and is journaled
 * with identifiers only.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { isValidDiagnosticAnswers, isWebOnlyEligible } from "@/domain";
import type { Modality, Prisma } from "@/generated/prisma/client";
import { prisma } from "@/server/db";
import { auditRow } from "@/server/audit";
import { DomainError } from "@/server/errors";
import { seekerScope, type Actor } from "@/server/auth/policy";
import { withRetry } from "./transactions";
import { calendarFeedSchema, setMyWebOnlySchema } from "./seeker-space.schema";

export type UseCaseOptions = { now?: Date };
type Tx = Prisma.TransactionClient;

const NOT_FOUND_SEEKER = "Votre dossier n'a pas été trouvé. Contactez votre agence.";

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError("INVALID", parsed.error.issues[0]?.message ?? "Les informations envoyées ne sont pas valides.");
  }
  return parsed.data;
}

async function ownSeeker(tx: Tx, actor: Actor) {
  if (actor.role !== "SEEKER") throw new DomainError("NOT_FOUND", NOT_FOUND_SEEKER);
  const seeker = await tx.seeker.findFirst({
    where: seekerScope(actor),
    select: { id: true, agencyId: true, modality: true, webOnly: true, calendarFeedToken: true },
  });
  if (!seeker) throw new DomainError("NOT_FOUND", NOT_FOUND_SEEKER);
  return seeker;
}

// ---------------------------------------------------------------------------------------------------------------
// 100 % web

/**
 * Whether the seeker may switch 100 % web on themself (docs/rules.md#web-only-follow-up). Switching it on here IS the
 * volunteering, so what the seeker answered about volunteering during the interview does not matter; modality and
 * digital autonomy do.
 */
export function seekerMayChooseWebOnly(modality: Modality | null, latestAnswers: unknown): boolean {
  return isValidDiagnosticAnswers(latestAnswers) && isWebOnlyEligible(modality, { digital: latestAnswers.digital, webVolunteer: true });
}

/** Why the seeker may not switch 100 % web on, in plain French. */
export function webOnlyRefusal(modality: Modality | null): string {
  return modality === "SUIVI"
    ? "Le suivi 100 % web est possible si vous utilisez internet seul·e. Ce n'est pas ce qui a été noté lors de votre entretien : parlez-en à votre conseiller·ère."
    : "Le suivi 100 % web est possible seulement avec l'accompagnement « suivi et appui à la recherche d'emploi ». Parlez-en à votre conseiller·ère.";
}

export type MyWebOnlyResult = { webOnly: boolean; changed: boolean };

/**
 * Switches 100 % web on (only when eligible) or off (always possible). Asking for the current state changes
 * nothing and journals nothing.
 */
export async function setMyWebOnly(actor: Actor, input: unknown, _options: UseCaseOptions = {}): Promise<MyWebOnlyResult> {
  const { webOnly } = parse(setMyWebOnlySchema, input);
  const db = await prisma();
  return withRetry(() =>
    db.$transaction(async (tx) => {
      const seeker = await ownSeeker(tx, actor);
      if (seeker.webOnly === webOnly) return { webOnly, changed: false };
      if (webOnly) {
        const latest = await tx.diagnostic.findFirst({
          where: { seekerId: seeker.id },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          select: { answers: true },
        });
        if (!seekerMayChooseWebOnly(seeker.modality, latest?.answers)) {
          throw new DomainError("INVALID", webOnlyRefusal(seeker.modality));
        }
      }
      const { count } = await tx.seeker.updateMany({ where: { id: seeker.id, webOnly: !webOnly }, data: { webOnly } });
      if (count !== 1) throw new DomainError("CONFLICT", "Votre dossier vient d'être modifié. Rechargez la page.");
      await tx.auditEvent.create({
        data: auditRow({
          actor,
          action: "seeker.webOnly.changed",
          agencyId: seeker.agencyId,
          subjectType: "Seeker",
          subjectId: seeker.id,
          seekerId: seeker.id,
          metadata: { webOnly },
        }),
        select: { id: true },
      });
      return { webOnly, changed: true };
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Calendar feed

/** 32 random bytes, base64url: the feed URL's only credential. */
export function newCalendarFeedToken(): string {
  return randomBytes(32).toString("base64url");
}

export type CalendarFeedResult = { token: string; replaced: boolean };

/** Creates the seeker's private feed token, or replaces it (the old URL stops working at once). */
export async function createCalendarFeed(actor: Actor, input: unknown, _options: UseCaseOptions = {}): Promise<CalendarFeedResult> {
  parse(calendarFeedSchema, input);
  const db = await prisma();
  return withRetry(() =>
    db.$transaction(async (tx) => {
      const seeker = await ownSeeker(tx, actor);
      const token = newCalendarFeedToken();
      await tx.seeker.update({ where: { id: seeker.id }, data: { calendarFeedToken: token }, select: { id: true } });
      const replaced = seeker.calendarFeedToken !== null;
      await tx.auditEvent.create({
        data: auditRow({
          actor,
          action: "seeker.calendarFeed.created",
          agencyId: seeker.agencyId,
          subjectType: "Seeker",
          subjectId: seeker.id,
          seekerId: seeker.id,
          metadata: { replaced },
        }),
        select: { id: true },
      });
      return { token, replaced };
    }),
  );
}

export type RevokeFeedResult = { revoked: true };

/** Deletes the seeker's feed token: its URL answers 404 from now on. */
export async function revokeCalendarFeed(actor: Actor, input: unknown, _options: UseCaseOptions = {}): Promise<RevokeFeedResult> {
  parse(calendarFeedSchema, input);
  const db = await prisma();
  return withRetry(() =>
    db.$transaction(async (tx) => {
      const seeker = await ownSeeker(tx, actor);
      if (seeker.calendarFeedToken === null) throw new DomainError("INVALID", "Vous n'avez pas de lien d'agenda à supprimer.");
      await tx.seeker.update({ where: { id: seeker.id }, data: { calendarFeedToken: null }, select: { id: true } });
      await tx.auditEvent.create({
        data: auditRow({
          actor,
          action: "seeker.calendarFeed.revoked",
          agencyId: seeker.agencyId,
          subjectType: "Seeker",
          subjectId: seeker.id,
          seekerId: seeker.id,
        }),
        select: { id: true },
      });
      return { revoked: true };
    }),
  );
}
