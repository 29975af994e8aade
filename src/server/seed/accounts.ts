/**
 * The demo personas: one login per role, all with the same password, printed by `npm run seed`.
 */
import type { Role } from "@/generated/prisma/client";

/** Password shared by every demo account (and by every generated staff account). */
export const DEMO_PASSWORD = "Modalis-demo-2026";

/** Codes of the two demo agencies, so tests and other modules can find them. */
export const DEMO_AGENCY_CODES = Object.freeze({
  rouen: "76-ROUEN-RG",
  reunion: "974-SAINT-DENIS",
} as const);

type DemoAgencyKey = keyof typeof DEMO_AGENCY_CODES;

export interface DemoAccount {
  role: Role;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  /** Short French label (role and name), printed by the seed and `npm start`. */
  label: string;
  /** One French sentence: what this persona sees in the demo. */
  description: string;
  /** Demo agency the account belongs to; null for the administrator. */
  agency: DemoAgencyKey | null;
}

/** The five personas of the demo (one per role). */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = Object.freeze([
  {
    role: "ADVISOR",
    email: "conseillere@modalis.demo",
    password: DEMO_PASSWORD,
    firstName: "Camille",
    lastName: "Durand",
    label: "Conseillère (Camille Durand)",
    description: "Conseillère de l'agence Rouen Rive Gauche : portefeuilles guidé et suivi, rendez-vous du jour, file d'attente de l'agence.",
    agency: "rouen",
  },
  {
    role: "MANAGER",
    email: "directrice@modalis.demo",
    password: DEMO_PASSWORD,
    firstName: "Hélène",
    lastName: "Lemarchand",
    label: "Directrice d'agence (Hélène Lemarchand)",
    description: "Directrice de l'agence Rouen Rive Gauche : charge des portefeuilles, plafonds, rééquilibrage, réglages.",
    agency: "rouen",
  },
  {
    role: "SEEKER",
    email: "demandeur@modalis.demo",
    password: DEMO_PASSWORD,
    firstName: "Julien",
    lastName: "Marchand",
    label: "Demandeur d'emploi (Julien Marchand)",
    description: "Demandeur d'emploi en accompagnement guidé avec Camille Durand : diagnostic, bilans du 4e et du 9e mois, prochains rendez-vous.",
    agency: "rouen",
  },
  {
    role: "SOCIAL_WORKER",
    email: "travailleur.social@modalis.demo",
    password: DEMO_PASSWORD,
    firstName: "Karim",
    lastName: "Benhamou",
    label: "Travailleur social (Karim Benhamou)",
    description: "Travailleur social du conseil départemental de la Seine-Maritime, en binôme avec les conseillers pour l'accompagnement global.",
    agency: "rouen",
  },
  {
    role: "ADMIN",
    email: "admin@modalis.demo",
    password: DEMO_PASSWORD,
    firstName: "Sacha",
    lastName: "Morel",
    label: "Administrateur (Sacha Morel)",
    description: "Administrateur : agences et comptes, sans agence de rattachement.",
    agency: null,
  },
] satisfies DemoAccount[]);

/** The demo account of a role (there is exactly one per role). */
export function demoAccount(role: Role): DemoAccount {
  const account = DEMO_ACCOUNTS.find((candidate) => candidate.role === role);
  if (account === undefined) throw new Error(`Aucun compte de démonstration pour le rôle ${role}.`);
  return account;
}
