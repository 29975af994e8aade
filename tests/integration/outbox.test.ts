/**
 * The outbox of the messages to seekers (issue 16), end to end: confirming a diagnostic queues one convocation per
 * M4/M9 review booked, in the confirmation's transaction, and the worker (pg-boss, src/server/jobs/queue.ts) delivers
 * each exactly once to a real SMTP server (the `smtp-server` package on 127.0.0.1). A refused or rolled-back
 * confirmation queues nothing; a greylisting server gets the message after a retry; a refusing one parks it as
 * FAILED without retrying. On the embedded database served on its owner's socket, or on PostgreSQL with
 * TEST_DATABASE_URL.
 */
import type net from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import smtpServer, { type SMTPServerOptions } from "smtp-server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DiagnosticAnswers } from "@/domain";
import { PRIVATE_LIFE_WORDS } from "@/lib/messages/compose";
import { type JobQueue, startJobQueue, stopJobQueue } from "@/server/jobs/queue";
import { createEmailTransport, type EmailTransport } from "@/server/messages/email";
import { OUTBOX_EMAIL_QUEUE } from "@/server/messages/outbox";
import { deliverOutboxBatch, OutboxRetry, startOutboxWorker } from "@/server/messages/outbox-worker";
import { confirmDiagnostic, confirmInTransaction } from "@/server/use-cases/confirm-diagnostic";
import { DomainError } from "@/server/errors";
import { createServedTestDatabase, type ServedTestDatabase, testServerUrl } from "../support/database";
import { makeAgency, makeSeeker, makeUser } from "../support/factories";

const { SMTPServer } = smtpServer;
const NOW = new Date("2026-03-02T08:00:00.000Z");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PHONE = "02 61 91 00 05";
const EMAIL = "camille.durand@exemple.test";
/** Global support: a housing barrier the messages must never mention. */
const ANSWERS: DiagnosticAnswers = {
  project: 2,
  skills: 1,
  jobSearch: 1,
  digital: 0,
  basicSkills: 0,
  monthsWithoutWork: 2,
  barriers: { HOUSING: "MAJOR", HEALTH: "MAJOR" },
  webVolunteer: false,
};

// ————————————————————————————————————————————— the database, served as the app serves it

type Target = ServedTestDatabase;
const openTarget = createServedTestDatabase;

// ————————————————————————————————————————————— a real SMTP server

type Received = { to: string[]; parsed: ParsedMail };
type TestServer = { url: string; received: Received[]; close(): Promise<void> };

async function startSmtpServer(options: Partial<SMTPServerOptions> = {}): Promise<TestServer> {
  const received: Received[] = [];
  let queued = 0;
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        simpleParser(Buffer.concat(chunks)).then(
          (parsed) => {
            received.push({ to: session.envelope.rcptTo.map((address) => address.address), parsed });
            queued += 1;
            callback(null, `Ok: queued as TEST${queued}`);
          },
          (error: Error) => callback(error),
        );
      });
    },
    ...options,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as net.AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

// ————————————————————————————————————————————— each test: a database, a server, a worker

let target: Target;
const cleanups: (() => Promise<void> | void)[] = [];
const queueErrors: Error[] = [];

beforeEach(async () => {
  target = await openTarget();
  cleanups.push(() => target.dispose());
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  queueErrors.length = 0;
});

async function startWorker(server: TestServer): Promise<{ queue: JobQueue; transport: EmailTransport }> {
  const transport = createEmailTransport({ smtpUrl: server.url, from: "Modalis <ne-pas-repondre@modalis.local>", mailboxDir: "/nonexistent" });
  cleanups.push(() => transport.close());
  const queue = await startJobQueue(target.options, { onError: (error) => queueErrors.push(error) });
  cleanups.push(() => stopJobQueue(queue, 5_000));
  await startOutboxWorker(queue, { prisma: target.db.prisma, transport, retryDelaySeconds: 1, pollingIntervalSeconds: 0.5, log: () => undefined });
  return { queue, transport };
}

