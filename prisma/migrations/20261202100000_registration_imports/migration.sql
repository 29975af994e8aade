-- Registration imports (issue 17, docs/rules.md#registration-imports): a file of the national information system is
-- first read and classified row by row (the preview, written here), then imported exactly as previewed in one
-- transaction. The uploaded file is kept in chunks only until its preview is done.
CREATE TYPE "RegistrationImportStatus" AS ENUM ('PREVIEWING', 'PREVIEWED', 'IMPORTING', 'IMPORTED', 'FAILED', 'STALE');
CREATE TYPE "RegistrationImportFormat" AS ENUM ('CSV', 'XLSX');
CREATE TYPE "RegistrationRowOutcome" AS ENUM ('NEW', 'UPDATED', 'UNCHANGED', 'TRANSFER', 'REFUSED');

CREATE TABLE "RegistrationImport" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  -- The agency it is for; null: the administrator's multi-agency file.
  "agencyId" UUID,
  -- Who imported it; null: the command line (system actor).
  "createdById" UUID,
  "actorRole" "Role" NOT NULL,
  "fileName" TEXT NOT NULL,
  "fileSize" BIGINT NOT NULL,
  "sha256" TEXT NOT NULL,
  "format" "RegistrationImportFormat" NOT NULL,
  "status" "RegistrationImportStatus" NOT NULL DEFAULT 'PREVIEWING',
  -- The day the rows were checked against (a registration in the future is refused), in the importer's calendar.
  "today" DATE NOT NULL,
  "rowsRead" INTEGER NOT NULL DEFAULT 0,
  "rowsTotal" INTEGER,
  "newCount" INTEGER NOT NULL DEFAULT 0,
  "updatedCount" INTEGER NOT NULL DEFAULT 0,
  "unchangedCount" INTEGER NOT NULL DEFAULT 0,
  "transferCount" INTEGER NOT NULL DEFAULT 0,
  "refusedCount" INTEGER NOT NULL DEFAULT 0,
  "errorMessage" TEXT,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "previewedAt" TIMESTAMPTZ(3),
  "importStartedAt" TIMESTAMPTZ(3),
  "importedAt" TIMESTAMPTZ(3),
  "failedAt" TIMESTAMPTZ(3),
  "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "RegistrationImport_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "RegistrationImport_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "RegistrationImport_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  CONSTRAINT "RegistrationImport_sha256" CHECK ("sha256" ~ '^[0-9a-f]{64}$')
);
CREATE INDEX "RegistrationImport_agencyId_createdAt_idx" ON "RegistrationImport"("agencyId", "createdAt");
CREATE INDEX "RegistrationImport_createdAt_idx" ON "RegistrationImport"("createdAt");

-- The uploaded file, in order, until its preview is done.
CREATE TABLE "RegistrationImportChunk" (
  "importId" UUID NOT NULL,
  "position" INTEGER NOT NULL,
  "data" BYTEA NOT NULL,
  CONSTRAINT "RegistrationImportChunk_pkey" PRIMARY KEY ("importId", "position"),
  CONSTRAINT "RegistrationImportChunk_importId_fkey" FOREIGN KEY ("importId") REFERENCES "RegistrationImport"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- One row of the file as the preview classified it: what the import will do, and with what.
CREATE TABLE "RegistrationImportRow" (
  "importId" UUID NOT NULL,
  "rowNumber" INTEGER NOT NULL,
  "outcome" "RegistrationRowOutcome" NOT NULL,
  -- Why it is refused, or what changes (« dossier rouvert », the fields updated), in French.
  "reason" TEXT,
  -- The fields an UPDATED or TRANSFER row changes (Seeker column names).
  "changes" TEXT[] NOT NULL DEFAULT '{}',
  -- A closed file found again: the import reopens it.
  "reopens" BOOLEAN NOT NULL DEFAULT false,
  "franceTravailId" TEXT,
  "civility" "Civility",
  "lastName" TEXT,
  "firstName" TEXT,
  "birthDate" DATE,
  "email" TEXT,
  "phone" TEXT,
  "address" TEXT,
  "postalCode" TEXT,
  "commune" TEXT,
  "registrationDate" DATE,
  "category" "SeekerCategory",
  -- The agency the row goes to (the receiving agency of a transfer).
  "agencyId" UUID,
  -- The seeker found by France Travail identifier, and their version (updatedAt) at preview: the staleness check.
  "seekerId" UUID,
  "seekerVersion" TIMESTAMPTZ(3),
  CONSTRAINT "RegistrationImportRow_pkey" PRIMARY KEY ("importId", "rowNumber"),
  CONSTRAINT "RegistrationImportRow_importId_fkey" FOREIGN KEY ("importId") REFERENCES "RegistrationImport"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "RegistrationImportRow_refused_reason" CHECK (("outcome" <> 'REFUSED') OR ("reason" IS NOT NULL)),
  CONSTRAINT "RegistrationImportRow_complete" CHECK (
    ("outcome" = 'REFUSED') OR (
      "franceTravailId" IS NOT NULL AND "lastName" IS NOT NULL AND "firstName" IS NOT NULL AND "birthDate" IS NOT NULL
      AND "postalCode" IS NOT NULL AND "commune" IS NOT NULL AND "registrationDate" IS NOT NULL AND "category" IS NOT NULL
      AND "agencyId" IS NOT NULL
    )
  ),
  CONSTRAINT "RegistrationImportRow_seeker" CHECK (("outcome" IN ('NEW', 'REFUSED')) OR ("seekerId" IS NOT NULL AND "seekerVersion" IS NOT NULL))
);
CREATE INDEX "RegistrationImportRow_importId_outcome_rowNumber_idx" ON "RegistrationImportRow"("importId", "outcome", "rowNumber");
