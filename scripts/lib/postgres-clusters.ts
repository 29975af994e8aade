/**
 * Real local PostgreSQL clusters for the tests: a primary made with `initdb`, and streaming replicas of it made with
 * `pg_basebackup -R`, with the machine's PostgreSQL 15 server binaries. Each listens on 127.0.0.1 only, on its own
 * port, trusts loopback connections (replication included), and is stopped when the test process exits, even on a
 * failure. The server binaries refuse to run as root: as root, they run as the `postgres` user (`runuser`).
 */
import { execFile, execFileSync } from "node:child_process";
import { appendFileSync, chmodSync, chownSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

export const POSTGRES_BIN = process.env.POSTGRES_BIN ?? "/usr/lib/postgresql/15/bin";

export type PrimaryCluster = {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
};

export type ReplicaCluster = PrimaryCluster & {
  start(): Promise<void>;
  /** Stops applying the WAL received from the primary (`pg_wal_replay_pause`): the replica's data stays as it is. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
};

const asRoot = typeof process.getuid === "function" && process.getuid() === 0;

function ownerIds(): { uid: number; gid: number } | null {
  if (!asRoot) return null;
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  return { uid, gid };
}

/** Runs a PostgreSQL binary (as `postgres` when this process is root); rejects with its output on failure. */
function runBinary(name: string, args: string[], timeoutMs = 60_000): Promise<string> {
  const binary = path.join(POSTGRES_BIN, name);
  const [command, finalArgs] = asRoot ? ["runuser", ["-u", "postgres", "--", binary, ...args]] : [binary, args];
  return new Promise((resolve, reject) => {
    execFile(command, finalArgs, { timeout: timeoutMs, maxBuffer: 10 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${name} ${args.join(" ")} failed: ${error.message}\n${stdout}\n${stderr}`.slice(0, 4_000)));
      else resolve(stdout);
    });
  });
}

/** A folder the server may own: created, then given to `postgres` when running as root. */
function prepareDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const ids = ownerIds();
  // The parent folders must be traversable by `postgres`.
  if (ids) {
    let parent = path.dirname(dir);
    while (parent !== path.dirname(parent)) {
      try {
        chmodSync(parent, 0o755);
      } catch {
        break;
      }
      if (parent === "/tmp" || parent === path.dirname(parent)) break;
      parent = path.dirname(parent);
    }
    chownSync(dir, ids.uid, ids.gid);
  }
  chmodSync(dir, 0o700);
}

/** The clusters started by this process, stopped at its exit whatever happened (`pg_ctl stop -m immediate`). */
const running = new Set<string>();
let exitHookInstalled = false;

function stopAllAtExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const stopAll = () => {
    for (const dataDir of running) {
      const binary = path.join(POSTGRES_BIN, "pg_ctl");
      const args = ["stop", "-D", dataDir, "-m", "immediate", "-w", "-t", "10"];
      try {
        if (asRoot) execFileSync("runuser", ["-u", "postgres", "--", binary, ...args], { stdio: "ignore" });
        else execFileSync(binary, args, { stdio: "ignore" });
      } catch {
        // Already stopped.
      }
    }
    running.clear();
  };
  process.once("exit", stopAll);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      stopAll();
      process.exit(130);
    });
  }
}

async function pgCtlStart(dataDir: string, port: number): Promise<void> {
  stopAllAtExit();
  running.add(dataDir);
  try {
    await runBinary("pg_ctl", ["start", "-D", dataDir, "-w", "-t", "60", "-l", path.join(dataDir, "server.log"), "-o", `-p ${port}`]);
  } catch (error) {
    running.delete(dataDir);
    throw error;
  }
}

async function pgCtlStop(dataDir: string): Promise<void> {
  if (!running.has(dataDir)) return;
  await runBinary("pg_ctl", ["stop", "-D", dataDir, "-m", "fast", "-w", "-t", "60"]);
  running.delete(dataDir);
}

function clusterUrl(port: number, database = "postgres"): string {
  return `postgresql://postgres@127.0.0.1:${port}/${database}`;
}

async function onCluster<T>(port: number, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: clusterUrl(port), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Settings for a cluster on a loopback port: trust on loopback (replication included), quick to start and stop. */
const SERVER_SETTINGS = (port: number) => `
listen_addresses = '127.0.0.1'
port = ${port}
unix_socket_directories = ''
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
hot_standby = on
hot_standby_feedback = on
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 32MB
max_connections = 100
logging_collector = off
`;

const HBA = `
host all all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
`;

/** A new primary cluster in `dataDir` (which must not exist or be empty), started on `port`. */
export async function startPrimary(options: { dataDir: string; port: number }): Promise<PrimaryCluster> {
  const { dataDir, port } = options;
  prepareDirectory(dataDir);
  await runBinary("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C"], 120_000);
  appendFileSync(path.join(dataDir, "postgresql.conf"), SERVER_SETTINGS(port));
  writeFileSync(path.join(dataDir, "pg_hba.conf"), HBA);
  await pgCtlStart(dataDir, port);
  return { url: clusterUrl(port), port, dataDir, stop: () => pgCtlStop(dataDir) };
}

/**
 * A streaming replica of `primary`: `pg_basebackup -R` (which writes `primary_conninfo` and `standby.signal`), then
 * started on `port` as a hot standby that answers reads.
 */
export async function startReplica(primary: Pick<PrimaryCluster, "port">, options: { dataDir: string; port: number }): Promise<ReplicaCluster> {
  const { dataDir, port } = options;
  prepareDirectory(dataDir);
  await runBinary(
    "pg_basebackup",
    ["-h", "127.0.0.1", "-p", String(primary.port), "-U", "postgres", "-D", dataDir, "-R", "--wal-method=stream", "--checkpoint=fast", "--no-sync"],
    120_000,
  );
  appendFileSync(path.join(dataDir, "postgresql.conf"), `\nport = ${port}\nhot_standby = on\n`);
  if (!existsSync(path.join(dataDir, "standby.signal"))) throw new Error("pg_basebackup -R did not write standby.signal");
  await pgCtlStart(dataDir, port);
  const replica: ReplicaCluster = {
    url: clusterUrl(port),
    port,
    dataDir,
    stop: () => pgCtlStop(dataDir),
    start: async () => {
      if (!running.has(dataDir)) await pgCtlStart(dataDir, port);
    },
    // pg_wal_replay_pause() only asks: replay may apply a few more records until the startup process says « paused ».
    pauseReplay: () =>
      onCluster(port, async (client) => {
        await client.query("SELECT pg_wal_replay_pause()");
        const deadline = Date.now() + 10_000;
        for (;;) {
          const { rows } = await client.query<{ state: string }>("SELECT pg_get_wal_replay_pause_state() AS state");
          if (rows[0]?.state === "paused") return;
          if (Date.now() > deadline) throw new Error(`the replica on port ${port} did not pause its replay (${rows[0]?.state ?? "?"})`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }),
    resumeReplay: () => onCluster(port, (client) => client.query("SELECT pg_wal_replay_resume()")).then(() => undefined),
  };
  return replica;
}

/** Waits until the replica has replayed everything the primary had written when this is called. */
export async function waitForReplay(primary: Pick<PrimaryCluster, "port">, replica: Pick<ReplicaCluster, "port">, timeoutMs = 30_000): Promise<void> {
  const target = await onCluster(
    primary.port,
    // The insert position, not the write position: with synchronous_commit = off (these test clusters) a committed
    // transaction may not be written yet, and waiting for the write position returned before its replay.
    async (client) => (await client.query<{ lsn: string }>("SELECT pg_current_wal_insert_lsn()::text AS lsn")).rows[0]!.lsn,
  );
  const deadline = Date.now() + timeoutMs;
  await onCluster(replica.port, async (client) => {
    for (;;) {
      const { rows } = await client.query<{ caught: boolean }>("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS caught", [target]);
      if (rows[0]?.caught) return;
      if (Date.now() > deadline) throw new Error(`the replica on port ${replica.port} did not replay up to ${target}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
}
