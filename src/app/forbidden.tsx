import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/components/AppShell";
import { currentActor } from "@/server/auth/session";

export const metadata: Metadata = { title: "Accès refusé" };

/** A page the signed-in person's role does not open (`forbidden()` in requirePageActor): status 403, the site's header. */
export default async function Forbidden() {
  const actor = await currentActor().catch(() => undefined);
  return (
    <AppShell actor={actor} title="Accès refusé">
      <p>Cette page n&apos;est pas accessible avec votre compte.</p>
      <Link href="/" className="mt-4 inline-flex min-h-11 items-center font-medium text-brand-700 underline">
        Revenir à mon espace
      </Link>
    </AppShell>
  );
}
