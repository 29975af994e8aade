import Link from "next/link";
import type { Actor } from "@/server/auth/policy";

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
