/**
 * Measure 7 — draining the outbox: 20 000 queued e-mails (a region's day of reminders) delivered by the outbox's
 * worker (src/server/messages/outbox-worker.ts: pg-boss batches, a pool of SMTP connections, bulk marks) to a local
 * SMTP server that accepts and discards, in messages per second from the worker's start to the last message marked
 * SENT, against a bare nodemailer loop sending the same number of messages of the same size to the same server, in
 * the same run (its floor: the cost of SMTP itself); the server runs in a process of its own. The baseline uses the same pooled transport
 * (same connections) with as many messages in flight as the worker has jobs in hand; it touches no database.
 *
 * The database is a fresh one of its own (modalis_bench_outbox on PostgreSQL, a temporary folder on the embedded
 * engine), migrated, with one agency and one seeker; the messages and their jobs are written in bulk before the clock
 * starts (their writing, in the use cases' transactions, is not what is measured).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import nodemailer from "nodemailer";
import { type Database, type DatabaseOptions, openDatabase } from "@/server/db/connection";
import { applyMigrations } from "@/server/db/migrations";
import { startJobQueue, stopJobQueue } from "@/server/jobs/queue";
import { createEmailTransport, DEFAULT_SMTP_POOL } from "@/server/messages/email";
import { OUTBOX_EMAIL_QUEUE } from "@/server/messages/outbox";
import { OUTBOX_BATCH_SIZE, OUTBOX_CONCURRENCY, startOutboxWorker } from "@/server/messages/outbox-worker";
import { fr, log } from "../lib/log";
import { databaseUrl, type Target, withClient } from "../lib/target";

export type OutboxResult = {
  messages: number;
  batchSize: number;
  concurrency: number;
  smtpConnections: number;
  workerMs: number;
  baselineMs: number;
  workerPerSecond: number;
  baselinePerSecond: number;
  /** worker rate / bare loop rate. */
  ratio: number;
  /** Messages the server accepted during the drain (more than `messages` would be a duplicate). */
  accepted: number;
  targetPerSecond: number;
  targetRatio: number;
  pass: boolean;
};

const FROM = "Modalis <ne-pas-repondre@modalis.local>";
const SUBJECT = "Rappel : votre rendez-vous France Travail le jeudi 5 mars à 9 h 30";
const TEXT =
  "Bonjour Camille,\n\nNous vous rappelons votre rendez-vous avec Alice Bernard, votre conseillère, le jeudi 5 mars 2026 à 9 h 30, " +
  "à l'agence France Travail de Gap, 1 rue de la Paix, 05000 Gap.\n\nApportez votre pièce d'identité.\n" +
  "Si vous ne pouvez pas venir, prévenez-nous au 02 61 91 00 05.\n\nÀ bientôt,\nFrance Travail\n";
const HTML = `<p>${TEXT.replace(/\n\n/g, "</p><p>").replace(/\n/g, "<br>")}</p>`;

/** The sink (bench/lib/smtp-sink.ts) in a process of its own. */
async function discardingServer(): Promise<{ url: string; accepted: () => Promise<number>; close(): Promise<void> }> {
  const child = fork(fileURLToPath(new URL("../lib/smtp-sink.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (message) => resolve((message as { port: number }).port));
    child.once("exit", (code) => reject(new Error(`Le serveur SMTP de mesure s'est arrêté (code ${code}).`)));
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted: () =>
      new Promise<number>((resolve) => {
        child.once("message", (message) => resolve((message as { accepted: number }).accepted));
        child.send("count");
      }),
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.send("stop");
      }),
  };
}

