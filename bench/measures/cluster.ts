/**
 * Measure 9: the caseload /conseiller and the dashboard /agence served as deployed (docs/deploy.md) — N app instances
 * behind HAProxy (scripts/lib/cluster.ts) — with 1, 2 and 4 instances, then with the read-only pages reading from a
 * streaming replica (scripts/lib/postgres-clusters.ts, docs/replica.md). Throughput of each configuration under the
 * same load as measure 1, as a ratio to one instance on the primary alone, all in the same run.
 *
 * The primary and its replica are PostgreSQL clusters of their own, made for the measure (initdb, then
 * pg_basebackup), holding the agency data set (10 000 seekers): a replica of the machine's server would copy every
 * other database on it. Configurations alternate run by run, as the other measures alternate page and floor.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEMO_PASSWORD } from "@/server/seed";
import { startCluster, type Cluster } from "../../scripts/lib/cluster";
import { startPrimary, startReplica, waitForReplay, type PrimaryCluster, type ReplicaCluster } from "../../scripts/lib/postgres-clusters";
import { ensureDataset, loadActor, openDataset, type Dataset } from "../lib/datasets";
import { getPage, load, login, type Session } from "../lib/http";
import { log } from "../lib/log";
import { buildIfNeeded } from "../lib/server";
import { series, type Series } from "../lib/stats";

export type ClusterConfiguration = { instances: number; replica: boolean };

export type ClusterConfigurationResult = ClusterConfiguration & {
  caseload: Series;
  dashboard: Series;
  /** Throughput / the one-instance, primary-only configuration's, run by run (medians). */
  caseloadRatio: number;
  dashboardRatio: number;
  /** Instances that served the measured requests (X-Modalis-Instance of a sample). */
  servedBy: string[];
  failedResponses: number;
};

export type ClusterScalingResult = {
  dataset: string;
  seekers: number;
  advisor: string;
  advisorSeekers: number;
  connections: number;
  secondsPerRun: number;
  runs: number;
  configurations: ClusterConfigurationResult[];
  cores: number;
};

const CASELOAD = "/conseiller";
const DASHBOARD = "/agence";
export const CLUSTER_CONFIGURATIONS: readonly ClusterConfiguration[] = [
  { instances: 1, replica: false },
  { instances: 2, replica: false },
  { instances: 4, replica: false },
  { instances: 1, replica: true },
  { instances: 2, replica: true },
  { instances: 4, replica: true },
];

const label = (c: ClusterConfiguration) => `${c.instances} instance${c.instances > 1 ? "s" : ""}${c.replica ? " + réplique" : ""}`;

/** Which instances answer a signed-in page through the balancer (a sample of sequential requests). */
async function instancesServing(origin: string, session: Session, samples: number): Promise<string[]> {
  const names = new Set<string>();
  for (let i = 0; i < samples; i += 1) {
    const response = await fetch(`${origin}${CASELOAD}`, { redirect: "manual", headers: { cookie: session.cookie } });
    await response.arrayBuffer();
    const name = response.headers.get("x-modalis-instance");
    if (name) names.add(name);
  }
  return [...names].sort();
}

