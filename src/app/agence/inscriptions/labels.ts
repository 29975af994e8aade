/** French words of the registration imports' pages. */
export const STATUS_LABELS = {
  PREVIEWING: "Lecture du fichier en cours",
  PREVIEWED: "Aperçu prêt : à confirmer",
  IMPORTING: "Import en cours",
  IMPORTED: "Importé",
  FAILED: "Échec : rien n'a été importé",
  STALE: "Aperçu périmé : rien n'a été importé",
} as const;

export const OUTCOME_HEADINGS = {
  NEW: "Nouveaux",
  UPDATED: "Mis à jour",
  UNCHANGED: "Inchangés",
  TRANSFER: "Transferts d'agence",
  REFUSED: "Refusés",
} as const;

export const OUTCOME_PARAMS = { nouveau: "NEW", "mis-a-jour": "UPDATED", inchange: "UNCHANGED", transfert: "TRANSFER", refuse: "REFUSED" } as const;
