/**
 * The manager's figures for an agency on the 2025 offer (issue 20, docs/rules.md#dashboard-2025), counted by the
 * database: nothing here loads the agency's seekers into memory, and nothing writes.
 *
 * - « Current » orientation: the latest orientation of each seeker of the agency whose file is not closed. It is
 *   decided when France Travail decided it, or when the département's decision is recorded; then the decision's
 *   parcours and referent count (France Travail's intensity follows `intensityOf` when it is the referent, as on the
 *   seeker's file: src/server/queries/orientation-2025.ts). Files handed over to another organisme count (they are
 *   « orientés vers … »); a proposal still awaiting the département is counted apart.
 * - Notification: France Travail's `notifiedOn` (the orientation's local day when missing), or the département's
 *   decision date. The contract is due `contractDueDate` from it.
 * - RSA recipient ⇔ `decidedBy = DEPARTEMENT` (`orient2025` makes the département decide exactly for them), so the
 *   situation (which holds the RQTH, special-category data) is never read here.
 *
 * The date rules are not copied into SQL where a cut-off does: for a given today, « the contract's month is over »
 * holds exactly for the notification days up to some date (`contractDueDate` grows with its start), which the domain
 * finds (`offer2025Cutoffs`); the SQL only compares dates with it. The one rule that compares two columns, « signed
 * within the month », is restated in SQL (`+ interval '1 month'`, which clamps to the month's end like `addMonths`)
 * and proven equal to `contractDueDate` by its parity test (tests/integration/offer-2025-dashboard.test.ts), as is the
 * « major health, housing or family barrier » reading of the answers (`isJointDiagnosticExtended`).
 */
import "server-only";
import { Prisma } from "@/generated/prisma/client";
import {
  addDays,
  compareDates,
  contractDueDate,
  fromDayNumber,
  INTENSITIES,
  intensityOf,
  jointDiagnosticDueDate,
  localToInstant,
  offerTransitionCountdown,
  PARCOURS,
  REFERENTS,
  rsaOrientationDueDate,
  toDayNumber,
  type Intensity,
  type IsoDate,
  type Parcours,
  type Referent,
} from "@/domain";
import { readPrisma } from "@/server/db";
import type { Actor } from "@/server/auth/policy";
import { openAgency, type AgencyContext, type Db } from "./agency-context";
import { SEEKER_NAME_ORDER } from "./pagination";

/** Contracts due within this many days are shown as « à signer bientôt ». */
export const CONTRACT_DUE_SOON_DAYS = 7;
/** Joint diagnostics due within this many days (or past) are counted as due. */
export const JOINT_DIAGNOSTIC_DUE_SOON_DAYS = 30;

/** A ratio, null when there is nothing to divide by. */
const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
const oneDecimal = (value: number | null): number | null => (value === null ? null : Math.round(value * 10) / 10);

// ---------------------------------------------------------------------------------------------------------------
// Cut-offs: the domain's deadlines turned into « the start day is at most D » for a given today.

/**
 * The last day `d` in (today − 1000 days, today) for which `holds(d)` is true, `holds` being true up to it and false
 * after (every deadline of the 2025 offer grows with its start day). Throws when that is not so.
 */
export function lastStartWhere(today: IsoDate, holds: (start: IsoDate) => boolean): IsoDate {
  let low = toDayNumber(today) - 1000;
  let high = toDayNumber(today);
  if (!holds(fromDayNumber(low)) || holds(fromDayNumber(high))) throw new Error("2025 cut-off out of range.");
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (holds(fromDayNumber(middle))) low = middle;
    else high = middle;
  }
  return fromDayNumber(low);
}

export type Offer2025Cutoffs = {
  /** N ≤ contractOver ⇔ today > contractDueDate(N): the month to sign is over. */
  contractOver: IsoDate;
  /** N ≤ contractSoon ⇔ contractDueDate(N) ≤ today + 7. */
  contractSoon: IsoDate;
  /** D ≤ rsaOver ⇔ today > rsaOrientationDueDate(D): the 6 weeks are over. */
  rsaOver: IsoDate;
  /** S ≤ jointOver[extended] ⇔ today > jointDiagnosticDueDate(S); S ≤ jointSoon[extended] ⇔ due ≤ today + 30. */
  jointOver: { normal: IsoDate; extended: IsoDate };
  jointSoon: { normal: IsoDate; extended: IsoDate };
};

