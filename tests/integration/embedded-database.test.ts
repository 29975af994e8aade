/**
 * The embedded database is never opened by two processes: whoever comes second goes through the owner's socket
 * (or waits for a command that holds it alone), acknowledged writes survive any number of concurrent commands, a
 * dead owner's record is taken over, an unreadable directory is explained in French, and backups round-trip.
 */
import { spawnSync } from "node:child_process";
import net from "node:net";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/server/db/connection";
import { applyMigrations } from "@/server/db/migrations";
import { backupDatabase, restoreDatabase } from "@/server/db/backup";
import { backupDirectory, embeddedPaths, EmbeddedDatabaseBusyError, EmbeddedDatabaseUnreadableError } from "@/server/db/embedded";
import { EmbeddedWireServer } from "@/server/db/embedded/wire-server";
import { seedDemo } from "@/server/seed";
import { createTestDatabase, tableChecksums, testServerUrl } from "../support/database";
import { controlFileState, runScript, SHUT_DOWN_CLEANLY, type ScriptProcess } from "../support/processes";

const folders: string[] = [];
function freshFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), "modalis-embedded-"));
  folders.push(folder);
  return folder;
}
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

// Creating a PGlite directory takes seconds: each test starts from a copy of one migrated directory.
let template: string | undefined;
async function migratedDirectory(): Promise<string> {
  if (!template) {
    template = path.join(freshFolder(), "template");
    const db = await openDatabase({ engine: "pglite", dataDir: template });
    await applyMigrations(db);
    await db.close();
  }
  const dataDir = path.join(freshFolder(), "pglite");
  cpSync(template, dataDir, { recursive: true });
  return dataDir;
}

// Raw protocol messages, to send one client's Parse and Bind in separate packets.
const message = (type: string, body: Buffer) => {
  const out = Buffer.alloc(5 + body.length);
  out.write(type, 0);
  out.writeInt32BE(4 + body.length, 1);
  body.copy(out, 5);
  return out;
};
const cstring = (text: string) => Buffer.concat([Buffer.from(text), Buffer.from([0])]);
const startupMessage = () => {
  const body = Buffer.concat([Buffer.from([0, 3, 0, 0]), cstring("user"), cstring("postgres"), cstring("database"), cstring("postgres"), Buffer.from([0])]);
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4);
  return Buffer.concat([length, body]);
};
const parse = (sql: string) => message("P", Buffer.concat([cstring(""), cstring(sql), Buffer.from([0, 0])]));
const bindExecuteSync = () =>
  Buffer.concat([
    message("B", Buffer.concat([cstring(""), cstring(""), Buffer.from([0, 0, 0, 0, 0, 0])])),
    message("E", Buffer.concat([cstring(""), Buffer.from([0, 0, 0, 0])])),
    message("S", Buffer.alloc(0)),
  ]);

