/**
 * `npm run cluster` — Modalis as deployed, on this machine: N app instances behind HAProxy, one job worker, on
 * PostgreSQL (DATABASE_URL; DATABASE_REPLICA_URL passed through for reads). See docs/deploy.md.
 *
 *   npm run cluster -- [--instances 2] [--port 8080] [--demo]
 *
 * SIGHUP (kill -HUP <pid>) restarts every instance in turn without losing a request; Ctrl+C or SIGTERM stops all.
 */
import { DEMO_ACCOUNTS } from "@/server/seed";
import { onStopRequest } from "./lib/lifecycle";
import { ensureAuthSecret } from "./lib/secret";
import { startCluster, type Cluster } from "./lib/cluster";

function numberOption(args: string[], name: string, fallback: number, min: number, max: number): number {
  const index = args.indexOf(name);
  if (index < 0) return fallback;
  const value = Number(args[index + 1]);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} : un nombre entier entre ${min} et ${max} est attendu.`);
  return value;
}

async function main() {
  const args = process.argv.slice(2);
  const known = new Set(["--instances", "--port", "--demo"]);
  const unknown = args.filter((arg, i) => arg.startsWith("--") && !known.has(arg) && !(i > 0 && ["--instances", "--port"].includes(args[i - 1]!)));
  if (unknown.length) throw new Error(`Option inconnue : ${unknown.join(", ")}. Usage : npm run cluster -- [--instances 2] [--port 8080] [--demo]`);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error(
      "npm run cluster fonctionne avec PostgreSQL : indiquez la base dans DATABASE_URL " +
        "(par exemple DATABASE_URL=postgresql://utilisateur@127.0.0.1:5432/modalis npm run cluster). " +
        "Pour essayer Modalis sur la base embarquée, une seule instance suffit : npm start.",
    );
  }
  const instances = numberOption(args, "--instances", 2, 1, 32);
  const port = numberOption(args, "--port", 8080, 1, 65535 - 33);
  const demo = args.includes("--demo");

  const cluster: Cluster = await startCluster({
    instances,
    port,
    databaseUrl,
    ...(process.env.DATABASE_REPLICA_URL ? { replicaUrl: process.env.DATABASE_REPLICA_URL } : {}),
    env: { NEXTAUTH_SECRET: ensureAuthSecret() },
    demo,
  });

  console.log(`\nModalis (grappe) est prêt : ${cluster.url}  — répartiteur HAProxy, configuration dans ${cluster.directory}`);
  for (const instance of cluster.instances) console.log(`  ${instance.name} : http://127.0.0.1:${instance.port} (processus ${instance.pid})`);
  console.log(`  lectures : ${process.env.DATABASE_REPLICA_URL ? "réplique (DATABASE_REPLICA_URL)" : "base principale"} ; un worker pour les tâches de fond.`);
  if (cluster.emptyDatabase) {
    console.log(
      "La base PostgreSQL est vide. Créez le premier compte administrateur : npm run create-admin -- --email <adresse> " +
        "--prenom <prénom> --nom <nom> (ou, sur une base de démonstration seulement : relancez avec --demo).",
    );
  } else if (demo) {
    console.log("Comptes de démonstration (mot de passe identique pour tous) :");
    for (const account of DEMO_ACCOUNTS) console.log(`  ${account.label.padEnd(42)} ${account.email.padEnd(36)} ${account.password}`);
  }
  console.log(`Redémarrage progressif : kill -HUP ${process.pid}   Arrêt : Ctrl+C\n`);

  let restarting: Promise<void> | undefined;
  let stopping = false;
  process.on("SIGHUP", () => {
    if (stopping || restarting) return;
    console.log("Redémarrage progressif des instances…");
    restarting = cluster
      .rollingRestart()
      .then(() => console.log("Redémarrage progressif terminé."))
      .catch((error: unknown) => console.error(`Redémarrage progressif interrompu : ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (restarting = undefined));
  });
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\nArrêt de la grappe (${reason})…`);
    void cluster
      .stop()
      .then(() => {
        console.log("Grappe arrêtée.");
        process.exit(0);
      })
      .catch((error: unknown) => {
        console.error(`Arrêt de la grappe : ${String(error)}`);
        process.exit(1);
      });
  };
  // Ctrl+C, SIGTERM, or npm (its shell) gone without forwarding anything.
  onStopRequest(stop, ["SIGINT", "SIGTERM"]);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
