/**
 * Codes, French labels and help texts of the diagnostic (ruleset 2014.1): dimensions, levels,
 * social barriers and their severities, work axes. The diagnostic form reads them.
 */

/** Professional dimensions answered directly by the advisor, each scored 0, 1 or 2. */
export const LEVEL_DIMENSIONS = Object.freeze(["project", "skills", "jobSearch", "digital", "basicSkills"] as const);
/** A dimension answered directly. */
export type LevelDimension = (typeof LEVEL_DIMENSIONS)[number];

/** The six professional dimensions; `distance` derives from `monthsWithoutWork`. */
export const DIMENSIONS = Object.freeze([...LEVEL_DIMENSIONS, "distance"] as const);
/** A professional dimension. */
export type Dimension = (typeof DIMENSIONS)[number];

/** A level of a professional dimension. */
export type Level = 0 | 1 | 2;
/** The three levels. */
export const LEVELS: readonly Level[] = Object.freeze([0, 1, 2] as const);

/** Social barriers (freins périphériques), in their fixed order. */
export const BARRIERS = Object.freeze(["MOBILITY", "FAMILY", "HEALTH", "HOUSING", "FINANCES", "ADMIN_LEGAL", "ISOLATION"] as const);
/** A social barrier. */
export type Barrier = (typeof BARRIERS)[number];

/** Severity of a social barrier. */
export const SEVERITIES = Object.freeze(["NONE", "MINOR", "MAJOR"] as const);
/** NONE = no impact, MINOR = weighs on a return to work, MAJOR = blocks it now. */
export type Severity = (typeof SEVERITIES)[number];

/** Main work axis (axe de travail). */
export const WORK_AXES = Object.freeze(["ELABORATION_PROJET", "ADAPTATION_MARCHE", "TECHNIQUES_RECHERCHE", "RETOUR_DIRECT_EMPLOI"] as const);
/** A work axis. */
export type WorkAxis = (typeof WORK_AXES)[number];

/** French names of the professional dimensions. */
export const DIMENSION_LABELS: Readonly<Record<Dimension, string>> = Object.freeze({
  project: "Projet professionnel",
  skills: "Compétences au regard du marché local",
  jobSearch: "Techniques de recherche d'emploi",
  digital: "Autonomie numérique",
  basicSkills: "Savoirs de base",
  distance: "Éloignement de l'emploi",
});

/** Short French help text of each dimension (the question the advisor answers). */
export const DIMENSION_HELP: Readonly<Record<Dimension, string>> = Object.freeze({
  project: "Le projet professionnel est-il défini et réaliste au regard du marché du travail ?",
  skills: "Les compétences correspondent-elles aux besoins des employeurs du bassin d'emploi ?",
  jobSearch: "CV, candidatures, entretiens d'embauche, réseau : la personne sait-elle chercher un emploi ?",
  digital: "La personne utilise-t-elle seule les services en ligne (espace personnel, courriel, candidatures) ?",
  basicSkills: "Lecture, écriture, calcul et maîtrise du français.",
  distance: "Déduit du nombre de mois sans emploi ; si la personne n'a jamais travaillé, cocher « N'a jamais travaillé ».",
});

/** French label of each level, per dimension. */
export const LEVEL_LABELS: Readonly<Record<Dimension, Readonly<Record<Level, string>>>> = Object.freeze({
  project: Object.freeze({ 0: "Défini et réaliste", 1: "À confirmer", 2: "À construire, ou irréaliste" }),
  skills: Object.freeze({ 0: "En adéquation", 1: "À adapter ou à valoriser", 2: "À acquérir (formation)" }),
  jobSearch: Object.freeze({ 0: "Maîtrisées", 1: "Partiellement maîtrisées", 2: "Non maîtrisées" }),
  digital: Object.freeze({ 0: "Autonome", 1: "Usage de base, a besoin d'aide", 2: "Aucune autonomie" }),
  basicSkills: Object.freeze({ 0: "Maîtrisés", 1: "Partiellement maîtrisés", 2: "Non maîtrisés" }),
  distance: Object.freeze({ 0: "Moins de 6 mois sans emploi", 1: "De 6 à 23 mois sans emploi", 2: "24 mois ou plus, ou jamais travaillé" }),
});

