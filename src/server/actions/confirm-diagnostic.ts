"use server";
/**
 * Server action « confirmer le diagnostic » — the advisor's confirmation (or written override) of the proposal.
 * Authentication, permission and the strict schema are the wrapper's; the use case applies the row scope.
 */
import { revalidatePath } from "next/cache";
import { authorizedAction } from "@/server/auth/guard";
import { confirmDiagnosticSchema } from "@/server/use-cases/confirm-diagnostic.schema";
import { confirmDiagnostic } from "@/server/use-cases/confirm-diagnostic";

const confirm = authorizedAction({
  name: "diagnostic.confirm",
  permission: "diagnostic:confirm",
  schema: confirmDiagnosticSchema,
  run: async (actor, input) => {
    const result = await confirmDiagnostic(actor, input, { now: new Date() });
    try {
      revalidatePath("/conseiller");
    } catch {
      // Outside a Next.js request there is no cache to refresh.
    }
    return result;
  },
});

export async function confirmDiagnosticAction(input: unknown) {
  return confirm(input);
}
