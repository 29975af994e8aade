/**
 * Inputs of a file's life cycle by hand (issue 17, docs/rules.md#exits-reopening-and-transfers): closing a file with
 * its exit reason and day, reopening it, transferring it to another agency (chosen, or found from a new address in
 * its territory) once the user confirmed what a transfer does. Strict, French messages.
 */
import { z } from "zod";
import { isValidDate } from "@/domain";

const EXIT_REASON_VALUES = [
  "REPRISE_EMPLOI",
  "ENTREE_FORMATION",
  "RADIATION",
  "CHANGEMENT_SITUATION",
  "DEMENAGEMENT_HORS_TERRITOIRE",
  "FIN_INSCRIPTION",
] as const;

const unknownKeys = (label: string) => ({
  error: (issue: { code: string; keys?: string[] }) =>
    issue.code === "unrecognized_keys" ? `${label} : champ(s) non autorisé(s) ${(issue.keys ?? []).map((k) => `« ${k} »`).join(", ")}.` : undefined,
});

const seekerId = z.uuid({ error: "Demandeur inconnu." });
export const closeSeekerSchema = z.strictObject(
  {
    seekerId,
    reason: z.enum(EXIT_REASON_VALUES, { error: "Choisissez le motif de sortie." }),
    /** The day of the exit (YYYY-MM-DD); today by default. */
    date: z
      .string({ error: "Date de sortie : une date est attendue." })
      .refine((value) => isValidDate(value), { error: "Date de sortie invalide." })
      .optional(),
  },
  unknownKeys("Sortie"),
);
export type CloseSeekerInput = z.output<typeof closeSeekerSchema>;

export const reopenSeekerSchema = z.strictObject({ seekerId }, unknownKeys("Réouverture"));
export type ReopenSeekerInput = z.output<typeof reopenSeekerSchema>;

export const transferSeekerSchema = z
  .strictObject(
    {
      seekerId,
      /** The receiving agency, chosen; else found from the new address's postal code and commune. */
      toAgencyId: z.uuid({ error: "Agence d'accueil inconnue." }).optional(),
      address: z
        .strictObject(
          {
            address: z.string({ error: "Adresse : un texte est attendu." }).trim().max(200, { error: "Adresse : 200 caractères au plus." }),
            postalCode: z
              .string({ error: "Code postal : un texte est attendu." })
              .trim()
              .regex(/^\d{5}$/, { error: "Code postal : 5 chiffres sont attendus." }),
            commune: z
              .string({ error: "Commune : un texte est attendu." })
              .trim()
              .min(1, { error: "Commune : le nom est attendu." })
              .max(100, { error: "Commune : 100 caractères au plus." }),
          },
          unknownKeys("Adresse"),
        )
        .optional(),
      confirmed: z.literal(true, { error: "Confirmez le transfert : cochez la case après avoir lu ce qu'il entraîne." }),
    },
    unknownKeys("Transfert"),
  )
  .refine((input) => input.toAgencyId !== undefined || input.address !== undefined, {
    error: "Choisissez l'agence d'accueil ou saisissez la nouvelle adresse.",
  });
export type TransferSeekerInput = z.output<typeof transferSeekerSchema>;
