/**
 * A registration import whose worker process is killed with kill -9 inside its transaction (every row written, not
 * committed): the database is as before — no seeker, no life event, the import still « en cours » — and the job's
 * retry then imports the file once. On the served embedded database (the killed client's transaction is rolled back by
 * its owner) or on PostgreSQL with TEST_DATABASE_URL.
 */
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmRegistrationImport, runRegistrationImport, runRegistrationPreview, storeRegistrationFile } from "@/server/imports/pipeline";
import { requeueStrandedImports } from "@/server/jobs/registration-imports";
import { IMPORT_QUEUE, PREVIEW_QUEUE } from "@/server/use-cases/registration-imports";
import { createServedTestDatabase, tableChecksums, testServerUrl, type ServedTestDatabase } from "../support/database";
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
      // On PostgreSQL, a worker starting now leaves the running import alone: its transaction holds the import's row.
      // (The served embedded database has one session for all its clients: a lock is nobody else's to skip; and there
      // the worker runs in the app's one process, so it never starts beside a running import.)
      if (testServerUrl) expect(await requeueStrandedImports(db, async () => undefined, { now: NOW })).toEqual([]);
    } finally {
      child.kill("SIGKILL");
      await exited;
    }

    // Nothing of the killed transaction remains.
    const after = await tableChecksums(db);
    for (const table of ["Seeker", "SeekerLifeEvent", "AuditEvent", "RegistrationImport"]) expect(after[table], table).toEqual(before[table]);
    expect(await db.registrationImport.findUniqueOrThrow({ where: { id: stored.importId } })).toMatchObject({ status: "IMPORTING" });

    // A worker starting now finds the import without a job (its process gone) and queues it again.
    const sent: unknown[] = [];
    const requeued = await requeueStrandedImports(db, async (queue, data) => void sent.push({ queue, data }), { now: NOW });
    expect(requeued).toEqual([{ importId: stored.importId, queue: IMPORT_QUEUE }]);
    expect(sent).toEqual([{ queue: IMPORT_QUEUE, data: { importId: stored.importId } }]);

    // The job's retry.
    expect(await runRegistrationImport(db, stored.importId, { now: NOW })).toMatchObject({ status: "IMPORTED", counts: { NEW: 500 } });
    expect(await db.seeker.count({ where: { agencyId: agency.id } })).toBe(500);
    expect(await db.seekerLifeEvent.count({ where: { importId: stored.importId, kind: "REGISTRATION" } })).toBe(500);
    // Done: nothing left to queue again, and a second run imports nothing more.
    expect(await requeueStrandedImports(db, async () => undefined, { now: NOW })).toEqual([]);
    expect(await runRegistrationImport(db, stored.importId, { now: NOW })).toBeNull();
    expect(await db.seeker.count({ where: { agencyId: agency.id } })).toBe(500);
  }, 240_000);

  it("a preview stopped mid-way is queued again once quiet, and then starts over from the first row", async () => {
    const db = served.db.prisma;
    const agency = await makeAgency(db, { code: "HAVRE-PREVIEW-KILL", name: "Le Havre" });
    await db.agencyCommune.create({ data: { inseeCode: "76351", postalCode: "76600", name: "Le Havre", agencyId: agency.id } });
    const lines = Array.from({ length: 300 }, (_, i) => line({ id: `${String(6000000 + i)}K`, postalCode: "76600" }));
    const stored = await storeRegistrationFile(db, {
      importer: { userId: null, role: "ADMIN", agencyId: null },
      agencyId: agency.id,
      fileName: "inscriptions.csv",
      source: bytesOf(file(lines), 4096),
      today: "2026-03-02",
    });
    await expect(runRegistrationPreview(db, stored.importId, { reader: testReader, now: NOW, crashAfterRows: 1 })).rejects.toThrow();
    const now = new Date();
    // Just stopped: it may be a command-line run still working; left alone until quiet.
    expect((await requeueStrandedImports(db, async () => undefined, { now })).map((r) => r.importId)).not.toContain(stored.importId);
    const later = new Date(now.getTime() + 3 * 60_000);
    const requeued = await requeueStrandedImports(db, async () => undefined, { now: later });
    expect(requeued).toContainEqual({ importId: stored.importId, queue: PREVIEW_QUEUE });
    expect(await runRegistrationPreview(db, stored.importId, { reader: testReader, now: NOW })).toMatchObject({ NEW: 300 });
    expect(await db.registrationImportRow.count({ where: { importId: stored.importId } })).toBe(300);
    expect(await requeueStrandedImports(db, async () => undefined, { now: later })).not.toContainEqual(expect.objectContaining({ importId: stored.importId }));
  }, 240_000);
});
