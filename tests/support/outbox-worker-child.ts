/**
 * A worker process for tests/integration/outbox-faults.test.ts, as `npm run worker` runs one (scripts/worker.ts),
 * on the test's database and SMTP server, with the short delays the test needs:
 *
 *     node --import tsx --conditions=react-server tests/support/outbox-worker-child.ts
 *
 * Environment: OUTBOX_CHILD_DATABASE (the DatabaseOptions, JSON: PostgreSQL, or the embedded directory served by the
 * test process), OUTBOX_CHILD_SMTP_URL, OUTBOX_CHILD_EXPIRE_SECONDS. Prints « prêt » once working.
 */
import type { DatabaseOptions } from "@/server/db/connection";
import { openDatabase } from "@/server/db/connection";
import { startJobQueue } from "@/server/jobs/queue";
import { createEmailTransport } from "@/server/messages/email";
import { startOutboxWorker } from "@/server/messages/outbox-worker";

const options = JSON.parse(process.env.OUTBOX_CHILD_DATABASE ?? "null") as DatabaseOptions;
const db = await openDatabase(options.engine === "pglite" ? { ...options, serve: false, command: "worker de test (outbox)" } : options);
const transport = createEmailTransport({
  smtpUrl: process.env.OUTBOX_CHILD_SMTP_URL,
  from: "Modalis <ne-pas-repondre@modalis.local>",
  mailboxDir: "/nonexistent",
});
const queue = await startJobQueue(options, { maintenanceIntervalSeconds: 1 });
await startOutboxWorker(queue, {
  prisma: db.prisma,
  transport,
  retryDelaySeconds: 1,
  retryBackoff: false,
  expireInSeconds: Number(process.env.OUTBOX_CHILD_EXPIRE_SECONDS ?? 15),
  pollingIntervalSeconds: 0.5,
  log: () => undefined,
});
console.log("prêt");
