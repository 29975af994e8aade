-- Messages to seekers by e-mail and SMS (issue 16): the SMS channel, the delivery receipt, the cancelled reminder, the
-- seeker's consent and opt-out, bounced addresses and refused numbers, the agency's reminder settings and retention.
ALTER TYPE "OutboxChannel" ADD VALUE 'SMS';
ALTER TYPE "OutboxStatus" ADD VALUE 'DELIVERED' AFTER 'SENT';
ALTER TYPE "OutboxStatus" ADD VALUE 'CANCELLED';

ALTER TABLE "Agency"
  ADD COLUMN "reminderDaysBefore" INTEGER NOT NULL DEFAULT 2,
  ADD COLUMN "reminderByEmail" BOOLEAN NOT NULL DEFAULT true,
  ADD COLUMN "reminderBySms" BOOLEAN NOT NULL DEFAULT true,
  ADD COLUMN "closedFileRetentionMonths" INTEGER NOT NULL DEFAULT 24,
  ADD CONSTRAINT "Agency_reminder_days_range" CHECK ("reminderDaysBefore" BETWEEN 0 AND 14),
  ADD CONSTRAINT "Agency_closed_file_retention_range" CHECK ("closedFileRetentionMonths" BETWEEN 1 AND 120);

ALTER TABLE "Seeker"
  ADD COLUMN "smsConsent" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "smsConsentAt" TIMESTAMPTZ(3),
  ADD COLUMN "optionalMessagesOptOut" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "emailBouncedAt" TIMESTAMPTZ(3),
  ADD COLUMN "emailBounceReason" TEXT,
  ADD COLUMN "phoneInvalidAt" TIMESTAMPTZ(3),
  ADD COLUMN "phoneInvalidReason" TEXT;

ALTER TABLE "OutboxMessage"
  ADD COLUMN "mandatory" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "dedupeKey" TEXT,
  ADD COLUMN "deliveredAt" TIMESTAMPTZ(3);
CREATE UNIQUE INDEX "OutboxMessage_dedupeKey_key" ON "OutboxMessage"("dedupeKey");

-- A sent or delivered message says when and under which id it was taken; a delivered one, when it arrived.
-- (The enum's new values are compared as text: they cannot be used in the transaction that adds them.)
ALTER TABLE "OutboxMessage" DROP CONSTRAINT "OutboxMessage_sent_shape";
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_sent_shape" CHECK (
  ("status"::text IN ('SENT', 'DELIVERED') AND "sentAt" IS NOT NULL AND "providerId" IS NOT NULL)
  OR ("status"::text NOT IN ('SENT', 'DELIVERED') AND "sentAt" IS NULL)
);
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_delivered_shape" CHECK (("status"::text = 'DELIVERED') = ("deliveredAt" IS NOT NULL));
