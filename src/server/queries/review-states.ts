/**
 * The mandatory reviews of a whole agency, counted and listed by the database (the manager's dashboard, its
 * drill-down and the CSV of overdue reviews).
 *
 * Whether a review window is open or over depends only on the registration date R and today, and every window
 * bound (addMonths(R, n), clamped) grows with R. So for a given today, "the M4 window is over" holds exactly for
 * the R up to some date: the domain's `reviewWindows` finds those cut-off dates (a binary search), and the SQL
 * only compares "registrationDate" with them. The window rules are not copied into SQL.
 */
import "server-only";
import { Prisma } from "@/generated/prisma/client";
import {
  addDays,
  daysBetween,
  dueSoonWindow,
  fromDayNumber,
  localToInstant,
  REVIEW_KINDS,
  reviewWindows,
  toDayNumber,
  type DateWindow,
  type IsoDate,
  type ReviewKind,
} from "@/domain";
import { isoDate } from "@/lib/format";
import type { AgencyContext, Db } from "./agency-context";
import { checkedSort, REVIEW_LIST_SORT, type ReviewListSortColumn, type TableSort } from "@/lib/table-sort";
import { directionNullsLast, personNameOrder, SEEKER_NAME_ORDER, seekerNameOrder } from "./pagination";

export const REVIEW_LIST_STATES = ["DONE", "DUE_SOON", "OVERDUE", "MISSED"] as const;
export type ReviewListState = (typeof REVIEW_LIST_STATES)[number];
export type ReviewCounts = Record<ReviewKind, Record<ReviewListState, number>>;

export type ReviewListRow = {
  seekerId: string;
  franceTravailId: string;
  firstName: string;
  lastName: string;
  advisor: { id: string; name: string } | null;
  window: DateWindow;
  /** The next SCHEDULED appointment of this review from today on, if one is booked. */
  bookedAt: Date | null;
  /** Days since the window closed, for a review not done whose window is over; null otherwise. */
  daysOverdue: number | null;
};

/** The latest registration dates for which, today, a window is over (closed) or has opened. */
type ReviewCutoffs = {
  /** R ≤ m4Closed ⇔ today > M4 window end. */
  m4Closed: IsoDate;
  /** R ≤ m9Open ⇔ today ≥ M9 window start. */
  m9Open: IsoDate;
  /** R ≤ m9Closed ⇔ today > M9 window end. */
  m9Closed: IsoDate;
};

/** The last day number R in (today − 1000, today) with `holds(R)`, `holds` being true up to it and false after. */
function lastRegistrationWhere(today: IsoDate, holds: (registration: IsoDate) => boolean): IsoDate {
  let low = toDayNumber(today) - 1000; // ~33 months: every window is over
  let high = toDayNumber(today); // registered today: no window has opened
  if (!holds(fromDayNumber(low)) || holds(fromDayNumber(high))) throw new Error("Review cut-off out of range.");
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (holds(fromDayNumber(middle))) low = middle;
    else high = middle;
  }
  return fromDayNumber(low);
}

export function reviewCutoffs(today: IsoDate): ReviewCutoffs {
  const t = toDayNumber(today);
  return {
    m4Closed: lastRegistrationWhere(today, (r) => toDayNumber(reviewWindows(r).M4.to) < t),
    m9Open: lastRegistrationWhere(today, (r) => toDayNumber(reviewWindows(r).M9.from) <= t),
    m9Closed: lastRegistrationWhere(today, (r) => toDayNumber(reviewWindows(r).M9.to) < t),
  };
}

/** Everything the review SQL needs for one agency and one day. */
type ReviewBounds = ReviewCutoffs & { agencyId: string; soonFrom: string; soonTo: string; advisorId: string | null };

export function reviewBounds(agency: AgencyContext, advisorId: string | null): ReviewBounds {
  return {
    ...reviewCutoffs(agency.today),
    agencyId: agency.id,
    // Local midnight of today … local midnight after the horizon's last day (exclusive).
    soonFrom: localToInstant(agency.today, "00:00", agency.timeZone),
    soonTo: localToInstant(addDays(dueSoonWindow(agency.today).to, 1), "00:00", agency.timeZone),
    advisorId,
  };
}

