/**
 * Measure 3 — mass review planning: the `plan-reviews` job (`planAgencyReviews`, every agency in turn as
 * `npm run plan-reviews` does) over the region whose future reviews are not booked yet, in seekers per second,
 * against a raw bulk insert of the very rows the job wrote (INSERT … unnest, batches of 5 000, sent as raw SQL):
 * the appointments and, since booking a review also queues its convocations in the same transaction, the outbox
 * messages (one per review and channel, with their .ics) read back after the job. The floor is the cost of writing
 * what the job writes and nothing else; it leaves out the pg-boss jobs (one per message, only when the pgboss
 * schema is installed), so with a queue the floor is slightly low and the ratio slightly pessimistic.
 *
 * Each run starts from the same state: the rows written by the job (created after the run began: appointments,
 * outbox messages and their pg-boss jobs) are deleted and the tables vacuumed, after the job and again after the
 * raw insert.
 */
import { localDateOf, timeZoneOf } from "@/domain";
import { planAgencyReviews } from "@/server/use-cases/plan-reviews";
import { openDataset, type Dataset } from "../lib/datasets";
import { fr, log, seconds } from "../lib/log";
import { series, type Series } from "../lib/stats";

const INSERT_SQL = `INSERT INTO "Appointment" ("id", "agencyId", "seekerId", "advisorId", "kind", "startsAt", "endsAt")
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[]::"AppointmentKind"[], $6::timestamptz[], $7::timestamptz[])`;
const OUTBOX_SQL = `INSERT INTO "OutboxMessage" ("id", "agencyId", "seekerId", "appointmentId", "kind", "channel", "recipient",
    "subject", "text", "html", "ics", "mandatory", "dedupeKey", "status", "jobId")
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[]::"OutboxKind"[], $6::text[]::"OutboxChannel"[],
    $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::boolean[], $13::text[], $14::text[]::"OutboxStatus"[], $15::uuid[])`;
const BATCH = 5_000;

type BookedRow = { id: string; agencyId: string; seekerId: string; advisorId: string; kind: string; startsAt: Date; endsAt: Date };
type MessageRow = {
  id: string;
  agencyId: string;
  seekerId: string;
  appointmentId: string | null;
  kind: string;
  channel: string;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  ics: string | null;
  mandatory: boolean;
  dedupeKey: string | null;
  status: string;
  jobId: string | null;
};

export type ReviewsResult = {
  dataset: string;
  agencies: number;
  seekersInDatabase: number;
  /** Followed seekers examined by the job. */
  seekersPlanned: number;
  booked: number;
  /** Outbox messages (convocations) the job queued with the bookings. */
  messages: number;
  runs: number;
  jobMs: Series;
  insertMs: Series;
  jobSeekersPerSecond: Series;
  floorSeekersPerSecond: Series;
  /** job rate / floor rate = insert time / job time, per run. */
  ratio: Series;
  targetRatio: number;
  targetSeekersPerSecond: number;
  pass: boolean;
};

type Prisma = Awaited<ReturnType<typeof openDataset>>["prisma"];

async function removeBooked(prisma: Prisma, since: Date): Promise<number> {
  const iso = since.toISOString();
  const [queue] = await prisma.$queryRawUnsafe<{ ready: boolean }[]>(`SELECT to_regclass('pgboss.job') IS NOT NULL AS "ready"`);
  if (queue?.ready) {
    await prisma.$executeRawUnsafe(
      `DELETE FROM pgboss.job WHERE "id" IN (SELECT "jobId" FROM "OutboxMessage" WHERE "createdAt" >= $1::timestamptz AND "jobId" IS NOT NULL)`,
      iso,
    );
  }
  await prisma.$executeRawUnsafe(`DELETE FROM "OutboxMessage" WHERE "createdAt" >= $1::timestamptz`, iso);
  await prisma.$executeRawUnsafe(`VACUUM (ANALYZE) "OutboxMessage"`);
  const removed = await prisma.$executeRawUnsafe(
    `DELETE FROM "Appointment" WHERE "kind" IN ('REVIEW_M4', 'REVIEW_M9') AND "createdAt" >= $1::timestamptz`,
    since.toISOString(),
  );
  await prisma.$executeRawUnsafe(`VACUUM (ANALYZE) "Appointment"`);
  return removed;
}

