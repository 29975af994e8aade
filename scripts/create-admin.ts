/**
 * `npm run create-admin -- --email ADRESSE --prenom PRÉNOM --nom NOM` — creates an administrator account on the
 * configured database (the first one of a real PostgreSQL database) and prints its one-time password, which must be
 * changed at the first sign-in.
 */
import { parseArgs } from "node:util";
import { parseEnv } from "@/env";
import { databaseOptionsFromEnv, openDatabase } from "@/server/db/connection";
import { applyMigrations } from "@/server/db/migrations";
import { createAdministrator } from "@/server/use-cases/administrators";

async function main() {
  const { values } = parseArgs({ options: { email: { type: "string" }, prenom: { type: "string" }, nom: { type: "string" } }, strict: true });
  if (!values.email || !values.prenom || !values.nom) {
    throw new Error("usage : npm run create-admin -- --email adresse@exemple.fr --prenom Prénom --nom Nom");
  }
  const db = await openDatabase(databaseOptionsFromEnv(parseEnv()));
  try {
    await applyMigrations(db);
    const created = await createAdministrator({ email: values.email, firstName: values.prenom, lastName: values.nom }, { db: db.prisma });
    console.log(`Compte administrateur créé : ${created.email}`);
    console.log(`Mot de passe à usage unique (affiché une seule fois) : ${created.temporaryPassword}`);
    console.log("Il devra être remplacé à la première connexion.");
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(`Échec de la création du compte : ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
