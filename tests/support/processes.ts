import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

const TSX = path.join("node_modules", "tsx", "dist", "cli.mjs");

/** A TypeScript script of the repository run in its own process, its output collected line by line. */
export type ScriptProcess = {
  child: ChildProcess;
  lines: string[];
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited(timeoutMs?: number): Promise<number | null>;
};

/** Scripts that import server-only modules (the outbox: plan-reviews) run as package.json runs them, with this condition. */
const SERVER_SCRIPTS = new Set(["scripts/plan-reviews.ts"]);

export function runScript(script: string, args: string[], env: Record<string, string | undefined> = {}): ScriptProcess {
  const conditions = SERVER_SCRIPTS.has(script) ? ["--conditions=react-server"] : [];
  return watch(script, spawn(process.execPath, [TSX, ...conditions, script, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] }));
}

/** `npm run <name> -- <args>`, exactly as package.json declares it. */
export function runNpmScript(name: string, args: string[], env: Record<string, string | undefined> = {}): ScriptProcess {
  return watch(
    `npm run ${name}`,
    spawn("npm", ["run", "--silent", name, "--", ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] }),
  );
}

function watch(script: string, child: ChildProcess): ScriptProcess {
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  let pending = "";
  const collect = (chunk: Buffer) => {
    pending += chunk.toString();
    const parts = pending.split("\n");
    pending = parts.pop() ?? "";
    lines.push(...parts);
    for (const listener of listeners) listener();
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  return {
    child,
    lines,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = lines.find((candidate) => pattern.test(candidate));
          if (line !== undefined) {
            cleanup();
            resolve(line);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${script}: « ${pattern} » not seen in ${timeoutMs} ms. Output:\n${lines.join("\n")}`));
        }, timeoutMs);
        const onExit = () => {
          check();
          cleanup();
          reject(new Error(`${script} exited before « ${pattern} ». Output:\n${lines.join("\n")}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off("exit", onExit);
        };
        listeners.add(check);
        child.once("exit", onExit);
        check();
      });
    },
    exited(timeoutMs = 60_000) {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${script} still running after ${timeoutMs} ms`)), timeoutMs);
        child.once("exit", (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
    },
  };
}

/** PostgreSQL's own record of how the data directory was left: 1 = shut down cleanly, 6 = in production (crashed). */
export function controlFileState(dataDir: string): number {
  return readFileSync(path.join(dataDir, "global", "pg_control")).readInt32LE(16);
}
export const SHUT_DOWN_CLEANLY = 1;
