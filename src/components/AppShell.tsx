import Link from "next/link";
import type { Actor } from "@/server/auth/policy";
import { ROLE_LABELS } from "@/lib/labels";
import { FlashMessage } from "./Flash";
import { SignOutButton } from "./SignOutButton";

const NAVIGATION: Record<Actor["role"], { href: string; label: string }[]> = {
  ADVISOR: [
    { href: "/conseiller", label: "Mon portefeuille" },
    { href: "/conseiller/messages", label: "Messages" },
  ],
  MANAGER: [
    { href: "/agence", label: "Tableau de bord" },
    { href: "/agence/tri", label: "Jours de tri" },
    { href: "/agence/parametres", label: "Paramètres" },
    { href: "/agence/inscriptions", label: "Inscriptions" },
    { href: "/agence/journal", label: "Journal" },
  ],
  ADMIN: [
    { href: "/admin", label: "Agences" },
    { href: "/agence", label: "Tableau de bord" },
    { href: "/agence/inscriptions", label: "Inscriptions" },
  ],
  SEEKER: [{ href: "/mon-espace", label: "Mon espace" }],
  SOCIAL_WORKER: [
    { href: "/travailleur-social", label: "Mes accompagnements" },
    { href: "/travailleur-social/messages", label: "Messages" },
  ],
};

const linkClass = "inline-flex min-h-11 items-center underline-offset-4 hover:underline";

/**
 * The site's header. `actor`: who is signed in (their navigation, name, account, a way out); null: nobody (a link to
 * sign in); undefined: not known, on the error page that cannot ask the database (account and sign-out only).
 */
function SiteHeader({ actor }: { actor?: Actor | null }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-4 py-3">
        <Link href="/" className="text-lg font-bold text-brand-700">
          Modalis
        </Link>
        {actor ? (
          <nav aria-label="Navigation principale" className="order-last flex w-full flex-wrap gap-x-4 text-sm sm:order-none sm:w-auto">
            {NAVIGATION[actor.role].map((item) => (
              <Link key={item.href} href={item.href} className={linkClass}>
                {item.label}
              </Link>
            ))}
          </nav>
        ) : null}
        <div className="flex items-center gap-3 text-sm">
          {actor ? (
            <span>
              <span className="font-medium">
                {actor.firstName} {actor.lastName}
              </span>{" "}
              <span className="text-slate-600">· {ROLE_LABELS[actor.role]}</span>
            </span>
          ) : null}
          {actor === null ? (
            <Link href="/connexion" className={linkClass}>
              Se connecter
            </Link>
          ) : (
            <>
              <Link href="/mon-compte" className={linkClass}>
                Mon compte
              </Link>
              <SignOutButton />
            </>
          )}
        </div>
      </div>
    </header>
  );
}

/** The page frame of every surface, error pages included: the header, then the title, a kept success message, the page. */
export function AppShell({ actor, title, children }: { actor?: Actor | null; title: string; children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#contenu" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
        Aller au contenu
      </a>
      <SiteHeader actor={actor} />
      <main id="contenu" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        <h1 className="mb-4 text-2xl font-bold">{title}</h1>
        <FlashMessage />
        {children}
      </main>
    </div>
  );
}
