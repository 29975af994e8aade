"use client";

import Link from "next/link";

/** Any failure while rendering a page (the database unreachable, most often): a French page, never a stack. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <title>Service momentanément indisponible · Modalis</title>
      <h1 className="text-xl font-bold">Service momentanément indisponible</h1>
      <p className="mt-2">
        Modalis ne parvient pas à afficher cette page pour le moment. Aucune modification n&apos;a été enregistrée à moitié : ce
        que vous aviez validé est conservé, le reste ne l&apos;a pas été.
      </p>
      <p className="mt-2">Réessayez dans quelques instants. Si le problème persiste, prévenez l&apos;assistance de votre agence.</p>
      <div className="mt-4 flex flex-wrap gap-4">
        <button type="button" onClick={reset} className="min-h-11 rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900">
          Réessayer
        </button>
        <Link href="/" className="inline-flex min-h-11 items-center font-medium text-brand-700 underline">
          Revenir à l&apos;accueil
        </Link>
      </div>
    </main>
  );
}
