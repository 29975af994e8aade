/**
 * The audit journal's vocabulary: every action Modalis journals, with its French label, and the French reading of
 * what each entry's metadata holds (from which value to which, for whom). `AuditInput.action` is typed by
 * `AuditAction`, so a new action without a label is a type error; rows written before a key was renamed still show
 * their raw key. Metadata holds identifiers and codes only (never answers, barriers or health): each action renders
 * the keys it knows, in words, and nothing else.
 */
import type { AssignmentReason, Role } from "@/generated/prisma/enums";
import {
  APPOINTMENT_STATUS_LABELS,
  BREACH_ANSWER_LABELS,
  BREACH_AUTHORITY_LABELS,
  BREACH_DECISION_LABELS,
  BREACH_OBLIGATION_LABELS,
  CAP_FIELDS,
  INTENSITY_LABELS,
  ALL_MODALITIES,
  isModality,
  MODALITY_SHORT_LABELS,
  PARCOURS_LABELS,
  REFERENT_LABELS,
  type AppointmentStatus,
  type Modality,
} from "@/domain";
import { EXIT_REASON_LABELS, ROLE_LABELS } from "@/lib/labels";
import { plural } from "@/lib/plural";

export const AUDIT_ACTIONS = {
  "auth.login.succeeded": "Connexion",
  "auth.login.failed": "Connexion refusée",
  "auth.login.throttled": "Connexions bloquées (trop de tentatives)",
  "authorization.denied": "Accès refusé",
  "account.admin.created": "Compte administrateur créé",
  "user.created": "Compte créé",
  "user.password_changed": "Mot de passe changé",
  "user.deactivated": "Compte désactivé",
  "user.reactivated": "Compte réactivé",
  "agency.settings.changed": "Paramètres de l'agence modifiés",
  "diagnostic.recorded": "Diagnostic enregistré",
  "diagnostic.confirmed": "Diagnostic confirmé",
  "seeker.modality_changed": "Modalité changée",
  "placement.requested": "Dossier envoyé à la direction (portefeuilles complets)",
  "placement.granted": "Demandeur placé au-delà du plafond par la direction",
  "placement.declined": "Demande de placement refusée par la direction",
  "seeker.transferred": "Changement de portefeuille",
  "seeker.transferred_out": "Dossier transféré vers une autre agence",
  "seeker.transferred_in": "Dossier reçu d'une autre agence",
  "seeker.closed": "Dossier clos (sortie)",
  "seeker.reopened": "Dossier rouvert",
  "seeker.web_only_set": "Suivi 100 % web modifié par le conseiller",
  "seeker.webOnly.changed": "Suivi 100 % web modifié par le demandeur",
  "seeker.calendarFeed.created": "Lien d'agenda créé",
  "seeker.calendarFeed.revoked": "Lien d'agenda supprimé",
  "seeker.contact.changed": "Coordonnées modifiées par le demandeur",
  "seeker.contact.corrected": "Coordonnées corrigées par le conseiller",
  "seeker.messagePreferences.changed": "Choix des messages modifiés par le demandeur",
  "seeker.barriers_viewed": "Freins consultés",
  "tandem.file_viewed": "Dossier du binôme consulté par le travailleur social",
  "tandem.note_added": "Note du binôme ajoutée",
  "seeker.data.exported": "Données téléchargées par le demandeur",
  "conversation.message_sent": "Message écrit au demandeur",
  "conversation.opened": "Messages du demandeur consultés",
  "appointment.outcome_recorded": "Issue de rendez-vous enregistrée",
  "appointment.cancelled": "Rendez-vous annulé",
  "appointment.rescheduled": "Rendez-vous reporté",
  "firstInterviews.booked": "Premiers entretiens planifiés",
  "reviews.booked": "Bilans M4/M9 réservés",
  "joint-diagnostics.booked": "Diagnostics conjoints planifiés",
  "appointment.booked": "Rendez-vous pris",
  "export.downloaded": "Export téléchargé",
  "seed.demo": "Données de démonstration créées",
  "retention.purged": "Données expirées purgées (durées de conservation)",
  "registrations.previewed": "Fichier d'inscriptions lu (aperçu)",
  "registrations.imported": "Inscriptions importées",
  "registrations.failed": "Import d'inscriptions échoué (rien importé)",
  "campaign.opened": "Jour de tri ouvert",
  "campaign.closed": "Jour de tri clos",
  "campaign.reassigned": "Dossiers du jour de tri réattribués",
  "campaign.file_confirmed": "Dossier du jour de tri confirmé sans changement",
  "agency.closure_set": "Fermeture de l'agence au public fixée",
  "agency.closure_removed": "Fermeture de l'agence au public levée",
  "appointmentRequest.created": "Demande du demandeur sur un rendez-vous (déplacement ou absence)",
  "appointmentRequest.accepted": "Demande de déplacement acceptée",
  "appointmentRequest.proposed": "Autre horaire proposé au demandeur",
  "appointmentRequest.declined": "Demande de déplacement refusée",
  "appointmentRequest.acknowledged": "Absence prévue prise en compte",
  "appointmentRequest.proposalAccepted": "Horaire proposé accepté par le demandeur",
  "orientation.recorded": "Orientation 2025 enregistrée",
  "orientation.departement_decided": "Décision du département sur l'orientation enregistrée",
  "contract.saved": "Contrat d'engagement enregistré (nouvelle version)",
  "breach.reported": "Manquement signalé",
  "breach.notified": "Notification d'un manquement enregistrée",
  "breach.answered": "Réponse de la personne à un manquement enregistrée",
  "breach.decided": "Décision sur un manquement saisie",
  "breach.lifted": "Manquement levé après remobilisation",
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, action);
}

