-- The 2025 offer (issue 20) beside the 2014 modalities: the agency's offer, the 2025
-- orientations (parcours, organisme référent, intensity), the département's decisions on an RSA recipient's
-- orientation and the contrats d'engagement. Orientations, decisions and contracts are append-only: a change is a new
-- row (a contract's revision is a full version). The 2014 tables (Diagnostic, Portfolio) are unchanged.
CREATE TYPE "AgencyOffer" AS ENUM ('OFFRE_2014', 'OFFRE_2025');
CREATE TYPE "Parcours" AS ENUM ('EMPLOI', 'SOCIO_PROFESSIONNEL', 'SOCIAL');
CREATE TYPE "Referent" AS ENUM ('FRANCE_TRAVAIL', 'MISSION_LOCALE', 'CAP_EMPLOI', 'CONSEIL_DEPARTEMENTAL');
CREATE TYPE "Intensity" AS ENUM ('INTENSIF', 'AGILE');
CREATE TYPE "OrientationDecider" AS ENUM ('FRANCE_TRAVAIL', 'DEPARTEMENT');

ALTER TABLE "Agency"
  ADD COLUMN "offer" "AgencyOffer" NOT NULL DEFAULT 'OFFRE_2014',
  ADD COLUMN "offerChangedAt" TIMESTAMPTZ(3);

-- An orientation under ruleset 2025.1: what the rules proposed and what the advisor decided. `situation` holds the
-- RSA flag, the age and the RQTH (recognised disabled worker): special-category data (RGPD art. 9), read only by
-- those who follow the person.
CREATE TABLE "Orientation" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "agencyId" UUID NOT NULL,
  "seekerId" UUID NOT NULL,
  "authorId" UUID NOT NULL,
  "rulesetVersion" TEXT NOT NULL,
  "answers" JSONB NOT NULL,
  "situation" JSONB NOT NULL,
  "proposedParcours" "Parcours" NOT NULL,
  "proposedReferent" "Referent" NOT NULL,
  "proposedIntensity" "Intensity",
  "proposedTandem" BOOLEAN NOT NULL,
  "decidedBy" "OrientationDecider" NOT NULL,
  "professionalScore" INTEGER NOT NULL,
  "reasons" JSONB NOT NULL,
  "parcours" "Parcours" NOT NULL,
  "referent" "Referent" NOT NULL,
  "intensity" "Intensity",
  "tandem" BOOLEAN NOT NULL,
  "overrideJustification" TEXT,
  "notifiedOn" DATE,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "Orientation_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "Orientation_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "Orientation_seekerId_fkey" FOREIGN KEY ("seekerId") REFERENCES "Seeker"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "Orientation_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "Orientation_professional_score" CHECK ("professionalScore" BETWEEN 0 AND 12),
  -- The intensity is France Travail's own offer: none when another organisme follows the person.
  CONSTRAINT "Orientation_proposed_intensity" CHECK (("proposedReferent" = 'FRANCE_TRAVAIL') = ("proposedIntensity" IS NOT NULL)),
  CONSTRAINT "Orientation_intensity" CHECK (("referent" = 'FRANCE_TRAVAIL') = ("intensity" IS NOT NULL)),
  CONSTRAINT "Orientation_tandem" CHECK (NOT "tandem" OR ("parcours" = 'SOCIO_PROFESSIONNEL' AND "referent" = 'FRANCE_TRAVAIL'))
);
CREATE INDEX "Orientation_seekerId_createdAt_idx" ON "Orientation"("seekerId", "createdAt");
CREATE INDEX "Orientation_agencyId_createdAt_idx" ON "Orientation"("agencyId", "createdAt");

-- An orientation can only be recorded in an agency on the 2025 offer. The agency row is read FOR SHARE: a concurrent
-- switch back to 2014 (which locks it FOR UPDATE and counts the orientations) and this insert cannot both pass.
CREATE OR REPLACE FUNCTION modalis_orientation_offer() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  agency_offer "AgencyOffer";
BEGIN
  SELECT "offer" INTO agency_offer FROM "Agency" WHERE "id" = NEW."agencyId" FOR SHARE;
  IF agency_offer IS DISTINCT FROM 'OFFRE_2025' THEN
    RAISE EXCEPTION 'agency % is not on the 2025 offer', NEW."agencyId" USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "Orientation_offer_2025" BEFORE INSERT ON "Orientation"
  FOR EACH ROW EXECUTE FUNCTION modalis_orientation_offer();

