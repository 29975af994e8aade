-- The contrat d'engagement's editor (issue 20, docs/rules.md#contrat-dengagement): the database backs the limits the
-- use case checks in French. The plan is a JSON object ({ objectives, actions }; `{}` once anonymised) and the texts
-- are 2000 characters at most ('' once anonymised, docs/rules.md#retention).
ALTER TABLE "EngagementContract"
  ADD CONSTRAINT "EngagementContract_plan_object" CHECK (jsonb_typeof("plan") = 'object'),
  ADD CONSTRAINT "EngagementContract_commitments_length"
    CHECK (char_length("seekerCommitments") <= 2000 AND char_length("advisorCommitments") <= 2000),
  ADD CONSTRAINT "EngagementContract_weekly_hours_reason_length" CHECK (char_length("weeklyHoursReason") <= 2000);
