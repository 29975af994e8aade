/**
 * The joint diagnostic (France Travail and the référent) of an RSA recipient in the social parcours, under the 2025
 * offer: when it applies, its window and where a seeker stands on it — booked and tracked like the M4/M9 reviews
 * (docs/rules.md#joint-diagnostic).
 */
import type { AppointmentStatus } from "./appointments";
import type { DiagnosticAnswers } from "./diagnostic";
import { compareDates, type IsoDate } from "./dates";
import { isJointDiagnosticExtended, jointDiagnosticDueDate } from "./offer2025";
import type { Parcours } from "./offer2025Labels";
import type { DateWindow } from "./reviews";

/** Where a seeker stands on their joint diagnostic. */
export type JointDiagnosticState = "NOT_DUE" | "TO_BOOK" | "BOOKED" | "DONE" | "LATE";

export const JOINT_DIAGNOSTIC_STATES: readonly JointDiagnosticState[] = Object.freeze(["NOT_DUE", "TO_BOOK", "BOOKED", "DONE", "LATE"] as const);

/** French labels of the states, as the lists and the file show them. */
export const JOINT_DIAGNOSTIC_STATE_LABELS: Readonly<Record<JointDiagnosticState, string>> = Object.freeze({
  NOT_DUE: "Non dû",
  TO_BOOK: "À planifier",
  BOOKED: "Planifié",
  DONE: "Fait",
  LATE: "En retard",
});

/** The latest orientation as stored: the parcours decided, the situation ({ rsa, … }) and the diagnostic answers. */
export interface JointDiagnosticOrientation {
  parcours: Parcours;
  situation: unknown;
  answers: unknown;
}

/** The joint diagnostic applies when the latest orientation is the social parcours of an RSA recipient. */
export function jointDiagnosticApplies(orientation: Pick<JointDiagnosticOrientation, "parcours" | "situation"> | null): boolean {
  if (orientation === null || orientation.parcours !== "SOCIAL") return false;
  const situation = orientation.situation;
  return typeof situation === "object" && situation !== null && (situation as { rsa?: unknown }).rsa === true;
}

/** Why a seeker has no joint diagnostic to book, in French; null when it applies and the contract is signed. */
export function jointDiagnosticRefusal(
  orientation: Pick<JointDiagnosticOrientation, "parcours" | "situation"> | null,
  contractSignedOn: IsoDate | null,
): string | null {
  if (!jointDiagnosticApplies(orientation)) {
    return "Le diagnostic conjoint ne concerne que les bénéficiaires du RSA orientés vers le parcours social.";
  }
  if (contractSignedOn === null) return "Le diagnostic conjoint se planifie après la signature du contrat d'engagement : aucun contrat signé.";
  return null;
}

/** A JOINT_DIAGNOSTIC appointment as recorded: its status and its local date. */
export interface RecordedJointDiagnostic {
  status: AppointmentStatus;
  date: IsoDate;
}

export interface JointDiagnosticInput {
  /** The seeker's latest orientation, or null. */
  orientation: JointDiagnosticOrientation | null;
  /** The signature date of the contract's latest signed revision (« signé ou révisé le »), or null. */
  contractSignedOn: IsoDate | null;
  /** Today, agency-local. */
  today: IsoDate;
  /** The seeker's JOINT_DIAGNOSTIC appointments. */
  appointments: readonly RecordedJointDiagnostic[];
}

export interface JointDiagnosticTracking {
  state: JointDiagnosticState;
  /** From the contract's latest signature to the due date (both inclusive); null when NOT_DUE. */
  window: DateWindow | null;
  /** The booked (SCHEDULED) appointment's date for this contract, if any. */
  bookedOn: IsoDate | null;
}

/**
 * Where a seeker stands on the joint diagnostic: NOT_DUE unless it applies and the contract is signed; then, counting
 * only the appointments on or after the latest signature (a new signed revision asks for a new one, due later): DONE
 * once one is held; LATE past the due date; BOOKED when one is scheduled; otherwise TO_BOOK.
 */
export function jointDiagnosticTracking(input: JointDiagnosticInput): JointDiagnosticTracking {
  const { orientation, contractSignedOn, today } = input;
  if (orientation === null || contractSignedOn === null || !jointDiagnosticApplies(orientation)) return { state: "NOT_DUE", window: null, bookedOn: null };
  const dueDate = jointDiagnosticDueDate({ contractSignedOn, extended: isJointDiagnosticExtended(orientation.answers as DiagnosticAnswers) });
  const window = { from: contractSignedOn, to: dueDate };
  const current = input.appointments.filter((appointment) => compareDates(appointment.date, contractSignedOn) >= 0);
  const booked = current.filter((appointment) => appointment.status === "SCHEDULED").sort((a, b) => compareDates(a.date, b.date))[0];
  const bookedOn = booked?.date ?? null;
  if (current.some((appointment) => appointment.status === "DONE")) return { state: "DONE", window, bookedOn: null };
  if (compareDates(today, dueDate) > 0) return { state: "LATE", window, bookedOn };
  return { state: bookedOn === null ? "TO_BOOK" : "BOOKED", window, bookedOn };
}
