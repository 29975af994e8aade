import { parseEnv } from "@/env";
import { databaseOptionsFromEnv, openDatabase } from "@/server/db/connection";
import { applyMigrations } from "@/server/db/migrations";

const db = await openDatabase(databaseOptionsFromEnv(parseEnv()));
try {
  const applied = await applyMigrations(db);
  console.log(applied.length ? `Migrations appliquées : ${applied.join(", ")}` : "Base à jour, aucune migration à appliquer.");
} finally {
  await db.close();
}
