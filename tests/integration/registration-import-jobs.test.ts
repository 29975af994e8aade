/**
 * Registration imports through the job queue (pg-boss on the served embedded database, or PostgreSQL with
 * TEST_DATABASE_URL), as `npm start` / `npm run worker` run them: the upload queues the preview, the confirmation
 * queues the import, the import's transaction queues the booking of the first interviews of the agency.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobQueue, stopJobQueue, type JobQueue } from "@/server/jobs/queue";
import { startRegistrationImportWorkers } from "@/server/jobs/registration-imports";
import { confirmRegistrationImportAs, startRegistrationImport } from "@/server/use-cases/registration-imports";
import { createServedTestDatabase, type ServedTestDatabase } from "../support/database";
import { makeAgency, makePortfolio, makeUser } from "../support/factories";
import { bytesOf } from "../support/registration-reader";

const NOW = new Date("2026-03-02T08:00:00.000Z");
const HEADER = "Identifiant;Civilité;Nom;Prénom;Date de naissance;Courriel;Téléphone portable;Adresse;Code postal;Commune;Date d'inscription;Catégorie";

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`Délai dépassé : ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("registration imports as jobs", () => {
  let served: ServedTestDatabase;
  let queue: JobQueue;
  beforeAll(async () => {
    served = await createServedTestDatabase();
    queue = await startJobQueue(served.options);
    await startRegistrationImportWorkers(queue, { prisma: served.db.prisma, log: () => undefined });
  }, 120_000);
  afterAll(async () => {
    if (queue) await stopJobQueue(queue, 5_000);
    await served?.dispose();
  });

  it("previews, imports and books the new registrant's first interview, each as a job", async () => {
    const db = served.db.prisma;
    const agency = await makeAgency(db, { code: "ROUEN-JOBS", name: "Rouen" });
    await db.agencyCommune.create({ data: { inseeCode: "76540", postalCode: "76100", name: "Rouen", agencyId: agency.id } });
    const manager = await makeUser(db, agency.id, "MANAGER", "Maud", "Chef");
    const advisor = await makeUser(db, agency.id, "ADVISOR", "Alice", "Bernard");
    await makePortfolio(db, agency.id, advisor.id, "GUIDE");
    const text = `${HEADER}\n1234567A;MME;Martin;Léa;01/05/1990;lea@example.fr;06 12 34 56 78;3 rue X;76100;Rouen;20/02/2026;A\n`;

    const started = await startRegistrationImport(manager, { fileName: "inscriptions.csv" }, bytesOf(text, 16), { db, now: NOW });
    expect(started.queued).toBe(true);
    const previewed = await until(
      () => db.registrationImport.findUniqueOrThrow({ where: { id: started.importId } }),
      (r) => r.status !== "PREVIEWING",
    );
    expect(previewed).toMatchObject({ status: "PREVIEWED", newCount: 1, rowsTotal: 1 });

    const confirmed = await confirmRegistrationImportAs(manager, { importId: started.importId, sha256: started.sha256 }, { db, now: NOW });
    expect(confirmed.queued).toBe(true);
    await until(
      () => db.registrationImport.findUniqueOrThrow({ where: { id: started.importId } }),
      (r) => r.status !== "IMPORTING",
    );
    const seeker = await db.seeker.findUniqueOrThrow({ where: { franceTravailId: "1234567A" } });
    expect(seeker).toMatchObject({ agencyId: agency.id, status: "AWAITING_DIAGNOSTIC" });
    // The booking job sent by the import's transaction books the first interview.
    const initial = await until(
      () => db.appointment.findFirst({ where: { seekerId: seeker.id, kind: "INITIAL" } }),
      (a) => a !== null,
    );
    expect(initial).toMatchObject({ status: "SCHEDULED", advisorId: advisor.id });
  }, 180_000);
});
