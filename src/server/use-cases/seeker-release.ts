/**
 * What a file leaving its advisor's hands undoes (docs/rules.md#exits-reopening-and-transfers), shared by an exit and a
 * transfer to another agency, in the caller's transaction: the portfolio place is freed (the open assignment ended,
 * `Seeker.portfolioId` null), the appointments still to come cancelled (their queued reminders cancelled and the
 * seeker told, through the outbox, by a cancellation notice whose calendar file cancels the event), the open tandem
 * ended, and a pending request to place the seeker beyond the caps cancelled.
 */
import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { queueCancellationNotices } from "@/server/messages/notices";
import type { Tx } from "./kit";

export type Released = {
  /** The advisor whose portfolio held the seeker, if any. */
  previousAdvisorId: string | null;
  previousPortfolioId: string | null;
  cancelledAppointmentIds: string[];
  tandemEnded: boolean;
  placementRequestsCancelled: number;
};

/** Locks the seeker row (FOR UPDATE) and reads what a release needs; null when it does not exist. */
export async function lockSeekerForLifeCycle(tx: Tx, seekerId: string) {
  await tx.$queryRaw`SELECT "id" FROM "Seeker" WHERE "id" = ${seekerId}::uuid FOR UPDATE`;
  return tx.seeker.findUnique({
    where: { id: seekerId },
    select: {
      id: true,
      agencyId: true,
      status: true,
      portfolioId: true,
      anonymisedAt: true,
      exitReason: true,
      portfolio: { select: { id: true, advisorId: true } },
    },
  });
}

export type LifeCycleSeeker = NonNullable<Awaited<ReturnType<typeof lockSeekerForLifeCycle>>>;

/**
 * Frees the seeker (locked by the caller) from their advisor at `now`. Call it BEFORE changing `Seeker.agencyId`: the
 * cancellation notices are signed by the agency that had booked the appointments.
 */
export async function releaseSeeker(tx: Tx, seeker: LifeCycleSeeker, { now, actorId }: { now: Date; actorId: string | null }): Promise<Released> {
  await tx.assignment.updateMany({ where: { seekerId: seeker.id, endedAt: null }, data: { endedAt: now } });
  if (seeker.portfolioId !== null) await tx.seeker.update({ where: { id: seeker.id }, data: { portfolioId: null }, select: { id: true } });

  const future = await tx.appointment.findMany({
    where: { seekerId: seeker.id, status: "SCHEDULED", startsAt: { gt: now } },
    select: { id: true },
    orderBy: { startsAt: "asc" },
  });
  const cancelledAppointmentIds = future.map((a) => a.id);
  if (cancelledAppointmentIds.length > 0) {
    await tx.appointment.updateMany({ where: { id: { in: cancelledAppointmentIds }, status: "SCHEDULED" }, data: { status: "CANCELLED", outcomeAt: now } });
    // Cancels their queued reminders too, and tells the seeker (mandatory for an M4/M9 review).
    await queueCancellationNotices(tx, cancelledAppointmentIds, now);
  }

  const { count: tandems } = await tx.socialTandem.updateMany({ where: { seekerId: seeker.id, endedAt: null }, data: { endedAt: now } });
  const { count: placementRequestsCancelled } = await tx.placementRequest.updateMany({
    where: { seekerId: seeker.id, status: "PENDING" },
    data: { status: "CANCELLED", resolvedAt: now, resolvedById: actorId, confirmation: Prisma.DbNull },
  });
  return {
    previousAdvisorId: seeker.portfolio?.advisorId ?? null,
    previousPortfolioId: seeker.portfolioId,
    cancelledAppointmentIds,
    tandemEnded: tandems > 0,
    placementRequestsCancelled,
  };
}

/** An IsoDate (YYYY-MM-DD) as the Date a `@db.Date` column takes. */
export function dateColumn(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}