async function rawClient(socketPath: string) {
  const socket = net.connect(socketPath);
  let received = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.write(startupMessage());
  await expect.poll(() => received.includes(Buffer.from("Z\0\0\0\x05I"))).toBe(true);
  received = Buffer.alloc(0);
  return { socket, text: () => received.toString("latin1") };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(testServerUrl)("embedded database — the owner's wire server", () => {
  let pglite: PGlite;
  let server: EmbeddedWireServer;
  let socketPath: string;
  const clients: pg.Client[] = [];

  beforeAll(async () => {
    pglite = await PGlite.create();
    await pglite.exec("CREATE TABLE counter (n int); INSERT INTO counter VALUES (0); CREATE TABLE item (id serial PRIMARY KEY, note text);");
    socketPath = path.join(freshFolder(), ".s.PGSQL.5432");
    server = new EmbeddedWireServer({ pglite, socketPath, holdTimeoutMs: 1_000 });
    await server.listen();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.end().catch(() => undefined)));
  });
  afterAll(async () => {
    await server.stop();
    await pglite.close();
  });

  async function client(): Promise<pg.Client> {
    const connection = new pg.Client({ host: path.dirname(socketPath), user: "postgres", database: "postgres" });
    await connection.connect();
    clients.push(connection);
    return connection;
  }

  it("never lets another client's statement slip between a client's Parse and its Bind", async () => {
    const first = await rawClient(socketPath);
    const second = await rawClient(socketPath);
    first.socket.write(parse("SELECT 'from-first' AS v"));
    await sleep(100);
    second.socket.write(Buffer.concat([parse("SELECT 'from-second' AS v"), bindExecuteSync()]));
    await sleep(100);
    first.socket.write(bindExecuteSync());
    await expect.poll(() => first.text().includes("Z\0\0\0\x05I") && second.text().includes("Z\0\0\0\x05I")).toBe(true);
    expect(first.text().match(/from-(first|second)/g)).toEqual(["from-first"]);
    expect(second.text().match(/from-(first|second)/g)).toEqual(["from-second"]);
    first.socket.destroy();
    second.socket.destroy();
  });

  it("runs concurrent read-modify-write transactions one after the other: no lost update", async () => {
    const connections = await Promise.all(Array.from({ length: 8 }, () => client()));
    await Promise.all(
      connections.map(async (connection, index) => {
        for (let round = 0; round < 25; round++) {
          await connection.query("BEGIN");
          const { rows } = await connection.query<{ n: number }>("SELECT n FROM counter");
          await connection.query("UPDATE counter SET n = $1", [rows[0]!.n + 1]);
          await connection.query("INSERT INTO item (note) VALUES ($1)", [`${index}-${round}`]);
          await connection.query("COMMIT");
        }
      }),
    );
    const { rows } = await connections[0]!.query<{ n: number; items: number }>("SELECT n, (SELECT count(*)::int FROM item) AS items FROM counter");
    expect(rows[0]).toEqual({ n: 200, items: 200 });
  });

  it("stops while clients are still connected: they are disconnected, the stop does not wait for them to leave", async () => {
    const own = await PGlite.create();
    const ownSocket = path.join(freshFolder(), ".s.PGSQL.5432");
    const ownServer = new EmbeddedWireServer({ pglite: own, socketPath: ownSocket, holdTimeoutMs: 1_000 });
    await ownServer.listen();
    const connected = new pg.Client({ host: path.dirname(ownSocket), user: "postgres", database: "postgres" });
    connected.on("error", () => undefined);
    await connected.connect();
    expect((await connected.query<{ v: number }>("SELECT 1 AS v")).rows[0]?.v).toBe(1);
    // Regression: stop() awaited the listening socket's close, which waits for every client to leave first, so an
    // idle pool (a job queue's, a script's) kept the owner from ever stopping.
    const stopped = await Promise.race([ownServer.stop().then(() => "stopped"), sleep(10_000).then(() => "still waiting")]);
    expect(stopped).toBe("stopped");
    await expect(connected.query("SELECT 1")).rejects.toThrow();
    await own.close();
  });

  it("rolls back the transaction of a client that disconnects, and of one that holds the engine idle too long", async () => {
    const quitter = await client();
    quitter.on("error", () => undefined);
    await quitter.query("BEGIN");
    await quitter.query("INSERT INTO item (note) VALUES ('abandoned')");
    const other = await client();
    const waiting = other.query("SELECT count(*)::int AS n FROM item WHERE note = 'abandoned'");
    (quitter as unknown as { connection: { stream: net.Socket } }).connection.stream.destroy();
    expect((await waiting).rows[0]).toEqual({ n: 0 });

    const idle = await client();
    idle.on("error", () => undefined);
    await idle.query("BEGIN");
    await idle.query("INSERT INTO item (note) VALUES ('idle')");
    // Held for longer than the server's hold timeout (1 s here): the others are served again, the write is gone.
    const { rows } = await other.query<{ n: number }>("SELECT count(*)::int AS n FROM item WHERE note = 'idle'");
    expect(rows[0]).toEqual({ n: 0 });
    await expect(idle.query("COMMIT")).rejects.toThrow();
  });
});

