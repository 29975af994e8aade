import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { parseEnv } from "@/env";
import { databaseOptionsFromEnv, openDatabase } from "@/server/db/connection";
import { applyMigrations } from "@/server/db/migrations";
import { seedDemo } from "@/server/seed";

/** Migrates the configured database and loads the demo data when it holds no agency yet. */
export async function prepareDatabase(log: (line: string) => void = console.log): Promise<string> {
  const environment = parseEnv();
  const db = await openDatabase(databaseOptionsFromEnv(environment));
  try {
    const applied = await applyMigrations(db);
    if (applied.length) log(`Migrations appliquées : ${applied.join(", ")}`);
    if ((await db.prisma.agency.count()) === 0) {
      log("Première utilisation : chargement des données de démonstration…");
      const summary = await seedDemo(db, {});
      log(summary.message);
    }
    return environment.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `PostgreSQL embarqué (${environment.PGLITE_DATA_DIR})`;
  } finally {
    await db.close();
  }
}

/**
 * Starts the production server (or the development one) on a port, forwarding its output: Next.js behind
 * scripts/serve-next.ts, which hands the socket address to the app (login throttling needs it).
 */
export function startNext(port: number, mode: "start" | "dev", onReady: () => void): ChildProcess {
  const entry = path.join("scripts", "serve-next.ts");
  const server = spawn(process.execPath, ["--import", "tsx/esm", entry, "--port", String(port), ...(mode === "dev" ? ["--dev"] : [])], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  let announced = false;
  server.stdout?.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    if (!announced && /ready|started server|Local:/i.test(chunk.toString())) {
      announced = true;
      onReady();
    }
  });
  const stop = () => server.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  server.on("exit", (code) => process.exit(code ?? 0));
  return server;
}
