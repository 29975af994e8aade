/**
 * Changing one's own password (issue #7): at least 12 characters, long passphrases welcome (up to 256), no
 * composition rules (NIST SP 800-63B), not the e-mail address itself.
 */
import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/server/auth/password";

export const changePasswordSchema = z
  .strictObject(
    {
      currentPassword: z
        .string({ error: "Mot de passe actuel : un texte est attendu." })
        .min(1, { error: "Mot de passe actuel : obligatoire." })
        .max(PASSWORD_MAX_LENGTH, { error: `Mot de passe actuel : ${PASSWORD_MAX_LENGTH} caractères au plus.` }),
      newPassword: z
        .string({ error: "Nouveau mot de passe : un texte est attendu." })
        .min(PASSWORD_MIN_LENGTH, { error: `Nouveau mot de passe : ${PASSWORD_MIN_LENGTH} caractères au moins (une phrase facile à retenir convient).` })
        .max(PASSWORD_MAX_LENGTH, { error: `Nouveau mot de passe : ${PASSWORD_MAX_LENGTH} caractères au plus.` }),
      confirmation: z.string({ error: "Confirmation : un texte est attendu." }).max(PASSWORD_MAX_LENGTH),
    },
    { error: () => "Champ inconnu refusé." },
  )
  .superRefine((input, ctx) => {
    if (input.newPassword !== input.confirmation) {
      ctx.addIssue({ code: "custom", path: ["confirmation"], message: "La confirmation ne correspond pas au nouveau mot de passe." });
    }
    if (input.newPassword === input.currentPassword) {
      ctx.addIssue({ code: "custom", path: ["newPassword"], message: "Le nouveau mot de passe doit être différent de l'actuel." });
    }
  });
