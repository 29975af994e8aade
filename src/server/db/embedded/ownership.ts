import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { createHash, randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";

/**
 * Who holds an embedded data directory. PGlite must never be opened by two processes at once (the second one's
 * close rolls the first one's acknowledged commits back, and can leave the directory unopenable), so the process
 * that opens it first writes an owner record beside it, created atomically; any other process reads the record and
 * either connects through the owner's socket (a `server` owner) or waits for it to finish (an `exclusive` one).
 * A record left by a process that died is recognised (pid gone, or reused by another process) and taken over.
 */
export type OwnerMode = "server" | "exclusive";

export type OwnerRecord = {
  pid: number;
  /** The kernel's start time of the process (Linux), so that a reused pid is not mistaken for the owner. */
  processStart: string | null;
  host: string;
  mode: OwnerMode;
  /** The command line that holds the directory, for the message shown to whoever has to wait. */
  command: string;
  since: string;
  /** Directory of the owner's Unix socket (`.s.PGSQL.5432`), once it listens. */
  socketDir: string | null;
};

export type EmbeddedPaths = { dataDir: string; runDir: string; ownerFile: string; socketDir: string; controlSocket: string };

const SOCKET_FILE = ".s.PGSQL.5432";
// Unix socket paths are limited to about 107 bytes; a deep data directory gets its socket in the temporary folder.
const MAX_SOCKET_PATH = 100;

export function embeddedPaths(dataDir: string): EmbeddedPaths {
  const resolved = path.resolve(/*turbopackIgnore: true*/ dataDir);
  const runDir = `${resolved}.run`;
  const socketDir =
    path.join(runDir, SOCKET_FILE).length <= MAX_SOCKET_PATH
      ? runDir
      : path.join(os.tmpdir(), `modalis-${createHash("sha256").update(resolved).digest("hex").slice(0, 12)}`);
  return { dataDir: resolved, runDir, ownerFile: path.join(runDir, "owner.json"), socketDir, controlSocket: path.join(socketDir, "control.sock") };
}

export const socketFile = (socketDir: string) => path.join(socketDir, SOCKET_FILE);

function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces and parentheses); the start time is field 22.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

/** False only when the holder is surely gone: same machine, and its pid no longer runs (or runs another program). */
function isOwnerAlive(record: OwnerRecord): boolean {
  if (record.host !== os.hostname()) return true;
  try {
    process.kill(record.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
  }
  const start = processStartTime(record.pid);
  return !(record.processStart && start && start !== record.processStart);
}

function readRecord(file: string): OwnerRecord | null {
  try {
    const record = JSON.parse(readFileSync(file, "utf8")) as OwnerRecord;
    return typeof record.pid === "number" ? record : null;
  } catch {
    return null;
  }
}

/** The live owner of the directory, or null (a stale record is left for `acquireOwnership` to take over). */
export function liveOwner(paths: EmbeddedPaths): OwnerRecord | null {
  const record = readRecord(paths.ownerFile);
  return record && isOwnerAlive(record) ? record : null;
}

function writeAtomically(file: string, record: OwnerRecord, replace: boolean): void {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  const fd = openSync(temporary, "wx", 0o600);
  try {
    writeSync(fd, JSON.stringify(record, null, 2));
  } finally {
    closeSync(fd);
  }
  try {
    // link() fails if the record exists: two processes can never both create it. rename() replaces our own.
    if (replace) renameSync(temporary, file);
    else linkSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

export type Ownership = {
  record: OwnerRecord;
  paths: EmbeddedPaths;
  /** Records where the owner's socket listens. */
  announceSocket(socketDir: string): void;
  release(): void;
};

/**
 * Takes the directory for this process, or returns the live owner that holds it. A stale record (its process is
 * gone) is moved aside atomically before the new one is created, so two processes recovering it at once cannot
 * both win.
 */
export function acquireOwnership(dataDir: string, mode: OwnerMode, command: string): Ownership | { holder: OwnerRecord } {
  const paths = embeddedPaths(dataDir);
  mkdirSync(paths.runDir, { recursive: true, mode: 0o700 });
  const record: OwnerRecord = {
    pid: process.pid,
    processStart: processStartTime(process.pid),
    host: os.hostname(),
    mode,
    command,
    since: new Date().toISOString(),
    socketDir: null,
  };
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      writeAtomically(paths.ownerFile, record, false);
      return ownership(paths, record);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = readRecord(paths.ownerFile);
    if (holder && isOwnerAlive(holder)) return { holder };
    const aside = `${paths.ownerFile}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
    try {
      renameSync(paths.ownerFile, aside);
    } catch {
      continue;
    }
    const moved = readRecord(aside);
    if (moved && isOwnerAlive(moved)) {
      // Someone recovered the stale record and created a fresh one in between: put theirs back.
      try {
        linkSync(aside, paths.ownerFile);
      } catch {
        /* a third process already holds it; the loop reads it again */
      }
    }
    rmSync(aside, { force: true });
  }
  throw new Error(`Impossible de prendre la base embarquée ${paths.dataDir} : son fichier de propriétaire change sans cesse.`);
}

function ownership(paths: EmbeddedPaths, record: OwnerRecord): Ownership {
  let released = false;
  const releaseOnExit = () => result.release();
  const result: Ownership = {
    record,
    paths,
    announceSocket(socketDir) {
      record.socketDir = socketDir;
      writeAtomically(paths.ownerFile, record, true);
    },
    release() {
      if (released) return;
      released = true;
      process.off("exit", releaseOnExit);
      const current = readRecord(paths.ownerFile);
      if (current?.pid === record.pid && current.since === record.since) {
        try {
          unlinkSync(paths.ownerFile);
        } catch {
          /* already gone */
        }
      }
    },
  };
  process.on("exit", releaseOnExit);
  return result;
}

/** « npm start (pid 4242, depuis 09:12) », for the messages of whoever finds the directory taken. */
export function describeOwner(record: OwnerRecord): string {
  const since = new Date(record.since).toLocaleString("fr-FR", { dateStyle: "short", timeStyle: "short", timeZone: "Europe/Paris" });
  const where = record.host === os.hostname() ? "" : ` sur la machine ${record.host}`;
  return `« ${record.command} » (processus ${record.pid}${where}, depuis le ${since})`;
}
