-- The 2025 offer's portfolios (issue 20) are portfolios like the 2014 ones, of three more kinds: INTENSIF (at most 50
-- people, arrêté of 6 August 2025), AGILE (cap set by the agency, default 300) and TANDEM (socio-professional parcours
-- with the département's social worker, cap 100). Same table, same placement, caps, races and rebalancing. The new enum
-- values are used by the next migration (a value added by ALTER TYPE cannot be used in the transaction that adds it).
ALTER TYPE "Modality" ADD VALUE 'INTENSIF';
ALTER TYPE "Modality" ADD VALUE 'AGILE';
ALTER TYPE "Modality" ADD VALUE 'TANDEM';

ALTER TABLE "Agency"
  ADD COLUMN "capIntensif" INTEGER NOT NULL DEFAULT 50,
  ADD COLUMN "capAgile" INTEGER NOT NULL DEFAULT 300,
  ADD COLUMN "capTandem" INTEGER NOT NULL DEFAULT 100;
ALTER TABLE "Agency" ADD CONSTRAINT "Agency_caps_2025" CHECK (
  "capIntensif" BETWEEN 1 AND 50 AND "capAgile" BETWEEN 100 AND 500 AND "capTandem" BETWEEN 1 AND 1000
);
