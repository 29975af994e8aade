"use server";
/** Server actions of the manager's rebalancing pages (issue #5): move chosen seekers, or apply the proposed balance. */
import { authorizedAction } from "@/server/auth/guard";
import { applyBalance, moveSeekers } from "@/server/use-cases/rebalance";
import { applyBalanceSchema, moveSeekersSchema } from "@/server/use-cases/rebalance.schema";

/** Loads show on the dashboard, the balance page and each portfolio's page. */
const LOAD_PAGES = ["/agence", "/agence/equilibrer", "/agence/portefeuilles/[id]"] as const;

export const moveSeekersAction = authorizedAction({
  name: "portfolio.moveSeekers",
  permission: "portfolio:rebalance",
  schema: moveSeekersSchema,
  revalidates: LOAD_PAGES,
  run: (actor, input) => moveSeekers(actor, input),
});

export const applyBalanceAction = authorizedAction({
  name: "portfolio.applyBalance",
  permission: "portfolio:rebalance",
  schema: applyBalanceSchema,
  revalidates: LOAD_PAGES,
  run: (actor, input) => applyBalance(actor, input),
});
