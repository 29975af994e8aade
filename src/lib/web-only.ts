/**
 * Who may be followed 100 % web (DOMAIN.md): SUIVI seekers who volunteer and are digitally autonomous (`digital` = 0
 * in their latest diagnostic).
 */
import { isValidDiagnosticAnswers } from "@/domain";

/** The advisor may switch it on when the latest diagnostic says the seeker volunteered and is autonomous. */
export function webOnlyEligible(modality: string | null, latestAnswers: unknown): boolean {
  if (modality !== "SUIVI" || !isValidDiagnosticAnswers(latestAnswers)) return false;
  return latestAnswers.webVolunteer && latestAnswers.digital === 0;
}

/**
 * The seeker may switch it on themself when autonomous: switching it on IS the volunteering, so what they answered
 * about volunteering during the interview does not matter.
 */
export function seekerMayChooseWebOnly(modality: string | null, latestAnswers: unknown): boolean {
  return modality === "SUIVI" && isValidDiagnosticAnswers(latestAnswers) && latestAnswers.digital === 0;
}

/** Why the seeker may not switch it on, in plain French. */
export function webOnlyRefusal(modality: string | null): string {
  return modality === "SUIVI"
    ? "Le suivi 100 % web est possible si vous utilisez internet seul·e. Ce n'est pas ce qui a été noté lors de votre entretien : parlez-en à votre conseiller·ère."
    : "Le suivi 100 % web est possible seulement avec l'accompagnement « suivi et appui à la recherche d'emploi ». Parlez-en à votre conseiller·ère.";
}