/** The French label of an action; a key no longer written (an old row) is shown as it is. */
export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTIONS[action] : action;
}

/** Who an entry without an actor comes from: nobody signed in (logins), or Modalis itself (commands, demo data). */
export function auditAnonymousActor(action: string): string {
  return action.startsWith("auth.") ? "Personne non connectée" : "Modalis";
}

/** The operations a refusal (`authorization.denied`) names: the `name` of each server action and route. */
export const AUDIT_OPERATIONS: Readonly<Record<string, string>> = {
  "account.changePassword": "changer son mot de passe",
  "agency.bookFirstInterviews": "planifier les premiers entretiens",
  "agency.bookMissingReviews": "réserver les bilans M4/M9 manquants",
  "seeker.bookJointDiagnostics": "planifier des diagnostics conjoints",
  "agency.createSocialWorker": "créer un compte de travailleur·se social·e",
  "agency.deactivateSocialWorker": "désactiver un compte de travailleur·se social·e",
  "agency.reactivateSocialWorker": "réactiver un compte de travailleur·se social·e",
  "agency.updateCaps": "modifier les plafonds des portefeuilles",
  "agency.updateFirstInterviewDeadline": "modifier le délai du premier entretien",
  "agency.updateGlobalPartnership": "modifier le partenariat pour l'accompagnement global",
  "agency.updateOffer": "changer l'offre de suivi de l'agence",
  "agency.updateHours": "modifier les horaires des rendez-vous",
  "agency.updateMinNotice": "modifier le délai de prévenance des rendez-vous déplacés",
  "agency.updateReminders": "modifier les rappels avant les rendez-vous",
  "agency.updateRetention": "modifier la durée de conservation des dossiers clos",
  "appointment.book": "prendre un rendez-vous",
  "tandem.addNote": "ajouter une note du binôme",
  "tandem.book": "prendre un rendez-vous du binôme",
  "campaign.close": "clore un jour de tri",
  "campaign.confirmUnchanged": "confirmer un dossier du jour de tri sans changement",
  "campaign.open": "ouvrir un jour de tri",
  "campaign.preview": "voir l'aperçu d'un jour de tri",
  "campaign.reassign": "réattribuer des dossiers d'un jour de tri",
  "agency.removeClosure": "lever une fermeture de l'agence au public",
  "agency.setClosure": "fermer l'agence au public un jour",
  "appointment.cancel": "annuler un rendez-vous",
  "appointmentRequest.create": "demander à déplacer un rendez-vous ou prévenir d'une absence",
  "appointmentRequest.acceptProposal": "accepter l'horaire proposé par son conseiller·ère",
  "appointmentRequest.answer": "répondre à la demande d'un demandeur sur un rendez-vous",
  "appointment.recordOutcome": "enregistrer l'issue d'un rendez-vous",
  "appointment.reschedule": "reporter un rendez-vous",
  "diagnostic.confirm": "confirmer un diagnostic",
  "orientation.orient": "orienter un demandeur (offre 2025)",
  "orientation.recordDepartementDecision": "enregistrer la décision du département sur une orientation",
  "contract.save": "enregistrer une version du contrat d'engagement",
  "breach.report": "signaler un manquement",
  "breach.notify": "enregistrer la notification d'un manquement",
  "breach.answer": "enregistrer la réponse de la personne à un manquement",
  "breach.decide": "saisir la décision sur un manquement",
  "breach.lift": "enregistrer la remobilisation qui lève un manquement",
  "export.charges": "exporter les charges des portefeuilles",
  "export.movements": "exporter les entrées et sorties",
  "export.overdueReviews": "exporter les bilans en retard",
  "export.orientations2025": "exporter les orientations 2025",
  "placement.decline": "refuser une demande de placement",
  "placement.place": "placer un demandeur au-delà du plafond",
  "placement.request": "envoyer un dossier à la direction",
  "portfolio.applyBalance": "appliquer un plan d'équilibrage",
  "portfolio.moveSeekers": "déplacer des demandeurs entre portefeuilles",
  "seeker.close": "clore le dossier d'un demandeur",
  "seeker.correctContact": "corriger les coordonnées d'un demandeur",
  "seeker.reopen": "rouvrir le dossier d'un demandeur",
  "seeker.transfer": "transférer un dossier vers une autre agence",
  "seeker.setWebOnly": "modifier le suivi 100 % web d'un demandeur",
  "seekerSpace.appointmentIcs": "télécharger un rendez-vous pour son agenda",
  "seekerSpace.createCalendarFeed": "créer son lien d'agenda",
  "seekerSpace.dataExport": "télécharger ses données",
  "seekerSpace.revokeCalendarFeed": "supprimer son lien d'agenda",
  "seekerSpace.setMessagePreferences": "choisir les messages qu'on reçoit",
  "seekerSpace.updateContact": "modifier ses coordonnées",
  "seekerSpace.setWebOnly": "choisir le suivi 100 % web",
  "registrations.upload": "envoyer un fichier d'inscriptions",
  "registrations.confirm": "confirmer un import d'inscriptions",
  "registrations.report": "télécharger le rapport d'un import d'inscriptions",
  "conversation.send": "écrire un message",
  "agency.updateMessageReply": "modifier le délai de réponse aux messages",
  "conversation.poll": "vérifier les nouveaux messages",
  "conversation.markRead": "marquer une conversation comme lue",
};

