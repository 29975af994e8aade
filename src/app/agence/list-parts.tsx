import Link from "next/link";
import type { Actor } from "@/server/auth/policy";
import { AppShell } from "@/components/AppShell";
import { Notice } from "@/components/Notice";
import { sortableColumn, TableHead, type HeaderColumn } from "@/components/TableHead";
import { TableScroller } from "@/components/TableScroller";
import type { SortSpec, TableSort } from "@/lib/table-sort";
import { agencySeekerHref } from "@/components/seeker-file/href";

/** Pieces shared by the manager's pages under /agence (the drill-downs /agence/bilans and /agence/attente above all). */
export type SearchParams = Record<string, string | string[] | undefined>;

/** The dashboard of the agency in view (an administrator names it; a manager has only theirs). */
export function dashboardHref(actor: Actor, agencyId: string | null) {
  return actor.role === "ADMIN" && agencyId ? `/agence?agence=${encodeURIComponent(agencyId)}` : "/agence";
}

/** « ← Retour au tableau de bord », or to where `label` says, above a page of the agency. */
export function BackLink({ href, label = "Retour au tableau de bord" }: { href: string; label?: string }) {
  return (
    <p className="mb-4">
      <Link href={href} className="inline-flex min-h-11 items-center text-brand-700 underline">
        ← {label}
      </Link>
    </p>
  );
}

/** The page when the agency asked for is unknown or out of the actor's scope. */
export function AgencyOutOfScope({ actor, title }: { actor: Actor; title: string }) {
  return (
    <AppShell actor={actor} title={title}>
      <BackLink href={dashboardHref(actor, null)} />
      <Notice tone="error">Cette agence est introuvable ou ne fait pas partie de votre périmètre.</Notice>
    </AppShell>
  );
}

/** What the query string asked for and the page could not show as asked (an unknown filter, a page past the end). */
export function QueryNotices({ notices }: { notices: readonly string[] }) {
  if (notices.length === 0) return null;
  return (
    <Notice tone="warning" className="mb-4 text-sm">
      {notices.map((notice) => (
        <p key={notice}>{notice}</p>
      ))}
    </Notice>
  );
}

/** What to say about the page asked for: not a page number, or past the end (then the last page is shown). */
export function pageNotices(asked: { page: number; invalid: string | null }, shown: number): string[] {
  if (asked.invalid !== null) return [`Page « ${asked.invalid} » invalide : la première page est affichée.`];
  return shown === asked.page ? [] : [`La page ${asked.page} n'existe pas : la page ${shown} est affichée.`];
}

type SeekerRow = { seekerId: string; franceTravailId: string; firstName: string; lastName: string };
export type Column<Row, Sort extends string = string> = {
  header: string;
  cell: (row: Row) => React.ReactNode;
  numeric?: boolean;
  nowrap?: boolean;
  /** The sort key of this column, in a sortable table (its header label then comes from the sort spec). */
  sort?: Sort;
};

/** The name of a seeker as the manager's tables show it, a link to their file: « DUPONT Marie ». */
export function SeekerNameLink({ seekerId, firstName, lastName }: { seekerId: string; firstName: string; lastName: string }) {
  return (
    <Link href={agencySeekerHref(seekerId)} className="text-brand-700 underline">
      {lastName.toUpperCase()} {firstName}
    </Link>
  );
}

/** How a table is sorted: its spec, the current sort, the page's address for a sort, and the keys of the fixed columns. */
export type TableSorting<Sort extends string> = {
  spec: SortSpec<Sort>;
  current: TableSort<Sort>;
  href: (sort: TableSort<Sort>) => string;
  identifier?: Sort;
  name?: Sort;
};

/**
 * A drill-down's table: one page of seekers, each row headed by the seeker's name (a link to their file) after their
 * identifier, then `columns`; `empty` when nobody is listed. With `sorting`, the headers of the columns that have a
 * sort key are links that sort the table.
 */
export function SeekerTable<Row extends SeekerRow, Sort extends string = string>({
  label,
  caption,
  columns,
  list,
  empty,
  sorting,
}: {
  label: string;
  caption: string;
  columns: Column<Row, Sort>[];
  list: { rows: Row[]; page: number; pageCount: number };
  empty: string;
  sorting?: TableSorting<Sort>;
}) {
  const cellClass = (column: Column<Row, Sort>) => `px-3 py-2${column.numeric ? " text-right" : ""}${column.nowrap ? " whitespace-nowrap" : ""}`;
  const header = (label: string, sort: Sort | undefined, numeric = false): HeaderColumn =>
    sorting && sort ? sortableColumn(sorting.spec, sorting.current, sort, sorting.href, { numeric }) : { label, numeric };
  return (
    <TableScroller label={label}>
      <table className="w-full text-left text-sm">
        <caption className="px-3 py-2 text-left font-medium">
          {caption}
          {list.pageCount > 1 ? ` — page ${list.page} sur ${list.pageCount}` : ""}
        </caption>
        <TableHead
          columns={[
            header("Identifiant France Travail", sorting?.identifier),
            header("Nom", sorting?.name),
            ...columns.map((column) => header(column.header, column.sort, column.numeric ?? false)),
          ]}
        />
        <tbody>
          {list.rows.map((row) => (
            <tr key={row.seekerId} className="border-t border-slate-100">
              <td className="px-3 py-2 font-mono">{row.franceTravailId}</td>
              <th scope="row" className="px-3 py-2 font-medium">
                <SeekerNameLink seekerId={row.seekerId} firstName={row.firstName} lastName={row.lastName} />
              </th>
              {columns.map((column) => (
                <td key={column.header} className={cellClass(column)}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
          {list.rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length + 2} className="px-3 py-3">
                {empty}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </TableScroller>
  );
}
