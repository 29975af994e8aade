-- The advisor orients under the 2025 offer (issue 20): the département decides once on an orientation proposed for an
-- RSA recipient. One decision per orientation, enforced by the database (two advisors recording it at the same time:
-- the second insert fails; the use case also locks the seeker row and says it in French). A new orientation is a new
-- proposal, with its own decision.
CREATE UNIQUE INDEX "DepartementDecision_orientationId_key" ON "DepartementDecision"("orientationId");
