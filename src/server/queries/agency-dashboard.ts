import "server-only";
import { prisma } from "@/server/db";
import { agencyScope, hasPermission, type Actor } from "@/server/auth/policy";
import { agencyPortfolios, withLoads, type AgencyLoads } from "./agency-loads";
import { weightedMedian, type WeightedValue } from "@/lib/statistics";
import { Prisma, type Modality } from "@/generated/prisma/client";
import {
  addDays,
  daysBetween,
  DUE_SOON_DAYS,
  dueSoonWindow,
  fromDayNumber,
  isFirstInterviewLate,
  localDateOf,
  NO_SHOW_LOOKBACK_DAYS,
  noShowRate,
  localToInstant,
  REFERENCE_DISTRIBUTION,
  reviewWindows,
  timeZoneOf,
  toDayNumber,
  type DateWindow,
  type IsoDate,
  type ReviewKind,
} from "@/domain";

/** The manager's dashboard (/agence): distribution, first-interview backlog, mandatory reviews, no-shows. */

const MODALITIES: Modality[] = ["SUIVI", "GUIDE", "RENFORCE", "GLOBAL"];
export const REVIEW_LIST_PAGE_SIZE = 25;

export const REVIEW_LIST_STATES = ["DONE", "DUE_SOON", "OVERDUE", "MISSED"] as const;
export type ReviewListState = (typeof REVIEW_LIST_STATES)[number];
export const REVIEW_LIST_KINDS = ["M4", "M9"] as const satisfies readonly ReviewKind[];
export type ReviewCounts = Record<ReviewKind, Record<ReviewListState, number>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);

const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

export type NoShowStats = { done: number; noShow: number; excused: number; total: number; rate: number | null };

export type BacklogFigures = {
  awaitingDiagnostic: number;
  /** Awaiting seekers past the agency's first-interview deadline (domain `isFirstInterviewLate`). */
  late: number;
  oldestRegistrationDate: string | null;
  oldestAgeDays: number | null;
  /** Seekers with a DONE INITIAL appointment: days from registration to the earliest one, in agency-local dates. */
  firstInterview: { seen: number; medianDays: number | null; withinDeadline: number; withinDeadlineShare: number | null };
};

export type AgencyDashboard = {
  agency: { id: string; name: string; departement: string; firstInterviewDeadlineDays: number };
  timeZone: string;
  today: string;
  /** Followed seekers per modality; `share` is count / total (null when nobody is followed). */
  distribution: {
    total: number;
    modalities: { modality: Modality; count: number; share: number | null; reference: number }[];
  };
  backlog: BacklogFigures;
  reviews: { dueSoonDays: number } & ReviewCounts;
  noShow: {
    from: Date;
    to: Date;
    overall: NoShowStats;
    byAdvisor: ({ advisorId: string; advisorName: string } & NoShowStats)[];
  };
};

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

export type ReviewList = {
  agency: { id: string; code: string; name: string };
  kind: ReviewKind;
  state: ReviewListState;
  today: string;
  timeZone: string;
  /** The advisor whose seekers are listed, or null for the whole agency. */
  advisorId: string | null;
  /** True when the requested advisor is not one of the agency's (the filter was then ignored). */
  unknownAdvisor: boolean;
  /** The advisors holding portfolios in the agency, for the filter. */
  advisors: { id: string; name: string }[];
  /** Every kind × state count, under the same advisor filter (for the tabs). */
  counts: ReviewCounts;
  total: number;
  page: number;
  pageCount: number;
  rows: ReviewListRow[];
};

export type Db = Awaited<ReturnType<typeof prisma>>;
export type AgencyContext = {
  id: string;
  code: string;
  name: string;
  departement: string;
  firstInterviewDeadlineDays: number;
  timeZone: string;
  today: string;
};

/** The agency if the actor may read its dashboard (MANAGER of it, or ADMIN), with its zone and local today. */
export async function openAgency(db: Db, actor: Actor, agencyId: string, now: Date): Promise<AgencyContext | null> {
  if (!hasPermission(actor, "agency:read")) return null;
  if (!isUuid(agencyId)) return null;
  const agency = await db.agency.findFirst({
    where: { AND: [agencyScope(actor), { id: agencyId }] },
    select: { id: true, code: true, name: true, departement: true, firstInterviewDeadlineDays: true },
  });
  if (!agency) return null;
  const timeZone = timeZoneOf(agency.departement);
  return { ...agency, timeZone, today: localDateOf(now.toISOString(), timeZone) };
}

