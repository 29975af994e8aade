/**
 * The database's column defaults of an agency cannot import src/domain: they must say what the domain says.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CAP_FIELDS, DEFAULT_CAPS, DEFAULT_HOURS, DEFAULT_MIN_NOTICE_DAYS, FIRST_INTERVIEW_DEADLINE_DAYS, FIRST_INTERVIEW_MINUTES, MODALITIES } from "@/domain";
import { createTestDatabase, type TestDatabase } from "../support/database";

describe("an agency created without settings", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.dispose();
  });

  it("gets the domain's default caps, hours, first-interview length and deadline", async () => {
    const agency = await db.prisma.agency.create({ data: { code: "DEF-1", name: "Défauts", departement: "05", address: "1 rue de la Paix, Gap" } });
    for (const modality of MODALITIES) expect(agency[CAP_FIELDS[modality]]).toBe(DEFAULT_CAPS[modality]);
    expect({ start: agency.appointmentStart, end: agency.appointmentEnd, slotMinutes: agency.slotMinutes }).toEqual(DEFAULT_HOURS);
    expect(agency.initialInterviewMinutes).toBe(FIRST_INTERVIEW_MINUTES);
    expect(agency.firstInterviewDeadlineDays).toBe(FIRST_INTERVIEW_DEADLINE_DAYS);
    expect(agency.minNoticeDays).toBe(DEFAULT_MIN_NOTICE_DAYS);
    expect(agency.globalPartnership).toBe(false);
  });
});
