/**
 * Inputs of the seeker's own actions on `/mon-espace` (issue #6). The seeker acts only on their own record, so no
 * input names a seeker: a forged `seekerId` (or any other key) is refused, never ignored.
 */
import { z } from "zod";

const strictError = (what: string) => (issue: { code: string; keys?: string[] }) =>
  issue.code === "unrecognized_keys"
    ? `${what} : champ(s) non autorisé(s) ${(issue.keys ?? []).map((k) => `« ${k} »`).join(", ")}.`
    : `${what} : un objet est attendu.`;

export const setMyWebOnlySchema = z.strictObject(
  { webOnly: z.boolean({ error: "Choix 100 % web : oui ou non attendu." }) },
  { error: strictError("Suivi 100 % web") },
);

export const calendarFeedSchema = z.strictObject({}, { error: strictError("Lien d'agenda") });
