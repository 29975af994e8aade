/**
 * Measures 1 and 5, through the production server (`next start`) as a browser reaches it.
 *
 * 1. The caseload page /conseiller of the 350-seeker advisor under 20 concurrent logged-in users (autocannon),
 *    against the floor /bench/plancher served by the same server (same session check and actor re-read from the
 *    database, a line of text): throughput ratio and the caseload's p95 latency. Runs alternate the two pages.
 * 5. The JavaScript the caseload page makes a browser load first: every script of its HTML, gzipped.
 */
import { gzipSync } from "node:zlib";
import { DEMO_PASSWORD } from "@/server/seed";
import { loadActor, openDataset, type Dataset } from "../lib/datasets";
import { getPage, load, login, type LoadResult, type Session } from "../lib/http";
import { log, seconds as secondsText } from "../lib/log";
import { buildIfNeeded, startServer } from "../lib/server";
import { series, type Series } from "../lib/stats";

export type CaseloadLoadResult = {
  dataset: string;
  seekersInDatabase: number;
  advisor: string;
  advisorSeekers: number;
  connections: number;
  secondsPerRun: number;
  runs: number;
  caseload: { requestsPerSecond: Series; p95Ms: Series; p50Ms: Series; p99Ms: Series };
  floor: { requestsPerSecond: Series; p95Ms: Series; p50Ms: Series };
  /** caseload throughput / floor throughput, per run. */
  ratio: Series;
  targetRatio: number;
  targetP95Ms: number;
  failedResponses: number;
  pass: boolean;
  /** Information: one user at a time, latency of the page alone (median of 10). */
  singleUserMs: { caseload: number; floor: number; agence: number | null };
  raw: LoadResult[];
};

export type FirstLoadJsResult = {
  page: string;
  scripts: { path: string; bytes: number; gzipBytes: number }[];
  gzipBytes: Series;
  rawBytes: number;
  htmlGzipBytes: number;
  /** `noModule` scripts (legacy polyfills) the HTML lists but modern browsers do not fetch. */
  noModuleSkipped: string[];
  targetGzipBytes: number;
  pass: boolean;
};

export type HttpResults = { caseload?: CaseloadLoadResult; js?: FirstLoadJsResult; build: { built: boolean; ms: number } };

const CASELOAD = "/conseiller";
const FLOOR = "/bench/plancher";

/**
 * The scripts a modern browser fetches for the page: every `<script src>` and script preload of the HTML, except
 * `noModule` ones (the legacy polyfills, which browsers with ES modules skip).
 */
export function scriptPaths(html: string): { loaded: string[]; skipped: string[] } {
  const loaded = new Set<string>();
  const skipped = new Set<string>();
  for (const tag of html.matchAll(/<(script|link)\b[^>]*>/gi)) {
    const text = tag[0];
    const url = /\b(?:src|href)="([^"]+)"/.exec(text)?.[1]?.replace(/&amp;/g, "&");
    if (!url || !/\.js(\?|$)/.test(url)) continue;
    if (tag[1]!.toLowerCase() === "link" && !/\bas="script"|\brel="modulepreload"/.test(text)) continue;
    if (/\bnomodule\b/i.test(text)) skipped.add(url);
    else loaded.add(url);
  }
  for (const url of loaded) skipped.delete(url);
  return { loaded: [...loaded], skipped: [...skipped] };
}

async function firstLoadJs(origin: string, session: Session, repetitions: number): Promise<FirstLoadJsResult> {
  const totals: number[] = [];
  let scripts: FirstLoadJsResult["scripts"] = [];
  let htmlGzipBytes = 0;
  let skipped: string[] = [];
  for (let i = 0; i < repetitions; i += 1) {
    const page = await getPage(origin, CASELOAD, session);
    if (page.status !== 200) throw new Error(`${CASELOAD} : HTTP ${page.status}`);
    htmlGzipBytes = gzipSync(page.body).length;
    scripts = [];
    const found = scriptPaths(page.body);
    skipped = found.skipped;
    for (const path of found.loaded) {
      const response = await fetch(`${origin}${path}`);
      if (!response.ok) throw new Error(`${path} : HTTP ${response.status}`);
      const body = Buffer.from(await response.arrayBuffer());
      scripts.push({ path, bytes: body.length, gzipBytes: gzipSync(body).length });
    }
    totals.push(scripts.reduce((n, s) => n + s.gzipBytes, 0));
  }
  const gzipBytes = series(totals, 0);
  return {
    page: CASELOAD,
    scripts: scripts.sort((a, b) => b.gzipBytes - a.gzipBytes),
    gzipBytes,
    rawBytes: scripts.reduce((n, s) => n + s.bytes, 0),
    htmlGzipBytes,
    noModuleSkipped: skipped,
    targetGzipBytes: 150_000,
    pass: gzipBytes.median <= 150_000,
  };
}

async function singleUser(origin: string, path: string, session: Session): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 10; i += 1) {
    const page = await getPage(origin, path, session);
    if (page.status !== 200) throw new Error(`${path} : HTTP ${page.status}`);
    times.push(page.ms);
  }
  return series(times, 1).median;
}

