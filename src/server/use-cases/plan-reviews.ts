/**
 * Batch planning of the mandatory M4/M9 reviews (`npm run plan-reviews`): for every followed seeker of an agency,
 * books the reviews not yet planned in their advisor's calendar. One `BusyCalendar` per advisor, loaded once in
 * bulk; appointments written with `INSERT … SELECT * FROM unnest(…)` in batches, each batch in one transaction with
 * the convocations of its reviews (src/server/messages/notices.ts): a batch that fails sends nothing.
 *
 * Server code (the outbox is server-only): the command line runs it with `tsx --conditions=react-server`; the caller
 * may pass its Prisma client.
 */
import { BusyCalendar, localToEpochMs, planMandatoryReviewsOnCalendar, timeZoneOf, type IsoDate, type ReviewKind } from "@/domain";
import { queueConvocations } from "@/server/messages/notices";
import { databaseOf, nowOf, runInTransaction, type UseCaseOptions } from "./kit";
import { closureDatesOf } from "@/server/queries/agency-closures";

export type PlanReviewsProgress = { seekersDone: number; seekersTotal: number; booked: number };

export type PlanReviewsSummary = {
  /** Followed seekers with a portfolio examined. */
  seekers: number;
  /** Review appointments written (in their window or late). */
  booked: number;
  /** Of those, booked after their window (status OVERDUE). */
  overdue: number;
  /** M4 reviews missed (superseded by M9): nothing booked. */
  missed: number;
  /** Reviews left alone: a live (non-cancelled) appointment of that kind already exists, or it was held. */
  alreadyPlanned: number;
};

export type PlanReviewsOptions = {
  agencyId: string;
  /** Today's date in the agency's time zone. */
  today: IsoDate;
  onProgress?: (progress: PlanReviewsProgress) => void;
  /** Rows per INSERT. */
  batchSize?: number;
  /** Computes the same plan (the calendars extended as if booked) and writes nothing. */
  dryRun?: boolean;
};

const KIND: Record<ReviewKind, "REVIEW_M4" | "REVIEW_M9"> = { M4: "REVIEW_M4", M9: "REVIEW_M9" };

const INSERT_SQL = `INSERT INTO "Appointment" ("agencyId", "seekerId", "advisorId", "kind", "startsAt", "endsAt")
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[]::"AppointmentKind"[], $5::timestamptz[], $6::timestamptz[])
  RETURNING "id"::text AS "id"`;

type Row = { seekerId: string; advisorId: string; kind: string; startsAt: string; endsAt: string };

