/**
 * The « confirmer le diagnostic » action (issue #4), built with the default actor resolver by the "use server"
 * file and with an injected one (and clock) by the tests. Kept out of the "use server" file so that the builder
 * is not itself a public endpoint.
 */
import { revalidatePath } from "next/cache";
import { authorizedAction } from "@/server/auth/guard";
import type { Actor } from "@/server/auth/policy";
import { confirmDiagnostic } from "@/server/use-cases/confirm-diagnostic";
import { confirmDiagnosticSchema } from "@/server/use-cases/confirm-diagnostic.schema";

type ResolveActor = (() => Promise<Actor | null>) | undefined;
type Clock = () => Date;

export function buildConfirmDiagnosticActions(resolveActor?: ResolveActor, clock: Clock = () => new Date()) {
  return {
    confirmDiagnostic: authorizedAction({
      name: "diagnostic.confirm",
      permission: "diagnostic:confirm",
      schema: confirmDiagnosticSchema,
      resolveActor,
      run: async (actor, input) => {
        const result = await confirmDiagnostic(actor, input, { now: clock() });
        try {
          revalidatePath("/conseiller");
        } catch {
          // Outside a Next.js request there is no cache to refresh.
        }
        return result;
      },
    }),
  };
}
