/** The agencies a file may be transferred to (names only): every agency but the file's own. */
import "server-only";
import { prisma } from "@/server/db";
import { hasPermission, type Actor } from "@/server/auth/policy";

export type TransferTarget = { id: string; name: string; departement: string };

export async function transferTargets(actor: Actor, currentAgencyId: string): Promise<TransferTarget[]> {
  if (!hasPermission(actor, "seeker:lifecycle")) return [];
  const db = await prisma();
  return db.agency.findMany({ where: { id: { not: currentAgencyId } }, orderBy: { name: "asc" }, select: { id: true, name: true, departement: true } });
}