export async function planAgencyReviews(options: PlanReviewsOptions & UseCaseOptions): Promise<PlanReviewsSummary> {
  const { agencyId, today } = options;
  const db = await databaseOf(options);
  const now = nowOf(options);
  const batchSize = options.batchSize ?? 5_000;
  const agency = await db.agency.findUnique({ where: { id: agencyId } });
  if (!agency) throw new Error(`Agence introuvable : ${agencyId}.`);
  const timeZone = timeZoneOf(agency.departement);
  const hours = { start: agency.appointmentStart, end: agency.appointmentEnd, slotMinutes: agency.slotMinutes };
  const closures = await closureDatesOf(db, agencyId, today);
  const slotMs = agency.slotMinutes * 60_000;
  const todayStart = new Date(localToEpochMs(today, "00:00", timeZone));

  const seekers = await db.seeker.findMany({
    where: { agencyId, status: "FOLLOWED", portfolioId: { not: null } },
    select: { id: true, registrationDate: true, portfolio: { select: { advisorId: true } } },
    orderBy: [{ registrationDate: "asc" }, { id: "asc" }],
  });
  const advisorIds = [...new Set(seekers.map((s) => s.portfolio!.advisorId))];

  // Reviews already live (any non-cancelled status), per seeker.
  const live = await db.appointment.findMany({
    where: { agencyId, kind: { in: ["REVIEW_M4", "REVIEW_M9"] }, status: { not: "CANCELLED" } },
    select: { seekerId: true, kind: true },
  });
  const planned = new Map<string, Set<ReviewKind>>();
  for (const a of live) {
    const kinds = planned.get(a.seekerId) ?? new Set<ReviewKind>();
    kinds.add(a.kind === "REVIEW_M4" ? "M4" : "M9");
    planned.set(a.seekerId, kinds);
  }

  // One busy calendar per advisor, from today on, loaded in one query.
  const busy = advisorIds.length
    ? await db.appointment.findMany({
        where: { advisorId: { in: advisorIds }, status: { not: "CANCELLED" }, endsAt: { gt: todayStart } },
        select: { advisorId: true, startsAt: true, endsAt: true },
        orderBy: [{ advisorId: "asc" }, { startsAt: "asc" }],
      })
    : [];
  const intervals = new Map<string, [number, number][]>();
  for (const a of busy) {
    const list = intervals.get(a.advisorId) ?? [];
    list.push([a.startsAt.getTime(), a.endsAt.getTime()]);
    intervals.set(a.advisorId, list);
  }
  const calendars = new Map(advisorIds.map((id) => [id, BusyCalendar.fromEpochMs(intervals.get(id) ?? [])]));

  const summary: PlanReviewsSummary = { seekers: seekers.length, booked: 0, overdue: 0, missed: 0, alreadyPlanned: 0 };
  let pending: Row[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const rows = pending;
    pending = [];
    if (options.dryRun) {
      summary.booked += rows.length;
      return;
    }
    // The reviews and their convocations (mandatory) in one transaction: all of the batch, or nothing of it.
    await runInTransaction(
      { ...options, db },
      async (tx) => {
        const inserted = await tx.$queryRawUnsafe<{ id: string }[]>(
          INSERT_SQL,
          rows.map(() => agencyId),
          rows.map((r) => r.seekerId),
          rows.map((r) => r.advisorId),
          rows.map((r) => r.kind),
          rows.map((r) => r.startsAt),
          rows.map((r) => r.endsAt),
        );
        await queueConvocations(tx, { appointmentIds: inserted.map((r) => r.id), now });
      },
      { attempts: 1, timeoutMs: 600_000 },
    );
    summary.booked += rows.length;
  };

  let done = 0;
  for (const seeker of seekers) {
    const advisorId = seeker.portfolio!.advisorId;
    const skip = [...(planned.get(seeker.id) ?? [])];
    summary.alreadyPlanned += skip.length;
    if (skip.length < 2) {
      const plan = planMandatoryReviewsOnCalendar(calendars.get(advisorId)!, {
        registrationDate: seeker.registrationDate.toISOString().slice(0, 10),
        departement: agency.departement,
        today,
        done: skip,
        hours,
        closures,
      });
      for (const review of plan) {
        if (review.status === "MISSED") summary.missed += 1;
        if (review.startsAt === undefined) continue;
        if (review.status === "OVERDUE") summary.overdue += 1;
        const start = Date.parse(review.startsAt);
        pending.push({
          seekerId: seeker.id,
          advisorId,
          kind: KIND[review.kind],
          startsAt: review.startsAt,
          endsAt: new Date(start + slotMs).toISOString(),
        });
      }
    }
    done += 1;
    if (pending.length >= batchSize) await flush();
    if (done % 500 === 0) options.onProgress?.({ seekersDone: done, seekersTotal: seekers.length, booked: summary.booked + pending.length });
  }
  await flush();
  options.onProgress?.({ seekersDone: done, seekersTotal: seekers.length, booked: summary.booked });
  return summary;
}

/** « 1 234 bilans réservés, 56 en retard, 7 manqués » */
export function formatPlanSummary(summary: Pick<PlanReviewsSummary, "booked" | "overdue" | "missed">): string {
  const n = (value: number) => value.toLocaleString("fr-FR");
  const plural = (value: number, one: string, many: string) => (value > 1 ? many : one);
  return (
    `${n(summary.booked)} ${plural(summary.booked, "bilan réservé", "bilans réservés")}, ` +
    `${n(summary.overdue)} en retard, ` +
    `${n(summary.missed)} ${plural(summary.missed, "manqué", "manqués")}`
  );
}

/** Today's date in an agency's time zone. */
