import "server-only";
import { prisma } from "@/server/db";
import type { Actor } from "@/server/auth/policy";
import type { AppointmentKind, Modality } from "@/generated/prisma/client";

export const CASELOAD_PAGE_SIZE = 25;

export type CaseloadRow = {
  id: string;
  franceTravailId: string;
  firstName: string;
  lastName: string;
  modality: Modality | null;
  webOnly: boolean;
  nextAppointment: { startsAt: Date; kind: AppointmentKind } | null;
};

export type CaseloadPage = { rows: CaseloadRow[]; total: number; page: number; pageCount: number; timeZoneDepartement: string | null };

/** The seekers of the advisor's own portfolios, by name, one page at a time, each with their next appointment. */
export async function listCaseload(actor: Actor, page: number, now: Date = new Date()): Promise<CaseloadPage> {
  const db = await prisma();
  const where = { agencyId: actor.agencyId ?? "", portfolio: { advisorId: actor.id } };
  const [total, agency] = await Promise.all([
    db.seeker.count({ where }),
    actor.agencyId ? db.agency.findUnique({ where: { id: actor.agencyId }, select: { departement: true } }) : null,
  ]);
  const pageCount = Math.max(1, Math.ceil(total / CASELOAD_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  const seekers = await db.seeker.findMany({
    where,
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    skip: (current - 1) * CASELOAD_PAGE_SIZE,
    take: CASELOAD_PAGE_SIZE,
    select: { id: true, franceTravailId: true, firstName: true, lastName: true, modality: true, webOnly: true },
  });
  const upcoming = await db.appointment.findMany({
    where: { seekerId: { in: seekers.map((s) => s.id) }, status: "SCHEDULED", startsAt: { gte: now } },
    orderBy: { startsAt: "asc" },
    select: { seekerId: true, startsAt: true, kind: true },
  });
  const nextBySeeker = new Map<string, { startsAt: Date; kind: AppointmentKind }>();
  for (const appointment of upcoming) {
    if (!nextBySeeker.has(appointment.seekerId)) nextBySeeker.set(appointment.seekerId, appointment);
  }
  return {
    rows: seekers.map((seeker) => ({ ...seeker, nextAppointment: nextBySeeker.get(seeker.id) ?? null })),
    total,
    page: current,
    pageCount,
    timeZoneDepartement: agency?.departement ?? null,
  };
}
