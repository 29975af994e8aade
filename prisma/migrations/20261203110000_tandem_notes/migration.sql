-- The tandem file (issue 18): notes shared by the social worker and the advisor of a GLOBAL seeker, append-only
-- (docs/rules.md#the-tandem-file). The maintenance role may only empty the text of a note of an anonymised file.
CREATE TABLE "TandemNote" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "agencyId" UUID NOT NULL,
  "seekerId" UUID NOT NULL,
  "authorId" UUID NOT NULL,
  "authorRole" "Role" NOT NULL,
  "text" TEXT NOT NULL,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "TandemNote_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "TandemNote_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "TandemNote_seekerId_fkey" FOREIGN KEY ("seekerId") REFERENCES "Seeker"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "TandemNote_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "TandemNote_author_role" CHECK ("authorRole" IN ('SOCIAL_WORKER', 'ADVISOR')),
  CONSTRAINT "TandemNote_text_length" CHECK (char_length("text") <= 2000)
);
CREATE INDEX "TandemNote_seekerId_createdAt_idx" ON "TandemNote"("seekerId", "createdAt");

CREATE OR REPLACE FUNCTION modalis_tandem_note_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_user = 'modalis_maintenance' AND TG_OP = 'UPDATE' AND NEW."text" = ''
     AND (to_jsonb(NEW) - 'text') = (to_jsonb(OLD) - 'text') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'P0001';
END;
$$;
CREATE TRIGGER "TandemNote_append_only" BEFORE UPDATE OR DELETE ON "TandemNote"
  FOR EACH ROW EXECUTE FUNCTION modalis_tandem_note_guard();

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'modalis_maintenance') THEN
    GRANT SELECT, UPDATE ON "TandemNote" TO modalis_maintenance;
  END IF;
END
$$;
