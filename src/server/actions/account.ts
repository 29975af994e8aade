"use server";
/** Server action of « Mon compte »: the signed-in person changes their own password. */
import { authorizedAction } from "@/server/auth/guard";
import { changePassword } from "@/server/use-cases/change-password";
import { changePasswordSchema } from "@/server/use-cases/change-password.schema";

export const changePasswordAction = authorizedAction({
  name: "account.changePassword",
  permission: "account:manage",
  schema: changePasswordSchema,
  revalidates: ["/mon-compte"],
  run: (actor, input) => changePassword(actor, input),
});