/** Restricts the seekers (alias `s`) to one advisor's portfolios when the bounds name one. */
function ofAdvisorFilter(bounds: ReviewBounds): Prisma.Sql {
  return bounds.advisorId
    ? Prisma.sql`AND s."portfolioId" IN (SELECT p."id" FROM "Portfolio" p WHERE p."agencyId" = ${bounds.agencyId}::uuid AND p."advisorId" = ${bounds.advisorId}::uuid)`
    : Prisma.empty;
}

/** A SCHEDULED appointment (alias `a`) within the due-soon horizon, and one from today on. */
function soonPredicates(bounds: ReviewBounds, alias: string) {
  const column = (name: string) => Prisma.raw(`${alias}."${name}"`);
  return {
    soon: Prisma.sql`${column("status")} = 'SCHEDULED' AND ${column("startsAt")} >= ${bounds.soonFrom}::timestamptz AND ${column("startsAt")} < ${bounds.soonTo}::timestamptz`,
    booked: Prisma.sql`${column("status")} = 'SCHEDULED' AND ${column("startsAt")} >= ${bounds.soonFrom}::timestamptz`,
  };
}

/**
 * One row per FOLLOWED seeker of the agency (optionally of one advisor's portfolios): who they are, their
 * registration date, whether each review was DONE, whether one is SCHEDULED within the due-soon horizon, and the
 * next booked one. The seekers and the agency's review appointments are read once each and grouped by seeker
 * (UNION ALL + GROUP BY) rather than joined: the cost stays linear whatever the planner's statistics say (with
 * none, just after a bulk import, a seeker × appointment join ran past the 30-second statement timeout).
 */
function reviewFlags(bounds: ReviewBounds): Prisma.Sql {
  const { soon, booked } = soonPredicates(bounds, "u");
  const ofAdvisor = ofAdvisorFilter(bounds);
  return Prisma.sql`
    SELECT u."id", max(u.reg) AS reg, max(u."franceTravailId") AS "franceTravailId", max(u."firstName") AS "firstName",
      max(u."lastName") AS "lastName", max(u."portfolioId"::text)::uuid AS "portfolioId",
      COALESCE(bool_or(u."kind" = 'REVIEW_M4' AND u."status" = 'DONE'), false) AS m4_done,
      COALESCE(bool_or(u."kind" = 'REVIEW_M9' AND u."status" = 'DONE'), false) AS m9_done,
      COALESCE(bool_or(u."kind" = 'REVIEW_M4' AND ${soon}), false) AS m4_soon,
      COALESCE(bool_or(u."kind" = 'REVIEW_M9' AND ${soon}), false) AS m9_soon,
      MIN(u."startsAt") FILTER (WHERE u."kind" = 'REVIEW_M4' AND ${booked}) AS m4_booked,
      MIN(u."startsAt") FILTER (WHERE u."kind" = 'REVIEW_M9' AND ${booked}) AS m9_booked
    FROM (
      SELECT s."id", s."registrationDate" AS reg, s."franceTravailId", s."firstName", s."lastName", s."portfolioId",
        NULL::"AppointmentKind" AS "kind", NULL::"AppointmentStatus" AS "status", NULL::timestamptz AS "startsAt"
      FROM "Seeker" s
      WHERE s."agencyId" = ${bounds.agencyId}::uuid AND s."status" = 'FOLLOWED' ${ofAdvisor}
      UNION ALL
      SELECT a."seekerId", NULL, NULL, NULL, NULL, NULL, a."kind", a."status", a."startsAt"
      FROM "Appointment" a
      WHERE a."agencyId" = ${bounds.agencyId}::uuid AND a."kind" IN ('REVIEW_M4', 'REVIEW_M9') AND a."status" IN ('DONE', 'SCHEDULED')
    ) u
    GROUP BY u."id"
    -- Appointments of seekers who are not listed (not followed, another advisor's) make groups without a seeker.
    HAVING max(u.reg) IS NOT NULL`;
}

/**
 * The same flags for counting only: the review appointments are first folded per seeker, then joined to the
 * seekers by hash — half the work of the listing form, which also carries names and booked dates.
 */
