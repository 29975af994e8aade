import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountActionsAs } from "../support/acting";
import type { Actor } from "@/server/auth/policy";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { createTestDatabase, installAsAppDatabase, tableCounts, type TestDatabase } from "../support/database";
import { makeUser } from "../support/factories";

describe("changing one's own password", () => {
  let db: TestDatabase;
  let actor: Actor;
  const CURRENT = "ancien mot de passe";

  beforeAll(async () => {
    db = await createTestDatabase();
    installAsAppDatabase(db);
    actor = await makeUser(db.prisma, null, "ADVISOR", "Léa", "Martin", { email: "lea@exemple.fr", passwordHash: await hashPassword(CURRENT) });
  });
  afterAll(async () => {
    await db.dispose();
  });

  const change = (input: Record<string, unknown>) => accountActionsAs(async () => actor).changePassword(input);
  const state = () => db.prisma.user.findUniqueOrThrow({ where: { id: actor.id }, select: { passwordHash: true, sessionVersion: true } });

  it("refuses short, mismatched, unchanged, e-mail-like and wrongly-authenticated changes, changing nothing", async () => {
    const before = { user: await state(), counts: await tableCounts(db.prisma, ["AuditEvent", "User"]) };
    const refusals: [Record<string, unknown>, RegExp][] = [
      [{ currentPassword: CURRENT, newPassword: "court", confirmation: "court" }, /12 caractères au moins/],
      [{ currentPassword: CURRENT, newPassword: "x".repeat(257), confirmation: "x".repeat(257) }, /256 caractères au plus/],
      [{ currentPassword: CURRENT, newPassword: "une longue phrase", confirmation: "une autre phrase" }, /confirmation ne correspond pas/],
      [{ currentPassword: CURRENT, newPassword: CURRENT, confirmation: CURRENT }, /différent de l'actuel/],
      [{ currentPassword: CURRENT, newPassword: "LEA@exemple.fr", confirmation: "LEA@exemple.fr" }, /adresse e-mail/],
      [{ currentPassword: "pas le bon", newPassword: "une longue phrase", confirmation: "une longue phrase" }, /actuel est incorrect/],
      [{ currentPassword: CURRENT, newPassword: "une longue phrase", confirmation: "une longue phrase", role: "ADMIN" }, /inconnu/],
    ];
    for (const [input, message] of refusals) {
      const result = await change(input);
      expect(result.ok).toBe(false);
      expect(result.ok ? "" : [result.error, ...Object.values(result.fieldErrors ?? {}).flat()].join(" ")).toMatch(message);
    }
    expect({ user: await state(), counts: await tableCounts(db.prisma, ["AuditEvent", "User"]) }).toEqual(before);
  });

  it("accepts a long passphrase without composition rules, ends every session and audits the change", async () => {
    const before = await state();
    const passphrase = "le chat dort sur le radiateur depuis midi ".repeat(5).trim();
    expect(await change({ currentPassword: CURRENT, newPassword: passphrase, confirmation: passphrase })).toEqual({
      ok: true,
      data: { changed: true, calendarFeedRevoked: false },
    });
    const after = await state();
    expect(await verifyPassword(after.passwordHash, passphrase)).toBe(true);
    expect(await verifyPassword(after.passwordHash, CURRENT)).toBe(false);
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "user.password_changed", actorId: actor.id } });
    expect(JSON.stringify(audit)).not.toContain(passphrase);
  });

  it("revokes a seeker's private calendar link with the password, and clears a one-time password's obligation", async () => {
    const agency = await db.prisma.agency.create({ data: { code: "CP-1", name: "Agence", departement: "76", address: "1 rue" } });
    const user = await db.prisma.user.create({
      data: {
        email: "sam@exemple.fr",
        firstName: "Sam",
        lastName: "Durand",
        role: "SEEKER",
        agencyId: agency.id,
        passwordHash: await hashPassword(CURRENT),
        mustChangePassword: true,
      },
    });
    await db.prisma.seeker.create({
      data: {
        agencyId: agency.id,
        userId: user.id,
        franceTravailId: "CP0000001",
        firstName: "Sam",
        lastName: "Durand",
        birthDate: new Date("1990-01-01"),
        commune: "Rouen",
        postalCode: "76000",
        registrationDate: new Date("2026-01-05"),
        calendarFeedToken: "jeton-du-flux-prive-de-sam-0123456789abcdef",
      },
    });
    const seeker: Actor = {
      id: user.id,
      role: "SEEKER",
      agencyId: agency.id,
      email: user.email,
      firstName: "Sam",
      lastName: "Durand",
      mustChangePassword: true,
    };
    const result = await accountActionsAs(async () => seeker).changePassword({
      currentPassword: CURRENT,
      newPassword: "une phrase nouvelle",
      confirmation: "une phrase nouvelle",
    });
    expect(result).toEqual({ ok: true, data: { changed: true, calendarFeedRevoked: true } });
    expect(await db.prisma.seeker.findUniqueOrThrow({ where: { userId: user.id }, select: { calendarFeedToken: true } })).toEqual({ calendarFeedToken: null });
    expect(await db.prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { mustChangePassword: true } })).toEqual({ mustChangePassword: false });
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "user.password_changed", actorId: user.id } });
    expect(audit.metadata).toEqual({ calendarFeedRevoked: true });
  });
});