export async function measureHttp(
  dataset: Dataset,
  options: { port: number; runs: number; seconds: number; connections: number; caseload: boolean; js: boolean },
): Promise<HttpResults> {
  const build = buildIfNeeded();
  let managerEmail: string | null = null;
  {
    const db = await openDataset(dataset, 30_000);
    try {
      managerEmail = (await loadActor(db, dataset.meta.managerId)).email;
    } finally {
      await db.close();
    }
  }
  log(`Serveur de production sur le port ${options.port} (${dataset.name})…`);
  const server = await startServer({ port: options.port, databaseUrl: dataset.url, pgliteDir: dataset.dataDir });
  try {
    const session = await login(server.origin, dataset.meta.advisorEmail, DEMO_PASSWORD);
    const check = await getPage(server.origin, CASELOAD, session);
    if (check.status !== 200 || !check.body.includes("Mon portefeuille"))
      throw new Error(`${CASELOAD} ne s'affiche pas pour ${session.email} (HTTP ${check.status}).`);
    const floorCheck = await getPage(server.origin, FLOOR, session);
    if (floorCheck.status !== 200 || !floorCheck.body.includes("Plancher de mesure")) {
      throw new Error(`${FLOOR} ne s'affiche pas (HTTP ${floorCheck.status}) : la page plancher manque-t-elle au build ?`);
    }
    const results: HttpResults = { build };

    if (options.caseload) {
      const { runs, seconds, connections } = options;
      log(`Mesure 1 : ${connections} utilisateurs simultanés, ${runs} passages de ${seconds} s par page…`);
      await load(server.origin, CASELOAD, session, connections, 3);
      await load(server.origin, FLOOR, session, connections, 3);
      const raw: LoadResult[] = [];
      const caseloadRuns: LoadResult[] = [];
      const floorRuns: LoadResult[] = [];
      for (let run = 0; run < runs; run += 1) {
        const order = run % 2 === 0 ? [CASELOAD, FLOOR] : [FLOOR, CASELOAD];
        for (const path of order) {
          const result = await load(server.origin, path, session, connections, seconds);
          raw.push(result);
          (path === CASELOAD ? caseloadRuns : floorRuns).push(result);
        }
        const c = caseloadRuns[caseloadRuns.length - 1]!;
        const f = floorRuns[floorRuns.length - 1]!;
        log(
          `  passage ${run + 1}/${runs} : portefeuille ${c.requestsPerSecond} req/s (p95 ${c.p95Ms} ms), ` +
            `plancher ${f.requestsPerSecond} req/s (p95 ${f.p95Ms} ms)`,
        );
      }
      const ratio = series(caseloadRuns.map((c, i) => c.requestsPerSecond / (floorRuns[i] as LoadResult).requestsPerSecond));
      const p95 = series(
        caseloadRuns.map((c) => c.p95Ms),
        1,
      );
      const failedResponses = raw.reduce((n, r) => n + r.non2xx + r.errors, 0);
      let agence: number | null = null;
      if (managerEmail) {
        const managerSession = await login(server.origin, managerEmail, DEMO_PASSWORD);
        agence = await singleUser(server.origin, "/agence", managerSession);
      }
      results.caseload = {
        dataset: dataset.name,
        seekersInDatabase: dataset.counts.seekers,
        advisor: dataset.meta.advisorEmail,
        advisorSeekers: dataset.meta.advisorSeekers,
        connections,
        secondsPerRun: seconds,
        runs,
        caseload: {
          requestsPerSecond: series(
            caseloadRuns.map((r) => r.requestsPerSecond),
            1,
          ),
          p95Ms: p95,
          p50Ms: series(
            caseloadRuns.map((r) => r.p50Ms),
            1,
          ),
          p99Ms: series(
            caseloadRuns.map((r) => r.p99Ms),
            1,
          ),
        },
        floor: {
          requestsPerSecond: series(
            floorRuns.map((r) => r.requestsPerSecond),
            1,
          ),
          p95Ms: series(
            floorRuns.map((r) => r.p95Ms),
            1,
          ),
          p50Ms: series(
            floorRuns.map((r) => r.p50Ms),
            1,
          ),
        },
        ratio,
        targetRatio: 0.5,
        targetP95Ms: 150,
        failedResponses,
        pass: ratio.median >= 0.5 && p95.median < 150 && failedResponses === 0,
        singleUserMs: { caseload: await singleUser(server.origin, CASELOAD, session), floor: await singleUser(server.origin, FLOOR, session), agence },
        raw,
      };
    }
    if (options.js) {
      log("Mesure 5 : JavaScript chargé d'abord par la page portefeuille…");
      results.js = await firstLoadJs(server.origin, session, 5);
    }
    return results;
  } finally {
    const stopping = performance.now();
    await server.stop();
    log(`Serveur arrêté (${secondsText(performance.now() - stopping)}).`);
  }
}
