-- Seekers' requests on their appointments: move, or excused absence (docs/rules.md#seekers-requests-on-appointments).
CREATE TYPE "AppointmentRequestKind" AS ENUM ('MOVE', 'ABSENCE');
CREATE TYPE "AppointmentRequestStatus" AS ENUM ('PENDING', 'PROPOSED', 'ACCEPTED', 'DECLINED', 'ACKNOWLEDGED', 'WITHDRAWN');

CREATE TABLE "AppointmentRequest" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "agencyId" UUID NOT NULL,
  "seekerId" UUID NOT NULL,
  "appointmentId" UUID NOT NULL,
  "kind" "AppointmentRequestKind" NOT NULL,
  "status" "AppointmentRequestStatus" NOT NULL DEFAULT 'PENDING',
  "reason" TEXT NOT NULL,
  "preferredSlots" TIMESTAMPTZ(3)[],
  "proposedStartsAt" TIMESTAMPTZ(3),
  "answerNote" TEXT,
  "answeredById" UUID,
  "answeredAt" TIMESTAMPTZ(3),
  "resultAppointmentId" UUID,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "AppointmentRequest_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "AppointmentRequest_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "AppointmentRequest_reason_length" CHECK (char_length("reason") BETWEEN 1 AND 500),
  CONSTRAINT "AppointmentRequest_answer_length" CHECK ("answerNote" IS NULL OR char_length("answerNote") <= 300),
  -- A move names one to three slots; an absence none.
  CONSTRAINT "AppointmentRequest_slots" CHECK (
    ("kind" = 'MOVE' AND cardinality("preferredSlots") BETWEEN 1 AND 3) OR ("kind" = 'ABSENCE' AND cardinality(coalesce("preferredSlots", '{}')) = 0)
  ),
  CONSTRAINT "AppointmentRequest_proposal" CHECK (("status" = 'PROPOSED') <= ("proposedStartsAt" IS NOT NULL))
);
CREATE INDEX "AppointmentRequest_agencyId_status_createdAt_idx" ON "AppointmentRequest"("agencyId", "status", "createdAt");
CREATE INDEX "AppointmentRequest_seekerId_createdAt_idx" ON "AppointmentRequest"("seekerId", "createdAt");
CREATE INDEX "AppointmentRequest_appointmentId_idx" ON "AppointmentRequest"("appointmentId");
-- One open request (waiting for the advisor or for the seeker) per appointment at a time.
CREATE UNIQUE INDEX "AppointmentRequest_one_open_per_appointment" ON "AppointmentRequest" ("appointmentId") WHERE "status" IN ('PENDING', 'PROPOSED');
