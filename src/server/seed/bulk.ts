/**
 * Bulk mode (`npm run seed -- --seekers N`): adds N seekers spread over generated agencies of ~10 000 seekers
 * (Normandie first, then a few other territories), with the same shapes as the demo: staff, portfolios within
 * their caps, diagnostics, assignments, tandems and appointment histories. One transaction per agency.
 */
import { hashPassword } from "@/server/auth/password";
import type { Database } from "@/server/db/connection";
import { MODALITIES, type IsoDate, type Modality2014 as Modality } from "@/domain";
import { DEMO_PASSWORD } from "./accounts";
import { seekerCount } from "./database";
import { parisToday, seedNow, DEFAULT_SEED } from "./demo";
import { generateAgency, SHARES_WITH_GLOBAL, type AgencySummary, type GeneratedAgency } from "./generate";
import { BULK_AGENCY_PLACES, type AgencyPlace } from "./places";
import { evenSplit, type ModalityCounts } from "./portfolios";
import type { BulkProgress } from "./progress";
import { Random } from "./random";
import { rowCount } from "./rows";
import { writeDataset } from "./writer";

/**
 * Agencies written concurrently on PostgreSQL (each in its own transaction and connection), so that the server
 * uses more than one core; PGlite is one single-session engine in this process: one at a time.
 */
const POSTGRES_WRITERS = 2;

interface SeedBulkOptions {
  seekers: number;
  /** Seekers per generated agency (default 10 000). */
  seekersPerAgency?: number;
  /** Seekers per advisor before portfolio caps are considered (default 300). */
  seekersPerAdvisor?: number;
  today?: IsoDate;
  seed?: string;
  batchSize?: number;
  onProgress?: (progress: BulkProgress) => void;
}

interface SeedBulkSummary {
  seekers: number;
  agencies: AgencySummary[];
  modalities: ModalityCounts;
  awaiting: number;
  appointments: number;
  rows: number;
  durationMs: number;
  message: string;
}

/** Upper-case slug for agency codes: « Cherbourg-en-Cotentin » → « CHERBOURG-EN-COTENTIN ». */
function codeSlug(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** A code and name not used yet: « 14-CAEN-NORD », then « 14-CAEN-NORD-2 » / « Caen Nord 2 »… */
function uniqueIdentity(place: AgencyPlace, taken: Set<string>): { code: string; name: string } {
  const base = `${place.departement}-${codeSlug(place.name)}`;
  for (let n = 1; ; n += 1) {
    const code = n === 1 ? base : `${base}-${n}`;
    if (taken.has(code)) continue;
    taken.add(code);
    return { code, name: n === 1 ? place.name : `${place.name} ${n}` };
  }
}

export async function seedBulk(db: Database, options: SeedBulkOptions): Promise<SeedBulkSummary> {
  const started = performance.now();
  const total = options.seekers;
  if (!Number.isInteger(total) || total <= 0) throw new Error(`Nombre de demandeurs invalide : ${String(total)} (entier positif attendu).`);
  const perAgency = options.seekersPerAgency ?? 10_000;
  const perAdvisor = options.seekersPerAdvisor ?? 300;
  const today = options.today ?? parisToday();
  const nowMs = seedNow(today);

  const existing = await db.prisma.agency.findMany({ select: { code: true } });
  const taken = new Set(existing.map((a) => a.code));
  let serial = await seekerCount(db.prisma);
  const root = new Random(`${options.seed ?? DEFAULT_SEED}:bulk:${today}:${existing.length}:${total}`);
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const sizes = evenSplit(total, Math.max(1, Math.ceil(total / perAgency)));
  const agencies: (AgencySummary & { index: number })[] = [];
  const modalities = Object.fromEntries(MODALITIES.map((m) => [m, 0])) as Record<Modality, number>;
  let rows = 0;
  /** Share (0–1) of each agency's rows already written, to report seekers done while agencies are in flight. */
  const written = new Map<number, number>();
  const report = () => {
    let seekersDone = 0;
    for (const [index, share] of written) seekersDone += (sizes[index] ?? 0) * share;
    options.onProgress?.({
      seekersDone: Math.min(total, Math.round(seekersDone)),
      seekersTotal: total,
      agenciesDone: agencies.length,
      agenciesTotal: sizes.length,
      rowsWritten: rows,
      elapsedMs: performance.now() - started,
    });
  };
  report();

  const generate = (index: number, size: number) => {
    const place = BULK_AGENCY_PLACES[index % BULK_AGENCY_PLACES.length];
    if (place === undefined) throw new Error("Aucun lieu d'agence disponible pour le mode volume.");
    const identity = { ...uniqueIdentity(place, taken), departement: place.departement, address: place.address, globalPartnership: place.globalPartnership };
    const expectedGlobal = place.globalPartnership ? size * SHARES_WITH_GLOBAL.GLOBAL : 0;
    return generateAgency(
      {
        identity,
        communes: place.communes,
        seekers: size,
        advisorCount: Math.ceil(size / perAdvisor),
        socialWorkerCount: Math.max(1, Math.ceil(expectedGlobal / 45)),
      },
      { random: root.fork(identity.code), today, nowMs, passwordHash, nextSerial: () => serial++ },
    );
  };

  const write = async (index: number, generated: GeneratedAgency) => {
    const agencyRows = Math.max(1, rowCount(generated.dataset));
    let agencyWritten = 0;
    written.set(index, 0);
    await db.prisma.$transaction(
      async (tx) =>
        writeDataset(tx, generated.dataset, {
          batchSize: options.batchSize,
          onBatch: (n) => {
            rows += n;
            agencyWritten += n;
            written.set(index, agencyWritten / agencyRows);
            report();
          },
        }),
      { maxWait: 60_000, timeout: 30 * 60_000 },
    );
    written.set(index, 1);
    agencies.push({ ...generated.summary, index });
    for (const m of MODALITIES) modalities[m] += generated.summary.modalities[m];
    report();
  };

  // Pipeline: while one agency is being written (database work), the next is generated (JavaScript work),
  // and at most `writers` agencies are written at once, each in its own transaction and connection.
  const writers = db.engine === "postgres" ? POSTGRES_WRITERS : 1;
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  for (const [index, size] of sizes.entries()) {
    const generated = generate(index, size);
    if (failure !== null) break;
    const task = write(index, generated).catch((error: unknown) => {
      failure ??= error;
    });
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
    if (inFlight.size >= writers) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure !== null) throw failure;
  await db.execScript("ANALYZE");

  agencies.sort((a, b) => a.index - b.index);
  const appointments = agencies.reduce((n, a) => n + a.appointments, 0);
  const awaiting = agencies.reduce((n, a) => n + a.awaiting, 0);
  const durationMs = performance.now() - started;
  return {
    seekers: total,
    agencies: agencies.map(({ index: _index, ...summary }) => summary),
    modalities,
    awaiting,
    appointments,
    rows,
    durationMs,
    message:
      `${total.toLocaleString("fr-FR")} demandeurs ajoutés dans ${agencies.length} agence(s) ` +
      `(${appointments.toLocaleString("fr-FR")} rendez-vous, ${rows.toLocaleString("fr-FR")} lignes) en ${(durationMs / 1000).toFixed(1)} s.`,
  };
}
