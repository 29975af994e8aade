/**
 * Use case « planifier les premiers entretiens » (issue 15): books the first (diagnostic) interview of every seeker of
 * an agency awaiting a diagnostic without a live one (SCHEDULED, or DONE and not yet confirmed), by the domain's
 * `planFirstInterviews` (docs/rules.md#booking-first-interviews). A dry run computes the same plan and writes nothing;
 * a real run books in batches, one retried transaction each, that lock their seekers and read the calendars afresh,
 * so running it twice (or twice at once) books nothing more. Called by the manager's action on /agence/attente
 * (book-first-interviews.ts) and by `npm run plan-reviews`.
 *
 * Server code: the command line runs it with `tsx --conditions=react-server` (the outbox is server-only).
 */
import {
  BusyCalendar,
  CAP_FIELDS,
  localDateOf,
  localToEpochMs,
  modalitiesForNewDiagnostics,
  planFirstInterviews,
  queueEntryDate,
  timeZoneOf,
  type FirstInterviewAdvisor,
  type Modality,
  type FirstInterviewChoice,
  type IsoDate,
} from "@/domain";
import type { PrismaClient } from "@/generated/prisma/client";
import { DomainError } from "@/server/errors";
import { queueConvocations } from "@/server/messages/notices";
import { databaseOf, nowOf, runInTransaction, type Tx, type UseCaseOptions } from "./kit";
import { closureDatesOf } from "@/server/queries/agency-closures";
import { seekersPerPortfolio } from "@/server/queries/loads";

/** Seekers per transaction. */
const DEFAULT_BATCH_SIZE = 200;
/** Seekers listed by name in the result (the flagged ones first); the counts cover everyone. */
const LISTED_MAX = 100;

export type FirstInterviewLine = {
  seekerId: string;
  firstName: string;
  lastName: string;
  registrationDate: IsoDate;
  dueDate: IsoDate;
  status: FirstInterviewChoice["status"];
  startsAt: string | null;
  advisorName: string | null;
};

export type BookFirstInterviewsResult = {
  dryRun: boolean;
  /** Seekers awaiting a diagnostic. */
  awaiting: number;
  /** Of those, with a live first interview already (left alone). */
  alreadyBooked: number;
  /** First interviews booked (or to book, in a dry run) on or before the deadline. */
  booked: number;
  /** Booked after the deadline: no advisor with room had a free slot before it. */
  late: number;
  /** Not booked: no advisor with room has a free slot within the search horizon (« à planifier »). */
  unbooked: number;
  /** The late and unbooked seekers first, then the booked ones, at most `LISTED_MAX`. */
  lines: FirstInterviewLine[];
};

/** What one committed batch booked, for the journal. */
export type FirstInterviewBatchCounts = { booked: number; late: number; unbooked: number };

export type BookAgencyFirstInterviewsOptions = UseCaseOptions & {
  agencyId: string;
  dryRun?: boolean;
  /** Writes the journal entry of a batch inside its transaction (the manager's action does; the command line does not). */
  journal?: (tx: Tx, agencyId: string, counts: FirstInterviewBatchCounts) => Promise<void>;
  /** Seekers per transaction. */
  batchSize?: number;
};

type Candidate = { id: string; firstName: string; lastName: string; registrationDate: Date; queuedOn: Date | null };

const dayOf = (date: Date) => date.toISOString().slice(0, 10);
/** The day the first interview is due from: the queue entry (a transfer, a reopening) or the registration. */
const entryOf = (s: Candidate) => queueEntryDate(dayOf(s.registrationDate), s.queuedOn ? dayOf(s.queuedOn) : null);

/** Books (or previews) the first interviews of an agency; no permission check (the command line and the action). */
export async function bookAgencyFirstInterviews(options: BookAgencyFirstInterviewsOptions): Promise<BookFirstInterviewsResult> {
  const db = await databaseOf(options);
  const now = nowOf(options);
  const dryRun = options.dryRun ?? false;
  const agency = await db.agency.findUnique({ where: { id: options.agencyId }, select: { id: true } });
  if (!agency) throw new DomainError("NOT_FOUND", "Agence introuvable.");
  const awaiting = await db.seeker.count({ where: { agencyId: agency.id, status: "AWAITING_DIAGNOSTIC" } });
  const candidates = await candidatesOf(db, agency.id);
  const result: BookFirstInterviewsResult = { dryRun, awaiting, alreadyBooked: awaiting - candidates.length, booked: 0, late: 0, unbooked: 0, lines: [] };
  const lines: FirstInterviewLine[] = [];
  const tally = (planned: PlannedBatch) => {
    for (const line of planned.lines) {
      if (line.status === "BOOKED") result.booked += 1;
      else if (line.status === "LATE") result.late += 1;
      else result.unbooked += 1;
      lines.push(line);
    }
  };

  if (dryRun) {
    // One plan over everyone, on the calendars as they are: what the real run books, batch after batch.
    tally(await planBatch(db, agency.id, candidates, now));
  } else {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    for (let i = 0; i < candidates.length; i += batchSize) {
      const batch = candidates.slice(i, i + batchSize);
      const planned = await runInTransaction(options, (tx) => bookBatch(tx, agency.id, batch, now, options.journal), {
        conflictMessage:
          "La planification est entrée en conflit avec d'autres rendez-vous pris au même moment. Les lots déjà enregistrés le restent ; veuillez relancer.",
        timeoutMs: 60_000,
      });
      tally(planned);
    }
  }
  const rank = { UNBOOKED: 0, LATE: 1, BOOKED: 2 } as const;
  result.lines = lines.sort((a, b) => rank[a.status] - rank[b.status]).slice(0, LISTED_MAX);
  return result;
}

