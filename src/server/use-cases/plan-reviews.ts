/**
 * Batch planning of the mandatory M4/M9 reviews (`npm run plan-reviews`): for every followed seeker of an agency,
 * books the reviews not yet planned in their advisor's calendar. One `BusyCalendar` per advisor, loaded once in
 * bulk; appointments written with `INSERT … SELECT * FROM unnest(…)` in batches, each batch in one transaction with
 * the convocations of its reviews (src/server/messages/notices.ts): a batch that fails sends nothing.
 *
 * Server code (the outbox is server-only): the command line runs it with `tsx --conditions=react-server`; the caller
 * may pass its Prisma client.
 */
import { bookDueSlot, BusyCalendar, localToEpochMs, planMandatoryReviewsOnCalendar, slotContext, timeZoneOf, type IsoDate, type ReviewKind } from "@/domain";
import { queueConvocations } from "@/server/messages/notices";
import { databaseOf, nowOf, runInTransaction, type UseCaseOptions } from "./kit";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { jointDiagnosticRows } from "@/server/queries/joint-diagnostic-rows";
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

// A second JOINT_DIAGNOSTIC booked for a seeker (a race with another booking) is skipped, not an error: the partial
// unique index allows one SCHEDULED per seeker (migration 20261205130100); the reviews never meet it.
const INSERT_SQL = `INSERT INTO "Appointment" ("agencyId", "seekerId", "advisorId", "socialWorkerId", "kind", "startsAt", "endsAt")
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[]::"AppointmentKind"[], $6::timestamptz[], $7::timestamptz[])
  ON CONFLICT ("seekerId") WHERE "kind" = 'JOINT_DIAGNOSTIC' AND "status" = 'SCHEDULED' DO NOTHING
  RETURNING "id"::text AS "id"`;

type Row = { seekerId: string; advisorId: string; socialWorkerId?: string | null; kind: string; startsAt: string; endsAt: string };

/**
 * Writes booked appointments in one transaction with their convocations (mandatory): all of the batch, or nothing of
 * it. Returns how many were written (a joint diagnostic booked meanwhile by someone else is skipped).
 */
async function writeBookings(
  options: UseCaseOptions & { conflictMessage?: string },
  db: PrismaClient,
  agencyId: string,
  rows: readonly Row[],
  now: Date,
): Promise<number> {
  return runInTransaction(
    { ...options, db },
    async (tx) => {
      const inserted = await tx.$queryRawUnsafe<{ id: string }[]>(
        INSERT_SQL,
        rows.map(() => agencyId),
        rows.map((r) => r.seekerId),
        rows.map((r) => r.advisorId),
        rows.map((r) => r.socialWorkerId ?? null),
        rows.map((r) => r.kind),
        rows.map((r) => r.startsAt),
        rows.map((r) => r.endsAt),
      );
      await queueConvocations(tx, { appointmentIds: inserted.map((r) => r.id), now });
      return inserted.length;
    },
    { attempts: 1, timeoutMs: 600_000, conflictMessage: options.conflictMessage },
  );
}

/** The busy intervals (epoch ms) of advisors, and of social workers when asked, from `from` on, in one query each. */
async function busyIntervals(
  db: PrismaClient,
  advisorIds: readonly string[],
  from: Date,
  socialWorkerIds: readonly string[] = [],
): Promise<Map<string, [number, number][]>> {
  const intervals = new Map<string, [number, number][]>([...advisorIds, ...socialWorkerIds].map((id) => [id, []]));
  const read = (where: Prisma.AppointmentWhereInput) =>
    db.appointment.findMany({
      where: { ...where, status: { not: "CANCELLED" }, endsAt: { gt: from } },
      select: { advisorId: true, socialWorkerId: true, startsAt: true, endsAt: true },
      orderBy: [{ advisorId: "asc" }, { startsAt: "asc" }],
    });
  const [ofAdvisors, ofWorkers] = await Promise.all([
    advisorIds.length ? read({ advisorId: { in: [...advisorIds] } }) : [],
    socialWorkerIds.length ? read({ socialWorkerId: { in: [...socialWorkerIds] } }) : [],
  ]);
  for (const a of ofAdvisors) intervals.get(a.advisorId)?.push([a.startsAt.getTime(), a.endsAt.getTime()]);
  for (const a of ofWorkers) if (a.socialWorkerId) intervals.get(a.socialWorkerId)?.push([a.startsAt.getTime(), a.endsAt.getTime()]);
  return intervals;
}

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
  const intervals = await busyIntervals(db, advisorIds, todayStart);
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
    summary.booked += await writeBookings(options, db, agencyId, rows, now);
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

