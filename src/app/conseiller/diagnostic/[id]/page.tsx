import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/server/auth/session";
import { journaledRead } from "@/server/audit";
import { previousAnswersView, triageContext } from "@/server/queries/triage";
import { formatShortDate } from "@/lib/format";
import { AppShell } from "@/components/AppShell";
import { parseIdParam } from "@/lib/route-params";
import { DiagnosticForm } from "./DiagnosticForm";

export const metadata: Metadata = { title: "Entretien de diagnostic" };

export default async function DiagnosticPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor("diagnostic:confirm");
  const { id } = await params;
  const seekerId = parseIdParam(id);
  const context = await journaledRead(
    () => triageContext(actor, seekerId),
    (shown) => previousAnswersView(actor, shown),
  );
  if (!context) notFound();
  const { seeker } = context;
  return (
    <AppShell actor={actor} title="Entretien de diagnostic">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
        <div>
          <p className="text-lg font-semibold">
            {seeker.lastName.toUpperCase()} {seeker.firstName} <span className="font-mono text-sm">{seeker.franceTravailId}</span>
          </p>
          <p className="text-sm text-slate-700">Inscrit·e le {formatShortDate(new Date(seeker.registrationDate))}</p>
        </div>
        <nav aria-label="Parcours de la file" className="flex items-center gap-2 text-sm">
          {context.previousId ? (
            <Link className="min-h-11 rounded-md border px-3 py-2" href={`/conseiller/diagnostic/${context.previousId}`} aria-keyshortcuts="Alt+ArrowLeft">
              ← Précédent
            </Link>
          ) : null}
          {context.position ? (
            <span aria-label={`Dossier ${context.position} sur ${context.queueLength}`}>
              {context.position} / {context.queueLength}
            </span>
          ) : null}
          {context.nextId ? (
            <Link className="min-h-11 rounded-md border px-3 py-2" href={`/conseiller/diagnostic/${context.nextId}`} aria-keyshortcuts="Alt+ArrowRight">
              Suivant →
            </Link>
          ) : null}
        </nav>
      </div>
      <DiagnosticForm
        key={seeker.id}
        seekerId={seeker.id}
        seekerName={`${seeker.firstName} ${seeker.lastName}`}
        actorId={actor.id}
        globalPartnership={context.globalPartnership}
        socialWorkers={context.socialWorkers}
        colleagues={context.colleagues}
        previousId={context.previousId}
        nextId={context.nextId}
        previousAnswers={context.previous?.answers ?? null}
      />
    </AppShell>
  );
}
