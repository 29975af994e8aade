/**
 * Measure 8 — registration imports (issue 17): a generated national file of 150 000 registrants living in the
 * Haute-Normandie bulk agencies' communes (scripts/lib/registration-file.ts, CSV, one faulty row in 500), read from
 * disk, stored, previewed (every row parsed, checked, classified against the database) and imported in one
 * transaction (src/server/imports/pipeline.ts, the same functions as the page's jobs and `npm run import`). Each step
 * must take under 60 s. The floor: the seed's bulk writer way — `INSERT … SELECT FROM unnest(…)` in batches of
 * 10 000, one transaction — of the same seekers and their REGISTRATION events into the same tables of a second fresh
 * database, in the same run; the import's rows per second must be at least 0.3 × the floor's. Peak RSS of the process
 * during the preview and the import, against the file's size (memory flat: the file is streamed, never loaded whole).
 * The first interviews booked after an import are not measured (no advisors in these databases).
 */
import { mkdtempSync, rmSync, statSync, createReadStream } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PrismaClient } from "@/generated/prisma/client";
import { type Database, openDatabase } from "@/server/db/connection";
import { applyMigrations } from "@/server/db/migrations";
import { confirmRegistrationImport, runRegistrationImport, runRegistrationPreview, storeRegistrationFile } from "@/server/imports/pipeline";
import { registrationReader } from "@/server/imports/reader";
import { agencyCommuneRows, BULK_AGENCY_PLACES } from "@/server/seed/places";
import { writeRegistrationCsv } from "../../scripts/lib/registration-file";
import { fr, log } from "../lib/log";
import { databaseUrl, type Target, withClient } from "../lib/target";

export type ImportsResult = {
  rows: number;
  fileBytes: number;
  agencies: number;
  previewMs: number;
  importMs: number;
  imported: number;
  refused: number;
  baselineMs: number;
  importPerSecond: number;
  baselinePerSecond: number;
  /** import rate / bulk insert rate. */
  ratio: number;
  rssBeforeBytes: number;
  peakRssBytes: number;
  /** The same steps on a file ten times smaller, before: its peak RSS (memory flat: about the same). */
  smallRows: number;
  smallFileBytes: number;
  smallPeakRssBytes: number;
  targetSeconds: number;
  targetRatio: number;
  pass: boolean;
};

const HAUTE_NORMANDIE = new Set(["76", "27"]);
const TODAY = "2026-03-02";

