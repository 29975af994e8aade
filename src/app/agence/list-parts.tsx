import Link from "next/link";
import type { Actor } from "@/server/auth/policy";
import { AppShell } from "@/components/AppShell";
import { Notice } from "@/components/Notice";

/** Pieces shared by the manager's drill-down pages (/agence/bilans, /agence/attente). */
export type SearchParams = Record<string, string | string[] | undefined>;

/** The dashboard of the agency in view (an administrator names it; a manager has only theirs). */
export function dashboardHref(actor: Actor, agencyId: string | null) {
  return actor.role === "ADMIN" && agencyId ? `/agence?agence=${encodeURIComponent(agencyId)}` : "/agence";
}

export function BackLink({ href }: { href: string }) {
  return (
    <p className="mb-4">
      <Link href={href} className="inline-flex min-h-11 items-center text-brand-700 underline">
        ← Retour au tableau de bord
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
