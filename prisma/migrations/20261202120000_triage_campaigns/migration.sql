-- Triage campaigns (« jour de tri », issue 17) and the agencies' closure days (docs/rules.md#triage-campaigns).
CREATE TABLE "TriageCampaign" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "agencyId" UUID NOT NULL,
  "name" TEXT NOT NULL,
  "day" DATE NOT NULL,
  "selection" JSONB NOT NULL,
  "closedToPublic" BOOLEAN NOT NULL DEFAULT false,
  "openedById" UUID NOT NULL,
  "openedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "closedById" UUID,
  "closedAt" TIMESTAMPTZ(3),
  CONSTRAINT "TriageCampaign_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "TriageCampaign_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "TriageCampaign_openedById_fkey" FOREIGN KEY ("openedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "TriageCampaign_closedById_fkey" FOREIGN KEY ("closedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "TriageCampaign_name_length" CHECK (char_length("name") BETWEEN 1 AND 120),
  CONSTRAINT "TriageCampaign_closed" CHECK (("closedAt" IS NULL) = ("closedById" IS NULL))
);
CREATE INDEX "TriageCampaign_agencyId_openedAt_idx" ON "TriageCampaign"("agencyId", "openedAt");

CREATE TABLE "TriageCampaignFile" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "campaignId" UUID NOT NULL,
  "agencyId" UUID NOT NULL,
  "seekerId" UUID NOT NULL,
  "advisorId" UUID NOT NULL,
  "modalityBefore" "Modality" NOT NULL,
  "diagnosticId" UUID,
  "modalityAfter" "Modality",
  "doneAt" TIMESTAMPTZ(3),
  CONSTRAINT "TriageCampaignFile_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "TriageCampaignFile_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "TriageCampaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "TriageCampaignFile_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "TriageCampaignFile_seekerId_fkey" FOREIGN KEY ("seekerId") REFERENCES "Seeker"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "TriageCampaignFile_advisorId_fkey" FOREIGN KEY ("advisorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "TriageCampaignFile_diagnosticId_fkey" FOREIGN KEY ("diagnosticId") REFERENCES "Diagnostic"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  -- Done means a modality after (the diagnostic is absent only when the file closed before it was re-examined).
  CONSTRAINT "TriageCampaignFile_done" CHECK (("doneAt" IS NULL) = ("modalityAfter" IS NULL))
);
CREATE UNIQUE INDEX "TriageCampaignFile_campaignId_seekerId_key" ON "TriageCampaignFile"("campaignId", "seekerId");
CREATE INDEX "TriageCampaignFile_campaignId_advisorId_doneAt_idx" ON "TriageCampaignFile"("campaignId", "advisorId", "doneAt");
CREATE INDEX "TriageCampaignFile_seekerId_idx" ON "TriageCampaignFile"("seekerId");

CREATE TABLE "AgencyClosure" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "agencyId" UUID NOT NULL,
  "day" DATE NOT NULL,
  "reason" TEXT NOT NULL,
  "campaignId" UUID,
  "createdById" UUID,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "AgencyClosure_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "AgencyClosure_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "AgencyClosure_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "TriageCampaign"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  CONSTRAINT "AgencyClosure_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  CONSTRAINT "AgencyClosure_reason_length" CHECK (char_length("reason") BETWEEN 1 AND 200)
);
CREATE UNIQUE INDEX "AgencyClosure_agencyId_day_key" ON "AgencyClosure"("agencyId", "day");
