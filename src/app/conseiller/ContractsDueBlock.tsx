/**
 * The caseload's contrats d'engagement due within 7 days or overdue (issue 20, docs/rules.md#contrat-dengagement), in
 * an agency on the 2025 offer; nothing otherwise, nor when none is due.
 */
import Link from "next/link";
import type { Actor } from "@/server/auth/policy";
import { caseloadContractsDue } from "@/server/queries/contracts-due";
import { formatCalendarDate } from "@/lib/format";
import { plural } from "@/lib/plural";
import { Notice } from "@/components/Notice";

/** Names shown in the block; the others are counted. */
const SHOWN = 10;

export async function ContractsDueBlock({ actor, now = new Date() }: { actor: Actor; now?: Date }) {
  const due = await caseloadContractsDue(actor, { now });
  if (!due || due.rows.length === 0) return null;
  const summary = [due.overdue > 0 ? plural(due.overdue, "en retard", "en retard") : null, due.dueSoon > 0 ? `${due.dueSoon} à signer sous 7 jours` : null]
    .filter(Boolean)
    .join(", ");
  return (
    <Notice tone="warning" className="mb-4 text-sm">
      <section aria-labelledby="contrats-a-signer">
        <h2 id="contrats-a-signer" className="font-semibold">
          Contrats d&apos;engagement à faire signer : {summary}
        </h2>
        <ul className="mt-1 space-y-1">
          {due.rows.slice(0, SHOWN).map((row) => (
            <li key={row.seekerId}>
              <Link className="inline-flex min-h-11 items-center text-brand-700 underline" href={`/conseiller/demandeurs/${row.seekerId}#contrat-engagement`}>
                {row.firstName} {row.lastName}
              </Link>{" "}
              — à signer au plus tard le {formatCalendarDate(row.dueOn)}
              {row.status === "OVERDUE" ? <strong className="text-red-800"> (en retard)</strong> : null}
              {row.kind === "TRANSITION" ? " (suivi avant le passage à l'offre 2025 : à orienter)" : ""}
            </li>
          ))}
        </ul>
        {due.rows.length > SHOWN ? <p className="mt-1">et {plural(due.rows.length - SHOWN, "autre dossier", "autres dossiers")}.</p> : null}
      </section>
    </Notice>
  );
}