export async function measureCluster(options: {
  basePort: number;
  postgresPort: number;
  runs: number;
  seconds: number;
  connections: number;
  rebuild: boolean;
  cores: number;
}): Promise<ClusterScalingResult> {
  buildIfNeeded();
  const root = mkdtempSync(path.join(tmpdir(), "modalis-bench-cluster-"));
  let primary: PrimaryCluster | undefined;
  let replica: ReplicaCluster | undefined;
  try {
    log(`Primaire PostgreSQL de mesure sur le port ${options.postgresPort}…`);
    primary = await startPrimary({ dataDir: path.join(root, "primary"), port: options.postgresPort });
    const dataset: Dataset = await ensureDataset(
      { engine: "postgres", serverUrl: primary.url, label: "primaire de mesure" },
      { role: "agency", seekers: 10_000, reviewsUnplanned: false },
      options.rebuild,
    );
    if (!dataset.url) throw new Error("Le jeu de données de la grappe doit être sur PostgreSQL.");
    let managerEmail: string;
    {
      const db = await openDataset(dataset, 30_000);
      try {
        managerEmail = (await loadActor(db, dataset.meta.managerId)).email;
      } finally {
        await db.close();
      }
    }
    log(`Réplique par pg_basebackup sur le port ${options.postgresPort + 1}…`);
    replica = await startReplica(primary, { dataDir: path.join(root, "replica"), port: options.postgresPort + 1 });
    await waitForReplay(primary, replica);
    // One secret for every instance of every configuration (sessions signed by one are read by the others).
    const secret = randomBytes(32).toString("base64url");
    const replicaUrl = new URL(dataset.url);
    replicaUrl.port = String(replica.port);

    const perConfiguration = new Map<ClusterConfiguration, { caseload: number[]; dashboard: number[]; servedBy: Set<string>; failed: number }>(
      CLUSTER_CONFIGURATIONS.map((c) => [c, { caseload: [], dashboard: [], servedBy: new Set<string>(), failed: 0 }]),
    );
    for (let run = 0; run < options.runs; run += 1) {
      const order = run % 2 === 0 ? CLUSTER_CONFIGURATIONS : [...CLUSTER_CONFIGURATIONS].reverse();
      for (const configuration of order) {
        const figures = perConfiguration.get(configuration)!;
        let cluster: Cluster | undefined;
        try {
          cluster = await startCluster({
            instances: configuration.instances,
            port: options.basePort,
            instancePort: options.basePort + 1,
            databaseUrl: dataset.url,
            replicaUrl: configuration.replica ? replicaUrl.toString() : undefined,
            skipBuild: true,
            env: { NEXTAUTH_SECRET: secret },
            log: () => undefined,
          });
          const advisor = await login(cluster.url, dataset.meta.advisorEmail, DEMO_PASSWORD);
          const manager = await login(cluster.url, managerEmail, DEMO_PASSWORD);
          for (const [pathname, session] of [
            [CASELOAD, advisor],
            [DASHBOARD, manager],
          ] as const) {
            const check = await getPage(cluster.url, pathname, session);
            if (check.status !== 200) throw new Error(`${pathname} à travers la grappe : HTTP ${check.status}`);
            await load(cluster.url, pathname, session, options.connections, 2);
          }
          const caseload = await load(cluster.url, CASELOAD, advisor, options.connections, options.seconds);
          const dashboard = await load(cluster.url, DASHBOARD, manager, options.connections, options.seconds);
          figures.caseload.push(caseload.requestsPerSecond);
          figures.dashboard.push(dashboard.requestsPerSecond);
          figures.failed += caseload.non2xx + caseload.errors + dashboard.non2xx + dashboard.errors;
          for (const name of await instancesServing(cluster.url, advisor, configuration.instances * 4)) figures.servedBy.add(name);
          log(
            `  passage ${run + 1}/${options.runs}, ${label(configuration)} : portefeuille ${caseload.requestsPerSecond} req/s, ` +
              `tableau de bord ${dashboard.requestsPerSecond} req/s`,
          );
        } finally {
          await cluster?.stop();
        }
      }
    }
    const reference = perConfiguration.get(CLUSTER_CONFIGURATIONS[0]!)!;
    const ratioOf = (values: number[], to: number[]) => series(values.map((v, i) => v / to[i]!)).median;
    return {
      dataset: dataset.name,
      seekers: dataset.counts.seekers,
      advisor: dataset.meta.advisorEmail,
      advisorSeekers: dataset.meta.advisorSeekers,
      connections: options.connections,
      secondsPerRun: options.seconds,
      runs: options.runs,
      cores: options.cores,
      configurations: CLUSTER_CONFIGURATIONS.map((configuration) => {
        const figures = perConfiguration.get(configuration)!;
        return {
          ...configuration,
          caseload: series(figures.caseload, 1),
          dashboard: series(figures.dashboard, 1),
          caseloadRatio: ratioOf(figures.caseload, reference.caseload),
          dashboardRatio: ratioOf(figures.dashboard, reference.dashboard),
          servedBy: [...figures.servedBy].sort(),
          failedResponses: figures.failed,
        };
      }),
    };
  } finally {
    await replica?.stop().catch(() => undefined);
    await primary?.stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  }
}