/** Short French help text of each level, per dimension (what the level means in practice). */
export const LEVEL_HELP: Readonly<Record<Dimension, Readonly<Record<Level, string>>>> = Object.freeze({
  project: Object.freeze({
    0: "Métier visé clair, accessible et qui recrute localement.",
    1: "Une piste existe mais reste à vérifier (débouchés, conditions d'accès).",
    2: "Aucun métier visé, ou un projet sans débouché réaliste.",
  }),
  skills: Object.freeze({
    0: "Les compétences correspondent aux offres du bassin d'emploi.",
    1: "Des compétences transférables à adapter ou à mieux mettre en avant.",
    2: "Une formation est nécessaire pour accéder au métier visé.",
  }),
  jobSearch: Object.freeze({
    0: "CV à jour, candidatures ciblées, entretiens préparés, réseau mobilisé.",
    1: "Certaines techniques sont acquises, d'autres à travailler.",
    2: "Pas de CV exploitable ni de méthode de recherche.",
  }),
  digital: Object.freeze({
    0: "Utilise seul l'espace personnel, le courriel et les candidatures en ligne.",
    1: "Sait faire l'essentiel mais a besoin d'aide pour les démarches en ligne.",
    2: "N'utilise pas les outils numériques ou n'y a pas accès.",
  }),
  basicSkills: Object.freeze({
    0: "Lit, écrit et calcule sans difficulté en français.",
    1: "Difficultés ponctuelles à l'écrit, en calcul ou en français.",
    2: "Difficultés importantes qui freinent les démarches et l'accès à l'emploi.",
  }),
  distance: Object.freeze({
    0: "A travaillé au cours des 6 derniers mois.",
    1: "Sans emploi depuis 6 à 23 mois.",
    2: "Sans emploi depuis 24 mois ou plus, ou n'a jamais travaillé.",
  }),
});

/** French names of the social barriers. */
export const BARRIER_LABELS: Readonly<Record<Barrier, string>> = Object.freeze({
  MOBILITY: "Mobilité",
  FAMILY: "Famille",
  HEALTH: "Santé",
  HOUSING: "Logement",
  FINANCES: "Finances",
  ADMIN_LEGAL: "Administratif et juridique",
  ISOLATION: "Isolement social",
});

/** Short French help text of each social barrier. */
export const BARRIER_HELP: Readonly<Record<Barrier, string>> = Object.freeze({
  MOBILITY: "Transport, permis de conduire, véhicule, zone mal desservie.",
  FAMILY: "Garde d'enfants, proche aidant, contraintes familiales.",
  HEALTH: "Santé physique ou psychique, addictions comprises (donnée sensible).",
  HOUSING: "Absence de logement, logement précaire ou inadapté.",
  FINANCES: "Ressources insuffisantes, dettes, surendettement.",
  ADMIN_LEGAL: "Droits non ouverts, titre de séjour, démarches ou situation judiciaire.",
  ISOLATION: "Isolement social, absence de réseau ou de soutien.",
});

/** France Travail constraint codes of the barriers (none for isolation). */
export const BARRIER_FT_CODES: Readonly<Record<Barrier, string | null>> = Object.freeze({
  MOBILITY: "23",
  FAMILY: "24",
  HEALTH: "25",
  HOUSING: "27",
  FINANCES: "28",
  ADMIN_LEGAL: "29",
  ISOLATION: null,
});

/** Barriers whose answers are special-category data (GDPR art. 9): shown only to those who need them. */
export const SPECIAL_CATEGORY_BARRIERS: readonly Barrier[] = Object.freeze(["HEALTH"] as const);

/** French labels of the severities. */
export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = Object.freeze({
  NONE: "Aucun impact",
  MINOR: "Frein mineur",
  MAJOR: "Frein majeur",
});

/** French names of the work axes. */
export const WORK_AXIS_LABELS: Readonly<Record<WorkAxis, string>> = Object.freeze({
  ELABORATION_PROJET: "Élaboration du projet professionnel",
  ADAPTATION_MARCHE: "Adaptation au marché du travail",
  TECHNIQUES_RECHERCHE: "Techniques de recherche d'emploi",
  RETOUR_DIRECT_EMPLOI: "Retour direct à l'emploi",
});

/** Bounds of the justification an advisor writes when overriding the proposal, in characters. */
export const JUSTIFICATION_MIN = 10;
export const JUSTIFICATION_MAX = 2000;
