import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, listMigrations } from "@/server/db/migrations";
import { createTestDatabase, type TestDatabase } from "../support/database";

describe("database schema", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.dispose();
  });

  it("records every committed migration once and re-applying is a no-op", async () => {
    const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string }[]>(`SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows.map((r) => r.migration_name)).toEqual(listMigrations().map((m) => m.name));
    expect(await applyMigrations(db)).toEqual([]);
  });

  async function agencyWithAdvisorAndSeeker() {
    const agency = await db.prisma.agency.create({
      data: { code: `T-${Math.random()}`, name: "Test", departement: "76", address: "1 rue du Test, Rouen" },
    });
    const advisor = await db.prisma.user.create({
      data: { email: `a${Math.random()}@test.fr`, firstName: "A", lastName: "B", role: "ADVISOR", passwordHash: "x", agencyId: agency.id },
    });
    const seeker = await db.prisma.seeker.create({
      data: {
        agencyId: agency.id,
        franceTravailId: `${Math.floor(Math.random() * 1e7)}X`,
        firstName: "C",
        lastName: "D",
        birthDate: new Date("1990-01-01"),
        commune: "Rouen",
        postalCode: "76000",
        registrationDate: new Date("2026-01-05"),
      },
    });
    return { agency, advisor, seeker };
  }

  it("refuses two overlapping live appointments of one advisor, but not once one is cancelled", async () => {
    const { agency, advisor, seeker } = await agencyWithAdvisorAndSeeker();
    const base = { agencyId: agency.id, advisorId: advisor.id, seekerId: seeker.id, kind: "FOLLOW_UP" as const };
    const first = await db.prisma.appointment.create({
      data: { ...base, startsAt: new Date("2026-03-02T12:30:00Z"), endsAt: new Date("2026-03-02T13:30:00Z") },
    });
    await expect(
      db.prisma.appointment.create({
        data: { ...base, startsAt: new Date("2026-03-02T13:00:00Z"), endsAt: new Date("2026-03-02T13:30:00Z") },
      }),
    ).rejects.toThrow();
    // Back to back is fine (half-open intervals).
    await db.prisma.appointment.create({
      data: { ...base, startsAt: new Date("2026-03-02T13:30:00Z"), endsAt: new Date("2026-03-02T14:00:00Z") },
    });
    await db.prisma.appointment.update({ where: { id: first.id }, data: { status: "CANCELLED" } });
    await db.prisma.appointment.create({
      data: { ...base, startsAt: new Date("2026-03-02T12:30:00Z"), endsAt: new Date("2026-03-02T13:00:00Z") },
    });
    expect(await db.prisma.appointment.count({ where: { advisorId: advisor.id } })).toBe(3);
  });

  it("refuses an appointment outside 2000–2100 inserted directly, whatever the application checks", async () => {
    const { agency, advisor, seeker } = await agencyWithAdvisorAndSeeker();
    const base = { agencyId: agency.id, advisorId: advisor.id, seekerId: seeker.id, kind: "FOLLOW_UP" as const };
    const at = (start: string, end: string) => ({ ...base, startsAt: new Date(start), endsAt: new Date(end) });
    await expect(db.prisma.appointment.create({ data: at("9999-12-31T12:30:00Z", "9999-12-31T13:00:00Z") })).rejects.toThrow(/Appointment_within_era|check/i);
    await expect(db.prisma.appointment.create({ data: at("2099-12-31T23:45:00Z", "2100-01-01T00:15:00Z") })).rejects.toThrow();
    await expect(db.prisma.appointment.create({ data: at("1999-12-31T23:00:00Z", "1999-12-31T23:30:00Z") })).rejects.toThrow();
    // A raw statement, as a script or a console would send it.
    await expect(
      db.prisma.$executeRawUnsafe(
        `INSERT INTO "Appointment" ("id", "agencyId", "seekerId", "advisorId", "kind", "startsAt", "endsAt")
         VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3::uuid, 'FOLLOW_UP', '9999-12-31 13:30+01', '9999-12-31 14:00+01')`,
        agency.id,
        seeker.id,
        advisor.id,
      ),
    ).rejects.toThrow();
    const edge = await db.prisma.appointment.create({ data: at("2099-12-31T23:30:00Z", "2100-01-01T00:00:00Z") });
    await expect(db.prisma.appointment.update({ where: { id: edge.id }, data: { startsAt: new Date("9999-12-31T12:30:00Z") } })).rejects.toThrow();
    expect(await db.prisma.appointment.count({ where: { advisorId: advisor.id } })).toBe(1);
  });

  it("keeps diagnostics and the audit journal append-only", async () => {
    const { agency, advisor, seeker } = await agencyWithAdvisorAndSeeker();
    const diagnostic = await db.prisma.diagnostic.create({
      data: {
        agencyId: agency.id,
        seekerId: seeker.id,
        authorId: advisor.id,
        rulesetVersion: "2014.1",
        answers: {},
        proposedModality: "GUIDE",
        proposedWebOnly: false,
        professionalScore: 5,
        workAxis: "TECHNIQUES_RECHERCHE",
        reasons: [],
        decidedModality: "GUIDE",
        webOnly: false,
      },
    });
    await expect(db.prisma.diagnostic.update({ where: { id: diagnostic.id }, data: { decidedModality: "SUIVI" } })).rejects.toThrow();
    await expect(db.prisma.diagnostic.delete({ where: { id: diagnostic.id } })).rejects.toThrow();
    const event = await db.prisma.auditEvent.create({ data: { action: "test", agencyId: agency.id } });
    await expect(db.prisma.auditEvent.delete({ where: { id: event.id } })).rejects.toThrow();
    expect(await db.prisma.diagnostic.count({ where: { id: diagnostic.id } })).toBe(1);
  });
});
