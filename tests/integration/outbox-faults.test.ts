/**
 * Faults of the outbox's e-mail delivery (issue 16, « Measured »), against a real SMTP server (`smtp-server` on
 * 127.0.0.1), on the embedded database served on its owner's socket, or on PostgreSQL with TEST_DATABASE_URL:
 *
 * - the SMTP server down for a minute, then back: every message delivered exactly once (the outage lasts 60 s;
 *   OUTBOX_FAULT_OUTAGE_SECONDS shortens it for a local run);
 * - the worker process killed with `kill -9` in the middle of its batches, another started: no message lost, and
 *   no duplicate at the SMTP server judged by Message-ID (see below);
 * - a recipient refused for good (550 user unknown): FAILED, and the seeker's address flagged as bounced, in the
 *   same transaction;
 * - a rolled-back booking sends nothing: tests/integration/outbox.test.ts (« a refused confirmation … and a
 *   rolled-back one queue nothing ») already covers it.
 *
 * The residual window of the kill: a message the server accepted is marked SENT when its batch's sends are done.
 * A worker killed in between leaves it QUEUED with its job active; once the job expires it is worked again and the
 * message is sent a second time — with the same Message-ID (`<id@modalis>`) and X-Modalis-Message header, so the
 * receiver sees the same message again, not a new one. The test therefore counts distinct Message-IDs (each message
 * exactly once), checks every copy carries the same content, and bounds the copies sent twice by the messages the
 * server had accepted but the database had not marked at the kill.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import smtpServer, { type SMTPServerOptions } from "smtp-server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DatabaseOptions } from "@/server/db/connection";
import { type JobQueue, startJobQueue, stopJobQueue } from "@/server/jobs/queue";
import { createEmailTransport } from "@/server/messages/email";
import { OUTBOX_EMAIL_QUEUE, queueSeekerMessage } from "@/server/messages/outbox";
import { type OutboxWorkerOptions, startOutboxWorker } from "@/server/messages/outbox-worker";
import { createServedTestDatabase, type ServedTestDatabase, testServerUrl } from "../support/database";
import { makeAgency, makeSeeker } from "../support/factories";

const { SMTPServer } = smtpServer;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const OUTAGE_SECONDS = Number(process.env.OUTBOX_FAULT_OUTAGE_SECONDS ?? 60);

// ————————————————————————————————————————————— the database, served as the app serves it

type Target = ServedTestDatabase;
const openTarget = createServedTestDatabase;

// ————————————————————————————————————————————— a real SMTP server, that can be stopped and started on its port

type Received = { messageId: string; to: string; subject: string };
/** A local SMTP server; `serverErrors`: what it reported besides the connection resets of a killed client. */
type TestServer = { url: string; received: Received[]; serverErrors: Error[]; start(): Promise<void>; stop(): Promise<void> };

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", () => resolve()));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function smtpOnPort(options: Partial<SMTPServerOptions> = {}): Promise<TestServer> {
  const port = await freePort();
  const received: Received[] = [];
  const serverErrors: Error[] = [];
  let server: InstanceType<typeof SMTPServer> | null = null;
  const start = async () => {
    const instance = new SMTPServer({
      logger: false,
      disabledCommands: ["STARTTLS", "AUTH"],
      authOptional: true,
      disableReverseLookup: true,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const head = Buffer.concat(chunks)
            .toString("utf8")
            .split(/\r?\n\r?\n/)[0]!;
          const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head)?.[1]?.trim() ?? "";
          received.push({ messageId: header("Message-ID"), to: session.envelope.rcptTo.map((a) => a.address).join(","), subject: header("Subject") });
          callback(null, `Ok: queued as T${received.length}`);
        });
      },
      ...options,
    });
    await new Promise<void>((resolve, reject) => {
      instance.once("error", reject);
      instance.listen(port, "127.0.0.1", () => resolve());
    });
    // A client killed with kill -9 resets its connections: smtp-server reports it as an error of the server, which is
    // what a real server would log, not a failure of the test (without a listener it would be an uncaught exception).
    instance.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "ECONNRESET" && error.code !== "EPIPE") serverErrors.push(error);
    });
    server = instance;
  };
  const stop = async () => {
    const instance = server;
    server = null;
    if (instance) await new Promise<void>((resolve) => instance.close(() => resolve()));
  };
  return { url: `smtp://127.0.0.1:${port}`, received, serverErrors, start, stop };
}

