/**
 * The Chromium the end-to-end tests drive, looked for in this order: CHROMIUM_PATH, the distribution's package
 * (/usr/bin/chromium), Playwright's own build (`npx playwright install chromium`). Some machines cannot download
 * Playwright's build (only the npm registry and the distribution's packages are reachable), hence the first two.
 * playwright.config.ts only looks (findChromium); `npm test` also installs one when none is there (ensureChromium).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

const DISTRIBUTION_CHROMIUM = "/usr/bin/chromium";
const PLAYWRIGHT_CLI = "node_modules/@playwright/test/cli.js";

export type Browser = { path: string; origin: string };

export function findChromium(): Browser | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH désigne « ${configured} », qui n'existe pas.`);
    return { path: configured, origin: "Chromium de CHROMIUM_PATH" };
  }
  if (existsSync(DISTRIBUTION_CHROMIUM)) return { path: DISTRIBUTION_CHROMIUM, origin: "Chromium de la distribution" };
  const playwrights = chromium.executablePath();
  if (existsSync(playwrights)) return { path: playwrights, origin: "Chromium de Playwright" };
  return undefined;
}

function run(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }).status === 0;
}

/**
 * A Chromium for Playwright: one already there, else Playwright's own download, else the distribution's package (as
 * root, with apt-get). Says in French what it found or installed; undefined, after saying why, when there is none.
 */
export function ensureChromium(): string | undefined {
  let found: Browser | undefined;
  try {
    found = findChromium();
  } catch (error) {
    console.error((error as Error).message);
    return undefined;
  }
  if (found) {
    console.log(`Navigateur : ${found.origin} (${found.path}).`);
    return found.path;
  }
  console.log("Aucun Chromium trouvé (CHROMIUM_PATH, /usr/bin/chromium, celui de Playwright) : téléchargement de celui de Playwright…");
  if (run(process.execPath, [PLAYWRIGHT_CLI, "install", "chromium"]) && (found = findChromium())) {
    console.log(`Navigateur : ${found.origin}, installé (${found.path}).`);
    return found.path;
  }
  console.log("Le téléchargement du Chromium de Playwright a échoué.");
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    console.log("Installation du paquet chromium de la distribution (apt-get)…");
    if (run("apt-get", ["update", "-qq"]) && run("apt-get", ["install", "-y", "-qq", "chromium"]) && existsSync(DISTRIBUTION_CHROMIUM)) {
      console.log(`Navigateur : Chromium de la distribution, installé (${DISTRIBUTION_CHROMIUM}).`);
      return DISTRIBUTION_CHROMIUM;
    }
    console.log("L'installation du paquet chromium de la distribution a échoué.");
  }
  console.error(
    "Aucun navigateur pour les tests de bout en bout. Installez Chromium (Debian : `sudo apt-get install chromium`), " +
      "ou celui de Playwright (`npx playwright install chromium`) là où le téléchargement est permis, " +
      "ou indiquez le chemin d'un Chromium dans CHROMIUM_PATH.",
  );
  return undefined;
}
