import type { Metadata } from "next";
import Link from "next/link";
import { requirePageActor } from "@/server/auth/session";
import { listAgencies } from "@/server/queries/agency-loads";
import { AppShell } from "@/components/AppShell";

export const metadata: Metadata = { title: "Agences" };

export default async function AdminPage() {
  const actor = await requirePageActor("admin:read");
  const agencies = await listAgencies(actor);
  return (
    <AppShell actor={actor} title="Agences">
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className="px-3 py-2">Agence</th>
              <th scope="col" className="px-3 py-2">Département</th>
              <th scope="col" className="px-3 py-2">Accompagnement global</th>
              <th scope="col" className="px-3 py-2 text-right">Demandeurs</th>
              <th scope="col" className="px-3 py-2 text-right">Portefeuilles</th>
            </tr>
          </thead>
          <tbody>
            {agencies.map((agency) => (
              <tr key={agency.id} className="border-t border-slate-100">
                <td className="px-3 py-2 font-medium">
                  <Link className="text-brand-700 underline" href={`/agence?agence=${agency.id}`}>
                    {agency.name}
                  </Link>
                </td>
                <td className="px-3 py-2">{agency.departement}</td>
                <td className="px-3 py-2">{agency.globalPartnership ? "Oui" : "Non"}</td>
                <td className="px-3 py-2 text-right">{agency.seekers}</td>
                <td className="px-3 py-2 text-right">{agency.portfolios}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </AppShell>
  );
}
