/**
 * The first-interview backlog of an agency: its figures (the dashboard and /agence/attente) and the seekers awaiting
 * their diagnostic, oldest first (/agence/attente).
 */
import "server-only";
import { readPrisma } from "@/server/db";
import type { Actor } from "@/server/auth/policy";
import { addDays, daysBetween, firstInterviewDueDate, isFirstInterviewLate, localDateOf, queueEntryDate, type IsoDate } from "@/domain";
import { isoDate } from "@/lib/format";
import { ratio, weightedMedian, type WeightedValue } from "@/lib/statistics";
import { openAgency, type AgencyContext, type Db } from "./agency-context";
import { Prisma } from "@/generated/prisma/client";
import { BACKLOG_SORT, checkedSort, type BacklogSortColumn, type TableSort } from "@/lib/table-sort";
import { directionNullsLast, pageWindow, SEEKER_NAME_ORDER, seekerNameOrder } from "./pagination";

export type BacklogFigures = {
  awaitingDiagnostic: number;
  /** Awaiting seekers past the agency's first-interview deadline (domain `isFirstInterviewLate`). */
  late: number;
  oldestRegistrationDate: string | null;
  oldestAgeDays: number | null;
  /** Seekers with a DONE INITIAL appointment: days from registration to the earliest one, in agency-local dates. */
  firstInterview: { seen: number; medianDays: number | null; withinDeadline: number; withinDeadlineShare: number | null };
};

const WAIT_ORIGIN = "2000-01-01";

/**
 * The day a seeker's first interview is due from (domain `queueEntryDate`, in SQL): the day the file entered the
 * agency's queue (a transfer, a reopening) when later than the registration, else the registration date.
 */
export const QUEUE_ENTRY = Prisma.sql`GREATEST(s."registrationDate", COALESCE(s."queuedOn", s."registrationDate"))`;

export type AwaitingCount = { registrationDate: Date; n: number };
type WaitCount = { waitDays: number; n: number };

/**
 * Awaiting seekers counted per queue entry day (`registrationDate` holds it: the registration, or the later transfer or
 * reopening): the lateness rule is then applied per date by the domain.
 */
function awaitingByRegistrationDate(db: Db, agency: AgencyContext): Promise<AwaitingCount[]> {
  return db.$queryRaw<AwaitingCount[]>`
    SELECT ${QUEUE_ENTRY} AS "registrationDate", COUNT(*)::int AS n FROM "Seeker" s
    WHERE s."agencyId" = ${agency.id}::uuid AND s."status" = 'AWAITING_DIAGNOSTIC'
    GROUP BY 1`;
}

/**
 * Seekers counted per wait from registration to their earliest DONE INITIAL (agency-local calendar days). The
 * earliest interviews are folded per seeker before meeting the seekers, so that these are read by hash, not one
 * index probe each (ten thousand random reads in a national-size table).
 */
export function firstInterviewWaits(db: Db, agency: AgencyContext): Promise<WaitCount[]> {
  return db.$queryRaw<WaitCount[]>`
    WITH first AS (
      SELECT a."seekerId", MIN((a."startsAt" AT TIME ZONE ${agency.timeZone})::date) AS seen
      FROM "Appointment" a
      WHERE a."agencyId" = ${agency.id}::uuid AND a."kind" = 'INITIAL' AND a."status" = 'DONE'
      GROUP BY a."seekerId"
    )
    SELECT (first.seen - ${QUEUE_ENTRY})::int AS "waitDays", COUNT(*)::int AS n
    FROM first JOIN "Seeker" s ON s."id" = first."seekerId"
    -- A reopened file's interview of its previous life is not a wait of this queue entry.
    WHERE s."agencyId" = ${agency.id}::uuid AND first.seen >= ${QUEUE_ENTRY}
    GROUP BY 1`;
}

export function backlogOf(agency: AgencyContext, awaitingByDate: readonly AwaitingCount[], firstInterviews: readonly WaitCount[]): BacklogFigures {
  let awaiting = 0;
  let late = 0;
  let oldest: string | null = null;
  for (const row of awaitingByDate) {
    const registrationDate = isoDate(row.registrationDate);
    const n = Number(row.n);
    awaiting += n;
    if (oldest === null || registrationDate < oldest) oldest = registrationDate;
    if (isFirstInterviewLate(registrationDate, agency.today, agency.firstInterviewDeadlineDays, false)) late += n;
  }
  let seen = 0;
  let within = 0;
  const waits: WeightedValue[] = [];
  for (const row of firstInterviews) {
    const n = Number(row.n);
    const waitDays = Number(row.waitDays);
    seen += n;
    waits.push({ value: waitDays, count: n });
    // The deadline counts calendar days, so the wait alone decides: the domain judges it from any registration date.
    if (!isFirstInterviewLate(WAIT_ORIGIN, addDays(WAIT_ORIGIN, waitDays), agency.firstInterviewDeadlineDays, false)) within += n;
  }
  return {
    awaitingDiagnostic: awaiting,
    late,
    oldestRegistrationDate: oldest,
    oldestAgeDays: oldest ? daysBetween(oldest, agency.today) : null,
    firstInterview: { seen, medianDays: weightedMedian(waits), withinDeadline: within, withinDeadlineShare: ratio(within, seen) },
  };
}

