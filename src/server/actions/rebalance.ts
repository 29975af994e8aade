"use server";
/** Server actions of the manager's rebalancing pages (issue #5); see rebalance-actions.ts for how each is built. */
import type { ActionResult } from "@/server/auth/guard";
import type { MoveResult } from "@/server/use-cases/rebalance";
import { buildRebalanceActions } from "./rebalance-actions";

const actions = buildRebalanceActions();

export async function moveSeekersAction(input: unknown): Promise<ActionResult<MoveResult>> {
  return actions.moveSeekers(input);
}

export async function applyBalanceAction(input: unknown): Promise<ActionResult<MoveResult>> {
  return actions.applyBalance(input);
}
