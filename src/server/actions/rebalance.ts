"use server";
/** Server actions of the manager's rebalancing pages (issue #5): move chosen seekers, or apply the proposed balance. */
import { actionGroup } from "@/server/auth/guard";
import { applyBalance, moveSeekers } from "@/server/use-cases/rebalance";
import { applyBalanceSchema, moveSeekersSchema } from "@/server/use-cases/rebalance.schema";

/** Loads show on the dashboard, the balance page and each portfolio's page. */
const rebalanceAction = actionGroup({ permission: "portfolio:rebalance", revalidates: ["/agence", "/agence/equilibrer", "/agence/portefeuilles/[id]"] });

export const moveSeekersAction = rebalanceAction("portfolio.moveSeekers", moveSeekersSchema, moveSeekers);

export const applyBalanceAction = rebalanceAction("portfolio.applyBalance", applyBalanceSchema, applyBalance);