describe.skipIf(testServerUrl)("embedded database — one owner per data directory", () => {
  const owners: ScriptProcess[] = [];
  afterEach(() => {
    for (const owner of owners.splice(0)) owner.child.kill("SIGKILL");
  });

  async function startOwner(dataDir: string, write: boolean): Promise<ScriptProcess> {
    const owner = runScript("tests/support/embedded-owner.ts", [dataDir, ...(write ? ["--write"] : [])]);
    owners.push(owner);
    await owner.waitFor(/^prêt$/, 120_000);
    return owner;
  }

  it("loses no acknowledged write while migrate, plan-reviews and another client use the directory", async () => {
    const dataDir = await migratedDirectory();
    const owner = await startOwner(dataDir, true);
    const env = { PGLITE_DATA_DIR: dataDir, DATABASE_URL: "" };
    const migrate = runScript("scripts/migrate.ts", [], env);
    const planReviews = runScript("scripts/plan-reviews.ts", ["--today", "2026-11-30"], env);
    const client = await openDatabase({ engine: "pglite", dataDir });
    for (let index = 0; index < 20; index++) {
      await client.prisma.agency.create({ data: { code: `CLIENT-${index}`, name: "Client", departement: "76", address: "2 rue" } });
    }
    expect(await migrate.exited(120_000)).toBe(0);
    expect(await planReviews.exited(120_000)).toBe(0);
    await client.close();

    owner.child.kill("SIGTERM");
    await owner.waitFor(/^fermé$/);
    expect(await owner.exited()).toBe(0);
    const acknowledged = owner.lines.filter((line) => line.startsWith("ok ")).length;
    expect(acknowledged).toBeGreaterThan(20);
    expect(controlFileState(dataDir)).toBe(SHUT_DOWN_CLEANLY);

    const reopened = await openDatabase({ engine: "pglite", dataDir });
    try {
      expect(await reopened.prisma.auditEvent.count({ where: { action: "test.write" } })).toBe(acknowledged);
      expect(await reopened.prisma.agency.count({ where: { code: { startsWith: "CLIENT-" } } })).toBe(20);
    } finally {
      await reopened.close();
    }
  }, 300_000);

  it("takes over the directory of an owner killed with SIGKILL, with every acknowledged write", async () => {
    const dataDir = await migratedDirectory();
    const owner = await startOwner(dataDir, true);
    await owner.waitFor(/^ok W\d+-30$/);
    owner.child.kill("SIGKILL");
    await owner.exited();
    const acknowledged = owner.lines.filter((line) => line.startsWith("ok ")).length;
    const next = await openDatabase({ engine: "pglite", dataDir });
    try {
      expect(await next.prisma.auditEvent.count({ where: { action: "test.write" } })).toBeGreaterThanOrEqual(acknowledged);
    } finally {
      await next.close();
    }
  }, 300_000);

  it("makes a second command wait for one that holds the directory alone, then refuses it naming the holder", async () => {
    const dataDir = await migratedDirectory();
    const holder = await openDatabase({ engine: "pglite", dataDir, command: "npm run seed" });
    try {
      const waited: string[] = [];
      const second = openDatabase({ engine: "pglite", dataDir, waitMs: 600, onWait: (line) => waited.push(line) });
      await expect(second).rejects.toBeInstanceOf(EmbeddedDatabaseBusyError);
      await expect(second).rejects.toThrow(new RegExp(`« npm run seed » \\(processus ${process.pid}, depuis le`));
      expect(waited).toEqual([expect.stringMatching(/^La base embarquée est utilisée par « npm run seed »/)]);
    } finally {
      await holder.close();
    }
    const afterwards = await openDatabase({ engine: "pglite", dataDir, waitMs: 0 });
    await afterwards.close();
  });

  it("recovers the owner record of a process that no longer exists", async () => {
    const dataDir = await migratedDirectory();
    const paths = embeddedPaths(dataDir);
    const gone = spawnSync(process.execPath, ["-e", "process.pid"]);
    mkdirSync(paths.runDir, { recursive: true });
    const record = {
      pid: gone.pid,
      processStart: null,
      host: hostname(),
      mode: "server",
      command: "npm start",
      since: new Date().toISOString(),
      socketDir: paths.socketDir,
    };
    writeFileSync(paths.ownerFile, JSON.stringify(record));
    const db = await openDatabase({ engine: "pglite", dataDir, waitMs: 0 });
    await db.close();
  });

  it("explains in French how to restore a directory that cannot be opened", async () => {
    const dataDir = await migratedDirectory();
    const backup = await backupDatabase({ engine: "pglite", dataDir });
    for (const segment of readdirSync(path.join(dataDir, "pg_wal")).filter((name) => /^[0-9A-F]{24}$/.test(name))) {
      rmSync(path.join(dataDir, "pg_wal", segment));
    }
    const opening = openDatabase({ engine: "pglite", dataDir });
    await expect(opening).rejects.toBeInstanceOf(EmbeddedDatabaseUnreadableError);
    await expect(opening).rejects.toThrow(/ne peut pas être ouverte : ses fichiers sont endommagés/);
    await expect(opening).rejects.toThrow(`npm run restore -- "${backup.file}"`);
    expect(path.dirname(backup.file)).toBe(backupDirectory(dataDir));

    await restoreDatabase({ engine: "pglite", dataDir }, backup.file);
    const restored = await openDatabase({ engine: "pglite", dataDir });
    try {
      expect(await applyMigrations(restored)).toEqual([]);
    } finally {
      await restored.close();
    }
  });

  it("backs up while the app serves the directory, refuses to restore under it, and restores every row once stopped", async () => {
    const dataDir = await migratedDirectory();
    const seeding = await openDatabase({ engine: "pglite", dataDir });
    await seedDemo(seeding, { today: "2026-11-30", scale: 0.05 });
    const before = await tableChecksums(seeding.prisma);
    await seeding.close();
    expect(before.Seeker!.rows).toBeGreaterThan(50);
    expect(before.AuditEvent!.rows).toBeGreaterThan(0);

    const owner = await startOwner(dataDir, false);
    const backup = await backupDatabase({ engine: "pglite", dataDir }, path.join(freshFolder(), "sauvegarde.tar.gz"));
    await expect(restoreDatabase({ engine: "pglite", dataDir }, backup.file)).rejects.toThrow(/utilisée par « propriétaire de test »/);
    const writer = await openDatabase({ engine: "pglite", dataDir });
    await writer.prisma.agency.create({ data: { code: "APRES-SAUVEGARDE", name: "Après", departement: "76", address: "3 rue" } });
    await writer.close();
    owner.child.kill("SIGTERM");
    await owner.exited();

    const { setAside } = await restoreDatabase({ engine: "pglite", dataDir }, backup.file);
    expect(setAside).toMatch(/pglite\.avant-restauration-/);
    const restored = await openDatabase({ engine: "pglite", dataDir });
    try {
      expect(await tableChecksums(restored.prisma)).toEqual(before);
    } finally {
      await restored.close();
    }
  }, 300_000);
});

describe.skipIf(!testServerUrl)("PostgreSQL — backup and restore with pg_dump / pg_restore", () => {
  let source: Database & { dispose(): Promise<void>; url: string | null };
  let target: Database & { dispose(): Promise<void>; url: string | null };
  afterAll(async () => {
    await source?.dispose();
    await target?.dispose();
  });

  it("restores every table with the same rows", async () => {
    source = await createTestDatabase();
    await seedDemo(source, { today: "2026-11-30", scale: 0.05 });
    const before = await tableChecksums(source.prisma);
    const file = path.join(freshFolder(), "modalis.dump");
    await backupDatabase({ engine: "postgres", url: source.url! }, file);

    target = await createTestDatabase();
    await target.prisma.agency.create({ data: { code: "A-ECRASER", name: "Sera remplacée", departement: "76", address: "1 rue" } });
    await restoreDatabase({ engine: "postgres", url: target.url! }, file);
    expect(await tableChecksums(target.prisma)).toEqual(before);
  }, 300_000);
});