-- The département's decision on an orientation proposed for an RSA recipient (decidedBy DEPARTEMENT), with its date.
CREATE TABLE "DepartementDecision" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "agencyId" UUID NOT NULL,
  "orientationId" UUID NOT NULL,
  "decidedOn" DATE NOT NULL,
  "parcours" "Parcours" NOT NULL,
  "referent" "Referent" NOT NULL,
  "note" TEXT,
  "authorId" UUID NOT NULL,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "DepartementDecision_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "DepartementDecision_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "DepartementDecision_orientationId_fkey" FOREIGN KEY ("orientationId") REFERENCES "Orientation"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "DepartementDecision_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "DepartementDecision_note_length" CHECK (char_length("note") <= 2000)
);
CREATE INDEX "DepartementDecision_orientationId_createdAt_idx" ON "DepartementDecision"("orientationId", "createdAt");
CREATE INDEX "DepartementDecision_agencyId_createdAt_idx" ON "DepartementDecision"("agencyId", "createdAt");

-- The contrat d'engagement: each row is a full version (revision 1, 2, … per seeker). The weekly activity is counted
-- in half hours: 0 to 35 hours, 15 hours (30 half hours) unless a written reason says otherwise.
CREATE TABLE "EngagementContract" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "agencyId" UUID NOT NULL,
  "seekerId" UUID NOT NULL,
  "orientationId" UUID NOT NULL,
  "revision" INTEGER NOT NULL,
  "signedOn" DATE,
  "intensity" "Intensity",
  "weeklyHalfHours" INTEGER NOT NULL DEFAULT 30,
  "weeklyHoursReason" TEXT,
  "plan" JSONB NOT NULL,
  "seekerCommitments" TEXT NOT NULL,
  "advisorCommitments" TEXT NOT NULL,
  "authorId" UUID NOT NULL,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "EngagementContract_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "EngagementContract_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "EngagementContract_seekerId_fkey" FOREIGN KEY ("seekerId") REFERENCES "Seeker"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "EngagementContract_orientationId_fkey" FOREIGN KEY ("orientationId") REFERENCES "Orientation"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "EngagementContract_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "EngagementContract_revision" CHECK ("revision" >= 1),
  CONSTRAINT "EngagementContract_weekly_half_hours" CHECK ("weeklyHalfHours" BETWEEN 0 AND 70),
  CONSTRAINT "EngagementContract_weekly_hours_reason" CHECK ("weeklyHalfHours" = 30 OR "weeklyHoursReason" IS NOT NULL)
);
CREATE UNIQUE INDEX "EngagementContract_seekerId_revision_key" ON "EngagementContract"("seekerId", "revision");
CREATE INDEX "EngagementContract_agencyId_createdAt_idx" ON "EngagementContract"("agencyId", "createdAt");

-- Append-only. The maintenance role (docs/rules.md#retention) may only empty the personal contents of an anonymised
-- file: an orientation's answers, situation, reasons and justification; a decision's note; a contract's plan,
-- commitments and reason (every other column unchanged).
CREATE OR REPLACE FUNCTION modalis_offer_2025_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_user = 'modalis_maintenance' AND TG_OP = 'UPDATE' THEN
    IF TG_TABLE_NAME = 'Orientation'
       AND (to_jsonb(NEW) - 'answers' - 'situation' - 'reasons' - 'overrideJustification')
         = (to_jsonb(OLD) - 'answers' - 'situation' - 'reasons' - 'overrideJustification') THEN
      RETURN NEW;
    END IF;
    IF TG_TABLE_NAME = 'DepartementDecision' AND (to_jsonb(NEW) - 'note') = (to_jsonb(OLD) - 'note') THEN
      RETURN NEW;
    END IF;
    IF TG_TABLE_NAME = 'EngagementContract'
       AND (to_jsonb(NEW) - 'plan' - 'seekerCommitments' - 'advisorCommitments' - 'weeklyHoursReason')
         = (to_jsonb(OLD) - 'plan' - 'seekerCommitments' - 'advisorCommitments' - 'weeklyHoursReason') THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'P0001';
END;
$$;
CREATE TRIGGER "Orientation_append_only" BEFORE UPDATE OR DELETE ON "Orientation"
  FOR EACH ROW EXECUTE FUNCTION modalis_offer_2025_guard();
CREATE TRIGGER "DepartementDecision_append_only" BEFORE UPDATE OR DELETE ON "DepartementDecision"
  FOR EACH ROW EXECUTE FUNCTION modalis_offer_2025_guard();
CREATE TRIGGER "EngagementContract_append_only" BEFORE UPDATE OR DELETE ON "EngagementContract"
  FOR EACH ROW EXECUTE FUNCTION modalis_offer_2025_guard();

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'modalis_maintenance') THEN
    GRANT SELECT, UPDATE ON "Orientation", "DepartementDecision", "EngagementContract" TO modalis_maintenance;
  END IF;
END
$$;