/**
 * Seekers awaiting a diagnostic with no live first interview since they entered the queue (one planned, or one held
 * on or after the queue entry day: a reopened file's interview of its previous life does not count), oldest queue
 * entry (registration, transfer, reopening) first.
 */
async function candidatesOf(db: PrismaClient | Tx, agencyId: string, ids?: string[]): Promise<Candidate[]> {
  const rows = await db.seeker.findMany({
    where: {
      agencyId,
      status: "AWAITING_DIAGNOSTIC",
      ...(ids ? { id: { in: ids } } : {}),
      appointments: { none: { kind: "INITIAL", status: "SCHEDULED" } },
    },
    select: {
      id: true,
      firstName: true,
      lastName: true,
      registrationDate: true,
      queuedOn: true,
      appointments: { where: { kind: "INITIAL", status: "DONE" }, select: { startsAt: true }, orderBy: { startsAt: "desc" }, take: 1 },
    },
    orderBy: [{ registrationDate: "asc" }, { id: "asc" }],
  });
  const waiting = rows
    .map(({ appointments, ...row }) => ({ row, entry: entryOf(row), held: appointments[0]?.startsAt ?? null }))
    .filter((c) => c.held === null || dayOf(c.held) < c.entry);
  // Stable: equal entry days keep the registration order.
  return waiting
    .map((c, index) => ({ ...c, index }))
    .sort((a, b) => a.entry.localeCompare(b.entry) || a.index - b.index)
    .map((c) => c.row);
}

type PlannedBatch = {
  lines: FirstInterviewLine[];
  rows: { agencyId: string; seekerId: string; advisorId: string; kind: "INITIAL"; channel: "AGENCY"; startsAt: Date; endsAt: Date }[];
};

/** One batch in its transaction: the agency's settings held, the seekers locked and checked again, then booked. */
async function bookBatch(tx: Tx, agencyId: string, batch: Candidate[], now: Date, journal: BookAgencyFirstInterviewsOptions["journal"]): Promise<PlannedBatch> {
  await tx.$queryRaw`SELECT "id" FROM "Agency" WHERE "id" = ${agencyId}::uuid FOR SHARE`;
  const ids = batch.map((s) => s.id);
  await tx.$queryRaw`SELECT "id" FROM "Seeker" WHERE "id" = ANY(${ids}::uuid[]) ORDER BY "id" FOR UPDATE`;
  // A confirmation or another run may have come first: only those still waiting without a first interview.
  const still = await candidatesOf(tx, agencyId, ids);
  const planned = await planBatch(tx, agencyId, still, now);
  if (planned.rows.length > 0) {
    const booked = await tx.appointment.createManyAndReturn({ data: planned.rows, select: { id: true } });
    // Each seeker is convoked to their first interview, if this batch commits.
    await queueConvocations(tx, { appointmentIds: booked.map((a) => a.id), now });
  }
  const count = (status: FirstInterviewChoice["status"]) => planned.lines.filter((l) => l.status === status).length;
  if (journal && planned.lines.length > 0) await journal(tx, agencyId, { booked: count("BOOKED"), late: count("LATE"), unbooked: count("UNBOOKED") });
  return planned;
}

