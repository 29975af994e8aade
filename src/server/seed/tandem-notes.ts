/**
 * The demo's tandem file (docs/rules.md#the-tandem-file): on the first GLOBAL seeker (by France Travail id) of the demo
 * social worker's open tandems, two notes — one from the social worker, one from the advisor in charge — and, when
 * none is planned, a joint meeting in the first slot free for both from the next week on. Deterministic (dates from
 * the seed's now, the seeker chosen by its id), written with the rest of the demo in its transaction.
 */
import { addDays, BusyCalendar, findFreeSlot, localDateOf, timeZoneOf } from "@/domain";
import type { Prisma } from "@/generated/prisma/client";

const DAY = 86_400_000;

export async function writeDemoTandemFile(tx: Prisma.TransactionClient, nowMs: number): Promise<number> {
  const worker = await tx.user.findUnique({ where: { email: "travailleur.social@modalis.demo" }, select: { id: true } });
  if (!worker) return 0;
  const seeker = await tx.seeker.findFirst({
    where: { status: "FOLLOWED", modality: "GLOBAL", portfolioId: { not: null }, tandems: { some: { socialWorkerId: worker.id, endedAt: null } } },
    orderBy: { franceTravailId: "asc" },
    select: {
      id: true,
      agencyId: true,
      agency: { select: { departement: true, appointmentStart: true, appointmentEnd: true, slotMinutes: true } },
      portfolio: { select: { advisorId: true } },
    },
  });
  if (!seeker?.portfolio) return 0;
  const advisorId = seeker.portfolio.advisorId;
  const note = (authorId: string, authorRole: "SOCIAL_WORKER" | "ADVISOR", daysAgo: number, text: string) => ({
    agencyId: seeker.agencyId,
    seekerId: seeker.id,
    authorId,
    authorRole,
    text,
    createdAt: new Date(nowMs - daysAgo * DAY),
  });
  await tx.tandemNote.createMany({
    data: [
      note(worker.id, "SOCIAL_WORKER", 9, "Premier contact : dossier d'aide au logement déposé à la CAF, réponse attendue sous un mois."),
      note(advisorId, "ADVISOR", 6, "Vu en entretien : la personne souhaite une formation courte dès que la situation de logement sera réglée."),
      note(worker.id, "SOCIAL_WORKER", 2, "Solution de garde trouvée pour les mercredis. À faire le point ensemble au rendez-vous à trois."),
    ],
  });
  let written = 3;
  const planned = await tx.appointment.count({
    where: { seekerId: seeker.id, kind: "JOINT_GLOBAL", status: "SCHEDULED", startsAt: { gt: new Date(nowMs) } },
  });
  if (planned === 0) {
    const busyRows = await tx.appointment.findMany({
      where: { OR: [{ advisorId }, { socialWorkerId: worker.id }], status: { not: "CANCELLED" }, endsAt: { gt: new Date(nowMs) } },
      select: { startsAt: true, endsAt: true },
    });
    const busy = BusyCalendar.fromEpochMs(busyRows.map((r) => [r.startsAt.getTime(), r.endsAt.getTime()] as const));
    const zone = timeZoneOf(seeker.agency.departement);
    const { appointmentStart: start, appointmentEnd: end, slotMinutes } = seeker.agency;
    const closures = await tx.agencyClosure.findMany({ where: { agencyId: seeker.agencyId }, select: { day: true } });
    const slot = findFreeSlot({
      closures: closures.map((c) => c.day.toISOString().slice(0, 10)),
      departement: seeker.agency.departement,
      from: addDays(localDateOf(new Date(nowMs).toISOString(), zone), 7),
      busy,
      hours: { start, end, slotMinutes },
    });
    if (slot) {
      const startsAt = new Date(slot);
      await tx.appointment.create({
        data: {
          agencyId: seeker.agencyId,
          seekerId: seeker.id,
          advisorId,
          socialWorkerId: worker.id,
          kind: "JOINT_GLOBAL",
          channel: "AGENCY",
          startsAt,
          endsAt: new Date(startsAt.getTime() + slotMinutes * 60_000),
          createdAt: new Date(nowMs),
        },
        select: { id: true },
      });
      written += 1;
    }
  }
  return written;
}
