import Link from "next/link";
import type { Actor } from "@/server/auth/policy";
import { AppShell } from "@/components/AppShell";
import { Notice } from "@/components/Notice";
import { TableHead } from "@/components/TableHead";
import { TableScroller } from "@/components/TableScroller";

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
export type Column<Row> = { header: string; cell: (row: Row) => React.ReactNode; numeric?: boolean; nowrap?: boolean };

/**
 * A drill-down's table: one page of seekers, each row headed by the seeker's name after their identifier, then
 * `columns`; `empty` when nobody is listed.
 */
export function SeekerTable<Row extends SeekerRow>({
  label,
  caption,
  columns,
  list,
  empty,
}: {
  label: string;
  caption: string;
  columns: Column<Row>[];
  list: { rows: Row[]; page: number; pageCount: number };
  empty: string;
}) {
  const cellClass = (column: Column<Row>) => `px-3 py-2${column.numeric ? " text-right" : ""}${column.nowrap ? " whitespace-nowrap" : ""}`;
  return (
    <TableScroller label={label}>
      <table className="w-full text-left text-sm">
        <caption className="px-3 py-2 text-left font-medium">
          {caption}
          {list.pageCount > 1 ? ` — page ${list.page} sur ${list.pageCount}` : ""}
        </caption>
        <TableHead columns={["Identifiant France Travail", "Nom", ...columns.map((column) => ({ label: column.header, numeric: column.numeric ?? false }))]} />
        <tbody>
          {list.rows.map((row) => (
            <tr key={row.seekerId} className="border-t border-slate-100">
              <td className="px-3 py-2 font-mono">{row.franceTravailId}</td>
              <th scope="row" className="px-3 py-2 font-medium">
                {row.lastName.toUpperCase()} {row.firstName}
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
