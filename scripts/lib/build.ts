import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

const BUILD_INPUTS = ["src", "public", "next.config.ts", "postcss.config.mjs", "package.json", "tsconfig.json"];
const STAMP = path.join(".next", "modalis-build-fingerprint");

function filesUnder(entry: string): string[] {
  if (!existsSync(entry)) return [];
  if (statSync(entry).isFile()) return [entry];
  return readdirSync(entry, { withFileTypes: true }).flatMap((child) => filesUnder(path.join(entry, child.name)));
}

/** A hash of everything the production build depends on. */
export function sourceFingerprint(): string {
  const hash = createHash("sha256");
  for (const file of BUILD_INPUTS.flatMap(filesUnder).sort()) {
    hash.update(file);
    hash.update(readFileSync(file));
  }
  return hash.digest("hex");
}

/** Runs `next build` unless the existing build was made from the same sources. */
export function buildIfNeeded(log: (line: string) => void = console.log): void {
  const fingerprint = sourceFingerprint();
  if (existsSync(path.join(".next", "BUILD_ID")) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === fingerprint) {
    log("Build à jour.");
    return;
  }
  log("Construction de l'application (next build)…");
  const nextCli = path.join("node_modules", "next", "dist", "bin", "next");
  const result = spawnSync(process.execPath, [nextCli, "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error("La construction de l'application a échoué (next build).");
  writeFileSync(STAMP, fingerprint);
}