const minutes = (n: number) => plural(n, "minute");
/** « 13 h 30 » from minutes since midnight, as the app writes times. */
const clock = (n: number) => (Number.isInteger(n) && n >= 0 && n < 24 * 60 ? `${Math.floor(n / 60)} h ${String(n % 60).padStart(2, "0")}` : "?");
const yesNo = (value: boolean) => (value ? "oui" : "non");

type SettingValue = number | boolean | string;

/** The agency settings a `agency.settings.changed` entry may name (`fields`), in words, with their values. */
export const AUDIT_SETTING_FIELDS: Readonly<Record<string, { label: string; value: (v: SettingValue) => string }>> = {
  ...Object.fromEntries(
    ALL_MODALITIES.map((m: Modality) => [CAP_FIELDS[m], { label: `Plafond ${MODALITY_SHORT_LABELS[m].toLowerCase()}`, value: (v: SettingValue) => String(v) }]),
  ),
  // Times are journaled as minutes since midnight.
  appointmentStart: { label: "Début des rendez-vous", value: (v) => (typeof v === "number" ? clock(v) : String(v)) },
  appointmentEnd: { label: "Fin des rendez-vous", value: (v) => (typeof v === "number" ? clock(v) : String(v)) },
  slotMinutes: { label: "Durée d'un créneau", value: (v) => (typeof v === "number" ? minutes(v) : String(v)) },
  initialInterviewMinutes: { label: "Durée du premier entretien", value: (v) => (typeof v === "number" ? minutes(v) : String(v)) },
  firstInterviewDeadlineDays: { label: "Délai du premier entretien", value: (v) => (typeof v === "number" ? plural(v, "jour") : String(v)) },
  minNoticeDays: { label: "Délai de prévenance d'un rendez-vous déplacé", value: (v) => (typeof v === "number" ? plural(v, "jour") : String(v)) },
  offer: {
    label: "Offre de suivi",
    value: (v) => (v === "OFFRE_2014" ? "offre 2014 (modalités)" : v === "OFFRE_2025" ? "offre 2025 (loi pour le plein emploi)" : String(v)),
  },
  globalPartnership: { label: "Partenariat pour l'accompagnement global", value: (v) => (typeof v === "boolean" ? yesNo(v) : String(v)) },
  reminderDaysBefore: {
    label: "Rappel avant un rendez-vous",
    value: (v) => (typeof v === "number" ? (v === 0 ? "aucun rappel" : `${plural(v, "jour")} avant`) : String(v)),
  },
  reminderByEmail: { label: "Rappel par e-mail", value: (v) => (typeof v === "boolean" ? yesNo(v) : String(v)) },
  reminderBySms: { label: "Rappel par SMS", value: (v) => (typeof v === "boolean" ? yesNo(v) : String(v)) },
  closedFileRetentionMonths: { label: "Conservation des dossiers clos", value: (v) => (typeof v === "number" ? plural(v, "mois", "mois") : String(v)) },
  messageReplyWorkingDays: {
    label: "Délai de réponse aux messages des demandeurs",
    value: (v) => (typeof v === "number" ? plural(v, "jour ouvré", "jours ouvrés") : String(v)),
  },
};

const ASSIGNMENT_REASONS: Record<AssignmentReason, string> = {
  DIAGNOSTIC: "diagnostic",
  OVERRIDE: "diagnostic, décision différente de la proposition",
  TRANSFER: "changement de conseiller·ère",
  REBALANCE: "équilibrage des portefeuilles",
};

