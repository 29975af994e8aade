/**
 * Who may be followed 100 % web, from the latest diagnostic's answers (the rule itself is the domain's
 * `isWebOnlyEligible`): what the seeker's file and the seeker's own space show.
 */
import { isValidDiagnosticAnswers, isWebOnlyEligible, type Modality } from "@/domain";

/** The advisor may switch it on when the latest diagnostic says the seeker volunteered and is autonomous. */
export function webOnlyEligible(modality: Modality | null, latestAnswers: unknown): boolean {
  return isValidDiagnosticAnswers(latestAnswers) && isWebOnlyEligible(modality, latestAnswers);
}

/**
 * The seeker may switch it on themself when autonomous: switching it on IS the volunteering, so what they answered
 * about volunteering during the interview does not matter.
 */
export function seekerMayChooseWebOnly(modality: Modality | null, latestAnswers: unknown): boolean {
  return isValidDiagnosticAnswers(latestAnswers) && isWebOnlyEligible(modality, { digital: latestAnswers.digital, webVolunteer: true });
}

/** Why the seeker may not switch it on, in plain French. */
export function webOnlyRefusal(modality: Modality | null): string {
  return modality === "SUIVI"
    ? "Le suivi 100 % web est possible si vous utilisez internet seul·e. Ce n'est pas ce qui a été noté lors de votre entretien : parlez-en à votre conseiller·ère."
    : "Le suivi 100 % web est possible seulement avec l'accompagnement « suivi et appui à la recherche d'emploi ». Parlez-en à votre conseiller·ère.";
}
