import type { OutboxChannel, OutboxKind, OutboxStatus } from "@/generated/prisma/enums";

/** The messages to seekers in words: what a message was about, by which channel, and where it is. */

export const MESSAGE_KIND_LABELS: Record<OutboxKind, string> = {
  CONVOCATION: "Convocation à un rendez-vous",
  REMINDER: "Rappel de rendez-vous",
  CHANGE: "Changement de rendez-vous",
  DIAGNOSTIC_RESULT: "Résultat de votre entretien",
  NEW_MESSAGE: "Avis de nouveau message",
  REQUEST_ANSWER: "Réponse à votre demande sur un rendez-vous",
};

export const MESSAGE_CHANNEL_LABELS: Record<OutboxChannel, string> = {
  EMAIL: "E-mail",
  SMS: "SMS",
};

/** For the seeker, in plain words. */
export const MESSAGE_STATUS_LABELS: Record<OutboxStatus, string> = {
  QUEUED: "en attente d'envoi",
  SENT: "envoyé",
  DELIVERED: "reçu",
  FAILED: "échec",
  CANCELLED: "annulé",
};

/** For the staff: the same states, with what they mean for the file. */
export const MESSAGE_STATUS_STAFF_LABELS: Record<OutboxStatus, string> = {
  QUEUED: "En attente d'envoi",
  SENT: "Envoyé",
  DELIVERED: "Reçu (accusé de réception)",
  FAILED: "Échec (abandonné)",
  CANCELLED: "Annulé (plus d'actualité)",
};
