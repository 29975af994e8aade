import { spawn, type ChildProcess } from "node:child_process";
import { statSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "@/env";
import { openDatabase, type Database } from "@/server/db/connection";
import { applyMigrations } from "@/server/db/migrations";
import { backupDatabase, pruneBackups } from "@/server/db/backup";
import { backupDirectory, latestBackup } from "@/server/db/embedded";
import { seedDemo } from "@/server/seed";
import { onStopRequest } from "./lifecycle";

/** The embedded database this process owns and serves (null on PostgreSQL: the app opens its own pool). */
export type PreparedDatabase = { db: Database | null; label: string };

/**
 * Opens and migrates the configured database. The embedded one is owned by this process for its whole life and
 * served to the app (and to any command run meanwhile) on a Unix socket; it gets the demo data on first use.
 * A PostgreSQL server never gets demo data implicitly: `npm run seed -- --demo` or `npm run create-admin`.
 */
export async function prepareDatabase(options: { demoOnEmptyServer?: boolean; log?: (line: string) => void } = {}): Promise<PreparedDatabase> {
  const log = options.log ?? console.log;
  const environment = parseEnv();
  const embedded = !environment.DATABASE_URL;
  const db = await openDatabase(
    environment.DATABASE_URL
      ? { engine: "postgres", url: environment.DATABASE_URL, poolMax: 2, connectTimeoutMs: environment.DB_CONNECT_TIMEOUT_MS }
      : { engine: "pglite", dataDir: environment.PGLITE_DATA_DIR, serve: true, command: "npm start", onWait: log },
  );
  try {
    const applied = await applyMigrations(db);
    if (applied.length) log(`Migrations appliquées : ${applied.join(", ")}`);
    if ((await db.prisma.agency.count()) === 0) {
      if (embedded || options.demoOnEmptyServer) {
        log("Première utilisation : chargement des données de démonstration…");
        log((await seedDemo(db, {})).message);
      } else if ((await db.prisma.user.count({ where: { role: "ADMIN" } })) === 0) {
        log(
          "La base PostgreSQL est vide. Créez le premier compte administrateur : npm run create-admin -- --email <adresse> " +
            "--prenom <prénom> --nom <nom> (ou, sur une base de démonstration seulement : npm run seed -- --demo).",
        );
      }
    }
  } catch (error) {
    await db.close();
    throw error;
  }
  if (embedded) return { db, label: `PostgreSQL embarqué (${environment.PGLITE_DATA_DIR})` };
  await db.close();
  return { db: null, label: "PostgreSQL (DATABASE_URL)" };
}

const DAY_MS = 24 * 60 * 60 * 1000;
const BACKUPS_KEPT = 14;

/**
 * The embedded database is backed up at start when its last backup is older than a day (a newcomer's data is then
 * never more than a day of work away from a restore); `npm run backup` does the same on demand, also while running.
 */
export async function dailyEmbeddedBackup(dataDir: string, log: (line: string) => void = console.log): Promise<void> {
  const folder = backupDirectory(dataDir);
  const last = latestBackup(folder);
  if (last && Date.now() - statSync(last).mtimeMs < DAY_MS) return;
  try {
    const { file } = await backupDatabase({ engine: "pglite", dataDir });
    pruneBackups(folder, BACKUPS_KEPT);
    log(`Sauvegarde quotidienne de la base embarquée : ${path.relative(process.cwd(), file)}`);
  } catch (error) {
    log(`Sauvegarde quotidienne impossible : ${error instanceof Error ? error.message : String(error)}`);
  }
}

const STOP_GRACE_MS = 4_000;

/**
 * Runs the production web server (or the development one) on a port and keeps everything it started under one stop: a signal, the
 * launcher's death or the web server's own exit stop the web server (forcefully after a few seconds), then close
 * the database cleanly, then exit. The web server leaves by itself if this process dies (IPC channel).
 */
export function serveUntilStopped(options: {
  port: number;
  mode: "start" | "dev";
  database: PreparedDatabase;
  onReady: () => void;
  /** What else runs on the database (the job queue's workers): stopped after the web server, before the database closes. */
  stopBeforeClose?: () => Promise<void>;
}): ChildProcess {
  // Next.js behind scripts/serve-next.ts, which hands the socket address to the app (login throttling needs it).
  const server = spawn(
    process.execPath,
    [
      "--require",
      path.resolve("scripts/lib/exit-with-parent.cjs"),
      "--import",
      "tsx/esm",
      path.join("scripts", "serve-next.ts"),
      "--port",
      String(options.port),
      ...(options.mode === "dev" ? ["--dev"] : []),
    ],
    { stdio: ["ignore", "pipe", "inherit", "ipc"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } },
  );
  let announced = false;
  server.stdout?.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    if (!announced && /ready|started server|Local:/i.test(chunk.toString())) {
      announced = true;
      options.onReady();
    }
  });

  let stopping: Promise<void> | undefined;
  const stop = (reason: string, exitCode: number) => {
    stopping ??= (async () => {
      console.log(`\nArrêt de Modalis (${reason})…`);
      if (server.exitCode === null && server.signalCode === null) {
        server.kill("SIGTERM");
        if (!(await exited(server, STOP_GRACE_MS))) {
          server.kill("SIGKILL");
          await exited(server, 2_000);
        }
      }
      await options.stopBeforeClose?.().catch((error: unknown) => console.error(`Arrêt des tâches de fond : ${String(error)}`));
      await options.database.db?.close().catch((error: unknown) => console.error(`Fermeture de la base : ${String(error)}`));
      console.log("Modalis est arrêté.");
      process.exit(exitCode);
    })();
  };
  onStopRequest((reason) => stop(reason, 0));
  server.on("exit", (code, signal) => {
    if (!stopping) stop(`le serveur web s'est arrêté${signal ? ` (${signal})` : ""}`, code ?? 1);
  });
  return server;
}

/** Whether the child process exited within the time (at once if it already had). */
export function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
