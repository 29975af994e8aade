/**
 * The one place a use case applies the policy's permissions and row scopes (policy.ts): a missing permission is
 * FORBIDDEN; a row outside the actor's scope is NOT_FOUND, the same answer as for a row that does not exist, so that
 * nobody learns which agencies or seekers exist elsewhere.
 */
import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { DomainError } from "@/server/errors";
import { hasPermission, isAgencyInScope, SEEKER_SCOPES, type Actor, type Permission, type SeekerScopeName } from "./policy";

/** FORBIDDEN with `message` unless the actor's role has `permission` (and, but for administrators, an agency). */
export function requirePermission(actor: Actor, permission: Permission, message: string): void {
  if (!hasPermission(actor, permission) || (actor.role !== "ADMIN" && !actor.agencyId)) throw new DomainError("FORBIDDEN", message);
}

/** NOT_FOUND with `message` unless the agency is the actor's own (any agency for an administrator). */
export function requireAgencyInScope(actor: Actor, agencyId: string, message: string): void {
  if (!isAgencyInScope(actor, agencyId)) throw new DomainError("NOT_FOUND", message);
}

/** The Prisma filter of one seeker within the named scope. */
function seekerInScope(actor: Actor, scope: SeekerScopeName, seekerId?: string): Prisma.SeekerWhereInput {
  const filter = SEEKER_SCOPES[scope](actor);
  return seekerId === undefined ? filter : { AND: [filter, { id: seekerId }] };
}

type SeekerReader = { seeker: { findFirst: Prisma.TransactionClient["seeker"]["findFirst"] } };

/** The seeker (with `select`) if it is within the named scope, else NOT_FOUND with `message`. */
export async function requireSeekerInScope<Select extends Prisma.SeekerSelect>(
  tx: SeekerReader,
  actor: Actor,
  scope: SeekerScopeName,
  seekerId: string | undefined,
  select: Select,
  message: string,
): Promise<Prisma.SeekerGetPayload<{ select: Select }>> {
  const seeker = await tx.seeker.findFirst({ where: seekerInScope(actor, scope, seekerId), select });
  if (!seeker) throw new DomainError("NOT_FOUND", message);
  return seeker as Prisma.SeekerGetPayload<{ select: Select }>;
}
