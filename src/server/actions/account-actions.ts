/** The signed-in person's own account: changing their password. Built with an injectable actor for the tests. */
import { authorizedAction } from "@/server/auth/guard";
import type { Actor } from "@/server/auth/policy";
import { changePassword } from "@/server/use-cases/change-password";
import { changePasswordSchema } from "@/server/use-cases/change-password.schema";

type ResolveActor = (() => Promise<Actor | null>) | undefined;

export function buildAccountActions(resolveActor?: ResolveActor) {
  return {
    changePassword: authorizedAction({
      name: "account.changePassword",
      permission: "account:manage",
      schema: changePasswordSchema,
      resolveActor,
      run: (actor, input) => changePassword(actor, input),
    }),
  };
}
