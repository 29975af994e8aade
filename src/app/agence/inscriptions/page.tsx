import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/components/AppShell";
import { RowsTable } from "@/components/RowsTable";
import { formatShortDateTime } from "@/lib/format";
import { requirePageActor } from "@/server/auth/session";
import { MAX_REGISTRATION_FILE_BYTES } from "@/server/imports/pipeline";
import { importAgencyChoices, registrationImports, type ImportSummary } from "@/server/queries/registration-imports";
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
        <RowsTable
          label="Derniers fichiers d'inscriptions"
          caption="Derniers fichiers d'inscriptions, les plus récents d'abord"
          rows={imports ?? []}
          rowKey={(item) => item.id}
          empty="Aucun fichier importé pour l'instant."
          columns={[
            {
              header: "Fichier",
              cell: (item) => (
                <Link href={`/agence/inscriptions/${item.id}`} className="inline-flex min-h-11 items-center text-brand-700 underline">
                  {item.fileName}
                </Link>
              ),
            },
            { header: "Envoyé le", nowrap: true, cell: (item) => formatShortDateTime(item.createdAt, TIME_ZONE) },
            ...(actor.role === "ADMIN" ? [{ header: "Agence", cell: (item: ImportSummary) => item.agencyName ?? "Toutes" }] : []),
            { header: "État", cell: (item) => STATUS_LABELS[item.status] },
            { header: "Lignes", numeric: true, cell: (item) => (item.rowsTotal ?? item.rowsRead).toLocaleString("fr-FR") },
          ]}
        />
      </section>
    </AppShell>
  );
}
