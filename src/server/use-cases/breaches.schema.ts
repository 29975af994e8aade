/**
 * Inputs of the breach (manquement) steps under the 2025 offer (docs/rules.md#breaches-2025): strict, French
 * messages. Whether a step may be recorded now, and with which date, is the domain's (`checkBreachStep`), applied by
 * the use cases with the agency's today.
 */
import { z } from "zod";
import { BREACH_ANSWER_KINDS, BREACH_AUTHORITIES, BREACH_DECISION_KINDS, BREACH_OBLIGATIONS, isValidDate } from "@/domain";
import { unknownKeys } from "./strict-input";

const uuid = (label: string) => z.uuid({ error: `${label} : identifiant invalide.` });
const day = (label: string) =>
  z
    .string({ error: `${label} : une date est attendue.` })
    .refine((value) => isValidDate(value), { error: `${label} invalide : une date AAAA-MM-JJ est attendue.` });
const text = (label: string, min: number, max: number) =>
  z
    .string({ error: `${label} : un texte est attendu.` })
    .trim()
    .min(min, { error: min === 1 ? `${label} : obligatoire.` : `${label} : ${min} caractères au moins.` })
    .max(max, { error: `${label} : ${max} caractères au plus.` });

export const BREACH_FACTS_MIN = 10;
export const BREACH_TEXT_MAX = 2000;
export const BREACH_DECISION_TEXT_MAX = 500;

export const reportBreachSchema = z.strictObject(
  {
    seekerId: uuid("Demandeur"),
    obligation: z.enum(BREACH_OBLIGATIONS, { error: "Obligation : choisissez l'obligation concernée dans la liste." }),
    facts: text("Faits", BREACH_FACTS_MIN, BREACH_TEXT_MAX),
    occurredOn: day("Date du manquement"),
  },
  { error: unknownKeys("Manquement") },
);
export type ReportBreachInput = z.output<typeof reportBreachSchema>;

export const notifyBreachSchema = z.strictObject(
  { breachId: uuid("Manquement"), notifiedOn: day("Date de la notification") },
  { error: unknownKeys("Notification") },
);
export type NotifyBreachInput = z.output<typeof notifyBreachSchema>;

export const answerBreachSchema = z.strictObject(
  {
    breachId: uuid("Manquement"),
    answeredOn: day("Date de la réponse"),
    answerKind: z.enum(BREACH_ANSWER_KINDS, { error: "Réponse : écrite ou demande à être entendu·e." }),
    summary: text("Résumé de la réponse", 0, BREACH_TEXT_MAX).optional(),
  },
  { error: unknownKeys("Réponse") },
);
export type AnswerBreachInput = z.output<typeof answerBreachSchema>;

export const decideBreachSchema = z.strictObject(
  {
    breachId: uuid("Manquement"),
    decidedOn: day("Date de la décision"),
    decisionKind: z.enum(BREACH_DECISION_KINDS, { error: "Décision : « pas de suite » ou « sanction décidée »." }),
    authority: z.enum(BREACH_AUTHORITIES, { error: "Auteur de la décision : le directeur régional de France Travail ou le département." }),
    decisionText: text("Texte de la décision", 1, BREACH_DECISION_TEXT_MAX),
  },
  { error: unknownKeys("Décision") },
);
export type DecideBreachInput = z.output<typeof decideBreachSchema>;

export const liftBreachSchema = z.strictObject(
  {
    breachId: uuid("Manquement"),
    liftedOn: day("Date de la remobilisation"),
    note: text("Note", 0, BREACH_TEXT_MAX).optional(),
  },
  { error: unknownKeys("Remobilisation") },
);
export type LiftBreachInput = z.output<typeof liftBreachSchema>;
