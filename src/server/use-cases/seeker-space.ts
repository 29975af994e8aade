/**
 * The seeker's own actions on `/mon-espace` (issue #6): choose or leave 100 % web, create (or replace) and revoke
 * the private calendar feed; change their e-mail and mobile, agree to SMS, opt out of optional messages (issue 16).
 * The seeker acted upon is always the one linked to the signed-in account (the policy's
 * `ownFile` scope), never one named by the input. Each runs in one retried transaction and is journaled with
 * identifiers only.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import { seekerMayChooseWebOnly, webOnlyRefusal } from "@/lib/web-only";
import { appendAudit } from "@/server/audit";
import type { Actor } from "@/server/auth/policy";
import { requireSeekerInScope } from "@/server/auth/row-scope";
import { DomainError } from "@/server/errors";
import { latestDiagnosticAnswers } from "./appointments";
import { nowOf, parseInput, runInTransaction, type Tx, type UseCaseOptions } from "./kit";
import { calendarFeedSchema, setMyMessagePreferencesSchema, setMyWebOnlySchema, updateMyContactSchema } from "./seeker-space.schema";
import { CONTACT_SELECT, writeContactChange, type ContactChangeResult } from "./contact-details";
import { canReceiveSms } from "@/lib/contact";

const NOT_FOUND_SEEKER = "Votre dossier n'a pas été trouvé. Contactez votre agence.";

function ownSeeker(tx: Tx, actor: Actor) {
  return requireSeekerInScope(
    tx,
    actor,
    "ownFile",
    undefined,
    { id: true, agencyId: true, modality: true, webOnly: true, calendarFeedToken: true },
    NOT_FOUND_SEEKER,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// 100 % web

export type MyWebOnlyResult = { webOnly: boolean; changed: boolean };

/**
 * Switches 100 % web on (only when eligible) or off (always possible). Asking for the current state changes
 * nothing and journals nothing.
 */