const LOGIN_FAILURES: Record<string, string> = {
  "unknown-account": "compte inconnu",
  "wrong-password": "mot de passe erroné",
  "inactive-account": "compte désactivé",
};

const THROTTLE_SCOPES: Record<string, string> = {
  address: "depuis une même adresse",
  pair: "pour ce compte depuis une même adresse",
  account: "pour ce compte",
};

const EXPORTS: Record<string, string> = {
  charges: "charges des portefeuilles",
  "bilans-en-retard": "bilans en retard",
  mouvements: "entrées et sorties",
  "orientations-2025": "orientations 2025",
  registrationReport: "rapport d'un import des inscriptions",
};
const REVIEW_KINDS: Record<string, string> = { M4: "bilan du 4e mois", M9: "bilan du 9e mois", "M4+M9": "bilans du 4e et du 9e mois" };

/** One journal entry as stored: the action, its subject and seeker (columns) and its metadata (JSON). */
export type AuditEntry = {
  action: string;
  metadata: unknown;
  subjectType?: string | null;
  subjectId?: string | null;
  seekerId?: string | null;
};

/** The names an entry's identifiers resolve to (within what the reader may see); a missing one reads « inconnu ». */
export type AuditNames = {
  /** user id → « Prénom Nom » */
  users?: ReadonlyMap<string, string>;
  /** portfolio id → « Prénom Nom (Guidé) » */
  portfolios?: ReadonlyMap<string, string>;
  /** appointment id → its kind and its local start (« Bilan du 4e mois », « 12/03/2026 14:00 ») */
  appointments?: ReadonlyMap<string, { kind: string; when: string }>;
};

/** The identifiers an entry concerns, for the reader to resolve to names. */
export type AuditReferences = { seekers: string[]; users: string[]; portfolios: string[]; appointments: string[] };

type Metadata = Readonly<Record<string, unknown>>;

function metadataOf(value: unknown): Metadata {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Metadata) : {};
}

const text = (m: Metadata, key: string): string | undefined => (typeof m[key] === "string" ? m[key] : undefined);
const count = (m: Metadata, key: string): number | undefined => (typeof m[key] === "number" && Number.isFinite(m[key]) ? m[key] : undefined);
const flag = (m: Metadata, key: string): boolean | undefined => (typeof m[key] === "boolean" ? m[key] : undefined);
/** The French label of a known code, else nothing (an unknown value is never shown raw). */
const labelOf = <K extends string>(labels: Readonly<Record<K, string>>, value: unknown): string | undefined =>
  typeof value === "string" && Object.hasOwn(labels, value) ? labels[value as K] : undefined;
const modality = (value: unknown): string | undefined => (isModality(value) ? MODALITY_SHORT_LABELS[value] : undefined);
const isRole = (value: unknown): value is Role => typeof value === "string" && Object.hasOwn(ROLE_LABELS, value);
const isStatus = (value: unknown): value is AppointmentStatus => typeof value === "string" && Object.hasOwn(APPOINTMENT_STATUS_LABELS, value);
const isReason = (value: unknown): value is AssignmentReason => typeof value === "string" && Object.hasOwn(ASSIGNMENT_REASONS, value);

/** The setting fields of a settings change: `fields` is comma-separated (an array in some old rows). */
function settingFields(m: Metadata): string[] {
  const fields = m.fields;
  if (typeof fields === "string") return fields.split(",").filter(Boolean);
  if (Array.isArray(fields)) return fields.filter((f): f is string => typeof f === "string");
  return Object.keys(m)
    .filter((k) => k.endsWith(".old"))
    .map((k) => k.slice(0, -".old".length));
}

function settingValue(value: unknown): SettingValue | undefined {
  return typeof value === "number" || typeof value === "boolean" || typeof value === "string" ? value : undefined;
}

function settingsDetails(m: Metadata): string[] {
  const details = settingFields(m).map((field) => {
    const known = AUDIT_SETTING_FIELDS[field];
    const label = known?.label ?? field;
    const render = (v: SettingValue | undefined) => (v === undefined ? "?" : known ? known.value(v) : String(v));
    const before = settingValue(m[`${field}.old`]);
    const after = settingValue(m[`${field}.new`]);
    return before === undefined && after === undefined ? label : `${label} : ${render(before)} → ${render(after)}`;
  });
  const updated = count(m, "portfoliosUpdated");
  if (updated !== undefined) details.push(`${plural(updated, "portefeuille")} mis à jour`);
  const above = count(m, "portfoliosAboveCap");
  if (above) details.push(`${plural(above, "portefeuille")} au-delà du nouveau plafond`);
  if (flag(m, "confirmedBelowLoad")) details.push("confirmé malgré la charge actuelle");
  const globalSeekers = count(m, "globalSeekers");
  if (globalSeekers) details.push(`${plural(globalSeekers, "demandeur suivi", "demandeurs suivis")} en global`);
  const followedSeekers = count(m, "followedSeekers");
  if (followedSeekers !== undefined) details.push(`${plural(followedSeekers, "demandeur suivi", "demandeurs suivis")} à ce moment`);
  return details;
}

