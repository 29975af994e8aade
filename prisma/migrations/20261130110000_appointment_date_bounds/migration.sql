-- Hand-written (no change to schema.prisma): every appointment lies in the era the application plans in
-- (APPOINTMENT_ERA in src/domain/planning.ts). The database has no « today », so the bounds are fixed dates: nothing
-- of the service predates 2000, and 2100 is far beyond the two-year planning horizon the use cases apply around
-- today. A date outside them is a typo or an attack, never a plan (a reschedule to 9999-12-31 made the seeker's
-- calendar feed write 8 000 years of time-zone rules). Should a database hold such rows, this statement fails
-- and names the constraint: cancel or correct those appointments first.
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_within_era"
  CHECK ("startsAt" >= TIMESTAMPTZ '2000-01-01 00:00:00+00' AND "endsAt" <= TIMESTAMPTZ '2100-01-01 00:00:00+00');
