import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/server/auth/policy";
import { auditLog, AUDIT_PAGE_SIZE } from "@/server/queries/audit-log";
import { createTestDatabase, installAsAppDatabase, type TestDatabase } from "../support/database";
import { makeAgency, makeSeeker, makeUser } from "../support/factories";

describe("the manager's audit journal", () => {
  let db: TestDatabase;
  let agencyId: string;
  let manager: Actor;
  let otherManager: Actor;
  let admin: Actor;
  let advisorId: string;
  let seekerId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    installAsAppDatabase(db);
    const agency = await makeAgency(db.prisma, { code: "76-J", name: "Rouen Journal", departement: "76", address: "1 rue A" });
    const other = await makeAgency(db.prisma, { code: "27-J", name: "Évreux Journal", departement: "27", address: "1 rue B" });
    agencyId = agency.id;
    const user = (email: string, role: Actor["role"], agency: string | null) => makeUser(db.prisma, agency, role, "Prénom", email.split("@")[0]!, { email });
    manager = await user("manager@j.fr", "MANAGER", agency.id);
    otherManager = await user("other@j.fr", "MANAGER", other.id);
    admin = await user("admin@j.fr", "ADMIN", null);
    const advisor = await user("advisor@j.fr", "ADVISOR", agency.id);
    advisorId = advisor.id;
    const seeker = await makeSeeker(db.prisma, agencyId, {
      franceTravailId: "J0000001", firstName: "Léa", lastName: "Martin", birthDate: "1990-01-01", commune: "Rouen", postalCode: "76000", registrationDate: "2026-01-05",
    });
    seekerId = seeker.id;
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 9, minute));
    await db.prisma.auditEvent.createMany({
      data: [
        { agencyId, actorId: advisor.id, actorRole: "ADVISOR", action: "seeker.barriers_viewed", seekerId, subjectType: "Seeker", subjectId: seekerId, createdAt: at(1) },
        { agencyId, actorId: advisor.id, actorRole: "ADVISOR", action: "diagnostic.confirmed", seekerId, metadata: { decided: "GUIDE" }, createdAt: at(2) },
        { agencyId, actorId: manager.id, actorRole: "MANAGER", action: "agency.settings.changed", metadata: { fields: ["capGuide"] }, createdAt: at(3) },
        { agencyId: other.id, actorId: otherManager.id, actorRole: "MANAGER", action: "agency.settings.changed", createdAt: at(4) },
        ...Array.from({ length: AUDIT_PAGE_SIZE }, (_, i) => ({ agencyId, actorId: advisor.id, actorRole: "ADVISOR" as const, action: "auth.login.succeeded", createdAt: at(10 + (i % 40)) })),
      ],
    });
  });
  afterAll(async () => {
    await db.dispose();
  });

  it("lists the agency's events newest first, paginated, with actor and seeker names, and nothing of another agency", async () => {
    const log = await auditLog(manager, { agencyId, page: 1 });
    expect(log?.total).toBe(3 + AUDIT_PAGE_SIZE);
    expect(log?.pageCount).toBe(2);
    expect(log?.rows).toHaveLength(AUDIT_PAGE_SIZE);
    const times = log!.rows.map((r) => r.at.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const last = await auditLog(manager, { agencyId, page: 2 });
    expect(last?.rows.map((r) => r.action)).toEqual(["agency.settings.changed", "diagnostic.confirmed", "seeker.barriers_viewed"]);
    expect(last?.rows[2]).toMatchObject({ actor: { name: "Prénom advisor", role: "ADVISOR" }, seeker: { franceTravailId: "J0000001", name: "MARTIN Léa" } });
  });

  it("filters by staff member and by seeker identifier, and says when the identifier matches nobody", async () => {
    const bySeeker = await auditLog(manager, { agencyId, seeker: "j0000001", page: 1 });
    expect(bySeeker?.rows.map((r) => r.action)).toEqual(["diagnostic.confirmed", "seeker.barriers_viewed"]);
    const byActor = await auditLog(manager, { agencyId, advisorId: manager.id, page: 1 });
    expect(byActor?.rows.map((r) => r.action)).toEqual(["agency.settings.changed"]);
    const both = await auditLog(manager, { agencyId, advisorId, seeker: seekerId, page: 1 });
    expect(both?.total).toBe(2);
    const nobody = await auditLog(manager, { agencyId, seeker: "X9999999", page: 1 });
    expect(nobody).toMatchObject({ unknownSeeker: true, total: 0, rows: [] });
  });

  it("is refused for another agency's manager and open to an administrator", async () => {
    expect(await auditLog(otherManager, { agencyId, page: 1 })).toBeNull();
    expect((await auditLog(admin, { agencyId, page: 1 }))?.total).toBe(3 + AUDIT_PAGE_SIZE);
  });
});
