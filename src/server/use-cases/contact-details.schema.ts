/**
 * Input of the advisor's correction of a seeker's contact details (issue 16): the seeker, the e-mail and the phone as
 * the seeker gave them (empty: none), and the advisor's word that the seeker gave them.
 */
import { z } from "zod";

export const correctContactSchema = z.strictObject(
  {
    seekerId: z.uuid({ error: "Demandeur inconnu." }),
    email: z.string({ error: "Adresse e-mail : un texte est attendu." }).max(320, { error: "L'adresse e-mail est trop longue." }),
    phone: z.string({ error: "Numéro de téléphone : un texte est attendu." }).max(40, { error: "Le numéro de téléphone est trop long." }),
    seekerAgreed: z.literal(true, { error: "Cochez la case : ces coordonnées doivent venir de la personne elle-même." }),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? `Coordonnées : champ(s) non autorisé(s) ${(issue.keys ?? []).map((k) => `« ${k} »`).join(", ")}.` : undefined,
  },
);
