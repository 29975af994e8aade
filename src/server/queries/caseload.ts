import "server-only";
import { z } from "zod";
import { readPrisma } from "@/server/db";
import { PREPARED } from "@/server/db/connection";
import { Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/policy";
import { byName, compareFrench, pageWindow, paginate } from "./pagination";
import { reviewCutoffs } from "./review-states";
import { listedSeeker } from "./selects";
import { waitOf } from "./backlog";
import { failedMessagesCount } from "./messages";
import { pendingRequestsCount } from "./appointment-requests";
import { campaignsOfProgress, myCampaignsProgress, type MyCampaign, type MyCampaignProgress } from "./triage-campaigns";
import { isoDate } from "@/lib/format";
import type { AppointmentKind, AppointmentStatus, Channel, Modality } from "@/generated/prisma/client";
import {
  addDays,
  addMonths,
  INTENSIVE_CONTACT_STATUSES,
  INTENSIVE_MIN_CONTACTS_PER_MONTH,
  shortfallOfContacts,
  dueSoonWindow,
  localDateOf,
  localToInstant,
  reviewProgress,
  timeZoneOf,
  type IsoDate,
  type RecordedReview,
  type ReviewProgress,
} from "@/domain";

const CASELOAD_PAGE_SIZE = 25;

const CASELOAD_FILTERS = [
  "tous",
  "suivi",
  "guide",
  "renforce",
  "global",
  "intensif",
  "agile",
  "binome",
  "contacts-manquants",
  "bilans",
  "en-retard",
  "aujourdhui",
  "a-renseigner",
] as const;
export type CaseloadFilter = (typeof CASELOAD_FILTERS)[number];
const CASELOAD_SORTS = ["nom", "inscription", "prochain-rdv"] as const;

/** The caseload page's query string: anything unexpected falls back to the defaults. */
export const caseloadQuerySchema = z.object({
  vue: z.enum(["portefeuille", "file"]).catch("portefeuille"),
  filtre: z.enum(CASELOAD_FILTERS).catch("tous"),
  tri: z.enum(CASELOAD_SORTS).catch("nom"),
  q: z.string().trim().max(80).catch(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type CaseloadQuery = z.infer<typeof caseloadQuerySchema>;

const MODALITY_OF_FILTER: Partial<Record<CaseloadFilter, Modality>> = {
  suivi: "SUIVI",
  guide: "GUIDE",
  renforce: "RENFORCE",
  global: "GLOBAL",
  intensif: "INTENSIF",
  agile: "AGILE",
  binome: "TANDEM",
};

type CaseloadRow = {
  id: string;
  franceTravailId: string;
  firstName: string;
  lastName: string;
  modality: Modality | null;
  webOnly: boolean;
  registrationDate: string;
  /** The reviews' progress; null for a seeker of the queue (met today, not diagnosed yet: no review is due). */
  reviews: Record<"M4" | "M9", ReviewProgress> | null;
  nextAppointment: { startsAt: Date; kind: AppointmentKind } | null;
  /** Intensive support: the contacts this calendar month still lacks (0: covered); null in other modalities. */
  contactsMissing: number | null;
};

type QueueRow = {
  id: string;
  franceTravailId: string;
  firstName: string;
  lastName: string;
  registrationDate: string;
  /** The day the file entered the queue when later than the registration (a transfer, a reopening), else null. */
  queuedOn: string | null;
  /** Days since the queue entry (the registration, or the later transfer or reopening). */
  daysSinceRegistration: number;
  late: boolean;
  initialAppointment: Date | null;
  /** Every portfolio of the decided modality was full: the file waits for the managers' decision. */
  sentToManagers: boolean;
};

type AgendaEntry = {
  id: string;
  seekerId: string;
  seekerName: string;
  /** The advisor may open the seeker's file (their own portfolios and the agency's queue). */
  seekerInScope: boolean;
  startsAt: Date;
  kind: AppointmentKind;
  channel: Channel;
  status: AppointmentStatus;
};

type CaseloadView = {
  timeZone: string;
  today: string;
  /** The agency's offer: the 2025 blocks of the page are read only on the 2025 offer. */
  offer: "OFFRE_2014" | "OFFRE_2025";
  query: CaseloadQuery;
  counts: Record<CaseloadFilter, number> & { file: number; fileLate: number };
  rows: CaseloadRow[];
  queue: QueueRow[];
  total: number;
  page: number;
  pageCount: number;
  agenda: AgendaEntry[];
  /** The advisor's own portfolios, with their load (seekers in them) against their cap. */
  portfolios: OwnPortfolio[];
  /** Messages to the seekers of the advisor's portfolios that could not be sent (`failedMessagesOfPortfolio`). */
  failedMessages: number;
  /** Requests of seekers waiting for the advisor's answer (`pendingRequestCount`). */
  pendingRequests: number;
  /** The advisor's open triage campaigns (`myCampaigns`). */
  campaigns: MyCampaign[];
};

type OwnPortfolio = { id: string; modality: Modality; load: number; cap: number };

const NO_AGENCY = "00000000-0000-0000-0000-000000000000";
type Db = Awaited<ReturnType<typeof readPrisma>>;

function matchesSearch(row: { firstName: string; lastName: string; franceTravailId: string }, q: string): boolean {
  if (!q) return true;
  const needle = q
    .toLocaleLowerCase("fr")
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "");
  const haystack = `${row.lastName} ${row.firstName} ${row.firstName} ${row.lastName} ${row.franceTravailId}`
    .toLocaleLowerCase("fr")
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "");
  return haystack.includes(needle);
}

/**
 * The ids of the caseload's seekers: those of the agency in the advisor's portfolios, and the agency's queue's seekers
 * the advisor meets that day (an appointment not cancelled). Read by the portfolio index and by the advisor's
 * appointments of the day, so that the planner never estimates a fold of the whole agency's appointments — whose
 * cost crossed `jit_above_cost` and had every page view compile the query (~80 ms of JIT per execution). The seeker's
 * agency is checked on the rows found (`IS TRUE` keeps the planner from AND-ing the agency's whole index, 10 000
 * entries twice, with the portfolios' ~350).
 */
function caseloadSeekerIds(actor: Actor, todayStart: string, tomorrowStart: string): Prisma.Sql {
  return caseloadSeekers(actor, todayStart, tomorrowStart, Prisma.raw(`o."id"`), Prisma.raw(`q."id"`));
}

/**
 * The caseload's seekers as `caseloadSeekerIds` finds them, with the columns the counts need read in the same pass
 * (no second reading of the ~350 rows by primary key): names, registration date, modality, and `mine` — in one of
 * the advisor's portfolios (always so in the first branch; for a seeker of the queue, checked). One row per seeker:
 * both branches give a seeker the same values, so the union keeps one.
 */
function caseloadSeekerColumns(actor: Actor, todayStart: string, tomorrowStart: string): Prisma.Sql {
  const columns = (t: string) => Prisma.raw(`${t}."id", ${t}."lastName", ${t}."firstName", ${t}."registrationDate", ${t}."modality"`);
  return caseloadSeekers(
    actor,
    todayStart,
    tomorrowStart,
    Prisma.sql`${columns("o")}, true AS mine`,
    Prisma.sql`${columns("q")}, EXISTS (SELECT 1 FROM "Portfolio" m WHERE m."id" = q."portfolioId" AND m."advisorId" = ${actor.id}::uuid) AS mine`,
  );
}

function caseloadSeekers(actor: Actor, todayStart: string, tomorrowStart: string, ofPortfolios: Prisma.Sql, ofQueue: Prisma.Sql): Prisma.Sql {
  const agencyId = actor.agencyId ?? NO_AGENCY;
  return Prisma.sql`
    SELECT ${ofPortfolios} FROM "Seeker" o
    WHERE (o."agencyId" = ${agencyId}::uuid) IS TRUE AND o."portfolioId" IN (SELECT m."id" FROM "Portfolio" m WHERE m."advisorId" = ${actor.id}::uuid)
    UNION
    SELECT ${ofQueue} FROM "Appointment" t JOIN "Seeker" q ON q."id" = t."seekerId"
    WHERE t."advisorId" = ${actor.id}::uuid AND t."status" <> 'CANCELLED'
      AND t."startsAt" >= ${todayStart}::timestamptz AND t."startsAt" < ${tomorrowStart}::timestamptz
      AND q."agencyId" = ${agencyId}::uuid AND q."status" = 'AWAITING_DIAGNOSTIC'`;
}

/** One seeker of the advisor's portfolios or of the agency's queue as the database folds their appointments (see `caseloadRecords`). */
type CaseloadRecord = Omit<CaseloadRow, "registrationDate" | "reviews" | "nextAppointment"> & {
  /** In one of the advisor's portfolios; otherwise in the agency's queue. */
  inPortfolio: boolean;
  registrationDate: Date;
  /** Every review appointment not cancelled, as "M4|M9:STATUS:YYYY-MM-DD" (agency-local date). */
  reviews: string[] | null;
  nextStartsAt: Date | null;
  nextKind: AppointmentKind | null;
  reviewSoon: boolean;
  appointmentToday: boolean;
  outcomeToRecord: boolean;
  /** Appointments planned or held in the agency's current calendar month. */
  contactsThisMonth: number;
};

/**
 * The advisor's seekers and the agency's queue, one row each: the database folds each seeker's appointments into
 * what the page needs — the review appointments with their local dates (judged by the domain's `reviewProgress`
 * below), the next scheduled appointment and three flags over instants computed here from agency-local days. A
 * meeting of the day is any appointment of the advisor that day not cancelled (held, missed or to come), as the
 * agenda lists them; the queue's seekers are read only when they have one (their first interview), so the whole
 * queue is never folded.
 */
/** The instants the caseload's flags compare appointments with: the agency's today and tomorrow, the review horizon, now. */
type CaseloadInstants = { todayStart: string; tomorrowStart: string; reviewHorizonEnd: string; nowIso: string; monthStart: string; nextMonthStart: string };

function caseloadInstants(timeZone: string, now: Date, today: IsoDate): CaseloadInstants {
  const dayStart = (date: IsoDate) => localToInstant(date, "00:00", timeZone);
  return {
    todayStart: dayStart(today),
    tomorrowStart: dayStart(addDays(today, 1)),
    reviewHorizonEnd: dayStart(addDays(dueSoonWindow(today).to, 1)),
    nowIso: now.toISOString(),
    monthStart: dayStart(`${today.slice(0, 7)}-01`),
    nextMonthStart: dayStart(addMonths(`${today.slice(0, 7)}-01`, 1)),
  };
}

/**
 * A seeker's appointment flags, folded over their appointments `a` (both the full read and the counts use them), and
 * the contacts planned or held this month (`INTENSIVE_CONTACT_STATUSES`) that intensive support counts.
 */
function appointmentFlags(actor: Actor, { todayStart, tomorrowStart, reviewHorizonEnd, nowIso, monthStart, nextMonthStart }: CaseloadInstants): Prisma.Sql {
  return Prisma.sql`bool_or(a."kind" IN ('REVIEW_M4', 'REVIEW_M9') AND a."status" = 'SCHEDULED'
                AND a."startsAt" >= ${todayStart}::timestamptz AND a."startsAt" < ${reviewHorizonEnd}::timestamptz) AS "reviewSoon",
        bool_or(a."advisorId" = ${actor.id}::uuid
                AND a."startsAt" >= ${todayStart}::timestamptz AND a."startsAt" < ${tomorrowStart}::timestamptz) AS "appointmentToday",
        bool_or(a."status" = 'SCHEDULED' AND a."advisorId" = ${actor.id}::uuid AND a."startsAt" < ${nowIso}::timestamptz) AS "outcomeToRecord",
        (count(*) FILTER (WHERE a."status"::text = ANY(${INTENSIVE_CONTACT_STATUSES as unknown as string[]}::text[])
                AND a."startsAt" >= ${monthStart}::timestamptz AND a."startsAt" < ${nextMonthStart}::timestamptz))::int AS "contactsThisMonth"`;
}

function caseloadRecords(db: Db, actor: Actor, timeZone: string, now: Date, today: IsoDate, only: string[] | null = null): Promise<CaseloadRecord[]> {
  const instants = caseloadInstants(timeZone, now, today);
  const { todayStart, tomorrowStart, nowIso } = instants;
  return db.$queryRaw<CaseloadRecord[]>`${Prisma.raw(PREPARED)}
    SELECT s."id", s."franceTravailId", s."firstName", s."lastName", s."modality"::text AS "modality", s."webOnly", s."registrationDate",
           f."reviews", n."startsAt" AS "nextStartsAt", n."kind"::text AS "nextKind",
           coalesce(f."reviewSoon", false) AS "reviewSoon",
           coalesce(f."appointmentToday", false) AS "appointmentToday",
           coalesce(f."outcomeToRecord", false) AS "outcomeToRecord",
           coalesce(f."contactsThisMonth", 0) AS "contactsThisMonth",
           (p."id" IS NOT NULL) AS "inPortfolio"
    FROM ${
      // The ids of a page come from the caseload's own ids (`pageSizedListing`), read in the same request.
      only ? Prisma.sql`"Seeker" s` : Prisma.sql`(${caseloadSeekerIds(actor, todayStart, tomorrowStart)}) c JOIN "Seeker" s ON s."id" = c."id"`
    }
    LEFT JOIN "Portfolio" p ON p."id" = s."portfolioId" AND p."advisorId" = ${actor.id}::uuid
    LEFT JOIN LATERAL (
      SELECT
        array_agg((CASE a."kind" WHEN 'REVIEW_M4' THEN 'M4' ELSE 'M9' END) || ':' || a."status"::text || ':' ||
                  to_char((a."startsAt" AT TIME ZONE ${timeZone})::date, 'YYYY-MM-DD'))
          FILTER (WHERE a."kind" IN ('REVIEW_M4', 'REVIEW_M9')) AS "reviews",
        ${appointmentFlags(actor, instants)}
      FROM "Appointment" a
      WHERE a."seekerId" = s."id" AND a."status" <> 'CANCELLED'
    ) f ON true
    LEFT JOIN LATERAL (
      SELECT a."startsAt", a."kind" FROM "Appointment" a
      WHERE a."seekerId" = s."id" AND a."status" = 'SCHEDULED' AND a."startsAt" >= ${nowIso}::timestamptz
      ORDER BY a."startsAt" LIMIT 1
    ) n ON true
    ${only ? Prisma.sql`WHERE s."id" = ANY(${only}::uuid[])` : Prisma.empty}`;
}

function recordedReviews(encoded: string[] | null): RecordedReview[] {
  return (encoded ?? []).map((entry) => {
    const [kind, status, date] = entry.split(":") as ["M4" | "M9", AppointmentStatus, IsoDate];
    return { kind, status, date };
  });
}

/** A caseload record as a row of the page, its reviews judged by the domain, and the filters it belongs to. */
function enrich(record: CaseloadRecord, today: IsoDate) {
  const registrationDate = isoDate(record.registrationDate);
  const reviews = record.inPortfolio ? reviewProgress(registrationDate, today, recordedReviews(record.reviews)) : null;
  const row: CaseloadRow = {
    id: record.id,
    franceTravailId: record.franceTravailId,
    firstName: record.firstName,
    lastName: record.lastName,
    modality: record.modality,
    webOnly: record.webOnly,
    registrationDate,
    reviews,
    nextAppointment: record.nextStartsAt && record.nextKind ? { startsAt: record.nextStartsAt, kind: record.nextKind } : null,
    contactsMissing: record.inPortfolio && record.modality === "INTENSIF" ? shortfallOfContacts(record.contactsThisMonth) : null,
  };
  return {
    row,
    inPortfolio: record.inPortfolio,
    reviewSoon: record.reviewSoon,
    appointmentToday: record.appointmentToday,
    outcomeToRecord: record.outcomeToRecord,
    overdue: reviews !== null && (reviews.M4 === "OVERDUE" || reviews.M9 === "OVERDUE"),
  };
}
type Enriched = ReturnType<typeof enrich>;

const IN_FILTER: Record<CaseloadFilter, (entry: Enriched) => boolean> = {
  tous: (e) => e.inPortfolio,
  suivi: (e) => e.inPortfolio && e.row.modality === MODALITY_OF_FILTER.suivi,
  guide: (e) => e.inPortfolio && e.row.modality === MODALITY_OF_FILTER.guide,
  renforce: (e) => e.inPortfolio && e.row.modality === MODALITY_OF_FILTER.renforce,
  global: (e) => e.inPortfolio && e.row.modality === MODALITY_OF_FILTER.global,
  intensif: (e) => e.inPortfolio && e.row.modality === MODALITY_OF_FILTER.intensif,
  agile: (e) => e.inPortfolio && e.row.modality === MODALITY_OF_FILTER.agile,
  binome: (e) => e.inPortfolio && e.row.modality === MODALITY_OF_FILTER.binome,
  "contacts-manquants": (e) => e.row.contactsMissing !== null && e.row.contactsMissing > 0,
  bilans: (e) => e.inPortfolio && e.reviewSoon,
  "en-retard": (e) => e.inPortfolio && e.overdue,
  aujourdhui: (e) => e.appointmentToday,
  "a-renseigner": (e) => e.inPortfolio && e.outcomeToRecord,
};

/** What the sorts compare: a row's names and id, its registration date and the instant of its next appointment (ms, or null). */
type SortKey = { id: string; lastName: string; firstName: string; registrationDate: string; next: number | null };

/** The list's orders; equal keys fall back to the name order, so that pages are stable. */
const COMPARE: Record<CaseloadQuery["tri"], (a: SortKey, b: SortKey) => number> = {
  nom: byName,
  inscription: (a, b) => a.registrationDate.localeCompare(b.registrationDate) || compareFrench(a.lastName, b.lastName) || byName(a, b),
  "prochain-rdv": (a, b) =>
    (a.next ?? Number.POSITIVE_INFINITY) - (b.next ?? Number.POSITIVE_INFINITY) || compareFrench(a.lastName, b.lastName) || byName(a, b),
};

/**
 * The database's order of the sort keys it sends: close to `COMPARE`'s (its collation is not French), so that the
 * exact sort that follows in JavaScript finds the keys nearly in order and has little left to do.
 */
const NEAR_ORDER: Record<CaseloadQuery["tri"], Prisma.Sql> = {
  nom: Prisma.sql`g."lastName", g."firstName"`,
  inscription: Prisma.sql`g.reg, g."lastName", g."firstName"`,
  "prochain-rdv": Prisma.sql`g.next NULLS LAST, g."lastName", g."firstName"`,
};

function sortKey(row: CaseloadRow): SortKey {
  return { ...row, next: row.nextAppointment?.startsAt.getTime() ?? null };
}

type Listing = { counts: Record<CaseloadFilter, number>; rows: CaseloadRow[]; total: number; page: number; pageCount: number };

/**
 * The reference reading: every seeker of the advisor read with their appointments folded, judged by `reviewProgress`,
 * then counted, filtered, sorted and paged here. Kept for the search (accents folded as `matchesSearch` does) and as
 * the parity test's reference for `pageSizedListing`.
 */
async function listingReadingAll(db: Db, actor: Actor, query: CaseloadQuery, timeZone: string, now: Date, today: IsoDate): Promise<Listing> {
  const records = await caseloadRecords(db, actor, timeZone, now, today);
  const searched = records.map((record) => enrich(record, today)).filter((entry) => matchesSearch(entry.row, query.q));
  const counts = Object.fromEntries(CASELOAD_FILTERS.map((filter) => [filter, searched.filter(IN_FILTER[filter]).length])) as Record<CaseloadFilter, number>;
  const listed = searched
    .filter(IN_FILTER[query.filtre])
    .map((entry) => ({ row: entry.row, key: sortKey(entry.row) }))
    .sort((a, b) => COMPARE[query.tri](a.key, b.key))
    .map((entry) => entry.row);
  const shown = paginate(listed, query.page, CASELOAD_PAGE_SIZE);
  return { counts, rows: shown.slice, total: listed.length, page: shown.page, pageCount: shown.pageCount };
}

/** Over the rows `g` of `pageSizedListing`: the seekers of one filter. */
function filterPredicate(filter: CaseloadFilter): Prisma.Sql {
  const modality = MODALITY_OF_FILTER[filter];
  if (modality) return Prisma.sql`(g.mine AND g."modality" = ${modality}::"Modality")`;
  switch (filter) {
    case "bilans":
      return Prisma.sql`(g.mine AND g."reviewSoon")`;
    case "en-retard":
      return Prisma.sql`g.overdue`;
    case "aujourdhui":
      return Prisma.sql`g."appointmentToday"`;
    case "a-renseigner":
      return Prisma.sql`(g.mine AND g."outcomeToRecord")`;
    case "contacts-manquants":
      return Prisma.sql`(g.mine AND g."modality" = 'INTENSIF' AND g."contactsThisMonth" < ${INTENSIVE_MIN_CONTACTS_PER_MONTH}::int)`;
    default:
      return Prisma.sql`g.mine`;
  }
}

/**
 * The page-sized reading: the database counts every filter and sends the sort keys of the filtered seekers only (one
 * JSON value); the rows of the page shown — at most 25 — are then read as `caseloadRecords` reads them and judged by
 * the domain's `reviewProgress`. « En retard » is counted with the review cut-offs of src/server/queries/review-states.ts
 * (`reviewCutoffs`, the SQL form of `reviewProgress`'s OVERDUE, proven equal by its parity test); the other filters
 * are the same flags as `caseloadRecords`'.
 */
async function pageSizedListing(db: Db, actor: Actor, query: CaseloadQuery, timeZone: string, now: Date, today: IsoDate, withRows: boolean): Promise<Listing> {
  const [counts] = await db.$queryRaw<[CaseloadCounts]>`${Prisma.raw(PREPARED)} ${countsStatement(actor, query, timeZone, now, today, withRows)}`;
  return listingOfCounts(db, actor, query, timeZone, now, today, counts);
}

/** What `countsStatement` answers: each filter's count, and the sort keys of the seekers of the filter shown. */
type CaseloadCounts = Record<CaseloadFilter, number> & { keys: [string, string, string, string, number | null][] };

/** The statement of `pageSizedListing`'s counts and sort keys (one row, `CaseloadCounts`). */
function countsStatement(actor: Actor, query: CaseloadQuery, timeZone: string, now: Date, today: IsoDate, withRows: boolean): Prisma.Sql {
  const instants = caseloadInstants(timeZone, now, today);
  const { todayStart, tomorrowStart, nowIso } = instants;
  const cutoffs = reviewCutoffs(today);
  const next =
    withRows && query.tri === "prochain-rdv"
      ? Prisma.sql`(SELECT (extract(epoch FROM min(a."startsAt")) * 1000)::bigint FROM "Appointment" a
          WHERE a."seekerId" = s."id" AND a."status" = 'SCHEDULED' AND a."startsAt" >= ${nowIso}::timestamptz)`
      : Prisma.sql`NULL::bigint`;
  return Prisma.sql`
    WITH g AS (
      SELECT s."id", s."lastName", s."firstName", s."registrationDate" AS reg, s."modality", s.mine,
             coalesce(f."reviewSoon", false) AS "reviewSoon",
             coalesce(f."appointmentToday", false) AS "appointmentToday",
             coalesce(f."outcomeToRecord", false) AS "outcomeToRecord",
             coalesce(f."contactsThisMonth", 0) AS "contactsThisMonth",
             (s.mine AND (
               (NOT coalesce(f.m4_done, false) AND s."registrationDate" <= ${cutoffs.m4Closed}::date AND s."registrationDate" > ${cutoffs.m9Open}::date)
               OR (NOT coalesce(f.m9_done, false) AND s."registrationDate" <= ${cutoffs.m9Closed}::date))) AS overdue,
             ${next} AS next
      FROM (${caseloadSeekerColumns(actor, todayStart, tomorrowStart)}) s
      LEFT JOIN LATERAL (
        SELECT
          bool_or(a."kind" = 'REVIEW_M4' AND a."status" = 'DONE') AS m4_done,
          bool_or(a."kind" = 'REVIEW_M9' AND a."status" = 'DONE') AS m9_done,
          ${appointmentFlags(actor, instants)}
        FROM "Appointment" a
        WHERE a."seekerId" = s."id" AND a."status" <> 'CANCELLED'
      ) f ON true
    )
    SELECT ${Prisma.join(CASELOAD_FILTERS.map((filter) => Prisma.sql`count(*) FILTER (WHERE ${filterPredicate(filter)})::int AS ${Prisma.raw(`"${filter}"`)}`))},
           coalesce(json_agg(json_build_array(g."id", g."lastName", g."firstName", to_char(g.reg, 'YYYY-MM-DD'), g.next) ORDER BY ${NEAR_ORDER[query.tri]})
                    FILTER (WHERE ${withRows ? filterPredicate(query.filtre) : Prisma.sql`false`}), '[]') AS keys
    FROM g`;
}

/** The page of `pageSizedListing` from its counts: the keys sorted (`COMPARE`), then the rows of the page shown read. */
async function listingOfCounts(
  db: Db,
  actor: Actor,
  query: CaseloadQuery,
  timeZone: string,
  now: Date,
  today: IsoDate,
  summary: CaseloadCounts,
): Promise<Listing> {
  const { keys, ...counts } = summary;
  const sorted = keys
    .map(([id, lastName, firstName, registrationDate, next]): SortKey => ({
      id,
      lastName,
      firstName,
      registrationDate,
      next: next === null ? null : Number(next),
    }))
    .sort(COMPARE[query.tri]);
  const { page, pageCount, offset } = pageWindow(sorted.length, query.page, CASELOAD_PAGE_SIZE);
  const ids = sorted.slice(offset, offset + CASELOAD_PAGE_SIZE).map((key) => key.id);
  const records = ids.length ? await caseloadRecords(db, actor, timeZone, now, today, ids) : [];
  const byId = new Map(records.map((record) => [record.id, enrich(record, today).row]));
  const rows = ids.map((id) => byId.get(id)).filter((row): row is CaseloadRow => row !== undefined);
  return { counts: counts as Record<CaseloadFilter, number>, rows, total: sorted.length, page, pageCount };
}

type CaseloadFrame = {
  departement: string;
  firstInterviewDeadlineDays: number;
  offer: CaseloadView["offer"];
  portfolios: OwnPortfolio[];
  /** The agency's queue counted by registration date and queue entry ("YYYY-MM-DD"), for its size and its late files. */
  queueByDate: [string, string | null, number][];
  failedMessages: number;
  pendingRequests: number;
  campaigns: MyCampaignProgress[];
  /** The advisor's appointments around now, for `weekAgenda`. */
  agendaAround: AgendaEntryJson[];
};

type AgendaEntryJson = Omit<AgendaEntry, "startsAt"> & { startsAt: string };

/** Today and the 7 next days, agency-local, lie within this span either side of now, whatever the time zone (UTC−12 to UTC+14). */
const AGENDA_READ_SPAN_MS = 10 * 24 * 3600 * 1000;

/**
 * What the page shows around the list, in one statement (the page runs on every view, and each statement is a round
 * trip and a pass through the database client): the agency, the advisor's portfolios in the modalities' order with
 * their loads, the queue's counts by date, the appointments of the week's agenda, and the three figures of the notices — each an SQL expression defined by
 * the module that also reads it alone (`failedMessagesCount`, `pendingRequestsCount`, `myCampaignsProgress`).
 */
async function caseloadFrame(db: Db, actor: Actor, now: Date): Promise<CaseloadFrame> {
  const [frame] = await db.$queryRaw<CaseloadFrame[]>`${Prisma.raw(PREPARED)} ${frameStatement(actor, now)}`;
  if (!frame) throw new Error(NO_AGENCY_MESSAGE);
  return frame;
}

const NO_AGENCY_MESSAGE = "Agence introuvable pour ce compte.";

/** The statement of `caseloadFrame` (one row, `CaseloadFrame`). */
function frameStatement(actor: Actor, now: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT ag."departement", ag."firstInterviewDeadlineDays", ag."offer"::text AS "offer",
      (SELECT coalesce(json_agg(json_build_object('id', p."id", 'modality', p."modality", 'cap', p."cap",
                'load', (SELECT count(*)::int FROM "Seeker" s WHERE s."portfolioId" = p."id")) ORDER BY p."modality"), '[]'::json)
       FROM "Portfolio" p WHERE p."advisorId" = ${actor.id}::uuid AND p."agencyId" = ag."id") AS "portfolios",
      (SELECT coalesce(json_agg(json_build_array(w."registrationDate", w."queuedOn", w.n)), '[]'::json)
       FROM (SELECT s."registrationDate", s."queuedOn", count(*)::int AS n FROM "Seeker" s
             WHERE s."agencyId" = ag."id" AND s."status" = 'AWAITING_DIAGNOSTIC' GROUP BY 1, 2) w) AS "queueByDate",
      ${failedMessagesCount(actor)} AS "failedMessages",
      ${pendingRequestsCount(actor, now)} AS "pendingRequests",
      ${myCampaignsProgress(actor)} AS "campaigns",
      (SELECT coalesce(json_agg(json_build_object('id', a."id", 'seekerId', a."seekerId", 'startsAt', a."startsAt", 'kind', a."kind",
                'channel', a."channel", 'status', a."status", 'seekerName', s."firstName" || ' ' || s."lastName",
                'seekerInScope', (s."status" = 'AWAITING_DIAGNOSTIC' OR p."advisorId" IS NOT DISTINCT FROM ${actor.id}::uuid))
                ORDER BY a."startsAt", a."id"), '[]'::json)
       FROM "Appointment" a JOIN "Seeker" s ON s."id" = a."seekerId" LEFT JOIN "Portfolio" p ON p."id" = s."portfolioId"
       WHERE a."advisorId" = ${actor.id}::uuid AND a."status" <> 'CANCELLED'
         AND a."startsAt" >= ${new Date(now.getTime() - AGENDA_READ_SPAN_MS).toISOString()}::timestamptz
         AND a."startsAt" < ${new Date(now.getTime() + AGENDA_READ_SPAN_MS).toISOString()}::timestamptz) AS "agendaAround"
    FROM "Agency" ag WHERE ag."id" = ${actor.agencyId ?? NO_AGENCY}::uuid`;
}

/**
 * The département of each agency as this process last read it. With it, the page-sized reading sends the frame and
 * the counts as one statement, the counts' instants taken in that département's time zone; the frame's own
 * département is compared with it, and the counts read again in the right zone if it changed. Only a hint: what the
 * page shows is always what the statement read.
 */
const departementLastRead = new Map<string, string>();

/** The frame, and the counts when the agency's département was known beforehand (`departementLastRead`). */
async function frameWithCounts(
  db: Db,
  actor: Actor,
  query: CaseloadQuery,
  now: Date,
  pageSized: boolean,
): Promise<{ frame: CaseloadFrame; counts: CaseloadCounts | null }> {
  const agencyId = actor.agencyId ?? NO_AGENCY;
  const known = pageSized ? departementLastRead.get(agencyId) : undefined;
  if (known === undefined) {
    const frame = await caseloadFrame(db, actor, now);
    departementLastRead.set(agencyId, frame.departement);
    return { frame, counts: null };
  }
  const timeZone = timeZoneOf(known);
  const today = localDateOf(now.toISOString(), timeZone);
  const [row] = await db.$queryRaw<(CaseloadFrame & CaseloadCounts)[]>`${Prisma.raw(PREPARED)}
    SELECT * FROM (${frameStatement(actor, now)}) frame CROSS JOIN (${countsStatement(actor, query, timeZone, now, today, query.vue !== "file")}) counts`;
  if (!row) throw new Error(NO_AGENCY_MESSAGE);
  departementLastRead.set(agencyId, row.departement);
  if (row.departement !== known) return { frame: row, counts: null };
  const counts = Object.fromEntries(CASELOAD_FILTERS.map((filter) => [filter, row[filter]])) as Record<CaseloadFilter, number>;
  return { frame: row, counts: { ...counts, keys: row.keys } };
}

/**
 * The week's agenda: the advisor's appointments not cancelled over eight days from today (agency-local). The frame
 * reads them before the agency's time zone is known, over a span that contains those eight days in any time zone
 * (`AGENDA_READ_SPAN_MS` either side of now), and they are kept here by the agency-local bounds.
 */
function weekAgenda(around: AgendaEntryJson[], timeZone: string, today: IsoDate): AgendaEntry[] {
  const from = Date.parse(localToInstant(today, "00:00", timeZone));
  const to = Date.parse(localToInstant(addDays(today, 8), "00:00", timeZone));
  return around
    .map((entry) => ({ ...entry, startsAt: new Date(entry.startsAt) }))
    .filter((entry) => entry.startsAt.getTime() >= from && entry.startsAt.getTime() < to);
}

/**
 * The advisor's caseload: their portfolios' seekers with review progress and next appointment, filtered,
 * searched, sorted and paginated (« rendez-vous du jour » also lists the queue's seekers met today); the agency's
 * queue awaiting a first diagnostic; this week's agenda; their portfolios' loads against their caps.
 * Without a search, the database counts the filters and only the page shown is read (`pageSizedListing`); a search
 * reads the whole caseload (`listingReadingAll`, the reference the parity test compares the former with —
 * `options.readAll` asks for it).
 */
export async function caseloadView(actor: Actor, query: CaseloadQuery, now: Date = new Date(), options: { readAll?: boolean } = {}): Promise<CaseloadView> {
  const db = await readPrisma();
  const pageSized = query.q === "" && !options.readAll;
  const { frame, counts } = await frameWithCounts(db, actor, query, now, pageSized);
  const timeZone = timeZoneOf(frame.departement);
  const today = localDateOf(now.toISOString(), timeZone);
  const queueWhere = { agencyId: actor.agencyId ?? NO_AGENCY, status: "AWAITING_DIAGNOSTIC" as const };

  // The queue's rows are shown only in the « file » view or searched; otherwise the page needs its two counts.
  const queueRows = query.vue === "file" || query.q !== "";
  const [listing, queueSeekers] = await Promise.all([
    !pageSized
      ? listingReadingAll(db, actor, query, timeZone, now, today)
      : counts
        ? listingOfCounts(db, actor, query, timeZone, now, today, counts)
        : pageSizedListing(db, actor, query, timeZone, now, today, query.vue !== "file"),
    queueRows
      ? db.seeker.findMany({
          where: queueWhere,
          orderBy: [{ registrationDate: "asc" }, { lastName: "asc" }],
          select: {
            ...listedSeeker,
            queuedOn: true,
            appointments: { where: { kind: "INITIAL", status: "SCHEDULED" }, select: { startsAt: true }, orderBy: { startsAt: "asc" }, take: 1 },
            placementRequests: { where: { status: "PENDING" }, select: { id: true }, take: 1 },
          },
        })
      : Promise.resolve([]),
  ]);

  const queue: QueueRow[] = queueSeekers
    .filter((seeker) => matchesSearch(seeker, query.q))
    .map(({ appointments, placementRequests, registrationDate, queuedOn, ...seeker }) => {
      const wait = waitOf(registrationDate, today, frame.firstInterviewDeadlineDays, queuedOn);
      const initialAppointment = appointments[0]?.startsAt ?? null;
      return {
        ...seeker,
        registrationDate: wait.registrationDate,
        queuedOn: wait.queuedOn,
        daysSinceRegistration: wait.waitingDays,
        late: wait.late,
        initialAppointment,
        sentToManagers: placementRequests.length > 0,
      };
    })
    // Longest wait first: the oldest queue entry (stable: the registration order otherwise).
    .sort((a, b) => b.daysSinceRegistration - a.daysSinceRegistration);
  const onQueue = query.vue === "file";
  const queuePage = onQueue ? paginate(queue, query.page, CASELOAD_PAGE_SIZE) : null;

  return {
    timeZone,
    today,
    offer: frame.offer,
    query,
    counts: {
      ...listing.counts,
      file: queueRows ? queue.length : frame.queueByDate.reduce((sum, [, , n]) => sum + n, 0),
      fileLate: queueRows
        ? queue.filter((row) => row.late).length
        : frame.queueByDate
            .filter(
              ([registrationDate, queuedOn]) =>
                waitOf(utcDay(registrationDate), today, frame.firstInterviewDeadlineDays, queuedOn ? utcDay(queuedOn) : null).late,
            )
            .reduce((sum, [, , n]) => sum + n, 0),
    },
    rows: queuePage ? [] : listing.rows,
    queue: queuePage ? queuePage.slice : [],
    total: queuePage ? queue.length : listing.total,
    page: queuePage ? queuePage.page : listing.page,
    pageCount: queuePage ? queuePage.pageCount : listing.pageCount,
    agenda: weekAgenda(frame.agendaAround, timeZone, today),
    portfolios: frame.portfolios,
    failedMessages: frame.failedMessages,
    pendingRequests: frame.pendingRequests,
    campaigns: campaignsOfProgress(frame.campaigns),
  };
}

/** A day of the database's JSON ("YYYY-MM-DD") as Prisma reads a `date` column: midnight UTC. */
function utcDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}
