import "server-only";
import { prisma } from "@/server/db";
import { agencyScope, hasPermission, type Actor } from "@/server/auth/policy";
import { byName, paginate } from "./pagination";
import type { AppointmentKind, Modality } from "@/generated/prisma/client";
import {
  addDays,
  daysBetween,
  isFirstInterviewLate,
  localDateOf,
  REFERENCE_DISTRIBUTION,
  reviewProgress,
  reviewWindows,
  timeZoneOf,
  type DateWindow,
  type RecordedReview,
  type ReviewKind,
  type ReviewProgress,
} from "@/domain";

/** The manager's dashboard (/agence): distribution, first-interview backlog, mandatory reviews, no-shows. */

const MODALITIES: Modality[] = ["SUIVI", "GUIDE", "RENFORCE", "GLOBAL"];
const REVIEW_KIND_OF: Partial<Record<AppointmentKind, ReviewKind>> = { REVIEW_M4: "M4", REVIEW_M9: "M9" };
/** A review is "due soon" when a SCHEDULED review appointment falls on a local date within today … today + 14. */
export const REVIEW_DUE_SOON_DAYS = 14;
/** The no-show rate looks back this many days (24-hour days) from `now`, end excluded. */
export const NO_SHOW_LOOKBACK_DAYS = 90;
export const REVIEW_LIST_PAGE_SIZE = 25;

export const REVIEW_LIST_STATES = ["DONE", "DUE_SOON", "OVERDUE", "MISSED"] as const;
export type ReviewListState = (typeof REVIEW_LIST_STATES)[number];

const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

export type NoShowStats = { done: number; noShow: number; excused: number; total: number; rate: number | null };

export type AgencyDashboard = {
  agency: { id: string; name: string; departement: string; firstInterviewDeadlineDays: number };
  timeZone: string;
  today: string;
  /** Followed seekers per modality; `share` is count / total (null when nobody is followed). */
  distribution: {
    total: number;
    modalities: { modality: Modality; count: number; share: number | null; reference: number }[];
  };
  backlog: {
    awaitingDiagnostic: number;
    /** Awaiting seekers past the agency's first-interview deadline (domain `isFirstInterviewLate`). */
    late: number;
    oldestRegistrationDate: string | null;
    oldestAgeDays: number | null;
    /** Seekers with a DONE INITIAL appointment: days from registration to the earliest one, in agency-local dates. */
    firstInterview: { seen: number; medianDays: number | null; withinDeadline: number; withinDeadlineShare: number | null };
  };
  reviews: { dueSoonDays: number } & Record<ReviewKind, Record<ReviewListState, number>>;
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
};

export type ReviewList = {
  kind: ReviewKind;
  state: ReviewListState;
  today: string;
  total: number;
  page: number;
  pageCount: number;
  rows: ReviewListRow[];
};

type Db = Awaited<ReturnType<typeof prisma>>;
type AgencyContext = { id: string; name: string; departement: string; firstInterviewDeadlineDays: number; timeZone: string; today: string };

/** The agency if the actor may read its dashboard (MANAGER of it, or ADMIN), with its zone and local today. */
async function openAgency(db: Db, actor: Actor, agencyId: string, now: Date): Promise<AgencyContext | null> {
  if (!hasPermission(actor, "agency:read")) return null;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(agencyId)) return null;
  const agency = await db.agency.findFirst({
    where: { AND: [agencyScope(actor), { id: agencyId }] },
    select: { id: true, name: true, departement: true, firstInterviewDeadlineDays: true },
  });
  if (!agency) return null;
  const timeZone = timeZoneOf(agency.departement);
  return { ...agency, timeZone, today: localDateOf(now.toISOString(), timeZone) };
}

/**
 * Where every FOLLOWED seeker of the agency stands on M4 and M9, by the domain's `reviewProgress` (as in the
 * caseload). Two minimal queries; the window rules stay in src/domain.
 */
async function reviewStates(db: Db, agency: AgencyContext) {
  const followed = { agencyId: agency.id, status: "FOLLOWED" as const };
  const [seekers, appointments] = await Promise.all([
    db.seeker.findMany({ where: followed, select: { id: true, registrationDate: true } }),
    db.appointment.findMany({
      where: { agencyId: agency.id, seeker: followed, kind: { in: ["REVIEW_M4", "REVIEW_M9"] }, status: { not: "CANCELLED" } },
      select: { seekerId: true, kind: true, status: true, startsAt: true },
    }),
  ]);
  const recordedBySeeker = new Map<string, RecordedReview[]>();
  for (const appointment of appointments) {
    const kind = REVIEW_KIND_OF[appointment.kind];
    if (!kind) continue;
    const list = recordedBySeeker.get(appointment.seekerId) ?? [];
    list.push({ kind, status: appointment.status, date: localDateOf(appointment.startsAt.toISOString(), agency.timeZone) });
    recordedBySeeker.set(appointment.seekerId, list);
  }
  const horizon = addDays(agency.today, REVIEW_DUE_SOON_DAYS);
  return seekers.map((seeker) => {
    const registrationDate = isoDate(seeker.registrationDate);
    const recorded = recordedBySeeker.get(seeker.id) ?? [];
    const progress = reviewProgress(registrationDate, agency.today, recorded);
    const states = {} as Record<ReviewKind, Set<ReviewListState>>;
    for (const kind of ["M4", "M9"] as const) {
      states[kind] = stateSet(
        progress[kind],
        recorded.some((r) => r.kind === kind && r.status === "SCHEDULED" && r.date >= agency.today && r.date <= horizon),
      );
    }
    return { seekerId: seeker.id, registrationDate, states };
  });
}

