/**
 * The query plans of the hot pages on the largest database: every statement the caseload page (the 350-seeker
 * advisor) and the /agence page (the 10 000-seeker agency's manager) send, explained with ANALYZE and BUFFERS.
 */
import { agencyPageData, caseloadPageData } from "../lib/app";
import { captureQueries, explainAll, type ExplainedQuery } from "../lib/capture";
import { loadActor, openDataset, type Dataset } from "../lib/datasets";

export type ExplainResult = {
  dataset: string;
  seekers: number;
  pages: { page: string; description: string; totalMs: number; queries: ExplainedQuery[] }[];
  fullScans: string[];
};

function labelOf(sql: string): string {
  const compact = sql.replace(/\s+/g, " ").trim();
  const table = /FROM "public"\."(\w+)"/.exec(compact)?.[1] ?? /FROM "(\w+)"/.exec(compact)?.[1] ?? "?";
  const kind = /^\s*WITH/i.test(compact) ? "CTE" : /COUNT\(\*\)/i.test(compact) ? "agrégat" : "lecture";
  const where = /WHERE (.{0,140})/.exec(compact)?.[1]?.replace(/"public"\./g, "") ?? "";
  return `${table} (${kind}) — ${where}${where.length >= 140 ? "…" : ""}`;
}

export async function measureExplain(dataset: Dataset): Promise<ExplainResult> {
  if (!dataset.url) throw new Error("Les plans d'exécution sont relevés sur PostgreSQL.");
  const db = await openDataset(dataset, 60_000);
  let advisor;
  let manager;
  try {
    advisor = await loadActor(db, dataset.meta.advisorId);
    manager = await loadActor(db, dataset.meta.managerId);
  } finally {
    await db.close();
  }
  const pages = [
    {
      page: "/conseiller",
      description: `portefeuille de ${advisor.email} (${dataset.meta.advisorSeekers} demandeurs)`,
      work: () => caseloadPageData(advisor),
    },
    {
      page: "/agence",
      description: `agence ${dataset.meta.agencyCode} (${dataset.meta.agencySeekers} demandeurs), vue de son responsable`,
      work: () => agencyPageData(manager, dataset.meta.agencyId),
    },
  ];
  const result: ExplainResult = { dataset: dataset.name, seekers: dataset.counts.seekers, pages: [], fullScans: [] };
  for (const page of pages) {
    const { queries, totalMs } = await captureQueries(dataset.url, page.work);
    const explained = await explainAll(
      dataset.url,
      queries.map((q, i) => ({ label: `${i + 1}. ${labelOf(q.sql)}`, sql: q.sql, params: q.params })),
    );
    result.pages.push({ page: page.page, description: page.description, totalMs: Math.round(totalMs), queries: explained });
    for (const q of explained) for (const table of q.fullScans) result.fullScans.push(`${page.page} : ${table} (${q.label.slice(0, 60)})`);
  }
  return result;
}
