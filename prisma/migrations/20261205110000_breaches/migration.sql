-- Breaches (manquements) under the 2025 offer (issue 20, docs/rules.md#breaches-2025). Modalis never proposes, computes
-- or applies a sanction: it records a reported breach (which obligation, the facts, the date), then its steps as
-- events — the notice (10 days to answer), the person's answer, the decision as entered by the agency's manager (who
-- receives it from the regional director or the département), the remobilisation that lifts it. Both tables are
-- append-only: a step is a new row, one of each kind per breach.
CREATE TYPE "BreachObligation" AS ENUM ('APPOINTMENT_MISSED', 'ACTIONS_NOT_DONE', 'CONTRACT_REFUSED', 'ACTIVITY_HOURS_NOT_MET', 'OTHER');
CREATE TYPE "BreachEventKind" AS ENUM ('NOTIFIED', 'ANSWERED', 'DECIDED', 'LIFTED');
CREATE TYPE "BreachAnswerKind" AS ENUM ('WRITTEN', 'HEARING_REQUESTED');
CREATE TYPE "BreachDecisionKind" AS ENUM ('NO_FURTHER_ACTION', 'SANCTION');
CREATE TYPE "BreachAuthority" AS ENUM ('FRANCE_TRAVAIL_REGIONAL_DIRECTOR', 'DEPARTEMENT');

CREATE TABLE "Breach" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "agencyId" UUID NOT NULL,
  "seekerId" UUID NOT NULL,
  "obligation" "BreachObligation" NOT NULL,
  "facts" TEXT NOT NULL,
  "occurredOn" DATE NOT NULL,
  "reportedById" UUID NOT NULL,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "Breach_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "Breach_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "Breach_seekerId_fkey" FOREIGN KEY ("seekerId") REFERENCES "Seeker"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "Breach_reportedById_fkey" FOREIGN KEY ("reportedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "Breach_facts_length" CHECK (char_length("facts") <= 2000)
);
CREATE INDEX "Breach_seekerId_createdAt_idx" ON "Breach"("seekerId", "createdAt");
CREATE INDEX "Breach_agencyId_createdAt_idx" ON "Breach"("agencyId", "createdAt");

-- A step of a breach. Each kind carries its own fields (CHECKs); `on` is the step's calendar date (notice, answer,
-- decision, remobilisation).
CREATE TABLE "BreachEvent" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "agencyId" UUID NOT NULL,
  "breachId" UUID NOT NULL,
  "kind" "BreachEventKind" NOT NULL,
  "on" DATE NOT NULL,
  "answerKind" "BreachAnswerKind",
  "decisionKind" "BreachDecisionKind",
  "authority" "BreachAuthority",
  "text" TEXT,
  "authorId" UUID NOT NULL,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "BreachEvent_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "BreachEvent_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "BreachEvent_breachId_fkey" FOREIGN KEY ("breachId") REFERENCES "Breach"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "BreachEvent_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "BreachEvent_text_length" CHECK (char_length("text") <= 2000),
  CONSTRAINT "BreachEvent_answer" CHECK (("kind" = 'ANSWERED') = ("answerKind" IS NOT NULL)),
  CONSTRAINT "BreachEvent_decision" CHECK (("kind" = 'DECIDED') = ("decisionKind" IS NOT NULL AND "authority" IS NOT NULL)),
  -- The decision's text is entered as received (« pas de suite », « suspension … »): never empty, except after the
  -- anonymisation of the file (the maintenance role empties it to '').
  CONSTRAINT "BreachEvent_decision_text" CHECK ("kind" <> 'DECIDED' OR "text" IS NOT NULL)
);
-- One step of each kind per breach: a second notice, answer, decision or lifting is refused by the database too.
CREATE UNIQUE INDEX "BreachEvent_breachId_kind_key" ON "BreachEvent"("breachId", "kind");
CREATE INDEX "BreachEvent_agencyId_createdAt_idx" ON "BreachEvent"("agencyId", "createdAt");

-- A breach is recorded only in an agency on the 2025 offer (read FOR SHARE, as for an orientation), and a step only
-- in the breach's own agency.
CREATE OR REPLACE FUNCTION modalis_breach_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  agency_offer "AgencyOffer";
  breach_agency UUID;
BEGIN
  IF TG_TABLE_NAME = 'Breach' THEN
    SELECT "offer" INTO agency_offer FROM "Agency" WHERE "id" = NEW."agencyId" FOR SHARE;
    IF agency_offer IS DISTINCT FROM 'OFFRE_2025' THEN
      RAISE EXCEPTION 'agency % is not on the 2025 offer', NEW."agencyId" USING ERRCODE = 'P0001';
    END IF;
  ELSE
    SELECT "agencyId" INTO breach_agency FROM "Breach" WHERE "id" = NEW."breachId";
    IF breach_agency IS DISTINCT FROM NEW."agencyId" THEN
      RAISE EXCEPTION 'breach event % is not in its breach''s agency', NEW."id" USING ERRCODE = 'P0001';
    END IF;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "Breach_offer_2025" BEFORE INSERT ON "Breach"
  FOR EACH ROW EXECUTE FUNCTION modalis_breach_insert();
CREATE TRIGGER "BreachEvent_same_agency" BEFORE INSERT ON "BreachEvent"
  FOR EACH ROW EXECUTE FUNCTION modalis_breach_insert();

-- Append-only. The maintenance role (docs/rules.md#retention) may only empty what was said of an anonymised file: a
-- breach's facts, a step's text (every other column unchanged).
CREATE OR REPLACE FUNCTION modalis_breach_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_user = 'modalis_maintenance' AND TG_OP = 'UPDATE' THEN
    IF TG_TABLE_NAME = 'Breach' AND (to_jsonb(NEW) - 'facts') = (to_jsonb(OLD) - 'facts') THEN
      RETURN NEW;
    END IF;
    IF TG_TABLE_NAME = 'BreachEvent' AND (to_jsonb(NEW) - 'text') = (to_jsonb(OLD) - 'text') THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'P0001';
END;
$$;
CREATE TRIGGER "Breach_append_only" BEFORE UPDATE OR DELETE ON "Breach"
  FOR EACH ROW EXECUTE FUNCTION modalis_breach_guard();
CREATE TRIGGER "BreachEvent_append_only" BEFORE UPDATE OR DELETE ON "BreachEvent"
  FOR EACH ROW EXECUTE FUNCTION modalis_breach_guard();

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'modalis_maintenance') THEN
    GRANT SELECT, UPDATE ON "Breach", "BreachEvent" TO modalis_maintenance;
  END IF;
END
$$;
