/**
 * The seeker's words: short sentences, no jargon. Used by `/mon-espace`, the calendar files and the data export.
 * Staff-facing labels stay in `src/lib/labels.ts` and `src/domain`.
 */
import { isOverseas, MODALITY_LABELS, territoryOf, type AppointmentKind, type Modality } from "@/domain";
import type { AppointmentStatus, Channel } from "@/generated/prisma/enums";

/** The time zone in words, for agencies overseas (« heure de La Réunion »); null in metropolitan France. */
export function localTimeWords(departement: string): string | null {
  if (!isOverseas(departement)) return null;
  switch (territoryOf(departement)) {
    case "971":
      return "heure de la Guadeloupe";
    case "972":
      return "heure de la Martinique";
    case "973":
      return "heure de la Guyane";
    case "974":
      return "heure de La Réunion";
    case "976":
      return "heure de Mayotte";
    default:
      return null;
  }
}

const calendarDate = new Intl.DateTimeFormat("fr-FR", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });

/** « 26 mai 2026 » for a `YYYY-MM-DD` calendar date. */
export function formatCalendarDate(date: string): string {
  return calendarDate.format(new Date(`${date}T12:00:00Z`));
}

/** What an appointment is for: a short title and one plain sentence. */
export const APPOINTMENT_PURPOSE: Readonly<Record<AppointmentKind, { title: string; explanation: string }>> = {
  INITIAL: {
    title: "Premier entretien",
    explanation: "Vous faites connaissance avec votre conseiller·ère. Ensemble, vous choisissez votre accompagnement.",
  },
  REVIEW_M4: {
    title: "Bilan du 4e mois",
    explanation: "Vous faites le point sur votre recherche d'emploi, 4 mois après votre inscription.",
  },
  REVIEW_M9: {
    title: "Bilan du 9e mois",
    explanation: "Vous faites le point sur votre recherche d'emploi, 9 mois après votre inscription.",
  },
  FOLLOW_UP: {
    title: "Rendez-vous de suivi",
    explanation: "Vous parlez de vos démarches et de la suite avec votre conseiller·ère.",
  },
  JOINT_GLOBAL: {
    title: "Rendez-vous à trois",
    explanation: "Vous rencontrez ensemble votre conseiller·ère et votre travailleur·se social·e.",
  },
  SOCIAL_REVIEW: {
    title: "Bilan de votre situation (6 mois)",
    explanation: "Vous faites le point sur les difficultés de la vie quotidienne : logement, santé, argent, transport, famille.",
  },
  JOINT_DIAGNOSTIC: {
    title: "Bilan avec votre référent et le département",
    explanation: "Vous faites le point sur votre parcours et votre contrat d'engagement avec votre référent et le département.",
  },
};

/** Where the appointment takes place, in one line. */
export function placeText(channel: Channel, agency: { name: string; address: string }): string {
  switch (channel) {
    case "AGENCY":
      return `À l'agence France Travail ${agency.name}, ${agency.address}`;
    case "PHONE":
      return "Par téléphone : votre conseiller·ère vous appelle.";
    case "VIDEO":
      return "En visio : un appel vidéo sur internet.";
  }
}

/** The calendar LOCATION: the agency's address, or « Par téléphone » / « En visio ». */
export function calendarLocation(channel: Channel, agency: { name: string; address: string }): string {
  switch (channel) {
    case "AGENCY":
      return `Agence France Travail ${agency.name}, ${agency.address}`;
    case "PHONE":
      return "Par téléphone";
    case "VIDEO":
      return "En visio";
  }
}

/** How an appointment ended, for the seeker. `replaced`: cancelled because it was moved to another date. */
export function outcomeText(status: AppointmentStatus, replaced: boolean): string {
  switch (status) {
    case "DONE":
      return "Honoré";
    case "NO_SHOW":
      return "Absent·e";
    case "EXCUSED":
      return "Excusé·e";
    case "CANCELLED":
      return replaced ? "Déplacé à une autre date" : "Annulé";
    case "SCHEDULED":
      return "Résultat pas encore noté";
  }
}

