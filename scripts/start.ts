/**
 * `npm start`: builds if the sources changed, migrates, seeds the embedded database on first run (and backs it up
 * once a day), runs the job queue's workers on the embedded database (on PostgreSQL: `npm run worker`), serves
 * http://localhost:3000 and prints the demo logins. Stops as a whole (see lib/serve.ts).
 */
import { parseServerEnv } from "@/env";
import { startWorkers } from "@/server/jobs/workers";
import { DEMO_ACCOUNTS } from "@/server/seed";
import { buildIfNeeded } from "./lib/build";
import { ensureAuthSecret } from "./lib/secret";
import { dailyEmbeddedBackup, prepareDatabase, serveUntilStopped } from "./lib/serve";
import { parseEnv } from "@/env";

const port = Number(process.env.PORT ?? 3000);
const dev = process.argv.includes("--dev");

function printLogins(databaseLabel: string, demo: boolean, localMailbox: boolean) {
  console.log(`\nModalis est prêt : http://localhost:${port}  — base : ${databaseLabel}`);
  // Without SMTP_URL (for SMS, SMS_API_KEY) the messages to seekers stay in the local mailbox, read by administrators here.
  if (localMailbox) console.log(`Messages aux demandeurs (boîte aux lettres locale, compte administrateur) : http://localhost:${port}/admin/boite-locale`);
  if (!demo) return;
  console.log("Comptes de démonstration (mot de passe identique pour tous) :");
  for (const account of DEMO_ACCOUNTS) {
    console.log(`  ${account.label.padEnd(42)} ${account.email.padEnd(36)} ${account.password}`);
  }
  console.log("");
}

async function main() {
  // On PostgreSQL the production server is a real deployment: it must be given its secret and public URL, and
  // refuses to start without them (src/env.ts). The embedded demo and the development server get local defaults.
  if (dev || !process.env.DATABASE_URL) {
    process.env.NEXTAUTH_SECRET = ensureAuthSecret();
    process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
  }
  if (!dev) parseServerEnv({ ...process.env, NODE_ENV: "production" });
  if (!dev) buildIfNeeded();
  const database = await prepareDatabase();
  // The process that owns the embedded database also works its job queue (messages to seekers), through its socket.
  const environment = parseEnv();
  // Should it fail to start, the app serves all the same: the messages wait in the outbox until the next start.
  const workers = database.db
    ? await startWorkers({ engine: "pglite", dataDir: environment.PGLITE_DATA_DIR }, database.db.prisma, environment).catch((error: unknown) => {
        console.error(`Tâches de fond non démarrées, les messages aux demandeurs attendront : ${error instanceof Error ? error.message : String(error)}`);
        return null;
      })
    : null;
  if (!database.db) console.log("Base PostgreSQL : les messages aux demandeurs partent avec npm run worker (à lancer à côté).");
  serveUntilStopped({
    port,
    mode: dev ? "dev" : "start",
    database,
    ...(workers ? { stopBeforeClose: () => workers.stop() } : {}),
    onReady: () => {
      printLogins(database.label, database.db !== null, !environment.SMTP_URL || !environment.SMS_API_KEY);
      if (database.db) void dailyEmbeddedBackup(environment.PGLITE_DATA_DIR);
    },
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
