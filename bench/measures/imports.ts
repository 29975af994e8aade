/**
 * Measure 8 — registration imports (issue 17): a generated national file of 150 000 registrants living in the
 * Haute-Normandie bulk agencies' communes (scripts/lib/registration-file.ts, CSV, one faulty row in 500), read from
 * disk, stored, previewed (every row parsed, checked, classified against the database) and imported in one
 * transaction (src/server/imports/pipeline.ts, the same functions as the page's jobs and `npm run import`). Each step
 * must take under 60 s. The floor, on PostgreSQL: a raw `COPY … FROM STDIN` (pg-copy-streams on the `pg` driver,
 * text format, one transaction) of the same seekers and their REGISTRATION events into the same tables of a second
 * fresh database, in the same run; the import's rows per second must be at least 0.3 × the COPY's. For information,
 * the seed's bulk writer way too (`INSERT … SELECT FROM unnest(…)`, batches of 10 000, one transaction). On the
 * embedded database (PGlite, one session inside the process, no `pg` client), the COPY floor is not taken: the ratio
 * there is against the unnest writer, and the COPY figure is measured on PostgreSQL only.
 * Memory: the preview and the import of files of rows/10 and rows lines, each in a child process whose heap is capped
 * (--max-old-space-size=128, --expose-gc): heapUsed sampled every 20 ms, and the live heap after a full collection at
 * every preview batch (bench/lib/imports-memory-child.ts). Flat in the file size: about the same for both files.
 * The first interviews booked after an import are not measured (no advisors in these databases).
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, statSync, createReadStream } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
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
  /** The floor the ratio is taken against: a raw COPY (PostgreSQL), else the unnest writer (embedded). */
  baselineKind: "copy" | "unnest";
  baselineMs: number;
  importPerSecond: number;
  baselinePerSecond: number;
  /** import rate / floor rate. */
  ratio: number;
  /** COPY … FROM STDIN of the same rows (PostgreSQL only). */
  copyMs: number | null;
  copyPerSecond: number | null;
  /** INSERT … SELECT FROM unnest of the same rows, for information. */
  unnestMs: number;
  unnestPerSecond: number;
  rssBeforeBytes: number;
  peakRssBytes: number;
  /** Preview and import in a child process with a capped heap, for a small and the full file. */
  memory: MemoryRun[];
  heapCapMb: number;
  targetSeconds: number;
  targetRatio: number;
  pass: boolean;
};

export type MemoryRun = {
  rows: number;
  fileBytes: number;
  /** Largest heapUsed sampled every 20 ms during the preview and the import. */
  peakHeapUsedBytes: number;
  /** Largest heapUsed right after a full collection, at each preview batch and after the import: the live heap. */
  peakLiveHeapBytes: number;
  peakRssBytes: number;
  previewMs: number;
  importMs: number;
};

const HEAP_CAP_MB = 128;
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

/** For information: the same seekers and their REGISTRATION events written by `INSERT … SELECT FROM unnest`, one transaction. */
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

/** COPY text format: backslash, tab, newline and carriage return escaped; null as \\N. */
function copyField(value: string | null): string {
  if (value === null) return "\\N";
  return value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

/**
 * The floor: the same seekers and their REGISTRATION events written by `COPY … FROM STDIN` (text format) on one `pg`
 * connection, one transaction; the seekers' ids made by the client so that the events can name them. Timed from BEGIN
 * to COMMIT, the rows' serialisation included.
 */
async function copyInsert(url: string, seekers: SeekerCopy[], now: Date): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    await client.query("BEGIN");
    const ids = seekers.map(() => randomUUID());
    const stamp = now.toISOString();
    const copy = async (sql: string, lines: () => Iterable<string>) => {
      const stream = client.query(copyFrom(sql));
      await pipeline(
        Readable.from(
          (function* () {
            let chunk = "";
            for (const line of lines()) {
              chunk += line;
              if (chunk.length >= 64 * 1024) {
                yield chunk;
                chunk = "";
              }
            }
            if (chunk) yield chunk;
          })(),
        ),
        stream,
      );
    };
    await copy(
      `COPY "Seeker" ("id", "agencyId", "franceTravailId", "civility", "firstName", "lastName", "birthDate", "email", "phone", "address",
                      "commune", "postalCode", "registrationDate", "category", "status", "createdAt", "updatedAt") FROM STDIN`,
      function* () {
        for (const [i, s] of seekers.entries()) {
          yield `${[
            ids[i]!,
            s.agencyId,
            s.franceTravailId,
            s.civility,
            s.firstName,
            s.lastName,
            s.birthDate,
            s.email,
            s.phone,
            s.address,
            s.commune,
            s.postalCode,
            s.registrationDate,
            s.category,
            "AWAITING_DIAGNOSTIC",
            stamp,
            stamp,
          ]
            .map(copyField)
            .join("\t")}\n`;
        }
      },
    );
    await copy(`COPY "SeekerLifeEvent" ("agencyId", "seekerId", "kind", "occurredOn", "createdAt") FROM STDIN`, function* () {
      for (const [i, s] of seekers.entries()) yield `${s.agencyId}\t${ids[i]}\tREGISTRATION\t${s.registrationDate}\t${stamp}\n`;
    });
    await client.query("COMMIT");
    return performance.now() - started;
  } finally {
    await client.end();
  }
}

