import { readFileSync } from "node:fs";

/**
 * What makes `npm start` stop: a signal (Ctrl+C, `kill`, the terminal closing) or the disappearance of the
 * processes that launched it (npm, its shell) — killed without a chance to forward anything. Each ends in the same
 * orderly shutdown.
 */
export function onStopRequest(
  stop: (reason: string) => void,
  /** The signals that stop (`npm run cluster` keeps SIGHUP for its rolling restart). */
  signals: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"],
): void {
  for (const signal of signals) process.on(signal, () => stop(`signal ${signal}`));
  const watched = launcherChain();
  const initialParent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== initialParent || watched.some((pid) => !isRunning(pid))) stop("le processus qui l'a lancé a disparu");
  }, 1_000);
  timer.unref();
}

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

/** Our ancestors up to the npm process that ran us (Linux; elsewhere only the direct parent is watched). */
function launcherChain(): number[] {
  const chain: number[] = [];
  for (let pid: number | null = process.ppid; pid && pid > 1 && chain.length < 5; pid = parentOf(pid)) {
    chain.push(pid);
    if (/\bnpm\b|npm-cli/.test(commandLine(pid))) return chain;
  }
  return chain.slice(0, 1);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
