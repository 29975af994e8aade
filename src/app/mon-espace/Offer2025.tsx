/**
 * The 2025 offer on /mon-espace (docs/rules.md#seeker-space-2025), for a seeker oriented in an agency on the 2025
 * offer: « Mon parcours », « Mon contrat d'engagement » (read only), « Si je ne peux pas respecter un engagement »
 * (with my breaches and their steps) and « Qui voit mes données ». Short sentences, plain words, one column on a phone.
 */
import { PARCOURS_LABELS, REFERENT_LABELS, type Parcours, type Referent } from "@/domain/offer2025Labels";
import type { MySpace2025 } from "@/server/queries/my-space-2025";
import { Section } from "@/components/Section";
import { formatCalendarDate } from "@/lib/format";

const PARCOURS_WORDS: Record<Parcours, string> = {
  EMPLOI: "Vous êtes accompagné·e pour trouver un emploi.",
  SOCIO_PROFESSIONNEL: "Vous êtes accompagné·e pour trouver un emploi et pour régler des difficultés qui vous freinent (logement, santé, mobilité…).",
  SOCIAL: "Vous êtes d'abord aidé·e à régler des difficultés de vie (logement, santé…), avant de chercher un emploi.",
};

const REFERENT_WORDS: Record<Referent, string> = {
  FRANCE_TRAVAIL: "France Travail",
  MISSION_LOCALE: "la Mission locale (pour les jeunes)",
  CAP_EMPLOI: "Cap emploi (pour les personnes en situation de handicap)",
  CONSEIL_DEPARTEMENTAL: "le conseil départemental (ses services sociaux)",
};

/** The sections' anchors, for the page's « Sur cette page » (after « Mon accompagnement »). */
export const OFFER_2025_ON_THIS_PAGE = [
  ["parcours", "Mon parcours"],
  ["contrat", "Mon contrat d'engagement"],
  ["engagements", "Si je ne peux pas respecter un engagement"],
  ["qui-voit-2025", "Qui voit mes données"],
] as const;

export function Offer2025Sections({ data }: { data: MySpace2025 }) {
  return (
    <>
      <MyParcours data={data} />
      <MyContract data={data} />
      <IfICannot data={data} />
      <WhoSeesMyData data={data} />
    </>
  );
}

function MyParcours({ data }: { data: MySpace2025 }) {
  const { orientation, advisor, socialWorker } = data;
  const { state } = orientation;
  return (
    <Section id="parcours" title="Mon parcours" large>
      {state.kind === "PENDING_DEPARTEMENT" ? (
        <div className="space-y-2">
          <p>Vous touchez le RSA. C&apos;est le département qui décide de votre parcours.</p>
          <p>
            France Travail lui a proposé : <strong>{PARCOURS_LABELS[orientation.advised.parcours].toLowerCase()}</strong>, avec{" "}
            {REFERENT_WORDS[orientation.advised.referent]}.
          </p>
          <p>
            Le département doit décider dans les 6 semaines, au plus tard le <strong>{formatCalendarDate(state.dueOn)}</strong>.
          </p>
        </div>
      ) : (
        <div className="space-y-2">
          <p>
            <strong>{PARCOURS_LABELS[state.decision.parcours]}</strong>. {PARCOURS_WORDS[state.decision.parcours]}
          </p>
          <p>
            Qui vous suit : <strong>{REFERENT_WORDS[state.decision.referent]}</strong>
            {state.decision.referent === "FRANCE_TRAVAIL" && advisor ? `, avec ${advisor.firstName} ${advisor.lastName}, votre conseiller·ère` : ""}.
          </p>
          {state.decision.tandem || socialWorker ? (
            <p>
              Un travailleur social du département vous suit aussi, avec votre conseiller·ère
              {socialWorker ? ` : ${socialWorker.firstName} ${socialWorker.lastName}` : ""}.
            </p>
          ) : null}
          <p>
            Décision {state.decidedBy === "DEPARTEMENT" ? "du département" : "de France Travail"} du {formatCalendarDate(state.decidedOn)}.
          </p>
        </div>
      )}
    </Section>
  );
}

