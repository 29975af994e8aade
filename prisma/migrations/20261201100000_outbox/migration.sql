-- Messages to seekers (issue 16): the agency's phone number, which every message gives, and the transactional
-- outbox — each message written in the same transaction as the change that causes it, then delivered by the job
-- queue (src/server/messages/outbox.ts).
ALTER TABLE "Agency" ADD COLUMN "phone" TEXT;

CREATE TYPE "OutboxKind" AS ENUM ('CONVOCATION', 'REMINDER', 'CHANGE', 'DIAGNOSTIC_RESULT');
CREATE TYPE "OutboxChannel" AS ENUM ('EMAIL');
CREATE TYPE "OutboxStatus" AS ENUM ('QUEUED', 'SENT', 'FAILED');

CREATE TABLE "OutboxMessage" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "agencyId" UUID NOT NULL,
    "seekerId" UUID NOT NULL,
    "appointmentId" UUID,
    "kind" "OutboxKind" NOT NULL,
    "channel" "OutboxChannel" NOT NULL DEFAULT 'EMAIL',
    "recipient" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "ics" TEXT,
    "status" "OutboxStatus" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "providerId" TEXT,
    "jobId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id"),
    -- A sent message says when and under which id the server took it; an unsent one has neither.
    CONSTRAINT "OutboxMessage_sent_shape" CHECK (
      ("status" = 'SENT' AND "sentAt" IS NOT NULL AND "providerId" IS NOT NULL)
      OR ("status" <> 'SENT' AND "sentAt" IS NULL)
    ),
    CONSTRAINT "OutboxMessage_attempts_positive" CHECK ("attempts" >= 0),
    CONSTRAINT "OutboxMessage_last_error_length" CHECK ("lastError" IS NULL OR char_length("lastError") <= 2000)
);

CREATE INDEX "OutboxMessage_seekerId_createdAt_idx" ON "OutboxMessage"("seekerId", "createdAt");
CREATE INDEX "OutboxMessage_agencyId_status_createdAt_idx" ON "OutboxMessage"("agencyId", "status", "createdAt");
CREATE INDEX "OutboxMessage_appointmentId_idx" ON "OutboxMessage"("appointmentId");
-- The messages written while no job queue was installed, which the worker gives a job when it starts.
CREATE INDEX "OutboxMessage_queued_without_job" ON "OutboxMessage" ("createdAt") WHERE "status" = 'QUEUED' AND "jobId" IS NULL;

ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_seekerId_fkey" FOREIGN KEY ("seekerId") REFERENCES "Seeker"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE SET NULL ON UPDATE CASCADE;
