/**
 * « Qui peut voir mon dossier », on /mon-espace (docs/rules.md#the-tandem-file): who sees what, in plain words — the
 * advisor, the agency's management, and in global support the named social worker with only what the tandem needs.
 */
import type { MySpace } from "@/server/queries/my-space";
import { Section } from "@/components/Section";

export function WhoCanSee({ space }: { space: MySpace }) {
  const { advisor, socialWorker, agency } = space;
  return (
    <Section id="qui-voit" title="Qui peut voir mon dossier" large>
      <ul className="list-disc space-y-2 pl-5">
        <li>
          <strong>{advisor ? `${advisor.firstName} ${advisor.lastName}, votre conseiller·ère` : "Votre conseiller·ère"}</strong> voit tout votre suivi : vos
          entretiens, vos rendez-vous, vos messages et les difficultés que vous avez confiées.
        </li>
        <li>
          <strong>La direction de l&apos;agence {agency.name}</strong> voit votre dossier, mais pas vos difficultés personnelles (santé, famille, logement…).
        </li>
        {socialWorker ? (
          <li>
            <strong>
              {socialWorker.firstName} {socialWorker.lastName}, votre travailleur·se social·e
            </strong>{" "}
            voit seulement : votre identité, vos coordonnées, les difficultés notées par votre conseiller·ère, vos rendez-vous à trois et les notes qu&apos;ils
            s&apos;échangent. Pas le reste de votre dossier.
          </li>
        ) : null}
      </ul>
      {socialWorker ? (
        <p className="mt-3">Chaque fois que votre travailleur·se social·e ouvre votre dossier, c&apos;est noté dans le journal de l&apos;agence.</p>
      ) : null}
    </Section>
  );
}
