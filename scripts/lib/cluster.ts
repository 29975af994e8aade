/**
 * Modalis as it would be deployed, on loopback: N stateless app instances (scripts/serve-next.ts, production build)
 * behind a real HAProxy (the distribution's package), one job worker for the whole cluster (scripts/worker.ts), all
 * on one PostgreSQL database (and its streaming replica when given). Used by `npm run cluster` and tests/cluster.
 *
 * - The instances share everything that matters through the database: sessions (`UserSession`), login throttling
 *   (`LoginCounter`), the message rate limit, the job queue (pg-boss); nothing is kept in one process's memory.
 * - HAProxy checks `GET /api/health` every few hundred milliseconds, adds `X-Forwarded-For`, retries a request whose
 *   connection failed on another instance (`option redispatch`), and is driven through its runtime API (a Unix
 *   socket in the cluster's temporary folder) to drain an instance and put it back.
 * - HAProxy reaches the instances from 127.0.0.2, the one trusted proxy (`TRUSTED_PROXIES`): a client of the balancer
 *   on 127.0.0.1 is then a client like any other, and the `X-Forwarded-For` it forges stays on the left of the one
 *   HAProxy appends, which the app reads from the right (src/server/auth/client-address.ts).
 * - A rolling restart drains one instance at a time (runtime API), waits until it serves nobody, stops it (SIGTERM;
 *   its health check answers 503 meanwhile), starts it again, waits until HAProxy sees it UP and puts it back.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "@/server/db/connection";
import { applyMigrations } from "@/server/db/migrations";
import { seedDemo } from "@/server/seed";
import { buildIfNeeded } from "./build";
import { exited } from "./serve";

export type ClusterOptions = {
  /** How many app instances. */
  instances: number;
  /** The balancer's port on 127.0.0.1. */
  port: number;
  /** The first instance's port (the next ones follow); `port + 1` by default. */
  instancePort?: number;
  /** The primary PostgreSQL database. */
  databaseUrl: string;
  /** The streaming replica for reads (DATABASE_REPLICA_URL of the instances and the worker). */
  replicaUrl?: string;
  /** More environment for the instances and the worker (NEXTAUTH_SECRET, SMTP_URL…). */
  env?: Record<string, string | undefined>;
  /** Load the demo data into an empty database. */
  demo?: boolean;
  /** Skip `next build` (the caller built already). */
  skipBuild?: boolean;
  log?: (line: string) => void;
};

export type InstanceInfo = { name: string; port: number; pid: number | undefined };

/** One server as HAProxy sees it. */
export type ServerState = {
  name: string;
  /** HAProxy's status: UP, DOWN, DRAIN, MAINT, « UP 1/2 » (going down), « DOWN 1/2 » (coming up)… */
  status: string;
  /** Its health checks pass (operational state running), whatever its administrative state. */
  up: boolean;
  /** Set to drain or to maintenance through the runtime API. */
  draining: boolean;
  maintenance: boolean;
  /** Requests being served by it now, and waiting in its queue. */
  currentSessions: number;
  queued: number;
};

