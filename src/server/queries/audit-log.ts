import "server-only";
import { readPrisma } from "@/server/db";
import { agencyScope, seekerScope, type Actor } from "@/server/auth/policy";
import type { Prisma, Role } from "@/generated/prisma/client";
import { APPOINTMENT_KIND_LABELS, MODALITY_SHORT_LABELS, timeZoneOf } from "@/domain";
import { auditActionLabel, auditAnonymousActor, auditDetails, auditReferences, type AuditNames, type AuditReferences } from "@/lib/audit-vocabulary";
import { formatShortDateTime } from "@/lib/format";
import { ROLE_LABELS } from "@/lib/labels";
import { isUuid } from "@/lib/route-params";
import { pageWindow } from "./pagination";

export const AUDIT_PAGE_SIZE = 50;

type AuditLogFilter = { agencyId: string; advisorId?: string; seeker?: string; page: number };

type AuditLogRow = {
  id: string;
  at: Date;
  /** The stored key (an old row may hold a key no longer written). */
  action: string;
  /** Its French label (`AUDIT_ACTIONS`), or the raw key for an old one. */
  label: string;
  /** Who did it: name and role, or who an entry without an actor comes from (nobody signed in, Modalis). */
  actor: { name: string; role: Role | null };
  /** What changed, in French phrases, from which value to which. */
  details: string[];
  /** Whom it concerns: « NOM Prénom (identifiant) » for seekers, « Prénom Nom (rôle) » for staff. */
  concerns: string[];
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

/**
 * The agency's audit journal, newest first, optionally for one staff member (as actor) or one seeker: each entry in
 * French — its label, what changed from which value to which, and whom it concerns, the identifiers resolved to names
 * within the reader's scope.
 */
export async function auditLog(actor: Actor, filter: AuditLogFilter): Promise<AuditLog | null> {
  const db = await readPrisma();
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
        select: { id: true, createdAt: true, action: true, actorId: true, actorRole: true, subjectType: true, subjectId: true, seekerId: true, metadata: true },
      });
  const zone = timeZoneOf(agency.departement);
  const entries = events.map((event) => ({ event, refs: auditReferences(event) }));
  // Metadata is free JSON: only well-formed ids reach the uuid columns.
  const ids = (pick: (r: AuditReferences) => string[]) => [...new Set(entries.flatMap((e) => pick(e.refs)).filter(isUuid))];
  const actorIds = [...new Set(events.map((e) => e.actorId).filter((id): id is string => id !== null))];
  const userIds = ids((r) => r.users);
  const portfolioIds = ids((r) => r.portfolios);
  const seekerIds = ids((r) => r.seekers);
  const appointmentIds = ids((r) => r.appointments);
  // One round for the whole page. Actors are named wherever they come from (an administrator acting on the
  // agency); everything else only within the agency and the reader's scope — an id outside it reads « inconnu ».
  const [users, seekers, appointments] = await Promise.all([
    actorIds.length + userIds.length + portfolioIds.length
      ? db.user.findMany({
          where: {
            OR: [
              { id: { in: actorIds } },
              { agency: agencyScope(actor), agencyId: agency.id, OR: [{ id: { in: userIds } }, { portfolios: { some: { id: { in: portfolioIds } } } }] },
            ],
          },
          select: {
            id: true,
            firstName: true,
            lastName: true,
            role: true,
            agencyId: true,
            portfolios: { where: { id: { in: portfolioIds }, agencyId: agency.id }, select: { id: true, modality: true } },
          },
        })
      : [],
    seekerIds.length
      ? db.seeker.findMany({
          where: { AND: [seekerScope(actor), { agencyId: agency.id, id: { in: seekerIds } }] },
          select: { id: true, franceTravailId: true, firstName: true, lastName: true },
        })
      : [],
    appointmentIds.length
      ? db.appointment.findMany({
          where: { agencyId: agency.id, id: { in: appointmentIds }, seeker: seekerScope(actor) },
          select: { id: true, kind: true, startsAt: true },
        })
      : [],
  ]);
  const fullName = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`;
  const inAgency = users.filter((u) => u.agencyId === agency.id);
  const names: AuditNames = {
    users: new Map(inAgency.map((u) => [u.id, fullName(u)])),
    portfolios: new Map(inAgency.flatMap((u) => u.portfolios.map((p) => [p.id, `${fullName(u)} (${MODALITY_SHORT_LABELS[p.modality]})`] as const))),
    appointments: new Map(appointments.map((a) => [a.id, { kind: APPOINTMENT_KIND_LABELS[a.kind], when: formatShortDateTime(a.startsAt, zone) }])),
  };
  const actorById = new Map(users.map((u) => [u.id, fullName(u)]));
  const staffById = new Map(inAgency.map((u) => [u.id, `${fullName(u)} (${ROLE_LABELS[u.role]})`]));
  const ownerOfPortfolio = new Map(inAgency.flatMap((u) => u.portfolios.map((p) => [p.id, u.id] as const)));
  const seekerById = new Map(seekers.map((s) => [s.id, `${s.lastName.toUpperCase()} ${s.firstName} (${s.franceTravailId})`]));
  const concerns = (r: AuditReferences): string[] => {
    const staff = [...new Set([...r.users, ...r.portfolios.flatMap((id) => ownerOfPortfolio.get(id) ?? [])])];
    return [...r.seekers.flatMap((id) => seekerById.get(id) ?? []), ...staff.flatMap((id) => staffById.get(id) ?? [])];
  };
  return {
    agency,
    staff: staff.map((s) => ({ id: s.id, name: `${s.firstName} ${s.lastName}`, role: s.role })),
    unknownSeeker,
    rows: entries.map(({ event: e, refs }) => ({
      id: e.id,
      at: e.createdAt,
      action: e.action,
      label: auditActionLabel(e.action),
      actor: e.actorId ? { name: actorById.get(e.actorId) ?? "Compte supprimé", role: e.actorRole } : { name: auditAnonymousActor(e.action), role: null },
      details: auditDetails(e, names),
      concerns: concerns(refs),
    })),
    total,
    page,
    pageCount,
  };
}