/** Options of `planAgencyJointDiagnostics`: as the reviews', optionally for some seekers only. */
export type PlanJointDiagnosticsOptions = Pick<PlanReviewsOptions, "agencyId" | "today" | "dryRun"> & {
  seekerIds?: readonly string[];
  /** The message of a booking that lost a race for its slot. */
  conflictMessage?: string;
};

/**
 * Books the joint diagnostics to book (TO_BOOK, or LATE with nothing booked) of an agency's followed seekers, or of
 * some of them, through the reviews' rule (`bookDueSlot`: a working day of the window from the contract's latest
 * signature to the due date, after it when it is full), with the advisor in charge and, in a tandem, its social worker
 * (both free); convocations as for the reviews. docs/rules.md#joint-diagnostic
 */
export async function planAgencyJointDiagnostics(options: PlanJointDiagnosticsOptions & UseCaseOptions): Promise<PlanReviewsSummary> {
  const { agencyId, today } = options;
  const db = await databaseOf(options);
  const now = nowOf(options);
  const agency = await db.agency.findUnique({ where: { id: agencyId } });
  if (!agency) throw new Error(`Agence introuvable : ${agencyId}.`);
  const timeZone = timeZoneOf(agency.departement);
  const hours = { start: agency.appointmentStart, end: agency.appointmentEnd, slotMinutes: agency.slotMinutes };
  const ctx = slotContext(agency.departement, hours, await closureDatesOf(db, agencyId, today));
  const slotMs = agency.slotMinutes * 60_000;
  const rows = await jointDiagnosticRows(db, { agencyId, seekerIds: options.seekerIds }, today, timeZone);
  const due = rows.filter((row) => row.state !== "NOT_DUE");
  const toBook = due.filter((row) => (row.state === "TO_BOOK" || row.state === "LATE") && row.bookedOn === null && row.advisor !== null);
  const summary: PlanReviewsSummary = { seekers: due.length, booked: 0, overdue: 0, missed: 0, alreadyPlanned: due.length - toBook.length };
  if (toBook.length === 0) return summary;

  const advisorIds = [...new Set(toBook.map((row) => row.advisor!.id))];
  const workerIds = [...new Set(toBook.flatMap((row) => (row.socialWorkerId ? [row.socialWorkerId] : [])))];
  const intervals = await busyIntervals(db, advisorIds, new Date(localToEpochMs(today, "00:00", timeZone)), workerIds);
  const pending: Row[] = [];
  for (const row of toBook) {
    const advisorId = row.advisor!.id;
    const people = [advisorId, ...(row.socialWorkerId ? [row.socialWorkerId] : [])];
    const calendar = BusyCalendar.fromEpochMs(people.flatMap((id) => intervals.get(id) ?? []));
    const slot = bookDueSlot(ctx, calendar, { window: row.window!, today, what: "le diagnostic conjoint" });
    const start = Date.parse(slot.startsAt);
    for (const id of people) intervals.get(id)!.push([start, start + slotMs]);
    if (slot.status === "OVERDUE") summary.overdue += 1;
    pending.push({
      seekerId: row.seekerId,
      advisorId,
      socialWorkerId: row.socialWorkerId,
      kind: "JOINT_DIAGNOSTIC",
      startsAt: slot.startsAt,
      endsAt: new Date(start + slotMs).toISOString(),
    });
  }
  if (options.dryRun) {
    summary.booked = pending.length;
    return summary;
  }
  summary.booked = await writeBookings({ ...options, conflictMessage: options.conflictMessage }, db, agencyId, pending, now);
  summary.alreadyPlanned += pending.length - summary.booked;
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
