/**
 * The sort of the manager's tables (`?tri=<column>&ordre=asc|desc`): one parser for every page, the links of the
 * header cells, and what pagination links carry. The queries sort in the database (or in memory for the few rows of
 * the loads table); this module only says which column and which order were asked for. Anything unknown falls back
 * to the table's default, with a message naming it — never an error.
 */

export const SORT_ORDERS = ["asc", "desc"] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** A column of a table and its order. */
export type TableSort<Column extends string = string> = { column: Column; order: SortOrder };

/**
 * The sortable columns of one table: their keys (the `tri` values) with their header labels, and the default sort.
 * `first`: the order of a first click on the column (asc unless said: desc where the largest figures matter first).
 */
export type SortSpec<Column extends string = string> = {
  columns: Readonly<Record<Column, { label: string; first?: SortOrder }>>;
  default: TableSort<Column>;
};

/** A table's sort spec, its column keys inferred from `columns`. */
export function sortSpec<Column extends string>(
  columns: Readonly<Record<Column, { label: string; first?: SortOrder }>>,
  defaultSort: TableSort<NoInfer<Column>>,
): SortSpec<Column> {
  return { columns, default: defaultSort };
}

/** A query parameter as Next.js gives it. */
type ParamValue = string | readonly string[] | null | undefined;

const firstOf = (value: ParamValue): string | undefined => (value === null || value === undefined ? undefined : typeof value === "string" ? value : value[0]);

export const ORDER_LABELS: Record<SortOrder, string> = { asc: "ordre croissant", desc: "ordre décroissant" };

function isColumn<Column extends string>(spec: SortSpec<Column>, value: unknown): value is Column {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(spec.columns, value);
}

function isOrder(value: unknown): value is SortOrder {
  return value === "asc" || value === "desc";
}

/**
 * The sort a query string asks for: `tri` a column of the table (else the default column), `ordre` asc or desc (else
 * the column's first order — the default order for the default column). `notices` names what was ignored.
 */
export function readSort<Column extends string>(
  spec: SortSpec<Column>,
  params: { tri?: ParamValue; ordre?: ParamValue },
): { sort: TableSort<Column>; notices: string[] } {
  const notices: string[] = [];
  const tri = firstOf(params.tri);
  const ordre = firstOf(params.ordre);
  let column = spec.default.column;
  if (tri !== undefined && tri !== "") {
    if (isColumn(spec, tri)) column = tri;
    else notices.push(`Tri « ${tri} » inconnu : le tableau est trié par « ${spec.columns[spec.default.column].label} ».`);
  }
  let order = column === spec.default.column ? spec.default.order : firstOrder(spec, column);
  if (ordre !== undefined && ordre !== "") {
    if (isOrder(ordre)) order = ordre;
    else notices.push(`Ordre « ${ordre} » inconnu : ${ORDER_LABELS[order]} (asc ou desc attendu).`);
  }
  return { sort: { column, order }, notices };
}

/** A sort given to a query, checked again (a query may be called with anything): unknown parts are the default's. */
export function checkedSort<Column extends string>(spec: SortSpec<Column>, sort: { column?: unknown; order?: unknown } | null | undefined): TableSort<Column> {
  const column = isColumn(spec, sort?.column) ? sort.column : spec.default.column;
  const order = isOrder(sort?.order) ? sort.order : column === spec.default.column ? spec.default.order : firstOrder(spec, column);
  return { column, order };
}

function firstOrder<Column extends string>(spec: SortSpec<Column>, column: Column): SortOrder {
  return spec.columns[column].first ?? "asc";
}

export function isDefaultSort<Column extends string>(spec: SortSpec<Column>, sort: TableSort<Column>): boolean {
  return sort.column === spec.default.column && sort.order === spec.default.order;
}

/** The sort a click on a column header asks for: the other order on the sorted column, else the column's first order. */
export function nextSort<Column extends string>(spec: SortSpec<Column>, current: TableSort<Column>, column: Column): TableSort<Column> {
  if (current.column === column) return { column, order: current.order === "asc" ? "desc" : "asc" };
  return { column, order: firstOrder(spec, column) };
}

/** Sets `tri` and `ordre` on a page's query string, or leaves them out for the default sort (short, shareable links). */
export function setSortParams<Column extends string>(params: URLSearchParams, spec: SortSpec<Column>, sort: TableSort<Column>): URLSearchParams {
  params.delete("tri");
  params.delete("ordre");
  if (!isDefaultSort(spec, sort)) {
    params.set("tri", sort.column);
    params.set("ordre", sort.order);
  }
  return params;
}

/** « triés par « Nom », ordre décroissant »: what a caption says of a sort. */
export function sortPhrase<Column extends string>(spec: SortSpec<Column>, sort: TableSort<Column>): string {
  return `triés par « ${spec.columns[sort.column].label} », ${ORDER_LABELS[sort.order]}`;
}

/** A comparator in the asked order (for the in-memory sorts). */
export function directed<T>(order: SortOrder, compare: (a: T, b: T) => number): (a: T, b: T) => number {
  return order === "asc" ? compare : (a, b) => compare(b, a);
}

// ---------------------------------------------------------------------------------------------------------------
// The manager's tables. Ties are broken by the seeker's (or advisor's) name in French order, then id; an empty cell
// (« — », nothing booked) comes last in both orders.
// ---------------------------------------------------------------------------------------------------------------

/** /agence/portefeuilles/[id]: the seekers of one portfolio. */
export const PORTFOLIO_SEEKERS_SORT = sortSpec(
  {
    nom: { label: "Nom" },
    identifiant: { label: "Identifiant France Travail" },
    inscription: { label: "Inscription" },
    rdv: { label: "Rendez-vous à venir", first: "desc" },
  },
  { column: "nom", order: "asc" },
);
export type PortfolioSeekersSortColumn = keyof typeof PORTFOLIO_SEEKERS_SORT.columns;

/** /agence/bilans: the seekers in one review state. */
export const REVIEW_LIST_SORT = sortSpec(
  {
    identifiant: { label: "Identifiant France Travail" },
    nom: { label: "Nom" },
    conseiller: { label: "Conseiller·ère" },
    fenetre: { label: "Fenêtre du bilan" },
    rdv: { label: "Rendez-vous prévu" },
    retard: { label: "Jours de retard", first: "desc" },
  },
  { column: "nom", order: "asc" },
);
export type ReviewListSortColumn = keyof typeof REVIEW_LIST_SORT.columns;

/** /agence/attente: the seekers awaiting their first interview. */
export const BACKLOG_SORT = sortSpec(
  {
    identifiant: { label: "Identifiant France Travail" },
    nom: { label: "Nom" },
    inscription: { label: "Inscription" },
    attente: { label: "Jours d'attente", first: "desc" },
    delai: { label: "Délai" },
    entretien: { label: "Premier entretien prévu" },
  },
  { column: "inscription", order: "asc" },
);
export type BacklogSortColumn = keyof typeof BACKLOG_SORT.columns;

/** /agence: the loads of the agency's portfolios. */
export const AGENCY_LOADS_SORT = sortSpec(
  {
    conseiller: { label: "Conseiller·ère" },
    modalite: { label: "Modalité" },
    demandeurs: { label: "Demandeurs / plafond", first: "desc" },
    taux: { label: "Taux", first: "desc" },
  },
  { column: "conseiller", order: "asc" },
);
export type AgencyLoadsSortColumn = keyof typeof AGENCY_LOADS_SORT.columns;
