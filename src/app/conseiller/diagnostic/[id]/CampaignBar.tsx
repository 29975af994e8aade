"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { MODALITY_LABELS, type Modality } from "@/domain/modalities";
import { confirmUnchangedAction } from "@/server/actions/triage-campaigns";
import { flash } from "@/components/Flash";
import { ActionNotice } from "@/components/Notice";
import { useServerAction } from "@/components/useServerAction";

/**
 * Above the diagnostic form while walking a triage campaign's share: the campaign, the way back to its queue, and
 * « Confirmer sans changement » (the file counts as done, its modality kept), which then opens the next file.
 */
export function CampaignBar(props: {
  campaignId: string;
  campaignName: string;
  fileId: string | null;
  seekerName: string;
  modality: Modality | null;
  nextHref: string;
}) {
  const router = useRouter();
  const { pending, run, outcome } = useServerAction();
  const button = useRef<HTMLButtonElement>(null);

  // Alt + Entrée: « confirmer sans changement » from anywhere on the page (the form's Entrée confirms the diagnostic).
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (!event.altKey || event.key !== "Enter" || event.shiftKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      button.current?.click();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  function confirmUnchanged() {
    if (!props.fileId || pending) return;
    run(
      () => confirmUnchangedAction({ campaignFileId: props.fileId! }),
      (result) => {
        if (!result.ok) return;
        flash(`${props.seekerName} : ${MODALITY_LABELS[result.data.modality].toLowerCase()} confirmé sans changement.`, props.nextHref.split("?")[0]);
        router.push(props.nextHref);
      },
    );
  }

  return (
    <section aria-label="Jour de tri" className="mb-4 rounded-lg border border-brand-100 bg-brand-50 p-3 text-sm">
      <p>
        Jour de tri « {props.campaignName} » ·{" "}
        <Link href={`/conseiller/tri/${props.campaignId}`} className="inline-flex min-h-11 items-center text-brand-700 underline">
          ma liste de dossiers à revoir
        </Link>
      </p>
      {props.fileId && props.modality ? (
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <span>Modalité actuelle : {MODALITY_LABELS[props.modality].toLowerCase()}.</span>
          <button
            ref={button}
            type="button"
            aria-keyshortcuts="Alt+Enter"
            onClick={confirmUnchanged}
            disabled={pending}
            className="min-h-11 rounded-md border border-brand-700 bg-white px-3 py-2 font-semibold text-brand-900 disabled:opacity-60"
          >
            Confirmer sans changement
          </button>
          <span className="text-xs text-slate-600">Alt + Entrée</span>
        </div>
      ) : (
        <p className="mt-1">Ce dossier est déjà revu.</p>
      )}
      <ActionNotice outcome={outcome} />
    </section>
  );
}
