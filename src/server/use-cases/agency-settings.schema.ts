/**
 * Inputs of the agency settings (issue #5): caps per modality, appointment hours, first-interview deadline, the
 * global partnership and the département's social workers' accounts. Strict (unknown keys refused), French
 * messages. The bounds below are also read by the settings page (client forms), so they live here once.
 * What depends on the database (loads, followed seekers, tandems, duplicate e-mails) is checked by the use case.
 */
import { z } from "zod";
import {
  CAP_BOUNDS,
  CLOSED_FILE_RETENTION_BOUNDS,
  REMINDER_DAYS_BOUNDS,
  DEADLINE_MAX_DAYS,
  DEADLINE_MIN_DAYS,
  HOURS_EARLIEST,
  HOURS_LATEST,
  INITIAL_INTERVIEW_MAX,
  MIN_NOTICE_BOUNDS,
  MESSAGE_REPLY_DAYS_BOUNDS,
  minutesOf,
  type Modality,
  SLOT_MINUTES,
} from "@/domain";

const strictError = (what: string) => (issue: { code: string; keys?: string[] }) =>
  issue.code === "unrecognized_keys"
    ? `${what} : champ(s) non autorisé(s) ${(issue.keys ?? []).map((k) => `« ${k} »`).join(", ")}.`
    : `${what} : un objet est attendu.`;

const agencyId = z.uuid({ error: "Agence : identifiant invalide." });
const userId = z.uuid({ error: "Compte : identifiant invalide." });

// ---------------------------------------------------------------------------------------------------------------
// Caps

const CAP_NAMES: Record<Modality, string> = {
  SUIVI: "Plafond suivi",
  GUIDE: "Plafond guidé",
  RENFORCE: "Plafond renforcé",
  GLOBAL: "Plafond global",
  INTENSIF: "Plafond intensif",
  AGILE: "Plafond agile",
  TANDEM: "Plafond binôme",
};

function cap(modality: Modality) {
  const name = CAP_NAMES[modality];
  const { min, max } = CAP_BOUNDS[modality];
  return z
    .number({ error: `${name} : un nombre entier est attendu.` })
    .int({ error: `${name} : un nombre entier est attendu.` })
    .min(min, { error: `${name} : ${min} demandeur au moins par portefeuille.` })
    .max(max, {
      error:
        modality === "RENFORCE"
          ? `${name} : ${max} demandeurs au plus par conseiller — la règle nationale de l'accompagnement renforcé ne permet pas davantage.`
          : modality === "INTENSIF"
            ? `${name} : ${max} personnes au plus par conseiller — l'arrêté du 6 août 2025 sur l'accompagnement intensif ne permet pas davantage.`
            : `${name} : ${max} demandeurs au plus par portefeuille.`,
    });
}

export const updateCapsSchema = z.strictObject(
  {
    agencyId,
    capSuivi: cap("SUIVI"),
    capGuide: cap("GUIDE"),
    capRenforce: cap("RENFORCE"),
    capGlobal: cap("GLOBAL"),
    /** The 2025 offer's caps: sent by the form of an agency on that offer only (an absent cap is left unchanged). */
    capIntensif: cap("INTENSIF").optional(),
    capAgile: cap("AGILE").optional(),
    capTandem: cap("TANDEM").optional(),
    /** The manager has read what a cap below the current load of a portfolio means and applies it anyway. */
    confirmBelowLoad: z.boolean({ error: "Confirmation : vrai ou faux attendu." }).optional(),
  },
  { error: strictError("Plafonds des portefeuilles") },
);

// ---------------------------------------------------------------------------------------------------------------
// Appointment hours

const time = (name: string) =>
  z
    .string({ error: `${name} : une heure au format HH:MM est attendue.` })
    .refine((value) => minutesOf(value) !== null, { error: `${name} : une heure au format HH:MM (par exemple 13:30) est attendue.` });