function countingFlags(bounds: ReviewBounds): Prisma.Sql {
  const { soon } = soonPredicates(bounds, "a");
  return Prisma.sql`
    WITH r AS (
      SELECT a."seekerId",
        bool_or(a."kind" = 'REVIEW_M4' AND a."status" = 'DONE') AS m4_done,
        bool_or(a."kind" = 'REVIEW_M9' AND a."status" = 'DONE') AS m9_done,
        bool_or(a."kind" = 'REVIEW_M4' AND ${soon}) AS m4_soon,
        bool_or(a."kind" = 'REVIEW_M9' AND ${soon}) AS m9_soon
      FROM "Appointment" a
      WHERE a."agencyId" = ${bounds.agencyId}::uuid AND a."kind" IN ('REVIEW_M4', 'REVIEW_M9') AND a."status" IN ('DONE', 'SCHEDULED')
      GROUP BY a."seekerId"
    )
    SELECT s."registrationDate" AS reg,
      COALESCE(r.m4_done, false) AS m4_done, COALESCE(r.m9_done, false) AS m9_done,
      COALESCE(r.m4_soon, false) AS m4_soon, COALESCE(r.m9_soon, false) AS m9_soon
    FROM "Seeker" s LEFT JOIN r ON r."seekerId" = s."id"
    WHERE s."agencyId" = ${bounds.agencyId}::uuid AND s."status" = 'FOLLOWED' ${ofAdvisorFilter(bounds)}`;
}

/**
 * The dashboard states of one review over the flags row `f`, as the domain's `reviewProgress` decides them:
 * DONE once done; past the window end OVERDUE, or MISSED for an M4 once the M9 window has opened. DUE_SOON is
 * "a SCHEDULED review appointment within the horizon" and may sit next to OVERDUE or MISSED (a late booking);
 * a review already DONE is never due.
 */
function statePredicate(kind: ReviewKind, state: ReviewListState, bounds: ReviewBounds, alias = "f"): Prisma.Sql {
  const column = (name: string) => Prisma.raw(`${alias}.${name}`);
  const done = column(kind === "M4" ? "m4_done" : "m9_done");
  const reg = column("reg");
  switch (state) {
    case "DONE":
      return Prisma.sql`${done}`;
    case "DUE_SOON":
      return Prisma.sql`(NOT ${done} AND ${column(kind === "M4" ? "m4_soon" : "m9_soon")})`;
    case "OVERDUE":
      return kind === "M4"
        ? Prisma.sql`(NOT ${done} AND ${reg} <= ${bounds.m4Closed}::date AND ${reg} > ${bounds.m9Open}::date)`
        : Prisma.sql`(NOT ${done} AND ${reg} <= ${bounds.m9Closed}::date)`;
    case "MISSED":
      return kind === "M4" ? Prisma.sql`(NOT ${done} AND ${reg} <= ${bounds.m4Closed}::date AND ${reg} <= ${bounds.m9Open}::date)` : Prisma.sql`false`;
  }
}

export async function countReviews(db: Db, bounds: ReviewBounds): Promise<ReviewCounts> {
  const columns = REVIEW_KINDS.flatMap((kind) =>
    REVIEW_LIST_STATES.map((state) => Prisma.sql`COUNT(*) FILTER (WHERE ${statePredicate(kind, state, bounds)})::int AS ${Prisma.raw(`"${kind}_${state}"`)}`),
  );
  const [row] = await db.$queryRaw<Record<string, number>[]>`WITH f AS (${countingFlags(bounds)}) SELECT ${Prisma.join(columns)} FROM f`;
  const counts = {} as ReviewCounts;
  for (const kind of REVIEW_KINDS) {
    counts[kind] = { DONE: 0, DUE_SOON: 0, OVERDUE: 0, MISSED: 0 };
    for (const state of REVIEW_LIST_STATES) counts[kind][state] = Number(row?.[`${kind}_${state}`] ?? 0);
  }
  return counts;
}