export type Cluster = {
  url: string;
  /** Where the HAProxy configuration and runtime socket are. */
  directory: string;
  instances: InstanceInfo[];
  /** Whether the database had no agency at start (nothing to sign into: seed it or create an administrator). */
  emptyDatabase: boolean;
  /** Stops an instance: SIGTERM (drains, then leaves) by default, SIGKILL for a crash. Resolves once it exited. */
  stopInstance(index: number, signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
  /** Starts a stopped instance again on its port; resolves once it answers its health check. */
  startInstance(index: number): Promise<void>;
  /** Every instance in turn: drained, stopped, started, back in service once UP. */
  rollingRestart(): Promise<void>;
  serverStates(): Promise<ServerState[]>;
  /** Waits until HAProxy reports the instance in that state (UP and ready, or DOWN). */
  waitForServer(index: number, wanted: "UP" | "DOWN", timeoutMs?: number): Promise<void>;
  /** A command of HAProxy's runtime API, e.g. `show stat`. */
  runtime(command: string): Promise<string>;
  stop(): Promise<void>;
};

const BACKEND = "modalis_app";
/** The address HAProxy connects to the instances from: the one trusted proxy. */
export const BALANCER_SOURCE_ADDRESS = "127.0.0.2";
/** How long an instance keeps serving after SIGTERM while HAProxy's checks see its 503 (rise/fall below). */
const DRAIN_MS = 3_000;
const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 30_000;

export function haproxyBinary(): string {
  const found = spawnSync("sh", ["-c", "command -v haproxy"], { encoding: "utf8" });
  const binary = found.stdout.trim();
  if (found.status !== 0 || !binary) {
    throw new Error("HAProxy est introuvable. Installez le paquet de la distribution : sudo apt-get install -y haproxy (puis relancez).");
  }
  return binary;
}

/** The HAProxy configuration of the cluster (exported for the documentation and the tests). */
export function haproxyConfig(options: { port: number; socket: string; servers: { name: string; port: number }[] }): string {
  return `# Generated by scripts/lib/cluster.ts
global
  maxconn 2000
  # The runtime API: drain / ready a server, read its state (show stat, show servers state).
  stats socket ${options.socket} mode 600 level admin
  stats timeout 30s

defaults
  mode http
  log global
  option dontlognull
  timeout connect 2s
  timeout client 120s
  timeout server 120s
  timeout queue 60s
  timeout check 5s
  # Longer than a client's idle keep-alive (Node.js: 4-5 s), so that the client closes first, never mid-request.
  timeout http-keep-alive 60s
  timeout http-request 30s
  retries 3
  # A request whose connection failed goes to another server at the next attempt.
  option redispatch 1
  # The client's address for the app (login throttling, audit), appended to any X-Forwarded-For the client sent.
  option forwardfor

frontend modalis
  bind 127.0.0.1:${options.port}
  default_backend ${BACKEND}

backend ${BACKEND}
  balance roundrobin
  option httpchk GET /api/health HTTP/1.1
  http-check send hdr Host localhost
  http-check expect status 200
  # Retried on another server: a connection refused or reset before the request was sent (safe for any method),
  # and, for GET and HEAD only, a connection closed with no response (a POST may have been processed: never again).
  retry-on conn-failure empty-response
  http-request disable-l7-retry unless METH_GET || METH_HEAD
  # Connect from the one trusted proxy address (TRUSTED_PROXIES of the instances).
  source ${BALANCER_SOURCE_ADDRESS}
  default-server check inter 500ms fastinter 250ms downinter 500ms rise 2 fall 3 maxconn 64
${options.servers.map((server) => `  server ${server.name} 127.0.0.1:${server.port}`).join("\n")}
`;
}

/** Sends one command to HAProxy's runtime API and returns its answer. */
export function runtimeCommand(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = connect(socket);
    let answer = "";
    client.setEncoding("utf8");
    client.on("connect", () => client.end(`${command}\n`));
    client.on("data", (chunk: string) => (answer += chunk));
    client.on("end", () => resolve(answer));
    client.on("error", reject);
  });
}

