import "server-only";
import type { Env } from "@/env";
import type { PrismaClient } from "@/generated/prisma/client";
import type { DatabaseOptions } from "@/server/db/connection";
import { createEmailTransport, emailConfigFromEnv } from "@/server/messages/email";
import { startOutboxWorker } from "@/server/messages/outbox-worker";
import { createSmsTransport, smsConfigFromEnv } from "@/server/messages/sms";
import { startSmsWorker } from "@/server/messages/sms-worker";
import { startRegistrationImportWorkers } from "./registration-imports";
import { guardUnhandledRejections, type JobQueue, startJobQueue, stopJobQueue } from "./queue";
import { startSchedules } from "./schedules";

/**
 * The background work of the app on its job queue: the delivery of the messages to seekers (the outbox), and the
 * scheduled work (reminders, nightly booking, retention: schedules.ts). It
 * runs inside `npm start` on the embedded database (the process that owns and serves it), and as `npm run worker`
 * on PostgreSQL (as many as wanted: a job goes to one worker only).
 */
export type RunningWorkers = { queue: JobQueue; stop(): Promise<void> };

export async function startWorkers(
  database: DatabaseOptions,
  prisma: PrismaClient,
  environment: Pick<Env, "SMTP_URL" | "MAIL_FROM" | "PGLITE_DATA_DIR"> &
    Partial<Pick<Env, "AUDIT_RETENTION_MONTHS" | "SMS_API_URL" | "SMS_API_KEY" | "SMS_SENDER" | "SMS_WEBHOOK_SECRET" | "NEXTAUTH_URL">>,
  log: (line: string) => void = console.log,
): Promise<RunningWorkers> {
  // pg-boss 10's unawaited completions must not stop the process (src/server/jobs/queue.ts).
  guardUnhandledRejections();
  const config = emailConfigFromEnv(environment);
  const transport = createEmailTransport(config);
  let queue: JobQueue;
  try {
    queue = await startJobQueue(database);
  } catch (error) {
    transport.close();
    throw error;
  }
  const sms = createSmsTransport(smsConfigFromEnv(environment));
  try {
    // The SMS queue first: the e-mail worker's start gives a job to every jobless message, SMS ones included.
    await startSmsWorker(queue, { prisma, transport: sms, log });
    await startOutboxWorker(queue, { prisma, transport, log });
    // Reminders, nightly booking and retention (src/server/jobs/schedules.ts).
    await startSchedules(queue, { prisma, auditRetentionMonths: environment.AUDIT_RETENTION_MONTHS ?? 12, log });
    // Registration imports: previews, imports and the first interviews after them (src/server/jobs/registration-imports.ts).
    await startRegistrationImportWorkers(queue, { prisma, log });
  } catch (error) {
    await stopJobQueue(queue, 5_000);
    transport.close();
    throw error;
  }
  log(
    transport.kind === "smtp"
      ? "Envoi des messages aux demandeurs : actif (serveur SMTP de SMTP_URL)."
      : `Envoi des messages aux demandeurs : boîte aux lettres locale (${config.mailboxDir}), SMTP_URL n'étant pas défini.`,
  );
  log(
    sms.kind === "brevo"
      ? `Envoi des SMS : actif (Brevo, ${sms.config.apiUrl}), accusés de réception ${sms.config.webhookSecret && sms.config.publicUrl ? "demandés" : "non demandés (SMS_WEBHOOK_SECRET et NEXTAUTH_URL requis)"}.`
      : `Envoi des SMS : boîte aux lettres locale (${config.mailboxDir}), SMS_API_KEY n'étant pas défini.`,
  );
  return {
    queue,
    async stop() {
      // The jobs in hand finish (or are retried later), then the transport closes.
      await stopJobQueue(queue, 10_000);
      transport.close();
    },
  };
}
