import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/components/AppShell";
import { currentActor } from "@/server/auth/session";

export const metadata: Metadata = { title: "Page introuvable" };

/** Status 404 (an unknown address, or `notFound()`: a malformed id, a record out of scope), with the site's header. */
export default async function NotFound() {
  const actor = await currentActor().catch(() => undefined);
  return (
    <AppShell actor={actor} title="Page introuvable">
      <p>Cette page n&apos;existe pas ou n&apos;est pas accessible avec votre compte.</p>
      <Link href="/" className="mt-4 inline-flex min-h-11 items-center font-medium text-brand-700 underline">
        Revenir à mon espace
      </Link>
    </AppShell>
  );
}
