/** French wording of the audit journal's action codes; an unknown code is shown as is. */
const AUDIT_ACTION_LABELS: Record<string, string> = {
  "auth.login.succeeded": "Connexion réussie",
  "auth.login.failed": "Échec de connexion",
  "auth.login.throttled": "Connexion ralentie (trop de tentatives)",
  "authorization.denied": "Accès refusé",
  "seeker.barriers_viewed": "Consultation des freins",
  "diagnostic.recorded": "Diagnostic enregistré",
  "diagnostic.confirmed": "Diagnostic confirmé",
  "seeker.modality_changed": "Changement de modalité",
  "seeker.transferred": "Transfert de portefeuille",
  "seeker.web_only_set": "Choix « 100 % web » modifié",
  "seeker.webOnly.changed": "Choix « 100 % web » modifié par le demandeur",
  "seeker.data.exported": "Export de ses données par le demandeur",
  "appointment.outcome_recorded": "Issue d'un rendez-vous renseignée",
  "appointment.cancelled": "Rendez-vous annulé",
  "appointment.rescheduled": "Rendez-vous reporté",
  "agency.settings.changed": "Paramètres de l'agence modifiés",
  "user.created": "Compte créé",
  "user.password_changed": "Mot de passe changé",
  "user.deactivated": "Compte désactivé",
  "user.reactivated": "Compte réactivé",
  "export.downloaded": "Export téléchargé",
  "reviews.planned": "Bilans planifiés",
  "seed.demo": "Données de démonstration",
};

export const auditActionLabel = (action: string) => AUDIT_ACTION_LABELS[action] ?? action;
