import "server-only";
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { prisma } from "@/server/db";
import { authOptions } from "./options";
import { hasPermission, type Actor, type Permission } from "./policy";

type TokenSession = { userId?: string; role?: string; sessionVersion?: number } | null;

/**
 * The signed-in actor, re-checked against the database on every call: a disabled account, a changed
 * role or a bumped session version (logout everywhere) is refused at once.
 */
export async function currentActor(): Promise<Actor | null> {
  const session = (await getServerSession(authOptions)) as TokenSession;
  if (!session?.userId) return null;
  const db = await prisma();
  const user = await db.user.findUnique({
    where: { id: session.userId },
    select: { id: true, role: true, agencyId: true, email: true, firstName: true, lastName: true, active: true, sessionVersion: true },
  });
  if (!user || !user.active || user.role !== session.role || user.sessionVersion !== session.sessionVersion) return null;
  return { id: user.id, role: user.role, agencyId: user.agencyId, email: user.email, firstName: user.firstName, lastName: user.lastName };
}

/** For pages: the actor with this permission, or a redirect to the login page, or the 403 page (src/app/forbidden.tsx). */
export async function requirePageActor(permission: Permission): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect("/connexion");
  if (!hasPermission(actor, permission)) forbidden();
  return actor;
}