function MyContract({ data }: { data: MySpace2025 }) {
  const { contract, contractDueOn } = data;
  return (
    <Section id="contrat" title="Mon contrat d'engagement" large>
      {contract === null ? (
        <p>
          Vous n&apos;avez pas encore de contrat d&apos;engagement. Vous le préparez avec la personne qui vous suit
          {contractDueOn ? (
            <>
              {" "}
              et le signez au plus tard le <strong>{formatCalendarDate(contractDueOn)}</strong>
            </>
          ) : null}
          .
        </p>
      ) : (
        <div className="space-y-3">
          <p>
            {contract.signedOn ? (
              <>Signé le {formatCalendarDate(contract.signedOn)}.</>
            ) : (
              <>
                Pas encore signé.
                {contractDueOn ? (
                  <>
                    {" "}
                    À signer au plus tard le <strong>{formatCalendarDate(contractDueOn)}</strong>.
                  </>
                ) : null}
              </>
            )}
            {contract.revision > 1 ? ` Version ${contract.revision}.` : ""}
          </p>
          {contract.objectives.length ? (
            <div>
              <h3 className="font-semibold">Mes objectifs</h3>
              <ul className="list-disc pl-5">
                {contract.objectives.map((objective, i) => (
                  <li key={i}>{objective}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {contract.actions.length ? (
            <div>
              <h3 className="font-semibold">Mes actions</h3>
              <ul className="space-y-1">
                {contract.actions.map((action, i) => (
                  <li key={i} className="rounded border border-slate-200 p-2">
                    {action.label}
                    {action.dueOn ? <span className="block text-sm text-slate-700">À faire avant le {formatCalendarDate(action.dueOn)}</span> : null}
                    {action.status ? <span className="block text-sm text-slate-700">État : {action.status}</span> : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {contract.intensityWords ? <p>{contract.intensityWords}</p> : null}
          <p>
            Mon activité chaque semaine : <strong>{contract.weeklyHours}</strong> (démarches, formation, ateliers…).
          </p>
          <div>
            <h3 className="font-semibold">Je m&apos;engage à</h3>
            <p className="whitespace-pre-line">{contract.seekerCommitments || "—"}</p>
          </div>
          <div>
            <h3 className="font-semibold">Mon conseiller·ère s&apos;engage à</h3>
            <p className="whitespace-pre-line">{contract.advisorCommitments || "—"}</p>
          </div>
        </div>
      )}
    </Section>
  );
}

function IfICannot({ data }: { data: MySpace2025 }) {
  const { advisor, breaches, agencyName } = data;
  return (
    <Section id="engagements" title="Si je ne peux pas respecter un engagement" large>
      <div className="space-y-2">
        <p>
          Prévenez vite {advisor ? `${advisor.firstName} ${advisor.lastName}, votre conseiller·ère` : "votre conseiller·ère"}, par message ou à l&apos;agence{" "}
          {agencyName}. Dites pourquoi : santé, enfant, transport… On peut adapter votre contrat.
        </p>
        <p>Si un engagement n&apos;est pas tenu sans raison, voici ce qui se passe :</p>
        <ol className="list-decimal space-y-1 pl-5">
          <li>Votre conseiller·ère note le manquement. Ce n&apos;est pas une sanction.</li>
          <li>Si une sanction est envisagée, vous recevez un courrier.</li>
          <li>Vous avez 10 jours pour répondre par écrit ou demander à être entendu·e.</li>
          <li>France Travail (ou le département si vous touchez le RSA) décide. Souvent, il n&apos;y a pas de suite.</li>
          <li>Si vous reprenez vos démarches, la sanction peut être levée.</li>
        </ol>
      </div>
      {breaches.length ? (
        <div className="mt-4 space-y-3">
          <h3 className="font-semibold">Mes manquements</h3>
          {breaches.map((breach) => (
            <div key={breach.id} className="rounded-md border border-slate-300 p-3">
              <p className="font-medium">
                {breach.obligationLabel}, le {formatCalendarDate(breach.occurredOn)}
              </p>
              <ol className="mt-2 space-y-2">
                {breach.seekerTexts.map((step, i) => (
                  <li key={i} className={step.done ? "" : "text-slate-700"}>
                    <span className="font-medium">
                      {step.done ? "✓ " : "… "}
                      {step.title}
                      {step.date ? ` (${formatCalendarDate(step.date)})` : ""}
                    </span>
                    <span className="block">{step.text}</span>
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </div>
      ) : null}
    </Section>
  );
}

function WhoSeesMyData({ data }: { data: MySpace2025 }) {
  const { advisor, agencyName, handedOverTo, orientation, socialWorker } = data;
  const tandem = orientation.state.kind === "DECIDED" && orientation.state.decision.tandem;
  return (
    <Section id="qui-voit-2025" title="Qui voit mes données" large>
      <ul className="list-disc space-y-2 pl-5">
        {handedOverTo ? (
          <li>
            <strong>{REFERENT_LABELS[handedOverTo]}</strong> vous suit. France Travail lui a transmis la décision d&apos;orientation. Après, France Travail ne
            lui envoie plus d&apos;autres données.
          </li>
        ) : (
          <li>
            <strong>{advisor ? `${advisor.firstName} ${advisor.lastName}, votre conseiller·ère` : "Votre conseiller·ère"}</strong> voit votre parcours, votre
            contrat et vos démarches.
          </li>
        )}
        <li>
          <strong>L&apos;agence {agencyName}</strong> (sa direction) voit votre dossier.
        </li>
        {tandem || socialWorker ? (
          <li>
            <strong>Le travailleur social du département</strong> qui vous suit avec votre conseiller·ère voit ce qui sert à vous accompagner. Personne
            d&apos;autre au département.
          </li>
        ) : (
          <li>Le département ne voit pas votre dossier, sauf s&apos;il décide de votre parcours (RSA).</li>
        )}
        <li>Si vous avez une reconnaissance de travailleur handicapé (RQTH), seule la personne qui vous suit la voit.</li>
        <li>Vos données ne sont pas partagées en masse avec d&apos;autres organismes. Chaque consultation de votre dossier est notée.</li>
      </ul>
    </Section>
  );
}
