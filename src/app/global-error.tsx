"use client";

import "./globals.css";

/** A failure of the root layout itself: the same French message, with its own html and body. */
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="fr">
      <body className="min-h-screen bg-slate-50 text-slate-900">
        <main className="mx-auto max-w-md px-4 py-16">
          <title>Service momentanément indisponible · Modalis</title>
          <h1 className="text-xl font-bold">Service momentanément indisponible</h1>
          <p className="mt-2">Modalis ne parvient pas à afficher cette page pour le moment. Réessayez dans quelques instants.</p>
          <button type="button" onClick={reset} className="mt-4 min-h-11 rounded-md bg-brand-700 px-4 py-2 font-semibold text-white">
            Réessayer
          </button>
        </main>
      </body>
    </html>
  );
}