/** The modality in plain words: its name and what it means for meetings and contacts. */
export function modalityExplanation(modality: Modality | null, agreedRhythmMonths: number | null): { title: string; lines: string[] } {
  switch (modality) {
    case null:
      return {
        title: "En attente de votre premier entretien",
        lines: [
          "Votre premier entretien n'a pas encore eu lieu.",
          "Pendant cet entretien, vous choisirez avec votre conseiller·ère l'accompagnement qui vous convient.",
        ],
      };
    case "SUIVI":
      return {
        title: MODALITY_LABELS.SUIVI,
        lines: [
          "Vous cherchez un emploi de façon autonome.",
          "Vous avez 3 rendez-vous : à votre inscription, au 4e mois et au 9e mois.",
          "Entre ces rendez-vous, vous contactez votre conseiller·ère quand vous en avez besoin : par message, par e-mail ou par téléphone.",
        ],
      };
    case "GUIDE": {
      const months = agreedRhythmMonths ?? 2;
      return {
        title: MODALITY_LABELS.GUIDE,
        lines: [
          "Votre conseiller·ère vous aide régulièrement dans votre recherche.",
          `Vous avez un contact ${months === 1 ? "chaque mois" : `tous les ${months} mois`} : c'est le rythme choisi avec votre conseiller·ère.`,
          "Vous avez aussi un bilan au 4e mois et au 9e mois.",
          "Besoin d'aide entre deux rendez-vous ? Contactez votre conseiller·ère.",
        ],
      };
    }
    case "RENFORCE":
      return {
        title: MODALITY_LABELS.RENFORCE,
        lines: [
          "Votre conseiller·ère vous suit de près.",
          "Vous avez au moins un contact chaque mois : un rendez-vous ou un appel.",
          "Votre conseiller·ère suit moins de personnes, pour avoir plus de temps pour vous.",
        ],
      };
    case "GLOBAL":
      return {
        title: MODALITY_LABELS.GLOBAL,
        lines: [
          "Deux personnes vous aident : votre conseiller·ère France Travail et un·e travailleur·se social·e du département.",
          "Ils travaillent ensemble. Le travailleur social vous aide pour le logement, la santé, l'argent, le transport ou la famille.",
          "Le premier mois, vous avez un rendez-vous à trois. Ensuite, vous avez un contact chaque mois.",
        ],
      };
    case "INTENSIF":
      return {
        title: MODALITY_LABELS.INTENSIF,
        lines: [
          "Votre conseiller·ère vous suit de près, pendant une durée limitée.",
          "Vous avez au moins deux contacts chaque mois : un rendez-vous ou un appel.",
          "Votre conseiller·ère suit 50 personnes au plus, pour avoir du temps pour vous.",
        ],
      };
    case "AGILE": {
      const months = agreedRhythmMonths ?? 2;
      return {
        title: MODALITY_LABELS.AGILE,
        lines: [
          "Votre conseiller·ère vous aide selon vos besoins.",
          `Vous avez un contact ${months === 1 ? "chaque mois" : `tous les ${months} mois`} : c'est le rythme choisi avec votre conseiller·ère.`,
          "Vous avez aussi un bilan au 4e mois et au 9e mois.",
        ],
      };
    }
    case "TANDEM":
      return {
        title: MODALITY_LABELS.TANDEM,
        lines: [
          "Deux personnes vous aident : votre conseiller·ère France Travail et un·e travailleur·se social·e du département.",
          "Ils travaillent ensemble, pour votre emploi et pour vos difficultés (logement, santé, argent, transport, famille).",
          "Le premier mois, vous avez un rendez-vous à trois. Ensuite, vous avez un contact chaque mois.",
        ],
      };
  }
}

export const WEB_ONLY_TEXTS = {
  what: "Avec le suivi 100 % web, vous n'avez plus besoin de venir à l'agence. Vous échangez avec votre conseiller·ère par e-mail, par message et par téléphone.",
  reviews: "Vos bilans du 4e et du 9e mois se font par téléphone ou en visio.",
  stop: "Vous pouvez arrêter quand vous voulez. Vos rendez-vous peuvent alors de nouveau avoir lieu à l'agence. Vous gardez le même conseiller·ère.",
  notPossible: "Le suivi 100 % web est possible si vous utilisez internet seul·e (e-mail, démarches en ligne). Parlez-en à votre conseiller·ère.",
  on: "Vous êtes suivi·e 100 % web.",
  off: "Vous n'êtes pas suivi·e 100 % web.",
  confirmedOn: "C'est fait : vous êtes maintenant suivi·e 100 % web.",
  confirmedOff: "C'est fait : vous n'êtes plus suivi·e 100 % web.",
} as const;

/** French description of the journal's actions, for the seeker's data export. */
export const AUDIT_ACTION_TEXTS: Readonly<Record<string, string>> = {
  "diagnostic.recorded": "Diagnostic enregistré",
  "diagnostic.confirmed": "Diagnostic enregistré",
  "seeker.barriers_viewed": "Consultation des difficultés notées lors du diagnostic",
  "seeker.modality_changed": "Changement d'accompagnement",
  "seeker.transferred": "Changement de conseiller·ère",
  "seeker.web_only_set": "Suivi 100 % web modifié par votre conseiller·ère",
  "seeker.webOnly.changed": "Suivi 100 % web modifié par vous",
  "seeker.calendarFeed.created": "Lien d'agenda créé",
  "seeker.calendarFeed.revoked": "Lien d'agenda supprimé",
  "seeker.contact.changed": "Coordonnées modifiées par vous",
  "seeker.contact.corrected": "Coordonnées corrigées par votre conseiller·ère, avec votre accord",
  "seeker.messagePreferences.changed": "Choix des messages (SMS, messages facultatifs) modifiés par vous",
  "seeker.data.exported": "Téléchargement de vos données",
  "appointment.outcome_recorded": "Résultat d'un rendez-vous noté",
  "appointment.cancelled": "Rendez-vous annulé",
  "appointment.rescheduled": "Rendez-vous déplacé",
  "appointment.booked": "Rendez-vous pris",
  "tandem.file_viewed": "Consultation de votre dossier par votre travailleur·se social·e",
  "tandem.note_added": "Note ajoutée par votre conseiller·ère ou votre travailleur·se social·e",
  "conversation.message_sent": "Message écrit par votre conseiller·ère ou le travailleur social",
  "conversation.opened": "Lecture de vos messages par votre conseiller·ère ou le travailleur social",
};
