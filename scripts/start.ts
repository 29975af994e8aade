/**
 * `npm start`: migrates, seeds the embedded database on first run, builds if the sources changed,
 * serves http://localhost:3000 and prints the demo logins.
 */
import { parseServerEnv } from "@/env";
import { DEMO_ACCOUNTS } from "@/server/seed";
import { buildIfNeeded } from "./lib/build";
import { ensureAuthSecret } from "./lib/secret";
import { prepareDatabase, startNext } from "./lib/serve";

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
  // On PostgreSQL the production server is a real deployment: it must be given its secret and public URL, and
  // refuses to start without them (src/env.ts). The embedded demo and the development server get local defaults.
  if (dev || !process.env.DATABASE_URL) {
    process.env.NEXTAUTH_SECRET = ensureAuthSecret();
    process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
  }
  if (!dev) parseServerEnv({ ...process.env, NODE_ENV: "production" });
  const databaseLabel = await prepareDatabase();
  if (!dev) buildIfNeeded();
  startNext(port, dev ? "dev" : "start", () => printLogins(databaseLabel));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
