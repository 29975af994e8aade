import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/server/auth/session";
import { auditLog } from "@/server/queries/audit-log";
import { timeZoneOf } from "@/domain";
import { formatNumericDateTime } from "@/lib/format";
import { ROLE_LABELS } from "@/lib/labels";
import { firstParam, optionalIdParam, pageParam } from "@/lib/route-params";
import { AppShell } from "@/components/AppShell";
import { BackLink } from "@/app/agence/list-parts";
import { TableScroller } from "@/components/TableScroller";
import { Notice } from "@/components/Notice";
import { Pagination } from "@/components/Pagination";
import { SelectField, TextField } from "@/components/Field";

export const metadata: Metadata = { title: "Journal d'audit" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor("audit:read");
  const params = await searchParams;
  const conseiller = optionalIdParam(params.conseiller);
  const demandeur = firstParam(params.demandeur);
  const agencyId = optionalIdParam(params.agence) ?? actor.agencyId;
  const log = agencyId ? await auditLog(actor, { agencyId, advisorId: conseiller, seeker: demandeur, page: pageParam(params.page).page }) : null;
  if (!log) notFound();
  const zone = timeZoneOf(log.agency.departement);
  const query = (n: number) =>
    `/agence/journal?${new URLSearchParams({ agence: log.agency.id, ...(conseiller ? { conseiller } : {}), ...(demandeur ? { demandeur } : {}), page: String(n) })}`;
  return (
    <AppShell actor={actor} title="Journal d'audit">
      <BackLink href={`/agence?agence=${log.agency.id}`} label={`Retour à l'agence ${log.agency.name}`} />
      <p className="mb-4 text-sm text-slate-700">
        Qui a fait quoi, sur quel dossier et quand (heure locale de l&apos;agence). Le journal ne contient jamais le contenu sensible lui-même (freins, santé,
        réponses au diagnostic) et ne peut pas être modifié.
      </p>
      <form method="get" action="/agence/journal" className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4">
        <input type="hidden" name="agence" value={log.agency.id} />
        <SelectField id="conseiller" name="conseiller" label="Agent" defaultValue={conseiller ?? ""}>
          <option value="">Tous</option>
          {log.staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({ROLE_LABELS[s.role]})
            </option>
          ))}
        </SelectField>
        <TextField id="demandeur" name="demandeur" label="Identifiant du demandeur" defaultValue={demandeur ?? ""} autoComplete="off" />
        <button type="submit" className="min-h-11 rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-900">
          Filtrer
        </button>
      </form>
      {log.unknownSeeker ? (
        <Notice tone="warning" role="alert" className="mb-4">
          Aucun demandeur de l&apos;agence ne porte l&apos;identifiant « {demandeur} ».
        </Notice>
      ) : null}
      <p className="mb-2 text-sm">{log.total.toLocaleString("fr-FR")} évènements</p>
      <TableScroller label="Tableau du journal d'audit">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Évènements du journal d&apos;audit, du plus récent au plus ancien</caption>
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className="px-3 py-2">
                Date
              </th>
              <th scope="col" className="px-3 py-2">
                Qui
              </th>
              <th scope="col" className="px-3 py-2">
                Action
              </th>
              <th scope="col" className="px-3 py-2">
                Détails
              </th>
              <th scope="col" className="px-3 py-2">
                Concerne
              </th>
            </tr>
          </thead>
          <tbody>
            {log.rows.map((row) => (
              <tr key={row.id} className="border-t border-slate-100 align-top">
                <td className="whitespace-nowrap px-3 py-2">{formatNumericDateTime(row.at, zone)}</td>
                <td className="px-3 py-2">
                  {row.actor.name}
                  {row.actor.role ? <span className="block text-xs text-slate-600">{ROLE_LABELS[row.actor.role]}</span> : null}
                </td>
                <td className="px-3 py-2">{row.label}</td>
                <td className="px-3 py-2 text-slate-700">{row.details.length ? row.details.join(" · ") : "—"}</td>
                <td className="px-3 py-2">
                  {row.concerns.length ? (
                    <ul>
                      {row.concerns.map((name) => (
                        <li key={name}>{name}</li>
                      ))}
                    </ul>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroller>
      <Pagination page={log.page} pageCount={log.pageCount} href={query} previous="← Plus récents" next="Plus anciens →" />
    </AppShell>
  );
}
