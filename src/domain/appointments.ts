/**
 * Appointment kinds, statuses, outcome transitions and the no-show indicator (docs/rules.md#appointment-outcomes,
 * docs/rules.md#indicators).
 */

/** What an appointment is for. */
export const APPOINTMENT_KINDS = Object.freeze([
  "INITIAL",
  "REVIEW_M4",
  "REVIEW_M9",
  "FOLLOW_UP",
  "JOINT_GLOBAL",
  "SOCIAL_REVIEW",
  "JOINT_DIAGNOSTIC",
] as const);
/** An appointment kind. */
export type AppointmentKind = (typeof APPOINTMENT_KINDS)[number];

/** French labels of the appointment kinds. */
export const APPOINTMENT_KIND_LABELS: Readonly<Record<AppointmentKind, string>> = Object.freeze({
  INITIAL: "Entretien de diagnostic",
  REVIEW_M4: "Bilan du 4e mois",
  REVIEW_M9: "Bilan du 9e mois",
  FOLLOW_UP: "Entretien de suivi",
  JOINT_GLOBAL: "Entretien tripartite avec le travailleur social",
  SOCIAL_REVIEW: "Bilan des freins sociaux (6 mois)",
  JOINT_DIAGNOSTIC: "Diagnostic conjoint",
});

/** Appointment statuses: SCHEDULED, then one outcome. */
export const APPOINTMENT_STATUSES = Object.freeze(["SCHEDULED", "DONE", "NO_SHOW", "EXCUSED", "CANCELLED"] as const);
/** An appointment status. */
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** French labels of the appointment statuses. */
export const APPOINTMENT_STATUS_LABELS: Readonly<Record<AppointmentStatus, string>> = Object.freeze({
  SCHEDULED: "Planifié",
  DONE: "Honoré",
  NO_SHOW: "Absent",
  EXCUSED: "Absence excusée",
  CANCELLED: "Annulé",
});

/** True when an appointment may go from `from` to `to`: only SCHEDULED → DONE | NO_SHOW | EXCUSED | CANCELLED. */
export function canTransitionAppointment(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return from === "SCHEDULED" && to !== "SCHEDULED" && (APPOINTMENT_STATUSES as readonly string[]).includes(to);
}

/** The no-show rate looks back this many days (24-hour days) from now, now excluded. */
export const NO_SHOW_LOOKBACK_DAYS = 90;

/** No-show rate (0–1) among appointments with an outcome (DONE, NO_SHOW or EXCUSED); null when there are none. */
export function noShowRate(counts: { done: number; noShow: number; excused: number }): number | null {
  const total = counts.done + counts.noShow + counts.excused;
  return total > 0 ? counts.noShow / total : null;
}
