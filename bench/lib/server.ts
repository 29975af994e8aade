/**
 * The production server the HTTP measures load: `next build` when the sources changed (the same fingerprint as
 * `npm start`), then `next start` on the bench port, against one data set, with MODALIS_BENCH=1 (the floor page).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sourceFingerprint } from "../../scripts/lib/build";
import { log, seconds } from "./log";

const STAMP = path.join(".next", "modalis-build-fingerprint");
const NEXT_CLI = path.join("node_modules", "next", "dist", "bin", "next");

/** Builds unless the existing build was made from the same sources; the build's output goes to stderr. */
export function buildIfNeeded(): { built: boolean; ms: number } {
  const started = performance.now();
  const fingerprint = sourceFingerprint();
  if (existsSync(path.join(".next", "BUILD_ID")) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === fingerprint) {
    return { built: false, ms: 0 };
  }
  log("Construction de l'application (next build)…");
  const result = spawnSync(process.execPath, [NEXT_CLI, "build"], {
    stdio: ["ignore", process.stderr, process.stderr],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error("La construction de l'application a échoué (next build).");
  writeFileSync(STAMP, fingerprint);
  const ms = performance.now() - started;
  log(`Application construite en ${seconds(ms)}.`);
  return { built: true, ms };
}

export type BenchServer = { origin: string; process: ChildProcess; stop(): Promise<void> };

/** Starts `next start` and waits until /api/health answers 200 (the database reachable). */
export async function startServer(options: { port: number; databaseUrl: string | null; pgliteDir: string | null }): Promise<BenchServer> {
  const origin = `http://127.0.0.1:${options.port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    MODALIS_BENCH: "1",
    NEXTAUTH_URL: origin,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
  };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else {
    delete env.DATABASE_URL;
    env.PGLITE_DATA_DIR = options.pgliteDir ?? undefined;
  }
  const child = spawn(process.execPath, [NEXT_CLI, "start", "-p", String(options.port), "-H", "127.0.0.1"], {
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });
  const stop = async () => {
    if (exited) return;
    child.kill("SIGTERM");
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        resolve();
      }, 5_000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`Le serveur s'est arrêté au démarrage :\n${output}`);
    try {
      const response = await fetch(`${origin}/api/health`);
      if (response.ok) return { origin, process: child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`Le serveur n'a pas répondu en 60 s sur ${origin} :\n${output}`);
}
