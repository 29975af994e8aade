"use client";

import "./globals.css";

/**
 * A failure of the root layout itself (rare: the layout reads nothing): the same French message, with its own html
 * and body and a plain header — not the site's AppShell, whose copy here would be in every page's first load.
 */
export default function GlobalError({ retry }: { error: unknown; retry: () => void; reset: () => void }) {
  return (
    <html lang="fr">
      <body className="min-h-screen bg-slate-50 text-slate-900">
        <header className="border-b border-slate-200 bg-white px-4 py-3">
          {/* A full load on purpose: the root layout failed, client navigation would keep the broken state. */}
          {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
          <a href="/" className="text-lg font-bold text-brand-700">
            Modalis
          </a>
        </header>
        <main className="mx-auto max-w-3xl px-4 py-6">
          <title>Service momentanément indisponible · Modalis</title>
          <h1 className="text-xl font-semibold">Service momentanément indisponible</h1>
          <p className="mt-2">Modalis ne parvient pas à afficher cette page pour le moment. Réessayez dans quelques instants.</p>
          <button type="button" onClick={() => retry()} className="mt-4 min-h-11 rounded-md bg-brand-700 px-4 py-2 font-semibold text-white">
            Réessayer
          </button>
        </main>
      </body>
    </html>
  );
}
