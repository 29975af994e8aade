"use server";
/** Server action of /mon-compte; see account-actions.ts for how it is built. */
import type { ActionResult } from "@/server/auth/guard";
import { buildAccountActions } from "./account-actions";

const actions = buildAccountActions();

export async function changePasswordAction(input: unknown): Promise<ActionResult<{ changed: true }>> {
  return actions.changePassword(input);
}