export const updateHoursSchema = z
  .strictObject(
    {
      agencyId,
      appointmentStart: time("Début des rendez-vous"),
      appointmentEnd: time("Fin des rendez-vous"),
      slotMinutes: z
        .number({ error: "Durée d'un créneau : un nombre de minutes est attendu." })
        .refine((n) => (SLOT_MINUTES as readonly number[]).includes(n), {
          error: `Durée d'un créneau : ${SLOT_MINUTES.join(", ")} minutes au choix.`,
        }),
      initialInterviewMinutes: z
        .number({ error: "Durée du premier entretien : un nombre de minutes est attendu." })
        .int({ error: "Durée du premier entretien : un nombre entier de minutes est attendu." })
        .min(15, { error: "Durée du premier entretien : 15 minutes au moins." })
        .max(INITIAL_INTERVIEW_MAX, { error: `Durée du premier entretien : ${INITIAL_INTERVIEW_MAX} minutes au plus.` }),
    },
    { error: strictError("Horaires des rendez-vous") },
  )
  .superRefine((input, ctx) => {
    const start = minutesOf(input.appointmentStart);
    const end = minutesOf(input.appointmentEnd);
    if (start === null || end === null) return;
    const earliest = minutesOf(HOURS_EARLIEST)!;
    const latest = minutesOf(HOURS_LATEST)!;
    if (start < earliest) {
      ctx.addIssue({ code: "custom", path: ["appointmentStart"], message: `Début des rendez-vous : pas avant ${HOURS_EARLIEST}.` });
    }
    if (end > latest) {
      ctx.addIssue({ code: "custom", path: ["appointmentEnd"], message: `Fin des rendez-vous : pas après ${HOURS_LATEST}.` });
    }
    if (end <= start) {
      ctx.addIssue({
        code: "custom",
        path: ["appointmentEnd"],
        message: `Fin des rendez-vous : elle doit suivre le début (${input.appointmentStart}).`,
      });
      return;
    }
    const slot = input.slotMinutes;
    if (!(SLOT_MINUTES as readonly number[]).includes(slot)) return;
    const span = end - start;
    if (span % slot !== 0) {
      ctx.addIssue({
        code: "custom",
        path: ["appointmentEnd"],
        message: `La plage ${input.appointmentStart}–${input.appointmentEnd} (${span} minutes) doit se découper en créneaux entiers de ${slot} minutes.`,
      });
    }
    if (Number.isInteger(input.initialInterviewMinutes)) {
      if (input.initialInterviewMinutes % slot !== 0) {
        ctx.addIssue({
          code: "custom",
          path: ["initialInterviewMinutes"],
          message: `Durée du premier entretien : un multiple de la durée d'un créneau (${slot} minutes) est attendu.`,
        });
      }
      if (input.initialInterviewMinutes > span) {
        ctx.addIssue({
          code: "custom",
          path: ["initialInterviewMinutes"],
          message: `Durée du premier entretien : ${input.initialInterviewMinutes} minutes ne tiennent pas dans la plage ${input.appointmentStart}–${input.appointmentEnd} (${span} minutes).`,
        });
      }
    }
  });

// ---------------------------------------------------------------------------------------------------------------
// First-interview deadline

export const updateDeadlineSchema = z.strictObject(
  {
    agencyId,
    firstInterviewDeadlineDays: z
      .number({ error: "Délai du premier entretien : un nombre de jours est attendu." })
      .int({ error: "Délai du premier entretien : un nombre entier de jours est attendu." })
      .min(DEADLINE_MIN_DAYS, { error: `Délai du premier entretien : ${DEADLINE_MIN_DAYS} jour au moins.` })
      .max(DEADLINE_MAX_DAYS, { error: `Délai du premier entretien : ${DEADLINE_MAX_DAYS} jours au plus.` }),
  },
  { error: strictError("Délai du premier entretien") },
);

// ---------------------------------------------------------------------------------------------------------------
// Minimum notice of a moved appointment (docs/rules.md#moving-an-appointment)

export const updateMinNoticeSchema = z.strictObject(
  {
    agencyId,
    minNoticeDays: z
      .number({ error: "Délai de prévenance : un nombre de jours est attendu." })
      .int({ error: "Délai de prévenance : un nombre entier de jours est attendu." })
      .min(MIN_NOTICE_BOUNDS.min, { error: `Délai de prévenance : ${MIN_NOTICE_BOUNDS.min} jour au moins.` })
      .max(MIN_NOTICE_BOUNDS.max, { error: `Délai de prévenance : ${MIN_NOTICE_BOUNDS.max} jours au plus.` }),
  },
  { error: strictError("Délai de prévenance") },
);

// ---------------------------------------------------------------------------------------------------------------
// Reminders before appointments (docs/rules.md#reminders)

export const updateRemindersSchema = z
  .strictObject(
    {
      agencyId,
      reminderDaysBefore: z
        .number({ error: "Rappel avant un rendez-vous : un nombre de jours est attendu." })
        .int({ error: "Rappel avant un rendez-vous : un nombre entier de jours est attendu." })
        .min(REMINDER_DAYS_BOUNDS.min, { error: `Rappel avant un rendez-vous : ${REMINDER_DAYS_BOUNDS.min} jour au moins (0 : pas de rappel).` })
        .max(REMINDER_DAYS_BOUNDS.max, { error: `Rappel avant un rendez-vous : ${REMINDER_DAYS_BOUNDS.max} jours au plus.` }),
      reminderByEmail: z.boolean({ error: "Rappel par e-mail : vrai ou faux attendu." }),
      reminderBySms: z.boolean({ error: "Rappel par SMS : vrai ou faux attendu." }),
    },
    { error: strictError("Rappels avant les rendez-vous") },
  )
  .superRefine((input, ctx) => {
    if (input.reminderDaysBefore > 0 && !input.reminderByEmail && !input.reminderBySms) {
      ctx.addIssue({
        code: "custom",
        path: ["reminderByEmail"],
        message: "Rappels : choisissez l'e-mail, le SMS ou les deux — ou 0 jour pour ne plus envoyer de rappel.",
      });
    }
  });

