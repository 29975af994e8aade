/**
 * Agency settings (issue #5), for a manager of the agency (or an administrator, any agency):
 * - `updateCaps`: the cap of each modality, on the Agency and on every portfolio of that modality; a cap below the
 *   current load of a portfolio needs the manager's confirmation (nobody is moved);
 * - `updateHours`, `updateFirstInterviewDeadline`: appointment hours and the first-interview deadline (existing
 *   appointments stay where they are);
 * - `updateGlobalPartnership`: ending the partnership while seekers are followed in global needs a confirmation.
 * The département's social workers' accounts are in social-workers.ts. Each change is one retried transaction with its audit row (numbers, booleans and identifiers only).
 */
import "server-only";
import type { z } from "zod";
import { ALL_MODALITIES, CAP_FIELDS, minutesOf, MODALITY_SHORT_LABELS, offerTransitionDeadline, type Modality } from "@/domain";
import type { AgencyOffer, Prisma } from "@/generated/prisma/client";
import { formatCalendarDate, fullName, ofName } from "@/lib/format";
import { plural } from "@/lib/plural";
import { appendAudit } from "@/server/audit";
import type { Actor } from "@/server/auth/policy";
import { requireAgencyInScope, requirePermission } from "@/server/auth/row-scope";
import { DomainError } from "@/server/errors";
import { agencySettingFields } from "@/server/queries/selects";
import {
  updateCapsSchema,
  updateDeadlineSchema,
  updateHoursSchema,
  updateMinNoticeSchema,
  updateMessageReplySchema,
  updateOfferSchema,
  updatePartnershipSchema,
  updateRemindersSchema,
  updateRetentionSchema,
} from "./agency-settings.schema";
import { nowOf, parseInput, runInTransaction, type Tx, type UseCaseOptions } from "./kit";
import { seekersPerPortfolio } from "@/server/queries/loads";

export const AGENCY_NOT_FOUND = "Agence introuvable.";

/**
 * Those the policy lets configure an agency: its managers, and administrators for any agency. Another agency's
 * settings are answered as not found: a manager does not learn which agencies exist.
 */
export function assertCanConfigure(actor: Actor, agencyId: string): void {
  requirePermission(actor, "agency:configure", "Seule la direction de l'agence peut modifier ses paramètres.");
  requireAgencyInScope(actor, agencyId, AGENCY_NOT_FOUND);
}

/** Settings changes retry conflicts with a message that says what was not changed. */
export function inSettingsTransaction<T>(options: UseCaseOptions, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return runInTransaction(options, fn, {
    conflictMessage: "La modification est entrée en conflit avec une autre modification simultanée. Rien n'a été modifié ; veuillez réessayer.",
  });
}

/**
 * A settings use case: parse the input, check the actor may configure that agency, then `change` in one retried
 * transaction. The use case is `(actor, input, options?)` like every other.
 */
export function settingsChange<Schema extends z.ZodType<{ agencyId: string }>, Result>(
  schema: Schema,
  change: (tx: Tx, context: { actor: Actor; input: z.output<Schema>; now: Date }) => Promise<Result>,
): (actor: Actor, rawInput: unknown, options?: UseCaseOptions) => Promise<Result> {
  // async: a refused input or actor rejects the promise, as every use case does, rather than throwing at the call.
  return async (actor, rawInput, options = {}) => {
    const input = parseInput(schema, rawInput);
    assertCanConfigure(actor, input.agencyId);
    const now = nowOf(options);
    return inSettingsTransaction(options, (tx) => change(tx, { actor, input, now }));
  };
}

