import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import {
  CHANGED_FILE_MESSAGE,
  confirmRegistrationImport,
  runRegistrationImport,
  runRegistrationPreview,
  SimulatedCrash,
  storeRegistrationFile,
  type Importer,
  type TransferSeeker,
} from "@/server/imports/pipeline";
import { DomainError } from "@/server/errors";
import { tableChecksums, type TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { makeAgency, makeSeeker, makeUser } from "../support/factories";
import { bytesOf, file, line, testReader } from "../support/registration-reader";

const NOW = new Date("2026-03-02T08:00:00.000Z");
const TODAY = "2026-03-02";

async function world(db: PrismaClient) {
  const rouen = await makeAgency(db, { code: "ROUEN", name: "Rouen" });
  const elbeuf = await makeAgency(db, { code: "ELBEUF", name: "Elbeuf" });
  await db.agencyCommune.createMany({
    data: [
      { inseeCode: "76540", postalCode: "76000", name: "Rouen", agencyId: rouen.id },
      { inseeCode: "76231", postalCode: "76500", name: "Elbeuf", agencyId: elbeuf.id },
    ],
  });
  const manager = await makeUser(db, rouen.id, "MANAGER", "Maud", "Chef");
  const admin = await makeUser(db, null, "ADMIN", "Ada", "Min");
  const base = { commune: "Rouen", postalCode: "76000", lastName: "Martin", firstName: "Léa", birthDate: "1990-05-01", registrationDate: "2026-02-20" };
  const same = await makeSeeker(db, rouen.id, { ...base, franceTravailId: "1000001A" });
  const changed = await makeSeeker(db, rouen.id, { ...base, franceTravailId: "1000002B", email: "old@example.fr" });
  const closed = await makeSeeker(db, rouen.id, { ...base, franceTravailId: "1000003C", status: "CLOSED", exitReason: "REPRISE_EMPLOI", closedAt: NOW });
  const moving = await makeSeeker(db, rouen.id, { ...base, franceTravailId: "1000004D" });
  const theirs = await makeSeeker(db, elbeuf.id, { ...base, commune: "Elbeuf", postalCode: "76500", franceTravailId: "1000005E" });
  return { rouen, elbeuf, manager, admin, same, changed, closed, moving, theirs };
}

const managerOf = (actor: { id: string; role: Importer["role"]; agencyId: string | null }): Importer => ({
  userId: actor.id,
  role: actor.role,
  agencyId: actor.agencyId,
});

/** The file of the outcome tests: one row per class. */
function mixedFile(): string {
  return file([
    line({ id: "2000001A", lastName: "Nouveau", postalCode: "76000" }), // 2: new in Rouen
    line({ id: "1000001A" }), // 3: unchanged
    line({ id: "1000002B", email: "new@example.fr" }), // 4: updated (e-mail)
    line({ id: "1000003C" }), // 5: closed file found again: reopened
    line({ id: "1000004D", postalCode: "76500", address: "3 rue du Port" }), // 6: moved to Elbeuf's territory: transfer
    line({ id: "1000005E", postalCode: "76500" }), // 7: Elbeuf's file, unchanged for Elbeuf (refused for Rouen's manager)
    line({ id: "2000002B", postalCode: "76500" }), // 8: new in Elbeuf (refused for Rouen's manager)
    line({ id: "12345" }), // 9: bad identifier
    line({ id: "2000001A", lastName: "Doublon" }), // 10: duplicate
    line({ id: "2000003C", postalCode: "99999" }), // 11: unknown postcode
  ]);
}

async function preview(db: PrismaClient, importer: Importer, agencyId: string | null, text: string) {
  const stored = await storeRegistrationFile(db, { importer, agencyId, fileName: "inscriptions.csv", source: bytesOf(text), today: TODAY });
  await runRegistrationPreview(db, stored.importId, { reader: testReader, now: NOW });
  const rows = await db.registrationImportRow.findMany({ where: { importId: stored.importId }, orderBy: { rowNumber: "asc" } });
  return { ...stored, rows, outcomes: Object.fromEntries(rows.map((r) => [r.rowNumber, [r.outcome, r.reason]])) };
}

/** Records transfers as the lifecycle's use case would be called (its own tests cover what it does). */
function recordingTransfer(calls: Parameters<TransferSeeker>[1][]): TransferSeeker {
  return async (_tx, input) => {
    calls.push(input);
  };
}

describe("registration imports — preview (dry run)", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));

  it("classifies each row for a manager: new, updated, unchanged, reopened, transfer, refused with the French reason; writes no seeker", async () => {
    const w = await world(db.prisma);
    const before = await db.prisma.seeker.findMany({ orderBy: { id: "asc" } });
    const p = await preview(db.prisma, managerOf(w.manager), w.rouen.id, mixedFile());
    expect(p.outcomes).toEqual({
      2: ["NEW", null],
      3: ["UNCHANGED", null],
      4: ["UPDATED", "e-mail"],
      5: ["UPDATED", "dossier rouvert"],
      6: ["TRANSFER", "adresse, code postal, commune"],
      7: ["REFUSED", "dossier suivi par une autre agence"],
      8: ["REFUSED", "hors du territoire de l'agence"],
      9: ["REFUSED", "identifiant France Travail invalide (7 chiffres et une lettre)"],
      10: ["REFUSED", "ligne en double (identifiant déjà présent plus haut dans le fichier)"],
      11: ["REFUSED", "code postal 99999 inconnu"],
    });
    const record = await db.prisma.registrationImport.findUniqueOrThrow({ where: { id: p.importId } });
    expect(record).toMatchObject({
      status: "PREVIEWED",
      rowsRead: 10,
      rowsTotal: 10,
      newCount: 1,
      updatedCount: 2,
      unchangedCount: 1,
      transferCount: 1,
      refusedCount: 5,
    });
    expect(record.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The file is gone once previewed; no seeker changed.
    expect(await db.prisma.registrationImportChunk.count()).toBe(0);
    expect(await db.prisma.seeker.findMany({ orderBy: { id: "asc" } })).toEqual(before);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "registrations.previewed" } });
    expect(audit).toMatchObject({ actorId: w.manager.id, agencyId: w.rouen.id, metadata: { rows: 10, new: 1, refused: 5 } });
  });

  it("lets the administrator's multi-agency file reach every agency", async () => {
    const w = await world(db.prisma);
    const p = await preview(db.prisma, managerOf(w.admin), null, mixedFile());
    expect(p.outcomes[7]).toEqual(["UNCHANGED", null]);
    expect(p.outcomes[8]).toEqual(["NEW", null]);
    expect(p.rows.find((r) => r.rowNumber === 8)?.agencyId).toBe(w.elbeuf.id);
  });

  it("starts over after a crash mid-way (the same rows, once each)", async () => {
    const w = await world(db.prisma);
    const lines = Array.from({ length: 4500 }, (_, i) => line({ id: `${String(3000000 + i)}Z` }));
    const stored = await storeRegistrationFile(db.prisma, {
      importer: managerOf(w.manager),
      agencyId: w.rouen.id,
      fileName: "gros.csv",
      source: bytesOf(file(lines), 65536),
      today: TODAY,
    });
    await expect(runRegistrationPreview(db.prisma, stored.importId, { reader: testReader, now: NOW, crashAfterRows: 2000 })).rejects.toThrow(SimulatedCrash);
    expect(await db.prisma.registrationImport.findUniqueOrThrow({ where: { id: stored.importId } })).toMatchObject({ status: "PREVIEWING", rowsRead: 2000 });
    await runRegistrationPreview(db.prisma, stored.importId, { reader: testReader, now: NOW });
    expect(await db.prisma.registrationImport.findUniqueOrThrow({ where: { id: stored.importId } })).toMatchObject({ status: "PREVIEWED", newCount: 4500 });
    expect(await db.prisma.registrationImportRow.count({ where: { importId: stored.importId } })).toBe(4500);
  });

  it("refuses a file past the size limit and an empty file, keeping nothing", async () => {
    const w = await world(db.prisma);
    const store = (text: string, maxBytes?: number) =>
      storeRegistrationFile(db.prisma, {
        importer: managerOf(w.manager),
        agencyId: w.rouen.id,
        fileName: "x.csv",
        source: bytesOf(text),
        today: TODAY,
        maxBytes,
      });
    await expect(store(mixedFile(), 100)).rejects.toThrow(/taille maximale/);
    await expect(store("")).rejects.toThrow(/vide/);
    expect(await db.prisma.registrationImport.count()).toBe(0);
    expect(await db.prisma.registrationImportChunk.count()).toBe(0);
  });
});

