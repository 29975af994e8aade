-- At most one joint diagnostic booked (SCHEDULED) per seeker at a time: two bookings racing for the same person
-- (the manager's « réserver » and the advisor's « planifier ») cannot both write one.
CREATE UNIQUE INDEX "Appointment_one_scheduled_joint_diagnostic"
  ON "Appointment" ("seekerId")
  WHERE "kind" = 'JOINT_DIAGNOSTIC' AND "status" = 'SCHEDULED';
