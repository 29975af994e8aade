/**
 * Domain benchmark: `diagnose` throughput and planning the mandatory reviews of 150 000 seekers.
 * Run with `npx tsx bench/domain.ts` (prints a JSON object); `runDomainBench()` returns the same figures.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  addDays,
  BARRIERS,
  type Barrier,
  BusyCalendar,
  type BusyInterval,
  type DiagnosticAnswers,
  diagnose,
  formatInstant,
  isWorkingDay,
  localToEpochMs,
  type Level,
  planMandatoryReviews,
  planMandatoryReviewsOnCalendar,
  type ReviewKind,
  type ReviewStatus,
  reviewWindows,
  type Severity,
  timeZoneOf,
  toDayNumber,
} from "../src/domain";

/** Options of the benchmark (defaults: 5 diagnose runs of 1.5 s, 430 advisors × 350 seekers). */
export interface DomainBenchOptions {
  diagnoseRuns?: number;
  diagnoseRunMs?: number;
  advisors?: number;
  seekersPerAdvisor?: number;
  busyPerAdvisor?: number;
  /** Share of past reviews already held (default 0.7; 0 = worst case, every past review still to plan). */
  doneRate?: number;
  seed?: number;
}

/** Figures returned by `runDomainBench`. */
export interface DomainBenchResult {
  node: string;
  diagnose: {
    callsPerSecondMedian: number;
    callsPerSecondRuns: number[];
    runMs: number;
    distinctInputs: number;
    target: number;
    meetsTarget: boolean;
  };
  planning: {
    seekers: number;
    advisors: number;
    departements: string[];
    today: string;
    existingAppointmentsPerAdvisor: number;
    doneRate: number;
    totalMs: number;
    calendarBuildMs: number;
    planMs: number;
    seekersPerSecond: number;
    statuses: Record<ReviewKind, Record<ReviewStatus, number>>;
    targetMs: number;
    meetsTarget: boolean;
    /** Cost of one call of the ISO-level `planMandatoryReviews` (parses the advisor's whole calendar each time). */
    wrapperMicrosecondsPerCall: number;
  };
}