async function backlogFigures(db: Db, agency: AgencyContext): Promise<BacklogFigures> {
  const [awaitingByDate, waits] = await Promise.all([awaitingByRegistrationDate(db, agency), firstInterviewWaits(db, agency)]);
  return backlogOf(agency, awaitingByDate, waits);
}

const BACKLOG_PAGE_SIZE = 25;

export type BacklogRow = {
  seekerId: string;
  franceTravailId: string;
  firstName: string;
  lastName: string;
  registrationDate: string;
  /** The day the file entered the queue when later than the registration (a transfer, a reopening), else null. */
  queuedOn: string | null;
  /** Calendar days from the queue entry (registration, transfer, reopening) to today (agency-local). */
  waitingDays: number;
  /** Last day of the first-interview deadline. */
  dueDate: string;
  late: boolean;
  /** The earliest live first interview (SCHEDULED, possibly past and not yet recorded, or DONE), if one is booked. */
  initialAppointment: { startsAt: Date; advisorName: string; held: boolean; afterDueDate: boolean } | null;
};

/** Where the awaiting seekers stand with their first interview (docs/rules.md#booking-first-interviews). */
export type FirstInterviewBookingFigures = {
  /** With a live first interview on or before their due date. */
  booked: number;
  /** With a live first interview after their due date. */
  bookedLate: number;
  /** Without any: « à planifier ». */
  unbooked: number;
};

type BacklogList = {
  agency: { id: string; code: string; name: string; firstInterviewDeadlineDays: number };
  today: string;
  timeZone: string;
  figures: BacklogFigures;
  booking: FirstInterviewBookingFigures;
  /** The sort of the rows: the one asked for, or the default (oldest registration first). */
  sort: TableSort<BacklogSortColumn>;
  total: number;
  page: number;
  pageCount: number;
  rows: BacklogRow[];
};

type BacklogRecord = {
  id: string;
  franceTravailId: string;
  firstName: string;
  lastName: string;
  registrationDate: Date;
  queuedOn: Date | null;
  initialAt: Date | null;
  initialStatus: string | null;
  advisorFirstName: string | null;
  advisorLastName: string | null;
};

/**
 * Where a seeker awaiting the first interview stands today: days waited, last day of the deadline, late or not, all
 * from the queue entry day (`queuedOn`, a transfer or a reopening, when later than the registration).
 */
export function waitOf(registration: Date, today: IsoDate, deadlineDays: number, queuedOn: Date | null = null) {
  const registrationDate = isoDate(registration);
  const entry = queueEntryDate(registrationDate, queuedOn ? isoDate(queuedOn) : null);
  return {
    registrationDate,
    queuedOn: entry === registrationDate ? null : entry,
    waitingDays: daysBetween(entry, today),
    dueDate: firstInterviewDueDate(entry, deadlineDays),
    late: isFirstInterviewLate(entry, today, deadlineDays, false),
  };
}

type BookingCount = { registrationDate: Date; initialDate: Date | null; n: number };

/** Awaiting seekers counted per registration date and local date of their earliest live first interview. */
export async function bookingFigures(db: Db, agency: AgencyContext): Promise<FirstInterviewBookingFigures> {
  const rows = await db.$queryRaw<BookingCount[]>`
    WITH initial AS (
      -- The latest: a reopened file's interview of its previous life comes before the one of its queue entry.
      SELECT a."seekerId", MAX((a."startsAt" AT TIME ZONE ${agency.timeZone})::date) AS "initialDate"
      FROM "Appointment" a
      WHERE a."agencyId" = ${agency.id}::uuid AND a."kind" = 'INITIAL' AND a."status" IN ('SCHEDULED', 'DONE')
      GROUP BY a."seekerId"
    )
    SELECT ${QUEUE_ENTRY} AS "registrationDate", CASE WHEN i."initialDate" >= ${QUEUE_ENTRY} THEN i."initialDate" END AS "initialDate", COUNT(*)::int AS n
    FROM "Seeker" s LEFT JOIN initial i ON i."seekerId" = s."id"
    WHERE s."agencyId" = ${agency.id}::uuid AND s."status" = 'AWAITING_DIAGNOSTIC'
    GROUP BY 1, 2`;
  const figures: FirstInterviewBookingFigures = { booked: 0, bookedLate: 0, unbooked: 0 };
  for (const row of rows) {
    const n = Number(row.n);
    if (row.initialDate === null) figures.unbooked += n;
    else if (isoDate(row.initialDate) > firstInterviewDueDate(isoDate(row.registrationDate), agency.firstInterviewDeadlineDays)) figures.bookedLate += n;
    else figures.booked += n;
  }
  return figures;
}

/** The earliest live first interview of the seeker `s` (what the table shows), for sorting by it. */
const INITIAL_KEY = Prisma.sql`(SELECT MIN(a."startsAt") FROM "Appointment" a
  WHERE a."seekerId" = s."id" AND a."kind" = 'INITIAL' AND a."status" IN ('SCHEDULED', 'DONE') AND a."startsAt" >= s."entry"::timestamptz)`;

