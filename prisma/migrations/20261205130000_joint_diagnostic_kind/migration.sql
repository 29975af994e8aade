-- Issue 20: the joint diagnostic (France Travail and the référent) of an RSA recipient in the social parcours,
-- booked and tracked like the M4/M9 reviews (docs/rules.md#joint-diagnostic). The value is used by the next migration.
ALTER TYPE "AppointmentKind" ADD VALUE 'JOINT_DIAGNOSTIC';
