"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Notice } from "@/components/Notice";

/**
 * The upload form: the file goes as the body of POST /agence/inscriptions/envoi (streamed into storage on the server,
 * up to the size limit), then the import's page shows its preview as it is made.
 */
export function UploadForm({ agencies, maxMegabytes }: { agencies: { id: string; name: string }[] | null; maxMegabytes: number }) {
  const router = useRouter();
  const fileId = useId();
  const agencyId = useId();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get("fichier");
    if (!(file instanceof File) || file.size === 0) {
      setError("Choisissez un fichier CSV ou Excel (.xlsx) à envoyer.");
      return;
    }
    if (file.size > maxMegabytes * 1024 * 1024) {
      setError(`Le fichier dépasse la taille maximale de ${maxMegabytes} Mo.`);
      return;
    }
    const agency = form.get("agence");
    setError(null);
    startTransition(async () => {
      try {
        const query = typeof agency === "string" && agency ? `?agence=${encodeURIComponent(agency)}` : "";
        const response = await fetch(`/agence/inscriptions/envoi${query}`, {
          method: "POST",
          headers: { "Content-Type": "application/octet-stream", "X-Modalis-Envoi": "1", "X-Nom-Fichier": encodeURIComponent(file.name) },
          body: file,
        });
        const answer = (await response.json().catch(() => null)) as { importId?: string; error?: string } | null;
        if (!response.ok || !answer?.importId) {
          setError(answer?.error ?? "L'envoi n'a pas abouti. Réessayez.");
          return;
        }
        router.push(`/agence/inscriptions/${answer.importId}`);
      } catch {
        setError("L'envoi n'a pas abouti : la connexion a été interrompue. Réessayez.");
      }
    });
  }

  return (
    <form onSubmit={submit} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" aria-describedby={`${fileId}-aide`}>
      <div>
        <label htmlFor={fileId} className="block font-medium">
          Fichier des inscriptions (CSV ou Excel)
        </label>
        <p id={`${fileId}-aide`} className="text-sm text-slate-700">
          Le fichier exporté par le système national : une ligne par demandeur. Rien n&apos;est importé avant votre confirmation ; {maxMegabytes} Mo au plus.
        </p>
        <input
          id={fileId}
          name="fichier"
          type="file"
          accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          required
          className="mt-2 block w-full text-sm"
        />
      </div>
      {agencies ? (
        <div>
          <label htmlFor={agencyId} className="block font-medium">
            Agence
          </label>
          <select id={agencyId} name="agence" className="mt-1 min-h-11 w-full rounded border border-slate-400 px-2 sm:w-auto" defaultValue="">
            <option value="">Toutes les agences (chaque ligne va à l&apos;agence de sa commune)</option>
            {agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <button type="submit" disabled={pending} className="min-h-11 rounded bg-brand-700 px-4 font-medium text-white disabled:opacity-60">
        {pending ? "Envoi en cours…" : "Envoyer et voir l'aperçu"}
      </button>
      {error ? (
        <Notice tone="error" role="alert">
          {error}
        </Notice>
      ) : null}
    </form>
  );
}
