import Link from "next/link";
import type { Actor } from "@/server/auth/policy";
import { ROLE_LABELS } from "@/lib/labels";
import { SignOutButton } from "./SignOutButton";

const NAVIGATION: Record<Actor["role"], { href: string; label: string }[]> = {
  ADVISOR: [{ href: "/conseiller", label: "Mon portefeuille" }],
  MANAGER: [
    { href: "/agence", label: "Tableau de bord" },
    { href: "/agence/parametres", label: "Paramètres" },
    { href: "/agence/journal", label: "Journal" },
  ],
  ADMIN: [
    { href: "/admin", label: "Agences" },
    { href: "/agence", label: "Tableau de bord" },
  ],
  SEEKER: [{ href: "/mon-espace", label: "Mon espace" }],
  SOCIAL_WORKER: [{ href: "/travailleur-social", label: "Mes accompagnements" }],
};

/** The page frame of every signed-in surface: who is signed in, where they are, a way out. */
export function AppShell({ actor, title, children }: { actor: Actor; title: string; children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#contenu" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
        Aller au contenu
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-4 py-3">
          <Link href="/" className="text-lg font-bold text-brand-700">
            Modalis
          </Link>
          <nav aria-label="Navigation principale" className="order-last flex w-full flex-wrap gap-x-4 text-sm sm:order-none sm:w-auto">
            {NAVIGATION[actor.role].map((item) => (
              <Link key={item.href} href={item.href} className="inline-flex min-h-11 items-center underline-offset-4 hover:underline">
                {item.label}
              </Link>
            ))}
          </nav>
          <div className="flex items-center gap-3 text-sm">
            <span>
              <span className="font-medium">
                {actor.firstName} {actor.lastName}
              </span>{" "}
              <span className="text-slate-600">· {ROLE_LABELS[actor.role]}</span>
            </span>
            <Link href="/mon-compte" className="inline-flex min-h-11 items-center underline-offset-4 hover:underline">
              Mon compte
            </Link>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="contenu" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        <h1 className="mb-4 text-2xl font-bold">{title}</h1>
        {children}
      </main>
    </div>
  );
}
