/** Inputs of the conversations (docs/rules.md#conversations): strict, French messages. */
import { z } from "zod";
import { unknownKeys } from "./strict-input";
import { MESSAGE_MAX_LENGTH, normaliseMessageBody } from "@/domain";

const seekerId = z.uuid({ error: "Demandeur : identifiant invalide." }).optional();

export const sendMessageSchema = z.strictObject(
  {
    /** Omitted by the seeker (their own conversation). */
    seekerId,
    body: z
      .string({ error: "Message : un texte est attendu." })
      .refine((value) => normaliseMessageBody(value) !== null, { error: "Le message est vide : écrivez quelques mots avant d'envoyer." })
      .refine((value) => (normaliseMessageBody(value) ?? "").length <= MESSAGE_MAX_LENGTH, {
        error: `Le message est trop long : ${MESSAGE_MAX_LENGTH} caractères au plus.`,
      }),
  },
  { error: unknownKeys("Message") },
);

export const openConversationSchema = z.strictObject({ seekerId }, { error: unknownKeys("Conversation") });
