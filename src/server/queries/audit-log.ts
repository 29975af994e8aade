import "server-only";
import { prisma } from "@/server/db";
import { agencyScope, type Actor } from "@/server/auth/policy";
import type { Prisma, Role } from "@/generated/prisma/client";
import { isUuid } from "@/lib/route-params";
import { pageWindow } from "./pagination";

export const AUDIT_PAGE_SIZE = 50;

type AuditLogFilter = { agencyId: string; advisorId?: string; seeker?: string; page: number };

type AuditLogRow = {
  id: string;
  at: Date;
  action: string;
  actor: { name: string; role: Role | null } | null;
  seeker: { franceTravailId: string; name: string } | null;
  metadata: Record<string, unknown>;
};

type AuditLog = {
  agency: { id: string; name: string; departement: string };
  staff: { id: string; name: string; role: Role }[];
  /** The seeker filter could not be matched to a seeker of the agency. */
  unknownSeeker: boolean;
  rows: AuditLogRow[];
  total: number;
  page: number;
  pageCount: number;
};

/** The agency's audit journal, newest first, optionally for one staff member (as actor) or one seeker. */
export async function auditLog(actor: Actor, filter: AuditLogFilter): Promise<AuditLog | null> {
  const db = await prisma();
  const agency = await db.agency.findFirst({
    where: { AND: [agencyScope(actor), { id: filter.agencyId }] },
    select: { id: true, name: true, departement: true },
  });
  if (!agency) return null;
  const staff = await db.user.findMany({
    where: { agencyId: agency.id, role: { in: ["ADVISOR", "MANAGER", "SOCIAL_WORKER"] } },
    select: { id: true, firstName: true, lastName: true, role: true },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }],
  });
  const where: Prisma.AuditEventWhereInput = { agencyId: agency.id };
  if (isUuid(filter.advisorId)) where.actorId = filter.advisorId;
  let unknownSeeker = false;
  const seekerQuery = filter.seeker?.trim();
  if (seekerQuery) {
    const seeker = await db.seeker.findFirst({
      where: { agencyId: agency.id, ...(isUuid(seekerQuery) ? { id: seekerQuery } : { franceTravailId: seekerQuery.toUpperCase() }) },
      select: { id: true },
    });
    if (seeker) where.seekerId = seeker.id;
    else unknownSeeker = true;
  }
  const total = unknownSeeker ? 0 : await db.auditEvent.count({ where });
  const { page, pageCount, offset } = pageWindow(total, filter.page, AUDIT_PAGE_SIZE);
  const events = unknownSeeker
    ? []
    : await db.auditEvent.findMany({
        where,
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        skip: offset,
        take: AUDIT_PAGE_SIZE,
        select: { id: true, createdAt: true, action: true, actorId: true, actorRole: true, seekerId: true, metadata: true },
      });
  const actorIds = [...new Set(events.map((e) => e.actorId).filter((id): id is string => id !== null))];
  const seekerIds = [...new Set(events.map((e) => e.seekerId).filter((id): id is string => id !== null))];
  const [actors, seekers] = await Promise.all([
    actorIds.length ? db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, firstName: true, lastName: true } }) : [],
    seekerIds.length
      ? db.seeker.findMany({ where: { id: { in: seekerIds }, agencyId: agency.id }, select: { id: true, franceTravailId: true, firstName: true, lastName: true } })
      : [],
  ]);
  const actorById = new Map(actors.map((a) => [a.id, `${a.firstName} ${a.lastName}`]));
  const seekerById = new Map(seekers.map((s) => [s.id, { franceTravailId: s.franceTravailId, name: `${s.lastName.toUpperCase()} ${s.firstName}` }]));
  return {
    agency,
    staff: staff.map((s) => ({ id: s.id, name: `${s.firstName} ${s.lastName}`, role: s.role })),
    unknownSeeker,
    rows: events.map((e) => ({
      id: e.id,
      at: e.createdAt,
      action: e.action,
      actor: e.actorId ? { name: actorById.get(e.actorId) ?? "Compte supprimé", role: e.actorRole } : null,
      seeker: e.seekerId ? (seekerById.get(e.seekerId) ?? null) : null,
      metadata: (e.metadata ?? {}) as Record<string, unknown>,
    })),
    total,
    page,
    pageCount,
  };
}
