/**
 * Measure 8's memory run (bench/measures/imports.ts), in its own process with a capped heap:
 *
 *     node --max-old-space-size=128 --expose-gc --import tsx --conditions=react-server bench/lib/imports-memory-child.ts
 *
 * Environment: MEMORY_CHILD_URL (the measure's PostgreSQL database, its Haute-Normandie agencies in place),
 * MEMORY_CHILD_ROWS (the file's lines), MEMORY_CHILD_SERIAL (the first identifier's serial, unused in that database).
 * Writes a generated file, stores, previews, confirms and imports it as the page's jobs do, sampling heapUsed every
 * 20 ms and, at every preview batch and after the import, the live heap after a full collection; prints the figures
 * as one JSON line (MemoryRun). A file the process held whole would not fit in the capped heap.
 */
import { createReadStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "@/server/db/connection";
import { confirmRegistrationImport, runRegistrationImport, runRegistrationPreview, storeRegistrationFile } from "@/server/imports/pipeline";
import { registrationReader } from "@/server/imports/reader";
import { BULK_AGENCY_PLACES } from "@/server/seed/places";
import { writeRegistrationCsv } from "../../scripts/lib/registration-file";
import type { MemoryRun } from "../measures/imports";

const TODAY = "2026-03-02";
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("Lancer avec --expose-gc.");
const rows = Number(process.env.MEMORY_CHILD_ROWS);
const firstSerial = Number(process.env.MEMORY_CHILD_SERIAL);
const db = await openDatabase({ engine: "postgres", url: process.env.MEMORY_CHILD_URL!, poolMax: 4, statementTimeoutMs: 600_000 });
const folder = mkdtempSync(path.join(tmpdir(), "modalis-bench-memory-"));
try {
  const file = path.join(folder, "inscriptions.csv");
  const places = BULK_AGENCY_PLACES.filter((p) => p.departement === "76" || p.departement === "27");
  await writeRegistrationCsv(file, { rows, places, today: TODAY, seed: `bench-memory-${rows}`, errorsEvery: 500, firstSerial });
  const fileBytes = statSync(file).size;
  const now = new Date(`${TODAY}T10:00:00.000Z`);

  gc();
  let peakHeapUsedBytes = process.memoryUsage().heapUsed;
  let peakRssBytes = process.memoryUsage().rss;
  let peakLiveHeapBytes = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakHeapUsedBytes = Math.max(peakHeapUsedBytes, usage.heapUsed);
    peakRssBytes = Math.max(peakRssBytes, usage.rss);
  };
  const live = () => {
    sample();
    gc();
    peakLiveHeapBytes = Math.max(peakLiveHeapBytes, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, 20);

  const previewStarted = performance.now();
  const stored = await storeRegistrationFile(db.prisma, {
    importer: { userId: null, role: "ADMIN", agencyId: null },
    agencyId: null,
    fileName: "inscriptions.csv",
    source: createReadStream(file, { highWaterMark: 256 * 1024 }),
    today: TODAY,
    maxBytes: Number.MAX_SAFE_INTEGER,
  });
  live();
  const counts = await runRegistrationPreview(db.prisma, stored.importId, { reader: registrationReader, now, onProgress: live });
  if (!counts) throw new Error("L'aperçu a échoué.");
  const previewMs = performance.now() - previewStarted;
  const importStarted = performance.now();
  await confirmRegistrationImport(db.prisma, { importId: stored.importId, sha256: stored.sha256, now });
  const result = await runRegistrationImport(db.prisma, stored.importId, { now });
  if (result?.status !== "IMPORTED") throw new Error("L'import a échoué.");
  const importMs = performance.now() - importStarted;
  live();
  clearInterval(timer);
  const run: MemoryRun = {
    rows,
    fileBytes,
    peakHeapUsedBytes,
    peakLiveHeapBytes,
    peakRssBytes,
    previewMs: Math.round(previewMs),
    importMs: Math.round(importMs),
  };
  console.log(JSON.stringify(run));
} finally {
  await db.close();
  rmSync(folder, { recursive: true, force: true });
}
