-- An advisor's request that a manager place a seeker beyond the caps (docs/rules.md#placement-beyond-the-caps).
CREATE TYPE "PlacementRequestStatus" AS ENUM ('PENDING', 'PLACED', 'DECLINED', 'CANCELLED');

CREATE TABLE "PlacementRequest" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "agencyId" UUID NOT NULL,
    "seekerId" UUID NOT NULL,
    "requestedById" UUID NOT NULL,
    "confirmation" JSONB,
    "proposedModality" "Modality" NOT NULL,
    "decidedModality" "Modality" NOT NULL,
    "note" TEXT,
    "status" "PlacementRequestStatus" NOT NULL DEFAULT 'PENDING',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMPTZ(3),
    "resolvedById" UUID,
    "resolution" TEXT,
    "diagnosticId" UUID,

    CONSTRAINT "PlacementRequest_pkey" PRIMARY KEY ("id"),
    -- A pending request carries the prepared confirmation; a resolved one has a date, and no answers any more.
    CONSTRAINT "PlacementRequest_pending_shape" CHECK (
      ("status" = 'PENDING' AND "confirmation" IS NOT NULL AND "resolvedAt" IS NULL)
      OR ("status" <> 'PENDING' AND "confirmation" IS NULL AND "resolvedAt" IS NOT NULL)
    ),
    CONSTRAINT "PlacementRequest_note_length" CHECK ("note" IS NULL OR char_length("note") <= 2000),
    CONSTRAINT "PlacementRequest_resolution_length" CHECK ("resolution" IS NULL OR char_length("resolution") <= 2000)
);

CREATE INDEX "PlacementRequest_agencyId_status_createdAt_idx" ON "PlacementRequest"("agencyId", "status", "createdAt");
CREATE INDEX "PlacementRequest_seekerId_createdAt_idx" ON "PlacementRequest"("seekerId", "createdAt");
-- At most one pending request per seeker.
CREATE UNIQUE INDEX "PlacementRequest_one_pending_per_seeker" ON "PlacementRequest" ("seekerId") WHERE "status" = 'PENDING';

ALTER TABLE "PlacementRequest" ADD CONSTRAINT "PlacementRequest_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PlacementRequest" ADD CONSTRAINT "PlacementRequest_seekerId_fkey" FOREIGN KEY ("seekerId") REFERENCES "Seeker"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PlacementRequest" ADD CONSTRAINT "PlacementRequest_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PlacementRequest" ADD CONSTRAINT "PlacementRequest_resolvedById_fkey" FOREIGN KEY ("resolvedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
