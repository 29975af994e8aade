/**
 * Measure 4 — growth: the same page data (the 350-seeker advisor's caseload, the 10 000-seeker agency's /agence)
 * on the 10 000-seeker database and on the national one, alternately in one process. If every hot query walks
 * an index scoped to the advisor or the agency, the national database costs about the same.
 */
import { agencyPageData, caseloadPageData, installAsAppDatabase } from "../lib/app";
import { loadActor, openDataset, type Dataset } from "../lib/datasets";
import { series, type Series } from "../lib/stats";

export type GrowthSide = { small: Series; large: Series; ratio: Series; pass: boolean };

export type GrowthResult = {
  small: { dataset: string; seekers: number };
  large: { dataset: string; seekers: number };
  iterations: number;
  caseload: GrowthSide;
  dashboard: GrowthSide;
  target: number;
  pass: boolean;
};

export async function measureGrowth(small: Dataset, large: Dataset, iterations: number): Promise<GrowthResult> {
  const dbs = [await openDataset(small, 30_000), await openDataset(large, 30_000)] as const;
  try {
    const sides = await Promise.all(
      [small, large].map(async (dataset, i) => {
        const db = dbs[i]!;
        return {
          db,
          agencyId: dataset.meta.agencyId,
          advisor: await loadActor(db, dataset.meta.advisorId),
          manager: await loadActor(db, dataset.meta.managerId),
        };
      }),
    );
    const time = async (side: (typeof sides)[number], page: "caseload" | "dashboard") => {
      installAsAppDatabase(side.db);
      const started = performance.now();
      if (page === "caseload") await caseloadPageData(side.advisor);
      else await agencyPageData(side.manager, side.agencyId);
      return performance.now() - started;
    };
    for (let i = 0; i < 3; i += 1) for (const side of sides) for (const page of ["caseload", "dashboard"] as const) await time(side, page);

    const samples = { caseload: [[], []] as number[][], dashboard: [[], []] as number[][] };
    for (let i = 0; i < iterations; i += 1) {
      for (const page of ["caseload", "dashboard"] as const) {
        const order = i % 2 === 0 ? [0, 1] : [1, 0];
        for (const s of order) samples[page][s]!.push(await time(sides[s]!, page));
      }
    }
    const side = (page: "caseload" | "dashboard"): GrowthSide => {
      const [a, b] = samples[page] as [number[], number[]];
      const ratio = series(b.map((ms, i) => ms / (a[i] as number)));
      return { small: series(a, 1), large: series(b, 1), ratio, pass: ratio.median <= 1.5 };
    };
    const caseload = side("caseload");
    const dashboard = side("dashboard");
    return {
      small: { dataset: small.name, seekers: small.counts.seekers },
      large: { dataset: large.name, seekers: large.counts.seekers },
      iterations,
      caseload,
      dashboard,
      target: 1.5,
      pass: caseload.pass && dashboard.pass,
    };
  } finally {
    for (const db of dbs) await db.close();
  }
}
