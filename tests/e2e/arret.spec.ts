/**
 * Stopping `npm start` stops everything it started within seconds and closes the embedded database cleanly:
 * by SIGTERM to npm, by Ctrl+C in its terminal (SIGINT to the whole process group), and when npm itself is
 * killed without a chance to forward anything (SIGKILL). Uses the production build the suite already made.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

const PORT = 3190;
const folder = mkdtempSync(path.join(tmpdir(), "modalis-arret-"));
const dataDir = path.join(folder, "pglite");

test.describe.configure({ mode: "serial" });
// The stop of `npm start` does not depend on the database of the suite: it runs with the embedded pass only.
test.skip(!!process.env.TEST_DATABASE_URL, "npm start est testé avec la base embarquée");
test.afterAll(() => rmSync(folder, { recursive: true, force: true }));

function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      /* gone meanwhile */
    }
  }
  const all: number[] = [];
  const visit = (id: number) => {
    for (const child of children.get(id) ?? []) {
      all.push(child);
      visit(child);
    }
  };
  visit(pid);
  return all;
}

const running = (pid: number) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");

async function healthStatus(): Promise<number | "down"> {
  try {
    return (await fetch(`http://127.0.0.1:${PORT}/api/health`, { signal: AbortSignal.timeout(3_000) })).status;
  } catch {
    return "down";
  }
}

async function startModalis(): Promise<ChildProcess> {
  const npm = spawn("npm", ["start"], {
    env: { ...process.env, PORT: String(PORT), PGLITE_DATA_DIR: dataDir, DATABASE_URL: "", NEXTAUTH_URL: `http://localhost:${PORT}` },
    stdio: "ignore",
    detached: true,
  });
  await expect.poll(healthStatus, { timeout: 300_000, intervals: [1_000] }).toBe(200);
  return npm;
}

const controlFileState = () => readFileSync(path.join(dataDir, "global", "pg_control")).readInt32LE(16);

for (const [how, stop] of [
  ["SIGTERM à npm", (npm: ChildProcess) => process.kill(npm.pid!, "SIGTERM")],
  ["Ctrl+C dans son terminal", (npm: ChildProcess) => process.kill(-npm.pid!, "SIGINT")],
  ["npm tué sans prévenir (SIGKILL)", (npm: ChildProcess) => process.kill(npm.pid!, "SIGKILL")],
] as const) {
  test(`npm start s'arrête entièrement et ferme proprement la base : ${how}`, async () => {
    test.setTimeout(420_000);
    const npm = await startModalis();
    const started = descendants(npm.pid!);
    expect(started.length).toBeGreaterThanOrEqual(3);
    stop(npm);
    await expect.poll(() => [npm.pid!, ...started].filter(running), { timeout: 15_000 }).toEqual([]);
    expect(await healthStatus()).toBe("down");
    expect(controlFileState()).toBe(1);
    expect(existsSync(`${dataDir}.run/owner.json`)).toBe(false);
  });
}
