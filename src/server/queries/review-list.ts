/** /agence/bilans: the followed seekers behind one review figure of the dashboard. */
import "server-only";
import { readPrisma } from "@/server/db";
import type { Actor } from "@/server/auth/policy";
import type { ReviewKind } from "@/domain";
import { openAgency, type Db } from "./agency-context";
import { pageWindow } from "./pagination";
import { checkedSort, REVIEW_LIST_SORT, type ReviewListSortColumn, type TableSort } from "@/lib/table-sort";
import { countReviews, REVIEW_LIST_STATES, reviewBounds, reviewRows, type ReviewCounts, type ReviewListRow, type ReviewListState } from "./review-states";

const REVIEW_LIST_PAGE_SIZE = 25;

type ReviewList = {
  agency: { id: string; code: string; name: string };
  kind: ReviewKind;
  state: ReviewListState;
  today: string;
  timeZone: string;
  /** The advisor whose seekers are listed, or null for the whole agency. */
  advisorId: string | null;
  /** True when the requested advisor is not one of the agency's (the filter was then ignored). */
  unknownAdvisor: boolean;
  /** The advisors holding portfolios in the agency, for the filter. */
  advisors: { id: string; name: string }[];
  /** Every kind × state count, under the same advisor filter (for the tabs). */
  counts: ReviewCounts;
  /** The sort of the rows: the one asked for, or the default (French name order). */
  sort: TableSort<ReviewListSortColumn>;
  total: number;
  page: number;
  pageCount: number;
  rows: ReviewListRow[];
};

/** The advisors holding a portfolio in the agency, by name. */
async function agencyAdvisors(db: Db, agencyId: string) {
  const advisors = await db.user.findMany({
    where: { portfolios: { some: { agencyId } } },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    select: { id: true, firstName: true, lastName: true },
  });
  return advisors.map((advisor) => ({ id: advisor.id, name: `${advisor.firstName} ${advisor.lastName}` }));
}

/**
 * The followed seekers behind one review figure of the dashboard, optionally of one advisor, in name order unless
 * `sort` asks for another column, 25 a page (a page past the end shows the last one). Filtering, ordering and
 * paging are done by the database.
 */
export async function reviewList(
  actor: Actor,
  agencyId: string,
  options: {
    kind: ReviewKind;
    state: ReviewListState;
    now?: Date;
    page?: number;
    advisorId?: string | null;
    sort?: { column?: unknown; order?: unknown } | null;
  },
): Promise<ReviewList | null> {
  const { kind, state } = options;
  if (kind !== "M4" && kind !== "M9") throw new Error(`Bilan inconnu : « ${String(kind)} ».`);
  if (!REVIEW_LIST_STATES.includes(state)) throw new Error(`État de bilan inconnu : « ${String(state)} ».`);
  const now = options.now ?? new Date();
  const db = await readPrisma();
  const agency = await openAgency(db, actor, agencyId, now);
  if (!agency) return null;
  const advisors = await agencyAdvisors(db, agency.id);
  const requested = options.advisorId ?? null;
  const advisorId = requested && advisors.some((advisor) => advisor.id === requested) ? requested : null;
  const counts = await countReviews(db, reviewBounds(agency, advisorId));
  const total = counts[kind][state];
  const { page, pageCount, offset } = pageWindow(total, options.page, REVIEW_LIST_PAGE_SIZE);
  const sort = checkedSort(REVIEW_LIST_SORT, options.sort);
  const rows = total ? await reviewRows(db, agency, { kind, state, advisorId, limit: REVIEW_LIST_PAGE_SIZE, offset, sort }) : [];
  return {
    agency: { id: agency.id, code: agency.code, name: agency.name },
    kind,
    state,
    today: agency.today,
    timeZone: agency.timeZone,
    advisorId,
    unknownAdvisor: requested !== null && advisorId === null,
    advisors,
    counts,
    sort,
    total,
    page,
    pageCount,
    rows,
  };
}
