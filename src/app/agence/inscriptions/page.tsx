import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/components/AppShell";
import { TableScroller } from "@/components/TableScroller";
import { formatShortDateTime } from "@/lib/format";
import { requirePageActor } from "@/server/auth/session";
import { MAX_REGISTRATION_FILE_BYTES } from "@/server/imports/pipeline";
import { importAgencyChoices, registrationImports } from "@/server/queries/registration-imports";
import { BackLink, dashboardHref } from "@/app/agence/list-parts";
import { STATUS_LABELS } from "./labels";
import { UploadForm } from "./UploadForm";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Inscriptions" };

const TIME_ZONE = "Europe/Paris";

export default async function RegistrationImportsPage() {
  const actor = await requirePageActor("registrations:import");
  const [imports, agencies] = await Promise.all([registrationImports(actor), importAgencyChoices(actor)]);
  return (
    <AppShell actor={actor} title="Importer des inscriptions">
      <BackLink href={dashboardHref(actor, null)} />
      <section aria-labelledby="envoyer" className="mb-8">
        <h2 id="envoyer" className="mb-2 text-lg font-semibold">
          Envoyer un fichier
        </h2>
        <p className="mb-3 text-sm text-slate-700">
          Chaque ligne est d&apos;abord lue et classée (nouveau, mis à jour, inchangé, transfert d&apos;agence ou refusé, avec le motif). Vous confirmez ensuite
          l&apos;import de ce que l&apos;aperçu montre. Les nouveaux inscrits rejoignent la file « à diagnostiquer » et reçoivent leur convocation au premier
          entretien.
        </p>
        <UploadForm agencies={agencies} maxMegabytes={MAX_REGISTRATION_FILE_BYTES / 1024 / 1024} />
      </section>
      <section aria-labelledby="imports">
        <h2 id="imports" className="mb-2 text-lg font-semibold">
          Derniers fichiers
        </h2>
        {!imports || imports.length === 0 ? (
          <p>Aucun fichier importé pour l&apos;instant.</p>
        ) : (
          <TableScroller label="Derniers fichiers d'inscriptions">
            <table className="min-w-full text-left text-sm">
              <caption className="sr-only">Derniers fichiers d&apos;inscriptions, les plus récents d&apos;abord</caption>
              <thead>
                <tr className="border-b border-slate-300">
                  <th scope="col" className="py-2 pr-3">
                    Fichier
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    Envoyé le
                  </th>
                  {actor.role === "ADMIN" ? (
                    <th scope="col" className="py-2 pr-3">
                      Agence
                    </th>
                  ) : null}
                  <th scope="col" className="py-2 pr-3">
                    État
                  </th>
                  <th scope="col" className="py-2 pr-3 text-right">
                    Lignes
                  </th>
                </tr>
              </thead>
              <tbody>
                {imports.map((item) => (
                  <tr key={item.id} className="border-b border-slate-200">
                    <td className="py-2 pr-3">
                      <Link href={`/agence/inscriptions/${item.id}`} className="inline-flex min-h-11 items-center text-brand-700 underline">
                        {item.fileName}
                      </Link>
                    </td>
                    <td className="py-2 pr-3 whitespace-nowrap">{formatShortDateTime(item.createdAt, TIME_ZONE)}</td>
                    {actor.role === "ADMIN" ? <td className="py-2 pr-3">{item.agencyName ?? "Toutes"}</td> : null}
                    <td className="py-2 pr-3">{STATUS_LABELS[item.status]}</td>
                    <td className="py-2 pr-3 text-right">{(item.rowsTotal ?? item.rowsRead).toLocaleString("fr-FR")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroller>
        )}
      </section>
    </AppShell>
  );
}