export async function setMyWebOnly(actor: Actor, input: unknown, options: UseCaseOptions = {}): Promise<MyWebOnlyResult> {
  const { webOnly } = parseInput(setMyWebOnlySchema, input);
  return runInTransaction(options, async (tx) => {
    const seeker = await ownSeeker(tx, actor);
    if (seeker.webOnly === webOnly) return { webOnly, changed: false };
    if (webOnly) {
      if (!seekerMayChooseWebOnly(seeker.modality, await latestDiagnosticAnswers(tx, seeker.id))) {
        throw new DomainError("INVALID", webOnlyRefusal(seeker.modality));
      }
    }
    const { count } = await tx.seeker.updateMany({ where: { id: seeker.id, webOnly: !webOnly }, data: { webOnly } });
    if (count !== 1) throw new DomainError("CONFLICT", "Votre dossier vient d'être modifié. Rechargez la page.");
    await appendAudit(tx, {
      actor,
      action: "seeker.webOnly.changed",
      agencyId: seeker.agencyId,
      subjectType: "Seeker",
      subjectId: seeker.id,
      seekerId: seeker.id,
      metadata: { webOnly },
    });
    return { webOnly, changed: true };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Calendar feed

/** 32 random bytes, base64url: the feed URL's only credential. */
function newCalendarFeedToken(): string {
  return randomBytes(32).toString("base64url");
}

export type CalendarFeedResult = { token: string; replaced: boolean };

/** Creates the seeker's private feed token, or replaces it (the old URL stops working at once). */
export async function createCalendarFeed(actor: Actor, input: unknown, options: UseCaseOptions = {}): Promise<CalendarFeedResult> {
  parseInput(calendarFeedSchema, input);
  return runInTransaction(options, async (tx) => {
    const seeker = await ownSeeker(tx, actor);
    const token = newCalendarFeedToken();
    await tx.seeker.update({ where: { id: seeker.id }, data: { calendarFeedToken: token }, select: { id: true } });
    const replaced = seeker.calendarFeedToken !== null;
    await appendAudit(tx, {
      actor,
      action: "seeker.calendarFeed.created",
      agencyId: seeker.agencyId,
      subjectType: "Seeker",
      subjectId: seeker.id,
      seekerId: seeker.id,
      metadata: { replaced },
    });
    return { token, replaced };
  });
}

export type RevokeFeedResult = { revoked: true };

/** Deletes the seeker's feed token: its URL answers 404 from now on. */
export async function revokeCalendarFeed(actor: Actor, input: unknown, options: UseCaseOptions = {}): Promise<RevokeFeedResult> {
  parseInput(calendarFeedSchema, input);
  return runInTransaction(options, async (tx) => {
    const seeker = await ownSeeker(tx, actor);
    if (seeker.calendarFeedToken === null) throw new DomainError("INVALID", "Vous n'avez pas de lien d'agenda à supprimer.");
    await tx.seeker.update({ where: { id: seeker.id }, data: { calendarFeedToken: null }, select: { id: true } });
    await appendAudit(tx, {
      actor,
      action: "seeker.calendarFeed.revoked",
      agencyId: seeker.agencyId,
      subjectType: "Seeker",
      subjectId: seeker.id,
      seekerId: seeker.id,
    });
    return { revoked: true };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Contact details and messages (issue 16)

/** Changes the seeker's own e-mail and mobile (contact-details.ts): a changed one clears its bounce or refusal flag. */
export async function updateMyContact(actor: Actor, input: unknown, options: UseCaseOptions = {}): Promise<ContactChangeResult> {
  const { email, phone } = parseInput(updateMyContactSchema, input);
  return runInTransaction(options, async (tx) => {
    const seeker = await requireSeekerInScope(tx, actor, "ownFile", undefined, CONTACT_SELECT, NOT_FOUND_SEEKER);
    return writeContactChange(tx, actor, seeker, { email, phone }, { action: "seeker.contact.changed" });
  });
}

export type MessagePreferencesResult = { smsConsent: boolean; optionalMessagesOptOut: boolean; changed: boolean };

/**
 * Agreeing to SMS (its instant recorded; only with a mobile number on file) or withdrawing it (no SMS from then on),
 * and opting out of optional messages or back in (the convocations to the mandatory reviews still come). The messages
 * still waiting that are no longer wanted are cancelled. Asking for what is already so changes nothing and journals
 * nothing.
 */
export async function setMyMessagePreferences(actor: Actor, input: unknown, options: UseCaseOptions = {}): Promise<MessagePreferencesResult> {
  const wanted = parseInput(setMyMessagePreferencesSchema, input);
  return runInTransaction(options, async (tx) => {
    const seeker = await requireSeekerInScope(
      tx,
      actor,
      "ownFile",
      undefined,
      { id: true, agencyId: true, phone: true, smsConsent: true, optionalMessagesOptOut: true, agency: { select: { departement: true } } },
      NOT_FOUND_SEEKER,
    );
    const consentChanged = seeker.smsConsent !== wanted.smsConsent;
    const optOutChanged = seeker.optionalMessagesOptOut !== wanted.optionalMessagesOptOut;
    if (!consentChanged && !optOutChanged) return { ...wanted, changed: false };
    if (consentChanged && wanted.smsConsent && !canReceiveSms(seeker.phone, seeker.agency.departement)) {
      throw new DomainError("INVALID", "Pour recevoir des SMS, indiquez d'abord un numéro de téléphone portable.");
    }
    const data = {
      ...(consentChanged ? { smsConsent: wanted.smsConsent, smsConsentAt: wanted.smsConsent ? nowOf(options) : null } : {}),
      ...(optOutChanged ? { optionalMessagesOptOut: wanted.optionalMessagesOptOut } : {}),
    };
    await tx.seeker.update({ where: { id: seeker.id }, data, select: { id: true } });
    // What waits to be sent and is no longer wanted is not sent: the SMS after a withdrawal, the optional messages
    // after an opt-out (the worker sends only what is still QUEUED).
    const stopped = [
      ...(consentChanged && !wanted.smsConsent ? [{ channel: "SMS" as const }] : []),
      ...(optOutChanged && wanted.optionalMessagesOptOut ? [{ mandatory: false }] : []),
    ];
    const cancelled = stopped.length
      ? (
          await tx.outboxMessage.updateMany({
            where: { seekerId: seeker.id, status: "QUEUED", OR: stopped },
            data: { status: "CANCELLED", lastError: "Annulé : le demandeur ne veut plus recevoir ce message." },
          })
        ).count
      : 0;
    await appendAudit(tx, {
      actor,
      action: "seeker.messagePreferences.changed",
      agencyId: seeker.agencyId,
      subjectType: "Seeker",
      subjectId: seeker.id,
      seekerId: seeker.id,
      metadata: {
        ...(consentChanged ? { smsConsent: wanted.smsConsent } : {}),
        ...(optOutChanged ? { optionalMessagesOptOut: wanted.optionalMessagesOptOut } : {}),
        ...(cancelled ? { messagesCancelled: cancelled } : {}),
      },
    });
    return { ...wanted, changed: true };
  });
}
