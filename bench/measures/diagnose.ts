/**
 * Measure 6 — `diagnose` calls per second (bench/domain.ts: varied realistic answers, JIT warmed up, runs of
 * 1.5 s), with the pure review planner of that file as information.
 *
 * A single-threaded loop has no floor to compare with, so the measure records how much CPU the process was
 * actually given while it ran (process.cpuUsage against the wall clock): on a machine shared with other work the
 * wall-clock rate falls with that share, the rate per CPU-second does not. The target is judged on the latter;
 * both are reported. It runs in a fresh process: the measure of a pure function should not inherit the heap and
 * the JIT state left by the database measures run before it in the bench's own process.
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runDomainBench, type DomainBenchResult } from "../domain";
import { series, type Series } from "../lib/stats";

export type DiagnoseResult = {
  callsPerSecond: Series;
  /** CPU time given to the process / wall time, during the diagnose runs (1 = a whole core). */
  cpuShare: number;
  callsPerCpuSecond: number;
  runMs: number;
  distinctInputs: number;
  target: number;
  pass: boolean;
  planner: DomainBenchResult["planning"];
};

export function measureDiagnose(runs: number): DiagnoseResult {
  const child = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), String(runs)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (child.status !== 0) throw new Error(`La mesure de diagnose a échoué (code ${child.status ?? child.signal}).`);
  return JSON.parse(child.stdout) as DiagnoseResult;
}

function measureInThisProcess(runs: number): DiagnoseResult {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // The planner part reduced to nothing here: this call times diagnose only.
  const result = runDomainBench({ diagnoseRuns: runs, advisors: 1, seekersPerAdvisor: 1, busyPerAdvisor: 1 });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuShare = Math.min(1, (cpu.user + cpu.system) / 1000 / wallMs);
  const callsPerSecond = series(result.diagnose.callsPerSecondRuns, 0);
  const callsPerCpuSecond = Math.round(callsPerSecond.median / Math.max(cpuShare, 0.01));
  const planner = runDomainBench({ diagnoseRuns: 1, diagnoseRunMs: 50 }).planning;
  return {
    callsPerSecond,
    cpuShare: Number(cpuShare.toFixed(3)),
    callsPerCpuSecond,
    runMs: result.diagnose.runMs,
    distinctInputs: result.diagnose.distinctInputs,
    target: 1_000_000,
    pass: callsPerCpuSecond >= 1_000_000,
    planner,
  };
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) console.log(JSON.stringify(measureInThisProcess(Number(process.argv[2] ?? 5))));
