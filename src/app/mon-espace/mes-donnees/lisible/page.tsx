import type { Metadata } from "next";
import Link from "next/link";
import { requirePageActor } from "@/server/auth/session";
import { myData } from "@/server/queries/my-data";
import { readableData, type ReadableValue } from "@/lib/readable-data";
import { AppShell } from "@/components/AppShell";
import { PrintButton } from "@/components/PrintButton";

export const metadata: Metadata = { title: "Mes données" };
export const dynamic = "force-dynamic";

function Value({ value }: { value: ReadableValue }) {
  switch (value.type) {
    case "text":
      return <>{value.text}</>;
    case "items":
      return (
        <ol className="mt-1 space-y-2">
          {value.items.map((item, index) => (
            <li key={index} className="rounded-md border border-slate-200 p-2 print:break-inside-avoid">
              <Value value={item} />
            </li>
          ))}
        </ol>
      );
    case "fields":
      return (
        <dl className="grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[minmax(10rem,auto)_1fr]">
          {value.fields.map((field) => (
            <div key={field.key} className="contents">
              <dt className="font-semibold">{field.label}</dt>
              <dd className="mb-1 break-words">
                <Value value={field.value} />
              </dd>
            </div>
          ))}
        </dl>
      );
  }
}

/**
 * Everything Modalis holds about the signed-in seeker, in plain French sections, printable to PDF: the same data as
 * the file /mon-espace/mes-donnees (one function, `myData`), so the two never differ.
 */
export default async function ReadableDataPage() {
  const actor = await requirePageActor("seeker-space:read");
  const exported = await myData(actor);
  if (!exported) {
    return (
      <AppShell actor={actor} title="Mes données">
        <p>Votre dossier n&apos;a pas été trouvé. Contactez votre agence.</p>
      </AppShell>
    );
  }
  const sections = readableData(exported.data as unknown as Record<string, unknown>);
  return (
    <AppShell actor={actor} title="Mes données">
      <div data-printable className="mx-auto max-w-3xl space-y-4 text-base">
        <div data-no-print className="flex flex-col gap-2 sm:flex-row sm:flex-wrap sm:items-center">
          <Link href="/mon-espace#donnees" className="inline-block py-2 text-brand-700 underline underline-offset-2">
            Retour à mon espace
          </Link>
          <PrintButton>Imprimer ou enregistrer en PDF</PrintButton>
          <a href="/mon-espace/mes-donnees" download className="inline-block py-2 text-brand-700 underline underline-offset-2">
            Télécharger mes données (fichier pour un autre logiciel)
          </a>
        </div>
        <p>Voici tout ce que France Travail garde sur vous dans Modalis. Ces informations sont personnelles : gardez-les pour vous.</p>
        {sections.map((section) => (
          <section
            key={section.key}
            aria-labelledby={`donnees-${section.key}`}
            className="rounded-lg border border-slate-200 bg-white p-4 print:break-inside-avoid"
          >
            <h2 id={`donnees-${section.key}`} className="mb-2 text-xl font-semibold">
              {section.title}
            </h2>
            <Value value={section.value} />
          </section>
        ))}
      </div>
    </AppShell>
  );
}
