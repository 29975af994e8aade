/**
 * The joint diagnostics to book, booked or late (issue 20, docs/rules.md#joint-diagnostic), beside the reviews of the
 * caseload and of /agence/bilans: who, the due date, the appointment, the state, and « Planifier » when nothing is booked.
 */
import Link from "next/link";
import { JOINT_DIAGNOSTIC_STATE_LABELS } from "@/domain";
import { formatShortDate, formatShortDateTime } from "@/lib/format";
import { plural } from "@/lib/plural";
import type { JointDiagnosticRow } from "@/server/queries/joint-diagnostics";
import { TableScroller } from "@/components/TableScroller";
import { PlanJointDiagnosticButton } from "./PlanJointDiagnosticButton";

const STATE_CLASSES: Record<string, string> = {
  LATE: "bg-red-50 text-red-800 border-red-200",
  TO_BOOK: "bg-amber-50 text-amber-900 border-amber-200",
  BOOKED: "bg-emerald-50 text-emerald-800 border-emerald-200",
};

export function JointDiagnosticTable({
  rows,
  timeZone,
  agencyId,
  fileHref,
  showAdvisor,
  canPlan,
}: {
  rows: readonly JointDiagnosticRow[];
  timeZone: string;
  agencyId: string;
  fileHref: (seekerId: string) => string;
  showAdvisor: boolean;
  canPlan: boolean;
}) {
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="diagnostics-conjoints" className="mb-4">
      <h2 id="diagnostics-conjoints" className="mb-1 text-lg font-semibold">
        Diagnostics conjoints ({rows.length.toLocaleString("fr-FR")})
      </h2>
      <p className="mb-2 text-sm text-slate-700">
        Bénéficiaires du RSA en parcours social : un diagnostic avec le département, au plus tard 6 mois après la signature (ou la dernière révision) du contrat
        d&apos;engagement, 12 mois en cas de frein majeur de santé, de logement ou familial.
      </p>
      <TableScroller label="Tableau des diagnostics conjoints">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Diagnostics conjoints à planifier, planifiés ou en retard : {plural(rows.length, "demandeur")}</caption>
          <thead className="bg-slate-50">
            <tr>
              <th scope="col" className="px-3 py-2">
                Demandeur
              </th>
              {showAdvisor ? (
                <th scope="col" className="px-3 py-2">
                  Conseiller·ère
                </th>
              ) : null}
              <th scope="col" className="px-3 py-2">
                À faire au plus tard le
              </th>
              <th scope="col" className="px-3 py-2">
                Rendez-vous
              </th>
              <th scope="col" className="px-3 py-2">
                État
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const name = `${row.firstName} ${row.lastName}`;
              return (
                <tr key={row.seekerId} className="border-t border-slate-200">
                  <td className="px-3 py-2">
                    <Link className="text-brand-700 underline" href={fileHref(row.seekerId)}>
                      {row.lastName} {row.firstName}
                    </Link>
                  </td>
                  {showAdvisor ? <td className="px-3 py-2">{row.advisor?.name ?? "—"}</td> : null}
                  <td className="whitespace-nowrap px-3 py-2">{row.window ? formatShortDate(new Date(row.window.to)) : "—"}</td>
                  <td className="whitespace-nowrap px-3 py-2">
                    {row.bookedAt ? (
                      formatShortDateTime(row.bookedAt, timeZone)
                    ) : canPlan ? (
                      <PlanJointDiagnosticButton agencyId={agencyId} seekerId={row.seekerId} name={name} />
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="px-3 py-2">
                    <span className={`inline-block rounded border px-2 py-0.5 text-xs font-medium ${STATE_CLASSES[row.state] ?? ""}`}>
                      {JOINT_DIAGNOSTIC_STATE_LABELS[row.state]}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroller>
    </section>
  );
}
