/**
 * What the seeker's own reads share (`/mon-espace`, calendar files, data export): the signed-in seeker's record, and
 * their appointments read by that record's id only, never by an id taken from the request alone.
 */
import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { seekerScope, type Actor } from "@/server/auth/policy";
import type { CalendarAppointment } from "@/lib/appointment-calendar";
import { person } from "./selects";

export type Db = Prisma.TransactionClient;

export const agencySelect = { select: { name: true, address: true, departement: true } } as const;
const appointmentSelect = {
  id: true,
  replacesId: true,
  kind: true,
  channel: true,
  status: true,
  startsAt: true,
  endsAt: true,
  createdAt: true,
  outcomeAt: true,
  advisor: person,
  socialWorker: person,
  agency: agencySelect,
} as const;

/** All of one seeker's appointments (every chain complete), oldest first. */
export async function appointmentsOf(db: Db, seekerId: string): Promise<CalendarAppointment[]> {
  return db.appointment.findMany({
    where: { seekerId },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    select: appointmentSelect,
  });
}

/** The signed-in seeker's own record id and agency, or null (never anyone else's). */
export async function ownSeeker(db: Db, actor: Actor) {
  if (actor.role !== "SEEKER") return null;
  return db.seeker.findFirst({ where: seekerScope(actor), select: { id: true, agencyId: true } });
}

/** The ids of the appointments another one replaces (moved to another date). */
export function replacedIds(appointments: readonly { replacesId: string | null }[]): Set<string> {
  return new Set(appointments.map((a) => a.replacesId).filter((id): id is string => id !== null));
}
