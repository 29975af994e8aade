/** The manager's dashboard (/agence): distribution, first-interview backlog, mandatory reviews, no-shows. */
import "server-only";
import { readPrisma } from "@/server/db";
import type { Actor } from "@/server/auth/policy";
import type { Modality } from "@/generated/prisma/client";
import { DUE_SOON_DAYS, modalityDistribution, NO_SHOW_LOOKBACK_DAYS, noShowRate } from "@/domain";
import { agencyPortfolios, sortLoads, withLoads, type AgencyLoads } from "./agency-loads";
import { openAgency, type AgencyContext, type Db } from "./agency-context";
import {
  backlogOf,
  bookingFigures,
  firstInterviewWaits,
  QUEUE_ENTRY,
  type AwaitingCount,
  type BacklogFigures,
  type FirstInterviewBookingFigures,
} from "./backlog";
import { countReviews, reviewBounds, type ReviewCounts } from "./review-states";

type NoShowStats = { done: number; noShow: number; excused: number; total: number; rate: number | null };

type AgencyDashboard = {
  agency: { id: string; name: string; departement: string; firstInterviewDeadlineDays: number };
  timeZone: string;
  today: string;
  /** Followed seekers per modality; `share` is count / total (null when nobody is followed). */
  distribution: {
    total: number;
    modalities: { modality: Modality; count: number; share: number | null; reference: number }[];
  };
  backlog: BacklogFigures;
  /** Where the awaiting seekers stand with their first interview: booked in time, booked late, « à planifier ». */
  firstInterviewBooking: FirstInterviewBookingFigures;
  /** Files advisors sent to the managers because every portfolio of the modality was full, awaiting a decision. */
  pendingPlacements: number;
  reviews: { dueSoonDays: number } & ReviewCounts;
  noShow: {
    from: Date;
    to: Date;
    overall: NoShowStats;
    byAdvisor: ({ advisorId: string; advisorName: string } & NoShowStats)[];
    /** The same appointments, split by whether a reminder was sent (or delivered) for them (docs/rules.md#reminders). */
    reminders: { reminded: NoShowStats; notReminded: NoShowStats };
  };
};

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

type AgencyOverview = { loads: AgencyLoads; dashboard: AgencyDashboard };

/**
 * What /agence shows: the portfolio loads and the dashboard, the agency opened once and every figure read together.
 * `sort`: the loads table's order (`?tri=&ordre=`, see `sortLoads`); without it, the order of `agencyLoads` (and of
 * the CSV export).
 */
export async function agencyOverview(
  actor: Actor,
  agencyId: string,
  options: { now?: Date; sort?: { column?: unknown; order?: unknown } | null } = {},
): Promise<AgencyOverview | null> {
  const now = options.now ?? new Date();
  const db = await readPrisma();
  const agency = await openAgency(db, actor, agencyId, now);
  if (!agency) return null;
  const [portfolios, { dashboard, loadByPortfolio }] = await Promise.all([agencyPortfolios(db, agency.id), dashboardFigures(db, agency, now)]);
  const loads = withLoads(portfolios, loadByPortfolio, agency.offer);
  return {
    loads: {
      agency: { id: agency.id, name: agency.name, departement: agency.departement },
      ...loads,
      ...(options.sort !== undefined ? { portfolios: sortLoads(loads.portfolios, portfolios, options.sort) } : {}),
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
  const [census, waits, outcomes, reviewCounts, booking, pendingPlacements, remindedOutcomes] = await Promise.all([
    db.$queryRaw<{ portfolioId: string | null; status: string; modality: Modality | null; awaitingSince: Date | null; n: number }[]>`
      SELECT s."portfolioId", s."status"::text AS status, s."modality"::text AS modality,
             CASE WHEN s."status" = 'AWAITING_DIAGNOSTIC' THEN ${QUEUE_ENTRY} END AS "awaitingSince", COUNT(*)::int AS n
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
    bookingFigures(db, agency),
    db.placementRequest.count({ where: { agencyId: agency.id, status: "PENDING" } }),
    db.$queryRaw<{ reminded: boolean; status: string; n: number }[]>`
      SELECT EXISTS (SELECT 1 FROM "OutboxMessage" o
                     WHERE o."appointmentId" = a."id" AND o."kind" = 'REMINDER' AND o."status"::text IN ('SENT', 'DELIVERED')) AS reminded,
             a."status"::text AS status, COUNT(*)::int AS n
      FROM "Appointment" a
      WHERE a."agencyId" = ${agency.id}::uuid
        AND a."startsAt" >= ${from.toISOString()}::timestamptz AND a."startsAt" < ${now.toISOString()}::timestamptz
        AND a."status" IN ('DONE', 'NO_SHOW', 'EXCUSED')
      GROUP BY 1, 2`,
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
  const distribution = modalityDistribution(Object.fromEntries(followedByModality));

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

  // No-shows with and without a reminder.
  const reminders = { reminded: emptyNoShow(), notReminded: emptyNoShow() };
  for (const row of remindedOutcomes) addOutcome(row.reminded ? reminders.reminded : reminders.notReminded, row.status, Number(row.n));

  const dashboard: AgencyDashboard = {
    agency: { id: agency.id, name: agency.name, departement: agency.departement, firstInterviewDeadlineDays: agency.firstInterviewDeadlineDays },
    timeZone: agency.timeZone,
    today: agency.today,
    distribution,
    backlog: backlogOf(agency, awaitingByDate, waits),
    firstInterviewBooking: booking,
    pendingPlacements,
    reviews: { dueSoonDays: DUE_SOON_DAYS, ...reviewCounts },
    noShow: { from, to: now, overall, byAdvisor, reminders },
  };
  return { dashboard, loadByPortfolio };
}
