"use server";
/**
 * Server actions of the breaches under the 2025 offer (docs/rules.md#breaches-2025): the advisor in charge reports a
 * breach and records its notice and the person's answer; the agency's manager enters the decision; the advisor or
 * the manager records the remobilisation. Authentication, permission and the strict schema are the guard's; the use
 * cases apply the row scope and the breach's state machine.
 */
import { authorizedAction } from "@/server/auth/guard";
import { answerBreach, decideBreach, liftBreach, notifyBreach, reportBreach } from "@/server/use-cases/breaches";
import { answerBreachSchema, decideBreachSchema, liftBreachSchema, notifyBreachSchema, reportBreachSchema } from "@/server/use-cases/breaches.schema";

const FILES = ["/conseiller/demandeurs/[id]", "/agence/demandeurs/[id]", "/mon-espace"];

export const reportBreachAction = authorizedAction({
  name: "breach.report",
  permission: "breach:report",
  schema: reportBreachSchema,
  revalidates: FILES,
  run: (actor, input) => reportBreach(actor, input),
});

export const notifyBreachAction = authorizedAction({
  name: "breach.notify",
  permission: "breach:report",
  schema: notifyBreachSchema,
  revalidates: FILES,
  run: (actor, input) => notifyBreach(actor, input),
});

export const answerBreachAction = authorizedAction({
  name: "breach.answer",
  permission: "breach:report",
  schema: answerBreachSchema,
  revalidates: FILES,
  run: (actor, input) => answerBreach(actor, input),
});

export const decideBreachAction = authorizedAction({
  name: "breach.decide",
  permission: "breach:decide",
  schema: decideBreachSchema,
  revalidates: FILES,
  run: (actor, input) => decideBreach(actor, input),
});

export const liftBreachAction = authorizedAction({
  name: "breach.lift",
  permission: "breach:lift",
  schema: liftBreachSchema,
  revalidates: FILES,
  run: (actor, input) => liftBreach(actor, input),
});
