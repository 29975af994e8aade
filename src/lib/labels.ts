import type { Channel, ExitReason, LifeEventKind, Role } from "@/generated/prisma/enums";

// From the defining module, never the "@/domain" barrel: AppShell and the root error.tsx (a client component on every
// page) import this module, and the barrel carries zod (src/domain/diagnostic.ts) into the browser (bench measure 5).
export { APPOINTMENT_KIND_LABELS, APPOINTMENT_STATUS_LABELS } from "@/domain/appointments";

export const CHANNEL_LABELS: Record<Channel, string> = {
  AGENCY: "À l'agence",
  PHONE: "Par téléphone",
  VIDEO: "En visio",
};

export const ROLE_LABELS: Record<Role, string> = {
  ADVISOR: "Conseiller·ère",
  MANAGER: "Direction d'agence",
  SEEKER: "Demandeur·se d'emploi",
  SOCIAL_WORKER: "Travailleur·se social·e",
  ADMIN: "Administration",
};

/** Why a file closes (« motif de sortie »), in the order the form offers them. */
export const EXIT_REASON_LABELS: Record<ExitReason, string> = {
  REPRISE_EMPLOI: "Reprise d'emploi",
  ENTREE_FORMATION: "Entrée en formation",
  RADIATION: "Radiation",
  CHANGEMENT_SITUATION: "Changement de situation",
  DEMENAGEMENT_HORS_TERRITOIRE: "Déménagement hors territoire",
  FIN_INSCRIPTION: "Fin d'inscription",
};

export const EXIT_REASONS = Object.keys(EXIT_REASON_LABELS) as ExitReason[];

/** A file's life events, as its history shows them. */
export const LIFE_EVENT_LABELS: Record<LifeEventKind, string> = {
  REGISTRATION: "Inscription",
  EXIT: "Sortie",
  REOPENING: "Réouverture du dossier",
  TRANSFER_IN: "Arrivée d'une autre agence",
  TRANSFER_OUT: "Transfert vers une autre agence",
};
