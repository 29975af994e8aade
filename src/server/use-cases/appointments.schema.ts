/**
 * Strict input schemas (French messages) of the appointment use cases of the seeker page (issue #4).
 * Unknown keys (e.g. a forged `agencyId`) are refused, never ignored.
 */
import { z } from "zod";
import { unknownKeys } from "./strict-input";
import { addDays, APPOINTMENT_ERA, isValidDate, withinAppointmentEra } from "@/domain";

/** « 01/01/2000 » from « 2000-01-01 ». */
export const frenchDate = (date: string) => date.split("-").reverse().join("/");

const appointmentId = z.uuid({ error: "Identifiant de rendez-vous invalide." });
const seekerId = z.uuid({ error: "Identifiant de demandeur d'emploi invalide." });

const OUTCOMES = ["DONE", "NO_SHOW", "EXCUSED"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const recordOutcomeSchema = z.strictObject(
  {
    appointmentId,
    outcome: z.enum(OUTCOMES, { error: "Issue invalide : honoré, absent ou absence excusée." }),
  },
  { error: unknownKeys("Issue du rendez-vous") },
);

export const cancelAppointmentSchema = z.strictObject({ appointmentId }, { error: unknownKeys("Annulation du rendez-vous") });

const CHANNELS = ["AGENCY", "PHONE", "VIDEO"] as const;

export const rescheduleAppointmentSchema = z
  .strictObject(
    {
      appointmentId,
      /** The slot chosen among those the rule offers (docs/rules.md#moving-an-appointment); re-checked when booked. */
      startsAt: z.iso.datetime({ offset: true, error: "Créneau invalide : une date et une heure sont attendues." }).optional(),
      /** The channel of the moved appointment; the old one's by default. */
      channel: z.enum(CHANNELS, { error: "Canal invalide : en agence, par téléphone ou en visio." }).optional(),
      /** The seeker agreed to a date earlier than the agency's minimum notice. */
      seekerAgreed: z.boolean({ error: "Accord de la personne : vrai ou faux attendu." }).optional(),
      /** Without a chosen slot: the first slot the rule allows on or after this date. */
      date: z
        .string({ error: "Date invalide : format AAAA-MM-JJ attendu." })
        .refine((value) => isValidDate(value), { error: "Date invalide : format AAAA-MM-JJ attendu." })
        // The planning horizon around today is checked by the use case, which knows today; this bound needs no clock.
        .refine((value) => !isValidDate(value) || withinAppointmentEra(value), {
          error: `Date invalide : une date entre le ${frenchDate(APPOINTMENT_ERA.from)} et le ${frenchDate(addDays(APPOINTMENT_ERA.until, -1))} est attendue.`,
        })
        .optional(),
    },
    { error: unknownKeys("Report du rendez-vous") },
  )
  .refine((input) => input.startsAt === undefined || input.date === undefined, {
    error: "Report du rendez-vous : choisissez un créneau ou une date, pas les deux.",
    path: ["date"],
  });

/** The kinds an advisor books on the seeker's file, beyond those planned at the decision. */
export const BOOKABLE_KINDS = ["FOLLOW_UP", "JOINT_GLOBAL"] as const;
export type BookableKind = (typeof BOOKABLE_KINDS)[number];

export const bookAppointmentSchema = z.strictObject(
  {
    seekerId,
    kind: z.enum(BOOKABLE_KINDS, { error: "Type de rendez-vous invalide : entretien de suivi ou entretien tripartite." }),
    /** A slot among those the rule offers (docs/rules.md#moving-an-appointment); checked again when booked. */
    startsAt: z.iso.datetime({ offset: true, error: "Créneau invalide : une date et une heure sont attendues." }),
    channel: z.enum(CHANNELS, { error: "Canal invalide : en agence, par téléphone ou en visio." }),
    seekerAgreed: z.boolean({ error: "Accord de la personne : vrai ou faux attendu." }).optional(),
  },
  { error: unknownKeys("Prise de rendez-vous") },
);

export const setWebOnlySchema = z.strictObject(
  {
    seekerId,
    webOnly: z.boolean({ error: "Choix 100 % web : vrai ou faux attendu." }),
  },
  { error: unknownKeys("Suivi 100 % web") },
);