type ReviewRowRecord = {
  id: string;
  franceTravailId: string;
  firstName: string;
  lastName: string;
  registrationDate: Date;
  bookedAt: Date | null;
  advisorId: string | null;
  advisorFirstName: string | null;
  advisorLastName: string | null;
};

/**
 * The ORDER BY of the rows `s` (flags) joined to their advisor `u` for a sort of the table; ties in French name
 * order. The window and the days overdue both follow the registration date (every window bound grows with it):
 * the most days overdue are the earliest registrations among the rows whose window is over, the others last.
 */
function reviewOrder(kind: ReviewKind, state: ReviewListState, bounds: ReviewBounds, sort: TableSort<ReviewListSortColumn>): Prisma.Sql {
  const direction = directionNullsLast(sort.order);
  switch (sort.column) {
    case "identifiant":
      return Prisma.sql`s."franceTravailId" ${direction}, s."id"`;
    case "nom":
      return seekerNameOrder(sort.order);
    case "conseiller":
      return Prisma.sql`${personNameOrder(Prisma.sql`u."lastName"`, Prisma.sql`u."firstName"`, sort.order)}, u."id", ${SEEKER_NAME_ORDER}`;
    case "fenetre":
      return Prisma.sql`s.reg ${direction}, ${SEEKER_NAME_ORDER}`;
    case "rdv":
      return Prisma.sql`${kind === "M4" ? Prisma.sql`s.m4_booked` : Prisma.sql`s.m9_booked`} ${direction}, ${SEEKER_NAME_ORDER}`;
    case "retard": {
      const over = state === "DONE" ? Prisma.sql`false` : Prisma.sql`s.reg <= ${kind === "M4" ? bounds.m4Closed : bounds.m9Closed}::date`;
      return Prisma.sql`CASE WHEN ${over} THEN s.reg END ${directionNullsLast(sort.order === "asc" ? "desc" : "asc")}, ${SEEKER_NAME_ORDER}`;
    }
  }
}

/**
 * The seekers in one review state, in name order unless `sort` asks for another (the page's `?tri=&ordre=`);
 * `limit` null for all of them (exports, always in name order).
 */
export async function reviewRows(
  db: Db,
  agency: AgencyContext,
  options: {
    kind: ReviewKind;
    state: ReviewListState;
    advisorId?: string | null;
    limit: number | null;
    offset?: number;
    sort?: { column?: unknown; order?: unknown } | null;
  },
): Promise<ReviewListRow[]> {
  const { kind, state } = options;
  const bounds = reviewBounds(agency, options.advisorId ?? null);
  const sort = checkedSort(REVIEW_LIST_SORT, options.sort);
  const page = options.limit === null ? Prisma.empty : Prisma.sql`LIMIT ${options.limit} OFFSET ${options.offset ?? 0}`;
  const records = await db.$queryRaw<ReviewRowRecord[]>`
    WITH f AS (${reviewFlags(bounds)})
    SELECT s."id", s."franceTravailId", s."firstName", s."lastName", s.reg AS "registrationDate",
      ${kind === "M4" ? Prisma.sql`s.m4_booked` : Prisma.sql`s.m9_booked`} AS "bookedAt",
      u."id" AS "advisorId", u."firstName" AS "advisorFirstName", u."lastName" AS "advisorLastName"
    FROM f s
    LEFT JOIN "Portfolio" p ON p."id" = s."portfolioId"
    LEFT JOIN "User" u ON u."id" = p."advisorId"
    WHERE ${statePredicate(kind, state, bounds, "s")}
    ORDER BY ${reviewOrder(kind, state, bounds, sort)}
    ${page}`;
  return records.map((record) => {
    const window = reviewWindows(isoDate(record.registrationDate))[kind];
    const over = state !== "DONE" && agency.today > window.to;
    return {
      seekerId: record.id,
      franceTravailId: record.franceTravailId,
      firstName: record.firstName,
      lastName: record.lastName,
      advisor: record.advisorId ? { id: record.advisorId, name: `${record.advisorFirstName} ${record.advisorLastName}` } : null,
      window,
      bookedAt: record.bookedAt,
      daysOverdue: over ? daysBetween(window.to, agency.today) : null,
    };
  });
}
