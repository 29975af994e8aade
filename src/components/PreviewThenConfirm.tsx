"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionResult } from "@/server/auth/guard";
import { ActionNotice } from "@/components/Notice";
import { useServerAction } from "@/components/useServerAction";

/**
 * A « preview then confirm » section: « Voir l'aperçu » runs the action as a dry run and shows what it would do; the
 * confirmation (offered when there is something to do) runs it for real, shows what it did and refreshes the page.
 */
export function PreviewThenConfirm<T>({
  id,
  title,
  intro,
  className,
  previewAction,
  confirmAction,
  countOf,
  confirmLabel,
  doneTitle,
  summary,
  previewDetails,
  doneDetails,
  children,
}: {
  /** The heading's id, which names the section. */
  id: string;
  title: string;
  intro: React.ReactNode;
  /** The section's spacing below it. */
  className: string;
  previewAction: () => Promise<ActionResult<T>>;
  confirmAction: () => Promise<ActionResult<T>>;
  /** How many things the confirmation would do, after the preview. */
  countOf: (preview: T) => number;
  confirmLabel: (count: number) => string;
  doneTitle: string;
  summary: (result: T) => React.ReactNode;
  previewDetails?: (preview: T) => React.ReactNode;
  doneDetails?: (done: T) => React.ReactNode;
  /** What the preview is of, when the user chooses it (a form's fields), between the intro and the buttons. */
  children?: React.ReactNode;
}) {
  const router = useRouter();
  const { pending, run, outcome } = useServerAction();
  const [preview, setPreview] = useState<T | null>(null);
  const [done, setDone] = useState<T | null>(null);

  function showPreview() {
    setDone(null);
    run(previewAction, (result) => {
      if (result.ok) setPreview(result.data);
    });
  }

  function confirm() {
    run(confirmAction, (result) => {
      if (!result.ok) return;
      setPreview(null);
      setDone(result.data);
      router.refresh();
    });
  }

  const count = preview ? countOf(preview) : 0;

  return (
    <section aria-labelledby={id} className={`${className} rounded-lg border border-slate-200 bg-white p-4`}>
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      <p className="mt-1 text-sm text-slate-700">{intro}</p>
      {children}
      <div className="mt-3 flex flex-wrap gap-2">
        <button
          type="button"
          onClick={showPreview}
          disabled={pending}
          className="min-h-11 rounded-md border border-brand-700 px-4 py-2 text-sm font-semibold text-brand-900 hover:bg-brand-50 disabled:opacity-60"
        >
          {pending && !preview ? "Calcul…" : "Voir l'aperçu"}
        </button>
        {preview && count > 0 ? (
          <button
            type="button"
            onClick={confirm}
            disabled={pending}
            className="min-h-11 rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-900 disabled:opacity-60"
          >
            {pending ? "Réservation…" : confirmLabel(count)}
          </button>
        ) : null}
      </div>
      <ActionNotice outcome={outcome} />
      <div aria-live="polite">
        {preview ? (
          <div className="mt-3">
            <p className="text-sm font-medium">Aperçu (rien n&apos;est encore réservé) :</p>
            {summary(preview)}
            {count === 0 ? <p className="mt-2 text-sm">Rien à réserver.</p> : null}
            {previewDetails?.(preview)}
          </div>
        ) : null}
        {done ? (
          <div className="mt-3">
            <p className="text-sm font-medium">{doneTitle}</p>
            {summary(done)}
            {doneDetails?.(done)}
          </div>
        ) : null}
      </div>
    </section>
  );
}