/**
 * The dashboard states of one review. DUE_SOON is "a SCHEDULED review appointment within the horizon" and may
 * sit next to OVERDUE or MISSED (a late booking); a review already DONE is never due.
 */
function stateSet(progress: ReviewProgress, scheduledSoon: boolean): Set<ReviewListState> {
  const states = new Set<ReviewListState>();
  if (progress === "DONE") states.add("DONE");
  if (progress === "OVERDUE") states.add("OVERDUE");
  if (progress === "MISSED") states.add("MISSED");
  if (scheduledSoon && progress !== "DONE") states.add("DUE_SOON");
  return states;
}

function emptyNoShow(): NoShowStats {
  return { done: 0, noShow: 0, excused: 0, total: 0, rate: null };
}

function addOutcome(stats: NoShowStats, status: string, count: number) {
  if (status === "DONE") stats.done += count;
  else if (status === "NO_SHOW") stats.noShow += count;
  else if (status === "EXCUSED") stats.excused += count;
  stats.total = stats.done + stats.noShow + stats.excused;
  stats.rate = ratio(stats.noShow, stats.total);
}

/** The manager's dashboard of one agency, or null when the actor may not read it. */
export async function agencyDashboard(actor: Actor, agencyId: string, options: { now?: Date } = {}): Promise<AgencyDashboard | null> {
  const now = options.now ?? new Date();
  const db = await prisma();
  const agency = await openAgency(db, actor, agencyId, now);
  if (!agency) return null;
  const from = new Date(now.getTime() - NO_SHOW_LOOKBACK_DAYS * 86_400_000);

  const [byModality, awaitingByDate, firstInterviews, firstInterviewMedian, outcomes, states] = await Promise.all([
    db.seeker.groupBy({
      by: ["modality"],
      where: { agencyId: agency.id, status: "FOLLOWED" },
      _count: { _all: true },
    }),
    // Awaiting seekers counted per registration date: the lateness rule is then applied per date by the domain.
    db.seeker.groupBy({
      by: ["registrationDate"],
      where: { agencyId: agency.id, status: "AWAITING_DIAGNOSTIC" },
      _count: { _all: true },
      orderBy: { registrationDate: "asc" },
    }),
    // (registration date, local date of the earliest DONE INITIAL) pairs with their counts.
    db.$queryRaw<{ registrationDate: Date; seenOn: Date; n: number }[]>`
      WITH first AS (
        SELECT s."registrationDate" AS reg, MIN((a."startsAt" AT TIME ZONE ${agency.timeZone})::date) AS seen
        FROM "Appointment" a JOIN "Seeker" s ON s."id" = a."seekerId"
        WHERE a."agencyId" = ${agency.id}::uuid AND s."agencyId" = ${agency.id}::uuid
          AND a."kind" = 'INITIAL' AND a."status" = 'DONE'
        GROUP BY s."id", s."registrationDate"
      )
      SELECT reg AS "registrationDate", seen AS "seenOn", COUNT(*)::int AS n FROM first GROUP BY reg, seen`,
    db.$queryRaw<{ median: number | null }[]>`
      WITH first AS (
        SELECT s."registrationDate" AS reg, MIN((a."startsAt" AT TIME ZONE ${agency.timeZone})::date) AS seen
        FROM "Appointment" a JOIN "Seeker" s ON s."id" = a."seekerId"
        WHERE a."agencyId" = ${agency.id}::uuid AND s."agencyId" = ${agency.id}::uuid
          AND a."kind" = 'INITIAL' AND a."status" = 'DONE'
        GROUP BY s."id", s."registrationDate"
      )
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY (seen - reg)::float8) AS median FROM first`,
    db.appointment.groupBy({
      by: ["advisorId", "status"],
      where: { agencyId: agency.id, startsAt: { gte: from, lt: now }, status: { in: ["DONE", "NO_SHOW", "EXCUSED"] } },
      _count: { _all: true },
    }),
    reviewStates(db, agency),
  ]);

  // Distribution.
  const countOf = new Map(byModality.map((row) => [row.modality, row._count._all]));
  const followedTotal = byModality.reduce((sum, row) => sum + row._count._all, 0);
  const distribution = {
    total: followedTotal,
    modalities: MODALITIES.map((modality) => {
      const count = countOf.get(modality) ?? 0;
      return { modality, count, share: ratio(count, followedTotal), reference: REFERENCE_DISTRIBUTION[modality] };
    }),
  };

  // Backlog.
  let awaiting = 0;
  let late = 0;
  for (const row of awaitingByDate) {
    awaiting += row._count._all;
    if (isFirstInterviewLate(isoDate(row.registrationDate), agency.today, agency.firstInterviewDeadlineDays, false)) late += row._count._all;
  }
  const oldest = awaitingByDate[0] ? isoDate(awaitingByDate[0].registrationDate) : null;
  let seen = 0;
  let within = 0;
  for (const row of firstInterviews) {
    const n = Number(row.n);
    seen += n;
    // Seen on time when, taking the interview date as "today", the domain would not flag it late.
    if (!isFirstInterviewLate(isoDate(row.registrationDate), isoDate(row.seenOn), agency.firstInterviewDeadlineDays, false)) within += n;
  }
  const median = firstInterviewMedian[0]?.median;

  // Reviews.
  const reviews = { dueSoonDays: REVIEW_DUE_SOON_DAYS } as AgencyDashboard["reviews"];
  for (const kind of ["M4", "M9"] as const) {
    const counts = { DONE: 0, DUE_SOON: 0, OVERDUE: 0, MISSED: 0 };
    for (const seeker of states) for (const state of seeker.states[kind]) counts[state] += 1;
    reviews[kind] = counts;
  }

  // No-shows.
  const overall = emptyNoShow();
  const perAdvisor = new Map<string, NoShowStats>();
  for (const row of outcomes) {
    const stats = perAdvisor.get(row.advisorId) ?? emptyNoShow();
    addOutcome(stats, row.status, row._count._all);
    addOutcome(overall, row.status, row._count._all);
    perAdvisor.set(row.advisorId, stats);
  }
  const advisors = perAdvisor.size
    ? await db.user.findMany({ where: { id: { in: [...perAdvisor.keys()] } }, select: { id: true, firstName: true, lastName: true } })
    : [];
  const byAdvisor = advisors
    .map((advisor) => ({ advisorId: advisor.id, advisorName: `${advisor.firstName} ${advisor.lastName}`, lastName: advisor.lastName, ...perAdvisor.get(advisor.id)! }))
    .sort((a, b) => a.lastName.localeCompare(b.lastName, "fr") || a.advisorName.localeCompare(b.advisorName, "fr"))
    .map(({ lastName: _lastName, ...row }) => row);

  return {
    agency: { id: agency.id, name: agency.name, departement: agency.departement, firstInterviewDeadlineDays: agency.firstInterviewDeadlineDays },
    timeZone: agency.timeZone,
    today: agency.today,
    distribution,
    backlog: {
      awaitingDiagnostic: awaiting,
      late,
      oldestRegistrationDate: oldest,
      oldestAgeDays: oldest ? daysBetween(oldest, agency.today) : null,
      firstInterview: { seen, medianDays: median === null || median === undefined ? null : Number(median), withinDeadline: within, withinDeadlineShare: ratio(within, seen) },
    },
    reviews,
    noShow: { from, to: now, overall, byAdvisor },
  };
}

