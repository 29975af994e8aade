import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import type { Database } from "@/server/db/connection";
import { startControlServer } from "./control";
import { EmbeddedDatabaseBusyError, openPgliteDirectory } from "./open";
import { acquireOwnership, describeOwner, liveOwner, embeddedPaths, socketFile, type Ownership } from "./ownership";
import { EmbeddedWireServer } from "./wire-server";

export { EmbeddedDatabaseBusyError, EmbeddedDatabaseUnreadableError, backupDirectory, latestBackup } from "./open";
export { embeddedPaths, liveOwner, describeOwner } from "./ownership";
export { askOwner } from "./control";

type OpenEmbeddedOptions = {
  serve: boolean;
  command: string;
  waitMs: number;
  onWait?: (message: string) => void;
  /** A client of the owner's socket. */
  connect: (socketDir: string) => Database;
  /** Prisma directly on a PGlite this process holds alone. */
  inProcess: (pglite: PGlite) => Database;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Opens an embedded data directory without ever sharing it between two PGlite instances: through its owner's
 * socket when a process serves it; else by becoming its owner (serving it, or holding it for this run only);
 * waiting while a command holds it alone.
 */
export async function openEmbeddedDirectory(dataDir: string, options: OpenEmbeddedOptions): Promise<Database> {
  const paths = embeddedPaths(dataDir);
  const deadline = Date.now() + options.waitMs;
  let told = false;
  for (;;) {
    const owner = liveOwner(paths);
    if (owner?.mode === "server" && owner.socketDir) return options.connect(owner.socketDir);
    if (!owner) {
      const taken = acquireOwnership(dataDir, options.serve ? "server" : "exclusive", options.command);
      if ("release" in taken) return options.serve ? serveDirectory(taken, options) : holdDirectory(taken, options);
      continue;
    }
    if (Date.now() >= deadline) throw new EmbeddedDatabaseBusyError(dataDir, owner);
    if (!told) options.onWait?.(`La base embarquée est utilisée par ${describeOwner(owner)} : attente de sa fin…`);
    told = true;
    await sleep(200);
  }
}

async function holdDirectory(ownership: Ownership, options: OpenEmbeddedOptions): Promise<Database> {
  let pglite: PGlite;
  try {
    pglite = await openPgliteDirectory(ownership.paths.dataDir);
  } catch (error) {
    ownership.release();
    throw error;
  }
  const db = options.inProcess(pglite);
  return {
    ...db,
    async close() {
      try {
        await db.close();
      } finally {
        ownership.release();
      }
    },
  };
}

/** This process owns the directory for its life and serves it; its own queries go through the socket too. */
async function serveDirectory(ownership: Ownership, options: OpenEmbeddedOptions): Promise<Database> {
  const { paths } = ownership;
  let pglite: PGlite | undefined;
  let server: EmbeddedWireServer | undefined;
  let control: { close(): Promise<void> } | undefined;
  try {
    pglite = await openPgliteDirectory(paths.dataDir);
    mkdirSync(paths.socketDir, { recursive: true, mode: 0o700 });
    chmodSync(paths.socketDir, 0o700);
    rmSync(socketFile(paths.socketDir), { force: true });
    const engine = pglite;
    const wire = new EmbeddedWireServer({ pglite: engine, socketPath: socketFile(paths.socketDir) });
    server = wire;
    await wire.listen();
    control = await startControlServer(paths.controlSocket, async (request) => {
      const tarball = await wire.exclusive(() => engine.dumpDataDir("gzip"));
      const bytes = Buffer.from(await tarball.arrayBuffer());
      writeFileSync(request.file, bytes, { mode: 0o600 });
      return { ok: true, bytes: bytes.length };
    });
    ownership.announceSocket(paths.socketDir);
  } catch (error) {
    await control?.close();
    await server?.stop().catch(() => undefined);
    await pglite?.close().catch(() => undefined);
    ownership.release();
    throw error;
  }
  const db = options.connect(paths.socketDir);
  const [engine, wire, controlServer] = [pglite, server, control];
  let closing: Promise<void> | undefined;
  return {
    ...db,
    close() {
      closing ??= (async () => {
        try {
          await db.close().catch(() => undefined);
          await controlServer.close();
          await wire.stop();
          await engine.close();
        } finally {
          rmSync(socketFile(paths.socketDir), { force: true });
          ownership.release();
        }
      })();
      return closing;
    },
  };
}