describe("registration imports — confirmation", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));

  it("imports exactly the preview in one go; the same file again changes nothing", async () => {
    const w = await world(db.prisma);
    const p = await preview(db.prisma, managerOf(w.manager), w.rouen.id, mixedFile());
    await confirmRegistrationImport(db.prisma, { importId: p.importId, sha256: p.sha256, now: NOW });
    const transfers: Parameters<TransferSeeker>[1][] = [];
    const result = await runRegistrationImport(db.prisma, p.importId, { now: NOW, transfer: recordingTransfer(transfers) });
    expect(result).toMatchObject({ status: "IMPORTED", counts: { NEW: 1, UPDATED: 2, UNCHANGED: 1, TRANSFER: 1, REFUSED: 5 } });

    const created = await db.prisma.seeker.findUniqueOrThrow({ where: { franceTravailId: "2000001A" } });
    expect(created).toMatchObject({ agencyId: w.rouen.id, lastName: "Nouveau", status: "AWAITING_DIAGNOSTIC", commune: "Rouen" });
    expect(await db.prisma.seekerLifeEvent.findMany({ where: { seekerId: created.id } })).toMatchObject([
      { kind: "REGISTRATION", importId: p.importId, agencyId: w.rouen.id, actorId: w.manager.id },
    ]);
    expect(await db.prisma.seeker.findUniqueOrThrow({ where: { id: w.changed.id } })).toMatchObject({ email: "new@example.fr" });
    expect(await db.prisma.seeker.findUniqueOrThrow({ where: { id: w.closed.id } })).toMatchObject({
      status: "AWAITING_DIAGNOSTIC",
      exitReason: null,
      closedAt: null,
      queuedOn: new Date(`${TODAY}T00:00:00.000Z`),
    });
    expect(await db.prisma.seekerLifeEvent.findMany({ where: { seekerId: w.closed.id } })).toMatchObject([{ kind: "REOPENING" }]);
    expect(transfers).toEqual([
      {
        seekerId: w.moving.id,
        toAgencyId: w.elbeuf.id,
        actor: { userId: w.manager.id, role: "MANAGER" },
        importId: p.importId,
        today: TODAY,
        address: { address: "3 rue du Port", postalCode: "76500", commune: "Elbeuf" },
      },
    ]);
    // Refused rows touched nothing.
    expect(await db.prisma.seeker.count({ where: { franceTravailId: { in: ["2000002B", "2000003C"] } } })).toBe(0);
    expect(await db.prisma.registrationImport.findUniqueOrThrow({ where: { id: p.importId } })).toMatchObject({ status: "IMPORTED" });
    expect(await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "registrations.imported" } })).toMatchObject({
      metadata: { new: 1, updated: 2, unchanged: 1, transfers: 1, refused: 5 },
    });
    expect(result?.status === "IMPORTED" && result.agencies.sort()).toEqual([w.rouen.id, w.elbeuf.id].sort());

    // The same file again (without the transfer row, which the lifecycle would have moved): nothing changes.
    const again = file(
      mixedFile()
        .split("\n")
        .filter((l) => !l.startsWith("1000004D")),
    );
    const before = await tableChecksums(db.prisma);
    const second = await preview(db.prisma, managerOf(w.manager), w.rouen.id, again);
    expect(second.rows.filter((r) => r.outcome !== "REFUSED").map((r) => r.outcome)).toEqual(["UNCHANGED", "UNCHANGED", "UNCHANGED", "UNCHANGED"]);
    await confirmRegistrationImport(db.prisma, { importId: second.importId, sha256: second.sha256, now: NOW });
    await runRegistrationImport(db.prisma, second.importId, { now: NOW });
    const after = await tableChecksums(db.prisma);
    for (const table of ["Seeker", "SeekerLifeEvent", "Appointment", "OutboxMessage"]) expect(after[table]).toEqual(before[table]);
  });

  it("transfers a moved seeker through the lifecycle's transfer, in the import's transaction", async () => {
    const w = await world(db.prisma);
    const p = await preview(db.prisma, managerOf(w.manager), w.rouen.id, file([line({ id: "1000004D", postalCode: "76500", address: "3 rue du Port" })]));
    expect(p.outcomes).toEqual({ 2: ["TRANSFER", "adresse, code postal, commune"] });
    await confirmRegistrationImport(db.prisma, { importId: p.importId, sha256: p.sha256, now: NOW });
    expect(await runRegistrationImport(db.prisma, p.importId, { now: NOW })).toMatchObject({ status: "IMPORTED", agencies: [w.elbeuf.id] });
    expect(await db.prisma.seeker.findUniqueOrThrow({ where: { id: w.moving.id } })).toMatchObject({
      agencyId: w.elbeuf.id,
      status: "AWAITING_DIAGNOSTIC",
      address: "3 rue du Port",
      postalCode: "76500",
      commune: "Elbeuf",
    });
    const events = await db.prisma.seekerLifeEvent.findMany({ where: { seekerId: w.moving.id }, orderBy: { kind: "asc" } });
    expect(events.map((e) => [e.kind, e.agencyId, e.importId])).toEqual([
      ["TRANSFER_IN", w.elbeuf.id, p.importId],
      ["TRANSFER_OUT", w.rouen.id, p.importId],
    ]);
  });

  it("refuses a stale preview (a concerned seeker changed since) and imports nothing", async () => {
    const w = await world(db.prisma);
    const p = await preview(db.prisma, managerOf(w.manager), w.rouen.id, mixedFile());
    await db.prisma.seeker.update({ where: { id: w.changed.id }, data: { phone: "+33612345678" } });
    const before = await tableChecksums(db.prisma);
    await confirmRegistrationImport(db.prisma, { importId: p.importId, sha256: p.sha256, now: NOW });
    const result = await runRegistrationImport(db.prisma, p.importId, { now: NOW });
    expect(result).toMatchObject({ status: "STALE" });
    const after = await tableChecksums(db.prisma);
    for (const table of ["Seeker", "SeekerLifeEvent", "AuditEvent"]) expect(after[table]).toEqual(before[table]);
    expect(await db.prisma.registrationImport.findUniqueOrThrow({ where: { id: p.importId } })).toMatchObject({ status: "STALE" });
  });

  it("refuses a new registrant created elsewhere since the preview, and a preview too old", async () => {
    const w = await world(db.prisma);
    const p = await preview(db.prisma, managerOf(w.manager), w.rouen.id, mixedFile());
    await makeSeeker(db.prisma, w.rouen.id, { franceTravailId: "2000001A" });
    await confirmRegistrationImport(db.prisma, { importId: p.importId, sha256: p.sha256, now: NOW });
    expect(await runRegistrationImport(db.prisma, p.importId, { now: NOW })).toMatchObject({ status: "STALE" });

    const old = await preview(db.prisma, managerOf(w.manager), w.rouen.id, file([line({ id: "4000001A" })]));
    const late = new Date(NOW.getTime() + 7 * 3600 * 1000);
    await expect(confirmRegistrationImport(db.prisma, { importId: old.importId, sha256: old.sha256, now: late })).rejects.toThrow(/plus de 6 heures/);
    expect(await db.prisma.registrationImport.findUniqueOrThrow({ where: { id: old.importId } })).toMatchObject({ status: "STALE" });
  });

  it("refuses a confirmation carrying another file's hash, and a second confirmation", async () => {
    const w = await world(db.prisma);
    const p = await preview(db.prisma, managerOf(w.manager), w.rouen.id, mixedFile());
    const error = await confirmRegistrationImport(db.prisma, { importId: p.importId, sha256: "a".repeat(64), now: NOW }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toBe(CHANGED_FILE_MESSAGE);
    expect(await db.prisma.registrationImport.findUniqueOrThrow({ where: { id: p.importId } })).toMatchObject({ status: "PREVIEWED" });
    await confirmRegistrationImport(db.prisma, { importId: p.importId, sha256: p.sha256, now: NOW });
    await expect(confirmRegistrationImport(db.prisma, { importId: p.importId, sha256: p.sha256, now: NOW })).rejects.toThrow(/déjà en cours/);
  });

  it("leaves the database as before when the import fails in the middle (a constraint injected), and says so", async () => {
    const w = await world(db.prisma);
    const p = await preview(db.prisma, managerOf(w.admin), null, mixedFile());
    // The REOPENING event comes after the new seekers and the updates: refused by a trigger, everything rolls back.
    await db.prisma.$executeRawUnsafe(`CREATE FUNCTION refuse_reopening() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW."kind" = 'REOPENING' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`);
    await db.prisma.$executeRawUnsafe(`CREATE TRIGGER refuse_reopening BEFORE INSERT ON "SeekerLifeEvent" FOR EACH ROW EXECUTE FUNCTION refuse_reopening()`);
    const before = await tableChecksums(db.prisma);
    await confirmRegistrationImport(db.prisma, { importId: p.importId, sha256: p.sha256, now: NOW });
    const result = await runRegistrationImport(db.prisma, p.importId, { now: NOW, transfer: recordingTransfer([]) });
    expect(result).toMatchObject({ status: "FAILED" });
    expect(result?.status === "FAILED" && result.message).toMatch(/^L'import a échoué, rien n'a été importé/);
    const after = await tableChecksums(db.prisma);
    for (const table of ["Seeker", "SeekerLifeEvent", "Appointment", "OutboxMessage"]) expect(after[table]).toEqual(before[table]);
    expect(await db.prisma.registrationImport.findUniqueOrThrow({ where: { id: p.importId } })).toMatchObject({ status: "FAILED" });
    expect(await db.prisma.auditEvent.count({ where: { action: "registrations.failed" } })).toBe(1);
    expect(await db.prisma.auditEvent.count({ where: { action: "registrations.imported" } })).toBe(0);
  });

  it("rolls back when the last step fails too (after every write, before the commit), and a re-run after a crash imports once", async () => {
    const w = await world(db.prisma);
    const p = await preview(db.prisma, managerOf(w.admin), null, mixedFile());
    const before = await tableChecksums(db.prisma);
    await confirmRegistrationImport(db.prisma, { importId: p.importId, sha256: p.sha256, now: NOW });
    // A crash (the process stopped) inside the transaction: the transaction never commits; the import stays IMPORTING.
    await expect(
      runRegistrationImport(db.prisma, p.importId, {
        now: NOW,
        transfer: recordingTransfer([]),
        beforeCommit: async () => {
          throw new SimulatedCrash();
        },
      }),
    ).rejects.toThrow(SimulatedCrash);
    const after = await tableChecksums(db.prisma);
    for (const table of ["Seeker", "SeekerLifeEvent", "AuditEvent"]) expect(after[table]).toEqual(before[table]);
    expect(await db.prisma.registrationImport.findUniqueOrThrow({ where: { id: p.importId } })).toMatchObject({ status: "IMPORTING" });
    // The job's retry: imported once.
    expect(await runRegistrationImport(db.prisma, p.importId, { now: NOW, transfer: recordingTransfer([]) })).toMatchObject({ status: "IMPORTED" });
    expect(await runRegistrationImport(db.prisma, p.importId, { now: NOW, transfer: recordingTransfer([]) })).toBeNull();
    expect(await db.prisma.seekerLifeEvent.count({ where: { kind: "REGISTRATION" } })).toBe(2);
  });
});