// ————————————————————————————————————————————— each test: a database, a server, workers

let target: Target;
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(async () => {
  target = await openTarget();
  cleanups.push(() => target.dispose());
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startWorker(server: TestServer, settings: Partial<OutboxWorkerOptions> = {}): Promise<JobQueue> {
  const transport = createEmailTransport({
    smtpUrl: server.url,
    from: "Modalis <ne-pas-repondre@modalis.local>",
    mailboxDir: "/nonexistent",
    timeouts: { connectionMs: 2_000, greetingMs: 2_000, socketMs: 5_000 },
  });
  cleanups.push(() => transport.close());
  const queue = await startJobQueue(target.options, { maintenanceIntervalSeconds: 1 });
  cleanups.push(() => stopJobQueue(queue, 5_000));
  await startOutboxWorker(queue, {
    prisma: target.db.prisma,
    transport,
    retryLimit: 200,
    retryDelaySeconds: 1,
    retryBackoff: false,
    pollingIntervalSeconds: 0.5,
    log: () => undefined,
    ...settings,
  });
  return queue;
}

/** `count` reminders queued through the outbox (as a use case does), with their jobs; the queue must be installed. */
async function queueReminders(count: number, email = "camille.durand@exemple.test"): Promise<{ seekerId: string; ids: string[] }> {
  const prisma = target.db.prisma;
  const agency = await makeAgency(prisma, { departement: "05", address: "1 rue de la Paix, 05000 Gap", name: "Gap" });
  const seeker = await makeSeeker(prisma, agency.id, { email });
  const contact = { email, phone: null, smsConsent: false, optionalMessagesOptOut: false, emailBouncedAt: null, phoneInvalidAt: null };
  const ids: string[] = [];
  await prisma.$transaction(
    async (tx) => {
      for (let i = 0; i < count; i++) {
        const queued = await queueSeekerMessage(tx, {
          agencyId: agency.id,
          seekerId: seeker.id,
          contact,
          departement: "05",
          kind: "REMINDER",
          mandatory: true,
          composed: { subject: `Rappel n° ${i}`, text: `Bonjour, rappel n° ${i}.`, html: `<p>Bonjour, rappel n° ${i}.</p>`, sms: "" },
        });
        expect(queued).toHaveLength(1);
        expect(queued[0]!.jobId).not.toBeNull();
        ids.push(queued[0]!.id);
      }
    },
    { timeout: 120_000 },
  );
  return { seekerId: seeker.id, ids };
}

const statuses = async () => {
  const rows = await target.db.prisma.outboxMessage.groupBy({ by: ["status"], _count: { _all: true } });
  return Object.fromEntries(rows.map((row) => [row.status, row._count._all]));
};

/** Each queued message at the server under its own Message-ID, and no other. */
function expectEachOnce(received: readonly Received[], ids: readonly string[]) {
  expect(new Set(received.map((r) => r.messageId))).toEqual(new Set(ids.map((id) => `<${id}@modalis>`)));
}

describe(`faults of the outbox's e-mail delivery, on ${testServerUrl ? "PostgreSQL" : "the embedded database served on its owner's socket"}`, () => {
  it(
    `the SMTP server down for ${OUTAGE_SECONDS} s, then back: every message delivered exactly once`,
    async () => {
      const server = await smtpOnPort();
      cleanups.push(() => server.stop());
      await startWorker(server);
      const { ids } = await queueReminders(40);

      // Down: the attempts fail (connection refused), are recorded and retried; nothing is parked, nothing sent.
      await expect
        .poll(async () => (await target.db.prisma.outboxMessage.count({ where: { attempts: { gte: 1 } } })) === ids.length, { timeout: 60_000 })
        .toBe(true);
      await sleep(OUTAGE_SECONDS * 1000);
      expect(await statuses()).toEqual({ QUEUED: ids.length });
      const waiting = await target.db.prisma.outboxMessage.findFirstOrThrow();
      expect(waiting.lastError).toMatch(/injoignable.*ECONNREFUSED|ECONNREFUSED/);

      // Back on the same port: each message goes, once.
      await server.start();
      // (A retry waits out its backoff: on a loaded machine the last ones can take well over 30 s.)
      await expect.poll(async () => (await statuses()).SENT ?? 0, { timeout: 90_000 }).toBe(ids.length);
      await sleep(2_000); // more polls and retries would come within this time: nothing goes twice
      expect(server.received).toHaveLength(ids.length);
      expectEachOnce(server.received, ids);
      const sent = await target.db.prisma.outboxMessage.findMany();
      for (const message of sent) expect(message).toMatchObject({ status: "SENT", lastError: null, sentAt: expect.any(Date) });
      expect(Math.min(...sent.map((m) => m.attempts))).toBeGreaterThanOrEqual(2);
    },
    OUTAGE_SECONDS * 1000 + 180_000,
  );

  it("the worker process killed with kill -9 in the middle of its batches, another started: no message lost, none twice by Message-ID", async () => {
    // Each message takes the server 15 ms, so the kill finds batches in hand.
    const server = await smtpOnPort({
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const head = Buffer.concat(chunks)
            .toString("utf8")
            .split(/\r?\n\r?\n/)[0]!;
          const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head)?.[1]?.trim() ?? "";
          setTimeout(() => {
            server.received.push({ messageId: header("Message-ID"), to: session.envelope.rcptTo.map((a) => a.address).join(","), subject: header("Subject") });
            callback(null, `Ok: queued as K${server.received.length}`);
          }, 15);
        });
      },
    });
    await server.start();
    cleanups.push(() => server.stop());
    // The queue installed (and its expiry set short: a job takes it when written) before the messages are written, so each gets its job.
    const installer = await startJobQueue(target.options);
    await installer.createQueue(OUTBOX_EMAIL_QUEUE, { name: OUTBOX_EMAIL_QUEUE, expireInSeconds: 10 });
    await stopJobQueue(installer, 5_000);
    const { ids } = await queueReminders(300);

    const child = spawnWorker(target.options, server.url);
    cleanups.push(() => void child.kill("SIGKILL"));
    await expect.poll(() => server.received.length, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(60);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const acceptedAtKill = server.received.length;
    const markedAtKill = (await statuses()).SENT ?? 0;
    expect(acceptedAtKill).toBeLessThan(ids.length); // killed mid-way

    // Another worker: the jobs left active by the killed one expire (10 s) and are worked again.
    await startWorker(server, { expireInSeconds: 10 });
    await expect.poll(async () => (await statuses()).SENT ?? 0, { timeout: 90_000 }).toBe(ids.length);
    await sleep(1_500);

    expectEachOnce(server.received, ids); // none lost, each Message-ID present
    const copies = new Map<string, Received[]>();
    for (const r of server.received) copies.set(r.messageId, [...(copies.get(r.messageId) ?? []), r]);
    const resent = [...copies.values()].filter((list) => list.length > 1);
    // A copy sent again is the same message: same Message-ID, recipient and subject; at most twice.
    for (const list of resent) {
      expect(list).toHaveLength(2);
      expect(new Set(list.map((r) => `${r.to}|${r.subject}`)).size).toBe(1);
    }
    // Only messages accepted but not yet marked at the kill can have gone twice.
    expect(resent.length).toBeLessThanOrEqual(acceptedAtKill - markedAtKill);
    expect(server.serverErrors).toEqual([]); // only the killed worker's connection resets
    console.info(
      `kill -9 : ${acceptedAtKill} acceptés par le serveur, ${markedAtKill} marqués envoyés au moment de l'arrêt ; ` +
        `${resent.length} renvoyé(s) avec le même Message-ID.`,
    );
  }, 180_000);

  it("a batch with one temporary refusal (451): only that message is retried, the others are sent once and not held back", async () => {
    let greylisted = 0;
    const server = await smtpOnPort({
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith("grise") && greylisted++ < 2)
          callback(Object.assign(new Error("4.7.1 Greylisted, please try again later"), { responseCode: 451 }));
        else callback();
      },
    });
    await server.start();
    cleanups.push(() => server.stop());
    const installer = await startJobQueue(target.options);
    await installer.createQueue(OUTBOX_EMAIL_QUEUE);
    await stopJobQueue(installer, 5_000);
    const grey = await queueReminders(1, "grise@exemple.test");
    const others = await queueReminders(9, "camille@exemple.test");
    // One worker, one batch of all ten.
    const queue = await startWorker(server, { concurrency: 1, batchSize: 10, retryDelaySeconds: 2 });

    await expect.poll(() => statuses(), { timeout: 30_000 }).toEqual({ SENT: 10 });
    await sleep(1_500);
    const messages = await target.db.prisma.outboxMessage.findMany();
    for (const message of messages) {
      expect(message.attempts).toBe(grey.ids.includes(message.id) ? 3 : 1);
      const job = await queue.getJobById(OUTBOX_EMAIL_QUEUE, message.jobId!);
      expect(job).toMatchObject({ state: "completed", retryCount: grey.ids.includes(message.id) ? 2 : 0 });
    }
    expect(server.received).toHaveLength(10);
    expectEachOnce(server.received, [...grey.ids, ...others.ids]);
  }, 120_000);

  it("a recipient refused for good (550 user unknown): FAILED, and the seeker's address flagged as bounced, with the reason", async () => {
    const server = await smtpOnPort({
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith("inconnu"))
          callback(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), { responseCode: 550 }));
        else callback();
      },
    });
    await server.start();
    cleanups.push(() => server.stop());
    const installer = await startJobQueue(target.options);
    await installer.createQueue(OUTBOX_EMAIL_QUEUE);
    await stopJobQueue(installer, 5_000);
    const refused = await queueReminders(2, "inconnu@exemple.test");
    const accepted = await queueReminders(3, "camille@exemple.test");
    await startWorker(server);

    await expect.poll(() => statuses(), { timeout: 30_000 }).toEqual({ FAILED: 2, SENT: 3 });
    const seeker = await target.db.prisma.seeker.findUniqueOrThrow({ where: { id: refused.seekerId } });
    expect(seeker.emailBouncedAt).toEqual(expect.any(Date));
    expect(seeker.emailBounceReason).toMatch(/^Adresse e-mail refusée définitivement \(Adresse refusée par le serveur de messagerie.*550 5\.1\.1/);
    const other = await target.db.prisma.seeker.findUniqueOrThrow({ where: { id: accepted.seekerId } });
    expect(other).toMatchObject({ emailBouncedAt: null, emailBounceReason: null });
    expectEachOnce(server.received, accepted.ids);
  }, 120_000);

  it("an unhandled rejection (pg-boss's unawaited completion failing with the database) is logged in French and the worker keeps running", async () => {
    const run = (guard: boolean) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "tests/support/unhandled-rejection-child.ts"], {
          env: { ...process.env, GUARD: guard ? "1" : "0" },
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("exit", (code) => resolve({ code, stdout, stderr }));
      });
    const guarded = await run(true);
    expect(guarded).toMatchObject({ code: 0, stdout: "toujours en marche\n" });
    expect(guarded.stderr).toMatch(
      /\[file des tâches\] Erreur non traitée .* le processus continue, une tâche non enregistrée sera reprise à son expiration\. Détail : Connection terminated/,
    );
    // Without the guard, Node.js stops the process: what the guard prevents.
    const bare = await run(false);
    expect(bare.code).not.toBe(0);
    expect(bare.stdout).toBe("");
  }, 60_000);
});

function spawnWorker(options: DatabaseOptions, smtpUrl: string): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "tests/support/outbox-worker-child.ts"], {
    env: { ...process.env, OUTBOX_CHILD_DATABASE: JSON.stringify(options), OUTBOX_CHILD_SMTP_URL: smtpUrl, OUTBOX_CHILD_EXPIRE_SECONDS: "10" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  child.stdout?.resume();
  return child;
}
