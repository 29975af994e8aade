-- Conversations between a seeker and their advisor (issue 18, docs/rules.md#conversations): append-only messages keyed
-- by the seeker, each reader's place in them, the agency's reply deadline and the « new message » notice.
ALTER TYPE "OutboxKind" ADD VALUE 'NEW_MESSAGE';

ALTER TABLE "Agency" ADD COLUMN "messageReplyWorkingDays" INTEGER NOT NULL DEFAULT 2;

CREATE TABLE "ConversationMessage" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "agencyId" UUID NOT NULL,
  "seekerId" UUID NOT NULL,
  "authorId" UUID NOT NULL,
  "authorRole" "Role" NOT NULL,
  "body" TEXT NOT NULL,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "ConversationMessage_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "ConversationMessage_body_length" CHECK (char_length("body") <= 2000)
);
CREATE INDEX "ConversationMessage_seekerId_createdAt_idx" ON "ConversationMessage"("seekerId", "createdAt");
CREATE INDEX "ConversationMessage_authorId_createdAt_idx" ON "ConversationMessage"("authorId", "createdAt");
CREATE TRIGGER "ConversationMessage_append_only" BEFORE UPDATE OR DELETE ON "ConversationMessage"
  FOR EACH ROW EXECUTE FUNCTION modalis_refuse_change();

CREATE TABLE "ConversationReader" (
  "seekerId" UUID NOT NULL,
  "userId" UUID NOT NULL,
  "lastReadAt" TIMESTAMPTZ(3),
  "notifiedAt" TIMESTAMPTZ(3),
  CONSTRAINT "ConversationReader_pkey" PRIMARY KEY ("seekerId", "userId")
);
CREATE INDEX "ConversationReader_userId_idx" ON "ConversationReader"("userId");

-- The maintenance role may also empty the text of an anonymised file's messages (every other column unchanged).
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
    -- Through to_jsonb: another table's row has no "body" field to name.
    IF TG_TABLE_NAME = 'ConversationMessage' AND TG_OP = 'UPDATE' AND (to_jsonb(NEW) ->> 'body') = ''
       AND (to_jsonb(NEW) - 'body') = (to_jsonb(OLD) - 'body') THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'P0001';
END;
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'modalis_maintenance') THEN
    GRANT SELECT, UPDATE ON "ConversationMessage" TO modalis_maintenance;
  END IF;
END
$$;
