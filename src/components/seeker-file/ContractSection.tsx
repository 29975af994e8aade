/**
 * « Contrat d'engagement » of a seeker's file under the 2025 offer (docs/rules.md#contrat-dengagement): the status of
 * the obligation to sign (due date, « en retard »), the current revision (plan d'action, intensity, weekly activity,
 * each side's commitments, signature), the editor of a new revision for those who may, and the history of revisions.
 * Nothing shows in an agency on the 2014 offer.
 */
import type { Actor } from "@/server/auth/policy";
import type { ContractObligation } from "@/domain";
import { seekerContract, type ContractRevisionView } from "@/server/queries/engagement-contract";
import { formatCalendarDate } from "@/lib/format";
import { Section } from "@/components/Section";
import { ContractEditor } from "./ContractEditor";

export async function ContractSection({ actor, seekerId, now }: { actor: Actor; seekerId: string; now: Date }) {
  const contract = await seekerContract(actor, seekerId, { now });
  if (!contract) return null;
  const current = contract.revisions[0] ?? null;
  return (
    <Section id="contrat-engagement" title="Contrat d'engagement">
      {contract.kind === "NOT_APPLICABLE" ? (
        <>
          <p className="text-sm">{contract.reason}</p>
          {contract.obligation ? (
            <p className="mt-1 text-sm">
              Contrat à signer au plus tard le {formatCalendarDate(contract.obligation.dueOn)} (personne suivie avant le passage à l&apos;offre 2025)
              {contract.obligation.status === "OVERDUE" ? <strong className="text-red-800"> — en retard</strong> : null}.
            </p>
          ) : null}
        </>
      ) : (
        <>
          <p className="text-sm" data-testid="contract-status">
            <StatusLine obligation={contract.obligation} />
          </p>
          <p className="text-sm text-slate-700">
            Orientation notifiée le {formatCalendarDate(contract.notifiedOn)} : le contrat est dû un mois plus tard.
            {contract.intensityLabel ? ` Intensité : ${contract.intensityLabel.toLowerCase()}.` : ""}
          </p>
        </>
      )}

      {current ? (
        <RevisionDetails revision={current} title={`Version en cours (version ${current.revision})`} />
      ) : (
        <p className="mt-2 text-sm">Aucun contrat établi pour l&apos;instant.</p>
      )}

      {contract.kind === "OPEN" && contract.mayEdit ? (
        <ContractEditor
          seekerId={seekerId}
          today={contract.today}
          baseRevision={current?.revision ?? null}
          intensityLabel={contract.intensityLabel}
          initial={
            current
              ? {
                  objectives: current.plan.objectives,
                  actions: current.plan.actions,
                  weeklyHours: current.weeklyHours,
                  weeklyHoursReason: current.weeklyHoursReason ?? "",
                  seekerCommitments: current.seekerCommitments,
                  advisorCommitments: current.advisorCommitments,
                }
              : null
          }
        />
      ) : null}

      {contract.revisions.length > 1 ? (
        <details className="mt-3">
          <summary className="cursor-pointer text-sm font-medium">Historique des versions ({contract.revisions.length})</summary>
          <ol className="mt-2 space-y-3">
            {contract.revisions.slice(1).map((revision) => (
              <li key={revision.id}>
                <RevisionDetails revision={revision} title={`Version ${revision.revision}`} />
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </Section>
  );
}

const days = (n: number) => `${n} jour${n > 1 ? "s" : ""}`;

/** « Signé le … », « Contrat à signer au plus tard le … (dans 3 jours) », « En retard : … (2 jours de retard) ». */
function StatusLine({ obligation }: { obligation: ContractObligation }) {
  const due = formatCalendarDate(obligation.dueOn);
  switch (obligation.status) {
    case "SIGNED":
      return <strong>Signé le {formatCalendarDate(obligation.signedOn!)}.</strong>;
    case "OVERDUE":
      return (
        <>
          <strong className="text-red-800">En retard</strong> : contrat à signer au plus tard le {due} ({days(-obligation.daysLeft)} de retard).
        </>
      );
    case "DUE_SOON":
      return (
        <>
          <strong>Contrat à signer bientôt</strong> : au plus tard le {due} ({obligation.daysLeft === 0 ? "aujourd'hui" : `dans ${days(obligation.daysLeft)}`}).
        </>
      );
    case "PENDING":
      return <>Contrat à signer au plus tard le {due}.</>;
  }
}

function RevisionDetails({ revision, title }: { revision: ContractRevisionView; title: string }) {
  return (
    <div className="mt-3 rounded-md border border-slate-200 p-3 text-sm">
      <h3 className="font-semibold">{title}</h3>
      <p className="text-slate-700">
        Enregistrée le {formatCalendarDate(revision.savedOn)} par {revision.authorName} ·{" "}
        {revision.signedOn ? `signée le ${formatCalendarDate(revision.signedOn)}` : "non signée (brouillon)"}
        {revision.earlierOrientation ? " · établie pour une orientation précédente" : ""}
      </p>
      <h4 className="mt-2 font-medium">Objectifs</h4>
      {revision.plan.objectives.length ? (
        <ul className="list-disc pl-5">
          {revision.plan.objectives.map((objective, i) => (
            <li key={i}>{objective}</li>
          ))}
        </ul>
      ) : (
        <p>Aucun objectif.</p>
      )}
      <h4 className="mt-2 font-medium">Actions</h4>
      {revision.plan.actions.length ? (
        <ul className="list-disc pl-5">
          {revision.plan.actions.map((action, i) => (
            <li key={i}>
              {action.label} — pour le {formatCalendarDate(action.dueOn)} · {revision.plan.actionLabels[i]}
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucune action.</p>
      )}
      <dl className="mt-2 grid gap-x-3 gap-y-1 sm:grid-cols-[auto_1fr]">
        <dt className="font-medium">Intensité</dt>
        <dd>{revision.intensityLabel ?? "—"}</dd>
        <dt className="font-medium">Activité par semaine</dt>
        <dd>
          {revision.weeklyLabel}
          {revision.weeklyHoursReason ? ` (${revision.weeklyHoursReason})` : ""}
        </dd>
        <dt className="font-medium">Engagements de la personne</dt>
        <dd className="whitespace-pre-line">{revision.seekerCommitments || "—"}</dd>
        <dt className="font-medium">Engagements de France Travail</dt>
        <dd className="whitespace-pre-line">{revision.advisorCommitments || "—"}</dd>
      </dl>
    </div>
  );
}
