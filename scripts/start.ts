/**
 * `npm start`: migrates, seeds the embedded database on first run, builds if the sources changed,
 * serves http://localhost:3000 and prints the demo logins.
 */
import { DEMO_ACCOUNTS } from "@/server/seed";
import { buildIfNeeded } from "./lib/build";
import { ensureAuthSecret } from "./lib/secret";
import { prepareDatabase, serveUntilStopped } from "./lib/serve";

const port = Number(process.env.PORT ?? 3000);
const dev = process.argv.includes("--dev");

function printLogins(databaseLabel: string) {
  console.log(`\nModalis est prêt : http://localhost:${port}  — base : ${databaseLabel}`);
  console.log("Comptes de démonstration (mot de passe identique pour tous) :");
  for (const account of DEMO_ACCOUNTS) {
    console.log(`  ${account.label.padEnd(42)} ${account.email.padEnd(36)} ${account.password}`);
  }
  console.log("");
}

async function main() {
  process.env.NEXTAUTH_SECRET = ensureAuthSecret();
  process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
  if (!dev) buildIfNeeded();
  const database = await prepareDatabase();
  serveUntilStopped({ port, mode: dev ? "dev" : "start", database, onReady: () => printLogins(database.label) });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
