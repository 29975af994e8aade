/**
 * « Manquements » in the seeker's file under the 2025 offer (docs/rules.md#breaches-2025): each breach with its state,
 * the 10-day answer deadline and whether it has passed, the history of its steps, and the next step's form for who may
 * record it (the advisor in charge reports, records the notice and the answer; the manager enters the decision; both
 * record the remobilisation). Nothing for an agency on the 2014 offer without breaches, or for whoever may not read them.
 */
import type { Actor } from "@/server/auth/policy";
import { hasPermission } from "@/server/auth/policy";
import { seekerBreaches, type BreachView } from "@/server/queries/breaches";
import { Section } from "@/components/Section";
import { formatCalendarDate } from "@/lib/format";
import { AnswerBreachForm, DecideBreachForm, LiftBreachForm, NotifyBreachForm, ReportBreachForm } from "./BreachForms";

export async function BreachesSection({ actor, seekerId, now }: { actor: Actor; seekerId: string; now: Date }) {
  const data = await seekerBreaches(actor, seekerId, { now });
  if (!data || (data.offer !== "OFFRE_2025" && data.breaches.length === 0)) return null;
  const may = {
    report: hasPermission(actor, "breach:report") && data.offer === "OFFRE_2025",
    decide: hasPermission(actor, "breach:decide"),
    lift: hasPermission(actor, "breach:lift"),
  };
  return (
    <Section id="manquements" title="Manquements (offre 2025)">
      <p className="text-sm text-slate-700">
        Modalis enregistre les étapes ; il ne propose ni n&apos;applique aucune sanction. La décision est prise par le directeur régional de France Travail ou
        par le département (RSA), et saisie par la direction de l&apos;agence.
      </p>
      {data.breaches.length === 0 ? <p className="mt-2 text-sm">Aucun manquement signalé.</p> : null}
      <ul className="mt-2 space-y-3">
        {data.breaches.map((breach) => (
          <BreachItem key={breach.id} breach={breach} today={data.today} may={may} />
        ))}
      </ul>
      {may.report ? <ReportBreachForm seekerId={seekerId} today={data.today} /> : null}
    </Section>
  );
}

function BreachItem({ breach, today, may }: { breach: BreachView; today: string; may: { report: boolean; decide: boolean; lift: boolean } }) {
  const { situation } = breach;
  return (
    <li className="rounded-md border border-slate-200 p-3 text-sm">
      <p className="font-medium">
        {breach.obligationLabel} — le {formatCalendarDate(breach.occurredOn)}
      </p>
      <p>
        <strong>{breach.stateLabel}</strong>
      </p>
      {situation.answerDeadline ? (
        <p className={situation.deadlinePassed && situation.state === "DEADLINE_PASSED" ? "font-semibold text-red-800" : undefined}>
          Délai de réponse : jusqu&apos;au {formatCalendarDate(situation.answerDeadline)} inclus
          {situation.deadlinePassed
            ? " — délai passé."
            : situation.daysLeftToAnswer !== null
              ? ` — ${situation.daysLeftToAnswer === 0 ? "dernier jour aujourd'hui" : `encore ${situation.daysLeftToAnswer} jour${situation.daysLeftToAnswer > 1 ? "s" : ""}`}.`
              : "."}
          {situation.lateAnswer ? " Réponse reçue après le délai." : ""}
        </p>
      ) : null}
      {breach.repeatedUntil ? (
        <p>Une sanction antérieure court encore : un manquement compte comme répété jusqu&apos;au {formatCalendarDate(breach.repeatedUntil)}.</p>
      ) : null}
      <p className="mt-1 text-slate-700">
        Faits : {breach.facts} (signalé par {breach.reportedBy})
      </p>
      {breach.steps.length ? (
        <ol className="mt-1 list-inside list-decimal">
          {breach.steps.map((step) => (
            <li key={step.kind}>
              {formatCalendarDate(step.on)} · {step.label}
              {step.detail ? ` : ${step.detail}` : ""}
              {step.text ? ` — « ${step.text} »` : ""} ({step.author})
            </li>
          ))}
        </ol>
      ) : null}
      {situation.next.includes("NOTIFIED") && may.report ? <NotifyBreachForm breachId={breach.id} today={today} /> : null}
      {situation.next.includes("ANSWERED") && may.report ? <AnswerBreachForm breachId={breach.id} today={today} /> : null}
      {situation.next.includes("DECIDED") && may.decide ? <DecideBreachForm breachId={breach.id} today={today} /> : null}
      {situation.next.includes("LIFTED") && may.lift ? <LiftBreachForm breachId={breach.id} today={today} /> : null}
    </li>
  );
}
