import type { Channel, Role } from "@/generated/prisma/enums";

export { APPOINTMENT_KIND_LABELS, APPOINTMENT_STATUS_LABELS } from "@/domain";

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
