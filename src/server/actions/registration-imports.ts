"use server";
/** Server action of the registration imports (issue 17): « Importer ces N lignes » (the upload is a route handler). */
import { actionGroup } from "@/server/auth/guard";
import { confirmRegistrationImportAs } from "@/server/use-cases/registration-imports";
import { confirmImportSchema } from "@/server/use-cases/registration-imports.schema";

const importAction = actionGroup({
  permission: "registrations:import",
  revalidates: ["/agence/inscriptions", "/agence/inscriptions/[id]", "/agence", "/agence/attente"],
});

export const confirmRegistrationImportAction = importAction("registrations.confirm", confirmImportSchema, async (actor, input) => {
  const { queued, result } = await confirmRegistrationImportAs(actor, input);
  return { queued, status: result?.status ?? "IMPORTING" };
});
