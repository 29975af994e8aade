/**
 * The manager's rebalancing actions (issue #5): move selected seekers, apply a previewed balancing plan. The
 * preview itself is read by the page (`proposeBalance`), so it needs no public endpoint. Built with the default
 * actor resolver by the "use server" file, with an injected one (and clock) by the tests.
 */
import { authorizedAction } from "@/server/auth/guard";
import type { Actor } from "@/server/auth/policy";
import { applyBalance, moveSeekers } from "@/server/use-cases/rebalance";
import { applyBalanceSchema, moveSeekersSchema } from "@/server/use-cases/rebalance.schema";

type ResolveActor = (() => Promise<Actor | null>) | undefined;
type Clock = () => Date;

export function buildRebalanceActions(resolveActor?: ResolveActor, clock: Clock = () => new Date()) {
  return {
    moveSeekers: authorizedAction({
      name: "portfolio.moveSeekers",
      permission: "portfolio:rebalance",
      schema: moveSeekersSchema,
      resolveActor,
      run: (actor, input) => moveSeekers(actor, input, { now: clock() }),
    }),
    applyBalance: authorizedAction({
      name: "portfolio.applyBalance",
      permission: "portfolio:rebalance",
      schema: applyBalanceSchema,
      resolveActor,
      run: (actor, input) => applyBalance(actor, input, { now: clock() }),
    }),
  };
}
