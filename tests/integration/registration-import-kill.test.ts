/**
 * A registration import whose worker process is killed with kill -9 inside its transaction (every row written, not
 * committed): the database is as before — no seeker, no life event, the import still « en cours » — and the job's
 * retry then imports the file once. On the served embedded database (the killed client's transaction is rolled back by
 * its owner) or on PostgreSQL with TEST_DATABASE_URL.
 */
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmRegistrationImport, runRegistrationImport, runRegistrationPreview, storeRegistrationFile } from "@/server/imports/pipeline";
import { createServedTestDatabase, tableChecksums, type ServedTestDatabase } from "../support/database";
import { makeAgency } from "../support/factories";
import { bytesOf, file, line, testReader } from "../support/registration-reader";

const NOW = new Date("2026-03-02T08:00:00.000Z");

describe("registration import killed mid-way", () => {
  let served: ServedTestDatabase;
  beforeAll(async () => {
    served = await createServedTestDatabase();
  }, 120_000);
  afterAll(async () => {
    await served?.dispose();
  });

  it("kill -9 inside the import's transaction leaves the database as before; the retry imports once", async () => {
    const db = served.db.prisma;
    const agency = await makeAgency(db, { code: "ROUEN-KILL", name: "Rouen" });
    await db.agencyCommune.create({ data: { inseeCode: "76540", postalCode: "76000", name: "Rouen", agencyId: agency.id } });
    const lines = Array.from({ length: 500 }, (_, i) => line({ id: `${String(5000000 + i)}K` }));
    const stored = await storeRegistrationFile(db, {
      importer: { userId: null, role: "ADMIN", agencyId: null },
      agencyId: agency.id,
      fileName: "inscriptions.csv",
      source: bytesOf(file(lines), 4096),
      today: "2026-03-02",
    });
    await runRegistrationPreview(db, stored.importId, { reader: testReader, now: NOW });
    await confirmRegistrationImport(db, { importId: stored.importId, sha256: stored.sha256, now: NOW });
    const before = await tableChecksums(db);

    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "tests/support/registration-import-child.ts"], {
      env: { ...process.env, IMPORT_CHILD_DATABASE: JSON.stringify(served.options), IMPORT_CHILD_ID: stored.importId },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("le processus d'import n'a pas atteint sa transaction")), 90_000);
        child.stdout!.on("data", (chunk: Buffer) => {
          if (chunk.toString().includes("dans la transaction")) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
    } finally {
      child.kill("SIGKILL");
      await exited;
    }

    // Nothing of the killed transaction remains.
    const after = await tableChecksums(db);
    for (const table of ["Seeker", "SeekerLifeEvent", "AuditEvent", "RegistrationImport"]) expect(after[table], table).toEqual(before[table]);
    expect(await db.registrationImport.findUniqueOrThrow({ where: { id: stored.importId } })).toMatchObject({ status: "IMPORTING" });

    // The job's retry.
    expect(await runRegistrationImport(db, stored.importId, { now: NOW })).toMatchObject({ status: "IMPORTED", counts: { NEW: 500 } });
    expect(await db.seeker.count({ where: { agencyId: agency.id } })).toBe(500);
    expect(await db.seekerLifeEvent.count({ where: { importId: stored.importId, kind: "REGISTRATION" } })).toBe(500);
  }, 240_000);
});
