-- Server-side sessions, login throttling shared by every app instance, one-time passwords (issue 13).
-- Generated from prisma/schema.prisma (scripts/migration-diff.ts against an empty database, compared with the
-- previous schema), then the hand-written CHECK constraints and the session-version trigger at the end.

-- AlterTable
ALTER TABLE "User" ADD COLUMN "mustChangePassword" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "UserSession" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "sessionVersion" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL,
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "UserSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginCounter" (
    "scope" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "lastFailureAt" TIMESTAMPTZ(3) NOT NULL,
    "refused" INTEGER NOT NULL DEFAULT 0,
    "reportedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "LoginCounter_pkey" PRIMARY KEY ("scope","account","address")
);

-- CreateTable
CREATE TABLE "KnownLoginAddress" (
    "account" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "lastSignInAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "KnownLoginAddress_pkey" PRIMARY KEY ("account","address")
);

-- CreateIndex
CREATE INDEX "UserSession_userId_idx" ON "UserSession"("userId");

-- CreateIndex
CREATE INDEX "UserSession_lastSeenAt_idx" ON "UserSession"("lastSeenAt");

-- CreateIndex
CREATE INDEX "LoginCounter_updatedAt_idx" ON "LoginCounter"("updatedAt");

-- AddForeignKey
ALTER TABLE "UserSession" ADD CONSTRAINT "UserSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: bounded values (an address is an IP in text form, an account an e-mail address).
ALTER TABLE "UserSession" ADD CONSTRAINT "UserSession_address_length" CHECK (char_length("address") <= 45);
ALTER TABLE "LoginCounter" ADD CONSTRAINT "LoginCounter_scope_check" CHECK (
  ("scope" = 'address' AND "account" = '' AND "address" <> '')
  OR ("scope" = 'pair' AND "account" <> '' AND "address" <> '')
  OR ("scope" = 'account' AND "account" <> '' AND "address" = '')
);
ALTER TABLE "LoginCounter" ADD CONSTRAINT "LoginCounter_bounds" CHECK (
  char_length("account") <= 254 AND char_length("address") <= 45 AND "failures" >= 0 AND "refused" >= 0
);
ALTER TABLE "KnownLoginAddress" ADD CONSTRAINT "KnownLoginAddress_bounds" CHECK (
  char_length("account") <= 254 AND char_length("address") <= 45
);

-- Hand-written: a new role, a new password or a deactivation ends every session of the person, whatever path
-- (an action, a script, a hand-written UPDATE) made the change; sessions carry the version they were issued under.
CREATE OR REPLACE FUNCTION modalis_bump_session_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."role" IS DISTINCT FROM OLD."role"
     OR NEW."passwordHash" IS DISTINCT FROM OLD."passwordHash"
     OR (OLD."active" AND NOT NEW."active") THEN
    NEW."sessionVersion" := GREATEST(NEW."sessionVersion", OLD."sessionVersion" + 1);
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "User_session_version" BEFORE UPDATE ON "User"
  FOR EACH ROW EXECUTE FUNCTION modalis_bump_session_version();
