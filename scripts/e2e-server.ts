/**
 * The server the Playwright suite runs against: a fresh database seeded with the demo data (an embedded one in
 * a temporary folder, or a new database on TEST_DATABASE_URL's server), the production build, port E2E_PORT.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { buildIfNeeded } from "./lib/build";
import { prepareDatabase, serveUntilStopped } from "./lib/serve";

const port = Number(process.env.E2E_PORT ?? 3100);

async function freshDatabase(): Promise<void> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) {
    process.env.PGLITE_DATA_DIR = path.join(mkdtempSync(path.join(tmpdir(), "modalis-e2e-")), "pglite");
    delete process.env.DATABASE_URL;
    return;
  }
  const name = `modalis_e2e_${process.pid}`;
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
}

async function main() {
  process.env.NEXTAUTH_SECRET ??= "e2e-secret-not-for-production-0123456789";
  process.env.NEXTAUTH_URL = `http://localhost:${port}`;
  await freshDatabase();
  buildIfNeeded();
  // A database made for the run: the demo data on PostgreSQL too.
  const database = await prepareDatabase({ demoOnEmptyServer: true });
  serveUntilStopped({ port, mode: "start", database, onReady: () => console.log(`Serveur e2e prêt sur ${port}`) });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
