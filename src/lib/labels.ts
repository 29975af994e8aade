import type { AppointmentKind, AppointmentStatus, Channel, Role } from "@/generated/prisma/enums";

export const APPOINTMENT_KIND_LABELS: Record<AppointmentKind, string> = {
  INITIAL: "Entretien de diagnostic",
  REVIEW_M4: "Bilan du 4e mois",
  REVIEW_M9: "Bilan du 9e mois",
  FOLLOW_UP: "Entretien de suivi",
  JOINT_GLOBAL: "Rendez-vous à trois avec le travailleur social",
  SOCIAL_REVIEW: "Point sur les freins sociaux (6 mois)",
};

export const CHANNEL_LABELS: Record<Channel, string> = {
  AGENCY: "À l'agence",
  PHONE: "Par téléphone",
  VIDEO: "En visio",
};

export const APPOINTMENT_STATUS_LABELS: Record<AppointmentStatus, string> = {
  SCHEDULED: "Prévu",
  DONE: "Honoré",
  NO_SHOW: "Absent·e",
  EXCUSED: "Excusé·e",
  CANCELLED: "Annulé",
};

export const ROLE_LABELS: Record<Role, string> = {
  ADVISOR: "Conseiller·ère",
  MANAGER: "Direction d'agence",
  SEEKER: "Demandeur·se d'emploi",
  SOCIAL_WORKER: "Travailleur·se social·e",
  ADMIN: "Administration",
};