/**
 * The ORDER BY of awaiting seekers `s` for a sort of the table, ties in French name order. The wait and the
 * deadline follow the queue entry day (the longest wait is the oldest entry). `initialKey`: the column or
 * expression of the earliest first interview (none booked: last, whatever the order).
 */
function backlogOrder(sort: TableSort<BacklogSortColumn>, initialKey: Prisma.Sql): Prisma.Sql {
  const direction = directionNullsLast(sort.order);
  switch (sort.column) {
    case "identifiant":
      return Prisma.sql`s."franceTravailId" ${direction}, s."id"`;
    case "nom":
      return seekerNameOrder(sort.order);
    case "inscription":
      return Prisma.sql`s."registrationDate" ${direction}, ${SEEKER_NAME_ORDER}`;
    case "delai":
      return Prisma.sql`s."entry" ${direction}, ${SEEKER_NAME_ORDER}`;
    case "attente":
      return Prisma.sql`s."entry" ${directionNullsLast(sort.order === "asc" ? "desc" : "asc")}, ${SEEKER_NAME_ORDER}`;
    case "entretien":
      return Prisma.sql`${initialKey} ${direction}, ${SEEKER_NAME_ORDER}`;
  }
}

/**
 * One page of the agency's seekers AWAITING_DIAGNOSTIC, oldest registration first unless `sort` asks for another
 * column, ordered and paged by the database.
 */
export async function backlogList(
  actor: Actor,
  agencyId: string,
  options: { now?: Date; page?: number; sort?: { column?: unknown; order?: unknown } | null } = {},
): Promise<BacklogList | null> {
  const now = options.now ?? new Date();
  const sort = checkedSort(BACKLOG_SORT, options.sort);
  // The earliest first interview is read for every awaiting seeker only when the table is sorted by it.
  const byInitial = sort.column === "entretien";
  const db = await readPrisma();
  const agency = await openAgency(db, actor, agencyId, now);
  if (!agency) return null;
  const [figures, booking] = await Promise.all([backlogFigures(db, agency), bookingFigures(db, agency)]);
  const total = figures.awaitingDiagnostic;
  const { page, pageCount, offset } = pageWindow(total, options.page, BACKLOG_PAGE_SIZE);
  const records = total
    ? await db.$queryRaw<BacklogRecord[]>`
        WITH page AS (
          SELECT s."id", s."franceTravailId", s."firstName", s."lastName", s."registrationDate", s."queuedOn", s."entry",
            ${byInitial ? INITIAL_KEY : Prisma.sql`NULL::timestamptz`} AS "initialKey"
          FROM (SELECT s.*, ${QUEUE_ENTRY} AS "entry" FROM "Seeker" s
                WHERE s."agencyId" = ${agency.id}::uuid AND s."status" = 'AWAITING_DIAGNOSTIC') s
          ORDER BY ${backlogOrder(sort, INITIAL_KEY)}
          LIMIT ${BACKLOG_PAGE_SIZE} OFFSET ${offset}
        )
        SELECT s."id", s."franceTravailId", s."firstName", s."lastName", s."registrationDate", s."queuedOn", i."startsAt" AS "initialAt", i."status"::text AS "initialStatus", i."firstName" AS "advisorFirstName", i."lastName" AS "advisorLastName"
        FROM page s
        LEFT JOIN LATERAL (
          -- Through the (seekerId, startsAt) index: only this seeker's appointments are read.
          SELECT a."startsAt", a."status", u."firstName", u."lastName"
          FROM "Appointment" a JOIN "User" u ON u."id" = a."advisorId"
          WHERE a."seekerId" = s."id" AND a."kind" = 'INITIAL' AND a."status" IN ('SCHEDULED', 'DONE')
            AND a."startsAt" >= ${QUEUE_ENTRY}::timestamptz
          ORDER BY a."startsAt"
          LIMIT 1
        ) i ON true
        ORDER BY ${backlogOrder(sort, Prisma.sql`s."initialKey"`)}`
    : [];
  const rows = records.map(({ id, registrationDate, queuedOn, initialAt, initialStatus, advisorFirstName, advisorLastName, ...seeker }): BacklogRow => {
    const wait = waitOf(registrationDate, agency.today, agency.firstInterviewDeadlineDays, queuedOn);
    return {
      seekerId: id,
      ...seeker,
      ...wait,
      initialAppointment: initialAt
        ? {
            startsAt: initialAt,
            advisorName: `${advisorFirstName} ${advisorLastName}`,
            held: initialStatus === "DONE",
            afterDueDate: localDateOf(initialAt.toISOString(), agency.timeZone) > wait.dueDate,
          }
        : null,
    };
  });
  return {
    agency: { id: agency.id, code: agency.code, name: agency.name, firstInterviewDeadlineDays: agency.firstInterviewDeadlineDays },
    today: agency.today,
    timeZone: agency.timeZone,
    figures,
    booking,
    sort,
    total,
    page,
    pageCount,
    rows,
  };
}
