"use client";

import Link from "next/link";
import { AppShell } from "@/components/AppShell";

/**
 * Any failure while rendering a page (the database unreachable, most often): a French page with the site's header,
 * never a stack. « Réessayer » asks the server for the page again (`retry`: router.refresh() and reset() in a
 * transition), so it recovers once the database is back; reset() alone would re-render what already failed.
 */
export default function ErrorPage({ retry }: { error: unknown; retry: () => void; reset: () => void }) {
  return (
    <AppShell title="Service momentanément indisponible">
      <title>Service momentanément indisponible · Modalis</title>
      <p>
        Modalis ne parvient pas à afficher cette page pour le moment. Aucune modification n&apos;a été enregistrée à moitié : ce que vous aviez validé est
        conservé, le reste ne l&apos;a pas été.
      </p>
      <p className="mt-2">Réessayez dans quelques instants. Si le problème persiste, prévenez l&apos;assistance de votre agence.</p>
      <div className="mt-4 flex flex-wrap gap-4">
        <button type="button" onClick={() => retry()} className="min-h-11 rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900">
          Réessayer
        </button>
        <Link href="/" className="inline-flex min-h-11 items-center font-medium text-brand-700 underline">
          Revenir à l&apos;accueil
        </Link>
      </div>
    </AppShell>
  );
}
