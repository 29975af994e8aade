/**
 * Strict input schemas (French messages) of the tandem file (docs/rules.md#the-tandem-file): a note shared by the
 * social worker and the advisor, and an appointment the social worker books from the tandem file.
 */
import { z } from "zod";
import { unknownKeys } from "./strict-input";

const seekerId = z.uuid({ error: "Identifiant de demandeur d'emploi invalide." });

/** The longest note (characters, after trimming); the database refuses longer ones too. */
export const TANDEM_NOTE_MAX_LENGTH = 2000;

// Control characters other than the line feed and the tab: nothing a person types in a note.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/;

export const addTandemNoteSchema = z.strictObject(
  {
    seekerId,
    text: z
      .string({ error: "Note : un texte est attendu." })
      .transform((text) => text.replace(/\r\n?/g, "\n").trim())
      .refine((text) => text.length > 0, { error: "Note : écrivez quelques mots avant d'enregistrer." })
      .refine((text) => text.length <= TANDEM_NOTE_MAX_LENGTH, {
        error: `Note : ${TANDEM_NOTE_MAX_LENGTH} caractères au plus.`,
      })
      .refine((text) => !CONTROL.test(text), { error: "Note : du texte simple est attendu (caractères de contrôle refusés)." }),
  },
  { error: unknownKeys("Note du binôme") },
);

/** The kinds the social worker books from the tandem file. */
export const TANDEM_BOOKABLE_KINDS = ["JOINT_GLOBAL", "SOCIAL_REVIEW"] as const;
export type TandemBookableKind = (typeof TANDEM_BOOKABLE_KINDS)[number];

const CHANNELS = ["AGENCY", "PHONE", "VIDEO"] as const;

export const bookTandemAppointmentSchema = z.strictObject(
  {
    seekerId,
    kind: z.enum(TANDEM_BOOKABLE_KINDS, { error: "Type de rendez-vous invalide : entretien tripartite ou bilan des freins sociaux." }),
    /** A slot among those the rule offers (docs/rules.md#moving-an-appointment); checked again when booked. */
    startsAt: z.iso.datetime({ offset: true, error: "Créneau invalide : une date et une heure sont attendues." }),
    channel: z.enum(CHANNELS, { error: "Canal invalide : en agence, par téléphone ou en visio." }),
    seekerAgreed: z.boolean({ error: "Accord de la personne : vrai ou faux attendu." }).optional(),
  },
  { error: unknownKeys("Prise de rendez-vous du binôme") },
);
