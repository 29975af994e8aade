/**
 * `npm run seed` — loads the demo data (two agencies, one login per role) into the configured database.
 *
 *   npx tsx scripts/seed.ts [--demo] [--reset] [--force] [--today AAAA-MM-JJ] [--seekers N]
 *
 *   --demo         required on a PostgreSQL server (DATABASE_URL): demo accounts have a published password
 *   --reset        empties every table first (TRUNCATE … CASCADE)
 *   --force        allows a database that is not local
 *   --today DATE   date taken as « aujourd'hui » (Europe/Paris), by default the real date
 *   --seekers N    volume mode: adds N generated seekers in agencies of ~10 000 (after the demo data)
 */
import { parseArgs } from "node:util";
import { isValidDate } from "@/domain";
import { parseEnv } from "@/env";
import { databaseOptionsFromEnv, openDatabase } from "@/server/db/connection";
import { applyMigrations } from "@/server/db/migrations";
import { assertLocalDatabase, DEMO_ACCOUNTS, seedBulk, seedDemo, stderrProgress, truncateAllTables } from "@/server/seed";

const USAGE = "Usage : npx tsx scripts/seed.ts [--demo] [--reset] [--force] [--today AAAA-MM-JJ] [--seekers N]";

function parseCommandLine() {
  const { values } = parseArgs({
    options: {
      demo: { type: "boolean", default: false },
      reset: { type: "boolean", default: false },
      force: { type: "boolean", default: false },
      today: { type: "string" },
      seekers: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.today !== undefined && !isValidDate(values.today)) {
    throw new Error(`--today : date invalide « ${values.today} » (format attendu AAAA-MM-JJ).`);
  }
  let seekers: number | undefined;
  if (values.seekers !== undefined) {
    seekers = Number(values.seekers.replace(/[_\s]/g, ""));
    if (!Number.isInteger(seekers) || seekers <= 0) throw new Error(`--seekers : nombre invalide « ${values.seekers} » (entier positif attendu).`);
  }
  return { demo: values.demo, reset: values.reset, force: values.force, today: values.today, seekers };
}

async function main() {
  const args = parseCommandLine();
  const options = databaseOptionsFromEnv(parseEnv());
  if (options.engine === "postgres" && !args.demo) {
    throw new Error(
      "sur un serveur PostgreSQL, les données de démonstration (comptes au mot de passe publié) ne sont chargées que sur " +
        "demande explicite : npm run seed -- --demo. Pour une vraie agence, créez le premier administrateur : npm run create-admin.",
    );
  }
  assertLocalDatabase(options, args.force);
  const db = await openDatabase(
    options.engine === "postgres" ? { ...options, statementTimeoutMs: Math.max(options.statementTimeoutMs ?? 0, 300_000) } : options,
  );
  try {
    const applied = await applyMigrations(db);
    if (applied.length) console.log(`Migrations appliquées : ${applied.join(", ")}`);
    if (args.reset) {
      const tables = await truncateAllTables(db.prisma);
      console.log(`Base vidée (${tables.length} tables).`);
    }

    const demo = await seedDemo(db, { today: args.today, log: (line) => console.error(line) });
    console.log(demo.message);
    for (const agency of demo.agencies) {
      const m = agency.modalities;
      console.log(
        `  ${agency.name} (${agency.departement}) : ${agency.advisors} conseillers, ${agency.seekers} demandeurs ` +
          `— suivi ${m.SUIVI}, guidé ${m.GUIDE}, renforcé ${m.RENFORCE}, global ${m.GLOBAL}, en attente de diagnostic ${agency.awaiting} ` +
          `— ${agency.appointments} rendez-vous`,
      );
    }
    if (demo.created) console.log(`  ${demo.rows.toLocaleString("fr-FR")} lignes en ${(demo.durationMs / 1000).toFixed(1)} s.`);

    if (args.seekers !== undefined) {
      console.error(`Mode volume : ${args.seekers.toLocaleString("fr-FR")} demandeurs à générer…`);
      const bulk = await seedBulk(db, { seekers: args.seekers, today: args.today, onProgress: stderrProgress() });
      const followed = bulk.seekers - bulk.awaiting;
      const share = (n: number) => `${((100 * n) / Math.max(1, followed)).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} %`;
      console.log(bulk.message);
      console.log(
        `  Demandeurs suivis : ${followed.toLocaleString("fr-FR")} — suivi ${share(bulk.modalities.SUIVI)}, guidé ${share(bulk.modalities.GUIDE)}, ` +
          `renforcé ${share(bulk.modalities.RENFORCE)}, global ${share(bulk.modalities.GLOBAL)} ; ` +
          `en attente de diagnostic : ${bulk.awaiting.toLocaleString("fr-FR")}`,
      );
    }

    console.log("\nComptes de démonstration (même mot de passe pour tous) :");
    for (const account of DEMO_ACCOUNTS) console.log(`  ${account.label.padEnd(40)} ${account.email.padEnd(34)} ${account.password}`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(`Échec du chargement des données : ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