/** `show stat` (CSV) and `show servers state` of the backend, merged per server. */
export function parseServerStates(stat: string, serversState: string): ServerState[] {
  const lines = stat.split("\n").filter((line) => line.trim());
  const header = lines.shift()?.replace(/^#\s*/, "").split(",") ?? [];
  const column = (name: string) => header.indexOf(name);
  const admin = new Map<string, { op: number; admin: number }>();
  for (const line of serversState.split("\n")) {
    const fields = line.trim().split(/\s+/);
    // be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state …
    if (fields.length > 6 && fields[1] === BACKEND) admin.set(fields[3]!, { op: Number(fields[5]), admin: Number(fields[6]) });
  }
  const states: ServerState[] = [];
  for (const line of lines) {
    const fields = line.split(",");
    const name = fields[column("svname")]!;
    if (fields[column("pxname")] !== BACKEND || name === "BACKEND" || name === "FRONTEND") continue;
    const server = admin.get(name) ?? { op: 0, admin: 0 };
    states.push({
      name,
      status: fields[column("status")] ?? "",
      up: server.op === 2,
      // SRV_ADMF_FDRAIN 0x08, SRV_ADMF_IDRAIN 0x10; maintenance: FMAINT 0x01, IMAINT 0x02, CMAINT 0x04, RMAINT 0x20, HMAINT 0x40.
      draining: (server.admin & 0x18) !== 0,
      maintenance: (server.admin & 0x67) !== 0,
      currentSessions: Number(fields[column("scur")] ?? 0),
      queued: Number(fields[column("qcur")] ?? 0),
    });
  }
  return states;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`Délai dépassé : ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals = "SIGTERM", timeoutMs = STOP_TIMEOUT_MS): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  if (await exited(child, timeoutMs)) return;
  child.kill("SIGKILL");
  await exited(child, 5_000);
}

/** Prefixes every line a child writes, so that the cluster's log says who wrote it. */
function relay(child: ChildProcess, name: string, log: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let pending = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) log(`[${name}] ${line}`);
    });
  }
}

/** Migrates the database once for the whole cluster; loads the demo data into an empty one when asked. */
async function prepare(databaseUrl: string, demo: boolean, log: (line: string) => void): Promise<boolean> {
  const db = await openDatabase({ engine: "postgres", url: databaseUrl, poolMax: 2 });
  try {
    const applied = await applyMigrations(db);
    if (applied.length) log(`Migrations appliquées : ${applied.join(", ")}`);
    if ((await db.prisma.agency.count()) > 0) return false;
    if (!demo) return true;
    log("Base vide : chargement des données de démonstration…");
    log((await seedDemo(db, {})).message);
    return false;
  } finally {
    await db.close();
  }
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const log = options.log ?? console.log;
  if (!Number.isInteger(options.instances) || options.instances < 1) throw new Error("Il faut au moins une instance.");
  const balancer = haproxyBinary();
  const url = `http://127.0.0.1:${options.port}`;
  const firstPort = options.instancePort ?? options.port + 1;
  const servers = Array.from({ length: options.instances }, (_, i) => ({ name: `app${i + 1}`, port: firstPort + i }));

  if (!options.skipBuild) buildIfNeeded(log);
  const emptyDatabase = await prepare(options.databaseUrl, options.demo ?? false, log);

  const directory = mkdtempSync(path.join(tmpdir(), "modalis-cluster-"));
  const socket = path.join(directory, "haproxy.sock");
  const configFile = path.join(directory, "haproxy.cfg");
  writeFileSync(configFile, haproxyConfig({ port: options.port, socket, servers }));

  const shared: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: options.databaseUrl,
    NEXTAUTH_URL: options.env?.NEXTAUTH_URL ?? url,
  };
  if (options.replicaUrl) shared.DATABASE_REPLICA_URL = options.replicaUrl;
  else if (!options.env?.DATABASE_REPLICA_URL) delete shared.DATABASE_REPLICA_URL;
  if (!shared.NEXTAUTH_SECRET) throw new Error("NEXTAUTH_SECRET est obligatoire : le même secret pour toutes les instances.");

  const children: (ChildProcess | undefined)[] = servers.map(() => undefined);
  const info: InstanceInfo[] = servers.map((server) => ({ name: server.name, port: server.port, pid: undefined }));
  let worker: ChildProcess | undefined;
  let haproxy: ChildProcess | undefined;
  let stopping = false;

  const nodeScript = (script: string, extra: string[], env: NodeJS.ProcessEnv, name: string): ChildProcess => {
    const child = spawn(
      process.execPath,
      ["--require", path.resolve("scripts/lib/exit-with-parent.cjs"), "--conditions=react-server", "--import", "tsx/esm", script, ...extra],
      { stdio: ["ignore", "pipe", "pipe", "ipc"], env },
    );
    relay(child, name, log);
    return child;
  };

  const startInstance = async (index: number) => {
    const server = servers[index];
    if (!server) throw new Error(`Pas d'instance n° ${index}.`);
    const running = children[index];
    if (running && running.exitCode === null && running.signalCode === null) return;
    const child = nodeScript(
      path.join("scripts", "serve-next.ts"),
      ["--port", String(server.port), "--host", "127.0.0.1"],
      { ...shared, MODALIS_INSTANCE: server.name, MODALIS_DRAIN_MS: String(DRAIN_MS), TRUSTED_PROXIES: `${BALANCER_SOURCE_ADDRESS}/32` },
      server.name,
    );
    children[index] = child;
    info[index]!.pid = child.pid;
    child.on("exit", (code, signal) => {
      if (!stopping && children[index] === child) log(`[${server.name}] arrêtée (${signal ?? `code ${code}`}).`);
    });
    await until(
      `démarrage de ${server.name}`,
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${server.name} s'est arrêtée au démarrage.`);
        const response = await fetch(`http://127.0.0.1:${server.port}/api/health`, { signal: AbortSignal.timeout(5_000) });
        await response.body?.cancel();
        return response.ok;
      },
      START_TIMEOUT_MS,
      250,
    ).catch((error: unknown) => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${server.name} s'est arrêtée au démarrage.`, { cause: error });
      throw error;
    });
  };

  const stopInstance = async (index: number, signal: "SIGTERM" | "SIGKILL" = "SIGTERM") => {
    await stopChild(children[index], signal);
  };

  const runtime = (command: string) => runtimeCommand(socket, command);
  const serverStates = async () => parseServerStates(await runtime(`show stat`), await runtime(`show servers state ${BACKEND}`));
  const stateOf = async (index: number) => {
    const state = (await serverStates()).find((s) => s.name === servers[index]!.name);
    if (!state) throw new Error(`HAProxy ne connaît pas ${servers[index]!.name}.`);
    return state;
  };
  const waitForServer = (index: number, wanted: "UP" | "DOWN", timeoutMs = 60_000) =>
    until(
      `${servers[index]!.name} ${wanted} pour HAProxy`,
      async () => {
        const state = await stateOf(index);
        return wanted === "UP" ? state.up && !state.draining && !state.maintenance && state.status === "UP" : !state.up;
      },
      timeoutMs,
    );

  const stop = async () => {
    stopping = true;
    await Promise.all(children.map((child) => stopChild(child)));
    await stopChild(worker);
    await stopChild(haproxy, "SIGUSR1", 5_000);
    rmSync(directory, { recursive: true, force: true });
  };

  try {
    await Promise.all(servers.map((_, index) => startInstance(index)));
    worker = nodeScript(path.join("scripts", "worker.ts"), [], shared, "worker");
    // Through tied-child.mjs: HAProxy leaves with this process, even killed without a chance to stop it.
    haproxy = spawn(process.execPath, [path.resolve("scripts/lib/tied-child.mjs"), balancer, "-f", configFile, "-db"], {
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    relay(haproxy, "haproxy", log);
    haproxy.on("exit", (code, signal) => {
      if (!stopping) log(`[haproxy] arrêté (${signal ?? `code ${code}`}).`);
    });
    await until("démarrage de HAProxy", async () => (await runtime("show info")).includes("Name: HAProxy"), 30_000);
    for (let index = 0; index < servers.length; index += 1) await waitForServer(index, "UP");
  } catch (error) {
    await stop();
    throw error;
  }

  const rollingRestart = async () => {
    for (let index = 0; index < servers.length; index += 1) {
      const name = `${BACKEND}/${servers[index]!.name}`;
      // No new request for it; those in hand finish.
      await runtime(`set server ${name} state drain`);
      await until(
        `${servers[index]!.name} sans requête en cours`,
        async () => {
          const state = await stateOf(index);
          return state.draining && state.currentSessions === 0 && state.queued === 0;
        },
        120_000,
      );
      await stopInstance(index, "SIGTERM");
      await startInstance(index);
      await until(`${servers[index]!.name} vue en bonne santé par HAProxy`, async () => (await stateOf(index)).up, 60_000);
      await runtime(`set server ${name} state ready`);
      await waitForServer(index, "UP");
      log(`${servers[index]!.name} redémarrée.`);
    }
  };

  return {
    url,
    directory,
    instances: info,
    emptyDatabase,
    stopInstance,
    startInstance,
    rollingRestart,
    serverStates,
    waitForServer,
    runtime,
    stop,
  };
}
