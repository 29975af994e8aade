/**
 * `npm run restore -- FILE` — replaces the configured database by a backup of `npm run backup`. On the embedded
 * database Modalis must be stopped; the directory in place is kept aside, never deleted. On PostgreSQL the objects
 * are dropped and restored in one transaction.
 */
import { parseEnv } from "@/env";
import { restoreDatabase } from "@/server/db/backup";
import { databaseOptionsFromEnv } from "@/server/db/connection";

async function main() {
  const file = process.argv[2];
  if (!file) throw new Error("indiquez le fichier de sauvegarde : npm run restore -- .data/backups/modalis-….tar.gz");
  const { setAside } = await restoreDatabase(databaseOptionsFromEnv(parseEnv()), file);
  console.log(`Base restaurée depuis ${file}.`);
  if (setAside) console.log(`L'ancienne base est conservée dans ${setAside} (supprimez-la quand vous n'en avez plus besoin).`);
}

main().catch((error: unknown) => {
  console.error(`Échec de la restauration : ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
