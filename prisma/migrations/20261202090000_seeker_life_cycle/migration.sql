-- The seeker's life cycle (issue 17): exits with their reason, transfers, reopenings and registrations imported from
-- the national file, counted per month from an append-only history; the agencies' territories as communes.
CREATE TYPE "ExitReason" AS ENUM ('REPRISE_EMPLOI', 'ENTREE_FORMATION', 'RADIATION', 'CHANGEMENT_SITUATION', 'DEMENAGEMENT_HORS_TERRITOIRE', 'FIN_INSCRIPTION');
CREATE TYPE "LifeEventKind" AS ENUM ('REGISTRATION', 'EXIT', 'REOPENING', 'TRANSFER_IN', 'TRANSFER_OUT');
CREATE TYPE "Civility" AS ENUM ('M', 'MME');

ALTER TABLE "Seeker"
  ADD COLUMN "civility" "Civility",
  ADD COLUMN "address" TEXT,
  ADD COLUMN "queuedOn" DATE,
  ADD COLUMN "exitReason" "ExitReason";

CREATE TABLE "AgencyCommune" (
  "inseeCode" TEXT NOT NULL,
  "postalCode" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "agencyId" UUID NOT NULL,
  CONSTRAINT "AgencyCommune_pkey" PRIMARY KEY ("inseeCode", "postalCode"),
  CONSTRAINT "AgencyCommune_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "AgencyCommune_postalCode_idx" ON "AgencyCommune"("postalCode");
CREATE INDEX "AgencyCommune_agencyId_idx" ON "AgencyCommune"("agencyId");

CREATE TABLE "SeekerLifeEvent" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "agencyId" UUID NOT NULL,
  "seekerId" UUID NOT NULL,
  "kind" "LifeEventKind" NOT NULL,
  "exitReason" "ExitReason",
  "otherAgencyId" UUID,
  "importId" UUID,
  "actorId" UUID,
  "occurredOn" DATE NOT NULL,
  "note" TEXT,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "SeekerLifeEvent_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "SeekerLifeEvent_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "SeekerLifeEvent_seekerId_fkey" FOREIGN KEY ("seekerId") REFERENCES "Seeker"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "SeekerLifeEvent_exit_reason" CHECK (("kind" = 'EXIT') = ("exitReason" IS NOT NULL))
);
CREATE INDEX "SeekerLifeEvent_agencyId_occurredOn_idx" ON "SeekerLifeEvent"("agencyId", "occurredOn");
CREATE INDEX "SeekerLifeEvent_seekerId_createdAt_idx" ON "SeekerLifeEvent"("seekerId", "createdAt");
CREATE TRIGGER "SeekerLifeEvent_append_only" BEFORE UPDATE OR DELETE ON "SeekerLifeEvent"
  FOR EACH ROW EXECUTE FUNCTION modalis_refuse_change();

-- A closed file says why; an open one has no exit reason.
ALTER TABLE "Seeker" ADD CONSTRAINT "Seeker_exit_reason" CHECK (("status" = 'CLOSED') OR ("exitReason" IS NULL));
