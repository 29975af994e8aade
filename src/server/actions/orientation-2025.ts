"use server";
/**
 * Server actions of the 2025 orientation (issue 20): the advisor orients a seeker (confirming or overriding the
 * proposal), the advisor or the manager records the département's decision on an RSA recipient's proposal.
 * Authentication, permission and the strict schema are the guard's; the use cases apply the row scope.
 */
import { authorizedAction } from "@/server/auth/guard";
import { orientSeeker2025, recordDepartementDecision } from "@/server/use-cases/orient-2025";
import { orientSeeker2025Schema, recordDepartementDecisionSchema } from "@/server/use-cases/orient-2025.schema";

export const orientSeeker2025Action = authorizedAction({
  name: "orientation.orient",
  permission: "diagnostic:confirm",
  schema: orientSeeker2025Schema,
  revalidates: ["/conseiller", "/conseiller/demandeurs/[id]"],
  run: (actor, input) => orientSeeker2025(actor, input),
});

export const recordDepartementDecisionAction = authorizedAction({
  name: "orientation.recordDepartementDecision",
  permission: "orientation:departement-decision",
  schema: recordDepartementDecisionSchema,
  revalidates: ["/conseiller", "/conseiller/demandeurs/[id]", "/agence/demandeurs/[id]"],
  run: (actor, input) => recordDepartementDecision(actor, input),
});
