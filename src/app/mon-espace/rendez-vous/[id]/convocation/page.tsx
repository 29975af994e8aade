import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/server/auth/session";
import { myConvocation } from "@/server/queries/convocation";
import { AppShell } from "@/components/AppShell";
import { PrintButton } from "@/components/PrintButton";
import { readIdParam } from "@/lib/route-params";

export const metadata: Metadata = { title: "Ma convocation" };
export const dynamic = "force-dynamic";

/** One of the seeker's own planned appointments as a printable convocation: the same text as the convocation e-mail. */
export default async function ConvocationPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor("seeker-space:read");
  const id = readIdParam((await params).id);
  const convocation = id ? await myConvocation(actor, id) : null;
  if (!convocation) notFound();
  return (
    <AppShell actor={actor} title="Ma convocation">
      <article data-printable className="mx-auto max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-5 text-base print:border-0 print:p-0">
        <div data-no-print className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
          <Link href="/mon-espace" className="inline-block py-2 text-brand-700 underline underline-offset-2">
            Retour à mon espace
          </Link>
          <PrintButton>Imprimer ma convocation</PrintButton>
        </div>
        <div className="border-b border-slate-300 pb-3">
          <p className="font-semibold">France Travail — agence {convocation.agency.name}</p>
          <p>{convocation.agency.address}</p>
          <p>Téléphone : {convocation.agency.phone}</p>
        </div>
        <h2 className="text-xl font-bold">{convocation.subject}</h2>
        {convocation.blocks.map((block, index) =>
          block.type === "paragraph" ? (
            <p key={index}>{block.text}</p>
          ) : (
            <div key={index}>
              {block.title ? <p>{block.title}</p> : null}
              <ul className="list-disc pl-6">
                {block.items.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            </div>
          ),
        )}
        <p className="border-t border-slate-300 pt-3 text-sm">
          Pour demander à déplacer ce rendez-vous : connectez-vous à Modalis, « Mon espace », puis « Demander à déplacer ce rendez-vous ».
        </p>
      </article>
    </AppShell>
  );
}