/** The agency a page opens when none is asked for: the manager's own, the first one by name for an admin. */
export async function defaultAgencyId(actor: Actor): Promise<string | null> {
  if (!hasPermission(actor, "agency:read")) return null;
  if (actor.agencyId) return actor.agencyId;
  const db = await prisma();
  const first = await db.agency.findFirst({ where: agencyScope(actor), orderBy: { name: "asc" }, select: { id: true } });
  return first?.id ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// Mandatory reviews, counted and listed by the database.
//
// Whether a review window is open or over depends only on the registration date R and today, and every window
// bound (addMonths(R, n), clamped) grows with R. So for a given today, "the M4 window is over" holds exactly for
// the R up to some date: the domain's `reviewWindows` finds those cut-off dates (a binary search), and the SQL
// only compares "registrationDate" with them. The window rules are not copied into SQL.
// ---------------------------------------------------------------------------------------------------------------

/** The latest registration dates for which, today, a window is over (closed) or has opened. */
export type ReviewCutoffs = {
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

function reviewBounds(agency: AgencyContext, advisorId: string | null): ReviewBounds {
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

async function countReviews(db: Db, bounds: ReviewBounds): Promise<ReviewCounts> {
  const columns = REVIEW_LIST_KINDS.flatMap((kind) =>
    REVIEW_LIST_STATES.map((state) => Prisma.sql`COUNT(*) FILTER (WHERE ${statePredicate(kind, state, bounds)})::int AS ${Prisma.raw(`"${kind}_${state}"`)}`),
  );
  const [row] = await db.$queryRaw<Record<string, number>[]>`WITH f AS (${countingFlags(bounds)}) SELECT ${Prisma.join(columns)} FROM f`;
  const counts = {} as ReviewCounts;
  for (const kind of REVIEW_LIST_KINDS) {
    counts[kind] = { DONE: 0, DUE_SOON: 0, OVERDUE: 0, MISSED: 0 };
    for (const state of REVIEW_LIST_STATES) counts[kind][state] = Number(row?.[`${kind}_${state}`] ?? 0);
  }
  return counts;
}

/** Accents folded for an alphabetical order that does not depend on the database's collation (« Émile » with the E). */
const ACCENTED = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝŸýÿ";
const UNACCENTED = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUUuuuuYYyy";
function folded(column: Prisma.Sql): Prisma.Sql {
  const ligatures = Prisma.sql`replace(replace(replace(replace(${column}, 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE')`;
  return Prisma.sql`lower(translate(${ligatures}, ${ACCENTED}, ${UNACCENTED}))`;
}

/** French alphabetical order of seekers `s`: last name, first name (accents folded), then as written, then id. */
export const SEEKER_NAME_ORDER = Prisma.sql`${folded(Prisma.sql`s."lastName"`)}, ${folded(Prisma.sql`s."firstName"`)}, s."lastName", s."firstName", s."id"`;

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

/** The seekers in one review state, in name order; `limit` null for all of them (exports). */
export async function reviewRows(
  db: Db,
  agency: AgencyContext,
  options: { kind: ReviewKind; state: ReviewListState; advisorId?: string | null; limit: number | null; offset?: number },
): Promise<ReviewListRow[]> {
  const { kind, state } = options;
  const bounds = reviewBounds(agency, options.advisorId ?? null);
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
    ORDER BY ${SEEKER_NAME_ORDER}
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

/** The advisors holding a portfolio in the agency, by name. */
async function agencyAdvisors(db: Db, agencyId: string) {
  const advisors = await db.user.findMany({
    where: { portfolios: { some: { agencyId } } },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    select: { id: true, firstName: true, lastName: true },
  });
  return advisors.map((advisor) => ({ id: advisor.id, name: `${advisor.firstName} ${advisor.lastName}` }));
}

// ---------------------------------------------------------------------------------------------------------------
// First-interview backlog.
// ---------------------------------------------------------------------------------------------------------------

const WAIT_ORIGIN = "2000-01-01";

type AwaitingCount = { registrationDate: Date; n: number };
type WaitCount = { waitDays: number; n: number };

/** Awaiting seekers counted per registration date: the lateness rule is then applied per date by the domain. */
function awaitingByRegistrationDate(db: Db, agency: AgencyContext): Promise<AwaitingCount[]> {
  return db.$queryRaw<AwaitingCount[]>`
    SELECT s."registrationDate", COUNT(*)::int AS n FROM "Seeker" s
    WHERE s."agencyId" = ${agency.id}::uuid AND s."status" = 'AWAITING_DIAGNOSTIC'
    GROUP BY 1`;
}

/**
 * Seekers counted per wait from registration to their earliest DONE INITIAL (agency-local calendar days). The
 * earliest interviews are folded per seeker before meeting the seekers, so that these are read by hash, not one
 * index probe each (ten thousand random reads in a national-size table).
 */
function firstInterviewWaits(db: Db, agency: AgencyContext): Promise<WaitCount[]> {
  return db.$queryRaw<WaitCount[]>`
    WITH first AS (
      SELECT a."seekerId", MIN((a."startsAt" AT TIME ZONE ${agency.timeZone})::date) AS seen
      FROM "Appointment" a
      WHERE a."agencyId" = ${agency.id}::uuid AND a."kind" = 'INITIAL' AND a."status" = 'DONE'
      GROUP BY a."seekerId"
    )
    SELECT (first.seen - s."registrationDate")::int AS "waitDays", COUNT(*)::int AS n
    FROM first JOIN "Seeker" s ON s."id" = first."seekerId"
    WHERE s."agencyId" = ${agency.id}::uuid
    GROUP BY 1`;
}

function backlogOf(agency: AgencyContext, awaitingByDate: readonly AwaitingCount[], firstInterviews: readonly WaitCount[]): BacklogFigures {
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

export async function backlogFigures(db: Db, agency: AgencyContext): Promise<BacklogFigures> {
  const [awaitingByDate, waits] = await Promise.all([awaitingByRegistrationDate(db, agency), firstInterviewWaits(db, agency)]);
  return backlogOf(agency, awaitingByDate, waits);
}

// ---------------------------------------------------------------------------------------------------------------
// The dashboard.
// ---------------------------------------------------------------------------------------------------------------

function emptyNoShow(): NoShowStats {
  return { done: 0, noShow: 0, excused: 0, total: 0, rate: null };
}

function addOutcome(stats: NoShowStats, status: string, count: number) {
  if (status === "DONE") stats.done += count;
  else if (status === "NO_SHOW") stats.noShow += count;
  else if (status === "EXCUSED") stats.excused += count;
  stats.total = stats.done + stats.noShow + stats.excused;
  stats.rate = noShowRate(stats);
}

/** The manager's dashboard of one agency, or null when the actor may not read it. */
export async function agencyDashboard(actor: Actor, agencyId: string, options: { now?: Date } = {}): Promise<AgencyDashboard | null> {
  const now = options.now ?? new Date();
  const db = await prisma();
  const agency = await openAgency(db, actor, agencyId, now);
  return agency ? (await dashboardFigures(db, agency, now)).dashboard : null;
}

/** What /agence shows: the portfolio loads and the dashboard, the agency opened once and every figure read together. */
export async function agencyOverview(
  actor: Actor,
  agencyId: string,
  options: { now?: Date } = {},
): Promise<{ loads: AgencyLoads; dashboard: AgencyDashboard } | null> {
  const now = options.now ?? new Date();
  const db = await prisma();
  const agency = await openAgency(db, actor, agencyId, now);
  if (!agency) return null;
  const [portfolios, { dashboard, loadByPortfolio }] = await Promise.all([agencyPortfolios(db, agency.id), dashboardFigures(db, agency, now)]);
  return {
    loads: {
      agency: { id: agency.id, name: agency.name, departement: agency.departement },
      ...withLoads(portfolios, loadByPortfolio),
      awaitingDiagnostic: dashboard.backlog.awaitingDiagnostic,
    },
    dashboard,
  };
}

/**
 * Every figure of the dashboard, and each portfolio's load: the agency's seekers are read once, counted by
 * portfolio, status, modality and — while awaiting a diagnostic — registration date.
 */
async function dashboardFigures(db: Db, agency: AgencyContext, now: Date): Promise<{ dashboard: AgencyDashboard; loadByPortfolio: Map<string, number> }> {
  const from = new Date(now.getTime() - NO_SHOW_LOOKBACK_DAYS * 86_400_000);
  const [census, waits, outcomes, reviewCounts] = await Promise.all([
    db.$queryRaw<{ portfolioId: string | null; status: string; modality: Modality | null; awaitingSince: Date | null; n: number }[]>`
      SELECT s."portfolioId", s."status"::text AS status, s."modality"::text AS modality,
             CASE WHEN s."status" = 'AWAITING_DIAGNOSTIC' THEN s."registrationDate" END AS "awaitingSince", COUNT(*)::int AS n
      FROM "Seeker" s WHERE s."agencyId" = ${agency.id}::uuid
      GROUP BY 1, 2, 3, 4`,
    firstInterviewWaits(db, agency),
    db.$queryRaw<{ advisorId: string; firstName: string; lastName: string; status: string; n: number }[]>`
      SELECT a."advisorId", u."firstName", u."lastName", a."status"::text AS status, COUNT(*)::int AS n
      FROM "Appointment" a JOIN "User" u ON u."id" = a."advisorId"
      WHERE a."agencyId" = ${agency.id}::uuid
        AND a."startsAt" >= ${from.toISOString()}::timestamptz AND a."startsAt" < ${now.toISOString()}::timestamptz
        AND a."status" IN ('DONE', 'NO_SHOW', 'EXCUSED')
      GROUP BY a."advisorId", u."firstName", u."lastName", a."status"`,
    countReviews(db, reviewBounds(agency, null)),
  ]);

  const loadByPortfolio = new Map<string, number>();
  const followedByModality = new Map<Modality, number>();
  const awaitingByDate: AwaitingCount[] = [];
  for (const row of census) {
    const n = Number(row.n);
    if (row.portfolioId) loadByPortfolio.set(row.portfolioId, (loadByPortfolio.get(row.portfolioId) ?? 0) + n);
    if (row.status === "FOLLOWED" && row.modality) followedByModality.set(row.modality, (followedByModality.get(row.modality) ?? 0) + n);
    if (row.awaitingSince) awaitingByDate.push({ registrationDate: row.awaitingSince, n });
  }

  // Distribution.
  const followedTotal = [...followedByModality.values()].reduce((sum, n) => sum + n, 0);
  const distribution = {
    total: followedTotal,
    modalities: MODALITIES.map((modality) => {
      const count = followedByModality.get(modality) ?? 0;
      return { modality, count, share: ratio(count, followedTotal), reference: REFERENCE_DISTRIBUTION[modality] };
    }),
  };

  // No-shows.
  const overall = emptyNoShow();
  const perAdvisor = new Map<string, { firstName: string; lastName: string; stats: NoShowStats }>();
  for (const row of outcomes) {
    const advisor = perAdvisor.get(row.advisorId) ?? { firstName: row.firstName, lastName: row.lastName, stats: emptyNoShow() };
    addOutcome(advisor.stats, row.status, Number(row.n));
    addOutcome(overall, row.status, Number(row.n));
    perAdvisor.set(row.advisorId, advisor);
  }
  const byAdvisor = [...perAdvisor]
    .map(([advisorId, { firstName, lastName, stats }]) => ({ advisorId, advisorName: `${firstName} ${lastName}`, lastName, ...stats }))
    .sort((a, b) => a.lastName.localeCompare(b.lastName, "fr") || a.advisorName.localeCompare(b.advisorName, "fr"))
    .map(({ lastName: _lastName, ...row }) => row);

  const dashboard: AgencyDashboard = {
    agency: { id: agency.id, name: agency.name, departement: agency.departement, firstInterviewDeadlineDays: agency.firstInterviewDeadlineDays },
    timeZone: agency.timeZone,
    today: agency.today,
    distribution,
    backlog: backlogOf(agency, awaitingByDate, waits),
    reviews: { dueSoonDays: DUE_SOON_DAYS, ...reviewCounts },
    noShow: { from, to: now, overall, byAdvisor },
  };
  return { dashboard, loadByPortfolio };
}

/**
 * The followed seekers behind one review figure of the dashboard, optionally of one advisor, in name order,
 * 25 a page (a page past the end shows the last one). Filtering, ordering and paging are done by the database.
 */
export async function reviewList(
  actor: Actor,
  agencyId: string,
  options: { kind: ReviewKind; state: ReviewListState; now?: Date; page?: number; advisorId?: string | null },
): Promise<ReviewList | null> {
  const { kind, state } = options;
  if (kind !== "M4" && kind !== "M9") throw new Error(`Bilan inconnu : « ${String(kind)} ».`);
  if (!REVIEW_LIST_STATES.includes(state)) throw new Error(`État de bilan inconnu : « ${String(state)} ».`);
  const now = options.now ?? new Date();
  const db = await prisma();
  const agency = await openAgency(db, actor, agencyId, now);
  if (!agency) return null;
  const advisors = await agencyAdvisors(db, agency.id);
  const requested = options.advisorId ?? null;
  const advisorId = requested && advisors.some((advisor) => advisor.id === requested) ? requested : null;
  const counts = await countReviews(db, reviewBounds(agency, advisorId));
  const total = counts[kind][state];
  const pageCount = Math.max(1, Math.ceil(total / REVIEW_LIST_PAGE_SIZE));
  const asked = options.page ?? 1;
  const page = Math.min(Number.isInteger(asked) && asked >= 1 ? asked : 1, pageCount);
  const rows = total
    ? await reviewRows(db, agency, { kind, state, advisorId, limit: REVIEW_LIST_PAGE_SIZE, offset: (page - 1) * REVIEW_LIST_PAGE_SIZE })
    : [];
  return {
    agency: { id: agency.id, code: agency.code, name: agency.name },
    kind,
    state,
    today: agency.today,
    timeZone: agency.timeZone,
    advisorId,
    unknownAdvisor: requested !== null && advisorId === null,
    advisors,
    counts,
    total,
    page,
    pageCount,
    rows,
  };
}
