"use client";

import "./globals.css";
import { AppShell } from "@/components/AppShell";

/** A failure of the root layout itself: the same French page and header, with its own html and body. */
export default function GlobalError({ retry }: { error: unknown; retry: () => void; reset: () => void }) {
  return (
    <html lang="fr">
      <body className="min-h-screen bg-slate-50 text-slate-900">
        <AppShell title="Service momentanément indisponible">
          <title>Service momentanément indisponible · Modalis</title>
          <p>Modalis ne parvient pas à afficher cette page pour le moment. Réessayez dans quelques instants.</p>
          <button type="button" onClick={() => retry()} className="mt-4 min-h-11 rounded-md bg-brand-700 px-4 py-2 font-semibold text-white">
            Réessayer
          </button>
        </AppShell>
      </body>
    </html>
  );
}
