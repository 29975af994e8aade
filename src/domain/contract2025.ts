/**
 * The contrat d'engagement of the 2025 offer (issue 20, docs/rules.md#contrat-dengagement): the plan d'action's shape
 * and limits, the weekly activity in half hours, the contract's due date for a seeker and the status of the
 * obligation to sign it at a date. Pure: no database, no clock.
 *
 * Other parts of the app (dashboard, exports, seeker space) read the obligation's status through
 * `contractObligationStatus`: the one definition of SIGNED / DUE_SOON / OVERDUE / PENDING.
 */
import { z } from "zod";
import { addDays, addMonths, compareDates, daysBetween, isValidDate, type IsoDate } from "./dates";
import {
  CONTRACT_MONTHS,
  contractDueDate,
  intensityAfterDepartementDecision,
  validateWeeklyActivity,
  WEEKLY_ACTIVITY_DEFAULT_HOURS,
  type WeeklyActivityCheck,
} from "./offer2025";
import type { Intensity, Parcours, Referent } from "./offer2025Labels";

// ---------------------------------------------------------------------------------------------
// The plan d'action.

/** Status of an action of the plan, with its French label. */
export const ACTION_STATUSES = ["A_FAIRE", "EN_COURS", "FAIT", "ABANDONNE"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_LABELS: Readonly<Record<ActionStatus, string>> = Object.freeze({
  A_FAIRE: "À faire",
  EN_COURS: "En cours",
  FAIT: "Fait",
  ABANDONNE: "Abandonné",
});

/** Limits of a plan d'action and of the contract's texts (Modalis). */
export const PLAN_OBJECTIVES_MIN = 1;
export const PLAN_OBJECTIVES_MAX = 10;
export const PLAN_OBJECTIVE_MAX_LENGTH = 300;
export const PLAN_ACTIONS_MAX = 20;
export const PLAN_ACTION_LABEL_MAX_LENGTH = 300;
export const COMMITMENTS_MAX_LENGTH = 2000;
export const WEEKLY_REASON_MAX_LENGTH = 2000;

export type PlanAction = { label: string; dueOn: IsoDate; status: ActionStatus };
export type ContractPlan = { objectives: string[]; actions: PlanAction[] };

const objectiveSchema = z
  .string({ error: "Objectif : un texte est attendu." })
  .trim()
  .min(1, { error: "Objectif : il ne peut pas être vide." })
  .max(PLAN_OBJECTIVE_MAX_LENGTH, { error: `Objectif : ${PLAN_OBJECTIVE_MAX_LENGTH} caractères au plus.` });

const planActionSchema = z.strictObject(
  {
    label: z
      .string({ error: "Action : un intitulé est attendu." })
      .trim()
      .min(1, { error: "Action : l'intitulé ne peut pas être vide." })
      .max(PLAN_ACTION_LABEL_MAX_LENGTH, { error: `Action : ${PLAN_ACTION_LABEL_MAX_LENGTH} caractères au plus pour l'intitulé.` }),
    dueOn: z
      .string({ error: "Action : une échéance est attendue." })
      .refine((value) => isValidDate(value), { error: "Action : échéance invalide, une date AAAA-MM-JJ est attendue." }),
    status: z.enum(ACTION_STATUSES, { error: "Action : statut à faire, en cours, fait ou abandonné attendu." }),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? "Action : champ inconnu refusé (intitulé, échéance, statut)."
        : "Action : un objet { label, dueOn, status } est attendu.",
  },
);

/** The plan d'action: 1 to 10 non-empty objectives, 0 to 20 actions each with a label, a due date and a status. */
export const contractPlanSchema = z.strictObject(
  {
    objectives: z
      .array(objectiveSchema, { error: "Objectifs : une liste est attendue." })
      .min(PLAN_OBJECTIVES_MIN, { error: "Plan d'action : au moins un objectif est attendu." })
      .max(PLAN_OBJECTIVES_MAX, { error: `Plan d'action : ${PLAN_OBJECTIVES_MAX} objectifs au plus.` }),
    actions: z
      .array(planActionSchema, { error: "Actions : une liste est attendue." })
      .max(PLAN_ACTIONS_MAX, { error: `Plan d'action : ${PLAN_ACTIONS_MAX} actions au plus.` }),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? "Plan d'action : champ inconnu refusé (objectifs, actions)."
        : "Plan d'action : un objet { objectives, actions } est attendu.",
  },
);

export type PlanCheck = { ok: true; plan: ContractPlan } | { ok: false; message: string };

/** Checks a plan d'action; the plan returned has its texts trimmed. */
export function validateContractPlan(plan: unknown): PlanCheck {
  const parsed = contractPlanSchema.safeParse(plan);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Plan d'action invalide." };
  return { ok: true, plan: parsed.data };
}

/**
 * A stored plan read back for display: an anonymised contract has an emptied plan (`{}`), read as no objective and no
 * action; anything unreadable likewise.
 */
export function readStoredPlan(stored: unknown): ContractPlan {
  const parsed = contractPlanSchema.safeParse(stored);
  return parsed.success ? parsed.data : { objectives: [], actions: [] };
}

// ---------------------------------------------------------------------------------------------
// Weekly activity in half hours (the column's unit).

/** 15 hours, the default: 30 half hours. */
export const WEEKLY_ACTIVITY_DEFAULT_HALF_HOURS = WEEKLY_ACTIVITY_DEFAULT_HOURS * 2;

/** Hours → half hours, for a value `validateWeeklyActivity` accepted. */
export function toHalfHours(hours: number): number {
  return Math.round(hours * 2);
}

/** Half hours → hours. */
export function fromHalfHours(halfHours: number): number {
  return halfHours / 2;
}

/** « 15 h », « 12 h 30 ». */
export function weeklyActivityLabel(halfHours: number): string {
  const hours = Math.floor(halfHours / 2);
  return halfHours % 2 === 0 ? `${hours} h` : `${hours} h 30`;
}

/** `validateWeeklyActivity`, the reason's length checked too. */
export function validateContractWeeklyActivity(args: {
  hours: number;
  reason?: string | null;
}): WeeklyActivityCheck | { ok: false; code: "REASON_TOO_LONG"; message: string } {
  const check = validateWeeklyActivity(args);
  if (!check.ok) return check;
  if (typeof args.reason === "string" && args.reason.trim().length > WEEKLY_REASON_MAX_LENGTH) {
    return { ok: false, code: "REASON_TOO_LONG", message: `Justification de la durée hebdomadaire : ${WEEKLY_REASON_MAX_LENGTH} caractères au plus.` };
  }
  return check;
}

// ---------------------------------------------------------------------------------------------
// The orientation a contract belongs to.

/** The latest orientation as stored, and the département's decision on it when there is one. */
export type OrientationFacts = {
  decidedBy: "FRANCE_TRAVAIL" | "DEPARTEMENT";
  parcours: Parcours;
  referent: Referent;
  intensity: Intensity | null;
  professionalScore: number;
  /** Set on France Travail's decisions. */
  notifiedOn: IsoDate | null;
  departementDecision: { decidedOn: IsoDate; parcours: Parcours; referent: Referent } | null;
};

/**
 * What was decided and when it was notified: France Travail's decision (notified on `notifiedOn`), or the
 * département's (notified on its date; France Travail's intensity then follows the rules for the decided parcours);
 * null for a proposal the département has not decided yet.
 */
export function decidedOrientation(
  orientation: OrientationFacts,
): { parcours: Parcours; referent: Referent; intensity: Intensity | null; notifiedOn: IsoDate | null } | null {
  if (orientation.decidedBy === "FRANCE_TRAVAIL") {
    return { parcours: orientation.parcours, referent: orientation.referent, intensity: orientation.intensity, notifiedOn: orientation.notifiedOn };
  }
  const decision = orientation.departementDecision;
  if (decision === null) return null;
  return {
    parcours: decision.parcours,
    referent: decision.referent,
    intensity: intensityAfterDepartementDecision(decision, orientation.professionalScore),
    notifiedOn: decision.decidedOn,
  };
}

// ---------------------------------------------------------------------------------------------
// The obligation to sign.

/** A contract is « bientôt dû » from this many days before its due date. */
export const CONTRACT_DUE_SOON_DAYS = 7;

export const CONTRACT_STATUSES = ["SIGNED", "DUE_SOON", "OVERDUE", "PENDING"] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
export const CONTRACT_STATUS_LABELS: Readonly<Record<ContractStatus, string>> = Object.freeze({
  SIGNED: "Signé",
  DUE_SOON: "À signer bientôt",
  OVERDUE: "En retard",
  PENDING: "À signer",
});

/**
 * The day a seeker's contract must be signed by: one month after the notification of their latest orientation (a new
 * orientation restarts it: only the latest counts); with no orientation notified yet, the transition deadline of the
 * agency's département (`contractDueDate`).
 */
export function seekerContractDueDate(args: { latestNotifiedOn: IsoDate | null; departement: string }): IsoDate {
  return contractDueDate({ notifiedOn: args.latestNotifiedOn, departement: args.departement });
}

/**
 * The latest notification day whose contract is due on or before `limit`: a contract notified on N is due by `limit`
 * exactly when N ≤ this day (adding a month never decreases a date, and clamps at the month's end: several
 * notifications may share a due date). Lets a query select the contracts due by a day without restating the rule.
 */
export function latestNotificationDueBy(limit: IsoDate): IsoDate {
  let day = addMonths(limit, -CONTRACT_MONTHS);
  while (compareDates(addMonths(addDays(day, 1), CONTRACT_MONTHS), limit) <= 0) day = addDays(day, 1);
  while (compareDates(addMonths(day, CONTRACT_MONTHS), limit) > 0) day = addDays(day, -1);
  return day;
}

export type ContractRevisionFacts = { orientationId: string; revision: number; signedOn: IsoDate | null };

export type ContractObligation = {
  status: ContractStatus;
  dueOn: IsoDate;
  /** Calendar days from `today` to the due date (negative once passed). */
  daysLeft: number;
  /** The latest signature (on or before `today`) of a revision of the current orientation; null when none. */
  signedOn: IsoDate | null;
};

/**
 * The status at `today` of a seeker's obligation to sign their contract:
 * - SIGNED: a revision of the current (latest) orientation is signed on or before `today` (a later draft revision does
 *   not undo it; a revision of an earlier orientation does not count: a new orientation asks for a new contract);
 * - otherwise OVERDUE after the due date (the due date itself is still in time), DUE_SOON when it is at most 7 days
 *   away, PENDING before.
 * `latestOrientation` is null for a person followed before the switch and not oriented yet (transition deadline).
 */
export function contractObligationStatus(args: {
  departement: string;
  latestOrientation: { id: string; notifiedOn: IsoDate | null } | null;
  revisions: readonly ContractRevisionFacts[];
  today: IsoDate;
}): ContractObligation {
  const { latestOrientation, today } = args;
  if (!isValidDate(today)) throw new Error(`Date invalide : « ${String(today)} ».`);
  const dueOn = seekerContractDueDate({ latestNotifiedOn: latestOrientation?.notifiedOn ?? null, departement: args.departement });
  const daysLeft = daysBetween(today, dueOn);
  let signedOn: IsoDate | null = null;
  if (latestOrientation !== null) {
    for (const revision of args.revisions) {
      if (revision.orientationId !== latestOrientation.id || revision.signedOn === null) continue;
      if (compareDates(revision.signedOn, today) > 0) continue;
      if (signedOn === null || compareDates(revision.signedOn, signedOn) > 0) signedOn = revision.signedOn;
    }
  }
  const status: ContractStatus = signedOn !== null ? "SIGNED" : daysLeft < 0 ? "OVERDUE" : daysLeft <= CONTRACT_DUE_SOON_DAYS ? "DUE_SOON" : "PENDING";
  return { status, dueOn, daysLeft, signedOn };
}

/** The signature date is allowed: not after `today`, not before the orientation's notification. */
export function checkSignatureDate(args: { signedOn: IsoDate; today: IsoDate; notifiedOn: IsoDate }): { ok: true } | { ok: false; message: string } {
  if (!isValidDate(args.signedOn)) return { ok: false, message: "Date de signature invalide : une date AAAA-MM-JJ est attendue." };
  if (compareDates(args.signedOn, args.today) > 0) return { ok: false, message: "La date de signature ne peut pas être dans le futur." };
  if (compareDates(args.signedOn, args.notifiedOn) < 0) {
    return { ok: false, message: "La date de signature ne peut pas précéder la notification de l'orientation à laquelle le contrat fait suite." };
  }
  return { ok: true };
}
