/** How the seeker is followed, on /mon-espace: the modality in plain words, whom to contact, and the 100 % web choice. */
import type { MySpace } from "@/server/queries/my-space";
import { WEB_ONLY_TEXTS } from "@/lib/seeker-texts";
import { Section } from "@/components/Section";
import { WebOnlyChoice } from "./SeekerSpaceForms";

export function Support({ space }: { space: MySpace }) {
  const { agency, advisor, socialWorker } = space;
  return (
    <Section id="accompagnement" title="Mon accompagnement" large>
      <p className="text-lg font-semibold">{space.modality.title}</p>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {space.modality.lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {advisor ? (
        <div className="mt-4">
          <h3 className="font-semibold">Pour joindre mon conseiller·ère</h3>
          <p>
            {advisor.firstName} {advisor.lastName}, agence France Travail {agency.name}
            {advisor.office ? ` (${advisor.office})` : ""}.
          </p>
          <p>{agency.address}</p>
          {advisor.phone ? (
            <p className="mt-2">
              <a
                href={`tel:${advisor.phone.replace(/\s/g, "")}`}
                className="inline-flex min-h-12 items-center text-lg font-semibold text-brand-700 underline underline-offset-2"
              >
                Appeler le {advisor.phone}
              </a>
            </p>
          ) : null}
        </div>
      ) : null}
      {socialWorker ? (
        <p className="mt-3">
          Votre travailleur·se social·e : {socialWorker.firstName} {socialWorker.lastName}. Il ou elle travaille avec votre conseiller·ère.
        </p>
      ) : null}
    </Section>
  );
}

/** Shown to SUIVI seekers and to whoever is followed 100 % web: what it changes, and the switch when it is open to them. */
export function WebOnly({ space }: { space: MySpace }) {
  const { webOnly } = space;
  if (!webOnly.active && space.seeker.modality !== "SUIVI") return null;
  return (
    <Section id="web" title="Suivi 100 % web" large>
      <p className="font-semibold">{webOnly.active ? WEB_ONLY_TEXTS.on : WEB_ONLY_TEXTS.off}</p>
      {webOnly.active || webOnly.canChoose ? (
        <>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            <li>{WEB_ONLY_TEXTS.what}</li>
            <li>{WEB_ONLY_TEXTS.reviews}</li>
            <li>{WEB_ONLY_TEXTS.stop}</li>
          </ul>
          <div className="mt-3">
            <WebOnlyChoice active={webOnly.active} canChoose={webOnly.canChoose} />
          </div>
        </>
      ) : (
        <p className="mt-2">{webOnly.refusal ?? WEB_ONLY_TEXTS.notPossible}</p>
      )}
    </Section>
  );
}