async function freshDatabase(target: Target, name: string): Promise<{ db: Database; dispose(): Promise<void> }> {
  if (target.engine === "postgres") {
    await withClient(target.serverUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${name}`);
    });
    const db = await openDatabase({ engine: "postgres", url: databaseUrl(target.serverUrl, name), poolMax: 4, statementTimeoutMs: 600_000 });
    await applyMigrations(db);
    return {
      db,
      async dispose() {
        await db.close();
        await withClient(target.serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      },
    };
  }
  const folder = mkdtempSync(path.join(tmpdir(), `${name}-`));
  const db = await openDatabase({ engine: "pglite", dataDir: path.join(folder, "pglite"), command: "npm run bench (imports)" });
  await applyMigrations(db);
  return {
    db,
    async dispose() {
      await db.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** The Haute-Normandie bulk agencies and their territories. */
async function agencies(prisma: PrismaClient) {
  const places = BULK_AGENCY_PLACES.filter((p) => HAUTE_NORMANDIE.has(p.departement));
  for (const [i, place] of places.entries()) {
    const agency = await prisma.agency.create({
      data: { code: `BENCH-${place.departement}-${i}`, name: place.name, departement: place.departement, address: place.address },
    });
    await prisma.agencyCommune.createMany({ data: agencyCommuneRows(agency.id, place.communes), skipDuplicates: true });
  }
  return places;
}

function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

type SeekerCopy = {
  agencyId: string;
  franceTravailId: string;
  civility: string | null;
  firstName: string;
  lastName: string;
  birthDate: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  commune: string;
  postalCode: string;
  registrationDate: string;
  category: string;
};

/** The floor: the same seekers and their REGISTRATION events written by `INSERT … SELECT FROM unnest`, one transaction. */
async function bulkInsert(prisma: PrismaClient, seekers: SeekerCopy[]): Promise<number> {
  const started = performance.now();
  await prisma.$transaction(
    async (tx) => {
      for (let i = 0; i < seekers.length; i += 10_000) {
        const batch = seekers.slice(i, i + 10_000);
        const col = <K extends keyof SeekerCopy>(key: K) => batch.map((s) => s[key]);
        await tx.$executeRawUnsafe(
          `WITH inserted AS (
             INSERT INTO "Seeker" ("agencyId", "franceTravailId", "civility", "firstName", "lastName", "birthDate", "email", "phone", "address",
                                   "commune", "postalCode", "registrationDate", "category", "status")
             SELECT t.*, 'AWAITING_DIAGNOSTIC' FROM unnest($1::uuid[], $2::text[], $3::text[]::"Civility"[], $4::text[], $5::text[], $6::date[], $7::text[],
                                  $8::text[], $9::text[], $10::text[], $11::text[], $12::date[], $13::text[]::"SeekerCategory"[]) AS t
             RETURNING "id", "agencyId", "registrationDate")
           INSERT INTO "SeekerLifeEvent" ("agencyId", "seekerId", "kind", "occurredOn") SELECT "agencyId", "id", 'REGISTRATION', "registrationDate" FROM inserted`,
          col("agencyId"),
          col("franceTravailId"),
          col("civility"),
          col("firstName"),
          col("lastName"),
          col("birthDate"),
          col("email"),
          col("phone"),
          col("address"),
          col("commune"),
          col("postalCode"),
          col("registrationDate"),
          col("category"),
        );
      }
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
  return performance.now() - started;
}

export async function measureImports(target: Target, rows = 150_000): Promise<ImportsResult> {
  const folder = mkdtempSync(path.join(tmpdir(), "modalis-bench-imports-"));
  const file = path.join(folder, "inscriptions-haute-normandie.csv");
  const main = await freshDatabase(target, "modalis_bench_imports");
  const floor = await freshDatabase(target, "modalis_bench_imports_floor");
  try {
    const places = await agencies(main.db.prisma);
    await agencies(floor.db.prisma);
    const now = new Date(`${TODAY}T10:00:00.000Z`);
    // A file ten times smaller first (other identifiers): its peak RSS, for comparison.
    const smallRows = Math.round(rows / 10);
    const small = path.join(folder, "petit.csv");
    await writeRegistrationCsv(small, { rows: smallRows, places, today: TODAY, seed: "bench-small", errorsEvery: 500, firstSerial: 100_000_000 });
    const smallFileBytes = statSync(small).size;
    const smallSampler = rssSampler();
    const smallStored = await storeRegistrationFile(main.db.prisma, {
      importer: { userId: null, role: "ADMIN", agencyId: null },
      agencyId: null,
      fileName: "petit.csv",
      source: createReadStream(small, { highWaterMark: 256 * 1024 }),
      today: TODAY,
      maxBytes: Number.MAX_SAFE_INTEGER,
    });
    await runRegistrationPreview(main.db.prisma, smallStored.importId, { reader: registrationReader, now });
    await confirmRegistrationImport(main.db.prisma, { importId: smallStored.importId, sha256: smallStored.sha256, now });
    await runRegistrationImport(main.db.prisma, smallStored.importId, { now });
    const smallPeakRssBytes = smallSampler.stop();
    log(`  petit fichier (${fr(smallRows)} lignes) : RSS de pointe ${fr(smallPeakRssBytes / 1024 / 1024)} Mo`);
    await main.db.prisma.$executeRawUnsafe(`ALTER TABLE "SeekerLifeEvent" DISABLE TRIGGER "SeekerLifeEvent_append_only"`);
    await main.db.prisma.$executeRawUnsafe(`DELETE FROM "SeekerLifeEvent"`);
    await main.db.prisma.$executeRawUnsafe(`ALTER TABLE "SeekerLifeEvent" ENABLE TRIGGER "SeekerLifeEvent_append_only"`);
    await main.db.prisma.$executeRawUnsafe(`DELETE FROM "Seeker"`);
    await main.db.prisma.$executeRawUnsafe(`VACUUM ANALYZE "Seeker"`).catch(() => undefined);

    await writeRegistrationCsv(file, { rows, places, today: TODAY, seed: "bench", errorsEvery: 500 });
    const fileBytes = statSync(file).size;
    log(`  fichier : ${fr(rows)} lignes, ${fr(fileBytes / 1024 / 1024, 1)} Mo, ${places.length} agences de Haute-Normandie`);
    const rssBeforeBytes = process.memoryUsage().rss;
    const sampler = rssSampler();

    const previewStarted = performance.now();
    const stored = await storeRegistrationFile(main.db.prisma, {
      importer: { userId: null, role: "ADMIN", agencyId: null },
      agencyId: null,
      fileName: path.basename(file),
      source: createReadStream(file, { highWaterMark: 256 * 1024 }),
      today: TODAY,
      maxBytes: Number.MAX_SAFE_INTEGER,
    });
    const counts = await runRegistrationPreview(main.db.prisma, stored.importId, { reader: registrationReader, now });
    const previewMs = performance.now() - previewStarted;
    if (!counts) throw new Error("L'aperçu de la mesure a échoué.");
    log(`  aperçu : ${fr(previewMs / 1000, 1)} s (${fr(counts.NEW)} nouveaux, ${fr(counts.REFUSED)} refusés)`);

    const importStarted = performance.now();
    await confirmRegistrationImport(main.db.prisma, { importId: stored.importId, sha256: stored.sha256, now });
    const result = await runRegistrationImport(main.db.prisma, stored.importId, { now });
    const importMs = performance.now() - importStarted;
    const peakRssBytes = sampler.stop();
    if (result?.status !== "IMPORTED") throw new Error(`L'import de la mesure a échoué : ${result && "message" in result ? result.message : "?"}`);
    log(`  import : ${fr(importMs / 1000, 1)} s`);

    // The same seekers, as imported, written the bulk way into the floor's database (same agency codes).
    const floorAgencies = new Map((await floor.db.prisma.agency.findMany({ select: { id: true, code: true } })).map((a) => [a.code, a.id]));
    const mainAgencies = new Map((await main.db.prisma.agency.findMany({ select: { id: true, code: true } })).map((a) => [a.id, a.code]));
    const seekers = (await main.db.prisma.seeker.findMany()).map((s): SeekerCopy => ({
      agencyId: floorAgencies.get(mainAgencies.get(s.agencyId)!)!,
      franceTravailId: s.franceTravailId,
      civility: s.civility,
      firstName: s.firstName,
      lastName: s.lastName,
      birthDate: s.birthDate.toISOString().slice(0, 10),
      email: s.email,
      phone: s.phone,
      address: s.address,
      commune: s.commune,
      postalCode: s.postalCode,
      registrationDate: s.registrationDate.toISOString().slice(0, 10),
      category: s.category,
    }));
    const baselineMs = await bulkInsert(floor.db.prisma, seekers);
    log(`  plancher (INSERT … unnest) : ${fr(baselineMs / 1000, 1)} s`);
    const imported = result.counts.NEW;
    const importPerSecond = imported / (importMs / 1000);
    const baselinePerSecond = seekers.length / (baselineMs / 1000);
    const ratio = importPerSecond / baselinePerSecond;
    const targetSeconds = 60;
    const targetRatio = 0.3;
    return {
      rows,
      fileBytes,
      agencies: places.length,
      previewMs: Math.round(previewMs),
      importMs: Math.round(importMs),
      imported,
      refused: result.counts.REFUSED,
      baselineMs: Math.round(baselineMs),
      importPerSecond: Math.round(importPerSecond),
      baselinePerSecond: Math.round(baselinePerSecond),
      ratio: Number(ratio.toFixed(3)),
      rssBeforeBytes,
      peakRssBytes,
      smallRows,
      smallFileBytes,
      smallPeakRssBytes,
      targetSeconds,
      targetRatio,
      pass: previewMs < targetSeconds * 1000 && importMs < targetSeconds * 1000 && ratio >= targetRatio,
    };
  } finally {
    await main.dispose();
    await floor.dispose();
    rmSync(folder, { recursive: true, force: true });
  }
}
