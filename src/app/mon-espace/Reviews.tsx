/** The seeker's two mandatory reviews on /mon-espace: each window and where it stands, in plain words. */
import type { MySpace, SpaceReview } from "@/server/queries/my-space";
import { formatDateTime, formatLongDate } from "@/lib/format";
import { formatCalendarDate } from "@/lib/seeker-texts";
import { Section } from "@/components/Section";

function reviewSentence(review: SpaceReview, timeZone: string, zoneWords: string | null): string {
  const planned = review.planned ? `Prévu le ${formatDateTime(new Date(review.planned.startsAt), timeZone)}${zoneWords ? ` (${zoneWords})` : ""}.` : null;
  switch (review.progress) {
    case "DONE":
      return review.doneAt ? `Fait le ${formatLongDate(new Date(review.doneAt), timeZone)}.` : "Fait.";
    case "SCHEDULED":
      return planned ?? "Une date est prévue.";
    case "DUE":
      return planned ?? "C'est le moment de ce bilan. Votre conseiller·ère va vous donner une date.";
    case "NOT_YET":
      return planned ?? "Ce bilan aura lieu pendant cette période. Vous recevrez une date.";
    case "OVERDUE":
      return planned ? `En retard. ${planned}` : "En retard : la période est passée. Contactez votre conseiller·ère pour fixer une date.";
    case "MISSED":
      return "Pas fait. Le bilan du 9e mois le remplace.";
  }
}

export function Reviews({ reviews, agency }: { reviews: SpaceReview[]; agency: MySpace["agency"] }) {
  return (
    <Section id="bilans" title="Mes bilans du 4e et du 9e mois" large>
      <p>
        Tout le monde a deux bilans obligatoires : 4 mois et 9 mois après l&apos;inscription. Vous faites le point avec votre conseiller·ère sur votre recherche
        d&apos;emploi.
      </p>
      <ul className="mt-3 space-y-3">
        {reviews.map((review) => (
          <li key={review.kind} className="rounded-md border border-slate-200 p-3">
            <h3 className="font-semibold">{review.kind === "M4" ? "Bilan du 4e mois" : "Bilan du 9e mois"}</h3>
            <p>
              Période : du {formatCalendarDate(review.window.from)} au {formatCalendarDate(review.window.to)}.
            </p>
            <p className="font-medium">{reviewSentence(review, agency.timeZone, agency.zoneWords)}</p>
          </li>
        ))}
      </ul>
    </Section>
  );
}
