/**
 * `npm run worker` — the app's background work on PostgreSQL (`DATABASE_URL`): delivers the messages to seekers
 * (src/server/jobs/workers.ts) until stopped (Ctrl+C, SIGTERM), finishing the jobs in hand first. Run as many as
 * wanted: each job goes to one of them. On the embedded database the worker runs inside `npm start` instead.
 */
import { parseEnv } from "@/env";
import { databaseOptionsFromEnv, openDatabase } from "@/server/db/connection";
import { applyMigrations } from "@/server/db/migrations";
import { startWorkers } from "@/server/jobs/workers";
import { onStopRequest } from "./lib/lifecycle";

async function main() {
  const environment = parseEnv();
  if (!environment.DATABASE_URL) {
    throw new Error("npm run worker sert avec PostgreSQL (DATABASE_URL). Sur la base embarquée, les tâches de fond tournent avec l'application : npm start.");
  }
  const options = databaseOptionsFromEnv(environment);
  const db = await openDatabase({ ...options, poolMax: 4 });
  let stopping = false;
  try {
    // The outbox's table must exist; migrating is idempotent and locked against a concurrent migration.
    await applyMigrations(db);
    const workers = await startWorkers(options, db.prisma, environment);
    console.log("Worker Modalis démarré (Ctrl+C pour l'arrêter).");
    onStopRequest((reason) => {
      if (stopping) return;
      stopping = true;
      console.log(`Arrêt du worker (${reason})…`);
      void workers
        .stop()
        .catch((error: unknown) => console.error(`Arrêt de la file des tâches : ${String(error)}`))
        .then(() => db.close())
        .then(() => process.exit(0));
    });
  } catch (error) {
    await db.close();
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(`Échec du worker : ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
