import Link from "next/link";
import type { Actor } from "@/server/auth/policy";
import { ROLE_LABELS } from "@/lib/labels";
import { SignOutButton } from "./SignOutButton";

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
          <div className="flex items-center gap-3 text-sm">
            <span>
              <span className="font-medium">
                {actor.firstName} {actor.lastName}
              </span>{" "}
              <span className="text-slate-600">· {ROLE_LABELS[actor.role]}</span>
            </span>
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