export function offer2025Cutoffs(today: IsoDate, departement: string): Offer2025Cutoffs {
  const due = (notifiedOn: IsoDate) => contractDueDate({ notifiedOn, departement });
  const soon = addDays(today, CONTRACT_DUE_SOON_DAYS);
  const jointHorizon = addDays(today, JOINT_DIAGNOSTIC_DUE_SOON_DAYS);
  const joint = (extended: boolean, by: (dueOn: IsoDate) => boolean) =>
    lastStartWhere(today, (signedOn) => by(jointDiagnosticDueDate({ contractSignedOn: signedOn, extended })));
  return {
    contractOver: lastStartWhere(today, (n) => compareDates(due(n), today) < 0),
    contractSoon: lastStartWhere(today, (n) => compareDates(due(n), soon) <= 0),
    rsaOver: lastStartWhere(today, (d) => compareDates(rsaOrientationDueDate(d), today) < 0),
    jointOver: {
      normal: joint(false, (d) => compareDates(d, today) < 0),
      extended: joint(true, (d) => compareDates(d, today) < 0),
    },
    jointSoon: {
      normal: joint(false, (d) => compareDates(d, jointHorizon) <= 0),
      extended: joint(true, (d) => compareDates(d, jointHorizon) <= 0),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// SQL building blocks.

/** France Travail's intensity for each parcours and professional score, as the domain's `intensityOf` decides it. */
function intensityRule(): Prisma.Sql {
  const rows = PARCOURS.flatMap((parcours) =>
    Array.from({ length: 13 }, (_, score) => `('${parcours}'::"Parcours", ${score}, '${intensityOf(parcours, score)}'::"Intensity")`),
  );
  return Prisma.raw(`(VALUES ${rows.join(", ")}) AS rule("parcours", "score", "intensity")`);
}

/** A MAJOR health, housing or family barrier in the answers `o."answers"` (the SQL form of `isJointDiagnosticExtended`). */
export const EXTENDED_JOINT_DIAGNOSTIC_SQL = Prisma.sql`COALESCE(o."answers"->'barriers'->>'HEALTH' = 'MAJOR' OR o."answers"->'barriers'->>'HOUSING' = 'MAJOR' OR o."answers"->'barriers'->>'FAMILY' = 'MAJOR', false)`;

/** The day an orientation `o` with its département decision `d` (left-joined) was notified; null while undecided. */
function notifiedOnSql(timeZone: string): Prisma.Sql {
  return Prisma.sql`CASE WHEN o."decidedBy" = 'FRANCE_TRAVAIL' THEN COALESCE(o."notifiedOn", (o."createdAt" AT TIME ZONE ${timeZone})::date) ELSE d."decidedOn" END`;
}

/** The decided intensity of `o` with its decision `d` and the rule row `rule` (left-joined on the decision). */
const DECIDED_INTENSITY = Prisma.sql`CASE WHEN d."id" IS NULL THEN o."intensity" ELSE rule."intensity" END`;
const RULE_JOIN = Prisma.sql`LEFT JOIN ${intensityRule()} ON d."referent" = 'FRANCE_TRAVAIL' AND rule."parcours" = d."parcours" AND rule."score" = o."professionalScore"`;

/**
 * `cur`: the current orientation of each seeker of the agency whose file is not closed, with what was decided, when it
 * was notified, and its contract revisions' signatures (first and last signed day for that orientation).
 */
function currentOrientations(agency: AgencyContext): Prisma.Sql {
  return Prisma.sql`
    latest AS (
      SELECT DISTINCT ON (o."seekerId") o."id"
      FROM "Orientation" o
      WHERE o."agencyId" = ${agency.id}::uuid
      ORDER BY o."seekerId", o."createdAt" DESC, o."id" DESC
    ),
    signed AS (
      SELECT c."orientationId", min(c."signedOn") AS "firstSigned", max(c."signedOn") AS "lastSigned"
      FROM "EngagementContract" c
      WHERE c."agencyId" = ${agency.id}::uuid AND c."signedOn" IS NOT NULL
      GROUP BY c."orientationId"
    ),
    cur AS (
      SELECT o."id", o."seekerId", o."decidedBy", o."createdAt",
        (o."decidedBy" = 'FRANCE_TRAVAIL' OR d."id" IS NOT NULL) AS "decided",
        COALESCE(d."parcours", o."parcours") AS "parcours",
        COALESCE(d."referent", o."referent") AS "referent",
        ${DECIDED_INTENSITY} AS "intensity",
        (d."id" IS NULL AND o."tandem") AS "tandem",
        ${notifiedOnSql(agency.timeZone)} AS "notified",
        ${EXTENDED_JOINT_DIAGNOSTIC_SQL} AS "extended",
        k."firstSigned", k."lastSigned"
      FROM latest
      JOIN "Orientation" o ON o."id" = latest."id"
      JOIN "Seeker" s ON s."id" = o."seekerId" AND s."agencyId" = ${agency.id}::uuid AND s."status" <> 'CLOSED'
      LEFT JOIN "DepartementDecision" d ON d."orientationId" = o."id" AND d."agencyId" = ${agency.id}::uuid
      ${RULE_JOIN}
      LEFT JOIN signed k ON k."orientationId" = o."id"
    )`;
}

// ---------------------------------------------------------------------------------------------------------------
// The figures.

export type DistributionCell = { parcours: Parcours; referent: Referent; intensity: Intensity | null; count: number; tandem: number };

export type Offer2025Figures = {
  /** Seekers whose current orientation is decided, by parcours × referent × intensity (null: another organisme). */
  distribution: { total: number; cells: DistributionCell[] };
  /** RSA recipients whose proposal awaits the département; `overdue`: past the 6 weeks (from the orientation's day). */
  departement: { pending: number; overdue: number };
  /** Contracts of the seekers France Travail follows (referent France Travail), for their current orientation. */
  contracts: {
    /** Orientations whose month to sign is over (notified at least a month ago), and those signed by the due date. */
    monthOver: number;
    signedInTime: number;
    /** signedInTime / monthOver. */
    signedInTimeRate: number | null;
    /** No revision signed for the orientation and the due date passed. */
    overdue: number;
    /** No revision signed yet, due within 7 days (today included). */
    dueSoon: number;
  };
  /** Social parcours of an RSA recipient with a signed contract: joint diagnostic due date past, or within 30 days. */
  jointDiagnostics: { overdue: number; dueSoon: number };
  intensive: {
    /** Seekers France Travail follows, and those of them in intensive support; share = intensive / followed. */
    franceTravail: number;
    intensive: number;
    prevalence: number | null;
    /** Days since entering intensive support (the start of the current run of intensive orientations). */
    current: { count: number; medianDays: number | null; meanDays: number | null };
    /** Intensive episodes that ended (a later decision out of intensive support, or the file's closure). */
    completed: { count: number; medianDays: number | null; meanDays: number | null };
  };
};

type CountRow = Record<string, number | null>;
const n = (row: CountRow | undefined, key: string): number => Number(row?.[key] ?? 0);

async function countFigures(db: Db, agency: AgencyContext, cutoffs: Offer2025Cutoffs) {
  const rsaOverBefore = localToInstant(addDays(cutoffs.rsaOver, 1), "00:00", agency.timeZone);
  const ft = Prisma.sql`"decided" AND "referent" = 'FRANCE_TRAVAIL'`;
  const jointBase = Prisma.sql`"decided" AND "decidedBy" = 'DEPARTEMENT' AND "parcours" = 'SOCIAL' AND "lastSigned" IS NOT NULL`;
  const jointOver = Prisma.sql`CASE WHEN "extended" THEN ${cutoffs.jointOver.extended}::date ELSE ${cutoffs.jointOver.normal}::date END`;
  const jointSoon = Prisma.sql`CASE WHEN "extended" THEN ${cutoffs.jointSoon.extended}::date ELSE ${cutoffs.jointSoon.normal}::date END`;
  const [row] = await db.$queryRaw<CountRow[]>`
    WITH ${currentOrientations(agency)}
    SELECT
      count(*) FILTER (WHERE NOT "decided")::int AS "pending",
      count(*) FILTER (WHERE NOT "decided" AND "createdAt" < ${rsaOverBefore}::timestamptz)::int AS "pendingOverdue",
      count(*) FILTER (WHERE ${ft})::int AS "franceTravail",
      count(*) FILTER (WHERE ${ft} AND "intensity" = 'INTENSIF')::int AS "intensive",
      count(*) FILTER (WHERE ${ft} AND "notified" <= ${cutoffs.contractOver}::date)::int AS "monthOver",
      count(*) FILTER (WHERE ${ft} AND "notified" <= ${cutoffs.contractOver}::date
                         AND "firstSigned" <= ("notified" + interval '1 month')::date)::int AS "signedInTime",
      count(*) FILTER (WHERE ${ft} AND "notified" <= ${cutoffs.contractOver}::date AND "firstSigned" IS NULL)::int AS "overdue",
      count(*) FILTER (WHERE ${ft} AND "notified" > ${cutoffs.contractOver}::date AND "notified" <= ${cutoffs.contractSoon}::date
                         AND "firstSigned" IS NULL)::int AS "dueSoon",
      count(*) FILTER (WHERE ${jointBase} AND "lastSigned" <= ${jointOver})::int AS "jointOverdue",
      count(*) FILTER (WHERE ${jointBase} AND "lastSigned" > ${jointOver} AND "lastSigned" <= ${jointSoon})::int AS "jointDueSoon"
    FROM cur`;
  return row;
}

async function distributionOf(db: Db, agency: AgencyContext): Promise<Offer2025Figures["distribution"]> {
  const rows = await db.$queryRaw<{ parcours: Parcours; referent: Referent; intensity: Intensity | null; count: number; tandem: number }[]>`
    WITH ${currentOrientations(agency)}
    SELECT "parcours"::text AS "parcours", "referent"::text AS "referent", "intensity"::text AS "intensity",
           count(*)::int AS "count", count(*) FILTER (WHERE "tandem")::int AS "tandem"
    FROM cur WHERE "decided"
    GROUP BY 1, 2, 3`;
  const rank = <T extends string>(list: readonly T[], value: T | null) => (value === null ? list.length : list.indexOf(value));
  const cells = rows
    .map((row) => ({ ...row, count: Number(row.count), tandem: Number(row.tandem) }))
    .sort(
      (a, b) =>
        rank(PARCOURS, a.parcours) - rank(PARCOURS, b.parcours) ||
        rank(REFERENTS, a.referent) - rank(REFERENTS, b.referent) ||
        rank(INTENSITIES, a.intensity) - rank(INTENSITIES, b.intensity),
    );
  return { total: cells.reduce((sum, cell) => sum + cell.count, 0), cells };
}

/**
 * Intensive episodes: the decided orientations of the agency (pending proposals change nothing until decided), in
 * order per seeker, cut into runs of intensive (France Travail, INTENSIF) and other decisions. A run's start is its
 * first notification day; it ends on the next run's first notification day, or the file's closure day. The current
 * episode is the last run of a seeker whose current orientation is intensive.
 */
async function intensiveDurations(db: Db, agency: AgencyContext) {
  const [row] = await db.$queryRaw<CountRow[]>`
    WITH ${currentOrientations(agency)},
    h AS (
      SELECT o."seekerId", o."createdAt", o."id", ${notifiedOnSql(agency.timeZone)} AS "on",
        COALESCE(CASE WHEN d."id" IS NULL THEN o."referent" = 'FRANCE_TRAVAIL' AND o."intensity" = 'INTENSIF' ELSE rule."intensity" = 'INTENSIF' END, false) AS "intensive"
      FROM "Orientation" o
      LEFT JOIN "DepartementDecision" d ON d."orientationId" = o."id" AND d."agencyId" = ${agency.id}::uuid
      ${RULE_JOIN}
      WHERE o."agencyId" = ${agency.id}::uuid AND (o."decidedBy" = 'FRANCE_TRAVAIL' OR d."id" IS NOT NULL)
    ),
    marked AS (
      SELECT h.*, CASE WHEN "intensive" IS DISTINCT FROM lag("intensive") OVER (PARTITION BY "seekerId" ORDER BY "createdAt", "id") THEN 1 ELSE 0 END AS "starts"
      FROM h
    ),
    runs AS (SELECT marked.*, sum("starts") OVER (PARTITION BY "seekerId" ORDER BY "createdAt", "id") AS "run" FROM marked),
    episodes AS (
      SELECT "seekerId", "run", bool_and("intensive") AS "intensive", min("on") AS "started",
             lead(min("on")) OVER (PARTITION BY "seekerId" ORDER BY "run") AS "nextStarted"
      FROM runs GROUP BY "seekerId", "run"
    ),
    durations AS (
      SELECT CASE WHEN e."nextStarted" IS NULL AND c."seekerId" IS NOT NULL THEN 'current' ELSE 'completed' END AS "kind",
        GREATEST(0, CASE
          WHEN e."nextStarted" IS NOT NULL THEN e."nextStarted" - e."started"
          WHEN c."seekerId" IS NOT NULL THEN ${agency.today}::date - e."started"
          ELSE (s."closedAt" AT TIME ZONE ${agency.timeZone})::date - e."started" END) AS "days"
      FROM episodes e
      JOIN "Seeker" s ON s."id" = e."seekerId" AND s."agencyId" = ${agency.id}::uuid
      LEFT JOIN cur c ON c."seekerId" = e."seekerId" AND c."decided" AND c."referent" = 'FRANCE_TRAVAIL' AND c."intensity" = 'INTENSIF'
      WHERE e."intensive" AND (e."nextStarted" IS NOT NULL OR c."seekerId" IS NOT NULL OR (s."status" = 'CLOSED' AND s."closedAt" IS NOT NULL))
    )
    SELECT
      count(*) FILTER (WHERE "kind" = 'current')::int AS "currentCount",
      percentile_cont(0.5) WITHIN GROUP (ORDER BY "days") FILTER (WHERE "kind" = 'current') AS "currentMedian",
      avg("days") FILTER (WHERE "kind" = 'current')::float8 AS "currentMean",
      count(*) FILTER (WHERE "kind" = 'completed')::int AS "completedCount",
      percentile_cont(0.5) WITHIN GROUP (ORDER BY "days") FILTER (WHERE "kind" = 'completed') AS "completedMedian",
      avg("days") FILTER (WHERE "kind" = 'completed')::float8 AS "completedMean"
    FROM durations`;
  const stat = (count: string, median: string, mean: string) => ({
    count: n(row, count),
    medianDays: row?.[median] == null ? null : oneDecimal(Number(row[median])),
    meanDays: row?.[mean] == null ? null : oneDecimal(Number(row[mean])),
  });
  return { current: stat("currentCount", "currentMedian", "currentMean"), completed: stat("completedCount", "completedMedian", "completedMean") };
}

/** Every 2025 figure of an agency already opened (its scope checked). */
export async function offer2025Figures(db: Db, agency: AgencyContext): Promise<Offer2025Figures> {
  const cutoffs = offer2025Cutoffs(agency.today, agency.departement);
  const [counts, distribution, durations] = await Promise.all([countFigures(db, agency, cutoffs), distributionOf(db, agency), intensiveDurations(db, agency)]);
  const monthOver = n(counts, "monthOver");
  const signedInTime = n(counts, "signedInTime");
  const franceTravail = n(counts, "franceTravail");
  const intensive = n(counts, "intensive");
  return {
    distribution,
    departement: { pending: n(counts, "pending"), overdue: n(counts, "pendingOverdue") },
    contracts: { monthOver, signedInTime, signedInTimeRate: ratio(signedInTime, monthOver), overdue: n(counts, "overdue"), dueSoon: n(counts, "dueSoon") },
    jointDiagnostics: { overdue: n(counts, "jointOverdue"), dueSoon: n(counts, "jointDueSoon") },
    intensive: { franceTravail, intensive, prevalence: ratio(intensive, franceTravail), ...durations },
  };
}

export type TransitionProgress = {
  deadline: IsoDate;
  daysLeft: number;
  /** FOLLOWED seekers diagnosed under the 2014 rules before the agency's switch, and those whose latest contract revision is signed. */
  followedBefore: number;
  signed: number;
  progress: number | null;
};

/**
 * The transition: the followed seekers who were diagnosed (2014 diagnostic) before the agency moved to the 2025 offer
 * (`offerChangedAt`; every 2014 diagnostic when it is unknown), and those of them whose latest contract revision is
 * signed (the rule of /agence/transition), with the countdown to the département's transition deadline.
 */
async function transitionProgress(db: Db, agency: AgencyContext): Promise<TransitionProgress> {
  const { deadline, daysLeft } = offerTransitionCountdown(agency.departement, agency.today);
  const [row] = await db.$queryRaw<CountRow[]>`
    WITH switched AS (SELECT a."offerChangedAt" AS "at" FROM "Agency" a WHERE a."id" = ${agency.id}::uuid)
    SELECT count(*)::int AS "followedBefore", count(*) FILTER (WHERE latest."signedOn" IS NOT NULL)::int AS "signed"
    FROM "Seeker" s
    CROSS JOIN switched
    LEFT JOIN LATERAL (
      SELECT c."signedOn" FROM "EngagementContract" c WHERE c."seekerId" = s."id" ORDER BY c."revision" DESC LIMIT 1
    ) latest ON true
    WHERE s."agencyId" = ${agency.id}::uuid AND s."status" = 'FOLLOWED'
      AND EXISTS (SELECT 1 FROM "Diagnostic" g WHERE g."seekerId" = s."id" AND (switched."at" IS NULL OR g."createdAt" < switched."at"))`;
  const followedBefore = n(row, "followedBefore");
  const signed = n(row, "signed");
  return { deadline, daysLeft, followedBefore, signed, progress: ratio(signed, followedBefore) };
}

export type Offer2025Dashboard = Offer2025Figures & {
  agency: { id: string; name: string; today: IsoDate };
  transition: TransitionProgress;
};

/**
 * The « Offre 2025 » block of /agence: null when the actor may not read the agency (a manager of another agency, an
 * advisor), or when the agency is on the 2014 offer.
 */
export async function offer2025Dashboard(actor: Actor, agencyId: string, options: { now?: Date } = {}): Promise<Offer2025Dashboard | null> {
  const db = await readPrisma();
  const agency = await openAgency(db, actor, agencyId, options.now ?? new Date());
  if (!agency || agency.offer !== "OFFRE_2025") return null;
  const [figures, transition] = await Promise.all([offer2025Figures(db, agency), transitionProgress(db, agency)]);
  return { agency: { id: agency.id, name: agency.name, today: agency.today }, ...figures, transition };
}

// ---------------------------------------------------------------------------------------------------------------
// The CSV of the oriented seekers (/agence/export/orientations-2025).

export type OrientationExportRow = {
  franceTravailId: string;
  lastName: string;
  firstName: string;
  decided: boolean;
  decidedBy: "FRANCE_TRAVAIL" | "DEPARTEMENT";
  parcours: Parcours;
  referent: Referent;
  intensity: Intensity | null;
  tandem: boolean;
  /** The orientation's local day (the start of the département's 6 weeks). */
  orientedOn: IsoDate;
  notified: IsoDate | null;
  firstSigned: IsoDate | null;
};

/**
 * One row per seeker of the agency with a current orientation, by name: codes and dates only. The orientation's
 * situation (RSA, age, RQTH — special-category data), answers, reasons and justification are never selected.
 */
export async function orientationExportRows(db: Db, agency: AgencyContext): Promise<OrientationExportRow[]> {
  const rows = await db.$queryRaw<
    (Omit<OrientationExportRow, "notified" | "firstSigned" | "orientedOn"> & { notified: Date | null; firstSigned: Date | null; orientedOn: Date })[]
  >`
    WITH ${currentOrientations(agency)}
    SELECT s."franceTravailId", s."lastName", s."firstName", cur."decided", cur."decidedBy"::text AS "decidedBy",
           cur."parcours"::text AS "parcours", cur."referent"::text AS "referent", cur."intensity"::text AS "intensity", cur."tandem",
           (cur."createdAt" AT TIME ZONE ${agency.timeZone})::date AS "orientedOn", cur."notified", cur."firstSigned"
    FROM cur JOIN "Seeker" s ON s."id" = cur."seekerId"
    ORDER BY ${SEEKER_NAME_ORDER}`;
  const day = (value: Date | null) => (value === null ? null : value.toISOString().slice(0, 10));
  return rows.map((row) => ({ ...row, orientedOn: day(row.orientedOn)!, notified: day(row.notified), firstSigned: day(row.firstSigned) }));
}
