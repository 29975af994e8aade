/**
 * « Mes données » in plain French (`/mon-espace/mes-donnees/lisible`): the very object of the JSON export
 * (src/server/queries/my-data.ts), walked key by key — every section and every field of the file is shown, with a
 * French title, dates in words in the agency's time zone, « Oui »/« Non » and « — » for nothing. Pure: the page and the
 * test (which compares the fields of both) call it on the same data.
 */
import {
  APPOINTMENT_KIND_LABELS,
  APPOINTMENT_STATUS_LABELS,
  BARRIER_LABELS,
  DIMENSION_LABELS,
  MODALITY_LABELS,
  SEVERITY_LABELS,
  WORK_AXIS_LABELS,
} from "@/domain";
import { formatDateTime, formatLongDate } from "@/lib/format";

/** The codes the file holds (a modality, a status, a barrier's level…), in words. */
const CODE_TEXTS: Readonly<Record<string, string>> = {
  ...SEVERITY_LABELS,
  ...MODALITY_LABELS,
  ...APPOINTMENT_STATUS_LABELS,
  ...APPOINTMENT_KIND_LABELS,
  ...WORK_AXIS_LABELS,
};

export type ReadableValue = { type: "text"; text: string } | { type: "fields"; fields: ReadableField[] } | { type: "items"; items: ReadableValue[] };
export type ReadableField = { key: string; label: string; value: ReadableValue };
export type ReadableSection = { key: string; title: string; value: ReadableValue };

/** The sections' titles, in the export's order. */
export const SECTION_TITLES: Readonly<Record<string, string>> = {
  aPropos: "À propos de ce document",
  identite: "Qui vous êtes",
  coordonnees: "Vos coordonnées",
  choixDesMessages: "Vos choix pour les messages",
  compte: "Votre compte Modalis",
  inscription: "Votre inscription",
  agence: "Votre agence",
  accompagnement: "Votre accompagnement et votre conseiller·ère",
  historiqueDesModalites: "L'historique de votre accompagnement",
  diagnostics: "Vos entretiens de diagnostic",
  rendezVous: "Vos rendez-vous",
  travailleursSociaux: "Les travailleurs sociaux qui vous accompagnent",
  notesDuBinome: "Les notes de votre conseiller·ère et du travailleur social",
  messagesEnvoyes: "Les messages qu'on vous a envoyés",
  demandesSurLesRendezVous: "Vos demandes sur vos rendez-vous",
  conversation: "Vos messages avec votre conseiller·ère",
  journalDesAcces: "Qui a consulté ou modifié votre dossier",
};

