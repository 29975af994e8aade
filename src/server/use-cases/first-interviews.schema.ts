/** Input of « planifier les premiers entretiens » (issue 15): the agency, and whether to preview only. Strict, French messages. */
import { z } from "zod";

export const bookFirstInterviewsSchema = z.strictObject(
  {
    agencyId: z.uuid({ error: "Agence : identifiant invalide." }),
    dryRun: z.boolean({ error: "Aperçu : vrai ou faux attendu." }).optional(),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? `Champ(s) inconnu(s) ${(issue.keys ?? []).map((k) => `« ${k} »`).join(", ")} refusé(s).` : "Un objet est attendu.",
  },
);

export type BookFirstInterviewsInput = z.input<typeof bookFirstInterviewsSchema>;
