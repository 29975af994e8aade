import "server-only";
import { prisma } from "@/server/db";
import { seekerScope, type Actor } from "@/server/auth/policy";

/** The signed-in seeker's own record with their next appointment (and only theirs). */
export async function mySpace(actor: Actor, now: Date = new Date()) {
  const db = await prisma();
  const seeker = await db.seeker.findFirst({
    where: seekerScope(actor),
    select: {
      id: true,
      firstName: true,
      lastName: true,
      modality: true,
      webOnly: true,
      registrationDate: true,
      agency: { select: { name: true, address: true, departement: true } },
      portfolio: { select: { advisor: { select: { firstName: true, lastName: true } } } },
    },
  });
  if (!seeker) return null;
  const next = await db.appointment.findFirst({
    where: { seekerId: seeker.id, status: "SCHEDULED", startsAt: { gte: now } },
    orderBy: { startsAt: "asc" },
    select: { startsAt: true, endsAt: true, kind: true, channel: true, advisor: { select: { firstName: true, lastName: true } } },
  });
  return { seeker, next };
}
