import { describe, expect, it } from "vitest";
import { APPOINTMENT_KINDS, APPOINTMENT_STATUSES, MODALITIES } from "@/domain";
import { AppointmentKind, AppointmentStatus, Modality } from "@/generated/prisma/enums";

// The domain names its codes without importing Prisma; the database enums must say exactly the same.
describe("domain codes and database enums", () => {
  it("agree on modalities, appointment kinds and statuses", () => {
    expect([...MODALITIES].sort()).toEqual(Object.values(Modality).sort());
    expect([...APPOINTMENT_KINDS].sort()).toEqual(Object.values(AppointmentKind).sort());
    expect([...APPOINTMENT_STATUSES].sort()).toEqual(Object.values(AppointmentStatus).sort());
  });
});