/** Empties the floor's tables between its two writers. */
async function emptySeekers(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe(`ALTER TABLE "SeekerLifeEvent" DISABLE TRIGGER "SeekerLifeEvent_append_only"`);
  await prisma.$executeRawUnsafe(`DELETE FROM "SeekerLifeEvent"`);
  await prisma.$executeRawUnsafe(`ALTER TABLE "SeekerLifeEvent" ENABLE TRIGGER "SeekerLifeEvent_append_only"`);
  await prisma.$executeRawUnsafe(`DELETE FROM "Seeker"`);
  await prisma.$executeRawUnsafe(`VACUUM ANALYZE "Seeker"`).catch(() => undefined);
  await prisma.$executeRawUnsafe(`VACUUM ANALYZE "SeekerLifeEvent"`).catch(() => undefined);
}

/** The preview and the import of a generated file in a child process with a capped heap (bench/lib/imports-memory-child.ts). */
async function memoryRun(url: string, rows: number, firstSerial: number): Promise<MemoryRun> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [`--max-old-space-size=${HEAP_CAP_MB}`, "--expose-gc", "--import", "tsx", "--conditions=react-server", "bench/lib/imports-memory-child.ts"],
    { env: { ...process.env, MEMORY_CHILD_URL: url, MEMORY_CHILD_ROWS: String(rows), MEMORY_CHILD_SERIAL: String(firstSerial) }, maxBuffer: 1 << 20 },
  );
  const last = stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(last) as MemoryRun;
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
    let copyMs: number | null = null;
    if (target.engine === "postgres") {
      copyMs = await copyInsert(databaseUrl(target.serverUrl, "modalis_bench_imports_floor"), seekers, now);
      log(`  plancher COPY … FROM STDIN : ${fr(copyMs / 1000, 1)} s`);
      await emptySeekers(floor.db.prisma);
    }
    const unnestMs = await bulkInsert(floor.db.prisma, seekers);
    log(`  pour information, INSERT … unnest : ${fr(unnestMs / 1000, 1)} s`);
    const baselineMs = copyMs ?? unnestMs;
    const imported = result.counts.NEW;
    const importPerSecond = imported / (importMs / 1000);
    const baselinePerSecond = seekers.length / (baselineMs / 1000);
    const ratio = importPerSecond / baselinePerSecond;
    const targetSeconds = 60;
    const targetRatio = 0.3;

    // Memory: the same steps in a child process with a capped heap, on a file ten times smaller and on the full one.
    const memory: MemoryRun[] = [];
    if (target.engine === "postgres") {
      const url = databaseUrl(target.serverUrl, "modalis_bench_imports");
      for (const [n, serial] of [
        [Math.round(rows / 10), 100_000_000],
        [rows, 150_000_000],
      ] as const) {
        const run = await memoryRun(url, n, serial);
        memory.push(run);
        log(
          `  mémoire (tas plafonné à ${HEAP_CAP_MB} Mo) : ${fr(n)} lignes, heapUsed de pointe ${fr(run.peakHeapUsedBytes / 1024 / 1024, 1)} Mo, ` +
            `tas vivant ${fr(run.peakLiveHeapBytes / 1024 / 1024, 1)} Mo, RSS ${fr(run.peakRssBytes / 1024 / 1024)} Mo`,
        );
      }
    } else log("  mémoire en tas plafonné : sur PostgreSQL seulement (la base embarquée a une seule session, dans ce processus).");
    return {
      rows,
      fileBytes,
      agencies: places.length,
      previewMs: Math.round(previewMs),
      importMs: Math.round(importMs),
      imported,
      refused: result.counts.REFUSED,
      baselineKind: copyMs === null ? "unnest" : "copy",
      baselineMs: Math.round(baselineMs),
      importPerSecond: Math.round(importPerSecond),
      baselinePerSecond: Math.round(baselinePerSecond),
      ratio: Number(ratio.toFixed(3)),
      copyMs: copyMs === null ? null : Math.round(copyMs),
      copyPerSecond: copyMs === null ? null : Math.round(seekers.length / (copyMs / 1000)),
      unnestMs: Math.round(unnestMs),
      unnestPerSecond: Math.round(seekers.length / (unnestMs / 1000)),
      rssBeforeBytes,
      peakRssBytes,
      memory,
      heapCapMb: HEAP_CAP_MB,
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
