/**
 * The demo data set (`npm run seed`): agency « Rouen Rive Gauche » (76, with the « global » partnership) and
 * « Saint-Denis (La Réunion) » (974, without), their staff, ~2 800 seekers with histories, and one login per role.
 */
import { writeDemoMessages } from "./messages";
import { writeDemoConversation } from "./conversations";
import { randomUUID } from "node:crypto";
import { hashPassword } from "@/server/auth/password";
import type { Database } from "@/server/db/connection";
import { localDateOf, localToEpochMs, type IsoDate } from "@/domain";
import { DEMO_ACCOUNTS, DEMO_AGENCY_CODES, demoAccount, type DemoAccount } from "./accounts";
import { seekerCount } from "./database";
import { generateAgency, type AgencyGenerationInput, type AgencySummary } from "./generate";
import { ROUEN_RIVE_GAUCHE_COMMUNES, SAINT_DENIS_REUNION_COMMUNES } from "./places";
import { Random } from "./random";
import { emptyDataset, rowCount, type Dataset } from "./rows";
import type { StaffPersona } from "./staff";
import { writeDataset } from "./writer";
import { closeDemoFiles } from "./exits";
import { writeDemoTandemFile } from "./tandem-notes";

interface SeedDemoOptions {
  /** Today's date (YYYY-MM-DD, Europe/Paris); defaults to the real current date. */
  today?: IsoDate;
  /** Multiplies the number of seekers (tests use 0.1); staff and portfolios keep their full-size layout. */
  scale?: number;
  /** Seed of the pseudo-random generator (same seed, same data). */
  seed?: string;
  /** Progress lines (French); silent by default. */
  log?: (line: string) => void;
}

interface SeedDemoSummary {
  /** False when the demo agencies were already there (nothing was written). */
  created: boolean;
  message: string;
  today: IsoDate;
  agencies: AgencySummary[];
  accounts: readonly DemoAccount[];
  rows: number;
  durationMs: number;
}

export const DEFAULT_SEED = "modalis-demo";

/** Today in Europe/Paris. */
export function parisToday(now = new Date()): IsoDate {
  return localDateOf(now.toISOString(), "Europe/Paris");
}

/** The seed's "now": the real clock when seeding for today, else 07:00 (Paris) on the given day. */
export function seedNow(today: IsoDate): number {
  return today === parisToday() ? Date.now() : localToEpochMs(today, "07:00", "Europe/Paris");
}

function persona(account: DemoAccount): StaffPersona {
  return { firstName: account.firstName, lastName: account.lastName, email: account.email };
}

/** The two demo agencies, at full size for scale 1. */
function demoAgencyInputs(scale: number): AgencyGenerationInput[] {
  const seekers = (n: number) => Math.max(20, Math.round(n * scale));
  return [
    {
      identity: {
        code: DEMO_AGENCY_CODES.rouen,
        name: "Rouen Rive Gauche",
        departement: "76",
        address: "27 avenue de Bretagne, 76100 Rouen",
        // Numbers from the ranges ARCEP reserves for fiction (as the seekers' in people.ts): no message reaches a real line.
        phone: "02 61 91 76 10",
        globalPartnership: true,
      },
      communes: ROUEN_RIVE_GAUCHE_COMMUNES,
      seekers: seekers(2500),
      layoutSeekers: 2500,
      advisorCount: 12,
      socialWorkerCount: 2,
      personas: {
        manager: persona(demoAccount("MANAGER")),
        advisor: persona(demoAccount("ADVISOR")),
        socialWorker: persona(demoAccount("SOCIAL_WORKER")),
        seeker: persona(demoAccount("SEEKER")),
      },
      withAudit: true,
    },
    {
      identity: {
        code: DEMO_AGENCY_CODES.reunion,
        name: "Saint-Denis (La Réunion)",
        departement: "974",
        address: "4 rue de la Victoire, 97400 Saint-Denis",
        phone: "02 61 91 97 40",
        globalPartnership: false,
      },
      communes: SAINT_DENIS_REUNION_COMMUNES,
      seekers: seekers(300),
      layoutSeekers: 300,
      advisorCount: 3,
      socialWorkerCount: 0,
      personas: {
        manager: { firstName: "Jean-Marc", lastName: "Hoarau", email: "directeur.reunion@modalis.demo" },
      },
      withAudit: true,
    },
  ];
}