/** The followed seekers behind one review figure of the dashboard, sorted by name, 25 a page. */
export async function reviewList(
  actor: Actor,
  agencyId: string,
  options: { kind: ReviewKind; state: ReviewListState; now?: Date; page?: number },
): Promise<ReviewList | null> {
  const { kind, state } = options;
  if (kind !== "M4" && kind !== "M9") throw new Error(`Bilan inconnu : « ${String(kind)} ».`);
  if (!REVIEW_LIST_STATES.includes(state)) throw new Error(`État de bilan inconnu : « ${String(state)} ».`);
  const now = options.now ?? new Date();
  const db = await prisma();
  const agency = await openAgency(db, actor, agencyId, now);
  if (!agency) return null;
  const matching = (await reviewStates(db, agency)).filter((seeker) => seeker.states[kind].has(state));
  const registrationOf = new Map(matching.map((seeker) => [seeker.seekerId, seeker.registrationDate]));
  const details = matching.length
    ? await db.seeker.findMany({
        where: { agencyId: agency.id, id: { in: [...registrationOf.keys()] } },
        select: {
          id: true,
          franceTravailId: true,
          firstName: true,
          lastName: true,
          portfolio: { select: { advisor: { select: { id: true, firstName: true, lastName: true } } } },
        },
      })
    : [];
  const sorted = details.sort(byName);
  const { slice, page, pageCount } = paginate(sorted, options.page ?? 1, REVIEW_LIST_PAGE_SIZE);
  const rows = slice.map((seeker) => {
    const advisor = seeker.portfolio?.advisor ?? null;
    return {
      seekerId: seeker.id,
      franceTravailId: seeker.franceTravailId,
      firstName: seeker.firstName,
      lastName: seeker.lastName,
      advisor: advisor ? { id: advisor.id, name: `${advisor.firstName} ${advisor.lastName}` } : null,
      window: reviewWindows(registrationOf.get(seeker.id)!)[kind],
    };
  });
  return { kind, state, today: agency.today, total: sorted.length, page, pageCount, rows };
}