/** Field labels; a key not listed is shown split into words (« dateDInscription » → « Date d inscription »). */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  genereLe: "Document créé le",
  fuseauHoraireDeLAgence: "Fuseau horaire de l'agence",
  identifiantFranceTravail: "Identifiant France Travail",
  dateDeNaissance: "Date de naissance",
  email: "Adresse e-mail",
  telephone: "Téléphone",
  codePostal: "Code postal",
  emailEnEchecLe: "Adresse e-mail en échec depuis le",
  telephoneRefuseLe: "Téléphone refusé depuis le",
  accordPourLesSms: "D'accord pour recevoir des SMS",
  accordDonneLe: "Accord donné le",
  sansMessagesFacultatifs: "Sans messages facultatifs (rappels, résultats)",
  creeLe: "Créé le",
  derniereConnexion: "Dernière connexion",
  dateDInscription: "Date d'inscription",
  categorie: "Catégorie",
  dossierCreeLe: "Dossier créé le",
  dossierModifieLe: "Dossier modifié le",
  departement: "Département",
  modalite: "Modalité",
  libelle: "Intitulé",
  suivi100PourcentWeb: "Suivi 100 % web",
  rythmeConvenuEnMois: "Rythme convenu (en mois)",
  conseiller: "Conseiller·ère",
  lienDAgendaActif: "Lien d'agenda actif",
  du: "Du",
  au: "Au",
  forcee: "Au-delà du plafond",
  decidePar: "Décidé par",
  versionDesRegles: "Version des règles",
  vosReponses: "Vos réponses",
  brut: "Vos réponses telles qu'enregistrées",
  volontairePour100PourcentWeb: "Volontaire pour le suivi 100 % web",
  difficultes: "Difficultés",
  difficulte: "Difficulté",
  scoreProfessionnel: "Score professionnel",
  axeDeTravail: "Axe de travail",
  justificationDuChoix: "Justification du choix",
  debut: "Début",
  fin: "Fin",
  debutHeureLocale: "Début (heure de l'agence)",
  fuseauHoraire: "Fuseau horaire",
  travailleurSocial: "Travailleur·se social·e",
  resultatNoteLe: "Résultat noté le",
  remplaceLeRendezVous: "Remplace le rendez-vous",
  identifiant: "Identifiant",
  par: "Par",
  a: "À",
  etat: "État",
  envoyeLe: "Envoyé le",
  recuLe: "Reçu le",
  horairesChoisis: "Horaires choisis",
  horairePropose: "Horaire proposé",
  reponse: "Réponse",
  reponduLe: "Répondu le",
  rendezVous: "Rendez-vous",
  nouveauRendezVous: "Nouveau rendez-vous",
  ...DIMENSION_LABELS,
  monthsWithoutWork: "Mois sans emploi",
  barriers: "Difficultés notées",
  webVolunteer: "Volontaire pour le suivi 100 % web",
  dimensions: "Vos réponses en clair",
  niveau: "Niveau",
  statut: "Statut",
  resultat: "Résultat",
  objet: "Objet",
  lieu: "Lieu",
  motif: "Motif",
  raisons: "Raisons",
};

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** « dateDInscription » → « Date d inscription ». */
export function labelOf(key: string): string {
  if (Object.hasOwn(FIELD_LABELS, key)) return FIELD_LABELS[key]!;
  const code = key.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
  if (Object.hasOwn(BARRIER_LABELS, code)) return BARRIER_LABELS[code as keyof typeof BARRIER_LABELS];
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function readable(value: unknown, zone: string): ReadableValue {
  if (value === null || value === undefined) return { type: "text", text: "—" };
  if (typeof value === "boolean") return { type: "text", text: value ? "Oui" : "Non" };
  if (typeof value === "number") return { type: "text", text: String(value).replace(".", ",") };
  if (typeof value === "string") {
    if (INSTANT.test(value)) return { type: "text", text: formatDateTime(new Date(value), zone) };
    if (DATE.test(value)) return { type: "text", text: formatLongDate(new Date(`${value}T12:00:00Z`), "UTC") };
    if (/^[A-Z][A-Z0-9_]+$/.test(value) && Object.hasOwn(CODE_TEXTS, value)) return { type: "text", text: CODE_TEXTS[value]! };
    return { type: "text", text: value === "" ? "—" : value };
  }
  if (Array.isArray(value)) return value.length === 0 ? { type: "text", text: "Aucun" } : { type: "items", items: value.map((item) => readable(item, zone)) };
  if (typeof value === "object") {
    return {
      type: "fields",
      fields: Object.entries(value as Record<string, unknown>).map(([key, inner]) => ({ key, label: labelOf(key), value: readable(inner, zone) })),
    };
  }
  return { type: "text", text: String(value) };
}

/** The export as sections in plain French, every key kept. */
export function readableData(data: Record<string, unknown>): ReadableSection[] {
  const about = data.aPropos as { fuseauHoraireDeLAgence?: unknown } | undefined;
  const zone = typeof about?.fuseauHoraireDeLAgence === "string" ? about.fuseauHoraireDeLAgence : "Europe/Paris";
  return Object.entries(data).map(([key, value]) => ({ key, title: SECTION_TITLES[key] ?? labelOf(key), value: readable(value, zone) }));
}

/** Every key path of a JSON value (« rendezVous.debut »; array items share their parent's path). */
export function keyPaths(value: unknown, prefix = ""): Set<string> {
  const paths = new Set<string>();
  const walk = (inner: unknown, at: string) => {
    if (Array.isArray(inner)) for (const item of inner) walk(item, at);
    else if (inner !== null && typeof inner === "object") {
      for (const [key, child] of Object.entries(inner as Record<string, unknown>)) {
        const path = at ? `${at}.${key}` : key;
        paths.add(path);
        walk(child, path);
      }
    }
  };
  walk(value, prefix);
  return paths;
}

/** Every key path the readable sections show. */
export function readablePaths(sections: readonly ReadableSection[]): Set<string> {
  const paths = new Set<string>();
  const walk = (value: ReadableValue, at: string) => {
    if (value.type === "items") for (const item of value.items) walk(item, at);
    else if (value.type === "fields") {
      for (const field of value.fields) {
        const path = `${at}.${field.key}`;
        paths.add(path);
        walk(field.value, path);
      }
    }
  };
  for (const section of sections) {
    paths.add(section.key);
    walk(section.value, section.key);
  }
  return paths;
}