/** True when the demo agencies are already in the database. */
async function demoAlreadySeeded(db: Database): Promise<boolean> {
  const count = await db.prisma.agency.count({ where: { code: { in: Object.values(DEMO_AGENCY_CODES) } } });
  return count > 0;
}

/** Generates the demo data set in memory (no database access except through `serialBase`). */
function generateDemo(options: { today: IsoDate; nowMs: number; scale: number; seed: string; passwordHash: string; serialBase: number }): {
  dataset: Dataset;
  agencies: AgencySummary[];
} {
  const root = new Random(`${options.seed}:${options.today}:${options.scale}`);
  const dataset = emptyDataset();
  const agencies: AgencySummary[] = [];
  let serial = options.serialBase;
  for (const input of demoAgencyInputs(options.scale)) {
    const generated = generateAgency(input, {
      random: root.fork(input.identity.code),
      today: options.today,
      nowMs: options.nowMs,
      passwordHash: options.passwordHash,
      nextSerial: () => serial++,
    });
    for (const key of Object.keys(dataset) as (keyof Dataset)[]) {
      (dataset[key] as unknown[]).push(...(generated.dataset[key] as unknown[]));
    }
    agencies.push(generated.summary);
  }
  const admin = demoAccount("ADMIN");
  dataset.users.push({
    id: randomUUID(),
    email: admin.email,
    firstName: admin.firstName,
    lastName: admin.lastName,
    role: "ADMIN",
    passwordHash: options.passwordHash,
    agencyId: null,
    createdAt: options.nowMs,
  });
  return { dataset, agencies };
}

/**
 * Seeds the demo data set in one transaction. Idempotent: when the demo agencies exist, writes nothing and
 * says so in the returned summary.
 */
export async function seedDemo(db: Database, options: SeedDemoOptions = {}): Promise<SeedDemoSummary> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const today = options.today ?? parisToday();
  const scale = options.scale ?? 1;
  if (!(scale > 0)) throw new Error(`Échelle invalide : ${scale} (nombre positif attendu).`);

  if (await demoAlreadySeeded(db)) {
    return {
      created: false,
      message: "Les agences de démonstration existent déjà : rien n'a été modifié (utilisez --reset pour repartir de zéro).",
      today,
      agencies: [],
      accounts: DEMO_ACCOUNTS,
      rows: 0,
      durationMs: performance.now() - started,
    };
  }
  const taken = await db.prisma.user.findMany({ where: { email: { in: DEMO_ACCOUNTS.map((a) => a.email) } }, select: { email: true } });
  if (taken.length > 0) {
    throw new Error(
      `Comptes de démonstration déjà présents sans les agences de démonstration (${taken.map((t) => t.email).join(", ")}) : ` +
        "base incohérente, relancez avec --reset.",
    );
  }

  log("Calcul de l'empreinte du mot de passe de démonstration…");
  const passwordHash = await hashPassword(DEMO_ACCOUNTS[0]?.password ?? "");
  log("Génération des agences, des conseillers, des demandeurs et de leurs rendez-vous…");
  const { dataset, agencies } = generateDemo({
    today,
    nowMs: seedNow(today),
    scale,
    seed: options.seed ?? DEFAULT_SEED,
    passwordHash,
    serialBase: await seekerCount(db.prisma),
  });
  const total = rowCount(dataset);
  log(`Écriture de ${total.toLocaleString("fr-FR")} lignes…`);
  await db.prisma.$transaction(
    async (tx) => {
      await writeDataset(tx, dataset);
      await writeDemoMessages(tx, seedNow(today));
      await writeDemoConversation(tx, seedNow(today));
      await closeDemoFiles(tx, today);
      await writeDemoTandemFile(tx, seedNow(today));
    },
    { maxWait: 60_000, timeout: 15 * 60_000 },
  );
  // Planner statistics now, rather than whenever autovacuum (if enabled at all) gets to it.
  await db.execScript("ANALYZE");
  const seekers = agencies.reduce((n, a) => n + a.seekers, 0);
  return {
    created: true,
    message: `Données de démonstration créées : ${agencies.length} agences, ${seekers.toLocaleString("fr-FR")} demandeurs d'emploi.`,
    today,
    agencies,
    accounts: DEMO_ACCOUNTS,
    rows: total,
    durationMs: performance.now() - started,
  };
}