/** Small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rnd: () => number, weights: readonly (readonly [T, number])[]): T {
  const total = weights.reduce((s, [, w]) => s + w, 0);
  let x = rnd() * total;
  for (const [value, w] of weights) {
    x -= w;
    if (x < 0) return value;
  }
  return (weights[weights.length - 1] as readonly [T, number])[0];
}

/** Realistic, varied diagnostic answers (most seekers close to the market, some far, a few with major barriers). */
function makeAnswers(rnd: () => number, count: number): DiagnosticAnswers[] {
  const level = (w0: number, w1: number, w2: number): Level =>
    pick<Level>(rnd, [
      [0, w0],
      [1, w1],
      [2, w2],
    ]);
  const answers: DiagnosticAnswers[] = [];
  for (let i = 0; i < count; i += 1) {
    const barriers: Partial<Record<Barrier, Severity>> = {};
    for (const b of BARRIERS) {
      const s = pick<Severity | undefined>(rnd, [
        [undefined, 70],
        ["NONE", 15],
        ["MINOR", 11],
        ["MAJOR", 4],
      ]);
      if (s !== undefined) barriers[b] = s;
    }
    answers.push({
      project: level(5, 3, 2),
      skills: level(5, 3, 2),
      jobSearch: level(4, 4, 2),
      digital: level(6, 3, 1),
      basicSkills: level(8, 15, 1),
      monthsWithoutWork: rnd() < 0.07 ? null : Math.floor(rnd() * rnd() * 48),
      barriers,
      webVolunteer: rnd() < 0.25,
    });
  }
  return answers;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function benchDiagnose(rnd: () => number, runs: number, runMs: number): DomainBenchResult["diagnose"] {
  const inputs = makeAnswers(rnd, 8192);
  const contexts = [{ globalPartnership: true }, { globalPartnership: false }];
  let sink = 0;
  // Warm-up (JIT).
  for (let i = 0; i < 200_000; i += 1)
    sink += diagnose(inputs[i & 8191] as DiagnosticAnswers, contexts[i & 1] as { globalPartnership: boolean }).professionalScore;
  const rates: number[] = [];
  for (let r = 0; r < runs; r += 1) {
    let calls = 0;
    const t0 = performance.now();
    let elapsed = 0;
    do {
      for (let i = 0; i < 8192; i += 1) {
        sink += diagnose(inputs[i] as DiagnosticAnswers, contexts[(i >> 3) & 1] as { globalPartnership: boolean }).reasons.length;
      }
      calls += 8192;
      elapsed = performance.now() - t0;
    } while (elapsed < runMs);
    rates.push(Math.round(calls / (elapsed / 1000)));
  }
  if (sink === 0) throw new Error("unreachable");
  const callsPerSecondMedian = Math.round(median(rates));
  return {
    callsPerSecondMedian,
    callsPerSecondRuns: rates,
    runMs,
    distinctInputs: inputs.length,
    target: 1_000_000,
    meetsTarget: callsPerSecondMedian >= 1_000_000,
  };
}

interface AdvisorData {
  departement: string;
  busy: BusyInterval[];
  seekers: { registrationDate: string; done: ReviewKind[] }[];
}

/** An advisor's existing appointments: mostly afternoon slots on working days around today, some mornings, some leave. */
function makeAdvisor(rnd: () => number, departement: string, today: string, busyCount: number, seekers: number, doneRate: number): AdvisorData {
  const zone = timeZoneOf(departement);
  const busy: BusyInterval[] = [];
  const afternoon = ["13:30", "14:00", "14:30", "15:00", "15:30", "16:00"];
  const morning = ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"];
  while (busy.length < busyCount) {
    const day = addDays(today, Math.floor(rnd() * 150) - 30);
    if (!isWorkingDay(day, departement)) continue;
    const time = rnd() < 0.8 ? (afternoon[Math.floor(rnd() * 6)] as string) : (morning[Math.floor(rnd() * 6)] as string);
    const start = localToEpochMs(day, time, zone);
    const minutes = rnd() < 0.75 ? 30 : 60;
    busy.push({ start: formatInstant(start), end: formatInstant(start + minutes * 60_000) });
  }
  // One week of leave in the coming two months, as one busy period.
  const leave = localToEpochMs(addDays(today, 10 + Math.floor(rnd() * 50)), "00:00", zone);
  busy.push({ start: formatInstant(leave), end: formatInstant(leave + 7 * 86_400_000) });

  const list: AdvisorData["seekers"] = [];
  const todayDay = toDayNumber(today);
  for (let i = 0; i < seekers; i += 1) {
    const registrationDate = addDays(today, -Math.floor(rnd() * 365));
    const windows = reviewWindows(registrationDate);
    const done: ReviewKind[] = [];
    if (toDayNumber(windows.M4.to) < todayDay && rnd() < doneRate) done.push("M4");
    if (toDayNumber(windows.M9.to) < todayDay && rnd() < doneRate) done.push("M9");
    list.push({ registrationDate, done });
  }
  return { departement, busy, seekers: list };
}

function benchPlanning(rnd: () => number, advisors: number, perAdvisor: number, busyPerAdvisor: number, doneRate: number): DomainBenchResult["planning"] {
  const today = "2026-03-10";
  const departements = ["75", "13", "69", "67", "2A", "59", "974"];
  const data: AdvisorData[] = [];
  for (let a = 0; a < advisors; a += 1) {
    data.push(makeAdvisor(rnd, departements[a % departements.length] as string, today, busyPerAdvisor, perAdvisor, doneRate));
  }
  const statuses: Record<ReviewKind, Record<ReviewStatus, number>> = {
    M4: { SCHEDULED: 0, OVERDUE: 0, MISSED: 0, DONE: 0 },
    M9: { SCHEDULED: 0, OVERDUE: 0, MISSED: 0, DONE: 0 },
  };

  const t0 = performance.now();
  const calendars = data.map((a) => BusyCalendar.fromIntervals(a.busy));
  const t1 = performance.now();
  let seekers = 0;
  for (let a = 0; a < data.length; a += 1) {
    const advisor = data[a] as AdvisorData;
    const calendar = calendars[a] as BusyCalendar;
    for (const s of advisor.seekers) {
      const plan = planMandatoryReviewsOnCalendar(calendar, {
        registrationDate: s.registrationDate,
        departement: advisor.departement,
        today,
        done: s.done,
      });
      for (const r of plan) statuses[r.kind][r.status] += 1;
      seekers += 1;
    }
  }
  const t2 = performance.now();

  // ISO-level wrapper on a sample: each call parses the advisor's whole calendar.
  const sample = 2000;
  const w0 = performance.now();
  for (let i = 0; i < sample; i += 1) {
    const advisor = data[i % data.length] as AdvisorData;
    const s = advisor.seekers[i % advisor.seekers.length] as AdvisorData["seekers"][number];
    planMandatoryReviews({ registrationDate: s.registrationDate, departement: advisor.departement, today, busy: advisor.busy, done: s.done });
  }
  const w1 = performance.now();

  const totalMs = t2 - t0;
  return {
    seekers,
    advisors,
    departements,
    today,
    existingAppointmentsPerAdvisor: busyPerAdvisor,
    doneRate,
    totalMs: Math.round(totalMs),
    calendarBuildMs: Math.round(t1 - t0),
    planMs: Math.round(t2 - t1),
    seekersPerSecond: Math.round(seekers / (totalMs / 1000)),
    statuses,
    targetMs: 5000,
    meetsTarget: totalMs < 5000,
    wrapperMicrosecondsPerCall: Math.round(((w1 - w0) * 1000) / sample),
  };
}

/** Runs both measurements and returns the figures. */
export function runDomainBench(options: DomainBenchOptions = {}): DomainBenchResult {
  const rnd = prng(options.seed ?? 20_140_101);
  return {
    node: process.version,
    diagnose: benchDiagnose(rnd, options.diagnoseRuns ?? 5, options.diagnoseRunMs ?? 1500),
    planning: benchPlanning(rnd, options.advisors ?? 430, options.seekersPerAdvisor ?? 350, options.busyPerAdvisor ?? 300, options.doneRate ?? 0.7),
  };
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  console.log(JSON.stringify(runDomainBench(), null, 2));
}