/** The plan of `seekers`: the agency's active advisors with their load, capacity and calendar, read now. */
async function planBatch(db: PrismaClient | Tx, agencyId: string, seekers: Candidate[], now: Date): Promise<PlannedBatch> {
  if (seekers.length === 0) return { lines: [], rows: [] };
  const agency = await db.agency.findUniqueOrThrow({ where: { id: agencyId } });
  const timeZone = timeZoneOf(agency.departement);
  const today = localDateOf(now.toISOString(), timeZone);
  const todayStart = new Date(localToEpochMs(today, "00:00", timeZone));
  const advisors = await db.user.findMany({
    where: { agencyId, role: "ADVISOR", active: true },
    select: { id: true, firstName: true, lastName: true, portfolios: { select: { id: true, modality: true, cap: true } } },
    orderBy: { id: "asc" },
  });
  const advisorIds = advisors.map((a) => a.id);
  const portfolioIds = advisors.flatMap((a) => a.portfolios.map((p) => p.id));
  const [loadOfPortfolio, pending, busy] = await Promise.all([
    seekersPerPortfolio(db, portfolioIds),
    advisorIds.length
      ? db.appointment.groupBy({
          by: ["advisorId"],
          where: { advisorId: { in: advisorIds }, kind: "INITIAL", status: "SCHEDULED", startsAt: { gte: todayStart } },
          _count: { _all: true },
        })
      : Promise.resolve([]),
    advisorIds.length
      ? db.appointment.findMany({
          where: { advisorId: { in: advisorIds }, status: { not: "CANCELLED" }, endsAt: { gt: todayStart } },
          select: { advisorId: true, startsAt: true, endsAt: true },
          orderBy: [{ advisorId: "asc" }, { startsAt: "asc" }],
        })
      : Promise.resolve([]),
  ]);
  const pendingOf = new Map(pending.map((p) => [p.advisorId, p._count._all]));
  const intervals = new Map<string, [number, number][]>();
  for (const a of busy) {
    const list = intervals.get(a.advisorId) ?? [];
    list.push([a.startsAt.getTime(), a.endsAt.getTime()]);
    intervals.set(a.advisorId, list);
  }
  const offered = modalitiesForNewDiagnostics(agency.offer, agency.globalPartnership);
  const pool: FirstInterviewAdvisor[] = advisors.map((a) => {
    const capOf = (modality: Modality) => a.portfolios.find((p) => p.modality === modality)?.cap ?? agency[CAP_FIELDS[modality]];
    const modalities = new Set([...offered, ...a.portfolios.map((p) => p.modality)]);
    return {
      id: a.id,
      load: a.portfolios.reduce((sum, p) => sum + (loadOfPortfolio.get(p.id) ?? 0), 0) + (pendingOf.get(a.id) ?? 0),
      capacity: [...modalities].reduce((sum, m) => sum + capOf(m), 0),
      calendar: BusyCalendar.fromEpochMs(intervals.get(a.id) ?? []),
    };
  });
  const choices = planFirstInterviews(
    pool,
    seekers.map((s) => ({ id: s.id, registrationDate: dayOf(s.registrationDate), queuedOn: s.queuedOn ? dayOf(s.queuedOn) : null })),
    {
      departement: agency.departement,
      hours: { start: agency.appointmentStart, end: agency.appointmentEnd, slotMinutes: agency.slotMinutes },
      durationMinutes: agency.initialInterviewMinutes,
      deadlineDays: agency.firstInterviewDeadlineDays,
      today,
      closures: await closureDatesOf(db, agencyId, today),
    },
  );
  const nameOf = new Map(advisors.map((a) => [a.id, `${a.firstName} ${a.lastName}`]));
  const seekerOf = new Map(seekers.map((s) => [s.id, s]));
  const lines: FirstInterviewLine[] = [];
  const rows: PlannedBatch["rows"] = [];
  for (const choice of choices) {
    const seeker = seekerOf.get(choice.seekerId)!;
    const booked = choice.status !== "UNBOOKED";
    lines.push({
      seekerId: seeker.id,
      firstName: seeker.firstName,
      lastName: seeker.lastName,
      registrationDate: seeker.registrationDate.toISOString().slice(0, 10),
      dueDate: choice.dueDate,
      status: choice.status,
      startsAt: booked ? choice.startsAt : null,
      advisorName: booked ? (nameOf.get(choice.advisorId) ?? null) : null,
    });
    if (booked) {
      rows.push({
        agencyId,
        seekerId: seeker.id,
        advisorId: choice.advisorId,
        kind: "INITIAL",
        channel: "AGENCY",
        startsAt: new Date(choice.startsAt),
        endsAt: new Date(choice.endsAt),
      });
    }
  }
  return { lines, rows };
}

/** « 12 premiers entretiens réservés, 2 après le délai, 1 à planifier » */
export function formatFirstInterviewSummary(summary: Pick<BookFirstInterviewsResult, "booked" | "late" | "unbooked">): string {
  const n = (value: number) => value.toLocaleString("fr-FR");
  const total = summary.booked + summary.late;
  return (
    `${n(total)} ${total > 1 ? "premiers entretiens réservés" : "premier entretien réservé"}` +
    `, dont ${n(summary.late)} après le délai, ${n(summary.unbooked)} à planifier`
  );
}
