-- The caseload folds the appointments of each of the advisor's ~350 seekers on every view (src/server/queries/caseload.ts,
-- `pageSizedListing` and `caseloadRecords`): with the columns the fold reads carried by the index, PostgreSQL answers
-- from the index alone (an index-only scan) instead of visiting a heap page per appointment (bench measure 1,
-- bench/NOTES.md). Same name and key columns as before: Prisma's @@index([seekerId, startsAt]) still describes it.
DROP INDEX "Appointment_seekerId_startsAt_idx";
CREATE INDEX "Appointment_seekerId_startsAt_idx" ON "Appointment" ("seekerId", "startsAt") INCLUDE ("kind", "status", "advisorId");