// ---------------------------------------------------------------------------------------------------------------
// Retention of closed files (docs/rules.md#retention)

export const updateRetentionSchema = z.strictObject(
  {
    agencyId,
    closedFileRetentionMonths: z
      .number({ error: "Conservation des dossiers clos : un nombre de mois est attendu." })
      .int({ error: "Conservation des dossiers clos : un nombre entier de mois est attendu." })
      .min(CLOSED_FILE_RETENTION_BOUNDS.min, { error: `Conservation des dossiers clos : ${CLOSED_FILE_RETENTION_BOUNDS.min} mois au moins.` })
      .max(CLOSED_FILE_RETENTION_BOUNDS.max, { error: `Conservation des dossiers clos : ${CLOSED_FILE_RETENTION_BOUNDS.max} mois au plus.` }),
  },
  { error: strictError("Conservation des dossiers clos") },
);

// ---------------------------------------------------------------------------------------------------------------
// Reply deadline of the seekers' messages (docs/rules.md#conversations)

export const updateMessageReplySchema = z.strictObject(
  {
    agencyId,
    messageReplyWorkingDays: z
      .number({ error: "Délai de réponse aux messages : un nombre de jours ouvrés est attendu." })
      .int({ error: "Délai de réponse aux messages : un nombre entier de jours ouvrés est attendu." })
      .min(MESSAGE_REPLY_DAYS_BOUNDS.min, { error: `Délai de réponse aux messages : ${MESSAGE_REPLY_DAYS_BOUNDS.min} jour ouvré au moins.` })
      .max(MESSAGE_REPLY_DAYS_BOUNDS.max, { error: `Délai de réponse aux messages : ${MESSAGE_REPLY_DAYS_BOUNDS.max} jours ouvrés au plus.` }),
  },
  { error: strictError("Délai de réponse aux messages") },
);

// ---------------------------------------------------------------------------------------------------------------
// Global partnership

export const updatePartnershipSchema = z.strictObject(
  {
    agencyId,
    globalPartnership: z.boolean({ error: "Accompagnement global : vrai ou faux attendu." }),
    /** The manager has read what ending the partnership means for the seekers followed in global and goes on. */
    confirmGlobalSeekers: z.boolean({ error: "Confirmation : vrai ou faux attendu." }).optional(),
  },
  { error: strictError("Accompagnement global") },
);

// ---------------------------------------------------------------------------------------------------------------
// The agency's offer (issue 20): the 2014 modalities or the 2025 offer

export const AGENCY_OFFERS = ["OFFRE_2014", "OFFRE_2025"] as const;

export const updateOfferSchema = z.strictObject(
  {
    agencyId,
    offer: z.enum(AGENCY_OFFERS, { error: "Offre de suivi : « OFFRE_2014 » ou « OFFRE_2025 » attendu." }),
    /** The manager has read what the change means (the first submission answers with it) and goes on. */
    confirmOffer: z.boolean({ error: "Confirmation : vrai ou faux attendu." }).optional(),
  },
  { error: strictError("Offre de suivi") },
);

// ---------------------------------------------------------------------------------------------------------------
// Social workers' accounts

const personName = (name: string) =>
  z
    .string({ error: `${name} : un texte est attendu.` })
    .trim()
    .min(1, { error: `${name} : obligatoire.` })
    .max(100, { error: `${name} : 100 caractères au plus.` })
    .regex(/^[\p{L}\p{M}][\p{L}\p{M}' .-]*$/u, { error: `${name} : lettres, espaces, apostrophes et tirets seulement.` });

export const createSocialWorkerSchema = z.strictObject(
  {
    agencyId,
    firstName: personName("Prénom"),
    lastName: personName("Nom"),
    email: z
      .string({ error: "Adresse e-mail : un texte est attendu." })
      .trim()
      .toLowerCase()
      .max(254, { error: "Adresse e-mail : 254 caractères au plus." })
      .pipe(z.email({ error: "Adresse e-mail invalide." })),
  },
  { error: strictError("Compte de travailleur social") },
);
export type CreateSocialWorkerInput = z.input<typeof createSocialWorkerSchema>;

export const deactivateSocialWorkerSchema = z.strictObject(
  {
    agencyId,
    userId,
    /** An active social worker of the agency who takes over the open tandems (required when there are some). */
    transferToId: z.uuid({ error: "Travailleur social repreneur : identifiant invalide." }).optional(),
  },
  { error: strictError("Désactivation du compte") },
);

export const reactivateSocialWorkerSchema = z.strictObject({ agencyId, userId }, { error: strictError("Réactivation du compte") });
