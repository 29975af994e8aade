import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MODALITY_SHORT_LABELS } from "@/domain";
import { requirePageActor } from "@/server/auth/session";
import { campaignQueue } from "@/server/queries/triage-campaigns";
import { AppShell } from "@/components/AppShell";
import { formatShortDate } from "@/lib/format";
import { plural } from "@/lib/plural";
import { parseIdParam } from "@/lib/route-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Jour de tri" };

const dayLabel = (day: string) => formatShortDate(new Date(`${day}T00:00:00Z`));

/** The advisor's share of a campaign: the files left, oldest diagnostic first, then those done. */
export default async function CampaignQueuePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor("campaign:triage");
  const { id } = await params;
  const queue = await campaignQueue(actor, parseIdParam(id));
  if (!queue) notFound();
  const left = queue.files.filter((f) => !f.done);
  const done = queue.files.filter((f) => f.done);
  const href = (seekerId: string) => `/conseiller/diagnostic/${seekerId}?campagne=${queue.campaign.id}`;
  return (
    <AppShell actor={actor} title={`Jour de tri : ${queue.campaign.name}`}>
      <p className="mb-4 text-sm text-slate-700">
        {dayLabel(queue.campaign.day)} · {plural(left.length, "dossier")} à revoir · {plural(done.length, "dossier revu", "dossiers revus")}
      </p>
      {left.length > 0 ? (
        <p className="mb-4">
          <Link href={href(left[0]!.seekerId)} className="inline-flex min-h-11 items-center rounded-md bg-brand-700 px-4 py-2 font-semibold text-white">
            Commencer le tri au clavier
          </Link>
        </p>
      ) : (
        <p className="mb-4">Tous vos dossiers de ce jour de tri sont revus.</p>
      )}
      <section aria-labelledby="a-revoir" className="mb-6">
        <h2 id="a-revoir" className="mb-2 text-lg font-semibold">
          À revoir
        </h2>
        <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {left.map((file) => (
            <li key={file.fileId} className="flex flex-wrap items-center justify-between gap-2 p-3 text-sm">
              <span>
                <Link href={href(file.seekerId)} className="inline-flex min-h-11 items-center font-medium text-brand-700 underline">
                  {file.name}
                </Link>{" "}
                <span className="font-mono">{file.franceTravailId}</span>
              </span>
              <span>
                {MODALITY_SHORT_LABELS[file.modalityBefore]} · dernier diagnostic : {file.lastDiagnosticOn ? dayLabel(file.lastDiagnosticOn) : "aucun"}
              </span>
            </li>
          ))}
        </ol>
      </section>
      {done.length > 0 ? (
        <section aria-labelledby="revus" className="mb-6">
          <h2 id="revus" className="mb-2 text-lg font-semibold">
            Revus
          </h2>
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
            {done.map((file) => (
              <li key={file.fileId} className="p-3 text-sm">
                {file.name} : {MODALITY_SHORT_LABELS[file.modalityBefore]} → {file.modalityAfter ? MODALITY_SHORT_LABELS[file.modalityAfter] : "—"}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </AppShell>
  );
}
