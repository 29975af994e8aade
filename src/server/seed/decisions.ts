/**
 * The advisor's decision after the proposal: most confirm it; a few (≈ 5 %) decide otherwise and write why,
 * as the 2013 reform allows. This module picks, for an intended (decided) modality, which proposal the ruleset
 * should have made and the French justification of the override.
 */
import type { Modality2014 as Modality } from "@/domain";
import type { Random } from "./random";

type Override = { proposed: Modality; justifications: readonly string[] };

const OVERRIDES: Readonly<Record<Modality, readonly Override[]>> = {
  SUIVI: [
    {
      proposed: "GUIDE",
      justifications: [
        "Personne très autonome malgré le score : projet précis, réseau professionnel actif et plusieurs entretiens déjà obtenus. Elle préfère un suivi à distance.",
        "Reprise d'emploi prévue dans les six semaines (promesse d'embauche écrite) : un suivi allégé suffit.",
        "Formation qualifiante qui démarre le mois prochain, organisée par la personne elle-même : pas besoin d'un appui régulier.",
      ],
    },
  ],
  GUIDE: [
    {
      proposed: "SUIVI",
      justifications: [
        "Premier épisode de chômage après quinze ans dans la même entreprise : un appui régulier est préférable les premiers mois.",
        "La personne demande à être accompagnée de près pour une reconversion ; les techniques de recherche seront à revoir pour le nouveau métier.",
        "Proche de l'emploi sur le papier, mais peu confiante en entretien : rythme mensuel convenu pour préparer les recrutements.",
      ],
    },
    {
      proposed: "RENFORCE",
      justifications: [
        "Score élevé mais personne très mobilisée, entrée en formation qualifiante déjà financée : un accompagnement guidé suffit.",
        "Plus de place en accompagnement renforcé ce mois-ci ; rythme mensuel convenu en guidé, à réexaminer au bilan du 4e mois.",
      ],
    },
  ],
  RENFORCE: [
    {
      proposed: "GUIDE",
      justifications: [
        "Plusieurs refus d'embauche récents et perte de confiance marquée : un contact au moins mensuel est nécessaire.",
        "Sortie récente d'un long arrêt maladie : reprise progressive à préparer avec un suivi rapproché.",
        "Maîtrise du français insuffisante pour les démarches écrites, non reflétée dans les réponses : accompagnement renforcé avec orientation vers un atelier de français.",
      ],
    },
    {
      proposed: "GLOBAL",
      justifications: [
        "Le travailleur social du département n'a pas de place avant trois mois : accompagnement renforcé en attendant le binôme.",
        "La personne refuse pour l'instant l'intervention d'un travailleur social ; accompagnement renforcé, proposition à renouveler au 4e mois.",
      ],
    },
  ],
  GLOBAL: [
    {
      proposed: "RENFORCE",
      justifications: [
        "Situation de logement très dégradée signalée par le CCAS après l'entretien : binôme avec le travailleur social du département.",
        "Difficultés familiales (garde d'enfants, aidant d'un parent) évoquées en fin d'entretien : accompagnement global en binôme.",
      ],
    },
    {
      proposed: "GUIDE",
      justifications: [
        "Endettement important découvert lors de l'entretien, dossier de surendettement à constituer : accompagnement global avec le travailleur social.",
      ],
    },
  ],
};

export interface Decision {
  /** What the ruleset is to propose (equal to the decided modality unless overridden). */
  proposed: Modality;
  decided: Modality;
  overrideJustification: string | null;
}

/** The decision for a seeker whose intended modality is `decided`; overrides happen with probability `overrideRate`. */
export function drawDecision(random: Random, decided: Modality, globalPartnership: boolean, overrideRate: number): Decision {
  if (!random.chance(overrideRate)) return { proposed: decided, decided, overrideJustification: null };
  const options = OVERRIDES[decided].filter((option) => globalPartnership || option.proposed !== "GLOBAL");
  if (options.length === 0) return { proposed: decided, decided, overrideJustification: null };
  const option = random.pick(options);
  return { proposed: option.proposed, decided, overrideJustification: random.pick(option.justifications) };
}
