import Link from "next/link";
import { formatCalendarDate } from "@/lib/format";
import { plural } from "@/lib/plural";
import type { TransitionSummary } from "@/server/queries/offer-transition";

/** The countdown of the move to the 2025 offer and the followed seekers still without a signed contract (issue 20). */
export function TransitionCard({ summary, listHref }: { summary: TransitionSummary; listHref: string }) {
  const { deadline, daysLeft, withoutSignedContract } = summary;
  const countdown =
    daysLeft > 0
      ? `${plural(daysLeft, "jour")} avant le ${formatCalendarDate(deadline)}`
      : daysLeft === 0
        ? `échéance aujourd'hui, ${formatCalendarDate(deadline)}`
        : `échéance dépassée depuis le ${formatCalendarDate(deadline)}`;
  return (
    <div className="text-sm">
      <p>
        Contrats d&apos;engagement à faire signer par les demandeurs déjà suivis : <span className="font-medium">{countdown}</span>.
      </p>
      <p className="mt-1">
        {withoutSignedContract === 0 ? (
          "Tous les demandeurs suivis ont signé leur contrat d'engagement."
        ) : (
          <Link href={listHref} className="inline-flex min-h-11 items-center text-brand-700 underline">
            {plural(withoutSignedContract, "demandeur suivi", "demandeurs suivis")} sans contrat d&apos;engagement signé
          </Link>
        )}
      </p>
    </div>
  );
}
