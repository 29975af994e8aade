-- Retention (docs/rules.md#retention): when a file was closed and when it was anonymised, and the maintenance role the
-- append-only triggers let through for the purge only.
ALTER TABLE "Seeker"
  ADD COLUMN "closedAt" TIMESTAMPTZ(3),
  ADD COLUMN "anonymisedAt" TIMESTAMPTZ(3);
CREATE INDEX "Seeker_status_closedAt_idx" ON "Seeker"("status", "closedAt");
CREATE INDEX "AuditEvent_createdAt_idx" ON "AuditEvent"("createdAt");

-- The maintenance role: no login, no privilege but the two the purge needs. The app's database user becomes a member,
-- so that the purge's transaction can take it with SET LOCAL ROLE (and only then do the triggers below let it through).
-- A role belongs to the whole server: another database of the same server may have created it already (two at once
-- is caught too). Creating it needs CREATEROLE; without it, the migration goes on and says what to do (README).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'modalis_maintenance') THEN
    BEGIN
      CREATE ROLE modalis_maintenance NOLOGIN;
    EXCEPTION
      WHEN duplicate_object OR unique_violation THEN NULL;
      WHEN insufficient_privilege THEN
        RAISE NOTICE 'modalis_maintenance: role not created (no CREATEROLE privilege); create it as the README says to purge expired data';
    END;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'modalis_maintenance') THEN
    BEGIN
      EXECUTE format('GRANT modalis_maintenance TO %I', current_user);
    EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN
      RAISE NOTICE 'modalis_maintenance: % could not be made a member; grant it as the README says', current_user;
    END;
    GRANT SELECT, DELETE ON "AuditEvent" TO modalis_maintenance;
    GRANT SELECT, UPDATE ON "Diagnostic" TO modalis_maintenance;
  END IF;
END
$$;

-- Diagnostics and the audit journal stay append-only for everyone but the maintenance role, which may only delete
-- journal entries and empty a diagnostic's answers, reasons and written justification (every other column unchanged).
CREATE OR REPLACE FUNCTION modalis_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_user = 'modalis_maintenance' THEN
    IF TG_TABLE_NAME = 'AuditEvent' AND TG_OP = 'DELETE' THEN
      RETURN OLD;
    END IF;
    IF TG_TABLE_NAME = 'Diagnostic' AND TG_OP = 'UPDATE'
       AND (to_jsonb(NEW) - 'answers' - 'reasons' - 'overrideJustification') = (to_jsonb(OLD) - 'answers' - 'reasons' - 'overrideJustification') THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'P0001';
END;
$$;
