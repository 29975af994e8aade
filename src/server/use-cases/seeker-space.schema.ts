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

/** The seeker's e-mail and mobile, as typed: checked (and the number read) by the use case; empty means none. */
export const updateMyContactSchema = z.strictObject(
  {
    email: z.string({ error: "Adresse e-mail : un texte est attendu." }).max(320, { error: "L'adresse e-mail est trop longue." }),
    phone: z.string({ error: "Numéro de téléphone : un texte est attendu." }).max(40, { error: "Le numéro de téléphone est trop long." }),
  },
  { error: strictError("Mes coordonnées") },
);

/** Consent to SMS, and the opt-out of optional messages. */
export const setMyMessagePreferencesSchema = z.strictObject(
  {
    smsConsent: z.boolean({ error: "SMS : oui ou non attendu." }),
    optionalMessagesOptOut: z.boolean({ error: "Messages facultatifs : oui ou non attendu." }),
  },
  { error: strictError("Mes messages") },
);
