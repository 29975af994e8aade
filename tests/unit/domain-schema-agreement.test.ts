import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { APPOINTMENT_KINDS, APPOINTMENT_STATUSES, CAP_BOUNDS, CAP_FIELDS, ALL_MODALITIES, parseCivility, REGISTRATION_CATEGORIES } from "@/domain";
import { Prisma } from "@/generated/prisma/client";
import { AppointmentKind, AppointmentStatus, Civility, Modality, SeekerCategory } from "@/generated/prisma/enums";
import { updateCapsSchema } from "@/server/use-cases/agency-settings.schema";

// The domain names its codes without importing Prisma; the database enums must say exactly the same.
describe("domain codes and database enums", () => {
  it("agree on modalities, appointment kinds and statuses", () => {
    expect([...ALL_MODALITIES].sort()).toEqual(Object.values(Modality).sort());
    expect([...APPOINTMENT_KINDS].sort()).toEqual(Object.values(AppointmentKind).sort());
    expect([...APPOINTMENT_STATUSES].sort()).toEqual(Object.values(AppointmentStatus).sort());
  });

  it("agree on registration categories and civilities (imports, docs/rules.md#registrations)", () => {
    expect([...REGISTRATION_CATEGORIES].sort()).toEqual(Object.values(SeekerCategory).sort());
    expect([parseCivility("Monsieur"), parseCivility("Madame")].sort()).toEqual(Object.values(Civility).sort());
  });
});

describe("the caps: domain bounds, settings schema and Agency columns", () => {
  it("names Agency columns", () => {
    for (const field of Object.values(CAP_FIELDS)) expect(Object.values(Prisma.AgencyScalarFieldEnum)).toContain(field);
  });

  it("lets the settings schema accept a cap exactly when it is an integer within the domain's bounds", () => {
    const valid = { agencyId: "00000000-0000-4000-8000-000000000001", capSuivi: 350, capGuide: 150, capRenforce: 70, capGlobal: 100 };
    fc.assert(
      fc.property(fc.constantFrom(...ALL_MODALITIES), fc.oneof(fc.integer({ min: -5, max: 1100 }), fc.double({ min: -5, max: 1100 })), (modality, cap) => {
        const { min, max } = CAP_BOUNDS[modality];
        const accepted = updateCapsSchema.safeParse({ ...valid, [CAP_FIELDS[modality]]: cap }).success;
        expect(accepted).toBe(Number.isInteger(cap) && cap >= min && cap <= max);
      }),
      { numRuns: 1000 },
    );
  });
});