export async function measureReviews(dataset: Dataset, runs: number): Promise<ReviewsResult> {
  const db = await openDataset(dataset, 600_000);
  const prisma = db.prisma;
  try {
    const agencies = await db.prisma.agency.findMany({ select: { id: true, code: true, departement: true }, orderBy: { code: "asc" } });
    const seekersInDatabase = await db.prisma.seeker.count();
    const dbNow = async () => (await prisma.$queryRawUnsafe<{ now: Date }[]>("SELECT clock_timestamp() AS now"))[0]!.now;
    // Leftovers of an interrupted run (rows written after the data set was built) go first.
    const leftovers = await removeBooked(prisma, new Date(dataset.meta.builtAt));
    if (leftovers) log(`  ${fr(leftovers)} bilans laissés par une mesure interrompue retirés.`);

    const jobMs: number[] = [];
    const insertMs: number[] = [];
    let seekersPlanned = 0;
    let booked = 0;
    let messages = 0;
    for (let run = 1; run <= runs; run += 1) {
      const since = await dbNow();
      const started = performance.now();
      let planned = 0;
      let written = 0;
      for (const agency of agencies) {
        const today = localDateOf(new Date().toISOString(), timeZoneOf(agency.departement));
        const summary = await planAgencyReviews({ db: db.prisma, agencyId: agency.id, today });
        planned += summary.seekers;
        written += summary.booked;
      }
      const job = performance.now() - started;
      const rows = await prisma.$queryRawUnsafe<BookedRow[]>(
        `SELECT "id"::text, "agencyId"::text, "seekerId"::text, "advisorId"::text, "kind"::text AS kind, "startsAt", "endsAt" FROM "Appointment"
         WHERE "kind" IN ('REVIEW_M4', 'REVIEW_M9') AND "createdAt" >= $1::timestamptz ORDER BY "agencyId", "startsAt"`,
        since.toISOString(),
      );
      if (rows.length !== written) throw new Error(`La planification a écrit ${written} bilans, ${rows.length} retrouvés.`);
      const notices = await prisma.$queryRawUnsafe<MessageRow[]>(
        `SELECT "id"::text, "agencyId"::text, "seekerId"::text, "appointmentId"::text, "kind"::text AS kind, "channel"::text AS channel,
           "recipient", "subject", "text", "html", "ics", "mandatory", "dedupeKey", "status"::text AS status, "jobId"::text
         FROM "OutboxMessage" WHERE "createdAt" >= $1::timestamptz ORDER BY "agencyId", "createdAt"`,
        since.toISOString(),
      );
      await removeBooked(prisma, since);

      const insertSince = await dbNow();
      const t = performance.now();
      for (let i = 0; i < rows.length; i += BATCH) {
        const batch = rows.slice(i, i + BATCH);
        await prisma.$executeRawUnsafe(
          INSERT_SQL,
          batch.map((r) => r.id),
          batch.map((r) => r.agencyId),
          batch.map((r) => r.seekerId),
          batch.map((r) => r.advisorId),
          batch.map((r) => r.kind),
          batch.map((r) => r.startsAt.toISOString()),
          batch.map((r) => r.endsAt.toISOString()),
        );
      }
      for (let i = 0; i < notices.length; i += BATCH) {
        const batch = notices.slice(i, i + BATCH);
        await prisma.$executeRawUnsafe(
          OUTBOX_SQL,
          batch.map((m) => m.id),
          batch.map((m) => m.agencyId),
          batch.map((m) => m.seekerId),
          batch.map((m) => m.appointmentId),
          batch.map((m) => m.kind),
          batch.map((m) => m.channel),
          batch.map((m) => m.recipient),
          batch.map((m) => m.subject),
          batch.map((m) => m.text),
          batch.map((m) => m.html),
          batch.map((m) => m.ics),
          batch.map((m) => m.mandatory),
          batch.map((m) => m.dedupeKey),
          batch.map((m) => m.status),
          batch.map((m) => m.jobId),
        );
      }
      const insert = performance.now() - t;
      await removeBooked(prisma, insertSince);

      jobMs.push(job);
      insertMs.push(insert);
      seekersPlanned = planned;
      booked = written;
      messages = notices.length;
      log(
        `  passage ${run}/${runs} : ${fr(planned)} demandeurs, ${fr(written)} bilans, ${fr(notices.length)} convocations en ${seconds(job)} ` +
          `(${fr(planned / (job / 1000))} demandeurs/s) ; insertion brute ${seconds(insert)}`,
      );
    }
    const jobRate = jobMs.map((ms) => seekersPlanned / (ms / 1000));
    const floorRate = insertMs.map((ms) => seekersPlanned / (ms / 1000));
    const ratio = series(jobMs.map((ms, i) => (insertMs[i] as number) / ms));
    const jobSeekersPerSecond = series(jobRate, 0);
    return {
      dataset: dataset.name,
      agencies: agencies.length,
      seekersInDatabase,
      seekersPlanned,
      booked,
      messages,
      runs,
      jobMs: series(jobMs, 0),
      insertMs: series(insertMs, 0),
      jobSeekersPerSecond,
      floorSeekersPerSecond: series(floorRate, 0),
      ratio,
      targetRatio: 0.3,
      targetSeekersPerSecond: 2_500,
      pass: ratio.median >= 0.3 && jobSeekersPerSecond.median >= 2_500,
    };
  } finally {
    await db.close();
  }
}
