/**
 * A seeker's requests on their appointments: move it (one to three preferred slots), or say they cannot come
 * (docs/rules.md#seekers-requests-on-appointments). Pure: the slots offered come from the rule for moving an
 * appointment (`slotChoices`, `slotRefusal`), narrowed for the seeker to a review's window.
 */
import type { AppointmentKind } from "./appointments";
import { slotChoices, slotRefusal, windowOfKind, type SlotChoiceInput, type SlotChoices } from "./scheduling";
import { localDateOf, timeZoneOf } from "./timezones";

export const APPOINTMENT_REQUEST_KINDS = Object.freeze(["MOVE", "ABSENCE"] as const);
export type AppointmentRequestKind = (typeof APPOINTMENT_REQUEST_KINDS)[number];

export const APPOINTMENT_REQUEST_STATUSES = Object.freeze(["PENDING", "PROPOSED", "ACCEPTED", "DECLINED", "ACKNOWLEDGED", "WITHDRAWN"] as const);
export type AppointmentRequestStatus = (typeof APPOINTMENT_REQUEST_STATUSES)[number];

/** Requests still waiting for an answer: for the advisor (PENDING) or for the seeker (PROPOSED). */
export const OPEN_REQUEST_STATUSES: readonly AppointmentRequestStatus[] = Object.freeze(["PENDING", "PROPOSED"]);

/** The bounds of a request: its reason, its preferred slots, a decline's reason, and the seeker's open requests. */
export const APPOINTMENT_REQUEST_LIMITS = Object.freeze({
  reasonMin: 3,
  reasonMax: 500,
  slotsMin: 1,
  slotsMax: 3,
  answerNoteMax: 300,
  /** At most this many open requests for one seeker, all appointments together. */
  openPerSeeker: 3,
});

/** The kinds a seeker may only move, never skip: the mandatory M4 and M9 reviews and the joint diagnostic. */
export function mayReportAbsence(kind: AppointmentKind): boolean {
  return kind !== "REVIEW_M4" && kind !== "REVIEW_M9" && kind !== "JOINT_DIAGNOSTIC";
}

export const ABSENCE_REFUSED_FOR_REVIEW =
  "Ce bilan est obligatoire : vous ne pouvez pas l'annuler. Vous pouvez demander à le déplacer à une autre date de sa période.";

/** The slots a seeker may prefer: those the rule for moving allows, and for a review only inside its window. */
export function seekerSlotChoices(input: SlotChoiceInput, options: { limit?: number; after?: string } = {}): SlotChoices {
  const choices = slotChoices(input, options);
  return { ...choices, slots: choices.slots.filter((slot) => !slot.overdue) };
}

/** Why a slot the seeker names is not allowed (French), or null: the rule for moving, and a review's window. */
export function seekerSlotRefusal(input: SlotChoiceInput, startsAt: string): string | null {
  const refusal = slotRefusal(input, startsAt);
  if (refusal !== null) return refusal;
  const window = input.registrationDate ? windowOfKind(input.kind, input.registrationDate) : null;
  if (window !== null) {
    const date = localDateOf(new Date(Date.parse(startsAt)).toISOString(), timeZoneOf(input.departement));
    if (date < window.from || date > window.to) return "Ce bilan ne peut être déplacé qu'à une date de sa période.";
  }
  return null;
}

/** The seeker's words for a request's state. */
export const APPOINTMENT_REQUEST_STATUS_TEXTS: Readonly<Record<AppointmentRequestStatus, string>> = Object.freeze({
  PENDING: "Envoyée, en attente de réponse",
  PROPOSED: "Votre conseiller·ère vous propose un autre horaire",
  ACCEPTED: "Acceptée",
  DECLINED: "Refusée",
  ACKNOWLEDGED: "Bien reçue : votre absence est excusée",
  WITHDRAWN: "Remplacée ou sans objet",
});

export const APPOINTMENT_REQUEST_KIND_LABELS: Readonly<Record<AppointmentRequestKind, string>> = Object.freeze({
  MOVE: "Demande de déplacement",
  ABSENCE: "Absence prévue",
});
