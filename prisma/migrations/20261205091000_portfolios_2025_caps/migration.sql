-- An intensive portfolio holds at most 50 people at any moment (arrêté of 6 August 2025): its cap never above 50,
-- and no seeker enters it beyond 50 — not even a manager placing beyond the agency's cap with a written reason. The
-- portfolio row is locked while counting, so two concurrent placements cannot both take the 50th place.
ALTER TABLE "Portfolio" ADD CONSTRAINT "Portfolio_intensive_cap" CHECK ("modality" <> 'INTENSIF' OR "cap" <= 50);

CREATE OR REPLACE FUNCTION modalis_intensive_portfolio_limit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  seated INTEGER;
BEGIN
  IF NEW."portfolioId" IS NULL OR (TG_OP = 'UPDATE' AND NEW."portfolioId" IS NOT DISTINCT FROM OLD."portfolioId") THEN
    RETURN NEW;
  END IF;
  PERFORM 1 FROM "Portfolio" WHERE "id" = NEW."portfolioId" AND "modality" = 'INTENSIF' FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NEW;
  END IF;
  SELECT count(*) INTO seated FROM "Seeker" WHERE "portfolioId" = NEW."portfolioId" AND "id" <> NEW."id";
  IF seated >= 50 THEN
    RAISE EXCEPTION 'intensive portfolio % already holds 50 people', NEW."portfolioId" USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "Seeker_intensive_portfolio_limit" BEFORE INSERT OR UPDATE OF "portfolioId" ON "Seeker"
  FOR EACH ROW EXECUTE FUNCTION modalis_intensive_portfolio_limit();
