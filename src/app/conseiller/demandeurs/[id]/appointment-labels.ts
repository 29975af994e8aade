/**
 * The accessible names of an appointment's buttons on the seeker's file, and the question asked before cancelling.
 * `label` names the appointment (`appointmentLabel`): its date and kind, « mardi 14 avril 2026 à 13 h 30 (Bilan du 4e mois) ».
 */

/** How the buttons name an appointment: its date and time, then its kind in brackets. */
export function appointmentLabel(when: string, kindLabel: string): string {
  return `${when} (${kindLabel})`;
}

/** « Reporter le rendez-vous du … ». */
export function rescheduleButtonLabel(label: string): string {
  return `Reporter le rendez-vous du ${label}`;
}

/** « Annuler le rendez-vous du … ». */
export function cancelButtonLabel(label: string): string {
  return `Annuler le rendez-vous du ${label}`;
}

/** « Confirmer l'annulation du rendez-vous du … ? », asked inline before cancelling. */
export function cancelQuestion(label: string): string {
  return `Confirmer l'annulation du rendez-vous du ${label} ?`;
}