async function openFresh(target: Target): Promise<{ db: Database; options: DatabaseOptions; dispose(): Promise<void> }> {
  if (target.engine === "postgres") {
    const name = "modalis_bench_outbox";
    await withClient(target.serverUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${name}`);
    });
    const url = databaseUrl(target.serverUrl, name);
    const db = await openDatabase({ engine: "postgres", url, poolMax: 8 });
    await applyMigrations(db);
    return { db, options: { engine: "postgres", url }, dispose: () => db.close() };
  }
  const folder = mkdtempSync(path.join(tmpdir(), "modalis-bench-outbox-"));
  const dataDir = path.join(folder, "pglite");
  const db = await openDatabase({ engine: "pglite", dataDir, serve: true, command: "npm run bench (outbox)" });
  await applyMigrations(db);
  return {
    db,
    options: { engine: "pglite", dataDir },
    async dispose() {
      await db.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** The bare loop: `count` sends through a pooled nodemailer transport, `inFlight` at a time. */
async function bareLoop(url: string, count: number, inFlight: number): Promise<number> {
  const transporter = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: DEFAULT_SMTP_POOL.maxConnections,
    maxMessages: DEFAULT_SMTP_POOL.maxMessages,
  });
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      await transporter.sendMail({ from: FROM, to: `demandeur${i}@exemple.test`, subject: SUBJECT, text: TEXT, html: HTML, messageId: `<bare-${i}@modalis>` });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const elapsed = performance.now() - started;
  transporter.close();
  return elapsed;
}

export async function measureOutbox(target: Target, messages = 20_000): Promise<OutboxResult> {
  const server = await discardingServer();
  const fresh = await openFresh(target);
  const prisma = fresh.db.prisma;
  const queue = await startJobQueue(fresh.options, { poolMax: 6 });
  try {
    await queue.createQueue(OUTBOX_EMAIL_QUEUE);
    const [agency] = await prisma.$queryRawUnsafe<{ id: string }[]>(
      `INSERT INTO "Agency" ("code", "name", "departement", "address") VALUES ('BENCH-05', 'Gap', '05', '1 rue de la Paix, 05000 Gap') RETURNING "id"::text AS "id"`,
    );
    const [seeker] = await prisma.$queryRawUnsafe<{ id: string }[]>(
      `INSERT INTO "Seeker" ("agencyId", "franceTravailId", "firstName", "lastName", "birthDate", "email", "commune", "postalCode", "registrationDate")
       VALUES ($1::uuid, 'B0000001', 'Camille', 'Durand', '1990-05-01', 'camille.durand@exemple.test', 'Gap', '05000', '2026-02-20') RETURNING "id"::text AS "id"`,
      agency!.id,
    );
    log(`  ${fr(messages)} messages en file (lignes et tâches écrites en bloc)…`);
    const CHUNK = 2_000;
    for (let from = 0; from < messages; from += CHUNK) {
      // Each message names its job, as queueSeekerMessage writes them (else the worker's start would give them one).
      const size = Math.min(messages, from + CHUNK) - from;
      const ids = Array.from({ length: size }, () => randomUUID());
      const jobIds = Array.from({ length: size }, () => randomUUID());
      await prisma.$executeRawUnsafe(
        `INSERT INTO "OutboxMessage" ("id", "jobId", "agencyId", "seekerId", "kind", "channel", "recipient", "subject", "text", "html")
         SELECT m.id, m."jobId", $3::uuid, $4::uuid, 'REMINDER', 'EMAIL', 'demandeur' || m.n || '@exemple.test', $5, $6, $7
         FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS m(id, "jobId", n)`,
        ids,
        jobIds,
        agency!.id,
        seeker!.id,
        SUBJECT,
        TEXT,
        HTML,
      );
      await queue.insert(ids.map((id, i) => ({ id: jobIds[i], name: OUTBOX_EMAIL_QUEUE, data: { messageId: id } })));
    }

    const inFlight = OUTBOX_BATCH_SIZE * OUTBOX_CONCURRENCY;
    log(`  boucle nodemailer nue (${DEFAULT_SMTP_POOL.maxConnections} connexions, ${inFlight} envois en cours)…`);
    const baselineMs = await bareLoop(server.url, messages, inFlight);
    const before = await server.accepted();

    log("  vidage de la file par le worker de l'outbox…");
    const transport = createEmailTransport({ smtpUrl: server.url, from: FROM, mailboxDir: "/nonexistent" });
    const started = performance.now();
    await startOutboxWorker(queue, { prisma, transport, pollingIntervalSeconds: 0.5, log: () => undefined });
    for (;;) {
      const [row] = await prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS "n" FROM "OutboxMessage" WHERE "status" = 'SENT'`);
      if (row!.n >= messages) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const workerMs = performance.now() - started;
    await stopJobQueue(queue, 10_000).catch(() => undefined);
    transport.close();
    const accepted = (await server.accepted()) - before;
    const workerPerSecond = (messages * 1000) / workerMs;
    const baselinePerSecond = (messages * 1000) / baselineMs;
    const ratio = workerPerSecond / baselinePerSecond;
    const targetPerSecond = 500;
    const targetRatio = 0.5;
    log(
      `  worker : ${fr(workerPerSecond, 0)} messages/s (${fr(workerMs / 1000, 1)} s) · boucle nue : ${fr(baselinePerSecond, 0)} messages/s · ` +
        `rapport ${fr(ratio, 2)} · acceptés par le serveur : ${fr(accepted)}`,
    );
    return {
      messages,
      batchSize: OUTBOX_BATCH_SIZE,
      concurrency: OUTBOX_CONCURRENCY,
      smtpConnections: DEFAULT_SMTP_POOL.maxConnections,
      workerMs: Math.round(workerMs),
      baselineMs: Math.round(baselineMs),
      workerPerSecond,
      baselinePerSecond,
      ratio,
      accepted,
      targetPerSecond,
      targetRatio,
      pass: workerPerSecond >= targetPerSecond && ratio >= targetRatio && accepted === messages,
    };
  } finally {
    await stopJobQueue(queue, 5_000).catch(() => undefined);
    await fresh.dispose();
    await server.close();
  }
}