function nameOf(map: ReadonlyMap<string, string> | undefined, id: unknown, missing: string): string {
  return typeof id === "string" ? (map?.get(id) ?? missing) : missing;
}

function portfolioMove(m: Metadata, names: AuditNames): string | undefined {
  if (!("fromPortfolioId" in m) && !("toPortfolioId" in m)) return undefined;
  const side = (id: unknown) => (id === null || id === undefined ? "aucun" : nameOf(names.portfolios, id, "portefeuille inconnu"));
  return `Portefeuille : ${side(m.fromPortfolioId)} → ${side(m.toPortfolioId)}`;
}

function appointmentOf(entry: AuditEntry, names: AuditNames, id: unknown = entry.subjectId) {
  return typeof id === "string" ? names.appointments?.get(id) : undefined;
}

/** The counts a batch booking journals, with their nouns (singular, plural). */
const BOOKING_COUNTS: Record<
  "firstInterviews.booked" | "reviews.booked" | "joint-diagnostics.booked",
  Record<string, [singular: string, pluralForm: string]>
> = {
  "firstInterviews.booked": {
    booked: ["réservé dans le délai", "réservés dans le délai"],
    late: ["réservé après le délai", "réservés après le délai"],
    unbooked: ["demandeur à planifier", "demandeurs à planifier"],
  },
  "reviews.booked": {
    booked: ["bilan réservé", "bilans réservés"],
    overdue: ["après sa fenêtre", "après leur fenêtre"],
    missed: ["bilan M4 manqué", "bilans M4 manqués"],
  },
  "joint-diagnostics.booked": {
    booked: ["diagnostic conjoint planifié", "diagnostics conjoints planifiés"],
    overdue: ["après sa date limite", "après leur date limite"],
  },
};