async function world() {
  const prisma = target.db.prisma;
  const agency = await makeAgency(prisma, { departement: "05", address: "1 rue de la Paix, 05000 Gap", name: "Gap", phone: PHONE, globalPartnership: true });
  const advisor = await makeUser(prisma, agency.id, "ADVISOR", "Alice", "Bernard");
  const socialWorker = await makeUser(prisma, agency.id, "SOCIAL_WORKER", "Sophie", "Roux");
  // Opted out of optional messages: the confirmation sends only its two mandatory convocations (the diagnostic
  // result, optional, is covered by tests/integration/notices.test.ts).
  const seeker = await makeSeeker(prisma, agency.id, { email: EMAIL, firstName: "Camille", optionalMessagesOptOut: true });
  const input = { seekerId: seeker.id, answers: ANSWERS, decidedModality: "GLOBAL" as const, socialWorkerId: socialWorker.id };
  return { agency, advisor, socialWorker, seeker, input };
}

const messagesOf = (seekerId: string) => target.db.prisma.outboxMessage.findMany({ where: { seekerId }, orderBy: { createdAt: "asc" } });
const jobCount = async () => {
  const [row] = await target.db.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS "n" FROM pgboss.job WHERE "name" = $1`, OUTBOX_EMAIL_QUEUE);
  return row!.n;
};

describe(`outbox of the messages to seekers, on ${testServerUrl ? "PostgreSQL" : "the embedded database served on its owner's socket"}`, () => {
  it("a confirmation queues one convocation per review booked, and the worker delivers each exactly once", async () => {
    const server = await startSmtpServer();
    cleanups.push(() => server.close());
    const { queue } = await startWorker(server);
    const w = await world();

    const result = await confirmDiagnostic(w.advisor, w.input, { now: NOW, db: target.db.prisma });

    const reviews = await target.db.prisma.appointment.findMany({
      where: { seekerId: w.seeker.id, kind: { in: ["REVIEW_M4", "REVIEW_M9"] } },
      orderBy: { startsAt: "asc" },
    });
    expect(reviews.map((a) => a.startsAt.toISOString())).toEqual(result.reviews.map((r) => r.startsAt));
    await expect.poll(async () => (await messagesOf(w.seeker.id)).map((m) => m.status), { timeout: 20_000 }).toEqual(["SENT", "SENT"]);
    await sleep(2_000); // several more polls: nothing is sent again
    const messages = await messagesOf(w.seeker.id);
    expect(messages.map((m) => m.appointmentId).sort()).toEqual(reviews.map((a) => a.id).sort());
    for (const message of messages) {
      expect(message).toMatchObject({ kind: "CONVOCATION", recipient: EMAIL, attempts: 1, lastError: null, sentAt: expect.any(Date) });
      expect(message.jobId).not.toBeNull();
      expect(await queue.getJobById(OUTBOX_EMAIL_QUEUE, message.jobId!)).toMatchObject({ state: "completed" });
    }

    expect(server.received).toHaveLength(2);
    expect(server.received.map((r) => r.parsed.messageId).sort()).toEqual(messages.map((m) => `<${m.id}@modalis>`).sort());
    expect(messages.map((m) => m.providerId).sort()).toEqual(["TEST1", "TEST2"]);
    for (const { to, parsed } of server.received) {
      const message = messages.find((m) => parsed.messageId === `<${m.id}@modalis>`)!;
      expect(to).toEqual([EMAIL]);
      expect(parsed.subject).toMatch(/^Convocation France Travail : votre bilan du [49]e mois, obligatoire, le /);
      expect(parsed.text).toContain("Bonjour Camille");
      expect(parsed.text).toContain(PHONE);
      expect(parsed.text).toContain("Alice Bernard");
      for (const part of [parsed.subject ?? "", parsed.text ?? "", String(parsed.html)]) expect(part).not.toMatch(PRIVATE_LIFE_WORDS);
      // The calendar file of the review: the same event as the seeker's calendar feed (UID of the appointment).
      expect(parsed.attachments).toHaveLength(1);
      const [ics] = parsed.attachments;
      expect(ics!.filename).toBe("invitation.ics");
      expect(ics!.contentType).toBe("text/calendar");
      const body = ics!.content.toString("utf8");
      expect(body).toContain(`UID:${message.appointmentId}@modalis`);
      expect(body).toContain("SEQUENCE:0");
      expect(body).toContain("METHOD:PUBLISH");
      expect(body).not.toMatch(PRIVATE_LIFE_WORDS);
    }
    expect(queueErrors).toEqual([]);
  });

  it("a refused confirmation (full portfolio) and a rolled-back one queue nothing", async () => {
    const w = await world();
    const full = await target.db.prisma.portfolio.create({ data: { agencyId: w.agency.id, advisorId: w.advisor.id, modality: "GLOBAL", cap: 1 } });
    await makeSeeker(target.db.prisma, w.agency.id, { portfolio: full });
    const refused = await confirmDiagnostic(w.advisor, w.input, { now: NOW, db: target.db.prisma }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect(await target.db.prisma.outboxMessage.count()).toBe(0);

    // With the queue installed, a confirmation that queued its messages and then rolled back leaves neither row nor job.
    const server = await startSmtpServer();
    cleanups.push(() => server.close());
    await startWorker(server);
    await target.db.prisma.portfolio.update({ where: { id: full.id }, data: { cap: 10 } });
    const rolledBack = await target.db.prisma
      .$transaction(async (tx) => {
        await confirmInTransaction(tx, w.advisor, w.input, NOW, { agencyId: w.agency.id, scope: "diagnosable", authorId: w.advisor.id, beyondCap: null });
        expect(await tx.outboxMessage.count()).toBe(2);
        throw new Error("annulée après coup");
      })
      .catch((error: unknown) => error);
    expect(rolledBack).toMatchObject({ message: "annulée après coup" });
    expect(await target.db.prisma.outboxMessage.count()).toBe(0);
    expect(await jobCount()).toBe(0);
    await sleep(1_500);
    expect(server.received).toEqual([]);
  });

  it("messages queued before the job queue was installed are given a job when the worker starts, then delivered", async () => {
    const w = await world();
    await confirmDiagnostic(w.advisor, w.input, { now: NOW, db: target.db.prisma });
    const queued = await messagesOf(w.seeker.id);
    expect(queued.map((m) => [m.status, m.jobId])).toEqual([
      ["QUEUED", null],
      ["QUEUED", null],
    ]);

    const server = await startSmtpServer();
    cleanups.push(() => server.close());
    await startWorker(server);
    await expect.poll(async () => (await messagesOf(w.seeker.id)).map((m) => m.status), { timeout: 20_000 }).toEqual(["SENT", "SENT"]);
    expect(await jobCount()).toBe(2);
    expect(server.received).toHaveLength(2);
  });

  it("a greylisting server (451 on the first attempt): delivered once, after a retry", async () => {
    const attempts = new Map<string, number>();
    const server = await startSmtpServer({
      onRcptTo(address, session, callback) {
        const seen = attempts.get(address.address) ?? 0;
        attempts.set(address.address, seen + 1);
        if (seen < 2) callback(Object.assign(new Error("4.7.1 Greylisted, please try again later"), { responseCode: 451 }));
        else callback();
      },
    });
    cleanups.push(() => server.close());
    await startWorker(server);
    const w = await world();
    await confirmDiagnostic(w.advisor, w.input, { now: NOW, db: target.db.prisma });

    // Both messages are refused once each (the first two RCPT TO), wait in retry, then go through.
    await expect.poll(async () => (await messagesOf(w.seeker.id)).map((m) => m.status), { timeout: 30_000 }).toEqual(["SENT", "SENT"]);
    await sleep(1_500);
    const messages = await messagesOf(w.seeker.id);
    expect(messages.map((m) => m.attempts).sort()).toEqual([2, 2]);
    for (const message of messages) expect(message.lastError).toBeNull();
    expect(attempts.get(EMAIL)).toBe(4);
    expect(server.received).toHaveLength(2);
    expect(new Set(server.received.map((r) => r.parsed.messageId)).size).toBe(2);
    expect(queueErrors).toEqual([]);
  });

  it("a batch with messages to retry leaves their jobs active for pg-boss to fail: no other worker can take them before", async () => {
    // Regression: the handler used to fail such jobs itself and return; pg-boss's completion after the handler (not
    // awaited) could then land after another worker had fetched a retried job again, completing it unsent.
    const server = await startSmtpServer({
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error("4.7.1 Greylisted, please try again later"), { responseCode: 451 }));
      },
    });
    cleanups.push(() => server.close());
    const transport = createEmailTransport({ smtpUrl: server.url, from: "Modalis <ne-pas-repondre@modalis.local>", mailboxDir: "/nonexistent" });
    cleanups.push(() => transport.close());
    const queue = await startJobQueue(target.options, { onError: (error) => queueErrors.push(error) });
    cleanups.push(() => stopJobQueue(queue, 5_000));
    await queue.createQueue(OUTBOX_EMAIL_QUEUE, { name: OUTBOX_EMAIL_QUEUE, retryLimit: 5, retryDelay: 0 });
    const w = await world();
    await confirmDiagnostic(w.advisor, w.input, { now: NOW, db: target.db.prisma });
    const jobs = await queue.fetch<{ messageId: string }>(OUTBOX_EMAIL_QUEUE, { batchSize: 10, includeMetadata: true });
    expect(jobs).toHaveLength(2);

    await expect(deliverOutboxBatch(queue, target.db.prisma, transport, jobs)).rejects.toBeInstanceOf(OutboxRetry);
    const states = async () =>
      (
        await target.db.prisma.$queryRawUnsafe<{ state: string }[]>(
          `SELECT "state"::text AS "state" FROM pgboss.job WHERE "id" = ANY($1::uuid[])`,
          jobs.map((job) => job.id),
        )
      ).map((row) => row.state);
    // Still active: nobody can fetch them until pg-boss fails them from the thrown error.
    expect(await states()).toEqual(["active", "active"]);
    expect(await queue.fetch(OUTBOX_EMAIL_QUEUE, { batchSize: 10 })).toEqual([]);
    expect((await messagesOf(w.seeker.id)).map((m) => [m.status, m.attempts])).toEqual([
      ["QUEUED", 1],
      ["QUEUED", 1],
    ]);
    // What pg-boss does with the thrown error.
    for (const job of jobs) await queue.fail(OUTBOX_EMAIL_QUEUE, job.id, { message: "retry" });
    expect(await states()).toEqual(["retry", "retry"]);
  });

  it("a server refusing the address (550): FAILED with the server's words, never retried", async () => {
    let refusals = 0;
    const server = await startSmtpServer({
      onRcptTo(address, _session, callback) {
        refusals += 1;
        callback(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), { responseCode: 550 }));
      },
    });
    cleanups.push(() => server.close());
    const { queue } = await startWorker(server);
    const w = await world();
    await confirmDiagnostic(w.advisor, w.input, { now: NOW, db: target.db.prisma });

    await expect.poll(async () => (await messagesOf(w.seeker.id)).map((m) => m.status), { timeout: 20_000 }).toEqual(["FAILED", "FAILED"]);
    await sleep(3_000); // a retry would come within 1 to 2 s
    expect(refusals).toBe(2);
    for (const message of await messagesOf(w.seeker.id)) {
      expect(message).toMatchObject({ attempts: 1, sentAt: null, providerId: null });
      expect(message.lastError).toMatch(/^Adresse refusée.*550 5\.1\.1/);
      // The job itself completed: nothing is left to retry.
      expect(await queue.getJobById(OUTBOX_EMAIL_QUEUE, message.jobId!)).toMatchObject({ state: "completed" });
    }
    expect(server.received).toEqual([]);
  });
});
