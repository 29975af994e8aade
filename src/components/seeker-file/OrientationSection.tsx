import { Section } from "@/components/Section";
import { formatCalendarDate } from "@/lib/format";
import type { SeekerOrientation } from "@/server/queries/orientation-2025";

/**
 * The file's 2025 orientation (docs/rules.md#orientation-2025), in plain French: a proposal waiting for the
 * département with its 6-week deadline, or the decision (who, when, « orienté vers … ») and the contract's due date.
 * Nothing for an agency on the 2014 offer that never oriented anyone under the 2025 rules.
 */
export function OrientationSection({ orientation, children }: { orientation: SeekerOrientation | null; children?: React.ReactNode }) {
  if (!orientation || (orientation.offer === "OFFRE_2014" && orientation.latest === null)) return null;
  const { latest } = orientation;
  return (
    <Section id="orientation-2025" title="Orientation (offre 2025)">
      {latest === null ? (
        <p className="text-sm">Pas encore d&apos;orientation selon les règles de 2025.</p>
      ) : latest.state.kind === "PENDING_DEPARTEMENT" ? (
        <div className="space-y-1 text-sm">
          <p>
            <strong>{latest.state.label}</strong> le {formatCalendarDate(latest.orientedOn)} : {latest.advised.parcoursLabel.toLowerCase()}, suivi par{" "}
            {latest.advised.referentLabel}.
          </p>
          <p>
            La personne touche le RSA : c&apos;est le département qui décide. Décision attendue au plus tard le{" "}
            <strong>{formatCalendarDate(latest.state.dueOn)}</strong> (6 semaines, comptées à partir de la proposition).
          </p>
          {latest.state.overdue ? (
            <p className="font-semibold text-red-800">Le délai de 6 semaines est dépassé : France Travail peut orienter la personne.</p>
          ) : null}
        </div>
      ) : (
        <div className="space-y-1 text-sm">
          <p>
            <strong>{latest.state.label}</strong>, le {formatCalendarDate(latest.state.decidedOn)}.
          </p>
          <ul className="list-inside list-disc">
            <li>{latest.state.decision.parcoursLabel}</li>
            <li>Organisme qui suit la personne : {latest.state.orientedTo}</li>
            {latest.state.decision.intensityLabel ? <li>{latest.state.decision.intensityLabel}</li> : null}
            {latest.state.decision.tandem ? <li>En binôme avec un travailleur social du département</li> : null}
          </ul>
          {latest.state.handedOver ? (
            <p>Le dossier est confié à {latest.state.orientedTo} : il ne fait plus partie des portefeuilles de France Travail.</p>
          ) : null}
          <p>
            Contrat d&apos;engagement à signer au plus tard le <strong>{formatCalendarDate(latest.state.contractDueOn)}</strong>.
          </p>
        </div>
      )}
      {latest?.override ? (
        <p className="mt-2 text-sm text-slate-700">
          Le conseiller ou la conseillère a choisi autrement que la proposition ({latest.proposed.parcoursLabel.toLowerCase()}, {latest.proposed.referentLabel}
          ), avec une justification écrite.
        </p>
      ) : null}
      {children}
    </Section>
  );
}