const AGENCY_SETTINGS_SELECT = {
  id: true,
  capSuivi: true,
  capGuide: true,
  capRenforce: true,
  capGlobal: true,
  capIntensif: true,
  capAgile: true,
  capTandem: true,
  ...agencySettingFields,
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
function belowLoadMessage(conflicts: readonly CapConflict[]): string {
  const byModality = new Map<Modality, CapConflict[]>();
  for (const c of conflicts) byModality.set(c.modality, [...(byModality.get(c.modality) ?? []), c]);
  const parts = [...byModality].map(([modality, rows]) => {
    const list = rows.map((r) => `${r.advisorName} (${plural(r.load, "demandeur")})`).join(", ");
    const label = MODALITY_SHORT_LABELS[modality].toLowerCase();
    return rows.length > 1
      ? `Le plafond ${label} proposé (${rows[0]!.proposedCap}) est inférieur à la charge actuelle de ${rows.length} portefeuilles : ${list}.`
      : `Le plafond ${label} proposé (${rows[0]!.proposedCap}) est inférieur à la charge actuelle du portefeuille ${ofName(list)}.`;
  });
  return (
    `${parts.join(" ")} Personne ne sera déplacé : ces demandeurs restent dans leur portefeuille et gardent leur conseiller·ère. ` +
    "Tant que la charge d'un de ces portefeuilles n'est pas redescendue sous le nouveau plafond, aucun nouveau demandeur ne pourra y être orienté. " +
    "Vous pourrez rééquilibrer les portefeuilles de l'agence pour les ramener sous le plafond. Confirmez pour appliquer ce plafond."
  );
}

export const updateCaps = settingsChange(updateCapsSchema, async (tx, { actor, input }): Promise<UpdateCapsResult> => {
  const agency = await lockAgency(tx, input.agencyId);
  const proposedCap = (m: Modality): number => input[CAP_FIELDS[m]] ?? agency[CAP_FIELDS[m]];
  const changed = ALL_MODALITIES.filter((m) => agency[CAP_FIELDS[m]] !== proposedCap(m));
  if (changed.length === 0) return { changed: [], portfoliosUpdated: 0, portfoliosAboveCap: 0 };

  // The portfolios of the changed modalities, locked so that no seeker enters one while its cap changes.
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id"::text AS "id" FROM "Portfolio"
      WHERE "agencyId" = ${agency.id}::uuid AND "modality"::text = ANY(${changed as string[]}::text[])
      ORDER BY "id" FOR NO KEY UPDATE`;
  const ids = locked.map((p) => p.id);
  const [portfolios, loadOf] = await Promise.all([
    ids.length
      ? tx.portfolio.findMany({
          where: { id: { in: ids } },
          select: { id: true, modality: true, advisor: { select: { firstName: true, lastName: true } } },
        })
      : [],
    seekersPerPortfolio(tx, ids),
  ]);
  const conflicts: CapConflict[] = portfolios
    .map((p) => ({
      modality: p.modality,
      portfolioId: p.id,
      advisorName: fullName(p.advisor),
      load: loadOf.get(p.id) ?? 0,
      proposedCap: proposedCap(p.modality),
    }))
    .filter((c) => c.load > c.proposedCap)
    .sort(
      (a, b) => ALL_MODALITIES.indexOf(a.modality) - ALL_MODALITIES.indexOf(b.modality) || b.load - a.load || a.advisorName.localeCompare(b.advisorName, "fr"),
    );
  if (conflicts.length > 0 && input.confirmBelowLoad !== true) {
    throw new DomainError("CONFIRMATION_REQUIRED", belowLoadMessage(conflicts), {
      confirmation: "BELOW_LOAD",
      portfolios: conflicts.map(({ modality, advisorName, load, proposedCap }) => ({ modality, advisorName, load, proposedCap })),
    });
  }

  const data: Prisma.AgencyUpdateInput = {};
  for (const m of changed) data[CAP_FIELDS[m]] = proposedCap(m);
  await tx.agency.update({ where: { id: agency.id }, data, select: { id: true } });
  let portfoliosUpdated = 0;
  for (const m of changed) {
    const updated = await tx.portfolio.updateMany({ where: { agencyId: agency.id, modality: m }, data: { cap: proposedCap(m) } });
    portfoliosUpdated += updated.count;
  }
  await auditSettingsChange(
    tx,
    actor,
    agency.id,
    changeMetadata(
      "caps",
      changed.map((m) => ({ field: CAP_FIELDS[m], old: agency[CAP_FIELDS[m]], new: proposedCap(m) })),
      { portfoliosUpdated, portfoliosAboveCap: conflicts.length, confirmedBelowLoad: conflicts.length > 0 },
    ),
  );
  return { changed, portfoliosUpdated, portfoliosAboveCap: conflicts.length };
});

// ---------------------------------------------------------------------------------------------------------------
// Hours and first-interview deadline

export type SettingsChangeResult = { changed: string[] };

const HOURS_FIELDS = ["appointmentStart", "appointmentEnd", "slotMinutes", "initialInterviewMinutes"] as const;

/** Times are audited as minutes since midnight (numbers only in the journal). */
const auditValue = (value: string | number): number => (typeof value === "number" ? value : (minutesOf(value) ?? -1));

export const updateHours = settingsChange(updateHoursSchema, async (tx, { actor, input }): Promise<SettingsChangeResult> => {
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
    changeMetadata(
      "hours",
      changed.map((f) => ({ field: f, old: auditValue(agency[f]), new: auditValue(input[f]) })),
    ),
  );
  return { changed: [...changed] };
});

export const updateFirstInterviewDeadline = settingsChange(updateDeadlineSchema, async (tx, { actor, input }): Promise<SettingsChangeResult> => {
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

/** The minimum notice, in days, of a moved appointment (docs/rules.md#moving-an-appointment). */
export const updateMinNotice = settingsChange(updateMinNoticeSchema, async (tx, { actor, input }): Promise<SettingsChangeResult> => {
  const agency = await lockAgency(tx, input.agencyId);
  if (agency.minNoticeDays === input.minNoticeDays) return { changed: [] };
  await tx.agency.update({ where: { id: agency.id }, data: { minNoticeDays: input.minNoticeDays }, select: { id: true } });
  await auditSettingsChange(tx, actor, agency.id, changeMetadata("notice", [{ field: "minNoticeDays", old: agency.minNoticeDays, new: input.minNoticeDays }]));
  return { changed: ["minNoticeDays"] };
});

/** The working days the advisor has to answer a seeker's message (docs/rules.md#conversations). */
export const updateMessageReply = settingsChange(updateMessageReplySchema, async (tx, { actor, input }): Promise<SettingsChangeResult> => {
  const agency = await lockAgency(tx, input.agencyId);
  if (agency.messageReplyWorkingDays === input.messageReplyWorkingDays) return { changed: [] };
  await tx.agency.update({ where: { id: agency.id }, data: { messageReplyWorkingDays: input.messageReplyWorkingDays }, select: { id: true } });
  await auditSettingsChange(
    tx,
    actor,
    agency.id,
    changeMetadata("messages", [{ field: "messageReplyWorkingDays", old: agency.messageReplyWorkingDays, new: input.messageReplyWorkingDays }]),
  );
  return { changed: ["messageReplyWorkingDays"] };
});

const REMINDER_FIELDS = ["reminderDaysBefore", "reminderByEmail", "reminderBySms"] as const;

/** The reminders before appointments: how many days ahead (0: none) and by which channels (docs/rules.md#reminders). */
export const updateReminders = settingsChange(updateRemindersSchema, async (tx, { actor, input }): Promise<SettingsChangeResult> => {
  const agency = await lockAgency(tx, input.agencyId);
  const changed = REMINDER_FIELDS.filter((f) => agency[f] !== input[f]);
  if (changed.length === 0) return { changed: [] };
  await tx.agency.update({ where: { id: agency.id }, data: Object.fromEntries(changed.map((f) => [f, input[f]])), select: { id: true } });
  await auditSettingsChange(
    tx,
    actor,
    agency.id,
    changeMetadata(
      "reminders",
      changed.map((f) => ({ field: f, old: agency[f], new: input[f] })),
    ),
  );
  return { changed: [...changed] };
});

/** How long a closed file is kept before it is anonymised (docs/rules.md#retention). */
export const updateClosedFileRetention = settingsChange(updateRetentionSchema, async (tx, { actor, input }): Promise<SettingsChangeResult> => {
  const agency = await lockAgency(tx, input.agencyId);
  if (agency.closedFileRetentionMonths === input.closedFileRetentionMonths) return { changed: [] };
  await tx.agency.update({ where: { id: agency.id }, data: { closedFileRetentionMonths: input.closedFileRetentionMonths }, select: { id: true } });
  await auditSettingsChange(
    tx,
    actor,
    agency.id,
    changeMetadata("retention", [{ field: "closedFileRetentionMonths", old: agency.closedFileRetentionMonths, new: input.closedFileRetentionMonths }]),
  );
  return { changed: ["closedFileRetentionMonths"] };
});

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

function partnershipEndMessage(globalSeekers: number): string {
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

export const updateGlobalPartnership = settingsChange(updatePartnershipSchema, async (tx, { actor, input }): Promise<PartnershipResult> => {
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

// ---------------------------------------------------------------------------------------------------------------
// The agency's offer (issue 20)

export type OfferResult = {
  changed: boolean;
  offer: AgencyOffer;
  /** Seekers followed in the agency now (they keep their 2014 modality and portfolio until re-oriented). */
  followedSeekers: number;
  /** The day by which each of them must have a signed contrat d'engagement (the agency's département). */
  transitionDeadline: string;
};

export const OFFER_SWITCH_BACK_REFUSED =
  "Impossible de revenir à l'offre 2014 : des demandeurs de l'agence ont déjà été orientés selon les règles 2025 " +
  "(parcours, organisme référent, contrat d'engagement). Leurs orientations ne peuvent pas être annulées ; l'agence reste sur l'offre 2025.";

function toOffer2025Message(followedSeekers: number, deadline: string): string {
  const who =
    followedSeekers === 0
      ? "Aucun demandeur n'est suivi aujourd'hui dans cette agence."
      : followedSeekers === 1
        ? "Le demandeur suivi aujourd'hui garde sa modalité 2014 et son portefeuille jusqu'à ce qu'il soit réorienté."
        : `Les ${followedSeekers} demandeurs suivis aujourd'hui gardent leur modalité 2014 et leur portefeuille jusqu'à ce qu'ils soient réorientés.`;
  return (
    `Passer à l'offre 2025 (loi « pour le plein emploi ») : ${who} ` +
    `Chaque demandeur déjà suivi devra avoir signé un contrat d'engagement au plus tard le ${formatCalendarDate(deadline)}. ` +
    "Les nouveaux diagnostics appliqueront les règles 2025 : parcours, organisme référent, intensité de l'accompagnement et contrat d'engagement. " +
    "Une fois qu'un demandeur aura été orienté selon ces règles, il ne sera plus possible de revenir à l'offre 2014. Confirmez pour passer à l'offre 2025."
  );
}

const BACK_TO_2014_MESSAGE =
  "Revenir à l'offre 2014 : aucun demandeur n'a encore été orienté selon les règles 2025. Les nouveaux diagnostics proposeront de nouveau " +
  "les modalités suivi, guidé, renforcé et global, et le décompte des contrats d'engagement à signer ne sera plus affiché. Confirmez pour revenir à l'offre 2014.";

/**
 * Switches the agency between the 2014 modalities and the 2025 offer, always after a confirmation that says what
 * happens. Back to 2014 is refused once an orientation exists: the agency row is locked FOR UPDATE (not FOR NO KEY
 * UPDATE) before counting them, which waits for any orientation being inserted (its trigger reads the agency FOR
 * SHARE) — a switch and an orientation cannot both pass.
 */
export const updateOffer = settingsChange(updateOfferSchema, async (tx, { actor, input, now }): Promise<OfferResult> => {
  await tx.$queryRaw`SELECT "id" FROM "Agency" WHERE "id" = ${input.agencyId}::uuid FOR UPDATE`;
  const agency = await tx.agency.findUnique({ where: { id: input.agencyId }, select: { id: true, offer: true, departement: true } });
  if (!agency) throw new DomainError("NOT_FOUND", AGENCY_NOT_FOUND);
  const [followedSeekers, orientations] = await Promise.all([
    tx.seeker.count({ where: { agencyId: agency.id, status: "FOLLOWED" } }),
    input.offer === "OFFRE_2014" ? tx.orientation.count({ where: { agencyId: agency.id } }) : Promise.resolve(0),
  ]);
  const transitionDeadline = offerTransitionDeadline(agency.departement);
  const result = { offer: input.offer, followedSeekers, transitionDeadline };
  if (agency.offer === input.offer) return { changed: false, ...result };
  if (input.offer === "OFFRE_2014" && orientations > 0) {
    throw new DomainError("CONFLICT", OFFER_SWITCH_BACK_REFUSED, { orientations });
  }
  if (input.confirmOffer !== true) {
    throw new DomainError(
      "CONFIRMATION_REQUIRED",
      input.offer === "OFFRE_2025" ? toOffer2025Message(followedSeekers, transitionDeadline) : BACK_TO_2014_MESSAGE,
      {
        confirmation: input.offer,
        followedSeekers,
        transitionDeadline,
      },
    );
  }
  await tx.agency.update({ where: { id: agency.id }, data: { offer: input.offer, offerChangedAt: now }, select: { id: true } });
  await auditSettingsChange(tx, actor, agency.id, {
    section: "offer",
    fields: "offer",
    "offer.old": agency.offer,
    "offer.new": input.offer,
    followedSeekers,
  });
  return { changed: true, ...result };
});
