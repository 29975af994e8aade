/** Inputs of « importer des inscriptions » (issue 17). Strict, French messages. */
import { z } from "zod";

const strict = {
  error: (issue: { code: string; keys?: string[] }) =>
    issue.code === "unrecognized_keys" ? `Champ(s) inconnu(s) ${(issue.keys ?? []).map((k) => `« ${k} »`).join(", ")} refusé(s).` : "Un objet est attendu.",
};

export const startImportSchema = z.strictObject(
  {
    /** The agency (the administrator's choice; a manager's own is taken anyway); absent or null: every agency. */
    agencyId: z.uuid({ error: "Agence : identifiant invalide." }).nullish(),
    fileName: z
      .string({ error: "Nom du fichier attendu." })
      .trim()
      .min(1, { error: "Nom du fichier attendu." })
      .max(255, { error: "Nom du fichier trop long." })
      .regex(/\.(csv|txt|xlsx)$/i, { error: "Le fichier doit être un CSV ou un classeur Excel (.xlsx)." }),
  },
  strict,
);

export const confirmImportSchema = z.strictObject(
  {
    importId: z.uuid({ error: "Import : identifiant invalide." }),
    sha256: z.string({ error: "Empreinte du fichier attendue." }).regex(/^[0-9a-fA-F]{64}$/, { error: "Empreinte du fichier invalide." }),
  },
  strict,
);

export type StartImportInput = z.input<typeof startImportSchema>;
export type ConfirmImportInput = z.input<typeof confirmImportSchema>;
