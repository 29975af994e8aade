/**
 * Measure 2 — the manager's page /agence of a 10 000-seeker agency: the server's data work (`agencyOverview`: the
 * portfolio loads and the dashboard, as the page calls it) against the same figures computed by hand-written SQL
 * sent straight to the database through a plain `pg` pool of the same size. Both sides run alternately in the same
 * process; the SQL side's figures are checked equal to the dashboard's, so the floor really is the same work.
 */
import pg from "pg";
import { DUE_SOON_DAYS, localDateOf, NO_SHOW_LOOKBACK_DAYS, timeZoneOf } from "@/domain";
import { agencyPageData, installAsAppDatabase, type AgencyPageData } from "../lib/app";
import { loadActor, openDataset, type Dataset } from "../lib/datasets";
import { log } from "../lib/log";
import { series, type Series } from "../lib/stats";

export type HandFigures = {
  agency: { id: string };
  loads: { portfolioId: string; load: number; cap: number }[];
  distribution: Record<string, number>;
  followed: number;
  awaiting: number;
  late: number;
  oldest: string | null;
  seen: number;
  within: number;
  medianDays: number | null;
  reviews: { M4: Record<string, number>; M9: Record<string, number> };
  noShow: { done: number; noShow: number; excused: number; advisors: number };
};

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** Sends one SQL statement with its parameters, returns the rows (a `pg` pool, or Prisma's raw query on PGlite). */
export type SqlRunner = <T>(text: string, params: unknown[]) => Promise<T[]>;

export function poolRunner(pool: pg.Pool): SqlRunner {
  return async <T>(text: string, params: unknown[]) => (await pool.query(text, params)).rows as T[];
}

/** On the embedded database: Prisma's raw queries (one session; numbers come back as numbers after the casts). */
export function prismaRunner(prisma: Awaited<ReturnType<typeof openDataset>>["prisma"]): SqlRunner {
  return async <T>(text: string, params: unknown[]) =>
    (await prisma.$queryRawUnsafe<T[]>(text, ...params.map((p) => (p instanceof Date ? p.toISOString() : p)))) as T[];
}

/** The /agence figures in hand-written SQL: one agency look-up, then five aggregates in parallel. */
export async function handWrittenDashboard(sql: SqlRunner, agencyId: string, now: Date): Promise<HandFigures> {
  const agencyRows = await sql<{ id: string; departement: string; deadline: number }>(
    `SELECT a."id", a."departement", a."firstInterviewDeadlineDays" AS deadline FROM "Agency" a WHERE a."id" = $1::uuid`,
    [agencyId],
  );
  const agency = agencyRows[0];
  if (!agency) throw new Error("Agence de mesure introuvable.");
  const zone = timeZoneOf(agency.departement);
  const today = localDateOf(now.toISOString(), zone);
  const from = new Date(now.getTime() - NO_SHOW_LOOKBACK_DAYS * 86_400_000);

  const [loads, seekers, first, reviews, outcomes] = await Promise.all([
    sql<{ portfolioId: string; modality: string; cap: number; advisorId: string; firstName: string; lastName: string; load: number }>(
      `SELECT p."id" AS "portfolioId", p."modality"::text AS modality, p."cap", u."id" AS "advisorId", u."firstName", u."lastName",
              count(s."id")::int AS load
       FROM "Portfolio" p JOIN "User" u ON u."id" = p."advisorId" LEFT JOIN "Seeker" s ON s."portfolioId" = p."id"
       WHERE p."agencyId" = $1::uuid GROUP BY p."id", u."id" ORDER BY u."lastName", p."modality"`,
      [agencyId],
    ),
    sql<{ suivi: number; guide: number; renforce: number; global: number; followed: number; awaiting: number; late: number; oldest: Date | null }>(
      `SELECT count(*) FILTER (WHERE "status" = 'FOLLOWED' AND "modality" = 'SUIVI')::int AS suivi,
              count(*) FILTER (WHERE "status" = 'FOLLOWED' AND "modality" = 'GUIDE')::int AS guide,
              count(*) FILTER (WHERE "status" = 'FOLLOWED' AND "modality" = 'RENFORCE')::int AS renforce,
              count(*) FILTER (WHERE "status" = 'FOLLOWED' AND "modality" = 'GLOBAL')::int AS global,
              count(*) FILTER (WHERE "status" = 'FOLLOWED')::int AS followed,
              count(*) FILTER (WHERE "status" = 'AWAITING_DIAGNOSTIC')::int AS awaiting,
              count(*) FILTER (WHERE "status" = 'AWAITING_DIAGNOSTIC' AND "registrationDate" + $2::int < $3::date)::int AS late,
              min("registrationDate") FILTER (WHERE "status" = 'AWAITING_DIAGNOSTIC') AS oldest
       FROM "Seeker" WHERE "agencyId" = $1::uuid AND "status" IN ('FOLLOWED', 'AWAITING_DIAGNOSTIC')`,
      [agencyId, agency.deadline, today],
    ),
    sql<{ seen: number; within: number; median: number | null }>(
      `WITH first AS (
         SELECT s."registrationDate" AS reg, min((a."startsAt" AT TIME ZONE $2::text)::date) AS seen
         FROM "Appointment" a JOIN "Seeker" s ON s."id" = a."seekerId"
         WHERE a."agencyId" = $1::uuid AND a."kind" = 'INITIAL' AND a."status" = 'DONE'
         GROUP BY s."id", s."registrationDate")
       SELECT count(*)::int AS seen, count(*) FILTER (WHERE seen <= reg + $3::int)::int AS within,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY (seen - reg)::float8) AS median
       FROM first`,
      [agencyId, zone, agency.deadline],
    ),
    sql<Record<string, number>>(
      `WITH r AS (
         SELECT a."seekerId",
                bool_or(a."kind" = 'REVIEW_M4' AND a."status" = 'DONE') AS m4_done,
                bool_or(a."kind" = 'REVIEW_M9' AND a."status" = 'DONE') AS m9_done,
                bool_or(a."kind" = 'REVIEW_M4' AND a."status" = 'SCHEDULED' AND (a."startsAt" AT TIME ZONE $2::text)::date BETWEEN $3::date AND $3::date + $4::int) AS m4_soon,
                bool_or(a."kind" = 'REVIEW_M9' AND a."status" = 'SCHEDULED' AND (a."startsAt" AT TIME ZONE $2::text)::date BETWEEN $3::date AND $3::date + $4::int) AS m9_soon
         FROM "Appointment" a
         WHERE a."agencyId" = $1::uuid AND a."kind" IN ('REVIEW_M4', 'REVIEW_M9') AND a."status" <> 'CANCELLED'
         GROUP BY a."seekerId"),
       w AS (
         SELECT coalesce(r.m4_done, false) AS m4_done, coalesce(r.m9_done, false) AS m9_done,
                coalesce(r.m4_soon, false) AS m4_soon, coalesce(r.m9_soon, false) AS m9_soon,
                ((s."registrationDate" + interval '4 months')::date - 1) AS m4_to,
                (s."registrationDate" + interval '8 months')::date AS m9_from,
                ((s."registrationDate" + interval '9 months')::date - 1) AS m9_to
         FROM "Seeker" s LEFT JOIN r ON r."seekerId" = s."id"
         WHERE s."agencyId" = $1::uuid AND s."status" = 'FOLLOWED')
       SELECT count(*) FILTER (WHERE m4_done)::int AS "M4_DONE",
              count(*) FILTER (WHERE NOT m4_done AND $3::date > m4_to AND $3::date < m9_from)::int AS "M4_OVERDUE",
              count(*) FILTER (WHERE NOT m4_done AND $3::date > m4_to AND $3::date >= m9_from)::int AS "M4_MISSED",
              count(*) FILTER (WHERE NOT m4_done AND m4_soon)::int AS "M4_DUE_SOON",
              count(*) FILTER (WHERE m9_done)::int AS "M9_DONE",
              count(*) FILTER (WHERE NOT m9_done AND $3::date > m9_to)::int AS "M9_OVERDUE",
              0 AS "M9_MISSED",
              count(*) FILTER (WHERE NOT m9_done AND m9_soon)::int AS "M9_DUE_SOON"
       FROM w`,
      [agencyId, zone, today, DUE_SOON_DAYS],
    ),
    sql<{ advisorId: string; firstName: string; lastName: string; done: number; no_show: number; excused: number }>(
      `SELECT a."advisorId", u."firstName", u."lastName",
              count(*) FILTER (WHERE a."status" = 'DONE')::int AS done,
              count(*) FILTER (WHERE a."status" = 'NO_SHOW')::int AS no_show,
              count(*) FILTER (WHERE a."status" = 'EXCUSED')::int AS excused
       FROM "Appointment" a JOIN "User" u ON u."id" = a."advisorId"
       WHERE a."agencyId" = $1::uuid AND a."startsAt" >= $2::timestamptz AND a."startsAt" < $3::timestamptz AND a."status" IN ('DONE', 'NO_SHOW', 'EXCUSED')
       GROUP BY a."advisorId", u."firstName", u."lastName"`,
      [agencyId, from, now],
    ),
  ]);
  const s = seekers[0]!;
  const f = first[0]!;
  const r = reviews[0]!;
  const pick = (kind: "M4" | "M9") => Object.fromEntries(["DONE", "DUE_SOON", "OVERDUE", "MISSED"].map((state) => [state, Number(r[`${kind}_${state}`])]));
  return {
    agency: { id: agency.id },
    loads: loads.map((row) => ({ portfolioId: row.portfolioId, load: row.load, cap: row.cap })),
    distribution: { SUIVI: s.suivi, GUIDE: s.guide, RENFORCE: s.renforce, GLOBAL: s.global },
    followed: s.followed,
    awaiting: s.awaiting,
    late: s.late,
    oldest: s.oldest ? isoDate(s.oldest) : null,
    seen: f.seen,
    within: f.within,
    medianDays: f.median === null ? null : Number(f.median),
    reviews: { M4: pick("M4"), M9: pick("M9") },
    noShow: {
      done: outcomes.reduce((n, row) => n + row.done, 0),
      noShow: outcomes.reduce((n, row) => n + row.no_show, 0),
      excused: outcomes.reduce((n, row) => n + row.excused, 0),
      advisors: outcomes.length,
    },
  };
}

/** The figures of the server's page data in the shape of the hand-written ones, for the equality check. */
function serverFigures(data: AgencyPageData): HandFigures {
  const d = data.dashboard;
  return {
    agency: { id: d.agency.id },
    loads: data.loads.portfolios.map((p) => ({ portfolioId: p.portfolioId, load: p.load, cap: p.cap })),
    distribution: Object.fromEntries(d.distribution.modalities.map((m) => [m.modality, m.count])),
    followed: d.distribution.total,
    awaiting: d.backlog.awaitingDiagnostic,
    late: d.backlog.late,
    oldest: d.backlog.oldestRegistrationDate,
    seen: d.backlog.firstInterview.seen,
    within: d.backlog.firstInterview.withinDeadline,
    medianDays: d.backlog.firstInterview.medianDays,
    reviews: { M4: { ...d.reviews.M4 }, M9: { ...d.reviews.M9 } },
    noShow: { done: d.noShow.overall.done, noShow: d.noShow.overall.noShow, excused: d.noShow.overall.excused, advisors: d.noShow.byAdvisor.length },
  };
}

/** The differences between the two sides' figures ([] when they agree). */
export function compareFigures(data: AgencyPageData, hand: HandFigures): string[] {
  const server = serverFigures(data);
  const differences: string[] = [];
  const check = (label: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) differences.push(`${label} : serveur ${JSON.stringify(a)} ≠ SQL ${JSON.stringify(b)}`);
  };
  check("agence", server.agency.id, hand.agency.id);
  const byId = (rows: HandFigures["loads"]) => [...rows].sort((a, b) => a.portfolioId.localeCompare(b.portfolioId));
  check("charges", byId(server.loads), byId(hand.loads));
  check("répartition", server.distribution, hand.distribution);
  for (const key of ["followed", "awaiting", "late", "oldest", "seen", "within", "medianDays", "noShow"] as const) check(key, server[key], hand[key]);
  check("bilans M4", server.reviews.M4, hand.reviews.M4);
  check("bilans M9", server.reviews.M9, hand.reviews.M9);
  return differences;
}