/** What an entry's metadata says, in French phrases, from which value to which; nothing for a key it does not know. */
export function auditDetails(entry: AuditEntry, names: AuditNames = {}): string[] {
  const m = metadataOf(entry.metadata);
  const details: string[] = [];
  const add = (phrase: string | undefined | false) => {
    if (phrase) details.push(phrase);
  };
  /** Each count the metadata holds, with its noun (singular, plural). */
  const addCounts = (nouns: Record<string, [singular: string, pluralForm: string]>) => {
    for (const [key, [singular, pluralForm]] of Object.entries(nouns)) {
      const n = count(m, key);
      add(n !== undefined && plural(n, singular, pluralForm));
    }
  };
  const action = entry.action;
  if (!isAuditAction(action)) return details;
  switch (action) {
    case "auth.login.succeeded":
    case "seeker.calendarFeed.revoked":
    case "seeker.barriers_viewed":
    case "seeker.data.exported":
    case "tandem.file_viewed":
    case "tandem.note_added":
    case "conversation.opened":
      break;
    case "conversation.message_sent": {
      const length = count(m, "length");
      add(length !== undefined && plural(length, "caractère", "caractères"));
      add(m.notified === true && "demandeur averti (sans le contenu)");
      break;
    }
    case "auth.login.failed": {
      const reason = text(m, "reason");
      add(reason && `motif : ${LOGIN_FAILURES[reason] ?? reason}`);
      break;
    }
    case "auth.login.throttled": {
      const refused = count(m, "refused");
      add(refused !== undefined && plural(refused, "tentative refusée", "tentatives refusées"));
      const scope = text(m, "scope");
      add(scope && THROTTLE_SCOPES[scope]);
      break;
    }
    case "authorization.denied": {
      const operation = text(m, "operation");
      add(operation && `opération : ${AUDIT_OPERATIONS[operation] ?? operation}`);
      break;
    }
    case "account.admin.created":
      add(text(m, "source") && "depuis la ligne de commande");
      break;
    case "user.created":
    case "user.reactivated":
      add(isRole(m.role) && `rôle : ${ROLE_LABELS[m.role]}`);
      break;
    case "user.deactivated": {
      add(isRole(m.role) && `rôle : ${ROLE_LABELS[m.role]}`);
      const tandems = count(m, "tandemsTransferred") ?? 0;
      const appointments = count(m, "appointmentsTransferred") ?? 0;
      if (typeof m.transferredToId === "string") {
        const successor = nameOf(names.users, m.transferredToId, "compte inconnu");
        add(`${plural(tandems, "binôme repris", "binômes repris")} par ${successor}`);
        add(plural(appointments, "rendez-vous transféré", "rendez-vous transférés"));
      }
      break;
    }
    case "user.password_changed":
      add(flag(m, "calendarFeedRevoked") === true && "lien d'agenda supprimé en même temps");
      break;
    case "agency.settings.changed":
      details.push(...settingsDetails(m));
      break;
    case "retention.purged":
      addCounts({
        auditEventsDeleted: ["entrée du journal supprimée", "entrées du journal supprimées"],
        filesAnonymised: ["dossier clos anonymisé", "dossiers clos anonymisés"],
      });
      add(count(m, "auditRetentionMonths") !== undefined && `journal conservé ${plural(count(m, "auditRetentionMonths")!, "mois", "mois")}`);
      add(count(m, "closedFileRetentionMonths") !== undefined && `dossiers clos conservés ${plural(count(m, "closedFileRetentionMonths")!, "mois", "mois")}`);
      break;
    case "registrations.previewed":
    case "registrations.imported":
      addCounts({
        rows: ["ligne lue", "lignes lues"],
        new: ["nouveau", "nouveaux"],
        updated: ["mis à jour", "mis à jour"],
        unchanged: ["inchangé", "inchangés"],
        transfers: ["transfert d'agence", "transferts d'agence"],
        refused: ["ligne refusée", "lignes refusées"],
      });
      break;
    case "registrations.failed":
      add(m.phase === "preview" ? "pendant l'aperçu" : m.phase === "import" ? "pendant l'import" : false);
      break;
    case "diagnostic.recorded":
      add(modality(m.decidedModality) && `modalité décidée : ${modality(m.decidedModality)}`);
      add(flag(m, "overridden") === true && "différente de la proposition");
      break;
    case "diagnostic.confirmed": {
      const proposed = modality(m.proposedModality);
      const decided = modality(m.decidedModality);
      add(proposed && `proposé : ${proposed}`);
      add(decided && `décidé : ${decided}${flag(m, "override") === true ? " (différent de la proposition)" : ""}`);
      add(typeof m.advisorId === "string" && `conseiller·ère : ${nameOf(names.users, m.advisorId, "compte inconnu")}`);
      add(flag(m, "forced") === true && "au-delà du plafond (décision de la direction)");
      break;
    }
    case "seeker.modality_changed": {
      if ("from" in m || "to" in m) add(`Modalité : ${modality(m.from) ?? "aucune"} → ${modality(m.to) ?? "aucune"}`);
      add(portfolioMove(m, names));
      add(isReason(m.reason) && `motif : ${ASSIGNMENT_REASONS[m.reason]}`);
      add(flag(m, "forced") === true && "au-delà du plafond (décision de la direction)");
      break;
    }
    case "placement.requested":
    case "placement.granted":
    case "placement.declined": {
      const decided = modality(m.decidedModality);
      add(decided && `modalité décidée : ${decided}`);
      add(typeof m.advisorId === "string" && `conseiller·ère : ${nameOf(names.users, m.advisorId, "compte inconnu")}`);
      add(typeof m.portfolioId === "string" && `portefeuille : ${nameOf(names.portfolios, m.portfolioId, "inconnu")}`);
      break;
    }
    case "seeker.transferred": {
      add(portfolioMove(m, names));
      add(isReason(m.reason) && `motif : ${ASSIGNMENT_REASONS[m.reason]}`);
      const forced = flag(m, "forced");
      add(forced !== undefined && `forcé : ${forced ? "oui (au-delà du plafond)" : "non"}`);
      const followed = count(m, "appointmentsFollowed");
      add(followed !== undefined && plural(followed, "rendez-vous conservé", "rendez-vous conservés"));
      const replanned = count(m, "appointmentsReplanned");
      add(replanned !== undefined && plural(replanned, "rendez-vous replanifié", "rendez-vous replanifiés"));
      break;
    }
    case "seeker.web_only_set": {
      // The advisor's switch may set the value it already had: only the new one is known.
      const webOnly = flag(m, "webOnly");
      add(webOnly !== undefined && `suivi 100 % web : ${yesNo(webOnly)}`);
      break;
    }
    case "seeker.webOnly.changed": {
      // The seeker's own switch changes the value or writes nothing: the old one is the opposite.
      const webOnly = flag(m, "webOnly");
      add(webOnly !== undefined && `Suivi 100 % web : ${yesNo(!webOnly)} → ${yesNo(webOnly)}`);
      break;
    }
    case "seeker.calendarFeed.created": {
      const replaced = flag(m, "replaced");
      add(replaced !== undefined && (replaced ? "remplace le lien précédent" : "premier lien"));
      break;
    }
    case "seeker.contact.changed":
    case "seeker.contact.corrected":
      // Which fields changed, never their values (contact details are personal data).
      add(flag(m, "emailChanged") === true && "adresse e-mail modifiée");
      add(flag(m, "phoneChanged") === true && "numéro de téléphone modifié");
      break;
    case "seeker.messagePreferences.changed": {
      const consent = flag(m, "smsConsent");
      add(consent !== undefined && `SMS : ${consent ? "accord donné" : "accord retiré"}`);
      const optOut = flag(m, "optionalMessagesOptOut");
      add(optOut !== undefined && `Messages facultatifs (rappels, résultats) : ${optOut ? "refusés" : "acceptés"}`);
      const cancelled = count(m, "messagesCancelled");
      add(cancelled !== undefined && plural(cancelled, "message en attente annulé", "messages en attente annulés"));
      break;
    }
    case "appointment.booked": {
      const appointment = appointmentOf(entry, names);
      add(appointment && `${appointment.kind} du ${appointment.when}`);
      break;
    }
    case "appointment.outcome_recorded":
    case "appointment.cancelled": {
      const appointment = appointmentOf(entry, names);
      add(appointment && `${appointment.kind} du ${appointment.when}`);
      const outcome = action === "appointment.cancelled" ? "CANCELLED" : m.outcome;
      add(isStatus(outcome) && `${APPOINTMENT_STATUS_LABELS.SCHEDULED} → ${APPOINTMENT_STATUS_LABELS[outcome]}`);
      break;
    }
    case "appointment.rescheduled": {
      const before = appointmentOf(entry, names, m.replacesId);
      const after = appointmentOf(entry, names);
      const kind = after?.kind ?? before?.kind;
      add(kind && `${kind} : ${before?.when ?? "?"} → ${after?.when ?? "?"}`);
      break;
    }
    case "firstInterviews.booked":
    case "reviews.booked":
    case "joint-diagnostics.booked":
      addCounts(BOOKING_COUNTS[action]);
      break;
    case "export.downloaded": {
      const name = text(m, "export");
      add(name && `fichier : ${EXPORTS[name] ?? name}`);
      const kind = text(m, "bilan");
      add(kind && (REVIEW_KINDS[kind] ?? kind));
      const rows = count(m, "rows");
      add(rows !== undefined && plural(rows, "ligne"));
      break;
    }
    case "seed.demo":
      break;
    case "seeker.closed":
    case "seeker.reopened":
    case "seeker.transferred_out":
    case "seeker.transferred_in": {
      const reason = text(m, "exitReason");
      add(reason && `motif : ${EXIT_REASON_LABELS[reason as keyof typeof EXIT_REASON_LABELS] ?? reason}`);
      add(typeof m.importId === "string" && "par un import des inscriptions");
      const cancelled = count(m, "appointmentsCancelled");
      add(cancelled !== undefined && cancelled > 0 && plural(cancelled, "rendez-vous annulé", "rendez-vous annulés"));
      add(typeof m.portfolioId === "string" && `place libérée : ${nameOf(names.portfolios, m.portfolioId, "portefeuille inconnu")}`);
      add(flag(m, "tandemEnded") === true && "accompagnement global (tandem) terminé");
      break;
    }
    case "campaign.opened":
    case "campaign.closed":
    case "campaign.reassigned":
    case "agency.closure_set":
    case "agency.closure_removed": {
      const day = text(m, "day");
      add(day && /^\d{4}-\d{2}-\d{2}$/.test(day) && `jour : ${day.split("-").reverse().join("/")}`);
      addCounts({
        files: ["dossier", "dossiers"],
        done: ["dossier revu", "dossiers revus"],
        moved: ["dossier réattribué", "dossiers réattribués"],
        appointmentsMoved: ["rendez-vous déplacé", "rendez-vous déplacés"],
        appointmentsKept: ["rendez-vous maintenu ce jour-là", "rendez-vous maintenus ce jour-là"],
      });
      add(flag(m, "closedToPublic") === true && "agence fermée au public ce jour-là");
      add(typeof m.fromAdvisorId === "string" && `de : ${nameOf(names.users, m.fromAdvisorId, "compte inconnu")}`);
      add(typeof m.toAdvisorId === "string" && `à : ${nameOf(names.users, m.toAdvisorId, "compte inconnu")}`);
      break;
    }
    case "appointmentRequest.created":
    case "appointmentRequest.accepted":
    case "appointmentRequest.proposed":
    case "appointmentRequest.declined":
    case "appointmentRequest.acknowledged":
    case "appointmentRequest.proposalAccepted": {
      add(m.kind === "MOVE" ? "déplacement demandé" : m.kind === "ABSENCE" ? "absence prévue" : undefined);
      const before = appointmentOf(entry, names, m.appointmentId);
      const after = appointmentOf(entry, names, m.newAppointmentId);
      add(before && `${before.kind} du ${before.when}${after ? ` → ${after.when}` : ""}`);
      const slots = count(m, "slots");
      add(slots !== undefined && slots > 0 && plural(slots, "horaire choisi", "horaires choisis"));
      break;
    }
    case "orientation.recorded":
    case "orientation.departement_decided": {
      const proposedParcours = labelOf(PARCOURS_LABELS, m.proposedParcours);
      const proposedReferent = labelOf(REFERENT_LABELS, m.proposedReferent);
      add(proposedParcours && proposedReferent && `proposé : ${proposedParcours}, ${proposedReferent}`);
      const parcours = labelOf(PARCOURS_LABELS, m.parcours);
      const referent = labelOf(REFERENT_LABELS, m.referent);
      const decidedBy = action === "orientation.departement_decided" ? "le département" : m.decidedBy === "DEPARTEMENT" ? undefined : "France Travail";
      add(parcours && referent && `${decidedBy ? `décidé par ${decidedBy}` : "proposé au département"} : ${parcours}, ${referent}`);
      add(labelOf(INTENSITY_LABELS, m.intensity)?.toLowerCase());
      add(flag(m, "socialTandem") === true && "en binôme avec un travailleur social");
      add(flag(m, "override") === true && "différent de la proposition (justification écrite)");
      const day = text(m, "decidedOn");
      add(day && /^\d{4}-\d{2}-\d{2}$/.test(day) && `décision du ${day.split("-").reverse().join("/")}`);
      if (flag(m, "handedOver") === true) {
        add(`dossier confié à ${referent ?? "un autre organisme"}`);
        const cancelled = count(m, "appointmentsCancelled");
        add(cancelled !== undefined && cancelled > 0 && plural(cancelled, "rendez-vous annulé", "rendez-vous annulés"));
        add(typeof m.portfolioId === "string" && `place libérée : ${nameOf(names.portfolios, m.portfolioId, "portefeuille inconnu")}`);
      }
      break;
    }
    case "contract.saved": {
      const revision = count(m, "revision");
      add(revision !== undefined && `version ${revision}`);
      const signedOn = text(m, "signedOn");
      add(signedOn && /^\d{4}-\d{2}-\d{2}$/.test(signedOn) ? `signé le ${signedOn.split("-").reverse().join("/")}` : "brouillon, non signé");
      add(labelOf(INTENSITY_LABELS, m.intensity)?.toLowerCase());
      const halfHours = count(m, "weeklyHalfHours");
      add(halfHours !== undefined && `${halfHours % 2 === 0 ? halfHours / 2 : `${Math.floor(halfHours / 2)},5`} h d'activité par semaine`);
      const objectives = count(m, "objectiveCount");
      add(objectives !== undefined && plural(objectives, "objectif", "objectifs"));
      const actions = count(m, "actionCount");
      add(actions !== undefined && plural(actions, "action", "actions"));
      break;
    }
    case "breach.reported":
    case "breach.notified":
    case "breach.answered":
    case "breach.decided":
    case "breach.lifted": {
      add(labelOf(BREACH_OBLIGATION_LABELS, m.obligation));
      add(labelOf(BREACH_ANSWER_LABELS, m.answerKind));
      add(labelOf(BREACH_DECISION_LABELS, m.decisionKind));
      add(labelOf(BREACH_AUTHORITY_LABELS, m.authority));
      const day = text(m, "stepOn") ?? text(m, "occurredOn");
      add(day && /^\d{4}-\d{2}-\d{2}$/.test(day) && `le ${day.split("-").reverse().join("/")}`);
      break;
    }
    case "campaign.file_confirmed":
      add(modality(m.modality) && `modalité maintenue : ${modality(m.modality)}`);
      break;
  }
  return details;
}

/** The seekers, users, portfolios and appointments an entry concerns (its seeker, its subject, its metadata's ids). */
export function auditReferences(entry: AuditEntry): AuditReferences {
  const m = metadataOf(entry.metadata);
  const refs: AuditReferences = { seekers: [], users: [], portfolios: [], appointments: [] };
  const push = (list: string[], id: unknown) => {
    if (typeof id === "string" && id !== "" && !list.includes(id)) list.push(id);
  };
  push(refs.seekers, entry.seekerId);
  if (entry.subjectType === "Seeker") push(refs.seekers, entry.subjectId);
  if (entry.subjectType === "User") push(refs.users, entry.subjectId);
  if (entry.subjectType === "Appointment") push(refs.appointments, entry.subjectId);
  for (const key of ["advisorId", "transferredToId", "fromAdvisorId", "toAdvisorId"]) push(refs.users, m[key]);
  for (const key of ["portfolioId", "fromPortfolioId", "toPortfolioId"]) push(refs.portfolios, m[key]);
  push(refs.appointments, m.replacesId);
  push(refs.appointments, m.appointmentId);
  push(refs.appointments, m.newAppointmentId);
  return refs;
}
