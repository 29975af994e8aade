/** The machine the figures were taken on: CPU, memory, system, Node, PostgreSQL, and how busy it was. */
import os from "node:os";
import { readFileSync } from "node:fs";
import { withClient, type Target } from "./target";

export type Machine = {
  cpu: string;
  cores: number;
  memoryGiB: number;
  system: string;
  node: string;
  database: string;
  loadAverageStart: number[];
  loadAverageEnd?: number[];
};

function osName(): string {
  try {
    const release = readFileSync("/etc/os-release", "utf8");
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(release)?.[1];
    if (pretty) return `${pretty}, noyau ${os.release()}`;
  } catch {
    // not Linux
  }
  return `${os.type()} ${os.release()}`;
}

export async function describeMachine(target: Target): Promise<Machine> {
  const cpus = os.cpus();
  let database: string;
  if (target.engine === "postgres") {
    database = await withClient(target.serverUrl, async (client) => {
      const { rows } = await client.query<{ version: string }>("SELECT version()");
      const settings = await client.query<{ name: string; setting: string; unit: string | null }>(
        "SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'max_connections')",
      );
      const detail = settings.rows
        .map((s) =>
          s.name === "shared_buffers"
            ? `shared_buffers ${Math.round((Number(s.setting) * 8) / 1024)} MB`
            : s.name === "work_mem"
              ? `work_mem ${Math.round(Number(s.setting) / 1024)} MB`
              : `${s.name} ${s.setting}`,
        )
        .join(", ");
      return `${rows[0]?.version.split(" on ")[0] ?? "PostgreSQL"} (${detail})`;
    });
  } else {
    const pkg = JSON.parse(readFileSync("node_modules/@electric-sql/pglite/package.json", "utf8")) as { version: string };
    database = `PGlite ${pkg.version} (PostgreSQL embarqué, WebAssembly)`;
  }
  return {
    cpu: cpus[0]?.model.trim() ?? "?",
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    system: osName(),
    node: process.version,
    database,
    loadAverageStart: os.loadavg().map((x) => Number(x.toFixed(2))),
  };
}
