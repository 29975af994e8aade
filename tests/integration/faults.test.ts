import net from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/server/db/connection";
import { applyMigrations } from "@/server/db/migrations";
import { GET as health } from "@/app/api/health/route";
import { createTestDatabase, installAsAppDatabase, testServerUrl, type TestDatabase } from "../support/database";

/** A TCP relay in front of PostgreSQL that the test can cut and restore, as a network failure would. */
class Relay {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  /** Chosen by the system on the first start, kept on restarts. */
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<number> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this.port;
  }

  /** The server stops answering without closing anything, as a frozen (SIGSTOP) or unreachable server would. */
  freeze(): void {
    for (const socket of this.sockets) socket.pause();
    this.server?.removeAllListeners("connection");
    this.server?.on("connection", (socket: net.Socket) => {
      this.sockets.add(socket);
      socket.pause();
    });
  }

  async cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }
}

/** A fresh test database reached through a relay the test controls, opened as the app would open it. */
async function databaseBehindRelay(statementTimeoutMs: number): Promise<{ base: TestDatabase; relay: Relay; db: Database }> {
  const base = await createTestDatabase();
  const target = new URL(base.url!);
  const relay = new Relay({ host: target.hostname, port: Number(target.port || 5432) });
  const viaRelay = new URL(base.url!);
  viaRelay.port = String(await relay.start());
  const db = await openDatabase({ engine: "postgres", url: viaRelay.toString(), connectTimeoutMs: 1_000, statementTimeoutMs });
  // Health answers within its deadline: the client's first query (engine start-up) is not what is measured here.
  await db.prisma.$queryRawUnsafe("SELECT 1");
  return { base, relay, db };
}

/** Fails the test instead of hanging when a call never settles. */
function settlesWithin<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms))]);
}

describe.skipIf(!testServerUrl)("faults — PostgreSQL unreachable, frozen, dropping idle connections", () => {
  const opened: { base: TestDatabase; relay: Relay; db: Database }[] = [];
  async function open(statementTimeoutMs: number) {
    const setup = await databaseBehindRelay(statementTimeoutMs);
    opened.push(setup);
    return setup;
  }
  afterAll(async () => {
    for (const { relay, db, base } of opened) {
      await relay.cut();
      await db.close().catch(() => undefined);
      await base.dispose();
    }
  });

  it("reports it on /api/health, writes nothing half, and recovers when the database returns", async () => {
    const { base, relay, db } = await open(5_000);
    installAsAppDatabase(db);

    const healthy = await health();
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toEqual({ status: "ok", database: "ok" });

    // The connection drops in the middle of a transaction: the first insert must not survive.
    const write = db.prisma.$transaction(async (tx) => {
      await tx.agency.create({ data: { code: "FAULT-1", name: "Panne", departement: "76", address: "1 rue" } });
      await relay.cut();
      await tx.agency.create({ data: { code: "FAULT-2", name: "Panne 2", departement: "76", address: "2 rue" } });
    });
    await expect(write).rejects.toThrow();

    const down = await health();
    expect(down.status).toBe(503);
    const body = await down.json();
    expect(body).toEqual({ status: "degraded", database: "unreachable" });
    expect(JSON.stringify(body)).not.toMatch(/prisma|ECONN|stack/i);

    await relay.start();
    await expect.poll(async () => (await health()).status, { timeout: 15_000, interval: 250 }).toBe(200);
    expect(await base.prisma.agency.count({ where: { code: { startsWith: "FAULT-" } } })).toBe(0);
    await db.prisma.agency.create({ data: { code: "FAULT-3", name: "Après la panne", departement: "76", address: "3 rue" } });
    expect(await base.prisma.agency.count({ where: { code: "FAULT-3" } })).toBe(1);
  });

  it("answers 503 on /api/health and fails queries instead of hanging while the server is frozen", async () => {
    const { relay, db } = await open(1_000);
    installAsAppDatabase(db);
    expect((await health()).status).toBe(200);

    relay.freeze();
    const frozen = await settlesWithin(health(), 5_000);
    expect(frozen.status).toBe(503);
    await expect(settlesWithin(db.prisma.agency.count(), 10_000)).rejects.toThrow(/timeout/i);
  });

  it("survives idle connections that the server drops (no uncaught exception)", async () => {
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", record);
    try {
      const { relay, db } = await open(5_000);
      await db.execScript("SELECT 1");
      await db.prisma.agency.count();
      await relay.cut();
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      process.off("uncaughtException", record);
    }
    expect(uncaught).toEqual([]);
  });
});

describe("faults — restarting on the embedded database", () => {
  it("loses nothing that was committed", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "modalis-restart-"));
    const dataDir = path.join(folder, "pglite");
    try {
      const first = await openDatabase({ engine: "pglite", dataDir });
      await applyMigrations(first);
      await first.prisma.agency.create({ data: { code: "RESTART", name: "Redémarrage", departement: "76", address: "1 rue" } });
      await first.close();
      const second = await openDatabase({ engine: "pglite", dataDir });
      await applyMigrations(second);
      expect(await second.prisma.agency.findUnique({ where: { code: "RESTART" }, select: { name: true } })).toEqual({ name: "Redémarrage" });
      await second.close();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
