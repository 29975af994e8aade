/** The agency a manager's page (or an administrator's) opens: scope, time zone and local today. */
import "server-only";
import { prisma } from "@/server/db";
import { agencyScope, hasPermission, type Actor } from "@/server/auth/policy";
import { localDateOf, timeZoneOf } from "@/domain";
import { isUuid } from "@/lib/route-params";
import type { AgencyOffer } from "@/generated/prisma/client";

export type Db = Awaited<ReturnType<typeof prisma>>;
export type AgencyContext = {
  id: string;
  code: string;
  name: string;
  departement: string;
  firstInterviewDeadlineDays: number;
  offer: AgencyOffer;
  timeZone: string;
  today: string;
};

/** The agency if the actor may read its dashboard (MANAGER of it, or ADMIN), with its zone and local today. */
export async function openAgency(db: Db, actor: Actor, agencyId: string, now: Date): Promise<AgencyContext | null> {
  if (!hasPermission(actor, "agency:read")) return null;
  if (!isUuid(agencyId)) return null;
  const agency = await db.agency.findFirst({
    where: { AND: [agencyScope(actor), { id: agencyId }] },
    select: { id: true, code: true, name: true, departement: true, firstInterviewDeadlineDays: true, offer: true },
  });
  if (!agency) return null;
  const timeZone = timeZoneOf(agency.departement);
  return { ...agency, timeZone, today: localDateOf(now.toISOString(), timeZone) };
}

/** The agency a page opens when none is asked for: the manager's own, the first one by name for an admin. */
export async function defaultAgencyId(actor: Actor): Promise<string | null> {
  if (!hasPermission(actor, "agency:read")) return null;
  if (actor.agencyId) return actor.agencyId;
  const db = await prisma();
  const first = await db.agency.findFirst({ where: agencyScope(actor), orderBy: { name: "asc" }, select: { id: true } });
  return first?.id ?? null;
}
