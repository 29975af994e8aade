/**
 * Unsafe defaults: a real PostgreSQL database never receives the demo accounts (published password) unless asked.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/server/auth/password";
import { createAdministrator } from "@/server/use-cases/administrators";
import { prepareDatabase } from "../../scripts/lib/serve";
import { createTestDatabase, tableCounts, testServerUrl, type TestDatabase } from "../support/database";
import { runNpmScript, runScript } from "../support/processes";

describe.skipIf(!testServerUrl)("start-up on an empty PostgreSQL database", () => {
  let db: TestDatabase;
  afterAll(async () => {
    await db?.dispose();
  });

  it("migrates but loads no demo data, and says how to create the first administrator", async () => {
    db = await createTestDatabase();
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = db.url!;
    const said: string[] = [];
    try {
      const prepared = await prepareDatabase({ log: (line) => said.push(line) });
      expect(prepared.db).toBeNull();
    } finally {
      if (previous === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previous;
    }
    expect(await db.prisma.agency.count()).toBe(0);
    expect(await db.prisma.user.count()).toBe(0);
    expect(said.join("\n")).toMatch(/npm run create-admin/);
  });

  it("refuses `npm run seed` on a PostgreSQL server without --demo, writing nothing", async () => {
    const seed = runScript("scripts/seed.ts", [], { DATABASE_URL: db.url! });
    expect(await seed.exited(120_000)).toBe(1);
    expect(seed.lines.join("\n")).toMatch(/ne sont chargées que sur demande explicite : npm run seed -- --demo/);
    expect(await db.prisma.user.count()).toBe(0);
  });
});

describe("the first administrator (npm run create-admin)", () => {
  let db: TestDatabase;
  afterAll(async () => {
    await db?.dispose();
  });

  it("creates an administrator with a one-time password to change at first sign-in, and refuses a taken address", async () => {
    db = await createTestDatabase();
    const created = await createAdministrator({ email: " Admin@Agence.fr ", firstName: "Nadia", lastName: "Roux" }, { db: db.prisma });
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email: "admin@agence.fr" } });
    expect(user).toMatchObject({ role: "ADMIN", agencyId: null, mustChangePassword: true, active: true });
    expect(await verifyPassword(user.passwordHash, created.temporaryPassword)).toBe(true);
    expect(await db.prisma.auditEvent.count({ where: { action: "account.admin.created", subjectId: user.id } })).toBe(1);

    const before = await tableCounts(db.prisma, ["User", "AuditEvent"]);
    await expect(createAdministrator({ email: "admin@agence.fr", firstName: "Autre", lastName: "Personne" }, { db: db.prisma })).rejects.toThrow(
      "Un compte existe déjà avec l'adresse admin@agence.fr : rien n'a été créé.",
    );
    await expect(createAdministrator({ email: "pas-une-adresse", firstName: "", lastName: "X" }, { db: db.prisma })).rejects.toThrow(
      /Adresse e-mail invalide\. Le prénom est obligatoire\./,
    );
    expect(await tableCounts(db.prisma, ["User", "AuditEvent"])).toEqual(before);
  });

  it("runs as `npm run create-admin` and prints the one-time password once", async () => {
    const env = db.url
      ? { DATABASE_URL: db.url }
      : { PGLITE_DATA_DIR: path.join(mkdtempSync(path.join(tmpdir(), "modalis-admin-")), "pglite"), DATABASE_URL: "" };
    const command = runNpmScript("create-admin", ["--email", "premier@agence.fr", "--prenom", "Léa", "--nom", "Martin"], env);
    expect(await command.exited(120_000)).toBe(0);
    const output = command.lines.join("\n");
    expect(output).toMatch(/Compte administrateur créé : premier@agence\.fr/);
    expect(output).toMatch(/Mot de passe à usage unique \(affiché une seule fois\) : (\w{4}-){4}\w{4}/);
  });
});