export type DashboardResult = {
  dataset: string;
  agencyCode: string;
  agencySeekers: number;
  iterations: number;
  serverMs: Series;
  sqlMs: Series;
  /** server / SQL per iteration. */
  ratio: Series;
  target: number;
  pass: boolean;
  sameFigures: boolean;
  differences: string[];
};

export async function measureDashboard(dataset: Dataset, iterations: number): Promise<DashboardResult> {
  const db = await openDataset(dataset, 30_000);
  const pool = dataset.url ? new pg.Pool({ connectionString: dataset.url, max: 10 }) : null;
  const sql = pool ? poolRunner(pool) : prismaRunner(db.prisma);
  try {
    installAsAppDatabase(db);
    const manager = await loadActor(db, dataset.meta.managerId);
    const agencyId = dataset.meta.agencyId;
    // Warm-up: connections opened, plans and pages cached on both sides.
    for (let i = 0; i < 3; i += 1) {
      await agencyPageData(manager, agencyId);
      await handWrittenDashboard(sql, agencyId, new Date());
    }
    const now = new Date();
    const differences = compareFigures(await agencyPageData(manager, agencyId, now), await handWrittenDashboard(sql, agencyId, now));
    if (differences.length) log(`  ATTENTION : le SQL écrit à la main ne donne pas les mêmes chiffres :\n    ${differences.join("\n    ")}`);
    const server: number[] = [];
    const sqlMs: number[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < iterations; i += 1) {
      const runServer = async () => {
        const t = performance.now();
        await agencyPageData(manager, agencyId);
        return performance.now() - t;
      };
      const runSql = async () => {
        const t = performance.now();
        await handWrittenDashboard(sql, agencyId, new Date());
        return performance.now() - t;
      };
      // Alternate which side goes first, so that neither always profits from the other's warm cache.
      let a: number;
      let b: number;
      if (i % 2 === 0) {
        a = await runServer();
        b = await runSql();
      } else {
        b = await runSql();
        a = await runServer();
      }
      server.push(a);
      sqlMs.push(b);
      ratios.push(a / b);
    }
    const ratio = series(ratios);
    return {
      dataset: dataset.name,
      agencyCode: dataset.meta.agencyCode,
      agencySeekers: dataset.meta.agencySeekers,
      iterations,
      serverMs: series(server, 1),
      sqlMs: series(sqlMs, 1),
      ratio,
      target: 1.5,
      pass: ratio.median <= 1.5 && differences.length === 0,
      sameFigures: differences.length === 0,
      differences,
    };
  } finally {
    await pool?.end();
    await db.close();
  }
}
